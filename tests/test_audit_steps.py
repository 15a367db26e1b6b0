"""Incremental findings over many steps: after each batch of documents added, replaced, moved to another
release or removed, the refresh by keys leaves exactly the findings a full recompute gives, and the key
tables it keeps (finding_keys, quote_keys) are those a full indexing of the archive gives."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from extract import audit
from extract.audit import mark_pending, refresh_findings
from extract.store import DocumentRows, failure_rows, open_archive, write_document
from tests.test_audit_incremental import DAYS, _full, _release_text, _rows, _rows_of, _Text


def _key_tables(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """finding_keys by the finding's content (ids differ between refreshes) and quote_keys as stored."""
    findings = sorted(
        conn.execute(
            "SELECT k.key, f.kind, f.fact_ids, f.release_ids FROM finding_keys k JOIN findings f ON f.id = k.id"
        ).fetchall()
    )
    quotes = sorted(conn.execute("SELECT key, id, document FROM quote_keys").fetchall())
    return findings, quotes


def _indexed_afresh(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """What the key tables hold when filled from scratch (in a transaction rolled back afterwards)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        audit._index_keys(conn)
        return _key_tables(conn)
    finally:
        conn.execute("ROLLBACK")


def _step(db: Any, batch: list[DocumentRows]) -> None:
    mark_pending(db, [(r.document["id"], r.document["source"]) for r in batch])
    for rows in batch:
        write_document(db, rows)
    refresh_findings(db)


@pytest.fixture
def by_keys(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every refresh after the first by keys, however large its batch; count the full refreshes."""
    monkeypatch.setattr(audit, "FULL_REFRESH_SHARE", 1e9)
    calls: list[int] = []
    full = audit.refresh_all_findings

    def counted(db: Any) -> int:
        calls.append(1)
        return full(db)

    monkeypatch.setattr(audit, "refresh_all_findings", counted)
    return calls


@pytest.mark.parametrize("scan_share", [0.0, 1e9], ids=["measures-by-scan", "measures-by-index"])
@pytest.mark.parametrize("seed", range(6))
def test_each_step_equals_a_full_recompute(
    tmp_path: Path, seed: int, scan_share: float, by_keys: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "SCAN_SHARE", scan_share)  # the touched measures' figures read either way
    rng = random.Random(1000 + seed)
    db = open_archive(tmp_path / "archive.db")
    stored: dict[str, tuple[_Text, str] | None] = {}  # source -> its text and day (None: unreadable)
    kinds_seen: set[str] = set()
    for step in range(10):
        batch: dict[str, DocumentRows] = {}
        written: dict[str, tuple[_Text, str] | None] = {}
        readable = sorted(s for s, v in stored.items() if v is not None)
        for i in range(rng.randrange(1, 7)):
            op = rng.random() if readable else 0.0
            source = rng.choice(readable) if readable else ""
            if source in batch:
                continue
            if op < 0.4:  # a new release
                source, text, day = f"s{step}-{i}.txt", _release_text(rng), rng.choice(DAYS)
                batch[source] = _rows(text, source, day, sample=int(rng.random() < 0.15))
                written[source] = (text, day)
            elif op < 0.55:  # a new version of a stored file, on another day
                text, day = _release_text(rng), rng.choice(DAYS)
                batch[source] = _rows(text, source, day)
                written[source] = (text, day)
            elif op < 0.7:  # a stored file rewritten as a copy of another release: it moves to that release
                other = rng.choice([s for s in readable if s != source] or [source])
                text, day = stored[other]  # type: ignore[misc]
                batch[source] = _rows(text, source, day, salt=f"moved-{step}")
                written[source] = (text, day)
            elif op < 0.8:  # a stored file that can no longer be read: its facts are removed
                batch[source] = failure_rows(source, f"error-{source}-{step}", f"{source}: unreadable")
                written[source] = None
            else:  # another rendition (PDF) or a later reprint of a stored release
                text, day = stored[source]  # type: ignore[misc]
                reprint = rng.random() < 0.5
                copy = f"{source}.{step}.{'reprint' if reprint else 'pdf'}"
                batch[copy] = _rows(text, copy, rng.choice(DAYS) if reprint else day, fmt="pdf", salt=copy)
                written[copy] = (text, day)
        stored.update(written)
        _step(db, list(batch.values()))
        assert _rows_of(db) == _full(db), f"step {step}"
        assert _key_tables(db.conn) == _indexed_afresh(db.conn), f"step {step}"
        kinds_seen |= {r[0] for r in db.conn.execute("SELECT kind FROM findings")}
    assert by_keys == [1]  # only the first batch, into an empty archive
    assert {"count_decreases", "conflicting_values", "quote_two_speakers"} <= kinds_seen


def test_findings_stored_without_their_keys_are_recomputed_once(tmp_path: Path, by_keys: list[int]) -> None:
    """Key tables never filled (findings of an earlier pressdb): the next refresh recomputes all, then by keys."""
    rng = random.Random(3)
    db = open_archive(tmp_path / "archive.db")
    _step(db, [_rows(_release_text(rng), f"k{i}.txt", DAYS[i % 4]) for i in range(8)])
    assert _key_tables(db.conn)[1], "the releases have quotes to index"
    db.conn.execute("DELETE FROM finding_keys")
    db.conn.execute("DELETE FROM quote_keys")
    db.conn.execute("DELETE FROM archive_info WHERE key = ?", (audit.KEYS_READY,))
    _step(db, [_rows(_release_text(rng), "k-late.txt", DAYS[2])])
    assert by_keys == [1, 1]
    assert _rows_of(db) == _full(db)
    assert _key_tables(db.conn) == _indexed_afresh(db.conn)
    _step(db, [_rows(_release_text(rng), "k-later.txt", DAYS[1])])
    assert by_keys == [1, 1]
    assert _rows_of(db) == _full(db)


def test_prepared_keys_let_the_next_refresh_go_by_keys(tmp_path: Path, by_keys: list[int]) -> None:
    rng = random.Random(4)
    db = open_archive(tmp_path / "archive.db")
    _step(db, [_rows(_release_text(rng), f"p{i}.txt", DAYS[i % 5]) for i in range(8)])
    db.conn.execute("DELETE FROM finding_keys")
    db.conn.execute("DELETE FROM quote_keys")
    db.conn.execute("DELETE FROM archive_info WHERE key = ?", (audit.KEYS_READY,))
    audit.prepare_keys(db.conn)
    assert _key_tables(db.conn) == _indexed_afresh(db.conn)
    _step(db, [_rows(_release_text(rng), "p-late.txt", DAYS[3])])
    assert by_keys == [1]
    assert _rows_of(db) == _full(db)


def test_a_removed_quote_leaves_its_group(tmp_path: Path, by_keys: list[int]) -> None:
    """Two speakers of the same words make a finding; when one release becomes unreadable the finding goes."""
    words = "Vorbeugung gelingt nur gemeinsam mit den Menschen vor Ort in jeder Gemeinde"
    texts = []
    for speaker in ("Lena Brandt", "Tom Weiland"):
        t = _Text()
        t.add(f"»{words}«, sagte {speaker}.", [("quotes", words, {"speaker": speaker, "speaker_role": None})])
        t.speakers.append(speaker)
        t.add(f"Die Runde traf sich in Riesa mit {speaker} zum Gespräch über den Schulweg und die Beleuchtung.")
        texts.append(t)
    db = open_archive(tmp_path / "archive.db")
    _step(db, [_rows(texts[0], "q0.txt", DAYS[0])])
    _step(db, [_rows(texts[1], "q1.txt", DAYS[3])])
    kinds = [r[0] for r in db.conn.execute("SELECT kind FROM findings")]
    assert kinds == ["quote_two_speakers"]
    _step(db, [failure_rows("q1.txt", "error-q1", "q1.txt: unreadable")])
    assert _rows_of(db) == _full(db) == []
    assert _key_tables(db.conn) == _indexed_afresh(db.conn)
    assert by_keys == [1]


@pytest.mark.parametrize("ids", [(), (7,), (1, 22, 333), (2**40, 0, 5)])
def test_row_ids_are_written_as_the_json_encoder_writes_them(ids: tuple[int, ...]) -> None:
    assert audit._ids_json(ids) == audit._json(ids)

"""The bulk writer (extract/writer.py) stores what one transaction per document stores, row for row.

Including what depends on the order of writing: renditions, reprints and the
original arriving after its copy (reprint detection runs against documents of
the open transaction), a file replaced within the transaction, people met
again. The full-text index is whole and the insert trigger back afterwards.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from robustness_factory import archive_content, content_difference, integrity, synth_corpus

from extract.build import process_path
from extract.read import sha256
from extract.store import begin_bulk, end_bulk, open_archive, write_document


def _rows(path: Path) -> Any:
    return process_path(str(path), sha256(path.read_bytes()), None)


@pytest.fixture(scope="module")
def sequence(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """Rows in writing order: releases, a reprint under a later date, an identical copy, a changed file, ..."""
    folder = tmp_path_factory.mktemp("writer")
    paths = synth_corpus(folder / "in", 6, seed=23)
    text = paths[0].read_text(encoding="utf-8")
    day = re.search(r"\d\d\.\d\d\.(\d{4})", text)
    assert day
    reprint = folder / "reprint.txt"  # the same release, printed a year later with a new lead line
    reprint.write_text(text.replace(day.group(0), day.group(0)[:-4] + str(int(day.group(1)) + 1)), "utf-8")
    copy = folder / "copy.txt"  # the same bytes under another name: the same document id
    copy.write_bytes(paths[1].read_bytes())
    changed = folder / "changed.txt"  # first one version, later in the same transaction another
    changed.write_text(paths[2].read_text(encoding="utf-8"), "utf-8")
    first_version = _rows(changed)
    changed.write_text(paths[2].read_text(encoding="utf-8").replace("Prävention", "Vorbeugung"), "utf-8")
    second_version = _rows(changed)
    original_late = folder / "original-late.txt"  # a release that arrives after a shortened copy of it
    long_text = paths[3].read_text(encoding="utf-8")
    cut = folder / "cut.txt"
    cut.write_text(long_text[: int(len(long_text) * 0.7)], "utf-8")
    original_late.write_bytes(paths[3].read_bytes())
    order = [
        _rows(paths[0]),
        first_version,
        _rows(cut),
        _rows(paths[1]),
        _rows(reprint),
        _rows(copy),
        _rows(paths[4]),
        second_version,
        _rows(original_late),
        _rows(paths[5]),
    ]
    return order


def _write(rows: list[Any], db_path: Path, bulk: dict[str, Any] | None) -> Path:
    db = open_archive(db_path)
    if bulk is not None:
        begin_bulk(db, **bulk)
    for r in rows:
        write_document(db, r)
    end_bulk(db)
    db.conn.close()
    return db_path


@pytest.mark.parametrize(
    "bulk",
    [
        {"batch": 500},  # all in one transaction
        {"batch": 3},  # transactions end between a copy and its original
        {"batch": 1},  # one document per transaction, through the bulk path
    ],
)
def test_bulk_writing_stores_the_same_rows(sequence: list[Any], tmp_path: Path, bulk: dict[str, Any]) -> None:
    serial = archive_content(_write(sequence, tmp_path / "serial.db", None))
    db = _write(sequence, tmp_path / "bulk.db", bulk)
    content = archive_content(db)
    assert content_difference(content, serial) == {}
    assert integrity(db) == []
    conn = sqlite3.connect(db)
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"sentences_ai", "sentences_ad"} <= triggers
    indexed = conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'Vorbeugung'").fetchone()[0]
    stored = conn.execute("SELECT count(*) FROM sentences WHERE text LIKE '%Vorbeugung%'").fetchone()[0]
    assert indexed == stored > 0
    roles = {r[0] for r in conn.execute("SELECT release_role FROM documents")}
    assert roles == {"rendition", "reproduction"}  # the reprint (and the cut copy) were found


def test_bulk_commits_leave_the_schema_as_it_was(sequence: list[Any], tmp_path: Path) -> None:
    """A reader that prepares a query on the full-text index while a build commits must not find the schema
    changed under it (SQLite then fails the index's constructor): the writer defers the insert trigger with a
    row no reader sees, it does not drop it and create it again."""
    db_path = tmp_path / "archive.db"
    db = open_archive(db_path)
    reader = sqlite3.connect(db_path)
    before = reader.execute("PRAGMA schema_version").fetchone()[0]
    begin_bulk(db, batch=1)  # a commit after every document
    for r in sequence[:4]:
        write_document(db, r)
        assert db.conn.execute("SELECT count(*) FROM deferred_indexing").fetchone()[0] == 0  # committed
        assert reader.execute("PRAGMA schema_version").fetchone()[0] == before
    end_bulk(db)
    total = reader.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert reader.execute("SELECT count(*) FROM sentences_fts").fetchone()[0] == total > 0
    write_document(db, sequence[6])  # one transaction per document again: the trigger indexes it
    total = reader.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert reader.execute("SELECT count(*) FROM sentences_fts").fetchone()[0] == total
    db.conn.close()
    reader.close()


def test_a_document_that_cannot_be_stored_leaves_the_others(sequence: list[Any], tmp_path: Path) -> None:
    broken = _rows_copy(sequence[3])
    broken.tables["figures"] = [dict(broken.tables["figures"][0], no_such_column=1)]
    db = open_archive(tmp_path / "broken.db")
    begin_bulk(db)
    write_document(db, sequence[0])
    with pytest.raises(sqlite3.OperationalError):
        write_document(db, broken)
    write_document(db, sequence[6])
    end_bulk(db)
    ids = {r[0] for r in db.conn.execute("SELECT id FROM documents")}
    assert ids == {sequence[0].document["id"], sequence[6].document["id"]}
    leftover = db.conn.execute("SELECT count(*) FROM sentences WHERE document_id = ?", (broken.document["id"],))
    assert leftover.fetchone()[0] == 0
    db.conn.close()
    assert integrity(tmp_path / "broken.db") == []


def _rows_copy(rows: Any) -> Any:
    import copy

    return copy.deepcopy(rows)


def _ids(values: list[int]) -> Any:
    import numpy as np

    return np.unique(np.array(values, dtype=np.uint64))


@pytest.mark.parametrize(
    ("a", "others"),
    [
        ([], [[1, 2, 3]]),  # nothing to find in
        ([1, 2, 3], []),  # nothing to compare
        ([5, 9, 1 << 63], [[], [5], [9, 1 << 63, 7], [2, 3, 4]]),  # empty and disjoint ones among them
        # ids that share their low bits (one table slot): the displaced ones are found by the sorted search
        ([7, 7 + (1 << 20), 7 + (2 << 20), 8], [[7 + (2 << 20)], [7, 7 + (1 << 20), 9], [7 + (3 << 20)]]),
        # the number an empty slot holds (its index with the lowest bit flipped) is never taken for an id
        ([0, 2], [[1, 3, 0, 2 + (1 << 40)], [1 << 12, (1 << 12) + 1]]),
        ([2], [[0, 1, 3], [2]]),
    ],
)
def test_shingle_sets_are_compared_exactly(a: list[int], others: list[list[int]]) -> None:
    import numpy as np

    from extract.releases import _common_counts

    mine = _ids(a)
    theirs = [_ids(o) for o in others]
    expected = [len(np.intersect1d(mine, o)) for o in theirs]
    assert _common_counts(mine, theirs) == expected


def test_random_shingle_sets_are_compared_exactly() -> None:
    import numpy as np

    from extract.releases import _common_counts

    rng = np.random.default_rng(7)
    pool = np.unique(rng.integers(0, 2**63, 5000, dtype=np.int64).astype(np.uint64) * np.uint64(3))
    for size in (1, 40, 500, 3000):
        mine = np.unique(rng.choice(pool, size))
        theirs = [np.unique(rng.choice(pool, int(n))) for n in rng.integers(0, 2000, 30)]
        expected = [len(np.intersect1d(mine, o)) for o in theirs]
        assert _common_counts(mine, theirs) == expected


def test_a_signature_carries_the_exact_shingle_set() -> None:
    import numpy as np

    from extract import releases

    text = " ".join(f"Wort{i % 97} Satz{i % 13}" for i in range(400))
    sig = releases.signature(text)
    assert sig is not None
    assert np.array_equal(releases.signature_ids(sig, ""), releases.shingle_ids(text))
    bare = releases.Signature(sig.shingles, sig.minhash, sig.buckets)  # rows from before: computed on demand
    assert np.array_equal(releases.signature_ids(bare, text), releases.shingle_ids(text))


def test_a_release_row_is_what_refreshing_it_computes(sequence: list[Any], tmp_path: Path) -> None:
    """A document that founds a release gets the row at once that ``refresh_release`` would compute for it."""
    from extract import releases

    db = open_archive(tmp_path / "releases.db")
    begin_bulk(db, batch=4)
    for r in sequence:
        write_document(db, r)
    end_bulk(db)
    conn = db.conn
    stored = conn.execute("SELECT * FROM releases ORDER BY id").fetchall()
    assert len(stored) >= 5
    conn.execute("BEGIN")
    for (release_id,) in conn.execute("SELECT id FROM releases").fetchall():
        releases.refresh_release(conn, release_id)
    assert conn.execute("SELECT * FROM releases ORDER BY id").fetchall() == stored
    conn.execute("ROLLBACK")
    conn.close()


def test_the_load_cache_is_given_back(sequence: list[Any], tmp_path: Path) -> None:
    from extract.writer import CACHE_KIB

    db = open_archive(tmp_path / "cache.db")
    before = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    begin_bulk(db)
    assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    write_document(db, sequence[0])
    end_bulk(db)
    assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == before
    db.conn.close()


def test_documents_written_are_compared_later_without_reading_their_text(
    sequence: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer keeps the shingle ids that came with each signature; the texts are read only for older documents."""
    from extract import releases

    monkeypatch.setattr(releases, "_STORED", type(releases._STORED)())
    read: list[str] = []
    comparing: list[bool] = []
    shingle_ids, compare = releases.shingle_ids, releases.compare

    def counted(text: str) -> Any:
        if not comparing:  # compare() reads both texts on purpose (an original arriving after its copy)
            read.append(text)
        return shingle_ids(text)

    def comparing_texts(new: str, old: str) -> Any:
        comparing.append(True)
        try:
            return compare(new, old)
        finally:
            comparing.pop()

    monkeypatch.setattr(releases, "shingle_ids", counted)
    monkeypatch.setattr(releases, "compare", comparing_texts)
    _write(sequence, tmp_path / "ids.db", {"batch": 500})
    assert read == []
    assert len(releases._STORED) == len({r.document["id"] for r in sequence if r.signature})

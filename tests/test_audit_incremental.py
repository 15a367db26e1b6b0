"""Incremental findings: after documents are added, replaced or removed, refreshing only the keys they touch
gives exactly the findings a full refresh gives; a killed build leaves its keys for the next one."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from extract import audit
from extract import build as build_module
from extract.audit import (
    FINDINGS_STALE,
    find_all,
    findings_stale,
    mark_pending,
    refresh_all_findings,
    refresh_findings,
)
from extract.registry import person_key
from extract.store import DocumentRows, open_archive, stem_text, write_document
from tests.robustness_factory import synth_corpus

ADVISED = "beirat:kommune:beraten"
SIGNED = "beirat:vereinbarung:geschlossen"
PER_YEAR = "beirat:projekt:zeitraum-2022"
QUOTES = (
    "Sicherheit entsteht dort, wo Menschen einander kennen und vertrauen",
    "Wir bauen auf die Erfahrung der Kommunen und ihrer Ordnungsämter",
    "Jede neue Vereinbarung macht das Netz der Vorbeugung dichter",
)
SPEAKERS = ("Jana Feldmann", "Ole Birkner", "Rita Sommerfeld", "Feldmann")
TOWNS = ("Pirna", "Riesa", "Meerane", "Torgau", "Freiberg", "Plauen")
# Invented filler words: they make each release's text its own (a release is compared with others by its text).
FILLER = (
    "Ausschuss Beratung Vorbeugung Nachbarschaft Quartier Streife Hinweis Gespräch Einsatz Zentrum Netzwerk "
    "Bürgerschaft Jugend Verkehr Umfeld Konzept Planung Dialog Sprechstunde Begehung Beleuchtung Wegweiser "
    "Schulweg Spielplatz Marktplatz Bahnhof Abend Woche Monat Treffen Runde Bericht Auswertung Kreis Stadtteil"
).split()


class _Text:
    """A release's text, sentence by sentence, with the facts each sentence states at their offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.sentences: list[tuple[int, int]] = []
        self.facts: dict[str, list[dict[str, Any]]] = {"figures": [], "ordinals": [], "quotes": []}
        self.speakers: list[str] = []

    def add(self, sentence: str, facts: list[tuple[str, str, dict[str, Any]]] = ()) -> None:  # type: ignore[assignment]
        start = len(self.text) + (1 if self.text else 0)
        self.text += (" " if self.text else "") + sentence
        self.sentences.append((start, start + len(sentence)))
        for table, fragment, values in facts:
            at = start + sentence.index(fragment)
            self.facts[table].append(
                dict(
                    values,
                    sentence_n=len(self.sentences) - 1,
                    text=fragment,
                    char_start=at,
                    char_end=at + len(fragment),
                    raw_start=at,
                    raw_end=at + len(fragment),
                    page=None,
                    x0=None,
                    top=None,
                    x1=None,
                    bottom=None,
                    rule="test",
                )
            )


def _figure(
    value: float, unit: str, measure: str, predicate: str | None, qualifier: str | None = None
) -> dict[str, Any]:
    return {
        "value": value,
        "value_max": None,
        "unit": unit,
        "lemma": None,
        "predicate": predicate,
        "programme": "Beirat",
        "measure": measure,
        "qualifier": qualifier,
        "as_of": None,
    }


def _release_text(rng: random.Random) -> _Text:
    t = _Text()
    town = rng.choice(TOWNS)
    n = rng.choice((40, 44, 50, 52, 60))
    qualifier = rng.choice(("bereits", "inzwischen", "rund", None))
    said = f"{qualifier} {n}" if qualifier else f"{n}"
    # A sentence many releases reuse with their own number: boilerplate, stale when another release said more.
    t.add(
        f"Der Beirat für Sicherheit hat {said} Kommunen zu Fragen der Vorbeugung im Alltag beraten.",
        [("figures", f"{n} Kommunen", _figure(n, "Kommunen", ADVISED, "beraten", qualifier))],
    )
    if rng.random() < 0.6:
        total, part = rng.choice(((12, 7), (12, 9), (15, 5))), rng.choice((3, 6, 8))
        t.add(
            f"Seit dem Start wurden {total[0]} Vereinbarungen geschlossen, davon {total[1]} mit Städten und "
            f"{part} mit Gemeinden.",
            [
                (
                    "figures",
                    f"{total[0]} Vereinbarungen",
                    _figure(total[0], "Vereinbarungen", SIGNED, "geschlossen", None),
                ),
                ("figures", f"{total[1]} mit Städten", _figure(total[1], "Vereinbarungen", SIGNED, None, None)),
                ("figures", f"{part} mit Gemeinden", _figure(part, "Vereinbarungen", SIGNED, None, None)),
            ],
        )
    if rng.random() < 0.5:
        k = rng.choice((10, 13, 16))
        t.add(
            f"Mit {town} unterschrieb die {k}. Kommune eine Vereinbarung.",
            [("ordinals", f"{k}. Kommune", {"value": k, "orders": "Kommune", "scope": None, "measure": SIGNED})],
        )
    if rng.random() < 0.5:
        m = rng.choice((3, 4, 7))
        t.add(
            f"Im Jahr 2022 kamen {m} Projekte dazu.",
            [("figures", f"{m} Projekte", _figure(m, "Projekte", PER_YEAR, "gefördert", None))],
        )
    if rng.random() < 0.6:
        words, speaker = rng.choice(QUOTES), rng.choice(SPEAKERS)
        t.add(f"»{words}«, sagte {speaker}.", [("quotes", words, {"speaker": speaker, "speaker_role": None})])
        t.speakers.append(speaker)
    t.add(" ".join(rng.choice(FILLER) for _ in range(40)) + ".")
    return t


def _rows(t: _Text, source: str, day: str, fmt: str = "text", sample: int = 0, salt: str = "") -> DocumentRows:
    sentences = [
        {
            "n": i,
            "char_start": s,
            "char_end": e,
            "page": None,
            "text": t.text[s:e],
            "text_stemmed": stem_text(t.text[s:e]),
        }
        for i, (s, e) in enumerate(t.sentences)
    ]
    document = {
        "id": hashlib.sha256((source + day + t.text + salt).encode()).hexdigest(),
        "source": source,
        "filename": Path(source).name,
        "format": fmt,
        "release_date": day,
        "year": int(day[:4]),
        "title": f"Meldung {Path(source).stem}",
        "text": t.text,
        "raw_text": t.text,
        "sample": sample,
    }
    keys = [(person_key(s) or s, s, s.split()[-1]) for s in t.speakers]
    return DocumentRows(document=document, tables={"sentences": sentences, **t.facts}, quote_keys=keys)


def _rows_of(db: Any) -> list[tuple[Any, ...]]:
    conn = db.conn if hasattr(db, "conn") else db
    return sorted(
        (tuple(r) for r in conn.execute(f"SELECT {audit._FINDING_COLUMNS} FROM findings")),
        key=repr,
    )


def _full(db: Any) -> list[tuple[Any, ...]]:
    return sorted((audit._finding_row(f) for f in find_all(db)), key=repr)


def _write(db: Any, batch: list[DocumentRows]) -> None:
    """What a build does: record the documents, write them, refresh the findings."""
    mark_pending(db, [(r.document["id"], r.document["source"]) for r in batch])
    for rows in batch:
        write_document(db, rows)
    assert findings_stale(db)
    refresh_findings(db)
    assert not findings_stale(db)
    assert db.conn.execute("SELECT count(*) FROM findings_pending").fetchone()[0] == 0


@pytest.fixture
def full_refreshes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Keys however large a batch is (an empty archive still gets a full refresh); count the full refreshes."""
    monkeypatch.setattr(audit, "FULL_REFRESH_SHARE", 1e9)
    calls: list[int] = []

    def counted(db: Any) -> int:
        calls.append(1)
        return refresh_all_findings(db)

    monkeypatch.setattr(audit, "refresh_all_findings", counted)
    return calls


DAYS = [f"2022-03-{d:02d}" for d in range(1, 15)]


def test_a_text_rendition_that_becomes_canonical_moves_the_findings(tmp_path: Path, full_refreshes: list[int]) -> None:
    rng = random.Random(5)
    db = open_archive(tmp_path / "archive.db")
    texts = [_release_text(rng) for _ in range(6)]
    _write(db, [_rows(t, f"p{i}.pdf", DAYS[i % 3], fmt="pdf") for i, t in enumerate(texts)])
    before = _rows_of(db)
    # The text rendition of each release: text ranks before PDF, so it becomes the canonical document.
    _write(db, [_rows(t, f"p{i}.txt", DAYS[i % 3], salt="text") for i, t in enumerate(texts)])
    assert _rows_of(db) == _full(db)
    assert before and _rows_of(db) != before  # the findings now quote the text renditions


def test_keys_recorded_before_a_killed_write_are_refreshed_by_the_next_run(
    tmp_path: Path, full_refreshes: list[int]
) -> None:
    rng = random.Random(3)
    db = open_archive(tmp_path / "archive.db")
    _write(db, [_rows(_release_text(rng), f"a{i}.txt", rng.choice(DAYS)) for i in range(6)])
    batch = [_rows(_release_text(rng), f"a{i}.txt", rng.choice(DAYS)) for i in (1, 2)]  # replacements
    batch += [_rows(_release_text(rng), f"b{i}.txt", rng.choice(DAYS)) for i in range(3)]
    mark_pending(db, [(r.document["id"], r.document["source"]) for r in batch])
    for rows in batch[:3]:  # killed after three of five documents, before the findings
        write_document(db, rows)
    assert findings_stale(db)
    # The next run writes the rest (recording them too) and refreshes what both runs touched.
    _write(db, batch[3:])
    assert _rows_of(db) == _full(db)


def test_the_marker_without_keys_asks_for_a_full_refresh(tmp_path: Path) -> None:
    rng = random.Random(4)
    db = open_archive(tmp_path / "archive.db")
    for i in range(6):
        write_document(db, _rows(_release_text(rng), f"c{i}.txt", rng.choice(DAYS)))
    refresh_all_findings(db)
    db.conn.execute("DELETE FROM findings")
    # An earlier pressdb's marker: no key recorded with it.
    db.conn.execute("INSERT INTO archive_info (key, value) VALUES (?, '1')", (FINDINGS_STALE,))
    mark_pending(db, [(hashlib.sha256(b"x").hexdigest(), "new.txt")])
    assert db.conn.execute("SELECT count(*) FROM findings_pending").fetchone()[0] == 0  # stays a full refresh
    refresh_findings(db)
    assert _rows_of(db) == _full(db) != []


def test_a_batch_larger_than_the_share_records_no_keys(tmp_path: Path) -> None:
    rng = random.Random(6)
    db = open_archive(tmp_path / "archive.db")
    batch = [_rows(_release_text(rng), f"d{i}.txt", rng.choice(DAYS)) for i in range(4)]
    mark_pending(db, [(r.document["id"], r.document["source"]) for r in batch])  # into an empty archive
    assert findings_stale(db)
    assert db.conn.execute("SELECT count(*) FROM findings_pending").fetchone()[0] == 0


def test_unchanged_findings_keep_their_ids(tmp_path: Path, full_refreshes: list[int]) -> None:
    rng = random.Random(7)
    db = open_archive(tmp_path / "archive.db")
    _write(db, [_rows(_release_text(rng), f"e{i}.txt", DAYS[i]) for i in range(8)])
    ids = {r[0]: r[1:] for r in db.conn.execute("SELECT id, kind, measure, explanation FROM findings")}
    # A release on another day, with nothing to compare: no finding changes.
    quiet = _Text()
    quiet.add("Der Beirat tagte am Abend im Rathaus von Riesa und sprach über den Schulweg.")
    quiet.add(" ".join(rng.choice(FILLER) for _ in range(40)) + ".")
    _write(db, [_rows(quiet, "quiet.txt", "2022-05-01")])
    assert {r[0]: r[1:] for r in db.conn.execute("SELECT id, kind, measure, explanation FROM findings")} == ids


# ---------------------------------------------------------------- whole builds


def _findings(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return _rows_of(conn)
    finally:
        conn.close()


def _full_of(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return _full(conn)
    finally:
        conn.close()


class _Killed(BaseException):
    """Stands for SIGKILL at one exact moment."""


def test_builds_that_add_replace_and_remove_refresh_by_keys(tmp_path: Path, full_refreshes: list[int]) -> None:
    paths = synth_corpus(tmp_path / "in", 10, seed=21)
    db = tmp_path / "archive.db"
    build_module.build([str(p) for p in paths[:7]], db, jobs=1)
    assert full_refreshes == [1]  # the first build: nothing to refresh by keys
    assert _findings(db) == _full_of(db) != []
    build_module.build([str(p) for p in paths], db, jobs=1)  # three added
    assert _findings(db) == _full_of(db)
    # One file rewritten as a copy of another release (replaced), one made unreadable (its facts removed).
    paths[0].write_bytes(paths[8].read_bytes().replace(b"\n\n", b"\n\n\n", 1))
    paths[1].write_bytes(b"")
    result = build_module.build([str(p) for p in paths], db, jobs=1)
    assert (result.replaced, result.failed) == (1, 1)
    assert _findings(db) == _full_of(db)
    assert full_refreshes == [1]


def test_a_build_killed_during_the_load_leaves_its_keys(tmp_path: Path, full_refreshes: list[int]) -> None:
    paths = synth_corpus(tmp_path / "in", 9, seed=23)
    db = tmp_path / "archive.db"
    build_module.build([str(p) for p in paths[:5]], db, jobs=1)
    written: list[str] = []
    real = build_module.write_document

    def dies(db_: Any, rows: DocumentRows) -> None:
        if len(written) == 2:
            raise _Killed
        written.append(rows.document["id"])
        real(db_, rows)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "write_document", dies)
        with pytest.raises(_Killed):
            build_module.build([str(p) for p in paths], db, jobs=1)
    assert findings_stale(db)
    build_module.build([str(p) for p in paths], db, jobs=1)
    assert not findings_stale(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 9
    conn.close()
    assert _findings(db) == _full_of(db) != []
    assert full_refreshes == [1]


# ---------------------------------------------------------------- conflicting values without the square


def _statement(i: int, rng: random.Random) -> audit._Fig:
    day = f"2022-03-{rng.randrange(1, 20):02d}"
    return audit._Fig(
        id=i,
        document_id=f"{rng.randrange(40):04d}",
        release_id=rng.randrange(25),
        measure=ADVISED,
        value=float(rng.choice((40, 41, 44, 50, 52))),
        value_max=rng.choice((None, None, None, 53.0)),
        unit="Kommunen",
        lemma=None,
        predicate="beraten",
        qualifier=rng.choice((None, None, "rund", "über", "bis zu", "bereits")),
        day=day,
        release_date=day,
        release_title=None,
        source="x",
        sentence="",
        sentence_id=None,
        start=i,
        end=i + 1,
    )


@pytest.mark.parametrize("seed", range(40))
def test_conflicting_pairs_are_those_of_the_pairwise_definition(seed: int) -> None:
    rng = random.Random(seed)
    statements = [_statement(i, rng) for i in range(rng.randrange(0, 120))]
    dated = sorted(statements, key=lambda f: (f.day, f.document_id))
    fast = [(a.id, b.id) for a, b in audit.conflicting_pairs(dated)]
    naive = [(a.id, b.id) for a, b in audit.conflicting_pairs_naive(dated)]
    assert sorted(fast) == sorted(naive)
    assert len(set(fast)) == len(fast)


def test_conflicting_pairs_on_a_day_with_many_reprints() -> None:
    """A hundred releases of one day that say 40 and a hundred that say 44: one finding, found at once."""
    rng = random.Random(1)
    statements = []
    for i in range(200):
        f = _statement(i, rng)
        statements.append(
            audit._Fig(
                **{
                    **{k: getattr(f, k) for k in f.__slots__},
                    "day": "2022-03-02",
                    "release_id": i,
                    "value": 40.0 if i % 2 else 44.0,
                    "value_max": None,
                    "qualifier": None,
                }
            )
        )
    dated = sorted(statements, key=lambda f: (f.day, f.document_id))
    assert [(a.id, b.id) for a, b in audit.conflicting_pairs(dated)] == [
        (a.id, b.id) for a, b in audit.conflicting_pairs_naive(dated)
    ]
    assert len(list(audit.conflicting_pairs(dated))) == 1


# ---------------------------------------------------------------- a history refreshed from its first changed day


def _day(n: int) -> str:
    return (date(2022, 1, 1) + timedelta(days=n)).isoformat()


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every changed history recomputed from its first changed day, however much of it that is (the share
    that decides it otherwise is for speed only); the (measure, day) of each such refresh."""
    monkeypatch.setattr(audit, "WINDOW_SHARE", 1.0)
    calls: list[tuple[str, str]] = []
    real = audit._found_since

    def counted(conn: Any, measure: str, since: str) -> Any:
        calls.append((measure, since))
        return real(conn, measure, since)

    monkeypatch.setattr(audit, "_found_since", counted)
    return calls


@pytest.mark.parametrize("seed", range(8))
def test_a_history_refreshed_from_its_first_changed_day_gives_the_full_findings(
    tmp_path: Path, full_refreshes: list[int], windows: list[tuple[str, str]], seed: int
) -> None:
    """Releases appended to the end of the histories, put in between, replaced, joined by a rendition, and
    the project's samples: after each build the findings are those of a full refresh."""
    rng = random.Random(seed)
    db = open_archive(tmp_path / "archive.db")
    texts = {f"r{i}.txt": _release_text(rng) for i in range(16)}
    days = {source: _day(rng.randint(0, 40)) for source in texts}
    _write(db, [_rows(t, s, days[s]) for s, t in texts.items()])
    kinds = {r[0] for r in db.conn.execute("SELECT DISTINCT kind FROM findings")}
    assert {"count_decreases", "conflicting_values", "stale_boilerplate"} <= kinds  # what the steps change
    steps = [
        [_rows(_release_text(rng), f"late{i}.txt", _day(41 + rng.randint(0, 6))) for i in range(3)],  # appended
        [_rows(_release_text(rng), f"mid{i}.txt", _day(rng.randint(15, 30))) for i in range(2)],  # in between
        [_rows(_release_text(rng), "r3.txt", days["r3.txt"])],  # a release replaced by another text
        [_rows(texts["r5.txt"], "r5.pdf", days["r5.txt"], fmt="pdf")],  # a rendition joins a release
        [_rows(_release_text(rng), f"s{i}.txt", _day(rng.randint(30, 50)), sample=1) for i in range(3)],
        [_rows(_release_text(rng), "late0.txt", _day(60))],  # the newest moved further on
    ]
    for batch in steps:
        before = len(windows)
        _write(db, batch)
        assert _rows_of(db) == _full(db)
        assert len(windows) > before  # by window, not by the whole history
    assert full_refreshes == [1]


def test_a_statistic_that_becomes_a_running_total_is_recomputed_whole(
    tmp_path: Path, full_refreshes: list[int], windows: list[tuple[str, str]]
) -> None:
    """count_decreases compares only counts worded as running totals: the first such statement, however late,
    changes the findings of the whole history, which is recomputed from its first day."""
    measure = "beirat:sitzung:gezählt"

    def release(n: int, qualifier: str | None) -> _Text:
        t = _Text()
        said = f"{qualifier} {n}" if qualifier else f"{n}"
        t.add(
            f"Der Beirat zählte {said} Sitzungen im Rathaus.",
            [("figures", f"{n} Sitzungen", _figure(n, "Sitzungen", measure, "gezählt", qualifier))],
        )
        t.add(" ".join(rng.choice(FILLER) for _ in range(40)) + ".")
        return t

    rng = random.Random(11)
    db = open_archive(tmp_path / "archive.db")
    _write(db, [_rows(release(n, None), f"m{i}.txt", _day(i * 10)) for i, n in enumerate((9, 4, 7))])
    assert not db.conn.execute("SELECT 1 FROM findings WHERE kind = 'count_decreases'").fetchone()
    _write(db, [_rows(release(12, "bereits"), "m9.txt", _day(50))])
    assert _rows_of(db) == _full(db)
    # 4 and 7 after 9: two running totals that fell, found from the history's first day on
    assert db.conn.execute("SELECT count(*) FROM findings WHERE kind = 'count_decreases'").fetchone()[0] == 2
    assert windows == [(measure, _day(0))]


def test_releases_appended_to_a_history_are_refreshed_by_window_and_backfilled_ones_whole(
    tmp_path: Path, full_refreshes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the default share: the next days' releases are compared from their first day on; a release dated
    at the beginning of the histories changes them whole, which one read serves better."""
    calls: list[tuple[str, str]] = []
    real = audit._found_since
    monkeypatch.setattr(audit, "_found_since", lambda conn, m, since: calls.append((m, since)) or real(conn, m, since))
    rng = random.Random(2)
    db = open_archive(tmp_path / "archive.db")
    _write(db, [_rows(_release_text(rng), f"h{i}.txt", _day(i)) for i in range(24)])
    _write(db, [_rows(_release_text(rng), "next.txt", _day(30))])
    assert calls and {since for _, since in calls} == {_day(30)}
    assert _rows_of(db) == _full(db)
    calls.clear()
    _write(db, [_rows(_release_text(rng), "old.txt", _day(0))])
    assert calls == []
    assert _rows_of(db) == _full(db)

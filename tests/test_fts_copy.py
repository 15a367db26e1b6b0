"""extract.fts_copy: shard FTS5 indexes appended to an archive's index without tokenizing.

Every copy is compared with an index built by tokenizing the same sentences: the same rowids in the
same order for MATCH queries, the same bm25 scores, the same token instances (fts5vocab), the same
%_docsize rows and totals, and FTS5's integrity-check (with rank 1 it re-tokenizes the content table
and compares checksums with the index) passes.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract import fts_copy
from extract.fts_copy import (
    FtsCopyError,
    OverlappingRowids,
    UnknownStructure,
    copy_index,
    decode_structure,
    encode_structure,
    fold_segments,
    get_varint,
    put_varint,
    read_structure,
)
from extract.writer import defer_indexing, resume_indexing

SCHEMA_SQL = (Path(__file__).resolve().parent.parent / "schema" / "schema.sql").read_text(encoding="utf-8")
FTS = "sentences_fts"


def _statement(pattern: str) -> str:
    match = re.search(pattern, SCHEMA_SQL, re.DOTALL)
    assert match, pattern
    return match.group(0)


# The archive's own definitions, so that the tests follow schema/schema.sql.
SENTENCES_DDL = _statement(r"CREATE TABLE sentences \(.*?\n\);")
FTS_DDL = _statement(r"CREATE VIRTUAL TABLE sentences_fts USING fts5\(.*?\n\);")
DEFERRED_DDL = _statement(r"CREATE TABLE deferred_indexing \(.*?\n\);")
INSERT_TRIGGER = _statement(r"CREATE TRIGGER sentences_ai .*?\nEND;")
DELETE_TRIGGER = _statement(r"CREATE TRIGGER sentences_ad .*?\nEND;")

TEMPLATES = [
    "Die Gemeinde {ort} erhält Fördermittel in Höhe von {n} Euro für die Sanierung der Grundschule.",
    "Staatsminister Egon Kranichfeld übergab am Montag in {ort} einen Zuwendungsbescheid über {n} Euro.",
    "Im Landkreis {kreis} beteiligen sich {n} Kommunen am Präventionsnetzwerk gegen Einbruchskriminalität.",
    "Bürgermeisterin Hedwig Sauerbrey unterzeichnete die Kooperationsvereinbarung zur Sicherheitsanalyse.",
    "Nach Angaben des Ministeriums wurden {n} Anträge aus dem Landkreis {kreis} bewilligt.",
    "Der Präventionsrat der Stadt {ort} tagt künftig zweimal im Jahr im Rathaus.",
    "Mit den Fördermitteln werden {n} Meter Radweg zwischen {ort} und Wiesenau gebaut.",
    "Die Sicherheitsanalysen für {ort} zeigen weniger Wohnungseinbrüche als im Vorjahr.",
    "Landrat Kuno Weidenbach dankte den {n} ehrenamtlichen Helferinnen und Helfern im Landkreis {kreis}.",
    "Für die Brücke über die Mulde in {ort} stellt der Freistaat weitere {n} Euro bereit.",
]
ORTE = ["Großenhain", "Meerane", "Riesa", "Zwenkau", "Oederan", "Lößnitz", "Radeberg", "Stolpen", "Kamenz"]
KREISE = ["Meißen", "Zwickau", "Leipzig", "Mittelsachsen", "Bautzen", "Görlitz"]
SUFFIXES = ("ungen", "innen", "ern", "en", "er", "es", "e", "n", "s")


def _stem(text: str) -> str:
    words = []
    for word in re.findall(r"\w+", text.lower()):
        for suffix in SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        words.append(word)
    return " ".join(words)


def sentence(rowid: int) -> tuple[int, str, str]:
    rnd = random.Random(rowid)
    text = rnd.choice(TEMPLATES).format(ort=rnd.choice(ORTE), kreis=rnd.choice(KREISE), n=rnd.randint(2, 90000))
    return rowid, text, _stem(text)


def create(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for ddl in (SENTENCES_DDL, FTS_DDL, DEFERRED_DDL, INSERT_TRIGGER, DELETE_TRIGGER):
        conn.execute(ddl)
    return conn


def write(conn: sqlite3.Connection, ids: list[int], per_statement: int = 40, deleted: tuple[int, ...] = ()) -> None:
    """Insert through the trigger, in statements of `per_statement` rows (each statement flushes a segment)."""
    conn.execute("BEGIN")
    for start in range(0, len(ids), per_statement):
        rows = [sentence(rowid) for rowid in ids[start : start + per_statement]]
        values = ", ".join("(?, 'doc', 0, 0, 0, ?, ?)" for _ in rows)
        conn.execute(
            f"INSERT INTO sentences(id, document_id, n, char_start, char_end, text, text_stemmed) VALUES {values}",
            [v for row in rows for v in row],
        )
    for rowid in deleted:
        conn.execute("DELETE FROM sentences WHERE id = ?", (rowid,))
    conn.execute("COMMIT")


def build(path: Path, ids: list[int], per_statement: int = 40, deleted: tuple[int, ...] = ()) -> Path:
    conn = create(path)
    write(conn, ids, per_statement, deleted)
    conn.close()
    return path


def copy_content(conn: sqlite3.Connection, schema: str) -> None:
    """The shard's sentences into main.sentences without the insert trigger (their index is copied, not made)."""
    defer_indexing(conn)
    conn.execute(f"INSERT INTO sentences SELECT * FROM {schema}.sentences")
    resume_indexing(conn)


def merge_shard(conn: sqlite3.Connection, shard: Path, name: str = "shard") -> int:
    conn.execute(f"ATTACH ? AS {name}", (str(shard),))
    conn.execute("BEGIN")
    copied = copy_index(conn, FTS, name)
    copy_content(conn, name)
    conn.execute("COMMIT")
    conn.execute(f"DETACH {name}")
    return copied


def integrity(conn: sqlite3.Connection) -> None:
    conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')")
    conn.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")


QUERIES = [
    "Gemeinde",
    "ördermit",  # a trigram run inside a word
    "Sicherheitsanalyse",  # finds Sicherheitsanalysen too
    "Großenhain",
    '"Landkreis Meißen"',
    '"Zuwendungsbescheid über"',
    "NEAR(Fördermittel Höhe, 10)",
    "NEAR(Landrat Weidenbach, 8)",
    "text_stemmed: kommun",
    "text_stemmed: sicherheitsanalys AND Oederan",
    "Präventionsrat OR Radweg",
    "Brücke NOT Kamenz",
]


def answers(conn: sqlite3.Connection, query: str) -> list[tuple[int, float]]:
    return [
        (rowid, round(score, 9))
        for rowid, score in conn.execute(
            f"SELECT rowid, bm25({FTS}) FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rank, rowid", (query,)
        )
    ]


def index_state(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[int]]:
    """Every token instance (term, rowid, column, offset), the %_docsize rows and the totals record."""
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, {FTS}, instance)")
    instances = conn.execute("SELECT term, doc, col, offset FROM temp.vocab ORDER BY 1, 2, 3, 4").fetchall()
    docsize = conn.execute(f"SELECT id, sz FROM {FTS}_docsize ORDER BY id").fetchall()
    totals = fts_copy.decode_averages(conn.execute(f"SELECT block FROM {FTS}_data WHERE id = 1").fetchone()[0])
    return instances, docsize, totals


def assert_same_index(conn: sqlite3.Connection, reference: sqlite3.Connection) -> None:
    integrity(conn)
    assert index_state(conn) == index_state(reference)
    for query in QUERIES:
        expected = answers(reference, query)
        assert expected, query  # every query finds something, or the comparison proves little
        assert answers(conn, query) == expected, query


NEW_SENTENCE = (
    "INSERT INTO sentences(id, document_id, n, char_start, char_end, text, text_stemmed) "
    "VALUES (200001, 'doc', 0, 0, 0, 'Neue Brücke in Riesa', 'neu brück in riesa')"
)
MERGE = f"INSERT INTO {FTS}({FTS}, rank) VALUES ('merge', 1000)"


TARGET_IDS = list(range(1, 301))
SHARD_IDS = list(range(100_001, 100_241))
SHARD_DELETED = (100_003, 100_150)  # the shard's own deletions: delete markers inside its segments


@pytest.fixture
def shard(tmp_path: Path) -> Path:
    return build(tmp_path / "shard.db", SHARD_IDS, deleted=SHARD_DELETED)


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The union, tokenized."""
    conn = create(tmp_path / "union.db")
    write(conn, TARGET_IDS + [i for i in SHARD_IDS if i not in SHARD_DELETED], per_statement=500)
    yield conn
    conn.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = create(tmp_path / "archive.db")
    write(conn, TARGET_IDS)
    yield conn
    conn.close()


def test_copy_gives_the_index_tokenizing_gives(
    target: sqlite3.Connection, shard: Path, reference: sqlite3.Connection
) -> None:
    before = len(read_structure(target, FTS).segments())
    copied = merge_shard(target, shard)
    after = read_structure(target, FTS).segments()
    assert copied > 1 and len(after) == before + copied
    assert len({s.segid for s in after}) == len(after)
    assert_same_index(target, reference)


def test_copy_into_an_empty_target(tmp_path: Path, shard: Path) -> None:
    conn = create(tmp_path / "empty.db")
    reference = create(tmp_path / "shard-only.db")
    write(reference, [i for i in SHARD_IDS if i not in SHARD_DELETED], per_statement=500)
    copied = merge_shard(conn, shard)
    assert copied == len(read_structure(conn, FTS).segments())
    assert_same_index(conn, reference)


def test_later_writes_through_fts5_on_the_same_connection(
    target: sqlite3.Connection, shard: Path, reference: sqlite3.Connection
) -> None:
    target.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH 'Gemeinde'").fetchone()  # FTS5 used before
    merge_shard(target, shard)
    for conn in (target, reference):
        conn.execute("BEGIN")
        conn.execute("DELETE FROM sentences WHERE id IN (7, 100010, 100200)")  # 'delete' through the trigger
        conn.execute(
            "INSERT INTO sentences(id, document_id, n, char_start, char_end, text, text_stemmed) "
            "VALUES (200001, 'doc', 0, 0, 0, ?, ?)",
            sentence(200_001)[1:],
        )
        conn.execute("COMMIT")
    assert_same_index(target, reference)
    fold_segments(target, FTS)
    assert_same_index(target, reference)


def test_fts5_writes_before_the_copy_in_the_same_transaction(
    target: sqlite3.Connection, shard: Path, reference: sqlite3.Connection
) -> None:
    """Pending terms and cached totals of FTS5 writes through the triggers are flushed before the copy."""
    target.execute("ATTACH ? AS shard", (str(shard),))
    target.execute("BEGIN")
    target.execute("DELETE FROM sentences WHERE id IN (11, 12)")
    target.execute(NEW_SENTENCE)  # pending terms
    copy_index(target, FTS, "shard")
    copy_content(target, "shard")
    target.execute("DELETE FROM sentences WHERE id = 13")
    target.execute("COMMIT")
    reference.execute("DELETE FROM sentences WHERE id IN (11, 12, 13)")
    reference.execute(NEW_SENTENCE)
    assert_same_index(target, reference)


@pytest.mark.parametrize("fts5_write", [NEW_SENTENCE, MERGE])
def test_a_raw_copy_after_a_query_is_undone_by_the_cached_structure(
    tmp_path: Path, target: sqlite3.Connection, shard: Path, fts5_write: str
) -> None:
    """The hazard copy_index guards against, shown with the raw copy alone (no cache reset).

    The query caches the structure record; a later FTS5 write on the same connection (the insert's flush,
    or 'merge') allocates a segment id from it and writes it back without the copied segments.
    """
    target.execute("ATTACH ? AS shard", (str(shard),))
    target.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH 'Gemeinde'").fetchone()
    target.execute("BEGIN")
    fts_copy._copy(target, FTS, "shard", "main")
    copy_content(target, "shard")
    target.execute("COMMIT")
    try:
        target.execute(fts5_write)
    except sqlite3.IntegrityError:
        return  # the stale structure gave out a copied segment's id again: its %_idx rows collide
    fresh = sqlite3.connect(tmp_path / "archive.db", isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        integrity(fresh)  # the copied segments are orphaned
    fresh.close()


@pytest.mark.parametrize("fts5_write", ["INSERT", "merge"])
def test_copy_index_after_a_query_survives_later_writes(
    target: sqlite3.Connection, shard: Path, fts5_write: str
) -> None:
    target.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH 'Gemeinde'").fetchone()
    merge_shard(target, shard)
    if fts5_write == "INSERT":
        target.execute(
            "INSERT INTO sentences(id, document_id, n, char_start, char_end, text, text_stemmed) "
            "VALUES (200001, 'doc', 0, 0, 0, 'Neue Brücke in Riesa', 'neu brück in riesa')"
        )
    else:
        target.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('merge', 1000)")
    integrity(target)
    found = target.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH 'Gemeinde'").fetchone()[0]
    assert found == target.execute("SELECT count(*) FROM sentences WHERE text LIKE '%Gemeinde%'").fetchone()[0]


def test_many_shards_then_fold(tmp_path: Path) -> None:
    archive = create(tmp_path / "archive.db")
    reference = create(tmp_path / "union.db")
    all_ids: list[int] = []
    for n in range(12):
        ids = list(range(n * 10_000 + 1, n * 10_000 + 61))
        merge_shard(archive, build(tmp_path / f"shard{n}.db", ids, per_statement=15), f"shard{n}")
        all_ids += ids
    write(reference, all_ids, per_statement=1000)
    before = read_structure(archive, FTS)
    assert max(len(level.segments) for level in before.levels) >= 4
    archive.execute("BEGIN")
    fold_segments(archive, FTS)
    archive.execute("COMMIT")
    after = read_structure(archive, FTS)
    assert all(len(level.segments) < fts_copy.FOLD_FAN_IN and not level.merge for level in after.levels)
    assert len(after.segments()) < len(before.segments())
    assert_same_index(archive, reference)
    data_before = archive.execute(f"SELECT count(*) FROM {FTS}_data").fetchone()[0]
    fold_segments(archive, FTS)  # nothing to fold: no write
    assert archive.execute(f"SELECT count(*) FROM {FTS}_data").fetchone()[0] == data_before
    assert read_structure(archive, FTS) == after


def _unfinished_merge(conn: sqlite3.Connection) -> None:
    """Leave a merge half done: a level whose first segments are being merged into the next level's last one."""
    conn.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('usermerge', 2)")
    conn.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('merge', 2)")
    assert any(level.merge for level in read_structure(conn, FTS).levels)
    conn.execute(f"DELETE FROM {FTS}_config WHERE k = 'usermerge'")


def test_a_source_in_the_middle_of_a_merge(
    tmp_path: Path, target: sqlite3.Connection, reference: sqlite3.Connection
) -> None:
    shard = build(tmp_path / "merging.db", SHARD_IDS, per_statement=12, deleted=SHARD_DELETED)
    conn = sqlite3.connect(shard, isolation_level=None)
    _unfinished_merge(conn)
    conn.close()
    merge_shard(target, shard)
    assert_same_index(target, reference)
    fold_segments(target, FTS)
    assert_same_index(target, reference)


def test_a_target_in_the_middle_of_a_merge(tmp_path: Path, shard: Path, reference: sqlite3.Connection) -> None:
    path = build(tmp_path / "merging.db", TARGET_IDS, per_statement=12)
    conn = sqlite3.connect(path, isolation_level=None)
    _unfinished_merge(conn)
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    levels = read_structure(conn, FTS).levels
    merging = next(n for n, level in enumerate(levels) if level.merge)
    output = levels[merging + 1].segments[-1]
    merge_shard(conn, shard)
    assert read_structure(conn, FTS).levels[merging + 1].segments[-1] == output  # the merge's output stays last
    assert_same_index(conn, reference)
    fold_segments(conn, FTS)
    assert not any(level.merge for level in read_structure(conn, FTS).levels)
    assert_same_index(conn, reference)
    conn.close()


@pytest.mark.parametrize(
    "ids",
    [
        [150, 100_500],  # one id in common, the rest of the range far off
        list(range(301, 320)) + [42],  # ranges interleave by one id
        [1, 300],  # both ends
    ],
)
def test_refuses_overlapping_rowids(tmp_path: Path, target: sqlite3.Connection, ids: list[int]) -> None:
    shard = build(tmp_path / "overlap.db", ids)
    target.execute("ATTACH ? AS shard", (str(shard),))
    data = target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall()
    with pytest.raises(OverlappingRowids):
        copy_index(target, FTS, "shard")
    assert target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall() == data
    assert not target.in_transaction


def test_interleaved_but_disjoint_rowids_are_copied(tmp_path: Path, target: sqlite3.Connection) -> None:
    target.execute("DELETE FROM sentences WHERE id BETWEEN 100 AND 120")
    shard = build(tmp_path / "gap.db", list(range(100, 121)))
    assert merge_shard(target, shard) >= 1
    integrity(target)


@pytest.mark.parametrize(
    "structure",
    [
        b"\x00\x00\x00\x00" + fts_copy.STRUCTURE_V2_MARKER + b"\x01\x01\x05\x00\x01\x01\x01\x01",  # newer SQLite
        b"\x00\x00\x00\x00\x01\x01\x05\x00\x01\x01\x01",  # cut off inside a segment
        b"\x00\x00\x00\x00\x01\x01\x05\x00\x01\x01\x01\x01\x07",  # a byte after the last segment
        b"\x00\x00\x00\x00\x01\x02\x05\x00\x01\x01\x01\x01",  # two segments announced, one listed
        b"\x00\x00\x00\x00\x01\x01\x05\x00\x01\x01\x01\x03\x02",  # last page before the first
        b"\x00\x00\x00\x00\x01\x01\x05\x01\x01\x01\x01\x01",  # the last level merging into nothing
    ],
)
def test_refuses_structure_records_it_does_not_know(target: sqlite3.Connection, shard: Path, structure: bytes) -> None:
    with sqlite3.connect(shard) as conn:
        conn.execute(f"UPDATE {FTS}_data SET block = ? WHERE id = 10", (structure,))
    target.execute("ATTACH ? AS shard", (str(shard),))
    data = target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall()
    with pytest.raises(UnknownStructure):
        copy_index(target, FTS, "shard")
    assert target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall() == data


def test_refuses_another_definition_or_version(tmp_path: Path, target: sqlite3.Connection, shard: Path) -> None:
    other = sqlite3.connect(tmp_path / "other.db", isolation_level=None)
    other.execute(SENTENCES_DDL)
    other.execute(FTS_DDL.replace("'trigram'", "'unicode61'"))
    other.close()
    target.execute("ATTACH ? AS other", (str(tmp_path / "other.db"),))
    with pytest.raises(FtsCopyError, match="defined differently"):
        copy_index(target, FTS, "other")
    with sqlite3.connect(shard) as conn:
        conn.execute(f"UPDATE {FTS}_config SET v = 5 WHERE k = 'version'")
    target.execute("ATTACH ? AS shard", (str(shard),))
    with pytest.raises(UnknownStructure, match="version 5"):
        copy_index(target, FTS, "shard")


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (127, b"\x7f"),
        (128, b"\x81\x00"),
        (16383, b"\xff\x7f"),
        (16384, b"\x81\x80\x00"),
        ((1 << 56) - 1, b"\xff" * 7 + b"\x7f"),
        (1 << 56, b"\x80\xc0" + b"\x80" * 6 + b"\x00"),
        ((1 << 64) - 1, b"\xff" * 9),
    ],
)
def test_varints(value: int, encoded: bytes) -> None:
    assert put_varint(value) == encoded
    assert get_varint(b"\x05" + encoded + b"\x09", 1) == (value, 1 + len(encoded))


def test_structure_records_round_trip(target: sqlite3.Connection) -> None:
    data = target.execute(f"SELECT block FROM {FTS}_data WHERE id = 10").fetchone()[0]
    assert encode_structure(decode_structure(data)) == data


def test_refuses_more_than_fts5s_segments(target: sqlite3.Connection, shard: Path) -> None:
    """A target of 1,999 segments (a structure record written for the test) takes no shard of two or more."""
    crowded = fts_copy.Structure(
        b"\0\0\0\0", 0, [fts_copy.Level(0, [fts_copy.Segment(i, 1, 1) for i in range(1, 2000)])]
    )
    target.execute(f"UPDATE {FTS}_data SET block = ? WHERE id = 10", (encode_structure(crowded),))
    target.execute("ATTACH ? AS shard", (str(shard),))
    data = target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall()
    with pytest.raises(FtsCopyError, match="exceed FTS5's 2000"):
        copy_index(target, FTS, "shard")
    assert target.execute(f"SELECT id, block FROM {FTS}_data ORDER BY id").fetchall() == data


@pytest.mark.parametrize("fan_in", [1, 17])
def test_fold_refuses_a_fan_in_fts5_does_not_take(target: sqlite3.Connection, fan_in: int) -> None:
    with pytest.raises(ValueError, match="2 to 16"):
        fold_segments(target, FTS, fan_in=fan_in)


def test_fold_sets_usermerge_and_leaves_fewer_levels_than_fan_in(target: sqlite3.Connection) -> None:
    before = read_structure(target, FTS)
    assert max(len(level.segments) for level in before.levels) >= 2
    fold_segments(target, FTS, fan_in=2)
    assert target.execute(f"SELECT v FROM {FTS}_config WHERE k = 'usermerge'").fetchone() == (2,)
    assert all(len(level.segments) < 2 and not level.merge for level in read_structure(target, FTS).levels)
    integrity(target)

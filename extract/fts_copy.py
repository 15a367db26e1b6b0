"""Copy an FTS5 index's segments into another FTS5 index of the same definition, without tokenizing.

A shard archive's ``sentences_fts`` index is appended to the archive's with plain row copies of FTS5's
shadow tables (``%_data``, ``%_idx``, ``%_docsize``) and a rewrite of two records: the averages record
(rowid 1) and the structure record (rowid 10), which lists every segment. The format is the one of
SQLite 3.40 (``ext/fts5/fts5_index.c``, ``fts5_storage.c``; FTS5 ``version`` 4 in ``%_config``); a
structure record in any other form (the V2 records of newer SQLite versions, marked by
``ff 00 00 01`` after the cookie) is refused before anything is written.

Where the copied segments go. A source segment of level L is appended at the end of the target's level L
(levels are added as needed), in the source's order. Lower level and later in a level is newer, and that
order decides which of two entries for one rowid wins (a later delete marker hides an earlier insert; a
merge into the oldest segment drops delete markers); between target and source segments it does not
matter, their rowids being disjoint, but among the source's own segments it must be kept, and keeping each
at its level keeps it without further rules, together with the shape FTS5's merging gave the shard. When
the target is in the middle of merging level L-1 into the last segment of level L (``nMerge`` > 0), that
last segment must stay last (the merge resumes writing into it), and the copied segments go just before
it. A source's own unfinished merge is copied as it stands: its output and its trimmed inputs are complete
segments each. The other choice, all at the end of level 0 oldest first, was tried once with a variant
of this code (32 shards of 4,500 sentences into an archive of 45,000, folded after each): the same folding
cost at fan-in 4 and 8 (21 and 12.5 ms CPU per 1,000 copied sentences at their own levels, 21 and 13.1 at
level 0), so nothing argues for it, and level 0 is where FTS5's crisis merge (16 segments) strikes.

The connection's FTS5 caches (SQLite 3.40.1 source). FTS5 keeps, per connection and table, the decoded
structure record (``Fts5Index.pStruct``) from its first read: a query reads it and leaves it cached. It is
dropped only by a flush of pending terms, 'merge' and 'optimize' (each of which first takes the cached copy,
drops the cache, and writes that copy back with its own change), a rollback or rollback-to-savepoint
(xRollback/xRollbackTo -> sqlite3Fts5IndexRollback), 'delete-all'/'rebuild', closing, and, at xBegin or at
xOpen with no other cursor of the table open, a change of ``PRAGMA data_version``, which only another
connection's commit causes: the cache survives this connection's own commits. FTS5 also keeps the row and
token totals (``Fts5Storage.bTotalsValid``) from a write until the sync of the transaction, and the tokens
of writes (the pending-terms hash) until a flush: at commit (xSync), at a savepoint (xSavepoint, also opened
by every later statement of the transaction that needs a statement journal), or when the hash is full. So a
raw copy after a query on the same connection, followed by an insert through the trigger or a 'merge',
makes FTS5 allocate a segment id from the stale structure (the smallest free one, the very id the copy gave
the first copied segment) and write the stale structure back: in tests/test_fts_copy.py this fails with
"constraint failed" on ``%_idx``; had the copy used other ids, the copied segments would silently have been
dropped from the structure (orphaned). Cached totals would likewise overwrite the summed averages record.

``copy_index`` therefore guards itself. It opens a savepoint first, which makes FTS5 flush every table
that is part of the transaction (pending terms and totals, written with a structure that is still right);
after the copy it makes the target table join the transaction (``DELETE ... WHERE 0``, which changes
nothing) inside an inner savepoint and rolls that back, which calls FTS5's xRollbackTo: it drops the
cached structure and totals, and the next use reads the copied structure. So FTS5 use before and after
``copy_index`` on the same connection, in the same transaction or not, is safe, in any order (the plan of a
fresh connection per merge, copy first and then the trigger's deletes, is safe too, but no longer needed).
What is not safe: writing FTS5's shadow tables by any other route, or a statement still reading the target
FTS5 table (an unfinished cursor) while ``copy_index`` runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

FTS5_MAX_SEGMENT = 2000  # fts5Int.h: a structure holds at most this many segments
FTS5_VERSION = 4  # fts5Int.h FTS5_CURRENT_VERSION in SQLite 3.40; %_config 'version'
AVERAGES_ROWID = 1
STRUCTURE_ROWID = 10
SEGID_SHIFT = 37  # fts5_dri: segid << (1 dlidx bit + 5 height bits + 31 page bits)
MAX_SEGID = (1 << 16) - 1  # FTS5_DATA_ID_B = 16
STRUCTURE_V2_MARKER = b"\xff\x00\x00\x01"  # newer SQLite: after the cookie, a V2 record (tombstones, origins)
DEFAULT_USERMERGE = 4  # fts5Int.h FTS5_DEFAULT_USERMERGE: 'merge' folds a level from this many segments
MERGE_BUDGET = 2_000_000_000  # leaf pages: 'merge' then works until no level needs folding
FOLD_FAN_IN = 8  # fold_segments: a level is merged from this many segments (see there)


class FtsCopyError(ValueError):
    """The index cannot be copied; nothing was written."""


class OverlappingRowids(FtsCopyError):
    """Source and target index a rowid in common."""


class UnknownStructure(FtsCopyError):
    """A structure or averages record in a form this module does not know."""


@dataclass
class Segment:
    segid: int
    first: int  # first leaf page
    last: int  # last leaf page


@dataclass
class Level:
    merge: int  # the first `merge` segments are being merged into the last segment of the next level
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Structure:
    cookie: bytes  # 4 bytes: the configuration cookie
    write_counter: int
    levels: list[Level]

    def segments(self) -> list[Segment]:
        return [segment for level in self.levels for segment in level.segments]


def get_varint(data: bytes, offset: int) -> tuple[int, int]:
    """SQLite's varint (sqlite3GetVarint): big-endian 7-bit groups, the 9th byte whole. Returns (value, next offset)."""
    value = 0
    for n in range(9):
        if offset + n >= len(data):
            raise UnknownStructure("varint runs past the end of the record")
        byte = data[offset + n]
        if n == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset + n + 1
    raise AssertionError("unreachable")


def put_varint(value: int) -> bytes:
    """SQLite's varint (sqlite3PutVarint) of an unsigned 64-bit value."""
    if not 0 <= value < 1 << 64:
        raise ValueError(f"varint out of range: {value}")
    if value >= 1 << 56:
        out = [value & 0xFF]
        value >>= 8
        for _ in range(8):
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        return bytes(reversed(out))
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def decode_structure(data: bytes) -> Structure:
    """Parse a version-4 structure record, checking what fts5StructureDecode checks and more."""
    if len(data) < 5:
        raise UnknownStructure(f"structure record of {len(data)} bytes")
    if data[4:8] == STRUCTURE_V2_MARKER:
        raise UnknownStructure("V2 structure record (a newer SQLite's FTS5); this module knows version 4 only")
    n_levels, i = get_varint(data, 4)
    n_segments, i = get_varint(data, i)
    if n_levels > FTS5_MAX_SEGMENT or n_segments > FTS5_MAX_SEGMENT:
        raise UnknownStructure(f"structure record with {n_levels} levels and {n_segments} segments")
    write_counter, i = get_varint(data, i)
    levels: list[Level] = []
    seen: set[int] = set()
    for _ in range(n_levels):
        n_merge, i = get_varint(data, i)
        n_seg, i = get_varint(data, i)
        if n_merge > n_seg or n_seg > FTS5_MAX_SEGMENT:
            raise UnknownStructure(f"level with {n_seg} segments of which {n_merge} merging")
        level = Level(n_merge)
        for _ in range(n_seg):
            segid, i = get_varint(data, i)
            first, i = get_varint(data, i)
            last, i = get_varint(data, i)
            if not 0 < segid <= MAX_SEGID or segid in seen or not 0 < first <= last:
                raise UnknownStructure(f"segment {segid} with pages {first}..{last}")
            seen.add(segid)
            level.segments.append(Segment(segid, first, last))
        if levels and levels[-1].merge and not level.segments:
            raise UnknownStructure("a level merges into an empty level")
        levels.append(level)
    if i != len(data):
        raise UnknownStructure(f"{len(data) - i} unread bytes after the structure record's last segment")
    if len(seen) != n_segments:
        raise UnknownStructure(f"structure record says {n_segments} segments and lists {len(seen)}")
    if levels and levels[-1].merge:
        raise UnknownStructure("the last level is being merged into a level that does not exist")
    return Structure(data[:4], write_counter, levels)


def encode_structure(structure: Structure) -> bytes:
    """Serialize as fts5StructureWrite does."""
    segments = structure.segments()
    parts = [
        structure.cookie,
        put_varint(len(structure.levels)),
        put_varint(len(segments)),
        put_varint(structure.write_counter),
    ]
    for level in structure.levels:
        parts += [put_varint(level.merge), put_varint(len(level.segments))]
        for s in level.segments:
            parts += [put_varint(s.segid), put_varint(s.first), put_varint(s.last)]
    return b"".join(parts)


def decode_averages(data: bytes | None) -> list[int]:
    """The averages record: total rows, then the token total of each column (empty for an empty index)."""
    values: list[int] = []
    i = 0
    while data and i < len(data):
        value, i = get_varint(data, i)
        values.append(value)
    return values


def encode_averages(values: list[int]) -> bytes:
    return b"".join(put_varint(v) for v in values)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shadow(schema: str, table: str, suffix: str) -> str:
    return f"{_q(schema)}.{_q(f'{table}_{suffix}')}"


def _definition(conn: sqlite3.Connection, schema: str, table: str) -> str:
    row = conn.execute(
        f"SELECT sql FROM {_q(schema)}.sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if row is None or not row[0] or "USING FTS5" not in " ".join(row[0].upper().split()):
        raise FtsCopyError(f"{schema}.{table} is not an FTS5 table")
    return " ".join(row[0].split())


def _check_tables(conn: sqlite3.Connection, table: str, source_schema: str, target_schema: str) -> None:
    if _definition(conn, source_schema, table) != _definition(conn, target_schema, table):
        raise FtsCopyError(f"{source_schema}.{table} and {target_schema}.{table} are defined differently")
    for schema in (source_schema, target_schema):
        version = conn.execute(f"SELECT v FROM {_shadow(schema, table, 'config')} WHERE k = 'version'").fetchone()
        if version is None or version[0] != FTS5_VERSION:
            raise UnknownStructure(f"{schema}.{table}: FTS5 version {version and version[0]}, not {FTS5_VERSION}")
        docsize = conn.execute(
            f"SELECT 1 FROM {_q(schema)}.sqlite_master WHERE type = 'table' AND name = ?", (f"{table}_docsize",)
        ).fetchone()
        if docsize is None:
            raise FtsCopyError(f"{schema}.{table} has no %_docsize table (columnsize=0): rowids cannot be checked")


def _read_record(conn: sqlite3.Connection, schema: str, table: str, rowid: int) -> bytes | None:
    row = conn.execute(f"SELECT block FROM {_shadow(schema, table, 'data')} WHERE id = ?", (rowid,)).fetchone()
    return None if row is None else bytes(row[0])


def read_structure(conn: sqlite3.Connection, table: str, schema: str = "main") -> Structure:
    """The table's structure record as stored (not FTS5's cached copy)."""
    data = _read_record(conn, schema, table, STRUCTURE_ROWID)
    if data is None:
        raise UnknownStructure(f"{schema}.{table} has no structure record")
    return decode_structure(data)


def _check_disjoint(conn: sqlite3.Connection, table: str, source_schema: str, target_schema: str) -> None:
    source = _shadow(source_schema, table, "docsize")
    target = _shadow(target_schema, table, "docsize")
    # Each min() and max() in a query of its own: SQLite looks one up at the end of the index, but scans the
    # whole table for a query that asks both at once.
    s_min, s_max = conn.execute(f"SELECT (SELECT min(id) FROM {source}), (SELECT max(id) FROM {source})").fetchone()
    t_min, t_max = conn.execute(f"SELECT (SELECT min(id) FROM {target}), (SELECT max(id) FROM {target})").fetchone()
    if s_min is None or t_min is None or s_max < t_min or t_max < s_min:
        return  # the usual case, reserved id ranges: two look-ups at each end of an index
    common = conn.execute(
        f"SELECT s.id FROM {source} AS s WHERE EXISTS (SELECT 1 FROM {target} AS t WHERE t.id = s.id) LIMIT 1"
    ).fetchone()
    if common is not None:
        raise OverlappingRowids(
            f"rowid {common[0]} is indexed in both {source_schema}.{table} and {target_schema}.{table}"
        )


def _free_segids(conn: sqlite3.Connection, table: str, schema: str, used: set[int], n: int) -> list[int]:
    """The n smallest segment ids the target neither lists nor has stray pages or %_idx rows of."""
    data, idx = _shadow(schema, table, "data"), _shadow(schema, table, "idx")
    free: list[int] = []
    for segid in range(1, FTS5_MAX_SEGMENT + 1):
        if len(free) == n:
            break
        if segid in used:
            continue
        stray = conn.execute(
            f"SELECT 1 FROM {data} WHERE id >= ? AND id < ? UNION ALL SELECT 1 FROM {idx} WHERE segid = ? LIMIT 1",
            (segid << SEGID_SHIFT, (segid + 1) << SEGID_SHIFT, segid),
        ).fetchone()
        if stray is None:
            free.append(segid)
    if len(free) < n:
        raise FtsCopyError(f"no {n} free segment ids in {schema}.{table}; run fold_segments first")
    return free


def _merged_structure(target: Structure, source: Structure, renumber: dict[int, int]) -> Structure:
    levels = [Level(level.merge, list(level.segments)) for level in target.levels]
    while len(levels) < len(source.levels):
        levels.append(Level(0))
    for n, source_level in enumerate(source.levels):
        copied = [Segment(renumber[s.segid], s.first, s.last) for s in source_level.segments]
        segments = levels[n].segments
        if n > 0 and levels[n - 1].merge:  # the last segment is an unfinished merge's output: it stays last
            levels[n].segments = segments[:-1] + copied + segments[-1:]
        else:
            levels[n].segments = segments + copied
    return Structure(target.cookie, target.write_counter + source.write_counter, levels)


def copy_index(conn: sqlite3.Connection, table: str, source_schema: str, target_schema: str = "main") -> int:
    """Append every segment of ``source_schema.<table>``'s FTS5 index to ``target_schema.<table>``'s index.

    Both tables must have the same definition, and their rowids must be disjoint (checked through the
    %_docsize tables: two index look-ups when the id ranges do not overlap, one look-up per source row when
    they interleave; ``OverlappingRowids`` if one is shared). Runs inside the caller's transaction (in a
    savepoint of its own: either all is copied or nothing), or as a transaction of its own when none is
    open. Returns the number of segments copied. Safe on a connection that used either FTS5 table before
    (see the module docstring); afterwards call ``fold_segments`` to keep the segment count low. Raises
    ``FtsCopyError`` (a ``ValueError``) and writes nothing when the tables differ, the rowids overlap, a
    record has an unknown form, or the two indexes together would exceed FTS5's 2,000 segments.
    """
    _check_tables(conn, table, source_schema, target_schema)
    conn.execute("SAVEPOINT fts_copy")  # also makes FTS5 flush pending terms and totals (xSavepoint)
    try:
        copied = _copy(conn, table, source_schema, target_schema)
        _drop_fts5_caches(conn, table, target_schema)
    except BaseException:
        conn.execute("ROLLBACK TO fts_copy")
        conn.execute("RELEASE fts_copy")
        raise
    conn.execute("RELEASE fts_copy")
    return copied


def _copy(conn: sqlite3.Connection, table: str, source_schema: str, target_schema: str) -> int:
    source = read_structure(conn, table, source_schema)
    target = read_structure(conn, table, target_schema)
    source_totals = decode_averages(_read_record(conn, source_schema, table, AVERAGES_ROWID))
    target_totals = decode_averages(_read_record(conn, target_schema, table, AVERAGES_ROWID))
    if source_totals and target_totals and len(source_totals) != len(target_totals):
        raise UnknownStructure(f"averages records of {len(source_totals)} and {len(target_totals)} values")
    _check_disjoint(conn, table, source_schema, target_schema)
    source_segments = source.segments()
    target_segments = target.segments()
    if len(source_segments) + len(target_segments) > FTS5_MAX_SEGMENT:
        raise FtsCopyError(
            f"{len(target_segments)} + {len(source_segments)} segments exceed FTS5's {FTS5_MAX_SEGMENT}; "
            "run fold_segments on both first"
        )
    free = _free_segids(conn, table, target_schema, {s.segid for s in target_segments}, len(source_segments))
    renumber = {s.segid: new for s, new in zip(source_segments, free, strict=True)}

    s_data, t_data = _shadow(source_schema, table, "data"), _shadow(target_schema, table, "data")
    s_idx, t_idx = _shadow(source_schema, table, "idx"), _shadow(target_schema, table, "idx")
    for old, new in renumber.items():
        # every page of the segment: leaves and doclist-index pages (the dlidx bit and height lie below the segid)
        conn.execute(
            f"INSERT INTO {t_data}(id, block) SELECT id + ?, block FROM {s_data} WHERE id >= ? AND id < ?",
            ((new - old) << SEGID_SHIFT, old << SEGID_SHIFT, (old + 1) << SEGID_SHIFT),
        )
        conn.execute(
            f"INSERT INTO {t_idx}(segid, term, pgno) SELECT ?, term, pgno FROM {s_idx} WHERE segid = ?", (new, old)
        )
    conn.execute(
        f"INSERT INTO {_shadow(target_schema, table, 'docsize')}(id, sz) "
        f"SELECT id, sz FROM {_shadow(source_schema, table, 'docsize')}"
    )
    if source_totals:
        totals = [a + b for a, b in zip(target_totals, source_totals, strict=True)] if target_totals else source_totals
        conn.execute(
            f"INSERT OR REPLACE INTO {t_data}(id, block) VALUES (?, ?)", (AVERAGES_ROWID, encode_averages(totals))
        )
    if source_segments:
        merged = encode_structure(_merged_structure(target, source, renumber))
        conn.execute(f"UPDATE {t_data} SET block = ? WHERE id = ?", (merged, STRUCTURE_ROWID))
    return len(source_segments)


def _drop_fts5_caches(conn: sqlite3.Connection, table: str, schema: str) -> None:
    """Make FTS5 forget this connection's cached structure record and totals of schema.table.

    A statement that writes the table (even one that changes no row) makes it part of the transaction; a
    rollback to a savepoint then calls its xRollbackTo, which invalidates the cache (fts5RollbackToMethod ->
    sqlite3Fts5IndexRollback -> fts5StructureInvalidate). The inner savepoint holds no other change.
    """
    conn.execute("SAVEPOINT fts_copy_caches")
    try:
        conn.execute(f"DELETE FROM {_q(schema)}.{_q(table)} WHERE 0")
    finally:
        conn.execute("ROLLBACK TO fts_copy_caches")
        conn.execute("RELEASE fts_copy_caches")


def _usermerge(conn: sqlite3.Connection, table: str, schema: str) -> int:
    row = conn.execute(f"SELECT v FROM {_shadow(schema, table, 'config')} WHERE k = 'usermerge'").fetchone()
    return DEFAULT_USERMERGE if row is None else int(row[0])


def fold_segments(conn: sqlite3.Connection, table: str, schema: str = "main", fan_in: int = FOLD_FAN_IN) -> None:
    """Merge segments until no level holds ``fan_in`` or more and no merge is left unfinished.

    Runs FTS5's own ``INSERT INTO t(t, rank) VALUES('merge', N)`` with an unlimited page budget, and only
    when the structure needs it: it rewrites pages and tokenizes nothing. 'merge' folds, again and again,
    every segment of the level holding the most, once that is ``usermerge`` or more (the table's setting,
    2 to 16, default 4); this sets 'usermerge' to ``fan_in`` first when it differs, which stays in the
    table's %_config. Copies never trigger FTS5's automerge (they write no terms), so call this after each
    ``copy_index``, in the same transaction. Measured with ``python bench/bench_fts_copy.py --fan-in F``
    (16 shards of 4,500 sentences copied one after the other into an archive of 45,000, each copy folded
    in its transaction; medians of 3, CPU time; tokenizing the same sentences costs ~38 ms per 1,000, the
    copy ~2.7): fan_in 4 folds for ~22.7 ms per 1,000 copied sentences, 8 for ~13.8, 16 for ~12.8; right
    after a copy the index holds at most 16, 20 and 33 segments, at the end 4, 5 and 8. MATCH queries
    take the same ~17 ms at all three, against ~24 to 27 ms unfolded (91 segments, a level of 68). Hence
    8: nearly the cost of 16 with the segment counts of 4.
    """
    if not 2 <= fan_in <= 16:
        raise ValueError(f"fan_in {fan_in}: FTS5's usermerge takes 2 to 16")
    structure = read_structure(conn, table, schema)
    if not any(level.merge or len(level.segments) >= fan_in for level in structure.levels):
        return
    fts = f"{_q(schema)}.{_q(table)}({_q(table)}, rank)"
    if _usermerge(conn, table, schema) != fan_in:
        conn.execute(f"INSERT INTO {fts} VALUES ('usermerge', ?)", (fan_in,))
    conn.execute(f"INSERT INTO {fts} VALUES ('merge', ?)", (MERGE_BUDGET,))

"""schema/schema.sql is the single source of truth for the archive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extract.errors import NotAnArchive
from extract.store import open_archive, schema_sql, schema_version


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    return {
        (row[0], row[1]): " ".join(row[2].split())
        for row in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        if not row[1].startswith("sqlite_") and "_fts_" not in row[1]
    }


def test_live_schema_equals_schema_sql(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "a.db")
    reference = sqlite3.connect(":memory:")
    reference.executescript(schema_sql())
    assert _objects(db.conn) == _objects(reference)
    assert db.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()[0] == schema_version()


def test_an_archive_of_another_schema_version_is_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = open_archive(path)
    db.execute(
        "INSERT INTO documents (id, source, filename, extractor_version, built_at) "
        "VALUES ('x', 'x.txt', 'x.txt', 'old', 'now')"
    )
    db.execute("UPDATE archive_info SET value = 'older' WHERE key = 'schema_version'")
    db.conn.close()
    db = open_archive(path)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert db.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()[0] == schema_version()


def test_a_file_that_is_not_an_archive_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(NotAnArchive, match="is not a pressdb archive"):
        open_archive(path)
    assert path.read_bytes() == b"not a database at all" * 100

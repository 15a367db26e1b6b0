"""Serving while building: `pressdb serve`'s Datasette and a plain SQLite reader read the archive while a build writes.

The archive is in WAL mode and each document is written in one transaction, so
a reader sees each release either whole or not at all: no reader error, no
release with some of its sentences, no sentence missing from the full-text
index, at any moment of the build.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from datasette.app import Datasette
from robustness_factory import ROOT, build_command, synth_corpus

from extract.serve import DATABASE_NAME, load_metadata, make_datasette

DOCUMENTS = 240  # a few seconds of building at --jobs 2: the bulk writer commits four times a second
# One statement reads one snapshot: per document its sentence count, plus the table and index totals.
SNAPSHOT_SQL = (
    "SELECT d.id, (SELECT count(*) FROM sentences s WHERE s.document_id = d.id), "
    "(SELECT count(*) FROM sentences), (SELECT count(*) FROM sentences_fts) FROM documents d"
)


def _wait_for_schema(db: Path, proc: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").fetchone():
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.02)


def _datasette(server: str, db: Path) -> Datasette:
    if server == "pressdb-serve":
        # what `pressdb serve --sql` runs: metadata.yml, the plugin, its settings; the test reads with its own SQL
        return make_datasette(db, allow_sql=True)
    # What the README offers for Datasette directly: `datasette archive.db -m metadata.yml`.
    return Datasette([str(db)], metadata=load_metadata())


async def _read_while_building(
    server: str, db: Path, proc: subprocess.Popen[bytes]
) -> tuple[list[dict[str, int]], list[str]]:
    """Snapshots {document id: sentences} from Datasette and sqlite3, and every reader error, until the build ends."""
    ds = _datasette(server, db)
    name = DATABASE_NAME
    snapshots: list[dict[str, int]] = []
    errors: list[str] = []
    pages = [f"/{name}/documents.json?_size=20", f"/{name}/sentences.json?_search=Pr%C3%A4vention&_size=5", "/"]
    n = 0
    while proc.poll() is None:
        n += 1
        response = await ds.client.get(f"/{name}.json", params={"sql": SNAPSHOT_SQL, "_shape": "arrays"})
        if response.status_code != 200:
            errors.append(f"datasette {response.status_code}: {response.text[:200]}")
        else:
            rows = response.json()["rows"]
            snapshots.append(_check_totals(rows, errors))
        page = await ds.client.get(pages[n % len(pages)])
        if page.status_code != 200:
            errors.append(f"{pages[n % len(pages)]}: {page.status_code}")
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                snapshots.append(_check_totals(conn.execute(SNAPSHOT_SQL).fetchall(), errors))
            finally:
                conn.close()
        except sqlite3.Error as exc:
            errors.append(f"sqlite3: {exc}")
    return snapshots, errors


def _check_totals(rows: list[list[object]] | list[tuple[object, ...]], errors: list[str]) -> dict[str, int]:
    counts = {str(r[0]): int(r[1]) for r in rows}  # type: ignore[call-overload]
    if rows and rows[0][2] != rows[0][3]:
        errors.append(f"{rows[0][2]} sentences but {rows[0][3]} in the full-text index")
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("server", ["pressdb-serve", "datasette"])
def test_readers_see_whole_releases_while_a_build_writes(tmp_path: Path, server: str) -> None:
    synth_corpus(tmp_path / "in", DOCUMENTS, seed=5)
    db = tmp_path / f"{DATABASE_NAME}.db"  # plain datasette names the database after the file
    proc = subprocess.Popen(
        build_command([str(tmp_path / "in")], db, jobs=2), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_for_schema(db, proc)
        snapshots, errors = asyncio.run(_read_while_building(server, db, proc))
    finally:
        _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert errors == []

    with sqlite3.connect(db) as conn:
        final = {str(r[0]): int(r[1]) for r in conn.execute(SNAPSHOT_SQL)}
    assert len(final) == DOCUMENTS
    partial = [s for s in snapshots if 0 < len(s) < DOCUMENTS]
    assert len(partial) >= 3, "the readers never saw the build in progress"
    for snapshot in snapshots:
        for doc_id, sentences in snapshot.items():
            assert sentences == final[doc_id], f"document {doc_id} seen with {sentences} of {final[doc_id]} sentences"

"""Serve an archive with Datasette: read-only, with metadata.yml and the pressdb plugin.

By default the archive is opened as Datasette opens any database: read connections in SQLite's
read-only mode (``mode=ro``), which take the normal shared locks, so the archive can be served while
``pressdb build`` writes to it (WAL) and every page shows the releases committed so far. ``immutable``
is for a finished archive that nothing writes to any more: SQLite then skips locking and change
detection, and pressdb counts each table once at startup so table pages need not count again; an
immutable archive that is written to meanwhile gives readers errors or stale pages.
"""

from __future__ import annotations

import hashlib
import sqlite3
import webbrowser
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database

from extract.resources import metadata_path

DATABASE_NAME = "archive"  # metadata.yml and the canned queries' links address the archive by this name
SQL_TIME_LIMIT_MS = 3000  # generous for trigram search on a large archive, short enough to stop runaway SQL
DEFAULT_PAGE_SIZE = 50
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
    "default_page_size": DEFAULT_PAGE_SIZE,
    # Facets the tables declare in metadata.yml are worth waiting a little for; suggested ones are not:
    # suggesting means one GROUP BY per column on every table page, seconds on a large archive.
    "facet_time_limit_ms": 100,
    "suggest_facets": False,
    "default_facet_size": 20,
    # A release's text is ~5 KB; table pages show the start of long cells, the document view the whole.
    "truncate_cells_html": 200,
    "allow_download": False,  # the archive is rebuilt from corpus/, not downloaded
}


def load_metadata(path: Path | None = None) -> dict[str, Any]:
    """The Datasette metadata of the archive (metadata.yml)."""
    with open(path or metadata_path(), encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def make_datasette(db_path: Path, metadata: dict[str, Any] | None = None, immutable: bool = False) -> Datasette:
    """A Datasette serving ``db_path`` read-only (or immutable) under the name ``archive``, with the plugin."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such archive; build one first with `pressdb build --db {db_path}`")
    wal = db_path.with_name(db_path.name + "-wal")
    if immutable and wal.is_file() and wal.stat().st_size > 0:
        # An immutable reader ignores the write-ahead log: it would not see the releases stored there.
        raise ValueError(
            f"{db_path}: a build is running or did not finish ({wal.name} holds uncheckpointed writes); "
            "serve it without --immutable, or run `pressdb build` to completion first"
        )
    _register_plugin()
    inspect_data = {DATABASE_NAME: _inspect(db_path)} if immutable else None
    ds = Datasette(
        metadata=metadata if metadata is not None else load_metadata(), settings=SETTINGS, inspect_data=inspect_data
    )
    # Not immutable by default: Datasette's read connections use mode=ro, which sees a build's commits.
    ds.add_database(Database(ds, path=str(db_path), is_mutable=not immutable), name=DATABASE_NAME)
    return ds


def _inspect(db_path: Path) -> dict[str, Any]:
    """What Datasette would otherwise compute per request or by hashing the whole file: counts, size, a hash."""
    stat = db_path.stat()
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = {n: {"count": conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]} for n in names}
    finally:
        conn.close()
    # The ETag of an archive nothing writes to: its size and modification time identify its content.
    digest = hashlib.sha256(f"{db_path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    return {"tables": tables, "size": stat.st_size, "hash": digest, "file": str(db_path)}


def _register_plugin() -> None:
    """Register the plugin when the entry point is not installed (a source checkout run in place)."""
    from datasette.plugins import pm

    from extract import datasette_plugin

    if not pm.is_registered(datasette_plugin) and pm.get_plugin("pressdb") is None:
        pm.register(datasette_plugin, name="pressdb")


def serve(
    db_path: Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False, immutable: bool = False
) -> None:
    """Serve the archive at http://host:port/ until interrupted, read-only (a running build's commits show).

    With ``immutable``, a finished archive is served without locking and with cached counts.
    """
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable)
    url = f"http://{host}:{port}/"
    mode = (
        "immutable (nothing may write to it while served)"
        if immutable
        else "read-only (a build may write meanwhile; its releases appear as they are committed)"
    )
    print(f"Serving {db_path} {mode} at {url}  (start at {url}-/pressdb/ ; Ctrl+C stops)", flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")

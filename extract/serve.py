"""Serve an archive with Datasette: read-only, with metadata.yml and the pressdb plugin.

By default the archive is opened as Datasette opens any database: read connections in SQLite's
read-only mode (``mode=ro``), which take the normal shared locks, so the archive can be served while
``pressdb build`` writes to it (WAL) and every page shows the releases committed so far. ``immutable``
is for a finished archive that nothing writes to any more: SQLite then skips locking and change
detection, and pressdb counts each table once at startup so table pages need not count again; an
immutable archive that is written to meanwhile gives readers errors or stale pages.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import re
import socket
import sqlite3
import webbrowser
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database

from extract.resources import metadata_path

TEMPLATES = Path(__file__).resolve().parent / "templates"

DATABASE_NAME = "archive"  # metadata.yml describes the archive under this name; other names get a copy of it
SQL_TIME_LIMIT_MS = 3000  # generous for trigram search on a large archive, short enough to stop runaway SQL
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
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
    # A visitor's own SQL is off unless `pressdb serve --sql`; the canned queries always run.
    "default_allow_sql": False,
    # A streamed CSV runs without the time limit and without a row limit.
    "allow_csv_stream": False,
}


class PortInUse(OSError):
    """The port `pressdb serve` should listen on is taken."""


def database_name(db_path: Path) -> str:
    """The name the archive is served under: its file's stem (``mine.db`` -> ``mine``), else ``archive``."""
    stem = Path(db_path).stem
    return stem if _NAME_RE.match(stem) and stem != "_memory" else DATABASE_NAME


def metadata_for(metadata: dict[str, Any], name: str) -> dict[str, Any]:
    """``metadata`` with the archive's description, tables and canned queries under the database ``name``.

    metadata.yml describes the archive as ``archive``; links in its HTML point at ``/archive/``.
    """
    if name == DATABASE_NAME:
        return metadata
    link = re.compile(r'(href=")/archive(?=[/?#"])')

    def relink(value: Any) -> Any:
        if isinstance(value, str):
            return link.sub(rf"\1/{name}", value)
        if isinstance(value, dict):
            return {k: relink(v) for k, v in value.items()}
        if isinstance(value, list):
            return [relink(v) for v in value]
        return value

    moved: dict[str, Any] = relink(metadata)
    databases = moved.get("databases") or {}
    if DATABASE_NAME in databases:
        databases[name] = databases.pop(DATABASE_NAME)
    return moved


def load_metadata(path: Path | None = None) -> dict[str, Any]:
    """The Datasette metadata of the archive (metadata.yml)."""
    with open(path or metadata_path(), encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def make_datasette(
    db_path: Path,
    metadata: dict[str, Any] | None = None,
    immutable: bool = False,
    allow_sql: bool = False,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
) -> Datasette:
    """A Datasette serving ``db_path`` read-only (or immutable) under its file's name, with the plugin.

    A visitor's own SQL is refused unless ``allow_sql``; every query stops after ``sql_time_limit_ms``.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(
            f"{db_path}: no such archive; build it first with `pressdb build [PATH ...] --db {db_path}`"
        )
    wal = db_path.with_name(db_path.name + "-wal")
    if immutable and wal.is_file() and wal.stat().st_size > 0:
        # An immutable reader ignores the write-ahead log: it would not see the releases stored there.
        raise ValueError(
            f"{db_path}: a build is running or did not finish ({wal.name} holds uncheckpointed writes); "
            "serve it without --immutable, or run `pressdb build` to completion first"
        )
    _register_plugin()
    name = database_name(db_path)
    inspect_data = {name: _inspect(db_path)} if immutable else None
    settings = dict(SETTINGS, sql_time_limit_ms=sql_time_limit_ms, default_allow_sql=allow_sql)
    meta = metadata_for(copy.deepcopy(metadata if metadata is not None else load_metadata()), name)
    # templates/query.html shows canned queries as pages: German title, form and results first, SQL on demand.
    ds = Datasette(metadata=meta, settings=settings, inspect_data=inspect_data, template_dir=str(TEMPLATES))
    # Not immutable by default: Datasette's read connections use mode=ro, which sees a build's commits.
    ds.add_database(Database(ds, path=str(db_path), is_mutable=not immutable), name=name)
    if "_memory" in ds.databases:  # an empty scratch database, nothing a visitor should see
        ds.remove_database("_memory")
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


def check_port(host: str, port: int) -> None:
    """Raise PortInUse when ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUse(
                    f"port {port} on {host} is in use (or not allowed): "
                    f"choose another with --port, e.g. --port {port + 1}"
                ) from exc
            raise


def serve(
    db_path: Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    open_browser: bool = False,
    immutable: bool = False,
    allow_sql: bool = False,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
) -> None:
    """Serve the archive at http://host:port/ until interrupted, read-only (a running build's commits show).

    With ``immutable``, a finished archive is served without locking and with cached counts.
    """
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable, allow_sql=allow_sql, sql_time_limit_ms=sql_time_limit_ms)
    check_port(host, port)
    url = f"http://{host}:{port}/"
    mode = (
        "immutable (nothing may write to it while served)"
        if immutable
        else "read-only (a build may write meanwhile; its releases appear as they are committed)"
    )
    sql = f"visitors' own SQL allowed, {sql_time_limit_ms} ms per query" if allow_sql else "canned queries only"
    print(f"Serving {db_path} {mode}, {sql}, at {url}  (start at {url}-/pressdb/ ; Ctrl+C stops)", flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")

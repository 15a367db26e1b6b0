"""Serve an archive with Datasette: read-only, with metadata.yml and the pressdb plugin."""

from __future__ import annotations

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
    "facet_time_limit_ms": 500,
    "allow_download": False,  # the archive is rebuilt from corpus/, not downloaded
}


def load_metadata(path: Path | None = None) -> dict[str, Any]:
    """The Datasette metadata of the archive (metadata.yml)."""
    with open(path or metadata_path(), encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def make_datasette(db_path: Path, metadata: dict[str, Any] | None = None) -> Datasette:
    """A Datasette serving ``db_path`` immutable under the name ``archive``, with the pressdb plugin."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such archive; build one first with `pressdb build --db {db_path}`")
    _register_plugin()
    ds = Datasette(metadata=metadata if metadata is not None else load_metadata(), settings=SETTINGS)
    # Immutable: opened read-only without locking, so Datasette can count rows once and cache.
    ds.add_database(Database(ds, path=str(db_path), is_mutable=False), name=DATABASE_NAME)
    return ds


def _register_plugin() -> None:
    """Register the plugin when the entry point is not installed (a source checkout run in place)."""
    from datasette.plugins import pm

    from extract import datasette_plugin

    if not pm.is_registered(datasette_plugin) and pm.get_plugin("pressdb") is None:
        pm.register(datasette_plugin, name="pressdb")


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    """Serve the archive read-only at http://host:port/ until interrupted."""
    import uvicorn

    ds = make_datasette(db_path)
    url = f"http://{host}:{port}/"
    print(f"Serving {db_path} read-only at {url}  (start at {url}-/pressdb/ ; Ctrl+C stops)", flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")

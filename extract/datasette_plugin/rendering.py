"""Rendering the plugin's templates, finding the archive, reading rows: what every page shares."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from datasette import Response
from datasette.utils.asgi import NotFound
from markupsafe import Markup

from extract.datasette_plugin.urls import ROUTE

# The templates stay beside the package, in extract/templates/.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


async def _archive(datasette: Any) -> Any:
    for name, db in datasette.databases.items():
        if name not in ("_internal", "_memory") and await db.table_exists("documents"):
            return db
    return None


@functools.cache
def _template_source(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


_COMPILED: dict[tuple[int, str], Any] = {}


async def _render_html(datasette: Any, request: Any, name: str, context: dict[str, Any]) -> str:
    # Our templates are read here rather than through Datasette's plugin template path, which looks for a
    # templates/ folder inside the plugin's package; ours stay in extract/templates/ and extend Datasette's base.html.
    # Compiled once per environment: compiling a template costs more than rendering it.
    key = (id(datasette.jinja_env), name)
    template = _COMPILED.get(key)
    if template is None:
        template = _COMPILED[key] = datasette.jinja_env.from_string(_template_source(name))
    context = dict(context, css=Markup(_template_source("pressdb.css")), pressdb_home=datasette.urls.path(f"{ROUTE}/"))
    html: str = await datasette.render_template(template, context, request=request)
    return html


async def _render(datasette: Any, request: Any, name: str, context: dict[str, Any]) -> Response:
    return Response.html(await _render_html(datasette, request, name, context))


def _not_found(what: str) -> NotFound:
    """A German 404 (through handle_exception): raise it."""
    return NotFound(what)


async def _require_archive(datasette: Any) -> Any:
    db = await _archive(datasette)
    if db is None:
        raise _not_found("Hier wird kein pressdb-Archiv bereitgestellt.")
    return db


async def _rows(db: Any, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [dict(r) for r in await db.execute(sql, params or [])]


def _once(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """The first of each group of rows that agree on ``key`` (renditions of one release), in order."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for r in rows:
        k = tuple(r.get(c) for c in key)
        if k not in seen:
            seen.add(k)
            kept.append(r)
    return kept

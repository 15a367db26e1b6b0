"""The start page, the routes of every page, the menu, the canned queries under another name, the table search."""

from __future__ import annotations

import contextvars
import re
import sqlite3
import time
import urllib.parse
from typing import Any

from datasette import Response, hookimpl

from extract.datasette_plugin.check import check_page
from extract.datasette_plugin.communes import commune_page
from extract.datasette_plugin.documents import document_page
from extract.datasette_plugin.people import person_page
from extract.datasette_plugin.printed import page_image
from extract.datasette_plugin.rendering import _archive, _render, _rows
from extract.datasette_plugin.statistics import statistic_page, statistics_page
from extract.datasette_plugin.urls import ROUTE, document_url


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    """The archive's canned queries for an archive served under another name than ``archive``."""
    if database == "archive":
        return None

    async def inner() -> dict[str, Any] | None:
        if datasette.metadata("queries", database=database, fallback=False):
            return None
        try:
            if not await datasette.get_database(database).table_exists("documents"):
                return None
        except KeyError:
            return None
        queries = datasette.metadata("queries", database="archive", fallback=False)
        return dict(queries) if queries else None

    return inner


async def index_page(datasette: Any, request: Any) -> Response:
    """Where to start: a search box and every entry point of the archive."""
    db = await _archive(datasette)
    counts: dict[str, int] = {}
    if db is not None:
        for key, sql in (
            ("releases", "SELECT COUNT(*) FROM releases"),
            ("documents", "SELECT COUNT(*) FROM documents"),
            # the summaries hold one row per municipality and per statistic the archive names
            ("communes", "SELECT COUNT(*) FROM commune_summaries"),
            ("people", "SELECT COUNT(*) FROM people"),
            ("statistics", "SELECT COUNT(*) FROM measure_summaries"),
            ("findings", "SELECT COUNT(*) FROM findings"),
        ):
            try:
                counts[key] = (await db.execute(sql)).first()[0]
            except Exception:  # noqa: BLE001 - a count is a courtesy
                counts[key] = 0
    latest: list[dict[str, Any]] = []
    samples: list[dict[str, Any]] = []
    if db is not None:
        latest = await _rows(
            db, "SELECT document_id, release_date, title, issuer FROM releases ORDER BY release_date DESC LIMIT 5"
        )
        samples = await _rows(
            db, "SELECT id, document_id, title, release_date FROM releases WHERE sample = 1 ORDER BY release_date"
        )
        for r in (*latest, *samples):
            r["href"] = document_url(datasette, r["document_id"])
    about = {key: datasette.metadata(key) for key in ("source", "source_url", "license", "license_url")}
    context = {
        "database": db.name if db else None,
        "counts": counts,
        "latest": latest,
        "samples": samples,
        "about": about,
    }
    return await _render(datasette, request, "pressdb_index.html", context)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (rf"^{ROUTE}/document/(?P<id>[0-9a-f]{{64}})$", document_page),
        (rf"^{ROUTE}/page/(?P<id>[0-9a-f]{{64}})/(?P<page>\d{{1,4}})\.png$", page_image),
        (rf"^{ROUTE}/person/(?P<id>\d+)$", person_page),
        (rf"^{ROUTE}/commune/(?P<ags>\d{{8}})$", commune_page),
        (rf"^{ROUTE}/statistics$", statistics_page),
        (rf"^{ROUTE}/statistic$", statistic_page),
        (rf"^{ROUTE}/check$", check_page),
        (rf"^{ROUTE}/?$", index_page),
        # The German start page is also the home page; Datasette's list of tables stays at /<database>.
        (r"^/$", index_page),
    ]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path(f"{ROUTE}/"), "label": "pressdb: Startseite"},
        {"href": datasette.urls.path(f"{ROUTE}/statistics"), "label": "Statistiken"},
    ]


_TABLE_SEARCH_RE = re.compile(r"^/(?P<db>[^/]+)/sentences/?$")
# A view's table page computes the whole view before its first row; its summary table holds the same rows
# (extract/summaries.py), so a visitor's page of a view is the page of its summary. JSON and CSV stay on the view.
SUMMARY_OF_VIEW = {
    "grants": "grant_summaries",
    "figure_statements": "statement_summaries",
    "agreement_events": "signing_summaries",
    "commune_stats": "commune_summaries",
    "person_roles": "role_summaries",
}
_VIEW_PAGE_RE = re.compile(r"^/(?P<db>[^/]+)/(?P<view>" + "|".join(SUMMARY_OF_VIEW) + r")/?$")


# Counting a table of millions of rows reads all of it, in one step SQLite cannot interrupt (the time limit
# does not stop it): the list of tables counts up to COUNT_CAP rows of each and says "many rows" beyond, and
# the table pages of tables that can grow with the archive do not count at all (Datasette's _nocount).
COUNT_CAP = 1_000
SMALL_TABLES = frozenset(
    {"archive_info", "kreise", "verbaende", "communes", "people", "findings", "summary_queue"}
    | {"year_summaries", "measure_summaries", "measure_points", "commune_summaries", "grant_summaries"}
    | {"budget_summaries", "signing_summaries"}
)
_TABLE_PAGE_RE = re.compile(r"^/(?P<db>[^/]+)/(?P<table>[A-Za-z_][A-Za-z0-9_]*)/?$")


def _bounded_counts(conn: sqlite3.Connection, limit_ms: float) -> dict[str, int | None]:
    """Each table's rows up to COUNT_CAP (None beyond, for the full-text index, or after ``limit_ms``)."""
    fts = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts%'"
        )
    ]
    counts: dict[str, int | None] = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if any(table == t or table.startswith(f"{t}_") for t in fts):
            counts[table] = None  # the full-text index and its shadow tables: hidden, not counted
            continue
        deadline = time.perf_counter() + limit_ms / 1000

        def out_of_time(deadline: float = deadline) -> bool:
            return time.perf_counter() >= deadline

        # Checked every 1,000 steps (Datasette checks a time limit under 20 ms at every step, a Python call each).
        conn.set_progress_handler(out_of_time, 1000)
        try:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM [{table}] LIMIT {COUNT_CAP + 1})"
            found = conn.execute(sql).fetchone()[0]
            counts[table] = found if found <= COUNT_CAP else None
        except sqlite3.DatabaseError:  # interrupted by the time limit, or a table that cannot be read
            counts[table] = None
        finally:
            conn.set_progress_handler(None, 1000)
    return counts


# What the list of tables asks of each table after counting it, read in the same visit to the read thread and
# kept for the rest of that one request (a context variable): (database, {table: (columns, primary keys, fts)}).
_LISTED: contextvars.ContextVar[tuple[Any, dict[str, tuple[list[str], list[str], str | None]]] | None] = (
    contextvars.ContextVar("pressdb_listed_tables", default=None)
)


def _described(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[str], str | None]]:
    """Each table's columns, primary keys and full-text table, as Datasette's own functions read them."""
    from datasette.utils import detect_fts, detect_primary_keys, table_columns

    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: (table_columns(conn, t), detect_primary_keys(conn, t), detect_fts(conn, t)) for t in names}


def bound_table_counts(datasette: Any) -> None:
    """Make each served database count at most COUNT_CAP rows per table for the list of its tables.

    The list of tables counts every table, then asks for each one its columns, primary keys and full-text
    table, each in a visit to a read connection's thread (a thread switch each, ~200 for this archive): the
    counts and the descriptions are read in one visit, and the descriptions answer for the rest of the request.
    """
    for name, db in datasette.databases.items():
        if name == "_internal" or getattr(db, "_pressdb_bounded", False):
            continue

        async def table_counts(limit: int = 10, db: Any = db) -> dict[str, int | None]:
            counts, described = await db.execute_fn(lambda conn: (_bounded_counts(conn, limit), _described(conn)))
            _LISTED.set((db, described))
            result: dict[str, int | None] = counts
            return result

        def listed(db: Any, table: str, part: int) -> tuple[bool, Any]:
            snapshot = _LISTED.get()
            if snapshot is None or snapshot[0] is not db or table not in snapshot[1]:
                return False, None
            found = snapshot[1][table][part]
            return True, list(found) if isinstance(found, list) else found

        def answered_from_list(method: Any, part: int, db: Any = db) -> Any:
            async def inner(table: str) -> Any:
                known, found = listed(db, table, part)
                return found if known else await method(table)

            return inner

        db.table_counts = table_counts
        db.table_columns = answered_from_list(db.table_columns, 0)
        db.primary_keys = answered_from_list(db.primary_keys, 1)
        db.fts_table = answered_from_list(db.fts_table, 2)
        db._pressdb_bounded = True


def _declares_table_allow(source: Any, database: str) -> bool:
    """Does this metadata source give any table of ``database`` (or every database) an ``allow`` block?

    True also for a table entry that is not a mapping: Datasette's own check then decides.
    """
    if not isinstance(source, dict):
        return source is not None
    places = [source.get("tables")]
    databases = source.get("databases")
    if isinstance(databases, dict) and isinstance(databases.get(database), dict):
        places.append(databases[database].get("tables"))
    for tables in places:
        if tables is None:
            continue
        if not isinstance(tables, dict):
            return True
        for config in tables.values():
            if not isinstance(config, dict) or "allow" in config:
                return True
    return False


def fast_table_permissions(datasette: Any) -> None:
    """Skip Datasette's per-table copy of the whole metadata when no table has an ``allow`` block.

    Datasette 0.65.5 answers each "view-table" check by deep-copying every metadata source (ours holds
    the descriptions of ~50 tables and views and the canned queries) to gather the table's ``allow``
    blocks: the list of tables checks each table and view, 60 copies, most of its time. Without any
    ``allow`` block on a table the answer is no blocks, which is what Datasette itself would return;
    the sources are looked at on every check, so metadata changed meanwhile is seen.
    """
    if getattr(datasette, "_pressdb_fast_permissions", False):
        return
    original = datasette._table_permission_allows

    def table_permission_allows(database: str, table: str) -> list[Any]:
        if any(_declares_table_allow(s, database) for s in datasette._metadata_sources("tables", database, None)):
            result: list[Any] = original(database, table)
            return result
        return []

    datasette._table_permission_allows = table_permission_allows
    datasette._pressdb_fast_permissions = True


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Send the sentences table's search box to the German search query.

    The table search counts every trigram hit, which is slow on a large archive and finds
    only the forms as written; the canned ``search`` query matches stems too, marks the
    hits and stops at the newest 200. JSON requests keep the plain table search.
    """

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                match = _TABLE_SEARCH_RE.match(scope.get("path", ""))
                params = urllib.parse.parse_qs(scope.get("query_string", b"").decode())
                # Only a database this server serves: "/\\evil.example/sentences" must not become a redirect
                # to "/\\evil.example/...", which browsers read as another origin.
                if match and match["db"] in datasette.databases and params.get("_search", [""])[0].strip():
                    target = datasette.urls.path(
                        f"/{match['db']}/search?" + urllib.parse.urlencode({"q": params["_search"][0]})
                    )
                    await Response.redirect(target).asgi_send(send)
                    return
                view = _VIEW_PAGE_RE.match(scope.get("path", ""))
                if view and view["db"] in datasette.databases:
                    query = scope.get("query_string", b"").decode()
                    target = datasette.urls.path(f"/{view['db']}/{SUMMARY_OF_VIEW[view['view']]}")
                    await Response.redirect(target + (f"?{query}" if query else "")).asgi_send(send)
                    return
                table = _TABLE_PAGE_RE.match(scope.get("path", ""))
                if (
                    table
                    and table["db"] in datasette.databases
                    and table["table"] not in SMALL_TABLES
                    and table["table"] not in (datasette.metadata("queries", database=table["db"]) or {})
                    and "_nocount" not in params
                ):
                    query = scope.get("query_string", b"")
                    scope = dict(scope, query_string=query + (b"&" if query else b"") + b"_nocount=1")
            listed = _LISTED.set(None)  # what a list of tables read answers for its own request only
            try:
                await app(scope, receive, send)
            finally:
                _LISTED.reset(listed)

        return wrapped

    return wrap

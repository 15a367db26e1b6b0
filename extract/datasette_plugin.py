"""Datasette plugin: German search functions, links from every fact to its place in the text, document and person pages.

Registered through the ``datasette`` entry point (``pressdb = "extract.datasette_plugin"``).
Every string from the archive is escaped before it reaches a page: markupsafe.escape
in Python, Jinja's autoescape in the templates.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from extract.store import stem_text

TEMPLATES = Path(__file__).resolve().parent / "templates"
ROUTE = "/-/pressdb"
# Markers the search functions put around a hit; render_cell turns them into <mark> after escaping.
HIT_OPEN, HIT_CLOSE = "\u27e6", "\u27e7"
# Trigrams are the smallest unit of the index: shorter words cannot be searched.
MIN_TERM = 3
TERM_RE = re.compile(r"[\w-]+")
WORD_RE = re.compile(r"\w+(?:-\w+)*")

FACT_TABLES = ("commune_mentions", "person_mentions", "quotes", "dates", "money", "figures", "ordinals", "agreements")
# Per fact table: the kind shown on the page and the SQL that yields (id, start, end, page, label, detail, relation).
FACT_SQL = {
    "commune_mentions": (
        "commune",
        "SELECT id, char_start, char_end, page, name,"
        " coalesce(ags, kreis_ags) || ' ' || level, NULL FROM commune_mentions",
    ),
    "person_mentions": (
        "person",
        "SELECT id, char_start, char_end, page, name,"
        " trim(coalesce(role, '') || ' ' || coalesce(organisation, '')), relation"
        " FROM person_mentions",
    ),
    "quotes": ("quote", "SELECT id, char_start, char_end, page, speaker, coalesce(speaker_role, ''), NULL FROM quotes"),
    "dates": (
        "date",
        "SELECT id, char_start, char_end, page, value || coalesce(' – ' || end_value, ''),"
        " granularity, NULL FROM dates",
    ),
    "money": (
        "amount",
        "SELECT id, char_start, char_end, page,"
        " printf('%.2f', amount_cents / 100.0) || ' ' || currency, kind"
        " || coalesce(', ' || recipient, '') || coalesce(', ' || year, ''), NULL FROM money",
    ),
    "figures": (
        "figure",
        "SELECT id, char_start, char_end, page, CASE WHEN value = CAST(value AS INTEGER)"
        " THEN CAST(value AS INTEGER) ELSE value END || ' ' || unit, measure"
        " || coalesce(', as of ' || as_of, ''), NULL FROM figures",
    ),
    "ordinals": (
        "ordinal",
        "SELECT id, char_start, char_end, page, value || '. ' || orders, coalesce(measure, ''), NULL FROM ordinals",
    ),
    "agreements": (
        "agreement",
        "SELECT id, char_start, char_end, page, commune || ' ' || coalesce(date, ''),"
        " kind || coalesce(', ' || programme, '') || ', signed by ' || signatories, status"
        " FROM agreements",
    ),
}


# ---------------------------------------------------------------- search functions


def fts_query(q: str | None) -> str:
    """An FTS5 query for ``q``: each word as written (trigram substring) or by its Snowball stem."""
    parts = []
    for term in TERM_RE.findall(q or ""):
        if len(term) < MIN_TERM:
            continue
        alternatives = [f'text : "{term}"']
        stem = stem_text(term)
        if len(stem) >= MIN_TERM:
            alternatives.append(f'text_stemmed : "{stem}"')
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts) if parts else '""'  # '""' matches nothing, unlike an empty query, which errors


def mark_hits(text: str | None, q: str | None) -> str | None:
    """``text`` with every word that a search for ``q`` matched wrapped in hit markers."""
    if text is None:
        return None
    terms = [t.casefold() for t in TERM_RE.findall(q or "") if len(t) >= MIN_TERM]
    if not terms:
        return text
    stems = [s for s in (stem_text(t) for t in terms) if len(s) >= MIN_TERM]

    def mark(m: re.Match[str]) -> str:
        word = m.group()
        folded = word.casefold()
        if any(t in folded for t in terms) or any(s in stem_text(word) for s in stems):
            return f"{HIT_OPEN}{word}{HIT_CLOSE}"
        return word

    return WORD_RE.sub(mark, text)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("pressdb_match", 1, fts_query, deterministic=True)
    conn.create_function("pressdb_mark", 2, mark_hits, deterministic=True)
    conn.create_function("stem_de", 1, lambda s: None if s is None else stem_text(s), deterministic=True)


# ---------------------------------------------------------------- links from cells


def document_url(datasette: Any, document_id: str, anchor: str | None = None) -> str:
    """The document view of a release, optionally scrolled to an anchor."""
    url = datasette.urls.path(f"{ROUTE}/document/{document_id}")
    return f"{url}#{anchor}" if anchor else url


def _highlighted(value: str) -> Markup:
    return Markup(str(escape(value)).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


def _raw(value: Any) -> Any:
    """The stored value of a cell; Datasette hands foreign keys it has labelled over as {value, label}."""
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if isinstance(value, str) and HIT_OPEN in value:
        return _highlighted(value)
    keys = row.keys() if hasattr(row, "keys") else []
    raw = _raw(value)
    if table in FACT_TABLES and column in ("document_id", "char_start") and raw is not None and "id" in keys:
        url = document_url(datasette, _raw(row["document_id"]), f"fact-{table}-{_raw(row['id'])}")
        if column == "char_start":
            return Markup('<a href="{}" title="Show in the release">{}</a>').format(url, raw)
        label = value.get("label") if isinstance(value, dict) else None
        return Markup('<a href="{}" title="Show in the release">{}</a>').format(url, label or f"{raw[:10]}…")
    if table is None and column == "document_id" and isinstance(raw, str):
        # A canned query: anchor at the character offset when the row has one.
        start = _raw(row["char_start"]) if "char_start" in keys else None
        anchor = f"at-{start}" if isinstance(start, int) and start >= 0 else None
        return Markup('<a href="{}">{}…</a>').format(document_url(datasette, raw, anchor), raw[:10])
    if (
        table in ("documents", "releases", "figure_history", "agreement_events", "person_roles")
        and column in ("id", "document_id")
        and isinstance(raw, str)
        and len(raw) == 64
    ):
        return Markup('<a href="{}">{}…</a>').format(document_url(datasette, raw), raw[:10])
    if table == "people" and column == "name" and "id" in keys:
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(f"{ROUTE}/person/{_raw(row['id'])}"), raw)
    if table in ("person_mentions", "quotes") and column == "person_id" and isinstance(value, dict):
        return Markup('<a href="{}">{}</a>').format(
            datasette.urls.path(f"{ROUTE}/person/{raw}"), value.get("label") or raw
        )
    return None


# ---------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class _Fact:
    table: str
    kind: str
    id: int
    start: int
    end: int
    page: int | None
    label: str
    detail: str
    relation: str | None

    @property
    def anchor(self) -> str:
        return f"fact-{self.table}-{self.id}"

    @property
    def title(self) -> str:
        extra = f" – {self.relation}" if self.relation else ""
        page = f" (page {self.page})" if self.page else ""
        return f"{self.kind}: {self.label}{extra}; {self.detail}{page}"


def annotate(text: str, facts: list[_Fact], row_url: Any, stops: tuple[int, ...] = ()) -> Markup:
    """The text as HTML: each stretch covered by facts in one <mark>, a label after each fact's end.

    Every fact start and every offset in ``stops`` (sentence starts) gets an ``at-<offset>`` anchor.
    """
    facts = [f for f in facts if 0 <= f.start < f.end <= len(text)]
    stops = tuple(s for s in stops if 0 <= s < len(text))
    bounds = sorted({0, len(text), *stops, *(f.start for f in facts), *(f.end for f in facts)})
    starts: dict[int, list[_Fact]] = {}
    ends: dict[int, list[_Fact]] = {}
    for f in facts:
        starts.setdefault(f.start, []).append(f)
        ends.setdefault(f.end, []).append(f)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for f in starts.get(a, []):
            out.append(f'<a class="anchor" id="{f.anchor}"></a>')
        out.append(f'<a class="anchor" id="at-{a}"></a>')
        covering = [f for f in facts if f.start <= a and f.end >= b]
        chunk = str(escape(text[a:b]))
        if covering:
            classes = " ".join(sorted({f.kind for f in covering} | {f.relation for f in covering if f.relation}))
            titles = "\n".join(f.title for f in covering)
            out.append(f'<mark class="fact {escape(classes)}" title="{escape(titles)}">{chunk}</mark>')
        else:
            out.append(chunk)
        for f in sorted(ends.get(b, []), key=lambda f: -f.start):
            text_label = f.kind + (f" · {f.relation}" if f.relation else "") + (f" · p. {f.page}" if f.page else "")
            out.append(
                f'<a class="label {escape(f.kind)}" href="{escape(row_url(f))}" '
                f'title="{escape(f.title)}">{escape(text_label)}</a>'
            )
    return Markup("".join(out))


async def _archive(datasette: Any) -> Any:
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("documents"):
            return db
    return None


@functools.cache
def _template_source(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


async def _render(datasette: Any, request: Any, name: str, context: dict[str, Any]) -> Response:
    # Our templates are read here rather than through Datasette's plugin template path, which Python 3.11's
    # importlib.resources cannot derive from a plain module; they still extend Datasette's base.html.
    template = datasette.jinja_env.from_string(_template_source(name))
    context = dict(context, css=Markup(_template_source("pressdb.css")))
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html)


def _not_found(what: str) -> Response:
    return Response.html(f"<h1>Not found</h1><p>{escape(what)}</p>", status=404)


async def document_page(datasette: Any, request: Any) -> Response:
    """One release: its clean text with every fact highlighted and labelled, and the list of facts."""
    db = await _archive(datasette)
    doc_id = request.url_vars["id"]
    if db is None:
        return _not_found("No pressdb archive is being served.")
    found = (await db.execute("SELECT * FROM documents WHERE id = ?", [doc_id])).first()
    if found is None:
        return _not_found(f"No release with id {doc_id}.")
    document = dict(found)
    facts: list[_Fact] = []
    for table, (kind, sql) in FACT_SQL.items():
        for r in await db.execute(f"{sql} WHERE document_id = ? ORDER BY char_start", [doc_id]):
            facts.append(_Fact(table, kind, r[0], r[1], r[2], r[3], str(r[4] or ""), str(r[5] or ""), r[6]))
    facts.sort(key=lambda f: (f.start, -f.end))
    stops = tuple(r[0] for r in await db.execute("SELECT char_start FROM sentences WHERE document_id = ?", [doc_id]))

    def row_url(f: _Fact) -> str:
        return datasette.urls.row(db.name, f.table, str(f.id))

    counts: dict[str, int] = {}
    for f in facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    outside = [f for f in facts if f.start < 0]  # the press contact stands in the letterhead
    release = None
    if document.get("release_id") is not None:
        found_release = (await db.execute("SELECT * FROM releases WHERE id = ?", [document["release_id"]])).first()
        release = dict(found_release) if found_release else None
    siblings = [
        dict(r, href=document_url(datasette, r["id"]))
        for r in await db.execute(
            "SELECT id, source, format, release_role, copied_share, release_date, issuer FROM documents"
            " WHERE release_id = ? AND id != ? ORDER BY release_role, release_date, source",
            [document.get("release_id"), doc_id],
        )
    ]
    context = {
        "document": document,
        "release": release,
        "release_url": document_url(datasette, release["document_id"]) if release else None,
        "renditions": [r for r in siblings if r["release_role"] == "rendition"],
        "reproductions": [r for r in siblings if r["release_role"] == "reproduction"],
        "body": annotate(document["text"] or "", facts, row_url, stops),
        "facts": [(f, row_url(f)) for f in facts],
        "outside": outside,
        "counts": counts,
        "database": db.name,
        "row_url": datasette.urls.row(db.name, "documents", doc_id),
        "tables": [(t, datasette.urls.table(db.name, t) + f"?document_id={doc_id}") for t in FACT_TABLES],
    }
    return await _render(datasette, request, "pressdb_document.html", context)


async def person_page(datasette: Any, request: Any) -> Response:
    """One person across the archive: every release, role and relation, every quote, every signing."""
    db = await _archive(datasette)
    if db is None:
        return _not_found("No pressdb archive is being served.")
    person_id = request.url_vars["id"]
    found = (await db.execute("SELECT * FROM people WHERE id = ?", [person_id])).first()
    if found is None:
        return _not_found(f"No person with id {person_id}.")
    person = dict(found)
    # One row per release: its canonical document's mention first, the roles and relations of all its
    # mentions (renditions and reprints included) folded into it.
    mentions = _per_release(
        [
            dict(r)
            for r in await db.execute(
                "SELECT m.id, m.document_id, m.char_start, m.page, m.name, m.titles, m.role, m.organisation,"
                " m.relation, r.release_date, r.title, d.release_id, r.sample"
                " FROM person_mentions m JOIN documents d ON d.id = m.document_id"
                " JOIN releases r ON r.id = d.release_id"
                " WHERE m.person_id = ? ORDER BY r.release_date, d.release_id, d.id = r.document_id DESC, m.char_start",
                [person_id],
            )
        ]
    )
    quotes = _once(
        [
            dict(r, key=re.sub(r"\W+", " ", (r["text"] or "").lower()).strip())
            for r in await db.execute(
                "SELECT q.id, q.document_id, q.char_start, q.text, q.speaker_role, r.release_date, r.title,"
                " d.release_id FROM quotes q JOIN documents d ON d.id = q.document_id"
                " JOIN releases r ON r.id = d.release_id WHERE q.person_id = ?"
                " ORDER BY r.release_date, d.release_id, d.id = r.document_id DESC, q.char_start",
                [person_id],
            )
        ],
        ("release_id", "key"),
    )
    signed = _once(
        [
            dict(r)
            for r in await db.execute(
                "SELECT a.id, a.document_id, a.char_start, a.commune, a.date, a.kind, a.programme, a.event_key,"
                " r.release_date FROM agreements a JOIN documents d ON d.id = a.document_id"
                " JOIN releases r ON r.id = d.release_id"
                " WHERE EXISTS (SELECT 1 FROM json_each(a.signatories) WHERE value = ?)"
                " ORDER BY a.date, r.release_date, d.id = r.document_id DESC",
                [person["name"]],
            )
        ],
        ("event_key",),
    )
    for rows, table in ((mentions, "person_mentions"), (quotes, "quotes"), (signed, "agreements")):
        for r in rows:
            r["href"] = document_url(datasette, r["document_id"], f"fact-{table}-{r['id']}")
    context = {
        "person": person,
        "mentions": mentions,
        "quotes": quotes,
        "signed": signed,
        "database": db.name,
        "row_url": datasette.urls.row(db.name, "people", str(person["id"])),
    }
    return await _render(datasette, request, "pressdb_person.html", context)


def _per_release(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per release, the first mention's, with every role, organisation and relation the release gives."""
    out: dict[Any, dict[str, Any]] = {}
    for row in rows:
        first = out.setdefault(row["release_id"], dict(row, roles=[], organisations=[], relations=[]))
        for key, value in (
            ("roles", row["role"]),
            ("organisations", row["organisation"]),
            ("relations", row["relation"]),
        ):
            if value and value not in first[key]:
                first[key].append(value)
    for row in out.values():
        row["role"], row["organisation"] = ", ".join(row["roles"]), ", ".join(row["organisations"])
        row["relation"] = ", ".join(row["relations"])
    return list(out.values())


def _once(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """The first row of each key, in order: a release's renditions and reprints repeat its mentions."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in rows:
        k = tuple(row.get(name) for name in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


async def index_page(datasette: Any, request: Any) -> Response:
    """Where to start: the pages of pressdb, and which releases are samples the project wrote."""
    db = await _archive(datasette)
    samples: list[dict[str, Any]] = []
    counts = {"releases": 0, "documents": 0}
    if db is not None:
        samples = [
            dict(r, href=document_url(datasette, r["document_id"]))
            for r in await db.execute(
                "SELECT id, document_id, title, release_date FROM releases WHERE sample = 1 ORDER BY release_date"
            )
        ]
        counts["releases"] = (await db.execute("SELECT COUNT(*) FROM releases")).first()[0]
        counts["documents"] = (await db.execute("SELECT COUNT(*) FROM documents")).first()[0]
    context = {"database": db.name if db else None, "samples": samples, "counts": counts}
    return await _render(datasette, request, "pressdb_index.html", context)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (rf"^{ROUTE}/document/(?P<id>[0-9a-f]{{64}})$", document_page),
        (rf"^{ROUTE}/person/(?P<id>\d+)$", person_page),
        (rf"^{ROUTE}/?$", index_page),
    ]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(f"{ROUTE}/"), "label": "pressdb: where to start"}]


_TABLE_SEARCH_RE = re.compile(r"^/(?P<db>[^/]+)/sentences/?$")


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
                if match and params.get("_search", [""])[0].strip():
                    target = datasette.urls.path(
                        f"/{match['db']}/search?" + urllib.parse.urlencode({"q": params["_search"][0]})
                    )
                    await Response.redirect(target).asgi_send(send)
                    return
            await app(scope, receive, send)

        return wrapped

    return wrap

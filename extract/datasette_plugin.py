"""Datasette plugin: German search functions, links from every fact to its place in the text, document and person pages.

Registered through the ``datasette`` entry point (``pressdb = "extract.datasette_plugin"``).
Every string from the archive is escaped before it reaches a page: markupsafe.escape
in Python, Jinja's autoescape in the templates.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette import Response, hookimpl
from datasette.utils.asgi import NotFound
from markupsafe import Markup, escape

from extract.german import MONTH_LIST
from extract.lookup import CheckQuery, parse_check  # noqa: F401  (re-exported for the pages)
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
_BOX = ", x0, top, x1, bottom"
# Per fact table: the kind shown on the page and the SQL that yields
# (id, start, end, page, label, detail, relation, target, x0, top, x1, bottom); target is what the fact leads on to.
FACT_SQL = {
    "commune_mentions": (
        "commune",
        "SELECT id, char_start, char_end, page, name,"
        " coalesce(ags, kreis_ags) || ' ' || level, NULL, ags" + _BOX + " FROM commune_mentions",
    ),
    "person_mentions": (
        "person",
        "SELECT id, char_start, char_end, page, name,"
        " trim(coalesce(role, '') || ' ' || coalesce(organisation, '')), relation, person_id"
        + _BOX
        + " FROM person_mentions",
    ),
    "quotes": (
        "quote",
        "SELECT id, char_start, char_end, page, speaker, coalesce(speaker_role, ''), NULL, person_id"
        + _BOX
        + " FROM quotes",
    ),
    "dates": (
        "date",
        "SELECT id, char_start, char_end, page, value || coalesce(' – ' || end_value, ''),"
        " granularity, NULL, NULL" + _BOX + " FROM dates",
    ),
    "money": (
        "amount",
        "SELECT id, char_start, char_end, page, amount_cents,"
        " kind || coalesce(', ' || recipient, '') || coalesce(', ' || year, ''), NULL, recipient_ags"
        + _BOX
        + " FROM money",
    ),
    "figures": (
        "figure",
        "SELECT id, char_start, char_end, page, value, unit || coalesce(', Stand ' || as_of, ''), NULL, measure"
        + _BOX
        + " FROM figures",
    ),
    "ordinals": (
        "ordinal",
        "SELECT id, char_start, char_end, page, value || '. ' || orders, coalesce(measure, ''), NULL, measure"
        + _BOX
        + " FROM ordinals",
    ),
    "agreements": (
        "agreement",
        "SELECT id, char_start, char_end, page, commune || coalesce(' ' || date, ''),"
        " kind || coalesce(', ' || programme, '') || ', unterzeichnet von ' || "
        " coalesce((SELECT group_concat(value, ', ') FROM json_each(signatories)), '–'), status,"
        " coalesce(programme, '')" + _BOX + " FROM agreements",
    ),
}

# ---------------------------------------------------------------- German words and numbers

KIND_DE = {
    "commune": "Kommune",
    "person": "Person",
    "quote": "Zitat",
    "date": "Datum",
    "amount": "Betrag",
    "figure": "Zahl",
    "ordinal": "Ordnungszahl",
    "agreement": "Vereinbarung",
}
RELATION_DE = {
    "signatory": "unterzeichnet",
    "witness": "Zeuge",
    "quoted": "zitiert",
    "contact": "Pressekontakt",
    "mentioned": "genannt",
    "signed": "unterzeichnet",
    "planned": "geplant",
    "reported": "berichtet",
}
MONEY_KIND_DE = {
    "grant": "Förderung",
    "part": "Teilbetrag",
    "budget": "Förderbudget",
    "cost": "Kosten",
    "total": "Gesamtsumme",
    "other": "Sonstiges",
}
FINDING_DE = {
    "count_decreases": "Zählung sinkt",
    "ordinal_vs_count": "Ordnungszahl widerspricht der Anzahl",
    "conflicting_values": "Zwei Werte am selben Tag",
    "parts_exceed_total": "Teile übersteigen die Summe",
    "quote_two_speakers": "Ein Zitat, zwei Sprecher",
    "stale_boilerplate": "Veralteter Textbaustein",
}
GRANULARITY_DE = {"day": "Tag", "month": "Monat", "quarter": "Quartal", "season": "Jahreszeit", "year": "Jahr"}
MONTHS_DE = MONTH_LIST
_ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_COLUMNS = frozenset(
    {"release_date", "date", "as_of", "first_date", "last_date", "valid_from", "valid_to", "end_value"}
)
EURO_COLUMNS = frozenset({"total_eur", "amount_eur"})
CENT_COLUMNS = frozenset({"amount_cents", "amount_max_cents"})
NUMBER_COLUMNS = frozenset({"value", "value_max", "population", "latest"})


def de_number(value: Any, decimals: int | None = None) -> str:
    """A number the German way: ``1.234.567``, ``2,5``; ``141.0`` as ``141``."""
    if value is None or value == "":
        return ""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if decimals is None:
        decimals = 0 if x == int(x) else min(2, len(repr(x).split(".")[1]))
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def de_money(euros: Any) -> str:
    """An amount in euros the German way: ``25.000 €``, ``21.150,50 €``, ``1,1 Mio. €``, ``2 Mrd. €``."""
    if euros is None or euros == "":
        return ""
    try:
        x = float(euros)
    except (TypeError, ValueError):
        return str(euros)
    for size, word in ((1e9, "Mrd."), (1e6, "Mio.")):
        if abs(x) >= size:
            scaled = round(x / size, 2)
            return f"{de_number(scaled)} {word} €"
    return f"{de_number(x, 0 if x == int(x) else 2)} €"


def de_date(value: Any) -> str:
    """An ISO date the German way: ``25. April 2023``, ``April 2023``, ``2023``; anything else as given."""
    if value is None:
        return ""
    text = str(value)
    m = _ISO_DATE_RE.match(text[:10]) if len(text) >= 4 else None
    if not m:
        return text
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return text
    if day:
        return f"{int(day)}. {MONTHS_DE[int(month) - 1]} {year}"
    if month:
        return f"{MONTHS_DE[int(month) - 1]} {year}"
    return year


def measure_name(measure: str | None, unit: str | None = None, predicate: str | None = None) -> str:
    """A readable German name of a statistic: ``asskomm:kommune:beraten`` -> ``ASSKomm: Kommunen beraten``."""
    if not measure:
        return ""
    parts = measure.split(":")
    programme = parts[0] if len(parts) > 1 else ""
    what = unit or (parts[1].capitalize() if len(parts) > 1 else measure)
    verb = predicate if predicate is not None else (parts[2] if len(parts) > 2 else "")
    name = f"{what} {verb}".strip()
    if programme:
        shown = {"asskomm": "ASSKomm", "kompass": "KOMPASS"}.get(programme, programme.capitalize())
        return f"{shown}: {name}"
    return name


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


# A visitor's SQL may not build values bigger than this (a release's text is ~5 KB, a file at most 25 MB):
# SQLite checks it inside the one VM step that a progress handler cannot interrupt (zeroblob, replace, ...).
MAX_VALUE_BYTES = 32 * 1024 * 1024
MAX_SQL_BYTES = 100_000
# The German search functions run in Python, where SQLite's progress handler cannot stop them: bound their input.
MAX_MARK_CHARS = 200_000
MAX_QUERY_CHARS = 300


# SQLite's printf spins through a huge width or precision one failed append at a time, in one VM step that
# neither the progress handler nor the length limit stops (printf('%.*c', 1500000000, 'x') takes half a minute).
MAX_PRINTF_WIDTH = 100_000
_PRINTF_SPEC_RE = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])")
_PLAIN_SQL = sqlite3.connect(":memory:", check_same_thread=False)
_PLAIN_SQL_LOCK = threading.Lock()


def _bounded_printf(fmt: Any, *args: Any) -> Any:
    """SQLite's printf()/format(); NULL for a width or precision that would spin for minutes.

    NULL rather than an error: an exception in a function would print a traceback on the server's console.
    """
    if fmt is None:
        return None
    used = 0
    for m in _PRINTF_SPEC_RE.finditer(str(fmt)):
        for part in m.group(1), m.group(2):
            if part is None:
                continue
            width = (args[used] if used < len(args) else 0) if part == "*" else part
            used += part == "*"
            try:
                too_wide = abs(int(width)) > MAX_PRINTF_WIDTH
            except (TypeError, ValueError):
                too_wide = False
            if too_wide:
                return None
        if m.group(3) != "%":
            used += 1
    marks = ", ".join("?" * (len(args) + 1))
    with _PLAIN_SQL_LOCK:
        return _PLAIN_SQL.execute(f"SELECT printf({marks})", [fmt, *args]).fetchone()[0]


def _bounded_fts_query(q: str | None) -> str:
    return fts_query((q or "")[:MAX_QUERY_CHARS])


def _bounded_mark(text: str | None, q: str | None) -> str | None:
    if text is not None and len(text) > MAX_MARK_CHARS:
        return text
    return mark_hits(text, (q or "")[:MAX_QUERY_CHARS])


def _bounded_stem(text: str | None) -> str | None:
    return None if text is None else stem_text(text[:MAX_MARK_CHARS])


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("pressdb_match", 1, _bounded_fts_query, deterministic=True)
    conn.create_function("pressdb_mark", 2, _bounded_mark, deterministic=True)
    conn.create_function("stem_de", 1, _bounded_stem, deterministic=True)
    conn.create_function("printf", -1, _bounded_printf, deterministic=True)
    conn.create_function("format", -1, _bounded_printf, deterministic=True)
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 200)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 50)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 500)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["de_number"] = de_number
    env.filters["de_money"] = de_money
    env.filters["de_date"] = de_date
    env.filters["kind_de"] = lambda k: KIND_DE.get(k, k)
    env.filters["relation_de"] = lambda r: RELATION_DE.get(r, r)
    env.filters["finding_de"] = lambda k: FINDING_DE.get(k, k)


PARAM_LABELS = {
    "q": "Suchwörter",
    "commune": "Kommune (Name oder Gemeindeschlüssel)",
    "year": "Jahr",
    "name": "Name oder Teil davon",
    "measure": "Statistik (Schlüssel)",
    "programme": "Programm",
    "kind": "Art",
    "value": "Zahl",
    "word": "Wort",
    "wort": "Wort",
}
COLUMN_LABELS = {
    "release_date": "Datum",
    "title": "Titel",
    "snippet": "Fundstelle",
    "page": "Seite",
    "document_id": "Meldung",
    "char_start": "Stelle",
    "commune": "Kommune",
    "landkreis": "Landkreis",
    "mentions": "Nennungen",
    "as_printed": "wie gedruckt",
    "year": "Jahr",
    "grants": "Förderungen",
    "total_eur": "Summe",
    "purposes": "Zwecke",
    "kind": "Art",
    "amounts": "Beträge",
    "communes": "Kommunen",
    "name": "Name",
    "role": "Rolle",
    "organisation": "Organisation",
    "signed": "unterzeichnet",
    "person_id": "Person",
    "as_of": "Stand",
    "value": "Wert",
    "value_max": "bis",
    "qualifier": "Zusatz",
    "unit": "Einheit",
    "text": "wie gedruckt",
    "sentence": "Satz",
    "statements": "Nennungen",
    "figure_id": "Zahl",
    "date": "Datum",
    "programme": "Programm",
    "ordinal": "Nummer",
    "signatories": "Unterzeichner",
    "witnesses": "Zeugen",
    "sources": "Quellen",
    "measure": "Statistik",
    "first_date": "von",
    "last_date": "bis",
    "values": "Werte",
    "explanation": "Erklärung",
    "sentences": "Sätze",
    "history": "Verlauf",
    "issuer": "Herausgeber",
    "format": "Format",
    "release_id": "Meldung",
    "releases": "Meldungen",
    "agreements": "Unterzeichnungen",
    "ags": "Gemeindeschlüssel",
}


@hookimpl
def extra_template_vars() -> dict[str, Any]:
    return {"pressdb_param_labels": PARAM_LABELS, "pressdb_column_labels": COLUMN_LABELS}


# ---------------------------------------------------------------- links from cells


def document_url(datasette: Any, document_id: str, anchor: str | None = None) -> str:
    """The document view of a release, optionally scrolled to an anchor."""
    url = datasette.urls.path(f"{ROUTE}/document/{document_id}")
    return f"{url}#{anchor}" if anchor else url


def commune_url(datasette: Any, ags: str, anchor: str | None = None) -> str:
    url = datasette.urls.path(f"{ROUTE}/commune/{ags}")
    return f"{url}#{anchor}" if anchor else url


def person_url(datasette: Any, person_id: Any) -> str:
    return str(datasette.urls.path(f"{ROUTE}/person/{person_id}"))


def statistic_url(datasette: Any, measure: str) -> str:
    return str(datasette.urls.path(f"{ROUTE}/statistic?" + urllib.parse.urlencode({"measure": measure})))


def shown_source(source: str | None, filename: str | None = None) -> str:
    """What a visitor sees of where a release came from: its public address, else its file name, never a path."""
    if not source:
        return filename or ""
    if re.match(r"^https?://", source):
        return source
    return filename or source.replace("\\", "/").rsplit("/", 1)[-1]


def _highlighted(value: str) -> Markup:
    return Markup(str(escape(value)).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


def _raw(value: Any) -> Any:
    """The stored value of a cell; Datasette hands foreign keys it has labelled over as {value, label}."""
    return value.get("value") if isinstance(value, dict) else value


# Releases by date and title: document ids met in cells, remembered (bounded) so a page of 1000 rows asks once each.
_RELEASE_LABELS: dict[str, str] = {}
_RELEASE_LABELS_MAX = 20_000


async def _release_label(datasette: Any, database: str, document_id: str) -> str:
    label = _RELEASE_LABELS.get(document_id)
    if label is None:
        try:
            row = (
                await datasette.get_database(database).execute(
                    "SELECT release_date, title, filename FROM documents WHERE id = ?", [document_id]
                )
            ).first()
        except Exception:  # noqa: BLE001 - a label is a courtesy; the link works without it
            row = None
        if row is None:
            return f"{document_id[:10]}…"
        date = de_date(row["release_date"]) if row["release_date"] else "undatiert"
        label = f"{date} · {row['title'] or row['filename']}"
        if len(_RELEASE_LABELS) >= _RELEASE_LABELS_MAX:
            _RELEASE_LABELS.clear()
        _RELEASE_LABELS[document_id] = label
    return label


def _document_link(datasette: Any, database: str, document_id: str, anchor: str | None) -> Any:
    async def inner() -> Markup:
        label = await _release_label(datasette, database, document_id)
        return Markup('<a class="release" href="{}" title="In der Meldung zeigen">{}</a>').format(
            document_url(datasette, document_id, anchor), label
        )

    return inner


_RELEASES: dict[int, tuple[str, str]] = {}


def _release_link(datasette: Any, database: str, release_id: int) -> Any:
    """A release by date and title, linking to its canonical document."""

    async def inner() -> Markup:
        found = _RELEASES.get(release_id)
        if found is None:
            try:
                row = (
                    await datasette.get_database(database).execute(
                        "SELECT document_id, release_date, title FROM releases WHERE id = ?", [release_id]
                    )
                ).first()
            except Exception:  # noqa: BLE001 - a label is a courtesy; an archive without releases shows the id
                row = None
            if row is None:
                return Markup("{}").format(release_id)
            date = de_date(row["release_date"]) if row["release_date"] else "undatiert"
            found = (row["document_id"], f"{date} · {row['title'] or 'Meldung ' + str(release_id)}")
            if len(_RELEASES) >= _RELEASE_LABELS_MAX:
                _RELEASES.clear()
            _RELEASES[release_id] = found
        return Markup('<a class="release" href="{}">{}</a>').format(document_url(datasette, found[0]), found[1])

    return inner


def _json_list(value: Any) -> list[Any] | None:
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if isinstance(value, str) and HIT_OPEN in value:
        return _highlighted(value)
    keys = row.keys() if hasattr(row, "keys") else []
    raw = _raw(value)
    if raw is None:
        return None
    # Links: every fact row to its place in the release, and onward.
    if column == "document_id" and isinstance(raw, str) and len(raw) == 64:
        anchor = None
        if table in FACT_TABLES and "id" in keys:
            anchor = f"fact-{table}-{_raw(row['id'])}"
        elif "char_start" in keys and isinstance(_raw(row["char_start"]), int) and _raw(row["char_start"]) >= 0:
            anchor = f"at-{_raw(row['char_start'])}"
        elif "figure_id" in keys and _raw(row["figure_id"]) is not None:
            anchor = f"fact-figures-{_raw(row['figure_id'])}"
        return _document_link(datasette, database, raw, anchor)
    if table == "releases" and column == "title" and "document_id" in keys:
        return Markup('<a class="release" href="{}">{}</a>').format(
            document_url(datasette, _raw(row["document_id"])), raw
        )
    if column in ("release_id", "id") and (column == "release_id" or table == "releases") and isinstance(raw, int):
        return _release_link(datasette, database, raw)
    if table == "documents" and column == "id" and isinstance(raw, str) and len(raw) == 64:
        return Markup('<a href="{}">{}…</a>').format(document_url(datasette, raw), raw[:10])
    if table in FACT_TABLES and column == "char_start" and "document_id" in keys and "id" in keys:
        url = document_url(datasette, _raw(row["document_id"]), f"fact-{table}-{_raw(row['id'])}")
        return Markup('<a href="{}" title="In der Meldung zeigen">{}</a>').format(url, raw)
    if column == "source" and table == "documents":
        filename = _raw(row["filename"]) if "filename" in keys else None
        shown = shown_source(raw, filename)
        if shown.startswith("http"):
            return Markup('<a href="{}">{}</a>').format(shown, shown)
        return shown
    if table == "people" and column == "name" and "id" in keys:
        return Markup('<a href="{}">{}</a>').format(person_url(datasette, _raw(row["id"])), raw)
    if column == "person_id" and isinstance(raw, int):
        label = value.get("label") if isinstance(value, dict) else None
        if not label and "name" in keys:
            label = _raw(row["name"])
        return Markup('<a href="{}">{}</a>').format(person_url(datasette, raw), label or raw)
    if column in ("ags", "recipient_ags", "commune_ags") and isinstance(raw, str) and re.fullmatch(r"\d{8}", raw):
        label = value.get("label") if isinstance(value, dict) else None
        anchor = "foerderung" if column == "recipient_ags" else None
        return Markup('<a href="{}">{}</a>').format(commune_url(datasette, raw, anchor), label or raw)
    if column == "measure" and isinstance(raw, str) and raw:
        return Markup('<a href="{}" title="{}">{}</a>').format(statistic_url(datasette, raw), raw, measure_name(raw))
    # German numbers, amounts and dates; the stored values stay as they are (JSON, CSV).
    if column in DATE_COLUMNS and isinstance(raw, str) and _ISO_DATE_RE.match(raw[:10]):
        return de_date(raw)
    if column in EURO_COLUMNS and isinstance(raw, (int, float)):
        return de_money(raw)
    if column in CENT_COLUMNS and isinstance(raw, int):
        return de_money(raw / 100)
    if column in NUMBER_COLUMNS and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return de_number(raw)
    if column == "kind" and table in (None, "findings") and raw in FINDING_DE:
        return FINDING_DE[raw]
    if column == "kind" and table in (None, "money") and raw in MONEY_KIND_DE:
        return MONEY_KIND_DE[raw]
    if column == "sentences" and "document_ids" in keys:
        quotes = _json_list(raw) or []
        docs = _json_list(_raw(row["document_ids"])) or []
        return Markup("<br>").join(
            Markup('»{}« <a href="{}">in der Meldung</a>').format(str(q), document_url(datasette, docs[i]))
            if i < len(docs) and isinstance(docs[i], str)
            else Markup("»{}«").format(str(q))
            for i, q in enumerate(quotes)
        )
    if column == "relation" and raw in RELATION_DE:
        return RELATION_DE[raw]
    if column in ("values", "sentences", "signatories", "witnesses", "partners"):
        items = _json_list(raw)
        if items is not None:
            if column == "values":
                return " → ".join(de_number(v) if isinstance(v, (int, float)) else str(v) for v in items)
            if column == "sentences":
                return Markup("<br>").join(Markup("»{}«").format(str(v)) for v in items)
            return ", ".join(str(v) for v in items)
    return None


# ---------------------------------------------------------------- errors and refusals, in German

_ERROR_DE = (
    ("Database not found", "Diese Datenbank gibt es hier nicht"),
    ("Table not found", "Diese Tabelle gibt es nicht"),
    ("Row not found", "Diesen Eintrag gibt es nicht"),
    ("Page not found", "Diese Seite gibt es nicht"),
    ("404", "Diese Seite gibt es nicht"),
)


def _german(message: str) -> str:
    for english, german in _ERROR_DE:
        if message.startswith(english):
            rest = message[len(english) :].lstrip(": ")
            return f"{german}: {rest}" if rest and english != "404" else german
    return message


def _error_html(title: str, message: str, home: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="de"><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<h1>{escape(title)}</h1><p>{escape(message)}</p><p><a href="{escape(home)}">Zur Startseite</a></p></html>'
    )


async def _error_page(datasette: Any, request: Any, status: int, title: str, message: str) -> Response:
    home = datasette.urls.path(f"{ROUTE}/")
    if request is not None and request.path.split("?")[0].endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status, "title": title}, status=status)
    try:
        db = await _archive(datasette)
        html = await _render_html(
            datasette,
            request,
            "pressdb_error.html",
            {"status": status, "title": title, "message": message, "home": home, "database": db.name if db else None},
        )
    except Exception as exc:  # noqa: BLE001 - the error page must answer even when templates fail
        print(f"pressdb: error page failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        html = _error_html(title, message, home)
    return Response.html(html, status=status)


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Every error as a German page with a way back; a one-line log for real failures, never a traceback."""
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    async def inner() -> Response:
        status = 500
        message = str(exception)
        if isinstance(exception, Base400):
            status = exception.status
            message = _german(str(exception.args[0]) if exception.args else "")
        elif isinstance(exception, DatasetteError):
            status = exception.status
            message = _german(str(exception.message))
        titles = {
            404: "Nicht gefunden",
            403: "Nicht erlaubt",
            400: "Ungültige Anfrage",
        }
        title = titles.get(status, "Fehler" if status < 500 else "Interner Fehler")
        if status >= 500:
            path = request.path if request is not None else "?"
            print(f"pressdb: {status} on {path}: {type(exception).__name__}: {exception}", file=sys.stderr)
            # The details stay in the server's log line: a visitor learns nothing about the SQL behind the page.
            message = (
                "Beim Erstellen dieser Seite ist ein Fehler aufgetreten; er ist im Protokoll des Servers vermerkt."
            )
        return await _error_page(datasette, request, status, title, message)

    return inner


@hookimpl
def forbidden(datasette: Any, request: Any, message: str) -> Any:
    async def inner() -> Response:
        text = "Eigene SQL-Abfragen sind auf diesem Server abgeschaltet; die vorbereiteten Abfragen stehen offen."
        if "sql" not in message.casefold():
            text = f"Kein Zugriff ({message})."
        else:
            text += " Wer das Archiv selbst betreibt, erlaubt sie mit `pressdb serve --sql`."
        return await _error_page(datasette, request, 403, "Nicht erlaubt", text)

    return inner


def _replace_default_error_page() -> None:
    """Drop Datasette 0.65's error handler: it runs for every error after ours and calls rich's
    print_exception outside an exception, which itself fails (a 500 and a traceback for any 404)."""
    from datasette.plugins import pm

    if pm.get_plugin("datasette.handle_exception") is not None:
        pm.unregister(name="datasette.handle_exception")


@hookimpl
def startup(datasette: Any) -> None:
    _replace_default_error_page()


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
    onward: str | None = None
    onward_label: str | None = None
    box: tuple[float, float, float, float] | None = None

    @property
    def anchor(self) -> str:
        return f"fact-{self.table}-{self.id}"

    @property
    def kind_de(self) -> str:
        return KIND_DE.get(self.kind, self.kind)

    @property
    def relation_de(self) -> str | None:
        return RELATION_DE.get(self.relation, self.relation) if self.relation else None

    @property
    def title(self) -> str:
        extra = f" – {self.relation_de}" if self.relation else ""
        page = f" (Seite {self.page})" if self.page else ""
        detail = f"; {self.detail}" if self.detail else ""
        return f"{self.kind_de}: {self.label}{extra}{detail}{page}"


def _fact_label(kind: str, label: Any, detail: str) -> tuple[str, str]:
    if kind == "amount" and isinstance(label, (int, float)):
        kind_word, _, rest = detail.partition(",")
        return de_money(label / 100), ", ".join(p for p in (MONEY_KIND_DE.get(kind_word, kind_word), rest.strip()) if p)
    if kind == "figure" and isinstance(label, (int, float)):
        return de_number(label), detail
    if kind == "date":
        start, _, end = str(label).partition(" – ")
        shown = de_date(start) + (f" – {de_date(end)}" if end else "")
        return shown, GRANULARITY_DE.get(detail, detail)
    return str(label or ""), detail


def _onward(
    datasette: Any, database: str, kind: str, target: Any, relation: str | None
) -> tuple[str | None, str | None]:
    """Where a fact leads on to, and the words of that link."""
    if kind == "agreement":
        query = urllib.parse.urlencode({"programme": target or ""})
        return f"{datasette.urls.database(database)}/network_timeline?{query}", "Zeitleiste der Unterzeichnungen"
    if target is None or target == "":
        if kind == "amount":
            return datasette.urls.database(database) + "/grants_per_year?commune=", "Förderung je Jahr"
        return None, None
    if kind in ("person", "quote"):
        return person_url(datasette, target), "Personenseite"
    if kind == "commune":
        return commune_url(datasette, str(target)), "Kommunenseite"
    if kind in ("figure", "ordinal"):
        return statistic_url(datasette, str(target)), "Verlauf der Statistik"
    if kind == "amount":
        return commune_url(datasette, str(target), "foerderung"), "Förderung der Kommune"
    return None, None


def annotate(text: str, facts: list[_Fact], row_url: Any, stops: tuple[int, ...] = ()) -> Markup:
    """The text as HTML: each stretch covered by facts in one <mark>, a label after each fact's end.

    Every fact start and every offset in ``stops`` (sentence starts) gets an ``at-<offset>`` anchor.
    Each label leads on (person page, commune page, statistic ...) or, failing that, to the fact's row.
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
            ids = " ".join(f.anchor for f in covering)
            out.append(
                f'<mark class="fact {escape(classes)}" title="{escape(titles)}" data-facts="{ids}" '
                f'tabindex="0">{chunk}</mark>'
            )
        else:
            out.append(chunk)
        for f in sorted(ends.get(b, []), key=lambda f: -f.start):
            text_label = (
                f.kind_de + (f" · {f.relation_de}" if f.relation else "") + (f" · S. {f.page}" if f.page else "")
            )
            href = f.onward or row_url(f)
            out.append(
                f'<a class="label {escape(f.kind)}" href="{escape(href)}" data-fact="{f.anchor}" '
                f'title="{escape(f.title)}">{escape(text_label)}</a>'
            )
    return Markup("".join(out))


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
    # Our templates are read here rather than through Datasette's plugin template path, which Python 3.11's
    # importlib.resources cannot derive from a plain module; they still extend Datasette's base.html.
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


def _pdf_path(datasette: Any, document: dict[str, Any]) -> Path | None:
    """The PDF a document was read from, if it can still be found (as given, beside the archive, in corpus/)."""
    if document.get("format") != "pdf":
        return None
    from extract.resources import corpus_dir

    source = Path(str(document.get("source") or ""))
    db = next((d for d in datasette.databases.values() if d.path), None)
    candidates = [source]
    if db is not None:
        candidates.append(Path(db.path).resolve().parent / source)
    candidates.append(corpus_dir() / str(document.get("filename") or ""))
    for path in candidates:
        if path.is_file() and _sha256(path) == document["id"]:
            return path
    return None


@functools.lru_cache(maxsize=512)
def _sha256_cached(path: str, size: int, mtime: int) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha256(path: Path) -> str:
    st = path.stat()
    return _sha256_cached(str(path.resolve()), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _page_sizes(path: str, mtime: int) -> tuple[tuple[float, float], ...]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(path)
    try:
        return tuple(tuple(pdf[i].get_size()) for i in range(len(pdf)))  # type: ignore[misc]
    finally:
        pdf.close()


class _PageCache:
    """Rendered page images, least recently used dropped first, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.items: dict[tuple[str, int], bytes] = {}

    def get(self, key: tuple[str, int]) -> bytes | None:
        png = self.items.pop(key, None)
        if png is not None:
            self.items[key] = png  # most recent last
        return png

    def put(self, key: tuple[str, int], png: bytes) -> None:
        self.items[key] = png
        while sum(len(v) for v in self.items.values()) > self.max_bytes and len(self.items) > 1:
            self.items.pop(next(iter(self.items)))

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.items.values())


PAGE_CACHE = _PageCache(32 * 1024 * 1024)
PAGE_SCALE = 1.5  # 108 dpi: readable beside the text, ~150 KB per page


def render_page(path: Path, page: int) -> bytes:
    """Page ``page`` (from 1) of a PDF as PNG."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        image = pdf[page - 1].render(scale=PAGE_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)  # a third faster than the default, a fifth bigger
        return out.getvalue()
    finally:
        pdf.close()


async def page_image(datasette: Any, request: Any) -> Response:
    """One printed page of a PDF release as PNG, rendered once and cached."""
    import asyncio

    db = await _require_archive(datasette)
    doc_id, page = request.url_vars["id"], int(request.url_vars["page"])
    key = (doc_id, page)
    png = PAGE_CACHE.get(key)
    if png is None:
        found = (await db.execute("SELECT id, source, filename, format FROM documents WHERE id = ?", [doc_id])).first()
        if found is None:
            raise _not_found(f"Keine Meldung mit der Kennung {doc_id}.")
        path = _pdf_path(datasette, dict(found))
        if path is None:
            raise _not_found("Die PDF-Datei dieser Meldung liegt dem Server nicht vor.")
        try:
            png = await asyncio.get_running_loop().run_in_executor(None, render_page, path, page)
        except IndexError:
            raise _not_found(f"Die Meldung hat keine Seite {page}.") from None
        PAGE_CACHE.put(key, png)
    return Response(png, content_type="image/png", headers={"Cache-Control": "max-age=3600"})


async def document_page(datasette: Any, request: Any) -> Response:
    """One release: its clean text with every fact highlighted and labelled, the printed pages, the list of facts."""
    db = await _require_archive(datasette)
    doc_id = request.url_vars["id"]
    found = (await db.execute("SELECT * FROM documents WHERE id = ?", [doc_id])).first()
    if found is None:
        raise _not_found(f"Keine Meldung mit der Kennung {doc_id}.")
    document = dict(found)
    facts: list[_Fact] = []
    for table, (kind, sql) in FACT_SQL.items():
        for r in await db.execute(f"{sql} WHERE document_id = ? ORDER BY char_start", [doc_id]):
            label, detail = _fact_label(kind, r[4], str(r[5] or ""))
            onward, onward_label = _onward(datasette, db.name, kind, r[7], r[6])
            box = (r[8], r[9], r[10], r[11]) if r[8] is not None and r[11] is not None else None
            facts.append(_Fact(table, kind, r[0], r[1], r[2], r[3], label, detail, r[6], onward, onward_label, box))
    facts.sort(key=lambda f: (f.start, -f.end))
    stops = tuple(r[0] for r in await db.execute("SELECT char_start FROM sentences WHERE document_id = ?", [doc_id]))

    def row_url(f: _Fact) -> str:
        return str(datasette.urls.row(db.name, f.table, str(f.id)))

    counts: dict[str, int] = {}
    for f in facts:
        counts[f.kind_de] = counts.get(f.kind_de, 0) + 1
    outside = [f for f in facts if f.start < 0]  # the press contact stands in the letterhead
    release = None
    if document.get("release_id") is not None:
        found_release = (await db.execute("SELECT * FROM releases WHERE id = ?", [document["release_id"]])).first()
        release = dict(found_release) if found_release else None
    siblings = [
        dict(r, href=document_url(datasette, r["id"]), shown=shown_source(r["source"], r["filename"]))
        for r in await db.execute(
            "SELECT id, source, filename, format, release_role, copied_share, release_date, issuer FROM documents"
            " WHERE release_id = ? AND id != ? ORDER BY release_role, release_date, source",
            [document.get("release_id"), doc_id],
        )
    ]
    pages: list[dict[str, Any]] = []
    pdf = _pdf_path(datasette, document)
    if pdf is not None:
        sizes = _page_sizes(str(pdf), pdf.stat().st_mtime_ns)
        for n, (width, height) in enumerate(sizes, start=1):
            boxes = [
                {
                    "anchor": f.anchor,
                    "kind": f.kind,
                    "title": f.title,
                    "left": 100 * f.box[0] / width,
                    "top": 100 * f.box[1] / height,
                    "width": 100 * (f.box[2] - f.box[0]) / width,
                    "height": 100 * (f.box[3] - f.box[1]) / height,
                }
                for f in facts
                if f.page == n and f.box is not None
            ]
            pages.append(
                {
                    "n": n,
                    "src": datasette.urls.path(f"{ROUTE}/page/{doc_id}/{n}.png"),
                    "ratio": height / width,
                    "boxes": boxes,
                }
            )
    details = {
        f.anchor: {
            "kind": f.kind_de + (f" · {f.relation_de}" if f.relation else ""),
            "label": f.label,
            "detail": f.detail,
            "page": f.page,
            "onward": f.onward,
            "onward_label": f.onward_label,
            "row": row_url(f),
        }
        for f in facts
    }
    context = {
        "document": document,
        "source": shown_source(document.get("source"), document.get("filename")),
        "release": release,
        "release_url": document_url(datasette, release["document_id"]) if release else None,
        "renditions": [r for r in siblings if r["release_role"] == "rendition"],
        "reproductions": [r for r in siblings if r["release_role"] == "reproduction"],
        "body": annotate(document["text"] or "", facts, row_url, stops),
        "facts": [(f, row_url(f)) for f in facts],
        "outside": outside,
        "counts": counts,
        "pages": pages,
        "details_json": Markup(json.dumps(details, ensure_ascii=False).replace("</", "<\\/")),
        "database": db.name,
        "row_url": datasette.urls.row(db.name, "documents", doc_id),
        "tables": [(t, datasette.urls.table(db.name, t) + f"?document_id={doc_id}") for t in FACT_TABLES],
    }
    return await _render(datasette, request, "pressdb_document.html", context)


async def person_page(datasette: Any, request: Any) -> Response:
    """One person across the archive: every release, role and relation, every quote, every signing."""
    db = await _require_archive(datasette)
    person_id = request.url_vars["id"]
    found = (await db.execute("SELECT * FROM people WHERE id = ?", [person_id])).first()
    if found is None:
        raise _not_found(f"Keine Person mit der Nummer {person_id}.")
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
                " WHERE m.person_id = ?"
                " ORDER BY r.release_date, d.release_id, d.id = r.document_id DESC, m.char_start",
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
                "SELECT a.id, a.document_id, a.char_start, a.commune, a.commune_ags, a.date, a.kind, a.programme,"
                " a.event_key, a.witnesses, r.release_date, r.title FROM agreements a"
                " JOIN documents d ON d.id = a.document_id"
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
            r["release"] = r.get("title") or r.get("filename") or "Meldung"
    for r in mentions:
        r["relation_de"] = ", ".join(RELATION_DE.get(x, x) for x in r.get("relations") or [r["relation"]] if x)
    for r in signed:
        r["commune_href"] = commune_url(datasette, r["commune_ags"]) if r["commune_ags"] else None
        r["witness_list"] = ", ".join(_json_list(r["witnesses"]) or [])
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


def sparkline(values: list[float], width: int = 120, height: int = 28) -> Markup:
    """A small inline SVG line of ``values`` (oldest first)."""
    if not values:
        return Markup("")
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = width / max(len(values) - 1, 1)
    points = [(i * step, height - 3 - (v - lo) / span * (height - 6)) for i, v in enumerate(values)]
    if len(points) == 1:
        points = [(0.0, points[0][1]), (float(width), points[0][1])]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Verlauf"><polyline fill="none" stroke="#1f6fb2" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="#b0304f"/></svg>'
    )


def bar_chart(series: list[tuple[str, float]], unit: str = "€", width: int = 560, height: int = 200) -> Markup:
    """An inline SVG bar chart of (label, value) pairs, scaled to the largest value, labelled the German way."""
    if not series:
        return Markup("")
    top = max(v for _, v in series) or 1.0
    n = len(series)
    gap = 8
    bar = min(max((width - gap * (n + 1)) / n, 4), 90)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 36}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'role="img" aria-label="Balkendiagramm">'
    ]
    for i, (label, value) in enumerate(series):
        h = value / top * (height - 20)
        x = gap + i * (bar + gap)
        y = height - h
        shown = de_money(value) if unit == "€" else de_number(value)
        parts.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#1f6fb2"/>'
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{escape(shown)}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height + 16}" font-size="12" text-anchor="middle">'
            f"{escape(label)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: list[tuple[str, float]], width: int = 560, height: int = 200) -> Markup:
    """An inline SVG line chart of (ISO date, value) pairs, dates spaced by time."""
    import datetime as dt

    dated = []
    for day, value in points:
        try:
            dated.append((dt.date.fromisoformat(day[:10]), value, day))
        except ValueError:
            continue
    if not dated:
        return Markup("")
    t0, t1 = dated[0][0].toordinal(), dated[-1][0].toordinal()
    lo, hi = min(v for _, v, _ in dated), max(v for _, v, _ in dated)
    lo = min(lo, 0.0)
    span_t, span_v = (t1 - t0) or 1, (hi - lo) or 1.0
    left, right, pad = 50, 20, 20

    def xy(d: Any, v: float) -> tuple[float, float]:
        x = left + (d.toordinal() - t0) / span_t * (width - left - right) if t1 > t0 else width / 2
        return x, pad + (1 - (v - lo) / span_v) * (height - 2 * pad)

    coords = [xy(d, v) for d, v, _ in dated]
    parts = [
        f'<svg class="chart history" viewBox="0 0 {width} {height + 30}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="Verlauf">',
        f'<line x1="{left}" y1="{height - pad}" x2="{width - right}" y2="{height - pad}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{pad + 4}" font-size="11" text-anchor="end">{escape(de_number(hi))}</text>',
        f'<text x="{left - 6}" y="{height - pad + 4}" font-size="11" text-anchor="end">{escape(de_number(lo))}</text>',
        '<polyline fill="none" stroke="#1f6fb2" stroke-width="2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        + '"/>',
    ]
    for (x, y), (_, v, day) in zip(coords, dated, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#b0304f"><title>{escape(de_date(day))}: '
            f"{escape(de_number(v))}</title></circle>"
        )
    parts.append(
        f'<text x="{left}" y="{height + 12}" font-size="11">{escape(de_date(dated[0][2]))}</text>'
        f'<text x="{width - right}" y="{height + 12}" font-size="11" text-anchor="end">'
        f"{escape(de_date(dated[-1][2]))}</text></svg>"
    )
    return Markup("".join(parts))


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


async def commune_page(datasette: Any, request: Any) -> Response:
    """One municipality: releases naming it, signings, grants per year, statistics, findings, place, history."""
    db = await _require_archive(datasette)
    ags = request.url_vars["ags"]
    found = (await db.execute("SELECT * FROM communes WHERE ags = ?", [ags])).first()
    if found is None:
        raise _not_found(f"Keine Kommune mit dem Gemeindeschlüssel {ags}.")
    commune = dict(found)
    # One row per release, however many of its renditions and reprints name the commune; the mention shown is
    # from its canonical document where that names it.
    releases = await _rows(
        db,
        "SELECT r.id AS release_id, r.release_date, r.title, r.issuer, r.sample, r.renditions + r.reproductions"
        " AS documents, (SELECT m2.id FROM commune_mentions m2 JOIN documents d2 ON d2.id = m2.document_id"
        "   JOIN releases r2 ON r2.id = d2.release_id"
        "   WHERE m2.ags = :ags AND d2.release_id = r.id ORDER BY d2.id = r2.document_id DESC, m2.char_start"
        "   LIMIT 1) AS first_id"
        " FROM releases r WHERE r.id IN (SELECT d.release_id FROM commune_mentions m"
        "   JOIN documents d ON d.id = m.document_id WHERE m.ags = :ags)"
        " ORDER BY r.release_date DESC LIMIT 200",
        {"ags": ags},
    )
    first_ids = [r["first_id"] for r in releases]
    located: dict[int, dict[str, Any]] = {}
    if first_ids:
        marks = ",".join("?" * len(first_ids))
        for r in await db.execute(
            f"SELECT m.id, m.document_id, (SELECT COUNT(*) FROM commune_mentions x WHERE x.document_id ="
            f" m.document_id AND x.ags = m.ags) AS mentions FROM commune_mentions m WHERE m.id IN ({marks})",
            first_ids,
        ):
            located[r["id"]] = dict(r)
    for r in releases:
        place = located.get(r["first_id"], {})
        r["mentions"] = place.get("mentions", 0)
        r["href"] = document_url(datasette, place.get("document_id", ""), f"fact-commune_mentions-{r['first_id']}")
    # One row per signing (agreement_events), with everyone any report of it names; planned signings follow.
    signings = await _rows(
        db,
        "SELECT e.event_key, e.date, e.kind, e.programme, e.ordinal, 'signed' AS status, e.sources,"
        " (SELECT json_group_array(DISTINCT j.value) FROM agreements a, json_each(a.signatories) j"
        "   WHERE a.event_key = e.event_key) AS signatories,"
        " (SELECT json_group_array(DISTINCT j.value) FROM agreements a, json_each(a.witnesses) j"
        "   WHERE a.event_key = e.event_key) AS witnesses,"
        " (SELECT a.id FROM agreements a JOIN documents d ON d.id = a.document_id JOIN releases r ON"
        "   r.id = d.release_id WHERE a.event_key = e.event_key ORDER BY r.release_date, d.id = r.document_id DESC"
        "   LIMIT 1) AS id"
        " FROM agreement_events e WHERE e.commune_ags = :ags"
        " UNION ALL"
        " SELECT NULL, a.date, a.kind, a.programme, a.ordinal, a.status, 1, a.signatories, a.witnesses, MIN(a.id)"
        " FROM agreements a JOIN documents d ON d.id = a.document_id"
        " WHERE a.commune_ags = :ags AND a.status != 'signed'"
        " GROUP BY d.release_id, a.kind, a.programme"
        " ORDER BY 2 LIMIT 200",
        {"ags": ags},
    )
    reports: dict[int, dict[str, Any]] = {}
    ids = [r["id"] for r in signings if r["id"] is not None]
    if ids:
        marks = ",".join("?" * len(ids))
        for r in await db.execute(
            f"SELECT a.id, a.document_id, r.release_date, r.title FROM agreements a"
            f" JOIN documents d ON d.id = a.document_id JOIN releases r ON r.id = d.release_id"
            f" WHERE a.id IN ({marks})",
            ids,
        ):
            reports[r["id"]] = dict(r)
    for r in signings:
        report = reports.get(r["id"], {})
        r.update(release_date=report.get("release_date"), title=report.get("title"), filename=None)
        r["href"] = document_url(datasette, report.get("document_id", ""), f"fact-agreements-{r['id']}")
        r["signatory_list"] = _json_list(r["signatories"]) or []
        r["witness_list"] = _json_list(r["witnesses"]) or []
    names = {n for r in signings for n in (*r["signatory_list"], *r["witness_list"])}
    people: dict[str, int] = {}
    if names:
        marks = ",".join("?" * len(names))
        for r in await db.execute(f"SELECT name, id FROM people WHERE name IN ({marks})", sorted(names)):
            people[r["name"]] = r["id"]
    for r in signings:
        r["signatory_links"] = [
            (n, person_url(datasette, people[n]) if n in people else None) for n in r["signatory_list"]
        ]
        r["witness_links"] = [(n, person_url(datasette, people[n]) if n in people else None) for n in r["witness_list"]]
    # Each grant once (the grants view), shown through its first mention in the release that first stated it.
    grants = await _rows(
        db,
        "SELECT g.year, g.amount_cents, g.purpose, g.releases, g.mentions, g.first_stated,"
        " (SELECT m.id FROM json_each(g.money_ids) j JOIN money m ON m.id = j.value"
        "   JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
        "   ORDER BY r.release_date, d.id = r.document_id DESC, m.char_start LIMIT 1) AS id"
        " FROM grants g WHERE g.recipient_ags = ? ORDER BY g.year, g.first_stated",
        [ags],
    )
    shown: dict[int, dict[str, Any]] = {}
    money_ids = [g["id"] for g in grants if g["id"] is not None]
    if money_ids:
        marks = ",".join("?" * len(money_ids))
        for r in await db.execute(
            f"SELECT m.id, m.document_id, m.kind, m.text, r.release_date, r.title FROM money m"
            f" JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
            f" WHERE m.id IN ({marks})",
            money_ids,
        ):
            shown[r["id"]] = dict(r)
    per_year: dict[str, float] = {}
    for g in grants:
        mention = shown.get(g["id"], {})
        g.update(
            kind=mention.get("kind"),
            text=mention.get("text", ""),
            release_date=mention.get("release_date"),
            title=mention.get("title"),
        )
        g["href"] = document_url(datasette, mention.get("document_id", ""), f"fact-money-{g['id']}")
        if g["year"]:
            per_year[str(g["year"])] = per_year.get(str(g["year"]), 0.0) + g["amount_cents"] / 100
    # Statements (figure_statements: a release's value once) whose mentions stand in a sentence naming the commune.
    statistics = await _rows(
        db,
        "SELECT st.figure_id AS id, st.measure, st.value, st.unit, st.predicate, st.as_of, f.document_id,"
        " r.title, NULL AS filename, f.text FROM figure_statements st"
        " JOIN releases r ON r.id = st.release_id JOIN figures f ON f.id = st.figure_id"
        " WHERE EXISTS (SELECT 1 FROM json_each(st.figure_ids) j JOIN figures f2 ON f2.id = j.value"
        "   JOIN commune_mentions m ON m.sentence_id = f2.sentence_id WHERE m.ags = ?)"
        " ORDER BY st.as_of DESC LIMIT 100",
        [ags],
    )
    for r in statistics:
        r["href"] = document_url(datasette, r["document_id"], f"fact-figures-{r['id']}")
        r["name"] = measure_name(r["measure"], r["unit"], r["predicate"])
        r["statistic_href"] = statistic_url(datasette, r["measure"])
    release_ids = [r["release_id"] for r in releases]
    findings: list[dict[str, Any]] = []
    if release_ids:
        findings = await _rows(
            db,
            "SELECT f.* FROM findings f WHERE EXISTS (SELECT 1 FROM json_each(f.document_ids) j"
            " JOIN commune_mentions m ON m.document_id = j.value AND m.ags = :ags)"
            " AND (f.measure IS NULL OR f.measure IN (SELECT f2.measure FROM figures f2"
            " JOIN commune_mentions m2 ON m2.sentence_id = f2.sentence_id AND m2.ags = :ags))"
            " ORDER BY f.last_date DESC LIMIT 50",
            {"ags": ags},
        )
        for f in findings:
            _finding_context(datasette, f)
    successor = None
    if commune.get("successor_ags"):
        successor = (
            await db.execute("SELECT ags, name FROM communes WHERE ags = ?", [commune["successor_ags"]])
        ).first()
    predecessors = await _rows(
        db, "SELECT ags, name, valid_to FROM communes WHERE successor_ags = ? ORDER BY valid_to", [ags]
    )
    verband = None
    if commune.get("verband_ars"):
        verband = (await db.execute("SELECT * FROM verbaende WHERE ars = ?", [commune["verband_ars"]])).first()
    members: list[dict[str, Any]] = []
    if verband is not None:
        members = await _rows(
            db,
            "SELECT c.ags, c.name FROM json_each(?) j JOIN communes c ON c.ags = j.value"
            " WHERE c.ags != ? ORDER BY c.name",
            [verband["members"], ags],
        )
        for m in members:
            m["href"] = commune_url(datasette, m["ags"])
    feed = datasette.urls.database(db.name) + "/feed_commune.atom?" + urllib.parse.urlencode({"commune": ags})
    context = {
        "commune": commune,
        "releases": releases,
        "signings": signings,
        "grants": grants,
        "per_year": sorted(per_year.items()),
        "chart": bar_chart(sorted(per_year.items())),
        "statistics": statistics,
        "findings": findings,
        "successor": dict(successor) if successor else None,
        "successor_href": commune_url(datasette, successor["ags"]) if successor else None,
        "predecessors": [dict(p, href=commune_url(datasette, p["ags"])) for p in predecessors],
        "verband": dict(verband) if verband else None,
        "members": members,
        "map_href": datasette.urls.database(db.name) + "/map_of_communes?" + urllib.parse.urlencode({"commune": ags}),
        "osm_href": (
            f"https://www.openstreetmap.org/?mlat={commune['lat']}&mlon={commune['lon']}#map=12/{commune['lat']}/{commune['lon']}"
            if commune.get("lat") is not None
            else None
        ),
        "feed": feed,
        "database": db.name,
        "row_url": datasette.urls.row(db.name, "communes", ags),
    }
    return await _render(datasette, request, "pressdb_commune.html", context)


def _finding_context(datasette: Any, f: dict[str, Any]) -> None:
    """A finding as a German sentence with its quotes and links to the releases."""
    values = _json_list(f.get("values")) or []
    sentences = _json_list(f.get("sentences")) or []
    documents = _json_list(f.get("document_ids")) or []
    f["kind_de"] = FINDING_DE.get(f["kind"], f["kind"])
    f["values_de"] = " → ".join(de_number(v) if isinstance(v, (int, float)) else str(v) for v in values)
    f["quotes"] = [
        (str(s), document_url(datasette, documents[i]) if i < len(documents) else None) for i, s in enumerate(sentences)
    ]
    f["name"] = measure_name(f.get("measure"))
    f["sentence_de"] = f.get("explanation") or FINDING_DE.get(f["kind"], f["kind"])  # pressdb audit writes German
    f["statistic_href"] = statistic_url(datasette, f["measure"]) if f.get("measure") else None


async def statistics_page(datasette: Any, request: Any) -> Response:
    """Every statistic by a readable name, with its latest value and a sparkline; searchable."""
    db = await _require_archive(datasette)
    q = (request.args.get("q") or "").strip()[:MAX_QUERY_CHARS]
    rows = await _rows(
        db,
        "SELECT measure, unit, predicate, value, as_of FROM figure_statements ORDER BY measure, as_of, value",
    )
    by_measure: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_measure.setdefault(
            r["measure"], {"measure": r["measure"], "units": {}, "predicate": r["predicate"], "points": {}}
        )
        entry["units"][r["unit"]] = entry["units"].get(r["unit"], 0) + 1
        if r["as_of"]:
            entry["points"][r["as_of"]] = r["value"]  # one value per date: the largest stated that day
    statistics = []
    for entry in by_measure.values():
        unit = max(entry["units"].items(), key=lambda kv: kv[1])[0]
        name = measure_name(entry["measure"], unit, entry["predicate"])
        if q and not all(w.casefold() in f"{name} {entry['measure']}".casefold() for w in q.split()):
            continue
        points = sorted(entry["points"].items())
        statistics.append(
            {
                "name": name,
                "measure": entry["measure"],
                "href": statistic_url(datasette, entry["measure"]),
                "latest": points[-1][1] if points else None,
                "latest_date": points[-1][0] if points else None,
                "statements": sum(entry["units"].values()),
                "spark": sparkline([v for _, v in points]),
            }
        )
    statistics.sort(key=lambda s: (-s["statements"], s["name"]))
    context = {"statistics": statistics, "q": q, "database": db.name}
    return await _render(datasette, request, "pressdb_statistics.html", context)


async def statistic_page(datasette: Any, request: Any) -> Response:
    """One statistic: its history as a chart and every statement with source and date."""
    db = await _require_archive(datasette)
    measure = (request.args.get("measure") or "").strip()
    # One row per statement (figure_history: a release's value once, however often it is printed).
    statements = await _rows(
        db,
        "SELECT h.figure_id AS id, h.value, h.value_max, h.unit, h.predicate, h.qualifier, h.as_of, h.text,"
        " f.page, h.document_id, h.release_date, h.title, NULL AS filename, h.sentence, h.mentions"
        " FROM figure_history h JOIN figures f ON f.id = h.figure_id"
        " WHERE h.measure = ? ORDER BY h.as_of, h.value LIMIT 2000",
        [measure],
    )
    if not statements:
        raise _not_found(f"Keine Statistik mit dem Schlüssel »{measure}«.")
    for r in statements:
        r["href"] = document_url(datasette, r["document_id"], f"fact-figures-{r['id']}")
    points: dict[str, float] = {}
    for r in statements:
        if r["as_of"]:
            points[r["as_of"]] = r["value"]
    findings = await _rows(db, "SELECT * FROM findings WHERE measure = ? ORDER BY last_date", [measure])
    for f in findings:
        _finding_context(datasette, f)
    units = [r["unit"] for r in statements]
    name = measure_name(measure, max(set(units), key=units.count), statements[0]["predicate"])
    context = {
        "name": name,
        "measure": measure,
        "statements": statements,
        "chart": line_chart(sorted(points.items())),
        "findings": findings,
        "database": db.name,
        "check_href": datasette.urls.database(db.name)
        + "/history_of_a_figure?"
        + urllib.parse.urlencode({"measure": measure}),
    }
    return await _render(datasette, request, "pressdb_statistic.html", context)


async def check_page(datasette: Any, request: Any) -> Response:
    """Every statement of a number as a journalist types it: counts, amounts and ordinals, with sources."""
    db = await _require_archive(datasette)
    q = (request.args.get("q") or "").strip()[:MAX_QUERY_CHARS]
    parsed = parse_check(q) if q else None
    hits: list[dict[str, Any]] = []
    if parsed is not None:
        stem = stem_text(parsed.noun.split()[0])[:6] if parsed.noun else ""
        like = f"%{stem}%" if stem else "%"
        if parsed.amount or not parsed.noun:
            for r in await _rows(
                db,
                "SELECT 'amount' AS kind, m.id, m.document_id, m.text, m.amount_cents, m.kind AS money_kind,"
                " m.recipient, m.recipient_ags, r.release_date, r.title, NULL AS filename, s.text AS sentence,"
                " d.release_id FROM money m JOIN documents d ON d.id = m.document_id"
                " JOIN releases r ON r.id = d.release_id LEFT JOIN sentences s ON s.id = m.sentence_id"
                " WHERE m.amount_cents = ? ORDER BY r.release_date DESC, d.id = r.document_id DESC LIMIT 500",
                [round(parsed.value * 100)],
            ):
                r["table"], r["shown"] = "money", de_money(r["amount_cents"] / 100)
                r["onward"] = commune_url(datasette, r["recipient_ags"], "foerderung") if r["recipient_ags"] else None
                r["onward_label"] = "Förderung der Kommune" if r["recipient_ags"] else None
                hits.append(r)
        if not parsed.amount and parsed.value == int(parsed.value):
            for r in await _rows(
                db,
                "SELECT 'ordinal' AS kind, o.id, o.document_id, o.text, o.value, o.orders, o.measure,"
                " r.release_date, r.title, NULL AS filename, s.text AS sentence, d.release_id"
                " FROM ordinals o JOIN documents d ON d.id = o.document_id JOIN releases r ON r.id = d.release_id"
                " LEFT JOIN sentences s ON s.id = o.sentence_id"
                " WHERE o.value = ? AND (lower(o.orders) LIKE ? OR lower(coalesce(o.measure, '')) LIKE ?)"
                " ORDER BY r.release_date DESC, d.id = r.document_id DESC LIMIT 500",
                [int(parsed.value), like, like],
            ):
                r["table"], r["shown"] = "ordinals", f"{r['value']}. {r['orders']}"
                r["onward"] = statistic_url(datasette, r["measure"]) if r["measure"] else None
                r["onward_label"] = "Verlauf der Statistik" if r["measure"] else None
                hits.append(r)
        if not parsed.amount:
            for r in await _rows(
                db,
                "SELECT 'figure' AS kind, f.id, f.document_id, f.text, st.value, st.unit, st.measure, st.predicate,"
                " st.as_of, r.release_date, r.title, NULL AS filename, s.text AS sentence, st.release_id"
                " FROM figure_statements st JOIN figures f ON f.id = st.figure_id"
                " JOIN releases r ON r.id = st.release_id LEFT JOIN sentences s ON s.id = f.sentence_id"
                " WHERE st.value = ? AND (lower(st.unit) LIKE ? OR lower(coalesce(f.lemma, '')) LIKE ?"
                " OR st.measure LIKE ?) ORDER BY r.release_date DESC LIMIT 500",
                [parsed.value, like, like, like],
            ):
                r["table"], r["shown"] = "figures", f"{de_number(r['value'])} {r['unit']}"
                r["onward"] = statistic_url(datasette, r["measure"])
                r["onward_label"] = "Verlauf: " + measure_name(r["measure"], r["unit"], r["predicate"])
                hits.append(r)
    # A release states a value once, however often its text, renditions and reprints print it.
    for r in hits:
        r["once"] = r["id"] if r["kind"] == "figure" else (r.get("amount_cents"), r.get("value"), r.get("orders"))
    hits = _once(hits, ("kind", "release_id", "once"))
    for r in hits:
        r["kind_de"] = KIND_DE.get(r["kind"], r["kind"])
        r["href"] = document_url(datasette, r["document_id"], f"fact-{r['table']}-{r['id']}")
    context = {"q": q, "parsed": parsed, "hits": hits, "database": db.name}
    return await _render(datasette, request, "pressdb_check.html", context)


async def index_page(datasette: Any, request: Any) -> Response:
    """Where to start: a search box and every entry point of the archive."""
    db = await _archive(datasette)
    counts: dict[str, int] = {}
    if db is not None:
        for key, sql in (
            ("releases", "SELECT COUNT(*) FROM releases"),
            ("documents", "SELECT COUNT(*) FROM documents"),
            ("communes", "SELECT COUNT(DISTINCT ags) FROM commune_mentions"),
            ("people", "SELECT COUNT(*) FROM people"),
            ("statistics", "SELECT COUNT(DISTINCT measure) FROM figures"),
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

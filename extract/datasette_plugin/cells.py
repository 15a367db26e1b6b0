"""render_cell: links from every fact to its place in the release and onward, German values in tables."""

from __future__ import annotations

import functools
import re
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from extract.datasette_plugin.documents import FACT_TABLES
from extract.datasette_plugin.formatting import (
    _ISO_DATE_RE,
    CENT_COLUMNS,
    DATE_COLUMNS,
    EURO_COLUMNS,
    FINDING_DE,
    MONEY_KIND_DE,
    NUMBER_COLUMNS,
    RELATION_DE,
    _json_list,
    de_date,
    de_money,
    de_number,
    measure_name,
)
from extract.datasette_plugin.search import HIT_CLOSE, HIT_OPEN
from extract.datasette_plugin.urls import commune_url, document_url, person_url, shown_source, statistic_url


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


def _document_anchor(datasette: Any, document_id: str, anchor: str | None, label: str) -> Markup:
    url = document_url(datasette, document_id, anchor)
    return Markup(f'<a class="release" href="{escape(url)}" title="In der Meldung zeigen">{escape(label)}</a>')


def _document_link(datasette: Any, database: str, document_id: str, anchor: str | None) -> Any:
    label = _RELEASE_LABELS.get(document_id)
    if label is not None:  # known: the link at once, without a query or a coroutine to await
        return _document_anchor(datasette, document_id, anchor, label)

    async def inner() -> Markup:
        return _document_anchor(datasette, document_id, anchor, await _release_label(datasette, database, document_id))

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


@functools.lru_cache(maxsize=4096)
def _date_cell(raw: str) -> str | None:
    """An ISO date in German (a page of 1,000 rows has few different dates); None for anything else."""
    return de_date(raw) if _ISO_DATE_RE.match(raw[:10]) else None


# The column names of the row last asked about: Datasette asks about each cell of a row in turn.
_LAST_ROW: list[Any] = [None, []]


def _keys(row: Any) -> Any:
    if _LAST_ROW[0] is not row:
        _LAST_ROW[:] = [row, row.keys() if hasattr(row, "keys") else []]
    return _LAST_ROW[1]


# Every column render_cell shows otherwise than Datasette would (the branches below): any other column's cell
# is only looked at for hit marks. A page of 1,000 rows asks about 10,000 cells.
_SHOWN_COLUMNS = (
    frozenset({"document_id", "title", "release_id", "id", "char_start", "source", "name", "person_id"})
    | frozenset({"ags", "recipient_ags", "commune_ags", "measure", "kind", "sentences", "relation"})
    | frozenset({"values", "signatories", "witnesses", "partners"})
    | DATE_COLUMNS
    | EURO_COLUMNS
    | CENT_COLUMNS
    | NUMBER_COLUMNS
)


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if isinstance(value, str) and HIT_OPEN in value:
        return _highlighted(value)
    if column not in _SHOWN_COLUMNS:
        return None
    keys = _keys(row)
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
    if column in DATE_COLUMNS and isinstance(raw, str) and (date := _date_cell(raw)) is not None:
        return date
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

"""German words, numbers, dates and names of statistics for pages and cells; the labels of canned queries."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Container, Iterable
from typing import Any

from datasette import hookimpl
from datasette.utils import to_css_class
from markupsafe import Markup, escape

from extract.german import MONTH_LIST

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


@functools.lru_cache(maxsize=1024)
def _cell_class(column: str) -> str:
    return str(escape(to_css_class(column)))


def _escaped(text: str) -> str:
    """``text`` escaped as markupsafe.escape escapes it."""
    return (
        text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    )


def result_cells(row: Iterable[Any], columns: Iterable[str], hidden: Container[str]) -> Markup:
    """The ``<td>`` cells of one row of a canned query's results, but for the ``hidden`` columns.

    What a Jinja loop over the cells writes, in one string: a page of 1,000 rows would otherwise hand some
    40 pieces per row through the async generators of three templates that extend each other.
    """
    cells = []
    for column, td in zip(columns, row, strict=False):  # as zip() in the template
        if column not in hidden:
            # as {{ td }} writes it: markup as it is, text escaped (without a Markup object per cell)
            shown = td if isinstance(td, Markup) else _escaped(td) if type(td) is str else escape(td)
            cells.append(f'<td class="col-{_cell_class(column)}">{shown}</td>')
    return Markup("".join(cells))


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["pressdb_cells"] = result_cells
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
    "since": "ab Datum (JJJJ-MM-TT)",
    "from_surname": "ab Nachname",
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


def _json_list(value: Any) -> list[Any] | None:
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else None

"""The document view: a release's text with every fact marked and labelled, its printed pages, its facts."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from datasette import Response
from markupsafe import Markup, escape

from extract.datasette_plugin.formatting import (
    GRANULARITY_DE,
    KIND_DE,
    MONEY_KIND_DE,
    RELATION_DE,
    de_date,
    de_money,
    de_number,
)
from extract.datasette_plugin.printed import _page_sizes, _pdf_path
from extract.datasette_plugin.rendering import _not_found, _render, _require_archive
from extract.datasette_plugin.urls import ROUTE, commune_url, document_url, person_url, shown_source, statistic_url

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
    # A sweep over the boundaries: the facts open at a boundary cover the stretch up to the next one, so
    # the page costs time in proportion to its facts, not to facts times stretches.
    active: dict[int, _Fact] = {}
    order = {id(f): i for i, f in enumerate(facts)}
    for a, b in zip(bounds, bounds[1:], strict=False):
        for f in ends.get(a, []):
            active.pop(order[id(f)], None)
        for f in starts.get(a, []):
            active[order[id(f)]] = f
            out.append(f'<a class="anchor" id="{f.anchor}"></a>')
        out.append(f'<a class="anchor" id="at-{a}"></a>')
        covering = [active[k] for k in sorted(active)]
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
        # a release with tens of thousands of facts takes a moment: not on the event loop, which serves the others
        "body": await asyncio.get_running_loop().run_in_executor(
            None, annotate, document["text"] or "", facts, row_url, stops
        ),
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

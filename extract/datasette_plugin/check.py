"""Checking a number: every statement of a count, amount or ordinal as a journalist types it, with sources."""

from __future__ import annotations

from typing import Any

from datasette import Response

from extract.datasette_plugin.formatting import KIND_DE, de_money, de_number, measure_name
from extract.datasette_plugin.rendering import _once, _render, _require_archive, _rows
from extract.datasette_plugin.search import MAX_QUERY_CHARS
from extract.datasette_plugin.urls import commune_url, document_url, statistic_url
from extract.lookup import parse_check
from extract.store import stem_text


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
                " FROM statement_summaries st JOIN figures f ON f.id = st.figure_id"
                " JOIN releases r ON r.id = st.release_id LEFT JOIN sentences s ON s.id = f.sentence_id"
                " WHERE st.value = ? AND (lower(st.unit) LIKE ? OR lower(coalesce(f.lemma, '')) LIKE ?"
                " OR st.measure LIKE ?) ORDER BY st.release_date DESC LIMIT 500",  # by index (value, release_date)
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

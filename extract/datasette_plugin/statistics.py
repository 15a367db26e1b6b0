"""Statistics: the list with sparklines, one statistic's history as a chart, findings in German, SVG charts."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from datasette import Response
from markupsafe import Markup, escape

from extract.datasette_plugin.formatting import FINDING_DE, _json_list, de_date, de_money, de_number, measure_name
from extract.datasette_plugin.rendering import _not_found, _render, _require_archive, _rows
from extract.datasette_plugin.search import MAX_QUERY_CHARS
from extract.datasette_plugin.urls import document_url, statistic_url


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
    # One row per statistic (measure_summaries, kept by extract/summaries.py): its unit, statements and history.
    rows = await _rows(db, "SELECT measure, unit, predicate, statements, points FROM measure_summaries")
    statistics = []
    for r in rows:
        name = measure_name(r["measure"], r["unit"], r["predicate"])
        if q and not all(w.casefold() in f"{name} {r['measure']}".casefold() for w in q.split()):
            continue
        points = json.loads(r["points"])
        statistics.append(
            {
                "name": name,
                "measure": r["measure"],
                "href": statistic_url(datasette, r["measure"]),
                "latest": points[-1][1] if points else None,
                "latest_date": points[-1][0] if points else None,
                "statements": r["statements"],
                "spark": sparkline([v for _, v in points]),
            }
        )
    statistics.sort(key=lambda s: (-s["statements"], s["name"]))
    context = {"statistics": statistics, "q": q, "database": db.name}
    return await _render(datasette, request, "pressdb_statistics.html", context)


STATEMENTS_PER_PAGE = 200


def _after(value: str | None) -> tuple[str | None, float, int] | None:
    """The keyset of the last statement shown (``as_of|value|figure_id``), or None for the first page."""
    if not value:
        return None
    as_of, _, rest = value.partition("|")
    number, _, figure = rest.partition("|")
    try:
        return (as_of or None, float(number), int(figure))
    except ValueError:
        return None


async def statistic_page(datasette: Any, request: Any) -> Response:
    """One statistic: its history as a chart and every statement with source and date."""
    db = await _require_archive(datasette)
    measure = (request.args.get("measure") or "").strip()
    summary = (
        await db.execute(
            "SELECT unit, predicate, statements, points FROM measure_summaries WHERE measure = ?", [measure]
        )
    ).first()
    if summary is None:
        raise _not_found(f"Keine Statistik mit dem Schlüssel »{measure}«.")
    # One row per statement (statement_summaries: a release's value once, however often it is printed), in date
    # and value order, STATEMENTS_PER_PAGE at a time from the last one shown (keyset, not an offset).
    after = _after(request.args.get("after"))
    where, params = "st.measure = ?", [measure]
    if after is not None and after[0] is None:
        where += " AND ((st.as_of IS NULL AND (st.value, st.figure_id) > (?, ?)) OR st.as_of IS NOT NULL)"
        params += [after[1], after[2]]
    elif after is not None:
        where += " AND (st.as_of, st.value, st.figure_id) > (?, ?, ?)"
        params += list(after)
    statements = await _rows(
        db,
        "SELECT st.figure_id AS id, st.value, st.value_max, st.unit, st.predicate, st.qualifier, st.as_of, f.text,"
        " f.page, f.document_id, r.release_date, r.title, NULL AS filename, s.text AS sentence, st.mentions"
        " FROM statement_summaries st JOIN releases r ON r.id = st.release_id JOIN figures f ON f.id = st.figure_id"
        f" LEFT JOIN sentences s ON s.id = f.sentence_id WHERE {where}"
        f" ORDER BY st.as_of, st.value, st.figure_id LIMIT {STATEMENTS_PER_PAGE + 1}",
        params,
    )
    more = len(statements) > STATEMENTS_PER_PAGE
    statements = statements[:STATEMENTS_PER_PAGE]
    for r in statements:
        r["href"] = document_url(datasette, r["document_id"], f"fact-figures-{r['id']}")
    next_href = None
    if more:
        last = statements[-1]
        key = f"{last['as_of'] or ''}|{last['value']!r}|{last['id']}"
        next_href = statistic_url(datasette, measure) + "&" + urllib.parse.urlencode({"after": key})
    # The chart shows the whole history: one value per date, the largest stated that day.
    points = [(day, value) for day, value in json.loads(summary["points"])]
    findings = await _rows(db, "SELECT * FROM findings WHERE measure = ? ORDER BY last_date LIMIT 200", [measure])
    for f in findings:
        _finding_context(datasette, f)
    name = measure_name(measure, summary["unit"], summary["predicate"])
    context = {
        "name": name,
        "measure": measure,
        "statements": statements,
        "statement_count": summary["statements"],
        "next_href": next_href,
        "chart": line_chart(points),
        "findings": findings,
        "database": db.name,
        "check_href": datasette.urls.database(db.name)
        + "/history_of_a_figure?"
        + urllib.parse.urlencode({"measure": measure}),
    }
    return await _render(datasette, request, "pressdb_statistic.html", context)

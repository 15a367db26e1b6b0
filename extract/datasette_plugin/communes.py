"""The commune page: releases naming a municipality, its signings, grants, statistics, findings, history."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from datasette import Response

from extract.datasette_plugin.formatting import _json_list, measure_name
from extract.datasette_plugin.rendering import _not_found, _render, _require_archive, _rows
from extract.datasette_plugin.statistics import _finding_context, bar_chart
from extract.datasette_plugin.urls import commune_url, document_url, person_url, statistic_url


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
        # the newest 200 releases first, then the first mention of each: not one look-up per release named
        "SELECT r.id AS release_id, r.release_date, r.title, r.issuer, r.sample, r.renditions + r.reproductions"
        " AS documents, (SELECT m2.id FROM commune_mentions m2 JOIN documents d2 ON d2.id = m2.document_id"
        "   JOIN releases r2 ON r2.id = d2.release_id"
        "   WHERE m2.ags = :ags AND d2.release_id = r.id ORDER BY d2.id = r2.document_id DESC, m2.char_start"
        "   LIMIT 1) AS first_id"
        " FROM (SELECT release_id AS id FROM commune_releases WHERE ags = :ags"  # by index (ags, release_date)
        "   ORDER BY release_date DESC LIMIT 200) newest"
        " JOIN releases r ON r.id = newest.id"
        " ORDER BY r.release_date DESC",
        {"ags": ags},
    )
    # What the page tells about statistics and findings comes from these releases, its newest (by index).
    release_ids = [r["release_id"] for r in releases]
    counted = (await db.execute("SELECT releases FROM commune_summaries WHERE ags = ?", [ags])).first()
    total = max(int(counted[0]) if counted else 0, len(releases))
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
        " e.signatories, e.witnesses,"
        " (SELECT a.id FROM agreements a JOIN documents d ON d.id = a.document_id JOIN releases r ON"
        "   r.id = d.release_id WHERE a.event_key = e.event_key ORDER BY r.release_date, d.id = r.document_id DESC"
        "   LIMIT 1) AS id"
        " FROM signing_summaries e WHERE e.commune_ags = :ags"
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
        " g.first_money_id AS id"  # kept with the summary (summaries.FIRST_MENTION_SQL)
        " FROM grant_summaries g WHERE g.recipient_ags = ? ORDER BY g.year, g.first_stated",
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
    # Statements (figure_statements: a release's value once) whose mentions stand in a sentence naming the commune,
    # in the releases shown.
    statistics = await _rows(
        db,
        # the figures in sentences naming the commune lead to their statements (a release's value once)
        "WITH named AS MATERIALIZED (SELECT DISTINCT f2.id, d2.release_id, f2.measure FROM documents d2"
        "   JOIN commune_mentions m ON m.document_id = d2.id AND m.ags = :ags"
        "   JOIN figures f2 ON f2.sentence_id = m.sentence_id"
        "   WHERE d2.release_id IN (SELECT value FROM json_each(:releases))),"
        " chosen AS (SELECT DISTINCT st.rowid AS statement FROM named"
        "   JOIN statement_summaries st ON st.release_id = named.release_id AND st.measure = named.measure"
        "   WHERE EXISTS (SELECT 1 FROM json_each(st.figure_ids) j WHERE j.value = named.id))"
        " SELECT st.figure_id AS id, st.measure, st.value, st.unit, st.predicate, st.as_of, f.document_id,"
        " r.title, NULL AS filename, f.text FROM chosen JOIN statement_summaries st ON st.rowid = chosen.statement"
        " JOIN releases r ON r.id = st.release_id JOIN figures f ON f.id = st.figure_id"
        " ORDER BY st.as_of DESC LIMIT 100",
        {"ags": ags, "releases": json.dumps(release_ids)},
    )
    for r in statistics:
        r["href"] = document_url(datasette, r["document_id"], f"fact-figures-{r['id']}")
        r["name"] = measure_name(r["measure"], r["unit"], r["predicate"])
        r["statistic_href"] = statistic_url(datasette, r["measure"])
    findings: list[dict[str, Any]] = []
    if release_ids:
        findings = await _rows(
            db,
            # the statistics stated in a sentence naming the municipality (commune_release_figures, by index)
            "WITH measures AS MATERIALIZED (SELECT DISTINCT measure FROM commune_release_figures WHERE ags = :ags)"
            " SELECT f.* FROM findings f"
            " WHERE f.id IN (SELECT finding_id FROM finding_releases"
            "   WHERE release_id IN (SELECT value FROM json_each(:releases)))"
            " AND (f.measure IS NULL OR f.measure IN (SELECT measure FROM measures))"
            " AND EXISTS (SELECT 1 FROM json_each(f.document_ids) j"
            " JOIN commune_mentions m ON m.document_id = j.value AND m.ags = :ags)"
            " ORDER BY f.last_date DESC LIMIT 50",
            {"ags": ags, "releases": json.dumps(release_ids)},
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
        "total_releases": total,
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

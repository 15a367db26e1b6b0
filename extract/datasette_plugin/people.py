"""The person page: every release naming someone, their roles and relations, their quotes and signings."""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import Response

from extract.datasette_plugin.formatting import RELATION_DE, _json_list
from extract.datasette_plugin.rendering import _not_found, _once, _render, _require_archive
from extract.datasette_plugin.urls import commune_url, document_url


async def person_page(datasette: Any, request: Any) -> Response:
    """One person across the archive: every release, role and relation, every quote, every signing."""
    db = await _require_archive(datasette)
    person_id = request.url_vars["id"]
    found = (await db.execute("SELECT * FROM people WHERE id = ?", [person_id])).first()
    if found is None:
        raise _not_found(f"Keine Person mit der Nummer {person_id}.")
    person = dict(found)
    # One row per release: its canonical document's mention first, the roles and relations of all its
    # mentions (renditions and reprints included) folded into it. The newest SHOWN releases, oldest first.
    mentioned = [
        r["release_id"]
        for r in await db.execute(
            "SELECT release_id FROM person_releases WHERE person_id = ?"  # by index (person_id, release_date)
            " ORDER BY release_date DESC, release_id DESC LIMIT ?",
            [person_id, SHOWN],
        )
    ]
    total = (await db.execute("SELECT COUNT(*) FROM person_releases WHERE person_id = ?", [person_id])).first()[0]
    mentions = _per_release(
        [
            dict(r)
            for r in await db.execute(
                "SELECT m.id, m.document_id, m.char_start, m.page, m.name, m.titles, m.role, m.organisation,"
                " m.relation, r.release_date, r.title, d.release_id, r.sample"
                " FROM person_mentions m JOIN documents d ON d.id = m.document_id"
                " JOIN releases r ON r.id = d.release_id"
                " WHERE m.person_id = ? AND d.release_id IN (SELECT value FROM json_each(?))"
                " ORDER BY r.release_date, d.release_id, d.id = r.document_id DESC, m.char_start",
                [person_id, json.dumps(mentioned)],
            )
        ]
    )
    quoted, quoted_total = await _newest_quoted(db, person_id)
    quotes = _once(
        [
            dict(r, key=re.sub(r"\W+", " ", (r["text"] or "").lower()).strip())
            for r in await db.execute(
                "SELECT q.id, q.document_id, q.char_start, q.text, q.speaker_role, r.release_date, r.title,"
                " d.release_id FROM quotes q JOIN documents d ON d.id = q.document_id"
                " JOIN releases r ON r.id = d.release_id"
                " WHERE q.person_id = ? AND d.release_id IN (SELECT value FROM json_each(?))"
                " ORDER BY r.release_date, d.release_id, d.id = r.document_id DESC, q.char_start",
                [person_id, json.dumps(quoted)],
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
                " WHERE a.id IN (SELECT agreement_id FROM agreement_people WHERE name = ? AND relation = 'signatory')"
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
        "releases_total": total,
        "quotes": quotes,
        "quoted_total": quoted_total,
        "shown": SHOWN,
        "signed": signed,
        "database": db.name,
        "row_url": datasette.urls.row(db.name, "people", str(person["id"])),
    }
    return await _render(datasette, request, "pressdb_person.html", context)


SHOWN = 200  # releases a person's page lists, and releases it quotes from: the newest


async def _newest_quoted(db: Any, person_id: str) -> tuple[list[int], int]:
    """The newest SHOWN releases that quote the person, and how many do: a minister quoted in thousands of
    releases gets a page of bounded size."""
    rows = await db.execute(
        "SELECT d.release_id, r.release_date FROM quotes x JOIN documents d ON d.id = x.document_id"
        " JOIN releases r ON r.id = d.release_id WHERE x.person_id = ?"
        " GROUP BY d.release_id ORDER BY r.release_date DESC, d.release_id DESC",
        [person_id],
    )
    ids = [r["release_id"] for r in rows]
    return ids[:SHOWN], len(ids)


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

"""The JSON that `pressdb extract` prints: the contract in the gold README, plus provenance.

The contract's keys come first and are always present; each item also carries
the span it came from so that a reader of the JSON can find it in the text.
"""

from __future__ import annotations

from typing import Any

from extract.fields.people import summarize_people
from extract.pipeline import Processed
from extract.records import Money

# The contract knows three kinds of money; pressdb's finer kinds map onto them.
CONTRACT_MONEY_KIND = {
    "grant": "grant",
    "part": "grant",
    "budget": "budget",
    "total": "budget",
    "fine": "other",
    "cost": "other",
    "other": "other",
}


def _span(fact: Any) -> dict[str, Any]:
    return {"text": fact.text, "start": fact.start, "end": fact.end, "rule": fact.rule}


def _money(m: Money) -> dict[str, Any]:
    return {
        "amount": float(m.amount),
        "currency": m.currency,
        "kind": CONTRACT_MONEY_KIND[m.kind],
        "recipient_ags": m.recipient_ags,
        "amount_max": float(m.amount_max) if m.amount_max is not None else None,
        "qualifier": m.qualifier,
        "period": m.period,
        "detailed_kind": m.kind,
        "recipient": m.recipient,
        "purpose": m.purpose,
        "year": m.year,
        "funder": m.funder,
        **_span(m),
    }


def to_contract(source: str, processed: Processed) -> dict[str, Any]:
    """One line of `pressdb extract --format jsonl` for a document that was read."""
    ex = processed.extraction
    release = ex.release
    communes: dict[str, dict[str, Any]] = {}
    for c in ex.communes:
        if c.level == "gemeinde" and c.ags not in communes:
            communes[c.ags] = {"ags": c.ags, "name": c.name, **_span(c)}
    relations: dict[str, list[str]] = {}
    for p in ex.people:
        relations.setdefault(p.name, [])
        if p.relation not in relations[p.name]:
            relations[p.name].append(p.relation)
    people = [
        {"name": p.name, "role": p.role, "organisation": p.organisation, "relations": relations[p.name], **_span(p)}
        for p in summarize_people(ex.people)
    ]
    signatories = list(dict.fromkeys(p.name for p in ex.people if p.relation == "signatory"))
    agreements: dict[tuple[str, str | None], dict[str, Any]] = {}
    for a in ex.agreements:
        if a.status != "signed":
            continue
        key = (a.commune_ags, a.date.isoformat() if a.date else None)
        agreements.setdefault(
            key,
            {
                "commune_ags": a.commune_ags,
                "date": key[1],
                "commune": a.commune,
                "kind": a.kind,
                "programme": a.programme,
                "ordinal": a.ordinal,
                "signatories": list(a.signatories),
                **_span(a),
            },
        )
    return {
        "source": source,
        "release": {
            "date": release.date.isoformat() if release.date else None,
            "title": release.title,
            "issuer": release.issuer,
            "kind": release.kind,
            "contact": release.contact_name,
        },
        "communes": list(communes.values()),
        "people": people,
        "signatories": [{"name": n} for n in signatories],
        "money": [_money(m) for m in ex.money],
        "figures": [
            {
                "value": float(f.value),
                "unit": f.unit,
                "measure": f.measure,
                "qualifier": f.qualifier,
                "value_max": float(f.value_max) if f.value_max is not None else None,
                "as_of": f.as_of.isoformat() if f.as_of else None,
                **_span(f),
            }
            for f in ex.figures
        ],
        "agreements": list(agreements.values()),
        "dates": [
            {
                "value": d.value.isoformat(),
                "end": d.end_value.isoformat() if d.end_value else None,
                "granularity": d.granularity,
                "inferred": d.inferred,
                **_span(d),
            }
            for d in ex.dates
        ],
        "error": None,
    }


def failed(source: str, message: str) -> dict[str, Any]:
    """The line for a document that could not be read: every key present, lists empty."""
    return {
        "source": source,
        "release": {"date": None, "title": None},
        "communes": [],
        "people": [],
        "signatories": [],
        "money": [],
        "figures": [],
        "agreements": [],
        "dates": [],
        "error": message,
    }

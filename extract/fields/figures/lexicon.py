"""The figure lexicons of extract/data (predicates, programmes, units, ordinals), loaded once."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    predicate_by_form: dict[str, str]
    predicate_by_lemma: dict[str, str]
    predicate_phrase_re: re.Pattern[str] | None
    predicate_by_phrase: dict[str, str]
    programme_re: re.Pattern[str]
    programme_by_pattern: dict[str, tuple[str, str]]
    nonunits: frozenset[str]
    compound_units: dict[str, str]
    groups: dict[str, int]
    qualifier_re: re.Pattern[str]
    vague: frozenset[str]
    ordinal_irregular: dict[str, int]
    ordinal_measures: dict[str, tuple[str, str]]
    ordinal_excluded: frozenset[str]
    predicate_by_nominal: dict[str, str]  # Beratung -> beraten, stated with a light verb (erhalten)
    light_verbs: frozenset[str]
    of_body: dict[str, str]  # existiert -> konstituiert when a body is what exists in N places
    bodies: tuple[str, ...]  # heads of nouns naming a body (Präventionsrat, Arbeitskreis)
    count_nouns: frozenset[str]


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@functools.cache
def _lexicon() -> _Lexicon:
    """Load the figure lexicons from extract/data once."""
    by_form: dict[str, str] = {}
    by_lemma: dict[str, str] = {}
    by_phrase: dict[str, str] = {}
    by_nominal: dict[str, str] = {}
    light_verbs: set[str] = set()
    of_body: dict[str, str] = {}
    for row in _read_jsonl("figures_predicates.jsonl"):
        if "light_verbs" in row:
            light_verbs.update(w.lower() for w in row["light_verbs"])
            continue
        for noun in row.get("nouns", []):
            by_nominal[noun.lower()] = row["predicate"]
        if "of_body" in row:
            of_body[row["predicate"]] = row["of_body"]
        for form in row.get("forms", []):
            by_form.setdefault(form.lower(), row["predicate"])
        for lemma in row.get("lemmas", []):
            by_lemma.setdefault(lemma.lower(), row["predicate"])
        for phrase in row.get("phrases", []):
            by_phrase[phrase.lower()] = row["predicate"]
    phrase_re = (
        re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(by_phrase, key=len, reverse=True)) + ")",
            re.IGNORECASE,
        )
        if by_phrase
        else None
    )
    programmes: dict[str, tuple[str, str]] = {}
    for row in _read_jsonl("figures_programmes.jsonl"):
        for pattern in row["patterns"]:
            programmes[pattern] = (row["programme"], row["kind"])
    programme_re = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(p) for p in sorted(programmes, key=len, reverse=True)) + r")(?![a-zäöüß])"
    )
    nonunits = frozenset(w.lower() for row in _read_jsonl("figures_nonunits.jsonl") for w in row["words"])
    compound: dict[str, str] = {}
    groups: dict[str, int] = {}
    qualifiers: list[str] = []
    vague: set[str] = set()
    irregular: dict[str, int] = {}
    bodies: set[str] = set()
    count_nouns: set[str] = set()
    for n, row in enumerate(_read_jsonl("figures_units.jsonl")):
        kind = row["kind"]
        if kind == "compound":
            compound[row["head"]] = row["unit"]
        elif kind == "group":
            groups.update({w.lower(): n for w in row["words"]})
        elif kind == "qualifier":
            qualifiers += row["words"]
        elif kind == "vague":
            vague.update(w.lower() for w in row["words"])
        elif kind == "body":
            bodies.update(w.lower() for w in row["words"])
        elif kind == "count_noun":
            count_nouns.update(w.lower() for w in row["words"])
        elif kind == "ordinal_irregular":
            irregular.update({w.split(":")[0]: int(w.split(":")[1]) for w in row["words"]})
    alternation = "|".join(re.escape(q) for q in sorted(qualifiers, key=len, reverse=True))
    qualifier_re = re.compile(rf"(?<![\w.])((?:(?:{alternation})\s+)+)$", re.IGNORECASE)
    ordinal_measures: dict[str, tuple[str, str]] = {}
    ordinal_excluded: set[str] = set()
    for row in _read_jsonl("figures_ordinals.jsonl"):
        if "exclude" in row:
            ordinal_excluded.update(w.lower() for w in row["exclude"])
            continue
        for noun in row["orders"]:
            ordinal_measures[noun.lower()] = (row["lemma"], row["predicate"])
    return _Lexicon(
        by_form,
        by_lemma,
        phrase_re,
        by_phrase,
        programme_re,
        programmes,
        nonunits,
        compound,
        groups,
        qualifier_re,
        frozenset(vague),
        irregular,
        ordinal_measures,
        frozenset(ordinal_excluded),
        by_nominal,
        frozenset(light_verbs),
        of_body,
        tuple(sorted(bodies, key=len, reverse=True)),
        frozenset(count_nouns),
    )

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
    nonunit_heads: tuple[str, ...]  # last parts of nouns that are never units (Fördermittel, Preisgelder)
    scaled_nonunit_heads: tuple[str, ...]  # never units after Millionen (3 Millionen Zuschüsse)
    counter_words: frozenset[str]  # a line of only a number and this word is a web page counter
    abbreviation_re: re.Pattern[str]  # unit symbols after a number: 240 km, 68,4 dt
    count_of_re: re.Pattern[str]  # the noun of a count before its number: die Zahl der Arbeitslosen sank auf
    count_of_renamed: dict[str, str]  # Bevölkerungszahl counts Einwohner
    label_before_re: re.Pattern[str]  # Halle 3, Oberschule 56: a number after such a noun names a thing


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
    nonunit_rows = _read_jsonl("figures_nonunits.jsonl")
    nonunits = frozenset(w.lower() for row in nonunit_rows for w in row["words"])
    nonunit_heads = tuple(h for row in nonunit_rows for h in row.get("heads", []))
    scaled_heads = tuple(h for row in nonunit_rows for h in row.get("scaled_heads", []))
    labels = "|".join(sorted((w for row in nonunit_rows for w in row.get("labels_before", [])), key=len, reverse=True))
    counter_words = frozenset(w.lower() for row in nonunit_rows for w in row.get("line_words", []))
    abbreviations: list[str] = []
    count_of: list[str] = []
    count_of_excluded: list[str] = []
    count_of_renamed: dict[str, str] = {}
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
        elif kind == "abbreviation":
            abbreviations += row["words"]
        elif kind == "count_of":
            count_of += row["words"]
            count_of_excluded += row["exclude"]
            count_of_renamed.update(row.get("rename", {}))
        elif kind == "ordinal_irregular":
            irregular.update({w.split(":")[0]: int(w.split(":")[1]) for w in row["words"]})
    alternation = "|".join(re.escape(q) for q in sorted(qualifiers, key=len, reverse=True))
    qualifier_re = re.compile(rf"(?<![\w.])((?:(?:{alternation})\s+)+)$", re.IGNORECASE)
    symbols = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    abbreviation_re = re.compile(rf"[ \u00a0]?({symbols})(?![\w²³/])")
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
        tuple(sorted(nonunit_heads)),
        tuple(sorted(scaled_heads)),
        counter_words,
        abbreviation_re,
        _count_of_re(count_of, count_of_excluded, alternation),
        count_of_renamed,
        re.compile(rf"(?<![\w-])(?:{labels})[ \u00a0]+$"),
    )


def _count_of_re(heads: list[str], excluded: list[str], qualifiers: str) -> re.Pattern[str]:
    """Die Zahl der (registrierten) Straftaten stieg auf | die Einwohnerzahl liegt bei (ca.): the text before a number.

    ``gen`` is the counted noun after ``Zahl der``, ``comp`` the first part of a compound on ``-zahl``; the verb or
    preposition that links the count to its number stands right before it, after at most a few words.
    """
    head = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    not_comp = "|".join(re.escape(e) for e in sorted(excluded, key=len, reverse=True))
    link = (
        r"(?<![\w-])(?:von|bei|auf|um|bis|mit"
        r"|(?:beträgt|betrug|betragen|betrugen|erreichte|erreicht|umfasst|umfasste|zählt|zählte)(?:\s+[^\s\d]+){0,3})"
    )
    return re.compile(
        rf"(?:(?<![\w-])(?:{head})(?:en)?\s+(?:der|an|von)\s+"
        r"(?:[a-zäöüß][\w-]*\s+){0,2}(?:[A-ZÄÖÜ][\w-]*er\s+(?=[A-ZÄÖÜ]))?(?P<gen>[A-ZÄÖÜ][\w-]*)"
        rf"|(?<![\w-])(?!(?:{not_comp})zahl)(?P<comp>[A-ZÄÖÜ][a-zäöüß]{{2,}}?)zahl(?:en)?)"
        # Zahl der Verkehrsunfälle: 96.400, but not the year's value in (2022: 2.771) after another number
        rf"(?![\w-])(?:\s*:|(?:(?![Zz]ahl)[^\n:;]){{0,80}}?{link})\s*(?:(?:{qualifiers})\s+)*$",
    )

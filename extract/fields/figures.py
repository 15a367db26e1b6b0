"""Figures and ordinals: every statistic a release states, with a key that is stable across releases.

A figure is a cardinal number that counts or measures a noun in its phrase
(``bereits 141 Kommunen ... beraten``, ``rund 39,7 %``, ``ca. ein Drittel (62)``).
Its ``measure`` joins the programme, the counted noun's lemma and the predicate
(``asskomm:kommune:beraten``), so that the same statistic in releases of other
years forms a history. Ordinals (``die 50. Kommune``) are kept apart; their
``measure`` names the count they can be checked against.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from spacy.attrs import IDX, LEMMA, LOWER, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from extract.german import MONTHS, NUMBER_WORDS, number_word
from extract.nlp import doc_text, get_nlp
from extract.records import DateMention, Figure, Money, Ordinal, ReleaseInfo

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_WORD = r"[A-Za-zÄÖÜäöüß]"
_NUMBER_KEYS = "|".join(sorted((w for w, v in NUMBER_WORDS.items() if v >= 2), key=len, reverse=True))

# A cardinal in German notation, or a number word; never glued to letters, codes (10/6, 2019-01) or dates.
NUMBER_RE = re.compile(
    rf"(?<![\w.,:/§-])(?:"
    rf"(?P<digits>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:[ \u00a0]\d{{3}})+(?![\d,])|\d+(?:,\d+)?)"
    rf"(?:-(?P<head>{_WORD}+))?"
    rf"|(?P<word>{_WORD}*?(?:{_NUMBER_KEYS}))(?!{_WORD})"
    rf")(?![\w:/]|[.,]\d|-\d|\.)",
    re.IGNORECASE,
)
# What stands right before a number that is never a statistic: phone lines, legal references, house numbers, lines.
BLOCK_BEFORE_RE = re.compile(
    r"(?:\b(?:Telefon|Telefax|Fax|Tel\.|Mobil|Handy|Durchwahl)\b[^\n]*"
    r"|\(?\+\d{2,3}\)?[\s\d()/-]*"
    r"|§§?\s*(?:\d+\w*\s*(?:Abs\.|Absatz|Satz|Nr\.)\s*)*"
    r"|\b(?:Nr\.|Nummer|No\.|Az\.|Drs\.|Drucksache|Aktenzeichen|Seite|S\.|Abs\.|Absatz|Art\.|Artikel|Kapitel|Ziffer)\s*"
    r"|(?:straße|str\.|weg|platz|allee|gasse|ring|damm|ufer|markt)\s+"
    r"|\b(?:[Ll]inien?|Straßenbahn\w*|Bus\w*|Tram\w*)\s+(?:\d+\s*(?:,|und|&)\s*)*)$",
    re.IGNORECASE,
)
PHONE_CHARS = frozenset("0123456789 +()/-\u00a0")
DIGIT_RUN_RE = re.compile(r"\d+")
NUMBER_STEMS = (
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "zig",
    "ßig",
    "hundert",
    "tausend",
)
ORDINAL_STEMS = (
    "erst",
    "zweit",
    "dritt",
    "viert",
    "fünft",
    "sechst",
    "siebt",
    "acht",
    "neunt",
    "zehnt",
    "elft",
    "zwölft",
    "zigst",
    "ßigst",
    "hundertst",
    "tausendst",
)
MONEY_AFTER_RE = re.compile(
    r"\s*(?:,-|,–)?\s*(?:(?:Mio|Millionen|Million|Mrd|Milliarden|Milliarde|Tsd|Tausend)\.?\s*)?(?:Euro|EUR|€)",
    re.IGNORECASE,
)
MONEY_BEFORE_RE = re.compile(r"(?:EUR|€)\s*$")
PERCENT_RE = re.compile(r"\s*(%|Prozent\b)")
RATE_BASE_RE = re.compile(r"\b(?:pro|je|per)\s+$", re.IGNORECASE)
CODE_BEFORE_RE = re.compile(r"(?<![\w-])[A-Z]{1,4}\s+$")  # LF 10, KP 2: type codes, not counts
FRACTION_BEFORE_RE = re.compile(r"(?:Drittel|Hälfte|Viertel|Fünftel|Zehntel|Prozent|%)\s*\(\s*$")
ELISION_BEFORE_RE = re.compile(r"\b(?:[Dd]avon|[Ww]ovon|[Dd]arunter|[Hh]iervon|[Vv]on ihnen)\b")
ELISION_AFTER = frozenset({"weitere", "davon", "darunter", "mehr"})
YEAR_BEFORE_RE = re.compile(
    r"\b(?:im|Im|seit|Seit|bis|Bis|ab|Ab|von|vom|für|Jahr|Jahre|Jahren|Anfang|Mitte|Ende|Herbst|Frühjahr|Sommer|Winter|"
    r"Doppelhaushalt|Haushaltsjahr|in|In|zum|und)\s+$"
)
DATING_BEFORE_RE = re.compile(r"(?:Stand|Stichtag|Ende|zum|per|bis)\s*:?\s*$", re.IGNORECASE)
JOINED_RE = re.compile(r"\s+(?:und|sowie|oder)\s+(?:\S+\s+){0,2}")  # 1300 Haushalte und etwa 140 Gewerbe
NEXT_WORD_RE = re.compile(r"[ \u00a0]+([A-Za-zÄÖÜäöüß][\w-]*)")
PLURAL_ENDINGS = ("innen", "ungen", "heiten", "keiten", "schaften", "enden", "ende", "ern", "plätze", "stellen")
LOCATIVE_RE = re.compile(r"(?<!\w)[Ii]n(?:\s+den)?\s+$")  # in 24 Kommunen: the number counts places
BETWEEN_RE = re.compile(r"\b[Zz]wischen\s+$")  # zwischen 7.300 und 90.000 Einwohnern: a range
TRUNCATED_RE = re.compile(r"^-[a-zäöüß]{3,}$")  # -beamte in Beamtinnen und -beamte
NAME_BEFORE_RE = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]*\s+$")
DISTRIBUTIVE_BEFORE_RE = re.compile(r"\b[Jj]ede[rsnm]?\s+$")  # jede dritte Kommune: a proportion, not a position
SINCE_RE = re.compile(r"\b(?:[Ss]eit|nach|[Vv]or|gegründet|gestartet)\b")
CARRY_PARAGRAPHS = 2  # a programme named this many paragraphs back still names the topic
HEADING_MAX = 160  # a one-line paragraph this short without a full stop is a heading
BODY_END_RE = re.compile(r"[.!?»«\"“”)]$")
PARAGRAPH_RE = re.compile(r"\n\s*\n")
LINE_ONLY_RE = re.compile(r"^[ \t]*$")
ADJ_RE = re.compile(r"^[a-zäöüß][\w-]*(?:e|en|er|es|em|n)$")
ARTICLES = frozenset({"den", "die", "der", "das", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"})
# A preposition after the number opens a phrase of its own: Davon arbeiten 58 in Arbeitsgruppen mit.
PREPOSITIONS = frozenset(
    {
        "in",
        "im",
        "an",
        "am",
        "auf",
        "aus",
        "bei",
        "beim",
        "mit",
        "nach",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "für",
        "über",
        "unter",
        "vor",
        "ohne",
        "um",
        "gegen",
        "durch",
        "seit",
        "zwischen",
    }
)
LINKS = frozenset({"und", "oder", "sowie", "noch", "beiden", "weitere", "bisherige", "bisherigen"})
SCALE = {
    "millionen": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "mio.": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "milliarden": Decimal(10**9),
    "mrd.": Decimal(10**9),
}
QUOTES = "»«„“”\"'‚‘’"
PARTICIPLE_RE = re.compile(r"^(?:\w*ge\w+(?:t|en)|\w+iert)$")
AUXILIARIES = frozenset(
    {"wurden", "wurde", "worden", "werden", "wird", "sind", "ist", "haben", "hat", "hatte", "hatten"}
)
PARTICLES = frozenset({"zusammen", "teil", "bei", "an", "durch", "ein", "mit", "auf", "vor"})
ORDINAL_DIGIT_RE = re.compile(r"(?<![\w.,:/-])(\d{1,3})\.(?=[ \u00a0]?[»«„\"]?[A-ZÄÖÜ])")
ORDINAL_WORD_RE = re.compile(
    r"(?<![\w-])((?:erst|zweit|dritt|viert|fünft|sechst|siebt|acht|neunt|zehnt|elft|zwölft|\w+zehnt|\w+zigst|\w+ßigst"
    r"|\w*hundertst|\w*tausendst))(?:e|en|er|es|em)(?![\w-])",
    re.IGNORECASE,
)
SENTENCE_WORDS = frozenset(
    {
        "Die",
        "Der",
        "Das",
        "Den",
        "Dem",
        "Des",
        "Ein",
        "Eine",
        "Einer",
        "Sie",
        "Er",
        "Es",
        "Wir",
        "Ich",
        "Im",
        "In",
        "Am",
        "An",
        "Mit",
        "Mehr",
        "Auch",
        "Damit",
        "Dabei",
        "Dies",
        "Diese",
        "Dieser",
        "So",
        "Zudem",
        "Weitere",
        "Bei",
        "Von",
        "Zu",
        "Zum",
        "Zur",
        "Für",
        "Auf",
        "Nach",
        "Seit",
        "Bis",
        "Um",
        "Und",
        "Aber",
        "Als",
    }
)
LANDKREIS_RE = re.compile(
    r"^[^.;!?]{0,40}?\b(?:im|aus dem|des|dem|vom|in dem)\s+((?:Landkreis(?:es)?|Kreis(?:es)?)\s+[A-ZÄÖÜ][\w-]*"
    r"(?:\s*-\s*[A-ZÄÖÜ][\w-]*|\s+[A-ZÄÖÜ][\w-]*)*|[A-ZÄÖÜ][\w-]*kreis(?:es)?)"
)
SACHSEN_RE = re.compile(
    r"^[^.;!?]{0,60}?(?:\bin Sachsen\b|\bSachsens\b|\bim Freistaat\b|\bsachsenweit\b|\blandesweit\b)"
)
YEAR_SCOPE_RE = re.compile(
    r"^[^.;!?]{0,40}?\b(?:in diesem Jahr|im neuen Jahr|dieses Jahres|im Jahr\s+((?:19|20)\d\d)|((?:19|20)\d\d)\b)"
)


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


# ---------------------------------------------------------------- helpers shared by figures and ordinals


def fold_key(text: str) -> str:
    """A lowercase ASCII key part: umlauts spelled out, spaces as hyphens."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _measure(programme: str | None, lemma: str | None, predicate: str | None) -> str:
    return ":".join(fold_key(part or "") for part in (programme, lemma, predicate))


# ---- statistics that mean one thing: a running total, a count for one period, another Land's programme
# A running total: what has been reached so far. It keeps the plain key, which ordinals are compared with.
RUNNING_TOTAL_RE = re.compile(
    r"\b(?:inzwischen|mittlerweile|bislang|bisher|seither|nunmehr|bis heute|bis jetzt|insgesamt seit"
    r"|[Ss]eit (?:dem |der |ihrem |seinem )?(?:Start|Beginn|Gründung|Bestehen|Jahr \d{4}|\d{4}))\b"
)
# A year that names the period counted (2023 wurden ..., im Jahr 2023), not a date, a start or a deadline.
PERIOD_YEAR_RE = re.compile(r"(?<![\d.])(?<!\d\.\s)((?:19|20)\d{2})(?![\d.,-])")
_NOT_PERIOD_WORDS = "|".join(["seit", "bis", "ab", "nach", "vor", "ende", "mitte", "anfang", "stand", *MONTHS])
NOT_PERIOD_BEFORE_RE = re.compile(rf"\b(?:{_NOT_PERIOD_WORDS})\.?\s*:?\s*$", re.IGNORECASE)
THIS_YEAR_RE = re.compile(r"\b(?:in diesem Jahr|dieses Jahr|im laufenden Jahr|seit Jahresbeginn|heuer)\b", re.I)
LAST_YEAR_RE = re.compile(
    r"\b(?:im vergangenen Jahr|im letzten Jahr|im Vorjahr|vergangenes Jahr|letztes Jahr)\b", re.IGNORECASE
)
INCREMENT_RE = re.compile(r"\b(?:neu|neue[nmrs]?|weitere[nmrs]?|zusätzlich(?:e[nmrs]?)?|erstmals)\b", re.I)
OTHER_LAENDER = (
    ("hessen", re.compile(r"\b(?:Hessen|[Hh]essisch\w*)\b")),
    ("saarland", re.compile(r"\b(?:Saarland\w*|[Ss]aarländisch\w*|Saar-\w+)\b")),
    ("bayern", re.compile(r"\b(?:Bayern|[Bb]ayerisch\w*)\b")),
    ("thueringen", re.compile(r"\b(?:Thüringen|[Tt]hüringisch\w*)\b")),
    ("brandenburg", re.compile(r"\b(?:Land Brandenburg|[Bb]randenburgisch\w*)\b")),
    ("niedersachsen", re.compile(r"\b(?:Niedersachsen|[Nn]iedersächsisch\w*)\b")),
    ("nordrhein-westfalen", re.compile(r"\b(?:Nordrhein-Westfalen|NRW|nordrhein-westfälisch\w*)\b")),
    ("baden-wuerttemberg", re.compile(r"\b(?:Baden-Württemberg|baden-württembergisch\w*)\b")),
    ("rheinland-pfalz", re.compile(r"\b(?:Rheinland-Pfalz|rheinland-pfälzisch\w*)\b")),
    ("sachsen-anhalt", re.compile(r"\bSachsen-Anhalt\w*")),
    ("schleswig-holstein", re.compile(r"\bSchleswig-Holstein\w*")),
    ("mecklenburg-vorpommern", re.compile(r"\b(?:Mecklenburg-Vorpommern|mecklenburg-vorpommersch\w*)\b")),
)
SAXONY_RE = re.compile(r"\b(?:Sachsen(?!-Anhalt)\w*|[Ss]ächsisch\w*|Freistaat)\b")


@functools.lru_cache(maxsize=8)
def _document_land(text: str) -> str | None:
    """The other Land a release is about, when it names that Land more often than Saxony."""
    counts = [(len(pattern.findall(text)), land) for land, pattern in OTHER_LAENDER]
    most, land = max(counts)
    return land if most >= 2 and most > len(SAXONY_RE.findall(text)) else None


def _measure_key(
    programme: str | None,
    lemma: str | None,
    predicate: str | None,
    text: str,
    sent_start: int,
    sent_end: int,
    lo: int,
    hi: int,
    release: ReleaseInfo,
) -> str:
    """The measure key of a figure whose clause is ``text[lo:hi]`` in the sentence from ``sent_start``.

    ``asskomm:kommune:beraten`` is the running total; a count for one period gets ``:zeitraum-2023``, a count
    of additions without a period (neu, weitere) ``:zuwachs``, and another Land's statistic ``:land-hessen``:
    ``2023 wurden 58 Kommunen neu beraten`` is never compared with ``inzwischen 141 Kommunen beraten``.
    """
    key = _measure(programme, lemma, predicate)
    upto = text[sent_start:hi]  # a year or a cue early in the sentence governs every count it coordinates
    period = None
    if not RUNNING_TOTAL_RE.search(upto):
        year = next(
            (
                m
                for m in PERIOD_YEAR_RE.finditer(upto)
                if not NOT_PERIOD_BEFORE_RE.search(upto[max(0, m.start() - 12) : m.start()])
            ),
            None,
        )
        this_year = release.date.year if release.date else None
        if year:
            period = f"zeitraum-{year.group(1)}"
        elif THIS_YEAR_RE.search(upto) and this_year:
            period = f"zeitraum-{this_year}"
        elif LAST_YEAR_RE.search(upto) and this_year:
            period = f"zeitraum-{this_year - 1}"
        elif INCREMENT_RE.search(text[lo:hi]):
            period = "zuwachs"
    if period:
        key = f"{key}:{period}"
    sentence = text[sent_start:sent_end]
    land = next((name for name, pattern in OTHER_LAENDER if pattern.search(sentence)), None)
    land = land or _document_land(text)
    return f"{key}:land-{land}" if land else key


@functools.cache
def _lookup_table() -> Any:
    """spaCy's German lookup table (keyed by string hash; ``in`` and ``get`` accept strings)."""
    return get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4096)
def noun_lemma(word: str) -> str:
    """The singular of a (compound) noun: the lookup table for its longest known tail, else plural rules."""
    word = word.strip(QUOTES)
    head, sep, tail = word.rpartition("-")
    if sep:
        return f"{head}-{noun_lemma(tail)}" if tail else word
    lemma = _table_lemma(word)
    if "ß" in lemma and "ß" not in word:
        lemma = lemma.replace("ß", "ss")  # the table keeps the old spelling (Prozeß); the text has the new one
    return lemma


def _table_lemma(word: str) -> str:
    table = _lookup_table()
    if word in table:
        return table[word]
    if word.endswith("innen"):
        return word[:-3]  # Hessinnen -> Hessin, Teilnehmerinnen -> Teilnehmerin
    # Compounds (Sicherheitsanalysen) are missing from the table; their last part decides the lemma.
    for i in range(1, len(word) - 4):
        part = word[i:].capitalize()
        if part in table and table[part] != part:
            return word[:i] + table[part].lower()
    for plural, singular in (
        ("ungen", "ung"),
        ("heiten", "heit"),
        ("keiten", "keit"),
        ("schaften", "schaft"),
        ("innen", "in"),
        ("nisse", "nis"),
        ("sen", "se"),
        ("onen", "on"),
        ("ssen", "ss"),
    ):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word


@dataclass(frozen=True, slots=True)
class _Programmes:
    hits: list[tuple[int, int, str, str]]  # start, end, programme, kind
    starts: list[int]
    dominant: str | None
    sections: list[tuple[int, str | None]]  # start of each heading (the headline too), the programme it names
    paragraphs: list[int]


@functools.lru_cache(maxsize=8)
def _programmes(text: str) -> _Programmes:
    lex = _lexicon()
    hits = [(m.start(), m.end(), *lex.programme_by_pattern[m.group(1)]) for m in lex.programme_re.finditer(text)]
    counts = Counter(name for _, _, name, kind in hits if kind == "programme")
    sections: list[tuple[int, str | None]] = []
    starts = _paragraph_starts(text)
    hit_starts = [h[0] for h in hits]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        if end - start > 2 * HEADING_MAX:
            continue  # a long paragraph is body text; no need to copy it
        block = text[start:end].strip()
        if block and "\n" not in block and len(block) <= HEADING_MAX and not BODY_END_RE.search(block):
            inside = hits[bisect.bisect_left(hit_starts, start) : bisect.bisect_left(hit_starts, end)]
            named = [h[2] for h in inside if h[3] == "programme"]
            sections.append((start, named[0] if named else None))
    dominant = counts.most_common(1)[0][0] if counts else None
    return _Programmes(hits, hit_starts, dominant, sections, starts)


def _programme_for(progs: _Programmes, sent: _Sent, at: int, para_start: int) -> str | None:
    """The programme a statement is about: named in its sentence, its paragraph, or its section's heading."""
    lo = bisect.bisect_left(progs.starts, sent.start_char)
    hi = bisect.bisect_left(progs.starts, sent.end_char)
    in_sentence = progs.hits[lo:hi]
    named = [h for h in in_sentence if h[3] == "programme"]
    if named:
        return min(named, key=lambda h: abs(h[0] - at))[2]
    p_lo = bisect.bisect_left(progs.starts, para_start)
    earlier = [h for h in progs.hits[p_lo:lo] if h[3] == "programme"]
    if earlier:
        return earlier[-1][2]
    section = next((s for s in reversed(progs.sections) if s[0] <= para_start), None)
    if section is not None and section[1] is not None:
        return section[1]  # Hintergrundinformationen zu ASSKomm: every paragraph below it
    # The topic carries over a paragraph or two within a section, not across the whole release.
    para_i = bisect.bisect_right(progs.paragraphs, para_start) - 1
    window = max(progs.paragraphs[max(0, para_i - CARRY_PARAGRAPHS)], section[0] if section else 0)
    carried = [h for h in progs.hits[bisect.bisect_left(progs.starts, window) : p_lo] if h[3] == "programme"]
    if carried:
        return carried[-1][2]
    # A body (the Landespräventionsrat) mostly acts for the release's programme; it names the statement only alone.
    # Without one, a figure of a paragraph that names neither is not the programme's (46 Feuerwehrleute).
    para_end = progs.paragraphs[para_i + 1] if para_i + 1 < len(progs.paragraphs) else sent.end_char
    bodies = [h for h in progs.hits[p_lo : bisect.bisect_left(progs.starts, para_end)] if h[3] == "body"]
    if not bodies:
        return None
    near = [h for h in bodies if h[0] >= sent.start_char] or bodies
    return progs.dominant or min(near, key=lambda h: abs(h[0] - at))[2]


def _strip_programme(lemma: str, programme: str | None) -> tuple[str, str | None]:
    """``ASSKomm-Coaching-Prozess`` -> (``Coaching-Prozess``, ``ASSKomm``): a prefix names the programme."""
    head, sep, rest = lemma.partition("-")
    if sep and rest:
        named = _lexicon().programme_by_pattern.get(head.strip(QUOTES))
        if named:
            return rest, named[0]
    return lemma, programme


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in PARAGRAPH_RE.finditer(text)]


def _is_number_token(token: Token) -> bool:
    if token.text[:1].isdigit():
        return True
    value = number_word(token.lower_)
    return value is not None and value >= 2


def _is_noun(token: Token) -> bool:
    word = token.text.strip(QUOTES)
    return bool(word) and word[0].isupper() and word[0].isalpha()


# ---------------------------------------------------------------- figures


@dataclass(slots=True)
class _Draft:
    value: Decimal
    start: int
    end: int
    rule: str
    sent: _Sent
    value_max: Decimal | None = None
    unit: str | None = None
    noun_tokens: tuple[int, int] | None = None  # token range of the counted noun
    qualifier: str | None = None
    elided: bool = False


def _decimal(digits: str) -> Decimal:
    return Decimal(re.sub(r"[.\s\u00a0]", "", digits).replace(",", "."))


def _number_value(m: re.Match[str]) -> Decimal | None:
    if m.group("digits"):
        return _decimal(m.group("digits"))
    value = number_word(m.group("word"))
    return Decimal(value) if value is not None and value >= 2 else None


def _blocked(money: list[Money], dates: list[DateMention]) -> list[tuple[int, int]]:
    return sorted((f.start, f.end) for f in (*money, *dates) if f.start >= 0)


def _is_postcode(doc: Doc, text: str, start: int, end: int) -> bool:
    """Five bare digits before a place name (01097 Dresden); before a counted noun (10000 Einwohner) a count."""
    digits = text[start:end]
    if len(digits) != 5 or not digits.isdigit():
        return False
    if digits[0] == "0":
        return True  # no count is written with a leading zero
    m = NEXT_WORD_RE.match(text, end)
    if m is None:
        return True
    word = m.group(1)
    if word[0].islower():
        return False  # 10000 neue Wohnungen
    if any(span.start_char == m.start(1) for span in doc.spans.get("commune", [])):
        return True  # a Saxon municipality from the gazetteer
    return not _counts_noun(word)


def _counts_noun(word: str) -> bool:
    """Whether a capitalised word reads as a counted plural noun rather than a place name."""
    lower = word.lower()
    lex = _lexicon()
    if lower in lex.count_nouns or lower.rstrip("n") in lex.count_nouns or _group(lower) is not None:
        return True
    table = _lookup_table()
    if word in table and table[word].lower() != lower:
        return True  # Menschen -> Mensch: the table knows it as an inflected noun
    return lower.endswith(PLURAL_ENDINGS)


def _blocked_here(text: str, start: int, end: int) -> bool:
    """A phone number, address, URL, legal reference or line number around this number."""
    line_start = text.rfind("\n", 0, start) + 1
    if BLOCK_BEFORE_RE.search(text, max(line_start, start - 40), start):
        return True
    lo, hi = start, end
    while lo > line_start and text[lo - 1] in PHONE_CHARS:
        lo -= 1
    while hi < len(text) and text[hi] in PHONE_CHARS and text[hi] != "\n":
        hi += 1
    run = text[lo:hi].strip()
    if sum(c.isdigit() for c in run) >= 7 and len(re.findall(r"\d[\s/()-]+\d", run)) >= 2:
        return True
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token_end = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    word = text[token_start:token_end]
    return "@" in word or "://" in word or "www." in word


@functools.lru_cache(maxsize=8)
def _scan(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where digit runs, number words and ordinal words may start: a few fast scans shared by both extractors."""
    digits = tuple(m.start() for m in DIGIT_RUN_RE.finditer(text))
    low = text.lower()

    def word_starts(stems: tuple[str, ...]) -> tuple[int, ...]:
        starts: set[int] = set()
        for stem in stems:
            i = low.find(stem)
            while i >= 0:
                j = i
                while j > 0 and low[j - 1].isalpha():
                    j -= 1
                starts.add(j)
                i = low.find(stem, i + 1)
        return tuple(sorted(starts))

    return digits, word_starts(NUMBER_STEMS), word_starts(ORDINAL_STEMS)


def _number_matches(text: str) -> list[re.Match[str]]:
    digits, words, _ = _scan(text)
    found: list[re.Match[str]] = []
    last_end = -1
    for pos in sorted(set(digits) | set(words)):
        if pos < last_end:
            continue
        m = NUMBER_RE.match(text, pos)
        if m:
            found.append(m)
            last_end = m.end()
    return found


@dataclass(frozen=True, slots=True)
class _Sent:
    start: int
    end: int
    start_char: int
    end_char: int


class _Index:
    """Token offsets and sentence bounds read once from the Doc's arrays (Token objects are slow to create)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text  # Doc.text is rebuilt from every token on each access; read it once
        self.idx: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.lower: list[int] = doc.to_array(LOWER).tolist() if len(doc) else []
        self.lemma: list[int] = doc.to_array(LEMMA).tolist() if len(doc) else []
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        starts = [i for i, flag in enumerate(flags) if flag == 1 or i == 0]
        ends = starts[1:] + [len(doc)] if starts else []
        self.sents = [
            _Sent(s, e, self.idx[s], self.idx[e] if e < len(doc) else len(text))
            for s, e in zip(starts, ends, strict=True)
        ]
        self.sent_starts = starts

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.idx, char) - 1)

    def token_after(self, char: int) -> int:
        return bisect.bisect_left(self.idx, char)

    def sent_of(self, token: int) -> _Sent:
        return self.sents[bisect.bisect_right(self.sent_starts, token) - 1]


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start)
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i + 1])


def _find_noun(doc: Doc, j: int, limit: int) -> int | None:
    """Index of the counted noun after token j: adjectives, links and articles after und may stand between."""
    lex = _lexicon()
    previous = ""
    for k in range(j, min(limit, j + 8)):
        token = doc[k]
        if _is_number_token(token):
            return None
        if token.text in QUOTES:
            continue
        if _is_noun(token):
            return k
        lower = token.lower_
        if (lower in ARTICLES and previous not in ("und", "oder")) or lower in PREPOSITIONS:
            return None
        if not (lower in LINKS or lower in ARTICLES or ADJ_RE.match(lower)) or lower in lex.vague:
            return None
        previous = lower
    return None


def _coordinated(doc: Doc, k: int, limit: int) -> int:
    """Extend ``Städte`` to ``Städte und Gemeinden``, ``Bürgerinnen`` to ``Bürgerinnen und Bürger``."""
    if k + 2 >= limit or doc[k + 1].lower_ not in ("und", "oder"):
        return k
    if TRUNCATED_RE.match(doc[k + 2].text):
        return k + 2  # Polizeibeamtinnen und -beamte: the second noun shares the first one's stem
    if not _is_noun(doc[k + 2]):
        return k
    first, second = _group(doc[k].text.lower()), _group(doc[k + 2].text.lower())
    if (first is not None and first == second) or doc[k].lower_[:5] == doc[k + 2].lower_[:5]:
        return k + 2
    return k


def _group(word: str) -> int | None:
    """The word group of a plural noun, also in the dative (Landkreisen, Städten)."""
    groups = _lexicon().groups
    if word in groups:
        return groups[word]
    return groups.get(word[:-1]) if word.endswith("n") else None


def _draft(doc: Doc, index: _Index, m: re.Match[str], value: Decimal) -> _Draft | None:
    """Read one number: its extent (range, scale, percent), its counted noun, or mark it elided."""
    lex = _lexicon()
    text = index.text
    start, end = m.start(), m.end()
    sent = index.sent_of(index.token_at(start))
    after = text[end : end + 40]
    head = m.group("head") if m.group("digits") else None
    if head:
        for prefix, unit in lex.compound_units.items():
            if head.lower().startswith(prefix):
                return _Draft(value, start, end, "compound", sent, unit=unit)
        return None  # Sechs-Punkte-Programm, 10-jährig: part of a name, or a duration
    percent = PERCENT_RE.match(after)
    if percent:
        return _Draft(value, start, end + percent.end(), "percent", sent, unit=percent.group(1))
    if FRACTION_BEFORE_RE.search(text[max(0, start - 20) : start]) and after.lstrip().startswith(")"):
        return _Draft(value, start, end, "fraction_count", sent, elided=True)
    j, limit = index.token_after(end), sent.end
    value_max = None
    rule = "digits" if m.group("digits") else "number_word"
    range_words = ("bis", "–", "-", "und") if BETWEEN_RE.search(text, max(0, start - 12), start) else ("bis", "–", "-")
    if j + 1 < limit and doc[j].lower_ in range_words and _is_number_token(doc[j + 1]):
        nxt = NUMBER_RE.fullmatch(doc[j + 1].text)
        # Only a rising pair is a range: "1–0" is a score, "7.300 bis 90.000" a range.
        if nxt and (upper := _number_value(nxt)) is not None and upper > value:
            value_max, j, rule = upper, j + 2, "range"
    if j < limit and doc[j].lower_ in SCALE and not MONEY_AFTER_RE.match(text[doc[j].idx :]):
        factor = SCALE[doc[j].lower_]
        value, value_max = value * factor, value_max * factor if value_max is not None else None
        j += 1
    k = _find_noun(doc, j, limit)
    if k is None and j + 1 < limit and doc[j].lower_ in ("von", "aus") and _is_number_token(doc[j + 1]):
        k = _find_noun(doc, j + 2, limit)  # zehn von 421 Gemeinden: the part counts the total's noun
        rule = "part_of_total" if k is not None else rule
    if k is None:
        cue_after = j < limit and doc[j].lower_ in ELISION_AFTER
        if cue_after or ELISION_BEFORE_RE.search(text[sent.start_char : start]):
            return _Draft(value, start, doc[j - 1].idx + len(doc[j - 1].text), "elided", sent, value_max, elided=True)
        return None
    noun = doc[k].text.strip(QUOTES)
    if noun.lower() in lex.nonunits or noun.lower().rstrip(".") in lex.nonunits:
        return None
    last = _coordinated(doc, k, limit)
    unit = text[doc[k].idx : doc[last].idx + len(doc[last].text)].strip(QUOTES)
    return _Draft(
        value,
        start,
        doc[last].idx + len(doc[last].text.rstrip(QUOTES)),
        rule,
        sent,
        value_max,
        unit=unit,
        noun_tokens=(k, last + 1),
    )


def _skip_number(text: str, m: re.Match[str], value: Decimal) -> bool:
    """Numbers that are never statistics, judged on their surroundings."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if LINE_ONLY_RE.match(text[line_start:start]) and LINE_ONLY_RE.match(text[end:line_end]):
        return True  # a bare number on its own line: a web page counter
    if MONEY_AFTER_RE.match(after) or MONEY_BEFORE_RE.search(before):
        return True
    if RATE_BASE_RE.search(before) or CODE_BEFORE_RE.search(before):
        return True
    word = m.group("word")
    if word:
        vague = _lexicon().vague
        previous = before.split()[-1].lower() if before.split() else ""
        if word.lower() in ("hundert", "tausend") and previous in vague:
            return True
    digits = m.group("digits")
    if digits and re.fullmatch(r"(?:19|20)\d\d", digits):
        # A year unless it directly counts a noun (2000 Teilnehmer) and nothing before marks it as a date.
        following = re.match(r"\s+[»„\"]?([A-ZÄÖÜ][\w-]*)", after)
        if not following or YEAR_BEFORE_RE.search(before) or following.group(1).lower() in _lexicon().nonunits:
            return True
        if NAME_BEFORE_RE.search(before) and not re.search(r"[.!?:]\s*\S+\s+$", before):
            return True  # Zukunftspakt 2030, Kulturland 2022: a year inside a name
    return False


@dataclass(frozen=True, slots=True)
class _PredicateIndex:
    by_form: dict[int, str]
    by_lemma: dict[int, str]
    particles: dict[int, str]
    light_verbs: frozenset[int]
    nominal_re: re.Pattern[str] | None


@functools.cache
def _predicate_hashes() -> _PredicateIndex:
    """The predicate lexicon keyed by string hash, to read lemmas from the Doc's arrays without Token objects."""
    lex = _lexicon()
    nominals = sorted(lex.predicate_by_nominal, key=len, reverse=True)
    return _PredicateIndex(
        {get_string_id(k): v for k, v in lex.predicate_by_form.items()},
        {get_string_id(k): v for k, v in lex.predicate_by_lemma.items()},
        {get_string_id(k): k for k in PARTICLES},
        frozenset(get_string_id(k) for k in lex.light_verbs),
        # Beratung, Beratungsleistungen, Erstberatung: the nominal is the word's first or only part
        re.compile("(?:" + "|".join(re.escape(n) for n in nominals) + ")", re.IGNORECASE) if nominals else None,
    )


def _predicate(
    doc: Doc, index: _Index, lo: int, hi: int, noun_end: int, number_start: int, sent_end: int
) -> str | None:
    """The verb the clause states of the figure: after the noun first, then before the number."""
    lex = _lexicon()
    text = index.text
    pix = _predicate_hashes()
    by_form, by_lemma, particles = pix.by_form, pix.by_lemma, pix.particles
    lowers, lemmas, idx = index.lower, index.lemma, index.idx
    strings = doc.vocab.strings
    # eine Beratung erhalten, Unterstützung bekommen: the noun carries the predicate, the verb only states it.
    light: bool | None = None  # decided on the first capitalised word that could be a nominal

    def is_noun(k: int) -> bool:
        first = text[idx[k]]
        return first.isupper() and first.isalpha()

    def clause_final(v: int) -> bool:
        return v + 1 >= hi or not text[idx[v + 1]].isalnum()

    def canonical(k: int) -> str | None:
        nonlocal light
        if is_noun(k):
            nominal = pix.nominal_re.match(strings[lowers[k]]) if pix.nominal_re is not None else None
            if nominal is None:
                return None
            if light is None:
                light = any(lemmas[v] in pix.light_verbs for v in range(lo, sent_end))
            return lex.predicate_by_nominal[nominal.group(0).lower()] if light else None
        if lowers[k] in by_form:
            return by_form[lowers[k]]
        particle = particles.get(lowers[k])
        if particle and clause_final(k):
            # A separable verb's particle at the clause end: arbeiten ... zusammen.
            for v in range(k - 1, lo - 1, -1):
                joined = lex.predicate_by_lemma.get(particle + strings[lemmas[v]].lower())
                if joined:
                    return joined
            return None
        found = by_lemma.get(lemmas[k])
        if found is not None:
            # arbeiten ... zusammen names another verb than arbeiten: the clause-final particle decides.
            for v in range(k + 1, hi):
                if lowers[v] in particles and clause_final(v):
                    joined = lex.predicate_by_lemma.get(particles[lowers[v]] + strings[lemmas[k]].lower())
                    return joined or found
        return found

    for k in range(number_start + 1, noun_end):  # 25 abgeschlossene Analysen: the attribute states it
        if not is_noun(k) and (found := canonical(k)) is not None:
            return found
    phrase_re = lex.predicate_phrase_re
    if phrase_re is not None and noun_end < hi:
        # A multiword predicate (in Gang gesetzt) competes with single verbs by position after the noun.
        phrase = phrase_re.search(text, idx[noun_end], idx[hi] if hi < len(idx) else len(text))
        if phrase:
            for k in range(noun_end, hi):
                if idx[k] >= phrase.start():
                    return lex.predicate_by_phrase[phrase.group(0).lower()]
                if (found := canonical(k)) is not None:
                    return found
    for k in range(noun_end, hi):
        if (found := canonical(k)) is not None:
            return found
    before = None
    if phrase_re is not None and lo < number_start:
        # Es gibt in 24 Kommunen ...: the last phrase before the number, unless a verb stands nearer.
        # A comma closes the clause: "Es gibt Aufgaben, die in drei Kommunen ..." states nothing of the three.
        window = max(idx[lo], max(text.rfind(c, idx[lo], idx[number_start]) for c in ",;:") + 1)
        before = next(reversed(list(phrase_re.finditer(text, window, idx[number_start]))), None)
    for k in range(number_start - 1, lo - 1, -1):
        if before is not None and idx[k] < before.end():
            return lex.predicate_by_phrase[before.group(0).lower()]
        if (found := canonical(k)) is not None:
            return found
    for k in range(hi, sent_end):  # a figure joined by und shares the next one's verb
        if (found := canonical(k)) is not None:
            return found
    for k in range(noun_end, hi):
        token = doc[k]
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if PARTICIPLE_RE.match(token.text) and (nxt is None or nxt.is_punct or nxt.lower_ in AUXILIARIES):
            return token.lower_
    return None


def _of_body(
    doc: Doc, index: _Index, predicate: str | None, lo: int, hi: int, number: int, noun_end: int, sent_start_char: int
) -> str | None:
    """In N Kommunen gibt es / tagt ein Präventionsrat: the places where a body exists, as if constituted."""
    lex = _lexicon()
    target = lex.of_body.get(predicate or "")
    if target is None:
        return predicate
    text = index.text
    before = text[sent_start_char : index.idx[number]]
    qualifier = lex.qualifier_re.search(before)
    if qualifier:
        before = before[: qualifier.start()]
    if not LOCATIVE_RE.search(before):
        return predicate
    strings = doc.vocab.strings
    for k in (*range(lo, number), *range(noun_end, hi)):
        word = strings[index.lower[k]]
        if (
            text[index.idx[k]].isupper()
            and word.endswith(lex.bodies)
            and lex.programme_re.fullmatch(text, index.idx[k], index.idx[k] + len(word)) is None
        ):
            return target
    return predicate


def _as_of(release: ReleaseInfo, sent: _Sent, dates: list[DateMention], text: str) -> date | None:
    """The release date, unless the sentence dates its figures (Stand November 2021, Ende 2022)."""
    for d in dates:
        if sent.start_char <= d.start < sent.end_char:
            before = text[sent.start_char : d.start]
            if SINCE_RE.search(before[-40:]):
                continue  # seit dem Start Ende 2017: the start of a period, not the date of the count
            cue = DATING_BEFORE_RE.search(before[-15:])
            if cue or re.match(r"(?:Stand|Ende)\b", d.text):
                return d.end_value or d.value
    return release.date


def extract_figures(doc: Doc, release: ReleaseInfo, money: list[Money], dates: list[DateMention]) -> list[Figure]:
    """Find statistics such as 'bereits 141 Kommunen ... beraten' or 'rund 39,7 %', with a stable measure key."""
    lex = _lexicon()
    text = doc_text(doc)
    index = _Index(doc, text)
    blocked = _blocked(money, dates)
    blocked_starts = [s for s, _ in blocked]
    drafts: list[_Draft] = []
    consumed = -1
    for m in _number_matches(text):
        if m.start() < consumed:
            continue
        value = _number_value(m)
        if (
            value is None
            or _inside(blocked, blocked_starts, m.start(), m.end())
            or _skip_number(text, m, value)
            or _blocked_here(text, m.start(), m.end())
            or _is_postcode(doc, text, m.start(), m.end())
        ):
            continue
        draft = _draft(doc, index, m, value)
        if draft is None:
            continue
        qualifier = lex.qualifier_re.search(text[max(0, draft.start - 40) : draft.start])
        if draft.rule == "fraction_count":
            window = text[max(0, draft.start - 40) : draft.start]
            phrase = re.search(r"(\S+\s+)?(?:ein|eine|die)\s+\w+\s*\(\s*$", window)
            qualifier = (
                lex.qualifier_re.search(text[max(0, draft.start - 60) : draft.start - len(phrase.group(0))])
                if phrase
                else None
            )
        if qualifier:
            draft.qualifier = re.sub(r"\s+", " ", qualifier.group(1)).strip().lower()
        drafts.append(draft)
        consumed = m.end() if draft.rule == "part_of_total" else draft.end
    paragraphs = _paragraph_starts(text)
    # Elided nouns take the unit of the figure before them in the same paragraph.
    for i, draft in enumerate(drafts):
        if draft.elided:
            para = paragraphs[bisect.bisect_right(paragraphs, draft.start) - 1]
            earlier = [d for d in drafts[:i] if d.unit and d.start >= para and not d.elided]
            if earlier:
                draft.unit, draft.noun_tokens = earlier[-1].unit, earlier[-1].noun_tokens
    progs = _programmes(text)
    figures: list[Figure] = []
    for i, draft in enumerate(drafts):
        if not draft.unit:
            continue
        sent = draft.sent
        lo = max([d.end for d in drafts[:i] if d.sent == sent] + [sent.start_char])
        hi = min([d.start for d in drafts[i + 1 :] if d.sent == sent] + [sent.end_char])
        lo_i = index.token_after(lo)
        hi_i = index.token_after(hi)
        number_i = index.token_at(draft.start)
        noun_end = max(number_i + 1, index.token_after(draft.end))
        if draft.noun_tokens and not draft.elided:
            noun_end = draft.noun_tokens[1]
        joined = JOINED_RE.fullmatch(text[draft.end : hi]) is not None
        clause = (max(lo_i, sent.start), min(hi_i, sent.end))
        predicate = _predicate(doc, index, *clause, noun_end, number_i, sent.end if joined else clause[1])
        predicate = _of_body(doc, index, predicate, *clause, number_i, noun_end, sent.start_char)
        para = paragraphs[bisect.bisect_right(paragraphs, draft.start) - 1]
        programme = _programme_for(progs, sent, draft.start, para)
        unit = draft.unit
        if unit in ("%", "Prozent"):
            lemma = "Prozent"
        else:
            lemma = " und ".join(noun_lemma(w) for w in re.split(r"\s+(?:und|oder)\s+", unit))
        key_lemma, programme = _strip_programme(lemma, programme)
        figures.append(
            Figure(
                text=text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                rule=draft.rule,
                value=draft.value,
                value_max=draft.value_max,
                unit=unit,
                lemma=lemma,
                predicate=predicate,
                programme=programme,
                measure=_measure_key(
                    programme, key_lemma, predicate, text, sent.start_char, sent.end_char, lo, hi, release
                ),
                qualifier=draft.qualifier,
                as_of=_as_of(release, sent, dates, text),
            )
        )
    return sorted(figures, key=lambda f: f.start)


# ---------------------------------------------------------------- ordinals


def _ordinal_word_value(stem: str) -> int | None:
    stem = stem.lower()
    irregular = _lexicon().ordinal_irregular
    if stem in irregular:
        return irregular[stem]
    for cut in ("st", "t"):
        if stem.endswith(cut):
            value = number_word(stem[: -len(cut)])
            if value is not None:
                return value
    return None


def _ordered_noun(doc: Doc, j: int, limit: int) -> int | None:
    """The noun an ordinal orders: capitalised adjectives of a name (Kommunaler Präventionsrat) stand between."""
    for k in range(j, min(limit, j + 5)):
        token = doc[k]
        word = token.text.strip(QUOTES)
        if not word:
            continue
        if _is_noun(token):
            if (
                re.search(r"(?:isch|lich|al|ig|iv|ell|ar)(?:e|er|es|en|em)$", word)
                and k + 1 < limit
                and _is_noun(doc[k + 1])
            ):
                continue
            return k
        if not ADJ_RE.match(token.lower_) or _is_number_token(token):
            return None
    return None


def _scope(release: ReleaseInfo, after: str) -> str | None:
    kreis = LANDKREIS_RE.match(after)
    if kreis:
        name = re.sub(r"\s*-\s*", "-", kreis.group(1))
        return re.sub(r"^(Landkreis|Kreis)es\b", r"\1", name)
    if SACHSEN_RE.match(after):
        return "Sachsen"
    year = YEAR_SCOPE_RE.match(after)
    if year:
        printed = year.group(1) or year.group(2)
        if printed:
            return printed
        return str(release.date.year) if release.date else "dieses Jahr"
    return None


def extract_ordinals(doc: Doc, release: ReleaseInfo) -> list[Ordinal]:
    """Find ordinals such as 'die 50. Kommune' or 'fünfte Kommune aus dem Landkreis Mittelsachsen'."""
    lex = _lexicon()
    text = doc_text(doc)
    progs = _programmes(text)
    paragraphs = _paragraph_starts(text)
    index = _Index(doc, text)
    digits, _, words = _scan(text)
    found: list[tuple[int, int, int, str]] = []
    for pos in digits:
        m = ORDINAL_DIGIT_RE.match(text, pos)
        if m is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if LINE_ONLY_RE.match(text[line_start : m.start()]):
            continue  # list numbering at the start of a line
        found.append((m.start(), m.end(), int(m.group(1)), "ordinal_digits"))
    for pos in words:
        m = ORDINAL_WORD_RE.match(text, pos)
        value = _ordinal_word_value(m.group(1)) if m else None
        if m and value is not None:
            found.append((m.start(), m.end(), value, "ordinal_word"))
    ordinals: list[Ordinal] = []
    for start, end, value, rule in sorted(found):
        first = index.token_at(start)
        sent = index.sent_of(first)
        j = index.token_after(end)
        if j < sent.end and doc[j].text in SENTENCE_WORDS:
            continue  # a number that ends a sentence, not an ordinal
        if DISTRIBUTIVE_BEFORE_RE.search(text[max(0, start - 10) : start]):
            continue
        if rule == "ordinal_word" and text[start].isupper() and first != sent.start:
            continue  # Erster Polizeihauptkommissar, Zweiter Bürgermeister: part of a title
        k = _ordered_noun(doc, j, sent.end)
        if k is None:
            continue
        noun = doc[k].text.strip(QUOTES).replace("«", "").replace("»", "")
        lower = noun.lower()
        if lower in MONTHS or lower in lex.ordinal_excluded or (lower in lex.nonunits and lower not in ("mal",)):
            continue
        if noun_lemma(noun) != noun and lower != "mal":
            continue  # die ersten Städte: a plural names a group, not a position
        para = paragraphs[bisect.bisect_right(paragraphs, start) - 1]
        orders, programme = _strip_programme(noun_lemma(noun), _programme_for(progs, sent, start, para))
        scope = _scope(release, text[doc[k].idx + len(doc[k].text) : sent.end_char])
        measure = None
        compared = lex.ordinal_measures.get(orders.lower())
        if compared and scope in (None, "Sachsen"):
            measure = _measure(programme, *compared)
        end_char = doc[k].idx + len(doc[k].text.rstrip(QUOTES))
        ordinals.append(
            Ordinal(
                text=text[start:end_char],
                start=start,
                end=end_char,
                rule=rule,
                value=value,
                orders=orders,
                scope=scope,
                measure=measure,
            )
        )
    return ordinals

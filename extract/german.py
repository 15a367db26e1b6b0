"""Facts of the German language shared by the field extractors: months, weekdays, number words."""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "mär": 3,
    "maerz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
MONTH_LIST = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
MONTH_NAMES = "|".join(("Jänner", *MONTH_LIST))  # for patterns: every name a month is printed with

WEEKDAYS: dict[str, int] = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}

# Cardinal number words (the base forms; compounds such as "dreiundzwanzig" are parsed by number_word()).
NUMBER_WORDS: dict[str, int] = {
    "null": 0,
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "einer": 1,
    "einen": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
    "hundert": 100,
    "tausend": 1000,
}
_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
_UNITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}


def number_word(word: str) -> int | None:
    """The value of a German cardinal number word (``zwölf``, ``dreiundzwanzig``, ``zweihundert``)."""
    w = word.lower()
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    m = re.fullmatch(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(\w+zig|dreißig)", w)
    if m and m.group(2) in _TENS:
        return _UNITS[m.group(1)] + _TENS[m.group(2)]
    m = re.fullmatch(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)?(hundert|tausend)(\w*)", w)
    if m:
        head = _UNITS.get(m.group(1) or "ein", 1) * (100 if m.group(2) == "hundert" else 1000)
        rest = number_word(m.group(3)) if m.group(3) else 0
        return head + rest if rest is not None else None
    return None


NUMERIC_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d])")
LONG_DATE_RE = re.compile(rf"(?<!\d)(\d{{1,2}})\.\s*({MONTH_NAMES})\s+(\d{{4}})", re.IGNORECASE)


def make_date(year: int, month: int, day: int) -> date | None:
    """A ``date``, or None when the numbers name no day."""
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Abbreviations that end in a full stop inside a sentence or a headline ("21 Mio. Euro", "Dr. Probe").
ABBREVIATIONS = frozenset(
    {
        "mio",
        "mrd",
        "tsd",
        "nr",
        "dr",
        "prof",
        "st",
        "ca",
        "bzw",
        "vgl",
        "ggf",
        "inkl",
        "zzgl",
        "evtl",
        "usw",
        "etc",
        "abs",
        "jh",
        "jhd",
        "std",
        "min",
        "max",
        "mind",
        "str",
        "tel",
        "gem",
        "ggü",
        "stellv",
        "sog",
        "bspw",
        "insb",
        "u",
        "z",
        "b",
        "v",
        "a",
        "d",
        "o",
        "e",
        "g",
        "kath",
        "ev",
        "hl",
        "geb",
        "verw",
    }
)
ABBREVIATION_END_RE = re.compile(r"(?<![\w.])([A-Za-zÄÖÜäöüß]{1,8})\.$")


def ends_with_abbreviation(text: str) -> bool:
    """True when ``text`` ends with an abbreviation's full stop (``... 21 Mio.``), not a sentence's."""
    m = ABBREVIATION_END_RE.search(text)
    return m is not None and m.group(1).lower() in ABBREVIATIONS

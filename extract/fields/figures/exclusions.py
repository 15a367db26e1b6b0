"""Numbers that are never statistics: money, years, phone numbers, postcodes, codes, legal references."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.tokens import LINE_ONLY_RE
from extract.fields.figures.units import _counts_noun
from extract.records import DateMention, Money

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
MONEY_AFTER_RE = re.compile(
    r"\s*(?:,-|,–)?\s*(?:(?:Mio|Millionen|Million|Mrd|Milliarden|Milliarde|Tsd|Tausend)\.?\s*)?(?:Euro|EUR|€)",
    re.IGNORECASE,
)
MONEY_BEFORE_RE = re.compile(r"(?:EUR|€)\s*$")
RATE_BASE_RE = re.compile(r"\b(?:pro|je|per)\s+$", re.IGNORECASE)
RATE_BASES = frozenset(Decimal(10**n) for n in range(2, 7))
PER_HEAD_RE = re.compile(
    r"\s+(?:Einwohner|Bewohner|Menschen|Kinder|Haushalte)\w*(?:\s+(?:kamen|kommen|entfielen|entfallen)\b|[.,;)])"
)
RATE_AUF_RE = re.compile(r"(?:\d\s+[A-ZÄÖÜ]\w*\s+auf|(?:^|[.!?]\s+)Auf)\s+$")
CODE_BEFORE_RE = re.compile(r"(?<![\w-])[A-Z]{1,4}\s+$")  # LF 10, KP 2: type codes, not counts
YEAR_BEFORE_RE = re.compile(
    r"\b(?:im|Im|seit|Seit|bis|Bis|ab|Ab|von|vom|für|Jahr|Jahre|Jahren|Anfang|Mitte|Ende|Herbst|Frühjahr|Sommer|Winter|"
    r"Doppelhaushalt|Haushaltsjahr|in|In|zum|und)\s+$"
)
NEXT_WORD_RE = re.compile(r"[ \u00a0]+([A-Za-zÄÖÜäöüß][\w-]*)")
COUNTER_LINE_MAX = 60
LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-zäöüß]")
NAME_BEFORE_RE = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]*\s+$")


def _blocked(money: list[Money], dates: list[DateMention]) -> list[tuple[int, int]]:
    return sorted((f.start, f.end) for f in (*money, *dates) if f.start >= 0)


def _is_postcode(places: frozenset[int], text: str, start: int, end: int) -> bool:
    """Bare digits before a place name: a postcode (01097 Dresden) or a number inside a name (SG Olympia 1896
    Leipzig, Oberschule 56 Dresden). Before the place's people (1000 Schkeuditzer) a number counts them, and five
    digits before a counted noun (10000 Einwohner) are a count.

    ``places`` holds the start of every municipality the gazetteer found in the text.
    """
    digits = text[start:end]
    m = NEXT_WORD_RE.match(text, end)
    if m is not None and m.start(1) in places and not m.group(1).endswith(("er", "ern", "erinnen")):
        return True
    if len(digits) != 5 or not digits.isdigit():
        return False
    if digits[0] == "0" or m is None:
        return True  # no count is written with a leading zero
    word = m.group(1)
    if word[0].islower():
        return False  # 10000 neue Wohnungen
    return m.start(1) in places or not _counts_noun(word)


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


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start)
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i + 1])


def _skip_number(text: str, m: re.Match[str], value: Decimal) -> bool:
    """Numbers that are never statistics, judged on their surroundings."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end].strip()
    if LINE_ONLY_RE.match(text[line_start:start]) and not rest:
        return True  # a bare number on its own line: a web page counter
    if (
        line_end - line_start <= COUNTER_LINE_MAX  # first: lowering a long line for every number is quadratic
        and rest.lower() in _lexicon().counter_words
        and not LOWER_WORD_RE.search(text, line_start, start)
    ):
        # 00 Kommentare, Teilen 12 Kommentare, Lesezeit: 2 Min.: a line of labels, not a sentence (Schau zeigt 80 Fotos)
        return True
    if MONEY_AFTER_RE.match(after) or MONEY_BEFORE_RE.search(before):
        return True
    if RATE_BASE_RE.search(before) or CODE_BEFORE_RE.search(before) or _lexicon().label_before_re.search(before):
        return True
    if value in RATE_BASES and PER_HEAD_RE.match(after) and RATE_AUF_RE.search(before):
        return True  # 6.900 Straftaten auf 100.000 Einwohner, auf 1.000 Einwohner kamen: the base of a rate
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

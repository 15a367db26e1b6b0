"""Numbers: cardinals in German notation and number words, their values and where they may start."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from spacy.tokens import Token

from extract.german import MONTHS, NUMBER_WORDS, number_word

_WORD = r"[A-Za-zÄÖÜäöüß]"
_NUMBER_KEYS = "|".join(sorted((w for w, v in NUMBER_WORDS.items() if v >= 2), key=len, reverse=True))

# A cardinal in German notation, or a number word; never glued to letters, codes (10/6, 2019-01) or dates.
_NUMBER = (
    rf"(?<![\w.,:/§-])(?:"
    rf"(?P<digits>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:[ \u00a0]\d{{3}})+(?![\d,])|\d+(?:,\d+)?)"
    rf"(?:-(?P<head>{_WORD}+))?"
    rf"|(?P<word>{_WORD}*?(?:{_NUMBER_KEYS}))(?!{_WORD})"
    rf")"
)
NUMBER_RE = re.compile(rf"{_NUMBER}(?![\w:/]|[.,]\d|-\d|\.)", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# A number before a full stop may end its sentence (Die Zahl der Arbeitslosen sank auf 121.400.) or be an ordinal
# (die 50. Kommune, am 5. Mai): a figure only where the text before names what it counts.
FINAL_NUMBER_RE = re.compile(
    rf"{_NUMBER}(?=\.(?:[ \t]*$|\s+(?!(?:{_MONTH_NAMES})\b)(?-i:[A-ZÄÖÜ»„\"])))", re.IGNORECASE | re.MULTILINE
)
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
SCALE = {
    "millionen": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "mio.": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "milliarden": Decimal(10**9),
    "mrd.": Decimal(10**9),
}


def _is_number_token(token: Token) -> bool:
    if token.text[:1].isdigit():
        return True
    value = number_word(token.lower_)
    return value is not None and value >= 2


def _decimal(digits: str) -> Decimal:
    return Decimal(re.sub(r"[.\s\u00a0]", "", digits).replace(",", "."))


def _number_value(m: re.Match[str]) -> Decimal | None:
    if m.group("digits"):
        return _decimal(m.group("digits"))
    value = number_word(m.group("word"))
    return Decimal(value) if value is not None and value >= 2 else None


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
        m = NUMBER_RE.match(text, pos) or FINAL_NUMBER_RE.match(text, pos)
        if m:
            found.append(m)
            last_end = m.end()
    return found

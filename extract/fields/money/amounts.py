"""Euro amounts in German notation: digits, scale words, number words, currency before or after, ranges."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extract.german import number_word

_DIGITS = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


_SCALE = r"(?:Milliarden|Milliarde|Mrd|Millionen|Million|Mio|Tausend|Tsd)\.?"


_CURRENCY = r"Euro|EUR|€"


# Words that can be number words ("eine", "Fünf", "zweihundert"); others must not swallow "EUR 21.150".
_WORD = (
    r"(?i:[a-zäöüß]*(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zig|ßig|hundert|tausend)"
    r"[a-zäöüß]{0,3})"
)


# One pattern, three shapes: "1,3 Mio. Euro", "eine Million Euro", "EUR 21.150".
MONEY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<num>{_DIGITS})(?P<dash>,[-–]{{1,2}})?|(?P<word>{_WORD})(?P<half>\s+halbe)?)"
    rf"(?:\s*(?P<scale>{_SCALE}))?\s*(?P<cur>{_CURRENCY})(?![\wäöüß])"
    rf"|(?<![\w])(?P<pcur>EUR|€)\s*(?P<pnum>{_DIGITS})(?P<pdash>,[-–]{{1,2}})?(?:\s*(?P<pscale>{_SCALE}))?(?![\d])"
)


# Amounts without a currency whose noun says they are money: "2,5 Millionen Fördermittel", "Zuschüsse von 300.000".
_MONEY_NOUN = (
    r"(?:Fördermitteln?|Fördergeldern?|Fördergeld|Zuschüssen?|Zuschuss|Finanzhilfen?|Zuwendungen|Zuwendung"
    r"|(?:Landes|Bundes|Eigen|Investitions|Steuer|Haushalts|Dritt)mitteln?|Fördersumme|Förderbetrag)"
)


MONEY_NOUN_RE = re.compile(rf"\b{_MONEY_NOUN}\b")


NOUN_AFTER_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<num>{_DIGITS})|(?P<word>{_WORD}))\s*(?P<scale>{_SCALE})\s+(?=(?:an\s+)?{_MONEY_NOUN}\b)"
)


NOUN_BEFORE_RE = re.compile(
    rf"\b{_MONEY_NOUN}\s+(?:in\s+Höhe\s+)?von\s+(?:(?:rund|etwa|ca\.|knapp|über|mehr\s+als|bis\s+zu|insgesamt|fast)\s+)*"
    rf"(?P<num>\d{{1,3}}(?:[.\u00a0\u202f ]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?(?=\s*{_SCALE}))(?:\s*(?P<scale>{_SCALE}))?"
    r"(?![\d.,]*\s*(?:Euro|EUR|€|Prozent|%|[A-ZÄÖÜ]))"
)


CURRENCY_RE = re.compile(rf"(?<![\wäöüß])(?:{_CURRENCY})(?![\wäöüß])")


# The lower bound of a range whose upper bound carries the currency: "zwischen 5.000 und 10.000 Euro".
RANGE_LOW_RE = re.compile(
    rf"(?:\b(?P<q>zwischen|von)\s+)?(?<![\w.,])(?P<num>{_DIGITS})(?:\s*(?P<scale>{_SCALE}))?\s*(?:und|bis|–|-)\s*$"
)


QUALIFIER_RE = re.compile(
    r"(?:\b(?:rund|etwa|ca\.|circa|zirka|über|mehr\s+als|bis\s+zu|knapp|fast|insgesamt|gut|maximal|höchstens"
    r"|mindestens|weniger\s+als|nahezu|annähernd|ungefähr|zusammen|je|jeweils|weitere|zusätzlich|bisher"
    r"|bislang|derzeit|nur|lediglich|exakt|genau)\s+)+$",
    re.IGNORECASE,
)


# Vague amounts such as "mehrere Tausend Euro" are no amount.
VAGUE_RE = re.compile(r"\b(?:mehrere|einige|etliche|viele|wenige|paar|zig)\s+$", re.IGNORECASE)


PERIOD_AFTER_RE = re.compile(
    r"\s*(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|im\s+Jahr(?!\s+\d)|monatlich|pro\s+Monat|je\s+Monat"
    r"|(?:je|pro)\s+(?:Einwohner(?:in)?|Kopf|Person|Kind|Schüler|Teilnehmer\w*|Gemeinde|Kommune|Platz|Tag|Stunde|Quadratmeter))(?![\wäöüß])",
    re.IGNORECASE,
)


PERIOD_BEFORE_RE = re.compile(r"\b(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|monatlich|pro\s+Monat)\s+$", re.IGNORECASE)


_SCALES: dict[str, Decimal] = {
    "milliarden": Decimal(10) ** 9,
    "milliarde": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9,
    "millionen": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "mio": Decimal(10) ** 6,
    "tausend": Decimal(1000),
    "tsd": Decimal(1000),
}


LOOKBACK = 60


_MIN_NOUN_AMOUNT = 1000  # "12 Zuschüsse" counts notices; money without "Euro" is stated in thousands and more


def _candidates(text: str) -> list[re.Match[str]]:
    """MONEY_RE matches, looked for only around a currency word (scanning every position is slow)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for cur in CURRENCY_RE.finditer(text):
        lo, hi = max(0, cur.start() - LOOKBACK), min(len(text), cur.end() + 40)
        for m in MONEY_RE.finditer(text, lo, hi):
            if cur.start() in (m.start("cur"), m.start("pcur")):
                found[m.span()] = m
    return [found[k] for k in sorted(found)]


def _noun_candidates(text: str) -> list[re.Match[str]]:
    """NOUN_AFTER_RE and NOUN_BEFORE_RE matches, looked for only around a money noun."""
    found: list[re.Match[str]] = []
    for noun in MONEY_NOUN_RE.finditer(text):
        lo = max(0, noun.start() - LOOKBACK)
        found += [
            m for m in NOUN_AFTER_RE.finditer(text, lo, noun.end()) if text[m.end() : noun.start()] in ("", "an ")
        ]
        before = NOUN_BEFORE_RE.match(text, noun.start(), min(len(text), noun.end() + LOOKBACK))
        if before:
            found.append(before)
    return found


def find_amounts(text: str) -> list[tuple[int, int, Decimal, Decimal | None, str, str | None]]:
    """(start, end, amount, amount_max, rule, qualifier) for every amount, range bounds listed one by one."""
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]] = []
    for m in _candidates(text):
        if m.group("pcur"):
            value = _number(m.group("pnum"), m.group("pscale"))
            rule = "money:currency_first"
        elif m.group("num"):
            value = _number(m.group("num"), m.group("scale"))
            rule = "money:scaled" if m.group("scale") else "money:digits"
        else:
            value = _word_number(m.group("word"), bool(m.group("half")), m.group("scale"))
            rule = "money:number_word"
            if value is not None and VAGUE_RE.search(text, max(0, m.start() - 20), m.start()):
                value = None
        if value is None:
            continue
        before = text[max(0, m.start() - LOOKBACK) : m.start()]
        low = RANGE_LOW_RE.search(before) if not m.group("pcur") else None
        low_value = None
        if low:
            scale = low.group("scale") or m.group("scale")
            low_value = _number(low.group("num"), scale)
        if low and low_value is not None and low_value < value:
            ls = m.start() - len(before) + low.start("num")
            le = m.start() - len(before) + (low.end("scale") if low.group("scale") else low.end("num"))
            q = _qualifier(text, ls) or low.group("q")
            hits.append((ls, le, low_value, value, "money:range_low", q))
            hits.append((m.start(), m.end(), value, None, "money:range_high", low.group("q") or q))
            continue
        hits.append((m.start(), m.end(), value, None, rule, _qualifier(text, m.start())))
    taken = [(h[0], h[1]) for h in hits]
    for m in _noun_candidates(text):
        a, b = m.start("num") if m.group("num") else m.start(), m.end()
        if any(x < b and a < y for x, y in taken):
            continue
        if m.group("num"):
            value = _number(m.group("num"), m.group("scale"))
        else:
            value = _word_number(m.group("word"), False, m.group("scale"))
        if value is not None and value >= _MIN_NOUN_AMOUNT:
            b = a + len(text[a:b].rstrip())
            hits.append((a, b, value, None, "money:noun", _qualifier(text, a)))
    return sorted(hits)


def _number(digits: str, scale: str | None) -> Decimal | None:
    """Exact euros from German digits and an optional scale word."""
    plain = re.sub(r"[.\u00a0\u202f ]", "", digits).replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value.normalize() if value == value.to_integral_value() else value


def _word_number(word: str, half: bool, scale: str | None) -> Decimal | None:
    """Euros from a number word: ``eine Million``, ``Fünf Millionen``, ``eine halbe Million``."""
    n = number_word(word)
    if n is None:
        return None
    value = Decimal(n) / 2 if half else Decimal(n)
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value


def _qualifier(text: str, start: int) -> str | None:
    m = QUALIFIER_RE.search(text, max(0, start - LOOKBACK), start)
    if not m:
        return None
    words = re.sub(r"\s+", " ", m.group(0).strip()).lower()
    # "Bescheid über mehr als 13.000 Euro": before another qualifier, "über" is the preposition.
    return words[5:] if words.startswith("über ") else words


def period_of(text: str, start: int, end: int, qualifier: str | None) -> str | None:
    """The period of a rate or a recurring amount: ``jährlich``, ``pro Jahr``, ``je Einwohner``."""
    m = PERIOD_AFTER_RE.match(text, end, min(len(text), end + 40))
    if m:
        return re.sub(r"\s+", " ", m.group("p"))
    head = text[max(0, start - LOOKBACK) : start]
    if qualifier:
        head = head[: len(head.rstrip()) - len(qualifier)] if head.rstrip().endswith(qualifier) else head
    m = PERIOD_BEFORE_RE.search(head.rstrip() + " ")
    return re.sub(r"\s+", " ", m.group("p")) if m else None

"""What a journalist types into a figure check: a number read as an amount, an ordinal or a count.

``25.000 Euro`` and ``1,1 Mio. €`` are amounts; ``63.`` is an ordinal (``die 63. Kommune``); ``141
Kommunen`` is a count with its noun. The archive's check page and ``pressdb check`` read a query the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TERM_RE = re.compile(r"[\w-]+")
CHECK_NUMBER_RE = re.compile(
    r"(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?P<dot>\.(?!\d))?(?:,-)?\s*"
    r"(?P<scale>Mio\.?|Millionen|Million|Mrd\.?|Milliarden|Milliarde|Tsd\.?|Tausend)?\s*"
    r"(?P<currency>Euro|EUR|€)?",
    re.IGNORECASE,
)
SCALES = {
    "mio": 1e6,
    "million": 1e6,
    "millionen": 1e6,
    "mrd": 1e9,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "tsd": 1e3,
    "tausend": 1e3,
}


@dataclass(frozen=True, slots=True)
class CheckQuery:
    """What a journalist typed into the figure check: a number, how to read it, and a noun."""

    value: float
    amount: bool  # with Euro or a scale word: an amount of money
    ordinal: bool  # written with a trailing dot, as in "die 63. Kommune"
    noun: str


def parse_check(q: str) -> CheckQuery | None:
    """``25.000 Euro`` -> amount 25000; ``63.`` -> ordinal (or count) 63; ``141 Kommunen`` -> 141 with a noun."""
    m = CHECK_NUMBER_RE.search(q or "")
    if not m:
        return None
    number = m["number"]
    value = float(number.replace(".", "").replace(",", "."))
    scale = (m["scale"] or "").rstrip(".").casefold()
    if scale:
        value *= SCALES.get(scale, 1.0)
    noun = (q[: m.start()] + " " + q[m.end() :]).strip()
    noun = " ".join(
        w for w in TERM_RE.findall(noun) if w.casefold() not in ("die", "der", "das", "den", "rund", "etwa")
    )
    amount = bool(m["currency"]) or bool(scale and not noun)
    ordinal = bool(m["dot"]) and not amount and "." not in number and "," not in number
    return CheckQuery(value, amount, ordinal, noun)

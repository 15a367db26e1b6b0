"""A number's phrase: its extent (range, scale, percent) and its counted noun, or an elided one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from extract.fields.figures.exclusions import MONEY_AFTER_RE
from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.numbers import NUMBER_RE, SCALE, _is_number_token, _number_value
from extract.fields.figures.tokens import QUOTES, _Index, _Sent
from extract.fields.figures.units import _coordinated, _find_noun

PERCENT_RE = re.compile(r"\s*(%|Prozent\b)")
FRACTION_BEFORE_RE = re.compile(r"(?:Drittel|Hälfte|Viertel|Fünftel|Zehntel|Prozent|%)\s*\(\s*$")
ELISION_BEFORE_RE = re.compile(r"\b(?:[Dd]avon|[Ww]ovon|[Dd]arunter|[Hh]iervon|[Vv]on ihnen)\b")
ELISION_AFTER = frozenset({"weitere", "davon", "darunter", "mehr"})
BETWEEN_RE = re.compile(r"\b[Zz]wischen\s+$")  # zwischen 7.300 und 90.000 Einwohnern: a range


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

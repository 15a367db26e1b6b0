"""A number's phrase: its extent (range, scale, percent) and its counted noun, or an elided one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from extract.fields.figures.exclusions import MONEY_AFTER_RE
from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.numbers import FINAL_NUMBER_RE, NUMBER_RE, SCALE, _is_number_token, _number_value
from extract.fields.figures.tokens import QUOTES, _Index, _is_noun, _Sent
from extract.fields.figures.units import _coordinated, _counts_noun, _find_noun, noun_lemma

PERCENT_RE = re.compile(r"\s*(%|Prozent\b)")
FRACTION_BEFORE_RE = re.compile(r"(?:Drittel|Hälfte|Viertel|Fünftel|Zehntel|Prozent|%)\s*\(\s*$")
ELISION_BEFORE_RE = re.compile(r"\b(?:[Dd]avon|[Ww]ovon|[Dd]arunter|[Hh]iervon|[Vv]on ihnen)\b")
ELISION_AFTER = frozenset({"weitere", "davon", "darunter", "mehr", "weniger"})
FACTOR_AFTER_RE = re.compile(r"\s+(?:so\b|mehr\b|weniger\b|[a-zäöüß]+er\s+als\b)")
# A list line that names its count before a colon: "- Verletzte: 3.145", "Einwohner: 7.300"
LIST_LABEL_RE = re.compile(
    r"^[ \t]*(?:[-–•*·▪][ \t]*)?(?P<noun>[A-ZÄÖÜ][\w-]+)(?:[ \t]+(?:gesamt|insgesamt))?[ \t]*:[ \t]*$",
    re.MULTILINE,
)
NAME_ADJECTIVE_RE = re.compile(
    r"^(?:[a-zäöüß]+(?:isch|lich|ig|al|iv|ell|ar|bar)|groß|klein|neu|frei|kreisfrei|alt|hoh|gut|jung)(?:e|en|er|es)$"
)
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
    if m.re is FINAL_NUMBER_RE:  # sank auf 98.743. Darunter ...: nothing after it is its noun
        named = _noun_before(text, sent.start_char, start)
        return _Draft(value, start, end, "noun_before", sent, unit=named) if named else None
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
    scaled = j < limit and doc[j].lower_ in SCALE and not MONEY_AFTER_RE.match(text[doc[j].idx :])
    if scaled:
        factor = SCALE[doc[j].lower_]
        value, value_max = value * factor, value_max * factor if value_max is not None else None
        j += 1
    at = doc[j - 1].idx + len(doc[j - 1].text) if j > 0 else end
    symbol = lex.abbreviation_re.match(text, at) if j < limit else None
    if symbol:  # 240 km, 68,4 dt je Hektar, 2,9 Mio. t
        return _Draft(value, start, symbol.end(), rule, sent, value_max, unit=symbol.group(1))
    k = _find_noun(doc, j, limit)
    if k is None and j + 1 < limit and doc[j].lower_ in ("von", "aus") and _is_number_token(doc[j + 1]):
        k = _find_noun(doc, j + 2, limit)  # zehn von 421 Gemeinden: the part counts the total's noun
        rule = "part_of_total" if k is not None else rule
    if k is None:
        cue_after = j < limit and doc[j].lower_ in ELISION_AFTER
        if not cue_after and (named := _noun_before(text, sent.start_char, start)):
            return _Draft(value, start, at, "noun_before", sent, value_max, unit=named)
        if cue_after or ELISION_BEFORE_RE.search(text[sent.start_char : start]):
            return _Draft(value, start, doc[j - 1].idx + len(doc[j - 1].text), "elided", sent, value_max, elided=True)
        return None
    first = k
    if k + 1 < limit and NAME_ADJECTIVE_RE.match(doc[k].lower_) and _is_noun(doc[k + 1]):
        k += 1  # 4 Große Kreisstädte, 12 Freie Schulen: the adjective of a name stays with its noun
    noun = doc[k].text.strip(QUOTES)
    if _not_a_unit(noun.lower(), scaled):
        return None
    if noun == "Mal" and FACTOR_AFTER_RE.match(text, doc[k].idx + 3):
        return None  # drei Mal so viele, zehn Mal höher als: a factor, like das Dreifache
    counted, _, rest = noun.partition("-")
    if rest and _counts_noun(counted) and noun_lemma(rest) == rest and rest[:1].isupper():
        # eine 6.000 Seelen-Gemeinde, die 3.000 Einwohner-Stadt: the plural before the hyphen is what is counted
        at = doc[k].idx + doc[k].text.index(counted)
        return _Draft(value, start, at + len(counted), rule, sent, value_max, unit=counted)
    last = _coordinated(doc, k, limit)
    if doc[last].idx + len(doc[last].text) >= len(text.rstrip()):
        return None  # weitere 13 Sicherheitsana: a word cut off where the page's text ends
    unit = text[doc[first].idx : doc[last].idx + len(doc[last].text)].strip(QUOTES)
    return _Draft(
        value,
        start,
        doc[last].idx + len(doc[last].text.rstrip(QUOTES)),
        rule,
        sent,
        value_max,
        unit=unit,
        noun_tokens=(first, last + 1),
    )


def _not_a_unit(noun: str, scaled: bool) -> bool:
    """Durations, dates, money nouns (2,5 Millionen Fördermittel): what a number before them does not count."""
    lex = _lexicon()
    if noun in lex.nonunits or noun.rstrip(".") in lex.nonunits or noun.endswith(lex.nonunit_heads):
        return True
    return scaled and noun.endswith(lex.scaled_nonunit_heads)


def _noun_before(text: str, sent_start: int, start: int) -> str | None:
    """The counted noun named before a bare number: Einwohnerzahl von ca. 7.300, Zahl der Arbeitslosen sank auf."""
    line_start = text.rfind("\n", 0, start) + 1
    item = LIST_LABEL_RE.search(text, line_start, start)
    if item is not None:  # Verletzte: 3.145, a line of a list
        noun = item.group("noun")
        return noun if _counts_noun(noun) and not _not_a_unit(noun.lower(), False) else None
    m = _lexicon().count_of_re.search(text, max(sent_start, start - 160), start)
    if m is None:
        return None
    if m.group("gen"):  # die Zahl der Jahre, der Millionen, Zahlen der Polizei: not what a count counts
        gen = m.group("gen")
        return gen if _plural(gen) and not _not_a_unit(gen.lower(), True) else None
    comp = m.group("comp")
    renamed = _lexicon().count_of_renamed.get(comp)
    if renamed:
        return renamed
    if comp.endswith("ungs"):
        return comp[:-1] + "en"  # Übernachtungszahl: Übernachtungen
    # Einwohnerzahl, Geburtenzahl: a plural counts; Fallzahl, Häufigkeitszahl name no counted plural
    return comp if _plural(comp) else None


def _plural(noun: str) -> bool:
    return _counts_noun(noun) or noun.endswith(("er", "en", "e"))

"""Ordinals (die 50. Kommune) and the count each can be checked against."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from extract.fields.figures.keys import _measure, _strip_programme
from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.numbers import _is_number_token, _scan
from extract.fields.figures.programmes import _programme_for, _programmes
from extract.fields.figures.tokens import LINE_ONLY_RE, QUOTES, _Index, _is_noun, _paragraph_starts
from extract.fields.figures.units import ADJ_RE, noun_lemma
from extract.german import MONTHS, number_word
from extract.nlp import doc_text
from extract.records import Ordinal, ReleaseInfo

DISTRIBUTIVE_BEFORE_RE = re.compile(r"\b[Jj]ede[rsnm]?\s+$")  # jede dritte Kommune: a proportion, not a position
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

"""Figures: every cardinal that counts or measures a noun, with its measure key, qualifier and date."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from extract.fields.figures.exclusions import _blocked, _blocked_here, _inside, _is_postcode, _skip_number
from extract.fields.figures.keys import _measure_key, _strip_programme
from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.numbers import NUMBER_RE, _number_matches, _number_value
from extract.fields.figures.phrase import _Draft, _draft
from extract.fields.figures.predicates import _of_body, _predicate
from extract.fields.figures.programmes import _programme_for, _programmes
from extract.fields.figures.tokens import _Index, _paragraph_starts, _Sent
from extract.fields.figures.units import noun_lemma
from extract.nlp import doc_text
from extract.records import DateMention, Figure, Money, ReleaseInfo

DATING_BEFORE_RE = re.compile(r"(?:Stand|Stichtag|Ende|zum|per|bis)\s*:?\s*$", re.IGNORECASE)
JOINED_RE = re.compile(r"\s+(?:und|sowie|oder)\s+(?:\S+\s+){0,2}")  # 1300 Haushalte und etwa 140 Gewerbe
SINCE_RE = re.compile(r"\b(?:[Ss]eit|nach|[Vv]or|gegründet|gestartet)\b")


def _as_of(
    release: ReleaseInfo, sent: _Sent, dates: list[DateMention], text: str, date_starts: list[int] | None
) -> date | None:
    """The release date, unless the sentence dates its figures (Stand November 2021, Ende 2022).

    With ``date_starts`` (the dates' starts, sorted) only the dates inside the sentence are looked at.
    """
    lo = 0 if date_starts is None else bisect.bisect_left(date_starts, sent.start_char)
    hi = len(dates) if date_starts is None else bisect.bisect_left(date_starts, sent.end_char)
    for d in dates[lo:hi]:
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
    places = frozenset(span.start_char for span in doc.spans.get("commune", []))
    for m in _number_matches(text):
        if m.start() < consumed:
            continue
        value = _number_value(m)
        if (
            value is None
            or _inside(blocked, blocked_starts, m.start(), m.end())
            or _skip_number(text, m, value)
            or _blocked_here(text, m.start(), m.end())
            or _is_postcode(places, text, m.start(), m.end())
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
    # The drafts of each sentence, in order: a text full of numbers costs time linear in them, not quadratic.
    in_sentence: dict[_Sent, list[int]] = {}
    for i, draft in enumerate(drafts):
        in_sentence.setdefault(draft.sent, []).append(i)
    starts_of_dates = [d.start for d in dates]
    date_starts = starts_of_dates if starts_of_dates == sorted(starts_of_dates) else None
    figures: list[Figure] = []
    for i, draft in enumerate(drafts):
        if not draft.unit:
            continue
        sent = draft.sent
        peers = in_sentence[sent]
        k = bisect.bisect_left(peers, i)
        lo = max([drafts[j].end for j in peers[:k]] + [sent.start_char])
        hi = min([drafts[j].start for j in peers[k + 1 :]] + [sent.end_char])
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
        figure = Figure(
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
            as_of=_as_of(release, sent, dates, text, date_starts),
        )
        figures.append(figure)
        upper = NUMBER_RE.search(text, draft.start + 1, draft.end) if draft.rule == "range" else None
        if upper is not None and draft.value_max is not None:
            # zwischen 7.300 und 90.000 Einwohnern: each end is a number of its own that counts the noun
            end = upper.start()
            figures.append(
                replace(
                    figure,
                    text=text[end : draft.end],
                    start=end,
                    rule="range_end",
                    value=draft.value_max,
                    value_max=None,
                    qualifier=None,
                )
            )
    return sorted(figures, key=lambda f: f.start)

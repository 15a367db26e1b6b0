"""Predicates: the verb a clause states of a figure (beraten, unterzeichnet, konstituiert)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.tokens import _Index

LOCATIVE_RE = re.compile(r"(?<!\w)[Ii]n(?:\s+den)?\s+$")  # in 24 Kommunen: the number counts places
PARTICIPLE_RE = re.compile(r"^(?:\w*ge\w+(?:t|en)|\w+iert)$")
AUXILIARIES = frozenset(
    {"wurden", "wurde", "worden", "werden", "wird", "sind", "ist", "haben", "hat", "hatte", "hatten"}
)
PARTICLES = frozenset({"zusammen", "teil", "bei", "an", "durch", "ein", "mit", "auf", "vor"})


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

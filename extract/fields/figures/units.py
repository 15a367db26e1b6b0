"""Units: the noun a number counts, its coordination (Städte und Gemeinden) and its singular lemma."""

from __future__ import annotations

import functools
import re
from typing import Any

from spacy.tokens import Doc

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.numbers import _is_number_token
from extract.fields.figures.tokens import QUOTES, _is_noun
from extract.nlp import lemma_table

PLURAL_ENDINGS = ("innen", "ungen", "heiten", "keiten", "schaften", "enden", "ende", "ern", "plätze", "stellen")
TRUNCATED_RE = re.compile(r"^-[a-zäöüß]{3,}$")  # -beamte in Beamtinnen und -beamte
ADJ_RE = re.compile(r"^[a-zäöüß][\w-]*(?:e|en|er|es|em|n)$")
ADVERB_RE = re.compile(
    r"^(?:[a-zäöüß]{2,}(?:ig|lich|isch|iv|ell|bar|sam|haft|weise)|sehr|besonders|schwer|leicht|neu|frisch|eigens|gut)$"
)
# An inflected participle: geförderte, eingestellten, engagierte, stammende, befragten
ATTRIBUTE_PARTICIPLE_RE = re.compile(
    r"^(?:\w*ge\w+[tn]|\w+iert|\w+end|(?:be|er|ver|zer|ent|emp)\w+t)(?:e|en|er|es|em)$"
)
ARTICLES = frozenset({"den", "die", "der", "das", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"})
# A preposition after the number opens a phrase of its own: Davon arbeiten 58 in Arbeitsgruppen mit.
PREPOSITIONS = frozenset(
    {
        "in",
        "im",
        "an",
        "am",
        "auf",
        "aus",
        "bei",
        "beim",
        "mit",
        "nach",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "für",
        "über",
        "unter",
        "vor",
        "ohne",
        "um",
        "gegen",
        "durch",
        "seit",
        "zwischen",
    }
)
LINKS = frozenset({"und", "oder", "sowie", "noch", "beiden", "weitere", "bisherige", "bisherigen"})


@functools.cache
def _lookup_table() -> Any:
    """spaCy's German lookup table (keyed by string hash; ``in`` and ``get`` accept strings)."""
    return lemma_table()


@functools.lru_cache(maxsize=4096)
def noun_lemma(word: str) -> str:
    """The singular of a (compound) noun: the lookup table for its longest known tail, else plural rules."""
    word = word.strip(QUOTES)
    head, sep, tail = word.rpartition("-")
    if sep:
        return f"{head}-{noun_lemma(tail)}" if tail else word
    lemma = _table_lemma(word)
    if "ß" in lemma and "ß" not in word:
        lemma = lemma.replace("ß", "ss")  # the table keeps the old spelling (Prozeß); the text has the new one
    return lemma


def _table_lemma(word: str) -> str:
    table = _lookup_table()
    if word in table:
        return table[word]
    if word.endswith("innen"):
        return word[:-3]  # Hessinnen -> Hessin, Teilnehmerinnen -> Teilnehmerin
    # Compounds (Sicherheitsanalysen) are missing from the table; their last part decides the lemma.
    for i in range(1, len(word) - 4):
        part = word[i:].capitalize()
        if part in table and table[part] != part:
            return word[:i] + table[part].lower()
    for plural, singular in (
        ("ungen", "ung"),
        ("heiten", "heit"),
        ("keiten", "keit"),
        ("schaften", "schaft"),
        ("innen", "in"),
        ("nisse", "nis"),
        ("sen", "se"),
        ("onen", "on"),
        ("ssen", "ss"),
    ):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word


def _counts_noun(word: str) -> bool:
    """Whether a capitalised word reads as a counted plural noun rather than a place name."""
    lower = word.lower()
    lex = _lexicon()
    if lower in lex.count_nouns or lower.rstrip("n") in lex.count_nouns or _group(lower) is not None:
        return True
    table = _lookup_table()
    if word in table and table[word].lower() != lower:
        return True  # Menschen -> Mensch: the table knows it as an inflected noun
    return lower.endswith(PLURAL_ENDINGS)


def _find_noun(doc: Doc, j: int, limit: int) -> int | None:
    """Index of the counted noun after token j: adjectives, links and articles after und may stand between."""
    lex = _lexicon()
    previous = ""
    for k in range(j, min(limit, j + 8)):
        token = doc[k]
        if _is_number_token(token):
            return None
        if token.text in QUOTES:
            continue
        if token.text == "," and ADJ_RE.match(previous) and k + 1 < limit and ADJ_RE.match(doc[k + 1].lower_):
            continue  # 12 neue, moderne Fahrzeuge
        if _is_noun(token):
            return k
        lower = token.lower_
        if lower in PREPOSITIONS and k == j:
            return _after_extended_attribute(doc, k + 1, limit)
        if (lower in ARTICLES and previous not in ("und", "oder")) or lower in PREPOSITIONS:
            return None
        if lower in lex.vague:
            return None
        if not (lower in LINKS or lower in ARTICLES or ADJ_RE.match(lower)):
            # 1000 zufällig ausgewählten Einwohnern: an adverb stands before an inflected attribute
            nxt = doc[k + 1].lower_ if k + 1 < limit else ""
            if not (ADVERB_RE.match(lower) and ADJ_RE.match(nxt) and nxt not in ARTICLES and nxt not in LINKS):
                return None
        previous = lower
    return None


def _after_extended_attribute(doc: Doc, j: int, limit: int) -> int | None:
    """300 vom Land geförderte Projekte, 20 seit Jahren engagierte Helfer: a phrase with a noun, then a participle.

    Token j follows the preposition. Without a noun inside the phrase (58 in den gegründeten Arbeitsgruppen) the
    preposition belongs to the verb, and the number counts something named elsewhere.
    """
    inner_noun = False
    for k in range(j, min(limit - 1, j + 4)):
        token = doc[k]
        lower = token.lower_
        if _is_number_token(token) or not token.text[:1].isalpha():
            return None
        if _is_noun(token):
            inner_noun = True
            continue
        if inner_noun and ATTRIBUTE_PARTICIPLE_RE.match(lower) and _is_noun(doc[k + 1]):
            return k + 1
        if not (lower in ARTICLES or ADJ_RE.match(lower) or ADVERB_RE.match(lower)):
            return None
    return None


def _coordinated(doc: Doc, k: int, limit: int) -> int:
    """Extend ``Städte`` to ``Städte und Gemeinden``, ``Bürgerinnen`` to ``Bürgerinnen und Bürger``."""
    if k + 2 >= limit or doc[k + 1].lower_ not in ("und", "oder"):
        return k
    if TRUNCATED_RE.match(doc[k + 2].text):
        return k + 2  # Polizeibeamtinnen und -beamte: the second noun shares the first one's stem
    if not _is_noun(doc[k + 2]):
        return k
    first, second = _group(doc[k].text.lower()), _group(doc[k + 2].text.lower())
    if (first is not None and first == second) or doc[k].lower_[:5] == doc[k + 2].lower_[:5]:
        return k + 2
    return k


def _group(word: str) -> int | None:
    """The word group of a plural noun, also in the dative (Landkreisen, Städten)."""
    groups = _lexicon().groups
    if word in groups:
        return groups[word]
    return groups.get(word[:-1]) if word.endswith("n") else None

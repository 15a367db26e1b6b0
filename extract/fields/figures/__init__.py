"""Figures and ordinals: every statistic a release states, with a key that is stable across releases.

A figure is a cardinal number that counts or measures a noun in its phrase
(``bereits 141 Kommunen ... beraten``, ``rund 39,7 %``, ``ca. ein Drittel (62)``).
Its ``measure`` joins the programme, the counted noun's lemma and the predicate
(``asskomm:kommune:beraten``), so that the same statistic in releases of other
years forms a history. Ordinals (``die 50. Kommune``) are kept apart; their
``measure`` names the count they can be checked against.

One module per concern: ``numbers`` (reading a number), ``exclusions`` (numbers
that are no statistic: money, years, phone numbers, names, page counters),
``units`` and ``phrase`` (the counted noun, after the number or named before
it), ``predicates``, ``programmes`` and ``keys`` (the measure key), ``lexicon``
(the word lists of extract/data/figures_*.jsonl), ``tokens`` (offsets read once
from the Doc), and ``cardinals`` and ``ordinals`` (the two public extractors).
"""

from extract.fields.figures.cardinals import extract_figures
from extract.fields.figures.keys import fold_key
from extract.fields.figures.ordinals import extract_ordinals
from extract.fields.figures.units import noun_lemma

__all__ = ["extract_figures", "extract_ordinals", "fold_key", "noun_lemma"]

"""The spaCy pipeline, built once per process.

No statistical German model exists on the package index; the pipeline is
``spacy.blank("de")`` with a sentencizer that also respects paragraph and
headline breaks, the lookup lemmatizer from spacy-lookups-data, and span
rulers fed from the project's gazetteer and lexicons.
"""

from __future__ import annotations

import bisect
import functools
import re

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from extract.clean import CleanText
from extract.gazetteer import kreis_forms, surface_forms

_HEADLINE_MAX = 160  # a line this short that ends without punctuation is a headline, caption or list item
_SENTENCE_END = re.compile(r"[.!?:;»«\"“”)]\s*$")


_BREAK_RE = re.compile(r"\n\s*\n|\n|\.[ \t]+(?=[a-zäöüß])")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Sentence hints for the sentencizer, which keeps what is already set.

    A paragraph break, or a short line that ends without punctuation (a headline, caption or
    list item), starts a sentence. A full stop followed on the same line by a lowercase word
    ends an abbreviation (``Adorf/Vogtl. erhält``, ``bzw. die``), not a sentence: German
    sentences start with a capital.
    """
    text = doc_text(doc)
    if not text:
        return doc
    starts = doc.to_array(IDX).tolist()
    for m in _BREAK_RE.finditer(text):
        i = bisect.bisect_left(starts, m.end())  # the first token after the break
        if i >= len(starts) or i == 0:
            continue
        token = doc[i]
        if m.group().startswith("."):
            token.is_sent_start = False
        elif m.group().count("\n") > 1:
            token.is_sent_start = True
        else:
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
            if len(line) <= _HEADLINE_MAX or _SENTENCE_END.search(line):
                token.is_sent_start = True
    return doc


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline: blank German, line breaks, sentencizer, lookup lemmatizer, rulers."""
    nlp = spacy.blank("de")
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    _add_rulers(nlp)
    return nlp


def _add_rulers(nlp: Language) -> None:
    """Span rulers built from the project's data (gazetteer, lexicons)."""
    add_commune_ruler(nlp)


COMMUNE_SPANS_KEY = "commune"
COMMUNE_RULER = "commune_ruler"
LABEL_COMMUNE = "GEMEINDE"
LABEL_KREIS = "KREIS"
LABEL_GROUP = "GRUPPE"
GROUP_WORDS = ("Verwaltungsgemeinschaft", "Verwaltungsverband", "Städtebund", "Städtebundes", "VG", "VV")


def add_commune_ruler(nlp: Language) -> None:
    """Add the gazetteer span ruler (spans_key "commune"): every form of every municipality and Landkreis."""
    if COMMUNE_RULER in nlp.pipe_names:
        return
    ruler = nlp.add_pipe(
        "span_ruler",
        name=COMMUNE_RULER,
        config={"spans_key": COMMUNE_SPANS_KEY, "phrase_matcher_attr": "ORTH", "validate": False, "overwrite": False},
    )
    patterns: list[dict[str, object]] = [{"label": LABEL_COMMUNE, "pattern": text} for text in surface_forms()]
    patterns += [
        {"label": LABEL_KREIS, "pattern": text, "id": kreis.kreis_ags} for text, kreis in kreis_forms().items()
    ]
    patterns += [{"label": LABEL_GROUP, "pattern": [{"ORTH": word}, {"IS_TITLE": True}]} for word in GROUP_WORDS]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


TEXT_KEY = "pressdb.text"


def make_doc(clean: CleanText | str) -> Doc:
    """Run the pipeline over a clean text."""
    text = clean.text if isinstance(clean, CleanText) else clean
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text  # before the components, so that they read it too
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once (spaCy joins it from the tokens on every ``doc.text``)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text

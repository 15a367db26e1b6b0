"""The spaCy pipeline, built once per process.

No statistical German model exists on the package index; the pipeline is
``spacy.blank("de")`` with a sentencizer that also respects paragraph and
headline breaks, the lookup lemmatizer from spacy-lookups-data, and span
rulers fed from the project's gazetteer and lexicons.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.clean import CleanText

_HEADLINE_MAX = 160  # a line this short that ends without punctuation is a headline, caption or list item
_SENTENCE_END = re.compile(r"[.!?:;»«\"“”)]\s*$")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Sentence hints for the sentencizer, which keeps what is already set.

    A paragraph break, or a short line that ends without punctuation (a headline, caption or
    list item), starts a sentence. A full stop followed on the same line by a lowercase word
    ends an abbreviation (``Adorf/Vogtl. erhält``, ``bzw. die``), not a sentence: German
    sentences start with a capital.
    """
    text = doc.text
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if "\n" not in token.text and "\n" not in token.whitespace_:
            if token.text.endswith(".") and nxt.text[:1].islower():
                nxt.is_sent_start = False
            continue
        if "\n\n" in token.text or "\n\n" in token.whitespace_ or token.text.count("\n") > 1:
            nxt.is_sent_start = True
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        line = text[line_start : token.idx + len(token.text)]
        if len(line) <= _HEADLINE_MAX or _SENTENCE_END.search(line):
            nxt.is_sent_start = True
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
    from extract.fields.communes import add_commune_ruler

    add_commune_ruler(nlp)


TEXT_KEY = "pressdb.text"


def make_doc(clean: CleanText | str) -> Doc:
    """Run the pipeline over a clean text."""
    text = clean.text if isinstance(clean, CleanText) else clean
    doc = get_nlp()(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once (spaCy joins it from the tokens on every ``doc.text``)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text

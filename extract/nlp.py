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
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDX, SENT_START
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


# Guards against crafted input. Real releases have sentences of at most some 70 tokens and 520 characters, and
# no run of more than some 80 characters without a space.
MAX_SENTENCE_TOKENS = 200  # a longer "sentence" is cut, so that work per fact within its sentence stays bounded
MAX_SENTENCE_CHARS = 2000
LONG_RUN = 100  # spaCy's tokenizer is quadratic in a run without spaces that it splits ("(" x 20,000) ...
RUN_PIECE = 50  # ... so such a run is tokenized in pieces of about this many characters
_LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN},}}")


@Language.component("long_sentences")
def long_sentences(doc: Doc) -> Doc:
    """Cut a sentence of more than MAX_SENTENCE_TOKENS tokens or MAX_SENTENCE_CHARS characters into parts.

    No release has such a sentence; a crafted file does (``"5 Euro "`` repeated for 24 KB), and every
    extractor that looks at an amount's sentence would then take time quadratic in the file. A cut goes
    before a token that does not follow a full stop (a full stop before a lowercase word is read as an
    abbreviation and joined again).
    """
    if len(doc) <= MAX_SENTENCE_TOKENS and len(doc_text(doc)) <= MAX_SENTENCE_CHARS:
        return doc
    arr = doc.to_array([SENT_START, IDX])
    starts = np.flatnonzero(arr[:, 0] == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    idx = arr[:, 1]
    text = doc_text(doc)
    for a, b in zip(bounds, bounds[1:], strict=False):
        end_char = len(text) if b >= len(doc) else int(idx[b])
        if b - a <= MAX_SENTENCE_TOKENS and end_char - int(idx[a]) <= MAX_SENTENCE_CHARS:
            continue
        last = a
        for i in range(a + 1, b):
            if i - last >= MAX_SENTENCE_TOKENS or int(idx[i]) - int(idx[last]) >= MAX_SENTENCE_CHARS:
                cut = next((j for j in range(i, max(last + 1, i - 20), -1) if doc[j - 1].text != "."), i)
                doc[cut].is_sent_start = True
                last = cut
    return doc


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline: blank German, line breaks, sentencizer, lookup lemmatizer, rulers."""
    nlp = spacy.blank("de")
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("long_sentences")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # Lemmas are looked up only where a rule needs one (lemma_table below): running the lemmatizer over every
    # token of every release costs more than all the rules that read lemmas.
    nlp.disable_pipe("lemmatizer")
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


def lemma_table() -> Any:
    """spaCy's German lemma lookup table (spacy-lookups-data), keyed by string hash; ``get`` accepts strings."""
    return get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]


TEXT_KEY = "pressdb.text"


def make_doc(clean: CleanText | str) -> Doc:
    """Run the pipeline over a clean text."""
    text = clean.text if isinstance(clean, CleanText) else clean
    nlp = get_nlp()
    doc = tokenize(nlp, text)
    doc.user_data[TEXT_KEY] = text  # before the components, so that they read it too
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with runs of LONG_RUN or more characters without a space tokenized in pieces.

    spaCy splits prefixes and suffixes off a run one at a time, each time on what is left of it: a run it
    splits into n tokens costs n times its length (20,000 "(" take a minute). A piece ends where a word
    ends when one does in its last quarter.
    """
    if max(map(len, text.split()), default=0) < LONG_RUN:  # str.split is twice as fast as a regex search here
        return nlp.make_doc(text)
    docs: list[Doc] = []
    pos = 0
    for m in _LONG_RUN_RE.finditer(text):
        if m.start() > pos:
            docs.append(nlp.make_doc(text[pos : m.start()]))
        start, end = m.span()
        while start < end:
            cut = min(start + RUN_PIECE, end)
            if cut < end:
                for j in range(cut, cut - RUN_PIECE // 4, -1):
                    if not (text[j - 1].isalnum() and text[j].isalnum()):
                        cut = j
                        break
            docs.append(nlp.make_doc(text[start:cut]))
            start = cut
        pos = end
    if pos < len(text):
        docs.append(nlp.make_doc(text[pos:]))
    return Doc.from_docs(docs, ensure_whitespace=False)


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once (spaCy joins it from the tokens on every ``doc.text``)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text

"""Token offsets, sentence bounds and paragraphs of a Doc, read once from its arrays."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Token

from extract.nlp import lemma_table

PARAGRAPH_RE = re.compile(r"\n\s*\n")
LINE_ONLY_RE = re.compile(r"^[ \t]*$")
QUOTES = "»«„“”\"'‚‘’"


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in PARAGRAPH_RE.finditer(text)]


def _is_noun(token: Token) -> bool:
    word = token.text.strip(QUOTES)
    return bool(word) and word[0].isupper() and word[0].isalpha()


@dataclass(frozen=True, slots=True)
class _Sent:
    start: int
    end: int
    start_char: int
    end_char: int


class _Lemmas:
    """Lemma hashes of a Doc's tokens, looked up on first use: the rules read the lemmas of a few clauses only."""

    __slots__ = ("_orth", "_strings", "_table", "_cache")

    def __init__(self, doc: Doc) -> None:
        self._orth: list[int] = doc.to_array(ORTH).tolist() if len(doc) else []
        self._strings = doc.vocab.strings
        self._table = lemma_table()
        self._cache: dict[int, int] = {}

    def __getitem__(self, k: int) -> int:
        found = self._cache.get(k)
        if found is None:
            word = self._strings[self._orth[k]]
            found = self._cache[k] = self._strings.add(self._table.get(word, word))
        return found

    def __len__(self) -> int:
        return len(self._orth)


class _Index:
    """Token offsets and sentence bounds read once from the Doc's arrays (Token objects are slow to create)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text  # Doc.text is rebuilt from every token on each access; read it once
        self.idx: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.lower: list[int] = doc.to_array(LOWER).tolist() if len(doc) else []
        self.lemma = _Lemmas(doc)
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        starts = [i for i, flag in enumerate(flags) if flag == 1 or i == 0]
        ends = starts[1:] + [len(doc)] if starts else []
        self.sents = [
            _Sent(s, e, self.idx[s], self.idx[e] if e < len(doc) else len(text))
            for s, e in zip(starts, ends, strict=True)
        ]
        self.sent_starts = starts

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.idx, char) - 1)

    def token_after(self, char: int) -> int:
        return bisect.bisect_left(self.idx, char)

    def sent_of(self, token: int) -> _Sent:
        return self.sents[bisect.bisect_right(self.sent_starts, token) - 1]

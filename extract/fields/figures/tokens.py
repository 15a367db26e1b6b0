"""Token offsets, sentence bounds and paragraphs of a Doc, read once from its arrays."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER, SENT_START
from spacy.tokens import Doc, Token

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


class _Index:
    """Token offsets and sentence bounds read once from the Doc's arrays (Token objects are slow to create)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text  # Doc.text is rebuilt from every token on each access; read it once
        self.idx: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.lower: list[int] = doc.to_array(LOWER).tolist() if len(doc) else []
        self.lemma: list[int] = doc.to_array(LEMMA).tolist() if len(doc) else []
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

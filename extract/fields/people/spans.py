"""The spans the people rules build: a name, a role phrase, and a word index over the Doc's tokens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.records import CommuneMention, Relation


@dataclass(slots=True)
class Role:
    text: str  # normalised: nominative head + complement as printed
    kind: str
    town: bool
    plural: bool
    article: bool
    i0: int  # first token (modifier or head)
    i1: int  # token after the phrase
    start: int
    end: int
    organisation: str | None = None
    commune_ags: str | None = None


@dataclass(slots=True)
class Name:
    i0: int  # first token incl. titles
    i1: int  # token after the name
    start: int
    end: int
    first: str | None
    surname: str
    titles: str | None
    rule: str
    roles: list[Role] = field(default_factory=list)
    commune_ags: str | None = None
    relation: Relation = "mentioned"
    full: str = ""


class WordIndex:
    """The distinct tokens of a Doc, and where given words occur.

    Occurrences are found with ``str.find`` over the text and checked against the token starts: a few C-level
    scans per looked-up word instead of a Python loop over every token.
    """

    __slots__ = ("vocabulary", "_text", "_words", "_token_at")

    def __init__(self, text: str, words: list[str], starts: list[int]) -> None:
        self.vocabulary = set(words)
        self._text = text
        self._words = words
        self._token_at = dict(zip(starts, range(len(starts)), strict=True))

    def positions(self, words: Iterable[str]) -> list[int]:
        """Every token index of these words, in text order."""
        found: list[int] = []
        text, token_at = self._text, self._token_at
        for word in words:
            if word not in self.vocabulary:
                continue
            pos = text.find(word)
            while pos >= 0:
                i = token_at.get(pos)
                if i is not None and self._words[i] == word:
                    found.append(i)
                pos = text.find(word, pos + len(word))
        found.sort()
        return found


def commune_index(communes: Sequence[CommuneMention]) -> dict[int, CommuneMention]:
    """Communes by each character offset they cover, for token lookups."""
    index: dict[int, CommuneMention] = {}
    for mention in communes:
        if mention.level == "gemeinde" and mention.start >= 0:
            for pos in range(mention.start, mention.end):
                index[pos] = mention
    return index

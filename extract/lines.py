"""The non-blank lines of a text with their offsets: what the line-based rules (furniture, headline) read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: its stripped text and where that text starts and ends in the whole text."""

    start: int
    end: int
    text: str


def text_lines(text: str) -> list[Line]:
    """Every non-blank line of ``text``, stripped, with the offsets of the stripped text."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out

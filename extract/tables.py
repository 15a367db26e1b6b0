"""Tables inside a release's text: rows of cells, not sentences.

A table that a PDF or a web page carried over into text keeps one row a line:
``Stadt Riesa 4 1 2``. Its cells state figures, but a row is not a sentence: no
signing, no person's relation and no grant may be read from the words of a row
unless a sentence of the text says so. ``table_rows`` finds the rows (and the
header line above them) by their form, so that the fields can leave them alone.
"""

from __future__ import annotations

import re

CELL_NUMBER_RE = re.compile(r"^[-+]?\d[\d.,]*%?$|^[-–]$")
SENTENCE_END_RE = re.compile(r"[.!?:;»«\"“”]$")
MIN_ROWS = 2  # one line with numbers is a sentence fragment; two or more in a block are a table


def _is_row(line: str) -> bool:
    """A line whose last cells are numbers (``Stadt Riesa 4 1 2``, ``Riesa\t4\t1``), not a sentence."""
    if not line or SENTENCE_END_RE.search(line):
        return False
    if "\t" in line.strip() and any(CELL_NUMBER_RE.match(c.strip()) for c in line.split("\t") if c.strip()):
        return True
    tokens = line.split()
    trailing = 0
    for token in reversed(tokens):
        if not CELL_NUMBER_RE.match(token):
            break
        trailing += 1
    return trailing >= 2 and trailing >= len(tokens) / 4


def table_rows(text: str) -> list[tuple[int, int]]:
    """Character spans of the rows of every table in ``text``, each block with the header line above it."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _is_row(lines[i][2]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_row(lines[j][2]):
            j += 1
        if j - i >= MIN_ROWS:
            head = i - 1
            if head >= 0 and lines[head][2] and not SENTENCE_END_RE.search(lines[head][2]):
                out.append((lines[head][0], lines[head][1]))  # the header: column names
            out.extend((a, b) for a, b, _ in lines[i:j])
        i = j
    return out


def in_table(rows: list[tuple[int, int]], offset: int) -> bool:
    """True when ``offset`` falls inside one of ``rows``."""
    return any(a <= offset < b for a, b in rows)

"""Programmes: which programme (ASSKomm, ...) a statement is about, by sentence, paragraph or heading."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.tokens import _paragraph_starts, _Sent

CARRY_PARAGRAPHS = 2  # a programme named this many paragraphs back still names the topic
HEADING_MAX = 160  # a one-line paragraph this short without a full stop is a heading
BODY_END_RE = re.compile(r"[.!?»«\"“”)]$")


@dataclass(frozen=True, slots=True)
class _Programmes:
    hits: list[tuple[int, int, str, str]]  # start, end, programme, kind
    starts: list[int]
    dominant: str | None
    sections: list[tuple[int, str | None]]  # start of each heading (the headline too), the programme it names
    paragraphs: list[int]


@functools.lru_cache(maxsize=8)
def _programmes(text: str) -> _Programmes:
    lex = _lexicon()
    hits = [(m.start(), m.end(), *lex.programme_by_pattern[m.group(1)]) for m in lex.programme_re.finditer(text)]
    counts = Counter(name for _, _, name, kind in hits if kind == "programme")
    sections: list[tuple[int, str | None]] = []
    starts = _paragraph_starts(text)
    hit_starts = [h[0] for h in hits]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        if end - start > 2 * HEADING_MAX:
            continue  # a long paragraph is body text; no need to copy it
        block = text[start:end].strip()
        if block and "\n" not in block and len(block) <= HEADING_MAX and not BODY_END_RE.search(block):
            inside = hits[bisect.bisect_left(hit_starts, start) : bisect.bisect_left(hit_starts, end)]
            named = [h[2] for h in inside if h[3] == "programme"]
            sections.append((start, named[0] if named else None))
    dominant = counts.most_common(1)[0][0] if counts else None
    return _Programmes(hits, hit_starts, dominant, sections, starts)


def _programme_for(progs: _Programmes, sent: _Sent, at: int, para_start: int) -> str | None:
    """The programme a statement is about: named in its sentence, its paragraph, or its section's heading."""
    lo = bisect.bisect_left(progs.starts, sent.start_char)
    hi = bisect.bisect_left(progs.starts, sent.end_char)
    in_sentence = progs.hits[lo:hi]
    named = [h for h in in_sentence if h[3] == "programme"]
    if named:
        return min(named, key=lambda h: abs(h[0] - at))[2]
    p_lo = bisect.bisect_left(progs.starts, para_start)
    earlier = [h for h in progs.hits[p_lo:lo] if h[3] == "programme"]
    if earlier:
        return earlier[-1][2]
    section = next((s for s in reversed(progs.sections) if s[0] <= para_start), None)
    if section is not None and section[1] is not None:
        return section[1]  # Hintergrundinformationen zu ASSKomm: every paragraph below it
    # The topic carries over a paragraph or two within a section, not across the whole release.
    para_i = bisect.bisect_right(progs.paragraphs, para_start) - 1
    window = max(progs.paragraphs[max(0, para_i - CARRY_PARAGRAPHS)], section[0] if section else 0)
    carried = [h for h in progs.hits[bisect.bisect_left(progs.starts, window) : p_lo] if h[3] == "programme"]
    if carried:
        return carried[-1][2]
    # A body (the Landespräventionsrat) mostly acts for the release's programme; it names the statement only alone.
    # Without one, a figure of a paragraph that names neither is not the programme's (46 Feuerwehrleute).
    para_end = progs.paragraphs[para_i + 1] if para_i + 1 < len(progs.paragraphs) else sent.end_char
    bodies = [h for h in progs.hits[p_lo : bisect.bisect_left(progs.starts, para_end)] if h[3] == "body"]
    if not bodies:
        return None
    near = [h for h in bodies if h[0] >= sent.start_char] or bodies
    return progs.dominant or min(near, key=lambda h: abs(h[0] - at))[2]

"""Map every character of a cleaned text back to the raw text it came from.

A cleaning step never edits text in place: it describes its changes as
``Edit(start, end, replacement)`` over the current text, and ``apply_edits``
returns the new text together with an :class:`OffsetMap` from new offsets to
old ones. Maps compose, so after all steps one map leads from the clean text
to the raw text, and from there (for PDFs) to the page and box of each
character, as pdfplumber's ``TextMap`` keeps the source char of every output
character.

The map is stored as segments rather than one integer per character, so that
composing and looking up stay cheap on a 50 MB file.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """Clean ``[start, end)`` comes from raw ``[raw_start, raw_end)``.

    Equal lengths mean a one-to-one copy; otherwise every clean character of
    the segment stands for the whole raw range (a replacement or insertion).
    """

    start: int
    end: int
    raw_start: int
    raw_end: int

    @property
    def linear(self) -> bool:
        return self.end - self.start == self.raw_end - self.raw_start


@dataclass(frozen=True, slots=True)
class Box:
    """Where a run of characters stands on the printed page (PDF points, top-left origin)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class Layout:
    """Page number and box of every raw character (PDF sources only).

    ``pages[i]`` is the 1-based page of raw character ``i`` (0 where the
    reader inserted the character, e.g. a line break); ``boxes`` holds
    ``x0, top, x1, bottom`` of each character, four floats per character.
    """

    __slots__ = ("pages", "boxes")

    def __init__(self, pages: array | None = None, boxes: array | None = None) -> None:
        self.pages: array = pages if pages is not None else array("i")
        self.boxes: array = boxes if boxes is not None else array("f")

    def append(self, page: int, box: tuple[float, float, float, float] | None) -> None:
        self.pages.append(page)
        self.boxes.extend(box if box is not None else (0.0, 0.0, 0.0, 0.0))

    def __len__(self) -> int:
        return len(self.pages)

    def locate(self, raw_start: int, raw_end: int) -> Box | None:
        """The union box of the raw characters on the page of the first located one."""
        page = 0
        x0 = top = float("inf")
        x1 = bottom = float("-inf")
        for i in range(max(raw_start, 0), min(raw_end, len(self.pages))):
            p = self.pages[i]
            if p == 0 or (page and p != page):
                continue
            page = p
            b = self.boxes[4 * i : 4 * i + 4]
            x0, top = min(x0, b[0]), min(top, b[1])
            x1, bottom = max(x1, b[2]), max(bottom, b[3])
        if not page:
            return None
        return Box(page, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


class OffsetMap:
    """Maps offsets in one text (clean) to offsets in another (raw)."""

    __slots__ = ("segments", "_starts", "clean_length", "raw_length")

    def __init__(self, segments: Sequence[Segment], clean_length: int, raw_length: int) -> None:
        self.segments: tuple[Segment, ...] = tuple(segments)
        self._starts = [s.start for s in self.segments]
        self.clean_length = clean_length
        self.raw_length = raw_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        segments = [Segment(0, length, 0, length)] if length else []
        return cls(segments, length, length)

    def _segment_at(self, offset: int) -> Segment | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        return seg if seg.start <= offset < seg.end else None

    def raw_offset(self, offset: int) -> int | None:
        """The raw offset of one clean character, or None if the cleaner inserted it."""
        seg = self._segment_at(offset)
        if seg is None or seg.raw_start == seg.raw_end:
            return None
        if seg.linear:
            return seg.raw_start + (offset - seg.start)
        return seg.raw_start

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw range that clean ``[start, end)`` came from (empty spans map to a point)."""
        if end <= start:
            point = self._point(start)
            return point, point
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        raw_start: int | None = None
        raw_end: int | None = None
        for seg in self.segments[i:]:
            if seg.start >= end:
                break
            if seg.end <= start:
                continue
            if seg.linear:
                a = seg.raw_start + (max(start, seg.start) - seg.start)
                b = seg.raw_start + (min(end, seg.end) - seg.start)
            else:
                a, b = seg.raw_start, seg.raw_end
            if a == b:  # inserted characters say nothing about the source
                continue
            raw_start = a if raw_start is None else raw_start
            raw_end = b
        if raw_start is None or raw_end is None:
            point = self._point(start)
            return point, point
        return raw_start, raw_end

    def _point(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return 0
        seg = self.segments[i]
        if seg.linear:
            return seg.raw_start + min(offset - seg.start, seg.raw_end - seg.raw_start)
        return seg.raw_end

    def then(self, inner: OffsetMap) -> OffsetMap:
        """Compose: self maps new -> mid, ``inner`` maps mid -> raw; the result maps new -> raw."""
        out: list[Segment] = []
        for seg in self.segments:
            if seg.linear and seg.raw_end > seg.raw_start:
                shift = seg.start - seg.raw_start
                for piece in inner._pieces(seg.raw_start, seg.raw_end):
                    out.append(Segment(piece.start + shift, piece.end + shift, piece.raw_start, piece.raw_end))
            else:
                a, b = (
                    inner.raw_span(seg.raw_start, seg.raw_end)
                    if seg.raw_end > seg.raw_start
                    else (
                        inner._point(seg.raw_start),
                        inner._point(seg.raw_start),
                    )
                )
                out.append(Segment(seg.start, seg.end, a, b))
        return OffsetMap(_merge(out), self.clean_length, inner.raw_length)

    def _pieces(self, start: int, end: int) -> Iterable[Segment]:
        """The segments covering clean ``[start, end)``, cut to it (linear pieces stay linear)."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        for seg in self.segments[i:]:
            if seg.start >= end:
                break
            if seg.end <= start:
                continue
            a, b = max(start, seg.start), min(end, seg.end)
            if seg.linear:
                yield Segment(a, b, seg.raw_start + (a - seg.start), seg.raw_start + (b - seg.start))
            else:
                yield Segment(a, b, seg.raw_start, seg.raw_end)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in segments:
        if seg.end <= seg.start:
            continue
        if merged:
            last = merged[-1]
            if last.linear and seg.linear and last.end == seg.start and last.raw_end == seg.raw_start:
                merged[-1] = Segment(last.start, seg.end, last.raw_start, seg.raw_end)
                continue
        merged.append(seg)
    return merged


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits; return the new text and its map back to ``text``."""
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0  # in the old text
    out = 0  # in the new text
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edit at {edit.start} (previous edit ended at {pos})")
        if edit.start > pos:
            parts.append(text[pos : edit.start])
            segments.append(Segment(out, out + edit.start - pos, pos, edit.start))
            out += edit.start - pos
        if edit.replacement:
            n = len(edit.replacement)
            parts.append(edit.replacement)
            segments.append(Segment(out, out + n, edit.start, edit.end))
            out += n
        pos = edit.end
    if pos < len(text):
        parts.append(text[pos:])
        segments.append(Segment(out, out + len(text) - pos, pos, len(text)))
        out += len(text) - pos
    return "".join(parts), OffsetMap(_merge(segments), out, len(text))

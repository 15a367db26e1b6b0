"""Bounds for pdfminer on hostile PDFs: reference chains end, decompression stays in proportion to the file.

pdfminer follows an indirect reference until it reaches an object that is not
one (``resolve1``: ``while isinstance(x, PDFObjRef)``). A file whose
``/Length 8 0 R`` leads to ``8 0 obj 9 0 R endobj`` and ``9 0 obj 8 0 R
endobj`` keeps it in that loop for ever, and every later access to the stream
(pdfplumber's ``close`` walks the pages again) starts it anew.
:func:`install` makes ``PDFObjRef.resolve`` follow a chain itself and give up
on a loop or a chain longer than any real file has, returning the default a
missing object gives (pdfminer then finds the stream's end by its
``endstream`` keyword).

pdfminer inflates every stream it reads whole (``zlib.decompress``, LZW, run
length), so a stream of a few megabytes that inflates to gigabytes takes that
much memory. Inside :func:`decompression_limit` every byte pdfminer inflates
is counted against a budget in proportion to the file's size; past it the read
stops with :class:`~extract.errors.DecompressionBomb`.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from extract.errors import DecompressionBomb

MAX_CHAIN = 32  # references to references: real files have one or two
INFLATE_RATIO = 50  # a PDF's streams inflate to at most this many times the file's size ...
INFLATE_FLOOR = 64_000_000  # ... or this many bytes, for small files with big fonts ...
INFLATE_CAP = 256_000_000  # ... and never more than this, whatever the file's size
_CHUNK = 1 << 16


@dataclass(slots=True)
class _Budget:
    source: str
    size: int
    limit: int
    used: int = 0
    loops: list[str] = field(default_factory=list)  # reference chains given up on, as "6 0 R -> 7 0 R -> 6 0 R"

    def charge(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise DecompressionBomb(
                f"{self.source}: refused as a decompression bomb: its compressed streams inflate to more than "
                f"{self.limit / 1_000_000:.0f} MB, over {self.limit / max(self.size, 1):.0f} times the file's "
                f"{self.size / 1_000_000:.1f} MB, which no release needs; if the file is genuine, save it again "
                "from its original (or run qpdf --recompress-flate on it) and build again"
            )

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


_BUDGET: ContextVar[_Budget | None] = ContextVar("pressdb_inflate_budget", default=None)


def inflate_limit(size: int) -> int:
    """The most bytes the streams of a PDF of ``size`` bytes may inflate to."""
    return min(max(INFLATE_FLOOR, INFLATE_RATIO * size), INFLATE_CAP)


@contextmanager
def decompression_limit(source: str, size: int) -> Iterator[list[str]]:
    """Count every byte pdfminer inflates while reading ``source`` (of ``size`` bytes) against its budget.

    Yields the list that collects the reference loops met meanwhile.
    """
    install()
    budget = _Budget(source, size, inflate_limit(size))
    token = _BUDGET.set(budget)
    try:
        yield budget.loops
    finally:
        _BUDGET.reset(token)


def _inflate(data: bytes, budget: _Budget) -> bytes:
    """``zlib.decompress`` that stops at the budget (and, like it, raises on a truncated stream)."""
    d = zlib.decompressobj()
    out = d.decompress(data, budget.left + 1)
    if d.unconsumed_tail or len(out) > budget.left:
        budget.charge(budget.left + 1)
    out += d.flush()
    budget.charge(len(out))
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


class _Zlib:
    """What ``pdfminer.pdftypes`` uses of the ``zlib`` module, counted against the current budget."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None or args or kwargs:
            return zlib.decompress(data, *args, **kwargs)
        return _inflate(data, budget)


def _decompress_corrupted(data: bytes) -> bytes:
    """Inflate as much of a damaged stream as is sound (pdfminer's version is quadratic: it adds byte by byte)."""
    budget = _BUDGET.get()
    d = zlib.decompressobj()
    parts: list[bytes] = []
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        saved = d.copy()
        try:
            parts.append(_counted(d.decompress(chunk), budget))
            continue
        except zlib.error:
            d = saved
        for i in range(len(chunk)):  # find the damaged byte: a damaged checksum at the very end is harmless
            try:
                parts.append(_counted(d.decompress(chunk[i : i + 1]), budget))
            except zlib.error:
                if start + i < len(data) - 3:
                    raise
                return b"".join(parts)
    return b"".join(parts)


def _counted(out: bytes, budget: _Budget | None) -> bytes:
    if budget is not None:
        budget.charge(len(out))
    return out


def _counted_filter(decode: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def counted(data: bytes) -> bytes:
        return _counted(decode(data), _BUDGET.get())

    return counted


def _lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    budget = _BUDGET.get()
    return b"".join(_counted(part, budget) for part in LZWDecoder(io.BytesIO(data)).run())


_installed = False


def install() -> None:
    """Put the bounds into pdfminer (once per process; pdfminer behaves as before outside a limit)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes
    from pdfminer.pdftypes import PDFObjRef

    original = PDFObjRef.resolve

    def resolve(self: PDFObjRef, default: object = None) -> Any:
        x = original(self, default)
        seen = [self.objid]
        while isinstance(x, PDFObjRef):
            if x.objid in seen or len(seen) > MAX_CHAIN:
                budget = _BUDGET.get()
                if budget is not None and len(budget.loops) < 10:
                    budget.loops.append(" -> ".join(f"{n} 0 R" for n in [*seen, x.objid]))
                return default  # a reference loop: as if the object were missing
            seen.append(x.objid)
            x = original(x, default)
        return x

    PDFObjRef.resolve = resolve  # type: ignore[method-assign]
    pdftypes.zlib = _Zlib  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzw
    pdftypes.rldecode = _counted_filter(pdftypes.rldecode)  # type: ignore[assignment]
    _installed = True

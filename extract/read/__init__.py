"""path -> RawDocument. The reader is chosen by content (magic bytes), not only by extension."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from extract.errors import BinaryDocument, EmptyDocument, UnreadableDocument
from extract.offsets import Layout, OffsetMap

Format = Literal["text", "pdf", "html"]


@dataclass(slots=True)
class Region:
    """A part of the raw text the reader placed by position: ``body``, ``sidebar``, ``header``."""

    kind: str
    start: int
    end: int
    page: int | None = None


@dataclass(slots=True)
class RawDocument:
    """The text of one file as read, before any cleaning."""

    source: str
    sha256: str
    format: Format
    text: str
    encoding: str | None = None  # for text: the encoding the bytes were decoded with
    pages: int | None = None
    layout: Layout | None = None  # page and box per raw character (PDF)
    regions: list[Region] = field(default_factory=list)  # body and sidebar, when known by position
    notes: list[str] = field(default_factory=list)  # what the reader repaired or noticed
    # What the file says about the release besides its text (web pages: the page's metadata).
    url: str | None = None  # the release's public address: a web page's canonical URL (rel=canonical, og:url)
    title: str | None = None  # the title the page's metadata gives
    author: str | None = None
    site_name: str | None = None
    published: date | None = None  # the publication date the page's markup gives (htmldate)
    markup: OffsetMap | None = None  # HTML: each raw character -> its offset in the decoded markup
    # Scans: text read by OCR (Tesseract), with the mean confidence of the words kept, 0-100.
    ocr: bool = False
    ocr_confidence: float | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Byte-order marks of the Unicode encodings other than UTF-8, longest first (UTF-32-LE starts like UTF-16-LE).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def unicode_bom(data: bytes) -> str | None:
    """The codec named by a UTF-16 or UTF-32 byte-order mark at the start of ``data``."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    return None


def sniff(data: bytes) -> Format:
    """The format of ``data`` by its first bytes."""
    codec = unicode_bom(data)
    if codec:
        # A text or web page saved as UTF-16/32 (Windows editors do): look at its first characters.
        data = data[:2048].decode(codec, "replace").encode("utf-8", "replace")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    return "text"


def read_bytes(data: bytes, source: str, *, pdf_timeout: float | None = None) -> RawDocument:
    """Read one document from its bytes; raise an ``UnreadableDocument`` with a clear message."""
    if not data.strip():
        raise EmptyDocument(f"{source}: the file is empty; remove it or replace it with the release text")
    kind = sniff(data)
    if kind == "pdf":
        from extract.read.pdf import read_pdf

        return read_pdf(data, source)
    if kind == "html":
        from extract.read.html import read_html

        return read_html(data, source)
    from extract.read.text import read_text

    return read_text(data, source)


MAX_MB = 25.0  # far above any press release; a bigger file is an archive, a scan or a mistake
_CHUNK = 1 << 20


def _too_big(path: str | Path, size: int, max_mb: float) -> UnreadableDocument:
    return UnreadableDocument(
        f"{path}: {size / 1_000_000:.0f} MB is more than the {max_mb:g} MB a release may have; "
        "split the file, or raise the limit with --max-size"
    )


def _open_checked(path: str | Path, max_mb: float | None) -> tuple[int, int | None]:
    """Open ``path`` for reading after checking, by its metadata alone, that it is a file within the size limit.

    Returns the open descriptor and the most bytes to read from it (None: no limit).
    """
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableDocument(
                f"{path}: is a directory; pass the files in it or the directory to 'pressdb build'"
            )
        if not stat.S_ISREG(info.st_mode):
            # A pipe, a device or a socket never ends or blocks: /dev/zero would be read for ever.
            raise UnreadableDocument(f"{path}: not a regular file (a pipe or a device); copy the release to a file")
        if max_mb is not None and info.st_size > max_mb * 1_000_000:
            raise _too_big(path, info.st_size, max_mb)
        fd = os.open(p, os.O_RDONLY)
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot be read ({exc.strerror}); check the path and permissions") from exc
    return fd, None if max_mb is None else int(max_mb * 1_000_000)


def _chunks(path: str | Path, max_mb: float | None) -> Iterator[bytes]:
    """The file's bytes in chunks, refusing it as soon as it proves bigger than the limit (it may grow)."""
    fd, limit = _open_checked(path, max_mb)
    total = 0
    try:
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except OSError as exc:
                raise UnreadableDocument(
                    f"{path}: cannot be read ({exc.strerror}); check the path and permissions"
                ) from exc
            if not chunk:
                return
            total += len(chunk)
            if limit is not None and max_mb is not None and total > limit:
                raise _too_big(path, total, max_mb)
            yield chunk
    finally:
        os.close(fd)


def file_sha256(path: str | Path, *, max_mb: float | None = MAX_MB) -> str:
    """The SHA-256 of the file at ``path``, read in chunks after its size was checked (the document id)."""
    digest = hashlib.sha256()
    for chunk in _chunks(path, max_mb):
        digest.update(chunk)
    return digest.hexdigest()


def read_path(path: str | Path, *, max_mb: float | None = MAX_MB) -> RawDocument:
    """Read the file at ``path`` (refusing files over ``max_mb`` megabytes before reading them)."""
    p = Path(path)
    data = b"".join(_chunks(path, max_mb))
    if p.suffix.lower() == ".pdf" and sniff(data) != "pdf" and data.strip():
        raise BinaryDocument(
            f"{path}: named .pdf but is not a PDF (it starts with {data[:16]!r}); "
            "download the release again or rename it to its real type"
        )
    return read_bytes(data, str(path))

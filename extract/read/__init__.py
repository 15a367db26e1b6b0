"""path -> RawDocument. The reader is chosen by content (magic bytes), not only by extension."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from extract.errors import BinaryDocument, EmptyDocument, UnreadableDocument
from extract.offsets import Layout

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


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> Format:
    """The format of ``data`` by its first bytes."""
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


def read_path(path: str | Path, *, max_mb: float | None = MAX_MB) -> RawDocument:
    """Read the file at ``path`` (refusing files over ``max_mb`` megabytes)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if max_mb is not None and size > max_mb * 1_000_000:
            raise UnreadableDocument(
                f"{path}: {size / 1_000_000:.0f} MB is more than the {max_mb:g} MB a release may have; "
                "split the file, or raise the limit with --max-size"
            )
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise UnreadableDocument(
            f"{path}: is a directory; pass the files in it or the directory to 'pressdb build'"
        ) from exc
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot be read ({exc.strerror}); check the path and permissions") from exc
    if p.suffix.lower() == ".pdf" and sniff(data) != "pdf" and data.strip():
        raise BinaryDocument(
            f"{path}: named .pdf but is not a PDF (it starts with {data[:16]!r}); "
            "download the release again or rename it to its real type"
        )
    return read_bytes(data, str(path))

"""Plain-text releases: UTF-8, cp1252 or latin-1, with mojibake detected."""

from __future__ import annotations

import re

from extract.errors import BinaryDocument, UndecodableText
from extract.read import RawDocument, sha256

# UTF-8 multi-byte sequences shown through cp1252/latin-1: Ã¶ for ö, â€ž for „.
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4]"  # a UTF-8 lead byte read as cp1252/latin-1 ...
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"  # ... and its continuation bytes
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 50)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``: UTF-8 first, then cp1252, then latin-1 (if the result is text-like)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() or ch.isspace() for ch in text[:20000])
        if letters >= 0.6 * min(len(text), 20000):
            return text, encoding
    raise UndecodableText(
        f"{source}: not text in UTF-8, cp1252 or latin-1; convert it to UTF-8 (e.g. with iconv) and build again"
    )


def read_text(data: bytes, source: str) -> RawDocument:
    if _looks_binary(data):
        raise BinaryDocument(
            f"{source}: binary data, not a text, PDF or HTML release; remove it from the input or convert it to text"
        )
    text, encoding = decode(data, source)
    raw = RawDocument(source=source, sha256=sha256(data), format="text", text=text, encoding=encoding)
    n = len(MOJIBAKE_RE.findall(text))
    if n:
        raw.notes.append(f"mojibake: {n} sequences of UTF-8 read as a single-byte code page")
    return raw

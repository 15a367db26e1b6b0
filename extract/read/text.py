"""Plain-text releases: UTF-8, UTF-16/32 with a byte-order mark, cp1252 or latin-1, with mojibake detected."""

from __future__ import annotations

import re

from extract.errors import BinaryDocument, EmptyDocument, UndecodableText
from extract.read import RawDocument, sha256, unicode_bom

# UTF-8 multi-byte sequences shown through cp1252/latin-1: Ã¶ for ö, â€ž for „.
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4]"  # a UTF-8 lead byte read as cp1252/latin-1 ...
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"  # ... and its continuation bytes
)
# Bytes a text may hold besides printable ones: tab, line feed, form feed, carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
NUL_SHARE = 0.01  # more NUL characters than this share of a text: binary data (or UTF-16 without its mark)


def _controls(sample: bytes) -> int:
    """How many control bytes ``sample`` holds (counted in C: ``translate`` deletes all the others)."""
    return len(sample.translate(None, _NOT_CONTROL))


def _looks_binary(data: bytes) -> bool:
    """Control bytes other than NUL throughout, or NULs at the start (stray NULs later are stripped)."""
    sample = data[:8192]
    nuls = sample.count(b"\x00")
    if nuls > max(8, len(sample) * NUL_SHARE):
        return True
    controls = _controls(sample) - nuls
    return controls > max(8, len(sample) // 50) or _controls(data) - data.count(b"\x00") > max(8, len(data) // 50)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` if the bytes look like UTF-16 text that lost its byte-order mark."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def strip_nuls(text: str, source: str) -> tuple[str, str | None]:
    """Remove stray NUL characters (they cut full-text search off); refuse a text made largely of them."""
    n = text.count("\x00")
    if not n:
        return text, None
    if n > max(8, len(text) * NUL_SHARE):
        raise BinaryDocument(
            f"{source}: {n} NUL characters in the text, so it is binary data or a damaged file, not a release; "
            "remove it from the input, or save the release again as UTF-8 text"
        )
    return text.replace("\x00", ""), f"removed {n} NUL characters (they would cut full-text search off)"


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``: UTF-16/32 by their byte-order mark, UTF-8, then cp1252, then latin-1 (if text-like)."""
    codec = unicode_bom(data)
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"{source}: starts with a {codec.upper()} byte-order mark but is not {codec.upper()} text "
                f"(bad bytes at {exc.start}); save the release again as UTF-8 text and build again"
            ) from exc
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
        f"{source}: not text in UTF-8, UTF-16, cp1252 or latin-1; convert it to UTF-8 (e.g. with iconv) and build again"
    )


def read_text(data: bytes, source: str) -> RawDocument:
    if unicode_bom(data) is None and _looks_binary(data):
        wide = _utf16_without_bom(data)
        if wide:
            raise BinaryDocument(
                f"{source}: looks like {wide.upper()} text without its byte-order mark, which pressdb cannot tell "
                f"apart from binary data; convert it to UTF-8 (e.g. iconv -f {wide.upper()} -t UTF-8) and build again"
            )
        raise BinaryDocument(
            f"{source}: binary data, not a text, PDF or HTML release; remove it from the input or convert it to text"
        )
    try:
        text, encoding = decode(data, source)
    except UndecodableText as exc:
        if b"\x00" in data:  # NUL bytes and no encoding fits: not a text that lost its encoding
            raise BinaryDocument(
                f"{source}: binary data (NUL bytes, and no text encoding fits), not a text, PDF or HTML release; "
                "remove it from the input or convert it to text"
            ) from exc
        raise
    text, stripped = strip_nuls(text, source)
    if not text.strip():
        raise EmptyDocument(f"{source}: the file is empty; remove it or replace it with the release text")
    raw = RawDocument(source=source, sha256=sha256(data), format="text", text=text, encoding=encoding)
    if stripped:
        raw.notes.append(stripped)
    n = len(MOJIBAKE_RE.findall(text))
    if n:
        raw.notes.append(f"mojibake: {n} sequences of UTF-8 read as a single-byte code page")
    return raw

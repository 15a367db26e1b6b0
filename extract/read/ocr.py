"""Scans: page images read with Tesseract's German model, each word with its page and box.

A page without a text layer is rendered with pypdfium2 (pdfplumber's own
renderer) and read by Tesseract through pytesseract, the optional extra
``pip install 'pressdb[ocr]'`` over the Debian packages ``tesseract-ocr`` and
``tesseract-ocr-deu``. Tesseract's words come back as the word dictionaries
pdfplumber gives for born-digital pages, in PDF points on the page, so that
columns, lines, paragraphs and provenance work as they do for those. Every
word of a line shares the line's top and bottom (Tesseract boxes each word to
its own ink, so "wo" sits lower than "Kind"), and its characters share the
word's width evenly. Words Tesseract is unsure of are specks, rules and
stamps, not text, and are dropped.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass, field
from typing import Any

from extract.errors import OcrUnavailable

LANGUAGE = "deu"
DPI = 300  # Tesseract reads body text best at 300 dpi
MAX_PIXELS = 40_000_000  # an oversized page is rendered at a lower resolution instead
MAX_IMAGE_PIXELS = 200_000_000  # an image declared bigger than this is a bomb, not a scan
MIN_CONFIDENCE = 30.0  # Tesseract's 0-100 word confidence below which a "word" is noise
PAGE_TIMEOUT = 120  # seconds for one page; Tesseract is killed after it
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-deu, then pip install 'pressdb[ocr]'"


@dataclass(slots=True)
class OcrPage:
    """One page as Tesseract read it: words as pdfplumber gives them, the page size, and the word confidences."""

    number: int
    width: float
    height: float
    words: list[dict[str, Any]] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)


@functools.cache
def missing() -> str | None:
    """What is missing for OCR (named for the user), or None when Tesseract with German can run."""
    try:
        import pytesseract
    except ImportError:
        return "the Python package pytesseract is not installed (pip install 'pressdb[ocr]')"
    try:
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError):
        return "the tesseract program is not installed (apt-get install tesseract-ocr tesseract-ocr-deu)"
    except Exception as exc:  # pytesseract wraps a failing tesseract in several error types
        return f"tesseract does not run ({type(exc).__name__}); reinstall tesseract-ocr"
    if LANGUAGE not in languages:
        return "Tesseract's German model is not installed (apt-get install tesseract-ocr-deu)"
    return None


def unavailable(source: str, what: str) -> OcrUnavailable:
    return OcrUnavailable(
        f"{source}: no text layer; the pages are images and OCR is not available: {what}; "
        f"install it ({INSTALL}) or use the release's text version, then build again"
    )


def read_pages(data: bytes, numbers: list[int], source: str) -> list[OcrPage]:
    """OCR the given 1-based pages of the PDF in ``data``."""
    what = missing()
    if what:
        raise unavailable(source, what)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return [_read_page(doc[n - 1], n) for n in numbers]
    finally:
        doc.close()


def _read_page(page: Any, number: int) -> OcrPage:
    import pytesseract

    width, height = page.get_size()  # in points, as the page is shown (its /Rotate applied)
    scale = DPI / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
    image = page.render(scale=scale, grayscale=True).to_pil()
    page.close()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker: the build runs several
    table = pytesseract.image_to_data(
        image, lang=LANGUAGE, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
    )
    return _words(table, number, float(width), float(height), scale)


def _words(table: dict[str, list[Any]], number: int, width: float, height: float, scale: float) -> OcrPage:
    """Tesseract's word table -> pdfplumber-like words in points, each line's words sharing its top and bottom."""
    out = OcrPage(number, width, height)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(table["text"]):
        conf = float(table["conf"][i])
        if int(table["level"][i]) != 5 or not text.strip() or conf < MIN_CONFIDENCE:
            continue
        key = (int(table["block_num"][i]), int(table["par_num"][i]), int(table["line_num"][i]))
        lines.setdefault(key, []).append(i)
    for key in sorted(lines, key=lambda k: min(int(table["top"][i]) for i in lines[k])):
        idx = lines[key]
        top = min(int(table["top"][i]) for i in idx) / scale
        bottom = max(int(table["top"][i]) + int(table["height"][i]) for i in idx) / scale
        for i in sorted(idx, key=lambda i: int(table["left"][i])):
            text = table["text"][i].strip()
            x0 = int(table["left"][i]) / scale
            x1 = (int(table["left"][i]) + int(table["width"][i])) / scale
            step = (x1 - x0) / len(text)
            chars = [
                {"text": ch, "x0": x0 + k * step, "x1": x0 + (k + 1) * step, "top": top, "bottom": bottom}
                for k, ch in enumerate(text)
            ]
            out.words.append(
                {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "upright": True, "chars": chars}
            )
            out.confidences.append(float(table["conf"][i]))
    return out

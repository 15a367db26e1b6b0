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
import re
import statistics
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
    hocr = pytesseract.image_to_pdf_or_hocr(
        image, lang=LANGUAGE, config="--psm 3", extension="hocr", timeout=PAGE_TIMEOUT
    )
    return _words(hocr, number, float(width), float(height), scale)


_BBOX_RE = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_NUMBER_RE = r"{}\s+(-?[\d.]+)"


def _property(title: str, name: str, default: float = 0.0) -> float:
    m = re.search(_NUMBER_RE.format(name), title)
    return float(m.group(1)) if m else default


def _words(hocr: bytes, number: int, width: float, height: float, scale: float) -> OcrPage:
    """Tesseract's hOCR -> pdfplumber-like words in points.

    Every word of a line gets the line's top and bottom, set from the line's baseline and the height of its
    capitals and ascenders (measured on its words that have some and no descender), not from each word's own ink
    nor from Tesseract's size guess for the line (which a speck on the line inflates), so that lines of one font
    have one size, as the paragraph rules expect.
    """
    from xml.etree import ElementTree

    out = OcrPage(number, width, height)
    root = ElementTree.fromstring(hocr)
    for line in root.iter():
        if not (_classes(line) & _LINE_CLASSES):
            continue
        title = line.get("title", "")
        words: list[tuple[str, tuple[int, int, int, int], float]] = []
        for word in line.iter():
            if "ocrx_word" not in _classes(word):
                continue
            text = "".join(word.itertext()).strip()
            wtitle = word.get("title", "")
            wbox = _BBOX_RE.search(wtitle)
            conf = _property(wtitle, "x_wconf")
            if text and wbox and conf >= MIN_CONFIDENCE:
                x0, y0, x1, y1 = (int(v) for v in wbox.groups())
                words.append((text, (x0, y0, x1, y1), conf))
        if not words:
            continue
        tall = [box for text, box, _ in words if _TALL_RE.search(text) and not _DESCENDER_RE.search(text)]
        if tall:
            ascent = statistics.median(box[3] - box[1] for box in tall)
            base = statistics.median(box[3] for box in tall)
        else:  # a line of short lower-case words or of descenders only: Tesseract's own measure
            box = _BBOX_RE.search(title)
            m = re.search(r"baseline (-?[\d.]+) (-?[\d.]+)", title)
            base = (int(box.group(4)) if box else max(b[3] for _, b, _ in words)) + (float(m.group(2)) if m else 0.0)
            ascent = _property(title, "x_size") - _property(title, "x_descenders")
            if ascent <= 0:
                ascent = statistics.median(b[3] - b[1] for _, b, _ in words)
        top, bottom = (base - ascent) / scale, (base + DESCENT * ascent) / scale
        for text, (x0, _, x1, _), conf in words:
            left, right = x0 / scale, x1 / scale
            step = (right - left) / len(text)
            chars = [
                {"text": ch, "x0": left + k * step, "x1": left + (k + 1) * step, "top": top, "bottom": bottom}
                for k, ch in enumerate(text)
            ]
            out.words.append(
                {"text": text, "x0": left, "x1": right, "top": top, "bottom": bottom, "upright": True, "chars": chars}
            )
            out.confidences.append(conf)
    return out


_TALL_RE = re.compile(r"[A-ZÄÖÜ0-9bdfhklß]")  # letters that reach the capital height
_DESCENDER_RE = re.compile(r"[gjpqyQ,;()\[\]{}|/µ]")  # ... and those that reach below the baseline
DESCENT = 0.3  # a line's descent below the baseline, as a share of its ascent
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())

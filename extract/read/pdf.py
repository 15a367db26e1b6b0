"""PDF releases: pages -> words with boxes -> columns, lines and paragraphs -> text + per-character layout.

The ministries set a release in a main column with a narrower letterhead
sidebar beside it on page 1 and a page number at the foot of every page. Plain
text extraction interleaves the sidebar with the body; this reader separates
them by position, derived from each page itself: a vertical gutter that no word
crosses splits the page into columns, and a column much narrower than the other
is a sidebar (on either side). Lines set across the gutter (a wide title, a
letterhead over the whole width) hide it from a first look; the gutter is then
sought below them and those rows stay whole with the main column. Lines in the
top and bottom margins that repeat across pages (with their digits ignored), or
the first and last lines of a page that repeat exactly, or that are page
numbers, are running headers and footers.

Paragraphs are found by spacing and font size, list items by their bullets, and
a deliberate line break by the next word having fitted on the line: after a
sentence it ends a paragraph (or every line is one, where nearly all lines end a
sentence), elsewhere the line keeps its break (letterhead and address blocks).
Footnotes (smaller print led by a marker at the foot of a column) follow the
body instead of cutting the sentence that runs across the page break. A page
turned by /Rotate is read as set.

The text starts with the letterhead (what sits above the body on a page with a
sidebar, then the sidebar itself, one line per element) as ``sidebar`` regions,
then the body in reading order (paragraphs separated by blank lines, the lines
of a paragraph joined by spaces, end-of-line hyphenation undone, table rows on
lines of their own) as ``body`` regions, then headers and footers. Every
character keeps its page and box in a :class:`~extract.offsets.Layout`;
characters the reader inserted (spaces, line breaks) have page 0.
"""

from __future__ import annotations

import io
import math
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from extract.errors import DecompressionBomb, EncryptedPdf, NoTextLayer, PressdbError, UnreadableDocument
from extract.offsets import Layout
from extract.read import RawDocument, Region, ocr, sha256
from extract.read.pdfguard import decompression_limit

BAND = 0.08  # running headers and footers sit in the top and bottom 8% of the page height
GUTTER_MIN_EM = 1.5  # a gutter is at least this many font sizes wide
GUTTER_MIN_PT = 8.0
MIN_COLUMN_WORDS = 3
SIDEBAR_WIDTH_RATIO = 0.6  # a column narrower than this share of the other one is a sidebar
TABLE_ALIGN_RATIO = 0.5  # columns whose words mostly share rows are a table, not columns
ROW_TOLERANCE = 1.5  # points
CELL_GAP_EM = 2.5  # a gap this wide inside a line separates table cells
PARAGRAPH_GAP_EM = 0.45  # extra space above a line, in font sizes, that starts a paragraph
SIZE_CHANGE = 1.15  # a font this much larger or smaller starts a paragraph (a headline)
LETTERHEAD_ZONE = 0.25  # the letterhead sits in the top quarter of the first page
LETTERHEAD_GAP_LINES = 3.0  # ... separated from the body by a gap of several lines
EDGE_LINES = 2  # lines this near the top or bottom of a page are running headers or footers if they repeat
LINE_PER_PARAGRAPH = 0.8  # a column whose lines nearly all end a sentence sets one paragraph per line
FIT_SPARE_EM = 1.25  # the next word would have fitted on the line with this much room to spare: a deliberate break
MIN_EDGE_LINES = 3  # lines needed to know where a column's lines end
FOOTNOTE_SIZE = 0.9  # footnotes are set smaller than the body text above them

PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:Seite|Page|S\.|Blatt)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:von|of|/|aus)\s*\d{1,4})?$", re.IGNORECASE
)
DIGITS_RE = re.compile(r"\d+")
TERMINAL = frozenset('.!?:;«»"“”)')
# After a line ending in "Aus-", these words show a suspended compound ("Aus- und Fortbildung"), not hyphenation.
SUSPENDED_NEXT = frozenset({"und", "oder", "bzw", "sowie", "bis", "als", "wie", "noch", "u"})
WORD_RE = re.compile(r"[\wäöüß]+")
# A list item starts with a bullet glyph; a dash or an enumerator counts only where a list is expected.
BULLET_GLYPHS = frozenset("•·▪▫■□●○◦‣∙►▶➢✓✔")
ITEM_RE = re.compile(r"^(?:[-–—]|\d{1,2}[.)]|[a-z]\))$")
FOOTNOTE_RE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*{1,3}|†|\d{1,2}\)?|\(\d{1,2}\)|\[\d{1,2}\])(?:\s|[A-ZÄÖÜa-zäöü])")


@dataclass(slots=True)
class _Line:
    """One printed line of one column: its text (words joined by spaces) and a box per character."""

    page: int
    text: str
    pages: array[int]  # page per character, 0 for the spaces the reader put between words
    boxes: array[float]  # x0, top, x1, bottom per character
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    cells: bool = False  # words separated by wide gaps: a table row
    first_w: float = 0.0  # width of the first word: would it have fitted at the end of the line above?
    indent: float = 0.0  # x0 of the second word (where a list item's text starts)
    own: bool = False  # starts on a line of its own: the line above broke before it was full
    spanning: bool = False  # set across the gutter (a wide title): says nothing about the column's width

    def key(self) -> str:
        return DIGITS_RE.sub("#", " ".join(self.text.lower().split()))


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    body: list[list[_Line]] = field(default_factory=list)  # columns in reading order
    sidebar: list[_Line] = field(default_factory=list)
    has_sidebar: bool = False
    rotation: int = 0


def read_pdf(data: bytes, source: str) -> RawDocument:
    """Read a PDF release: body, sidebar, headers and footers by position, with page and box per character.

    Pages without a text layer are read by OCR (Tesseract's German model) where it is installed.
    """
    pages, scans, loops = _read_pages(data, source)
    if not pages:
        raise UnreadableDocument(
            f"{source}: the PDF has no pages; download the release again or export it from the original document"
        )
    ocr_pages: list[int] = []
    confidences: list[float] = []
    has_text = any(p.body or p.sidebar for p in pages)
    if scans:
        what = ocr.missing()
        if what is None:
            ocr_pages, confidences = _ocr(data, source, pages, scans)
        elif not has_text:
            raise ocr.unavailable(source, what)
    if loops and not any(p.body or p.sidebar for p in pages):
        raise UnreadableDocument(
            f"{source}: damaged PDF: its objects refer to each other in a loop ({loops[0]}), so its text "
            "cannot be found; download the release again or repair it (e.g. qpdf in.pdf out.pdf), then build again"
        )
    if not any(p.body or p.sidebar for p in pages):
        raise NoTextLayer(
            f"{source}: no text layer, and OCR (Tesseract, German) read no words from its page images; "
            "use the release's text version, or scan the paper again at 300 dpi, then build again"
            if scans
            else f"{source}: no text layer and no images to read; the pages are empty or drawn as shapes; "
            "use the release's text version, then build again"
        )
    raw = _assemble(pages, source, sha256(data))
    if ocr_pages:
        raw.ocr = True
        raw.ocr_confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
        raw.notes.append(
            f"ocr: pages {', '.join(map(str, ocr_pages))} read by Tesseract ({ocr.LANGUAGE}); "
            f"mean word confidence {raw.ocr_confidence}"
        )
    if loops:
        raw.notes.append(f"pdf: reference loops ignored (their objects read as missing): {'; '.join(loops)}")
    turned = [p.number for p in pages if p.rotation]
    if turned:
        raw.notes.append(
            f"pages turned by the PDF's /Rotate: {', '.join(map(str, turned))}; their boxes are on the page as set"
        )
    empty = [p.number for p in pages if not p.body and not p.sidebar]
    if empty:
        raw.notes.append(f"pages without a text layer (images only?): {', '.join(map(str, empty))}")
    return raw


def _ocr(data: bytes, source: str, pages: list[_Page], scans: list[int]) -> tuple[list[int], list[float]]:
    """Read the scanned pages by OCR, in place; return the pages read and the confidences of their words."""
    confidences: list[float] = []
    read: list[int] = []
    for scan in ocr.read_pages(data, scans, source):
        page = _layout_page(scan.words, scan.number, scan.width, scan.height)
        pages[scan.number - 1] = page
        if scan.words:
            read.append(scan.number)
            confidences.extend(scan.confidences)
    return read, confidences


# ---------------------------------------------------------------- reading pages


def _read_pages(data: bytes, source: str) -> tuple[list[_Page], list[int], list[str]]:
    """The pages with their words, the numbers of the pages that have images but no words (scans), and the
    reference loops met."""
    # On an error the PDF is left unclosed: pdfplumber's close() would walk the damaged page tree again.
    try:
        with decompression_limit(source, len(data)) as loops:
            pdf = pdfplumber.open(io.BytesIO(data))
            out = []
            scans = []
            for page in pdf.pages:
                width, height = float(page.width), float(page.height)
                rotation = page.rotation % 360
                if rotation:
                    # A page turned by /Rotate is read as it was set, upright; its boxes are then on the unturned page.
                    page.page_obj.rotate = 0
                    if rotation in (90, 270):
                        width, height = height, width
                words = page.extract_words(return_chars=True)
                if rotation in (90, 270):
                    _shift(words, height - float(page.height))
                out.append(_layout_page(words, page.page_number, width, height))
                out[-1].rotation = rotation
                if not words and page.images:
                    _check_images(page.images, page.page_number, source)
                    scans.append(page.page_number)
                page.close()  # pdfplumber keeps every page's objects otherwise
            pdf.close()
            return out, scans, loops
    except PressdbError:
        raise
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PressdbError):  # a time limit or a bomb, raised inside pdfminer and wrapped
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedPdf(
                f"{source}: the PDF is encrypted and needs a password; decrypt it "
                "(e.g. qpdf --password=... --decrypt in.pdf out.pdf) and build again"
            ) from exc
        raise _unreadable(source, cause) from exc
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        wrapped = _pressdb_cause(exc)
        if wrapped is not None:
            raise wrapped from None
        raise _unreadable(source, exc) from exc


def _pressdb_cause(exc: BaseException) -> PressdbError | None:
    """A pressdb error (a time limit, a bomb) that a library caught and raised again as its own."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 8:
        if isinstance(cause, PressdbError):
            return cause
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


def _check_images(images: list[dict[str, Any]], number: int, source: str) -> None:
    """Refuse a page image declared bigger than any scan (rendering it would take gigabytes)."""
    for image in images:
        w, h = image.get("srcsize") or (0, 0)
        try:
            pixels = float(w) * float(h)
        except (TypeError, ValueError):
            continue
        if pixels > ocr.MAX_IMAGE_PIXELS:
            raise DecompressionBomb(
                f"{source}: page {number} holds an image of {pixels / 1e6:.0f} million pixels, more than any scan "
                "has; refused as a decompression bomb; if the file is genuine, scan it again at 300 dpi"
            )


def _shift(words: list[dict[str, Any]], dy: float) -> None:
    """Move words and their characters down by ``dy`` (pdfplumber measured them from the turned page's top)."""
    for w in words:
        w["top"] += dy
        w["bottom"] += dy
        for c in w["chars"]:
            c["top"] += dy
            c["bottom"] += dy


def _unreadable(source: str, cause: BaseException) -> UnreadableDocument:
    detail = str(cause).strip() or type(cause).__name__
    return UnreadableDocument(
        f"{source}: damaged or not a PDF ({type(cause).__name__}: {detail[:80]}); "
        "download the release again or repair it (e.g. qpdf in.pdf out.pdf), then build again"
    )


def _layout_page(words: list[dict[str, Any]], number: int, width: float, height: float) -> _Page:
    """Split one page's words into columns (body, sidebar) and lines."""
    page = _Page(number, height)
    if not words:
        return page
    middle = [w for w in words if w["upright"] and BAND * height < (w["top"] + w["bottom"]) / 2 < (1 - BAND) * height]
    split = _gutter(middle or words, width)
    if split is None and len(middle) > 2 * MIN_COLUMN_WORDS:
        split = _gutter_below_spanning(middle, width)
    if split is None:
        page.body = [_lines(words, number)]
        return page
    cut, sidebar_side = split
    # Rows with a word across the gutter (a title or letterhead over the whole width, a running header) stay whole
    # and go with the main column.
    spans = [(w["top"], w["bottom"]) for w in words if w["x0"] < cut < w["x1"]]
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    whole: list[dict[str, Any]] = []
    for w in words:
        if spans:
            mid = (w["top"] + w["bottom"]) / 2
            if any(a <= mid <= b for a, b in spans):
                w["spanning"] = True
                whole.append(w)
                continue
        (left if (w["x0"] + w["x1"]) / 2 < cut else right).append(w)
    if sidebar_side is None:
        page.body = [_lines(left + whole, number), _lines(right, number)]
    else:
        main, side = (right, left) if sidebar_side == "left" else (left, right)
        page.body = [_lines(main + whole, number)]
        page.sidebar = _lines(side, number)
        page.has_sidebar = True
    return page


def _gutter_below_spanning(middle: list[dict[str, Any]], width: float) -> tuple[float, str | None] | None:
    """A gutter hidden by lines set across the whole width above the columns (a wide title, a letterhead)."""
    ordered = sorted(middle, key=lambda w: w["top"])
    lower = _gutter(ordered[len(ordered) // 2 :], width)
    if lower is None:
        return None
    cut = lower[0]
    crossing = [w for w in ordered if w["x0"] < cut < w["x1"]]
    if not crossing:
        return None
    start = max(w["bottom"] for w in crossing)
    below = [w for w in ordered if w["top"] >= start]
    # The spanning lines must stand above the columns, which fill most of the rest of the page.
    if len(below) < len(ordered) // 2:
        return None
    return _gutter(below, width)


def _gutter(words: list[dict[str, Any]], width: float) -> tuple[float, str | None] | None:
    """The x of a vertical gap no word crosses, and which side is a sidebar (None: two body columns)."""
    cover = bytearray(int(width) + 2)
    for w in words:
        a, b = max(int(w["x0"]), 0), min(math.ceil(w["x1"]), len(cover))
        cover[a:b] = b"\x01" * (b - a)
    lo = int(min(w["x0"] for w in words))
    hi = min(math.ceil(max(w["x1"] for w in words)), len(cover))
    sizes = sorted(w["bottom"] - w["top"] for w in words)
    min_gap = max(GUTTER_MIN_PT, GUTTER_MIN_EM * sizes[len(sizes) // 2])
    best = max(re.finditer(rb"\x00+", cover[lo:hi]), key=lambda m: m.end() - m.start(), default=None)
    if best is None or best.end() - best.start() < min_gap:
        return None
    cut = lo + (best.start() + best.end()) / 2
    left = [w for w in words if (w["x0"] + w["x1"]) / 2 < cut]
    right = [w for w in words if (w["x0"] + w["x1"]) / 2 >= cut]
    if len(left) < MIN_COLUMN_WORDS or len(right) < MIN_COLUMN_WORDS:
        return None
    left_w = max(w["x1"] for w in left) - min(w["x0"] for w in left)
    right_w = max(w["x1"] for w in right) - min(w["x0"] for w in right)
    narrow, wide = (left, right) if left_w < right_w else (right, left)
    # In a table the cells of a row share their top; the lines of two columns mostly do not.
    rows = {round(w["top"] / ROW_TOLERANCE) for w in wide}
    aligned = sum(1 for w in narrow if round(w["top"] / ROW_TOLERANCE) in rows)
    if aligned > TABLE_ALIGN_RATIO * len(narrow):
        return None
    if min(left_w, right_w) < SIDEBAR_WIDTH_RATIO * max(left_w, right_w):
        return cut, "left" if narrow is left else "right"
    return cut, None


def _lines(words: list[dict[str, Any]], number: int) -> list[_Line]:
    """Group one column's words into lines, top to bottom, each left to right."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(w["top"] - rows[-1][0]["top"]) <= ROW_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [_make_line(sorted(row, key=lambda w: w["x0"]), number) for row in rows]


def _make_line(words: list[dict[str, Any]], number: int) -> _Line:
    parts: list[str] = []
    pages = array("i")
    boxes = array("f")
    size = max(w["bottom"] - w["top"] for w in words)
    widest = 0.0
    for i, w in enumerate(words):
        if i:
            parts.append(" ")
            pages.append(0)
            boxes.extend((0.0, 0.0, 0.0, 0.0))
            widest = max(widest, w["x0"] - words[i - 1]["x1"])
        for c in w["chars"]:
            t = c["text"]
            parts.append(t)
            box = (c["x0"], c["top"], c["x1"], c["bottom"])
            for _ in t:  # a ligature mapped to several characters shares one box
                boxes.extend(box)
        pages.extend([number] * (len(boxes) // 4 - len(pages)))
    return _Line(
        page=number,
        text="".join(parts),
        pages=pages,
        boxes=boxes,
        x0=words[0]["x0"],
        top=min(w["top"] for w in words),
        x1=words[-1]["x1"],
        bottom=max(w["bottom"] for w in words),
        size=size,
        cells=widest > CELL_GAP_EM * size,
        first_w=words[0]["x1"] - words[0]["x0"],
        indent=words[1]["x0"] if len(words) > 1 else words[0]["x0"],
        spanning="spanning" in words[0],
    )


# ---------------------------------------------------------------- regions and paragraphs


def _margins(pages: list[_Page]) -> list[tuple[_Line, str]]:
    """Running headers and footers: lines at the top or foot of a page that repeat across pages or are page numbers."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    candidates: list[tuple[_Line, str, str, bool]] = []
    for page in pages:
        lines = sorted([ln for col in page.body for ln in col] + page.sidebar, key=lambda ln: ln.top)
        edge = {id(ln) for ln in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        for line in lines:
            band = line.bottom <= BAND * page.height or line.top >= (1 - BAND) * page.height
            if not band and id(line) not in edge:
                continue
            kind = "header" if line.top < page.height / 2 else "footer"
            # Outside the margins proper a line must repeat to the digit (body lines may differ in numbers only).
            key = line.key() if band else line.text
            candidates.append((line, kind, key, band))
            seen[kind, key].add(page.number)
    # ... or be a page number with its words ("Seite 2 von 3").
    return [
        (line, kind)
        for line, kind, key, band in candidates
        if len(seen[kind, key]) >= 2
        or ((band or not line.text[:1].isdigit()) and PAGE_NUMBER_RE.match(line.text.strip()))
    ]


def _letterhead(column: list[_Line], height: float) -> int:
    """How many lines at the top of a column form a letterhead set apart from the body below it."""
    if len(column) < 3:
        return 0
    pitches = sorted(b.top - a.top for a, b in pairwise(column) if b.top > a.top)
    pitch = pitches[len(pitches) // 4] if pitches else 0.0
    for i, (a, b) in enumerate(pairwise(column)):
        if a.bottom > LETTERHEAD_ZONE * height:
            break
        if pitch and b.top - a.bottom > LETTERHEAD_GAP_LINES * pitch:
            return i + 1
    return 0


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Split a column's lines into paragraphs by spacing, font size, list items and lines broken before full.

    Marks a line ``own`` where the line above ended before the column was full without ending a sentence
    (letterhead and address blocks, lines set one per element), so that it keeps its line break.
    """
    if not lines:
        return []
    gaps = [b.top - a.bottom for a, b in pairwise(lines)]
    typical = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    # The right edge of the lines that start where a line does: would its next word have fitted?
    right: dict[int, float] = {}
    count: dict[int, int] = defaultdict(int)
    for ln in lines:
        if not ln.spanning and not ln.cells:
            key = round(ln.x0 / 3)
            right[key] = max(right.get(key, 0.0), ln.x1)
            count[key] += 1
    for key, n in count.items():
        if n < MIN_EDGE_LINES:
            right[key] = 0.0  # too few lines to tell where the column ends
    ends = sum(1 for ln in lines[:-1] if ln.text[-1:] in TERMINAL)
    line_per_paragraph = len(lines) >= 3 and ends >= LINE_PER_PARAGRAPH * (len(lines) - 1)
    out = [[lines[0]]]
    item = _item(lines[0], None)  # where the current list item's text starts
    for (prev, line), gap in zip(pairwise(lines), gaps, strict=True):
        size = min(prev.size, line.size)
        ratio = max(prev.size, line.size) / size if size > 0 else 1.0
        new = gap > typical + PARAGRAPH_GAP_EM * size or ratio > SIZE_CHANGE
        starts_item = not new and _item(line, prev) is not None
        if new or starts_item:
            pass
        elif item is not None and line.x0 < item - 1.0:
            new = True  # back at the margin after a list item
        elif not prev.cells and not line.cells and prev.text[-1:] != "-":
            # (renderers wrap a little early: a word that fits with room of a font size to spare was not wrapped)
            fits = prev.x1 + FIT_SPARE_EM * size + line.first_w < right.get(round(prev.x0 / 3), prev.x1)
            if prev.text[-1:] in TERMINAL and (fits or line_per_paragraph):
                new = True
            elif fits:
                line.own = True
        if new or starts_item:
            out.append([line])
            item = _item(line, prev)
        else:
            out[-1].append(line)
    return out


def _item(line: _Line, prev: _Line | None) -> float | None:
    """Where the text of a list item starts, if ``line`` starts one (a dash or number only after a colon)."""
    first = line.text.split(" ", 1)[0]
    if first in BULLET_GLYPHS or (first[:1] in BULLET_GLYPHS and len(first) > 1 and not first[1].isalnum()):
        return line.indent
    if ITEM_RE.match(first) and prev is not None and prev.text.endswith(":"):
        return line.indent
    return None


def _footnotes(column: list[_Line]) -> int:
    """Where a footnote block at the foot of a column starts (smaller print, led by a marker), or len(column)."""
    n = len(column)
    if n < 3:
        return n
    body = sorted(ln.size for ln in column)[n // 2]
    i = n
    while i > 0 and column[i - 1].size < FOOTNOTE_SIZE * body:
        i -= 1
    if 0 < i < n and FOOTNOTE_RE.match(column[i].text):
        return i
    return n


class _Builder:
    """Raw text and layout, written in lock-step."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.layout = Layout()
        self.length = 0

    def insert(self, text: str) -> None:
        self.parts.append(text)
        self.layout.pages.extend([0] * len(text))
        self.layout.boxes.extend([0.0] * (4 * len(text)))
        self.length += len(text)

    def line(self, line: _Line, drop_last: bool = False) -> None:
        n = len(line.text) - (1 if drop_last else 0)
        self.parts.append(line.text[:n])
        self.layout.pages.extend(line.pages[:n])
        self.layout.boxes.extend(line.boxes[: 4 * n])
        self.length += n

    def text(self) -> str:
        return "".join(self.parts)


def _joiner(prev: _Line, line: _Line) -> tuple[str, bool]:
    """How two lines of one paragraph join: the separator, and whether prev's final hyphen goes."""
    if prev.cells or line.cells or line.own:
        return "\n", False
    t = prev.text
    if len(t) >= 2 and t[-1] == "-" and t[-2].isalpha():
        first = line.text[:1]
        if not first.islower():
            return "", False  # a compound broken at its hyphen: "ASSKomm-" + "Coaching"
        word = WORD_RE.match(line.text)
        if word and word.group().lower() in SUSPENDED_NEXT:
            return " ", False  # "Aus- und Fortbildung"
        return "", True  # "Präventions-" + "arbeit"
    return " ", False


def _assemble(pages: list[_Page], source: str, digest: str) -> RawDocument:
    running = _margins(pages)
    margins = {id(line) for line, _ in running}
    out = _Builder()
    regions: list[Region] = []

    # Letterhead and sidebars first, one line per element, in the order the text versions give them.
    for page in pages:
        lines: list[_Line] = []
        if page.has_sidebar and page.body:
            column = [ln for ln in page.body[0] if id(ln) not in margins]
            n = _letterhead(column, page.height)
            if n:
                lines.extend(column[:n])
                page.body[0] = column[n:]
        blocks = _paragraphs([ln for ln in page.sidebar if id(ln) not in margins])
        if not lines and not blocks:
            continue
        if out.length:
            out.insert("\n\n")
        start = out.length
        for i, ln in enumerate(lines):
            if i:
                out.insert("\n")
            out.line(ln)
        for block in blocks:
            if out.length > start:
                out.insert("\n\n")
            for i, ln in enumerate(block):
                if i:
                    out.insert("\n")
                out.line(ln)
        regions.append(Region("sidebar", start, out.length, page.number))

    # The body in reading order; a paragraph cut by a column or page break is rejoined.
    prev: _Line | None = None
    prev_end = 0
    region_start = region_page = None
    flow: list[tuple[list[_Line], bool]] = []  # columns in reading order; may the first paragraph continue?
    notes: list[tuple[list[_Line], bool]] = []  # footnotes go after the body, out of the sentences they cut
    for page in pages:
        for column in page.body:
            lines = [ln for ln in column if id(ln) not in margins]
            cut = _footnotes(lines)
            flow.append((lines[:cut], True))
            if cut < len(lines):
                notes.append((lines[cut:], False))
    for column, continues in flow + notes:
        for k, para in enumerate(_paragraphs(column)):
            for j, line in enumerate(para):
                if prev is None:
                    if out.length:
                        out.insert("\n\n")
                elif j or (k == 0 and continues and prev.text[-1:] not in TERMINAL and not prev.cells):
                    # (k == 0: the paragraph continues from the last column or page)
                    prev_end = _finish(out, prev, *_joiner(prev, line))
                else:
                    prev_end = _finish(out, prev, "\n\n", False)
                if region_page != line.page:
                    if region_start is not None:
                        regions.append(Region("body", region_start, prev_end, region_page))
                    region_start, region_page = out.length, line.page
                prev = line
    if prev is not None:
        prev_end = _finish(out, prev, "", False)
        regions.append(Region("body", region_start or 0, prev_end, region_page))

    # Running headers, footers and page numbers last, each its own region, for the cleaner to drop.
    for line, kind in running:
        out.insert("\n\n")
        start = out.length
        out.line(line)
        regions.append(Region(kind, start, out.length, line.page))

    text = out.text()
    return RawDocument(
        source=source,
        sha256=digest,
        format="pdf",
        text=text,
        pages=len(pages),
        layout=out.layout,
        regions=sorted(regions, key=lambda r: r.start),
    )


def _finish(out: _Builder, line: _Line, sep: str, drop_last: bool) -> int:
    """Write a pending line, then the separator to the next one; return where the line ended."""
    out.line(line, drop_last)
    end = out.length
    if sep:
        out.insert(sep)
    return end

"""Build good and bad PDFs for the reader's tests and the benchmark (in a tmp_path, never in corpus/)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import reportlab
from fpdf import FPDF

FONTS = Path(reportlab.__file__).resolve().parent / "fonts"
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

# Sentences written for these tests, in the genre of a town's press release.
PARAGRAPHS = [
    "Die Stadt Freiberg beteiligt sich ab dem kommenden Monat an einem Modellprojekt zur Prävention von "
    "Vandalismus. In drei Stadtteilen sollen Jugendliche gemeinsam mit Streetworkern neue Treffpunkte gestalten.",
    "Nach Angaben der Stadtverwaltung wurden im vergangenen Jahr 214 Fälle von Sachbeschädigung angezeigt. "
    "Die Kosten für die Beseitigung von Schmierereien beliefen sich auf rund 36.000 Euro.",
    "Oberbürgermeister Sven Krüger sagte, die Stadt setze auf Beteiligung statt auf Verbote. Der Stadtrat "
    "hatte dem Projekt im Februar mit großer Mehrheit zugestimmt.",
]


def _pdf(**kwargs: object) -> FPDF:
    pdf = FPDF(unit="pt", format="A4", **kwargs)  # type: ignore[arg-type]
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("Vera", "", str(FONTS / "Vera.ttf"))
    pdf.add_font("Vera", "B", str(FONTS / "VeraBd.ttf"))
    return pdf


def one_column_pdf(
    paragraphs: list[str] | None = None,
    *,
    margin: float = 90.0,
    size: float = 11.0,
    title: str | None = "Freiberg startet Projekt gegen Vandalismus",
    footer: bool = False,
) -> bytes:
    """A plain one-column release (no sidebar) with the given margins and font size."""
    pdf = _pdf()
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    if footer:
        pdf.footer = lambda: _footer(pdf)  # type: ignore[method-assign]
    pdf.add_page()
    if title:
        pdf.set_font("Vera", "B", size + 3)
        pdf.multi_cell(0, (size + 3) * 1.3, title, align="L")
        pdf.ln(size)
    pdf.set_font("Vera", "", size)
    for para in paragraphs if paragraphs is not None else PARAGRAPHS:
        pdf.multi_cell(0, size * 1.35, para, align="L")
        pdf.ln(size * 0.7)
    return bytes(pdf.output())


def _footer(pdf: FPDF) -> None:
    pdf.set_y(-40)
    pdf.set_font("Vera", "", 8)
    pdf.cell(0, 10, f"Seite {pdf.page_no()}", align="C")


def lines_pdf(lines: list[str], *, x: float = 80.0, top: float = 120.0, leading: float = 14.0) -> bytes:
    """One paragraph whose printed lines break exactly where ``lines`` says (to test how lines join)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Vera", "", 10.5)
    for i, line in enumerate(lines):
        pdf.set_xy(x, top + i * leading)
        pdf.cell(0, leading, line)
    return bytes(pdf.output())


def two_column_pdf() -> bytes:
    """A newspaper-like page with two body columns of equal width (both are body, left first)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Vera", "", 10)
    left = "Linke Spalte: " + " ".join(PARAGRAPHS[:2])
    right = "Rechte Spalte: " + PARAGRAPHS[2] + " " + PARAGRAPHS[0]
    pdf.set_xy(50, 80)
    pdf.multi_cell(230, 13, left, align="L")
    pdf.set_xy(315, 80)
    pdf.multi_cell(230, 13, right, align="L")
    return bytes(pdf.output())


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``tmp_path/name`` and return the path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- bad PDFs


def zero_byte() -> bytes:
    """An empty file."""
    return b""


def truncated() -> bytes:
    """A valid PDF cut off after its first third (a download that broke off)."""
    data = one_column_pdf()
    return data[: len(data) // 3]


def corrupt_xref() -> bytes:
    """A valid PDF whose cross-reference table and startxref offset are garbage (objects intact)."""
    data = one_column_pdf()
    start = data.rindex(b"xref")
    end = data.rindex(b"trailer")
    garbage = re.sub(rb"\d", b"9", data[start:end])
    data = data[:start] + garbage + data[end:]
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)


def corrupt_objects() -> bytes:
    """A PDF whose xref and page objects are both destroyed: nothing can be recovered."""
    data = corrupt_xref()
    return re.sub(rb"/Type\s*/Pages?\b", b"/Type /Junk", data).replace(b"/Root", b"/Rxxx")


def encrypted(user_password: str = "") -> bytes:
    """An encrypted PDF; with an empty user password it opens without asking."""
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Vera", "", 11)
    pdf.multi_cell(0, 15, PARAGRAPHS[0], align="L")
    return bytes(pdf.output())


def image_only(pages: int = 2) -> bytes:
    """A scan: every page is an image, there is no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 560), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 18):
        draw.line((40, y, 360, y), fill="black", width=3)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = _pdf()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buf.getvalue()), x=60, y=60, w=470)
    return bytes(pdf.output())


def zero_pages() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_pages(pages: int = 300) -> bytes:
    """A long document: one short, distinct paragraph per page and a page-number footer."""
    words = [
        "Präventionsrat",
        "Bürgerbefragung",
        "Stadtteil",
        "Jugendarbeit",
        "Streetwork",
        "Ordnungsamt",
        "Polizeirevier",
        "Schulhof",
        "Haltestelle",
        "Sportverein",
        "Seniorenbeirat",
    ]
    paragraphs = []
    for n in range(pages):
        a, b = words[n % len(words)], words[(n * 7 + 3) % len(words)]
        paragraphs.append(f"Abschnitt {n + 1}: Thema {a} und {b}, Stufe {n % 13 + 2}.")
    pdf = _pdf()
    pdf.set_margins(72, 72, 72)
    pdf.footer = lambda: _footer(pdf)  # type: ignore[method-assign]
    pdf.set_font("Vera", "", 11)
    for para in paragraphs:
        pdf.add_page()
        pdf.multi_cell(0, 15, para, align="L")
    return bytes(pdf.output())


def html_named_pdf() -> bytes:
    """What a browser saves when a PDF link led to an error page."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        b"<body><h1>Seite nicht gefunden</h1></body></html>\n"
    )

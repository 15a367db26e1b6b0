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


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (object n is objects[n-1]), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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


def zero_pages() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


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


# ---------------------------------------------------------------- releases in layouts the reader was not built on

# A release written for these tests: letterhead values, a title and body paragraphs long enough to run onto a
# second page in most layouts, so that a page break cuts a sentence.
CONTACT = {
    "name": "Jana Winkler",
    "phone": "+49 351 564-30421",
    "fax": "+49 351 564-30429",
    "email": "presse@lds.sachsen.de",
    "date": "14.05.2024",
}
ISSUER = "Landesdirektion Sachsen"
TITLE = "Neue Beratungsstellen für Kommunen im ländlichen Raum"
BODY = [
    "Die Landesdirektion Sachsen eröffnet in diesem Sommer drei neue Beratungsstellen für Städte und Gemeinden "
    "im ländlichen Raum. Die Stellen sollen Kommunen bei Förderanträgen, Vergaben und der Planung von "
    "Bauvorhaben unterstützen.",
    "Nach einer Umfrage unter 212 Bürgermeisterinnen und Bürgermeistern fehlt vor allem kleineren Verwaltungen "
    "das Personal für aufwendige Antragsverfahren. Mehr als die Hälfte der befragten Gemeinden hat im "
    "vergangenen Jahr auf mindestens einen Antrag verzichtet.",
    "Die erste Beratungsstelle nimmt am 3. Juni in Döbeln ihre Arbeit auf, die beiden weiteren folgen im "
    "August in Annaberg-Buchholz und im September in Kamenz. Jede Stelle wird mit vier Fachkräften besetzt.",
    "Für den Aufbau stellt der Freistaat in diesem und im kommenden Jahr insgesamt 2,4 Millionen Euro bereit. "
    "Die laufenden Kosten tragen Land und Landkreise je zur Hälfte.",
    "Präsidentin Regina Kraushaar sagte bei der Vorstellung des Vorhabens, gute Beratung spare am Ende Zeit "
    "und Geld. Viele Gemeinden könnten Fördermittel bisher nicht abrufen, weil ihnen die Zeit für die Anträge "
    "fehle.",
    "Die Beratung ist für die Kommunen kostenfrei. Anfragen können Verwaltungen schriftlich oder telefonisch "
    "stellen; ein erstes Gespräch soll innerhalb von zwei Wochen stattfinden.",
    "In einer zweiten Stufe sollen ab dem kommenden Jahr auch Zweckverbände und kommunale Unternehmen die "
    "Beratung nutzen können. Dafür werden weitere sechs Stellen geschaffen.",
    "Der Sächsische Städte- und Gemeindetag begrüßte das Angebot. Geschäftsführer Mischa Woitscheck nannte es "
    "einen wichtigen Schritt, um die Verwaltungen in der Fläche zu entlasten.",
    "Die Landesdirektion wird die Arbeit der Beratungsstellen nach zwei Jahren auswerten. Über die Ergebnisse "
    "soll der Landtag im Frühjahr 2026 unterrichtet werden.",
    "Bereits im vergangenen Herbst hatte die Landesdirektion in zwei Landkreisen ein Pilotprojekt gestartet. "
    "Dort wurden in sechs Monaten mehr als 90 Anträge begleitet, von denen 71 bewilligt wurden.",
    "Die Erfahrungen aus dem Pilotprojekt fließen in die Arbeit der neuen Stellen ein. So sollen Musteranträge "
    "und Checklisten entstehen, die allen Gemeinden im Freistaat zur Verfügung stehen.",
    "Auch die Zusammenarbeit mit den Förderbanken soll enger werden. Geplant sind gemeinsame Sprechtage, an "
    "denen Bürgermeister ihre Vorhaben mit Fachleuten beider Seiten besprechen können.",
    "Kritik kam von der Opposition im Landtag. Drei neue Stellen reichten bei mehr als 400 Gemeinden nicht "
    "aus, erklärte ein Sprecher; nötig seien Beratungsstellen in jedem Landkreis.",
    "Die Landesdirektion verwies darauf, dass die Beratung auch per Videokonferenz angeboten werde. Damit "
    "seien die Stellen für alle Gemeinden ohne lange Anfahrt erreichbar.",
    "Weitere Informationen zu den Beratungsstellen und den Ansprechpartnern vor Ort veröffentlicht die "
    "Landesdirektion in den kommenden Wochen auf ihren Internetseiten.",
]
BULLETS = [
    "• Beratung zu Förderprogrammen des Landes und des Bundes",
    "• Unterstützung bei Vergabeverfahren und bei der Prüfung von Angeboten, auch für kleinere Bauvorhaben "
    "der Gemeinden und ihrer Eigenbetriebe",
    "• Schulungen für Mitarbeiterinnen und Mitarbeiter der Verwaltungen",
]
QUOTE = (
    "»Wir wollen, dass auch die kleinste Gemeinde ihre Chancen nutzen kann. Dafür braucht es Menschen, die "
    "Antragsverfahren kennen und vor Ort erreichbar sind.«"
)
TABLE_ROWS = [
    ["Standort", "Landkreis", "Fachkräfte", "Start"],
    ["Döbeln", "Mittelsachsen", "4", "Juni"],
    ["Annaberg-Buchholz", "Erzgebirgskreis", "4", "August"],
    ["Kamenz", "Bautzen", "4", "September"],
]
FOOTNOTE = "¹ Umfrage der Landesdirektion unter allen Gemeinden mit weniger als 10.000 Einwohnern, März 2024."
RUNNING_HEADER = "Landesdirektion Sachsen · Medieninformation"


def _logo() -> io.BytesIO:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(0, 90, 60))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    return buf


class _Release(FPDF):
    """FPDF with an optional running header line and a 'Seite n von m' footer."""

    running_header: str | None = None
    page_footer: bool = True
    full_width_from_page_2: tuple[float, float] | None = None

    def header(self) -> None:
        if self.page_no() > 1 and self.full_width_from_page_2:
            self.set_left_margin(self.full_width_from_page_2[0])
            self.set_right_margin(self.full_width_from_page_2[1])
        if self.running_header:
            family, style, size = self.font_family, self.font_style, self.font_size_pt
            self.set_font("Vera", "", 8)
            self.set_xy(self.l_margin, 28)
            self.cell(self.epw, 10, self.running_header, align="L")
            self.set_font(family, style, size)
            self.set_y(self.t_margin)

    def footer(self) -> None:
        if self.page_footer:
            family, style, size = self.font_family, self.font_style, self.font_size_pt
            self.set_font("Vera", "", 8)
            self.set_y(-36)
            self.cell(0, 10, f"Seite {self.page_no()} von {{nb}}", align="C")
            self.set_font(family, style, size)


def release_pdf(
    *,
    sidebar: str | None = "right",
    full_width_page_2: bool = False,
    margin: float = 60.0,
    size: float = 10.0,
    font: str = "Vera",
    align: str = "L",
    logo: bool = False,
    running_header: bool = False,
    wide_title: bool = False,
    columns: int = 1,
    extras: tuple[str, ...] = (),
    landscape: bool = False,
    one_line: bool = False,
    grey_sidebar: bool = False,
    body: list[str] | None = None,
) -> bytes:
    """A release with a title and ``BODY`` in one of many layouts; the letterhead goes in the sidebar if any."""
    pdf = _Release(unit="pt", format="A4", orientation="L" if landscape else "P")
    pdf.set_creation_date(FIXED_DATE)
    for style, name in (("", "Vera.ttf"), ("B", "VeraBd.ttf"), ("I", "VeraIt.ttf")):
        pdf.add_font("Vera", style, str(FONTS / name))
    pdf.running_header = RUNNING_HEADER if running_header else None
    width = pdf.w
    side_w = 130.0
    gutter = 30.0
    top = 110.0 if (logo or running_header) else 60.0
    main_l, main_r = margin, margin
    if sidebar == "right":
        main_r = margin + side_w + gutter
    elif sidebar == "left":
        main_l = margin + side_w + gutter
    if full_width_page_2:
        pdf.full_width_from_page_2 = (margin, margin)
    pdf.set_margins(main_l, top if not running_header else 70.0, main_r)
    bottom = 110.0 if "footnote" in extras else 70.0  # the body ends above the footnote area
    pdf.set_auto_page_break(True, margin=bottom)
    pdf.add_page()
    y = 50.0

    def wide(y: float) -> float:
        # The title over the whole width, above the sidebar and the main column.
        pdf.set_font("Vera", "B", size * 2)
        pdf.set_xy(margin, y)
        pdf.multi_cell(width - 2 * margin, size * 2.4, TITLE, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 20)
        return pdf.get_y()

    if wide_title and (sidebar or logo):
        y = wide(y)
    if logo:
        pdf.image(_logo(), x=margin, y=36, w=40)
        pdf.set_font("Vera", "B", 12)
        pdf.set_xy(margin + 50, 40)
        pdf.cell(0, 14, ISSUER)
        pdf.set_font("Vera", "", 9)
        pdf.set_xy(margin + 50, 56)
        pdf.cell(0, 11, "Medieninformation")
        y = 120.0
    if sidebar:
        side_x = width - margin - side_w if sidebar == "right" else margin
        side_size = 7.0 if grey_sidebar else 8.0
        if grey_sidebar:
            pdf.set_text_color(120, 120, 120)
        pdf.set_auto_page_break(False)
        lines = ([] if logo else ["Medieninformation", "", ISSUER, ""]) + [
            "Ihre Ansprechpartnerin",
            CONTACT["name"],
            "",
            "Durchwahl",
            f"Telefon {CONTACT['phone']}",
            f"Telefax {CONTACT['fax']}",
            "",
            CONTACT["email"],
            "",
            CONTACT["date"],
        ]
        sy = y
        for line in lines:
            pdf.set_font("Vera", "", side_size)
            pdf.set_xy(side_x, sy)
            pdf.cell(side_w, side_size * 1.3, line)
            sy += side_size * 1.3
        sy = pdf.h * 0.62
        for line in ["Hausanschrift:", ISSUER, "Altchemnitzer Straße 41", "09120 Chemnitz", "", "www.lds.sachsen.de"]:
            pdf.set_xy(side_x, sy)
            pdf.cell(side_w, side_size * 1.3, line)
            sy += side_size * 1.3
        pdf.set_text_color(0, 0, 0)
        pdf.set_auto_page_break(True, margin=bottom)
        pdf.set_y(y)
    elif not logo:
        # No sidebar: the letterhead stands above the title, as a block of its own.
        pdf.set_font("Vera", "", 8)
        pdf.set_xy(margin, 40)
        for line in [
            "Medieninformation",
            ISSUER,
            f"Ansprechpartnerin: {CONTACT['name']}",
            f"Telefon {CONTACT['phone']}",
            f"E-Mail {CONTACT['email']}",
            CONTACT["date"],
        ]:
            pdf.set_x(margin)
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 40)
        if wide_title:
            wide(pdf.get_y())

    body_font = font if font in ("Vera",) else font.capitalize()
    if not wide_title:
        pdf.set_y(max(pdf.get_y(), top + 60))
        pdf.set_font(body_font, "B", size + 3)
        pdf.multi_cell(0, (size + 3) * 1.3, TITLE, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size)
    paragraphs = body if body is not None else BODY
    pdf.set_font(body_font, "", size)
    leading = size * 1.35
    if columns > 1:
        with pdf.text_columns(ncols=columns, gutter=24, text_align=align, line_height=1.3) as cols:
            for para in paragraphs:
                cols.write(para + "\n")
                cols.ln()
        return bytes(pdf.output())
    for n, para in enumerate(paragraphs):
        if one_line:
            pdf.cell(0, leading, para, new_x="LMARGIN", new_y="NEXT")
            continue
        text = para + ("¹" if "footnote" in extras and n == 1 else "")
        if full_width_page_2 and pdf.page_no() == 1:
            # fpdf2 wraps a whole paragraph at the width it starts with; a typesetter would rewrap the part on
            # page 2 to the full width, so a paragraph that does not fit starts page 2 instead.
            height = pdf.multi_cell(0, leading, text, align=align, dry_run=True, output="HEIGHT")
            if pdf.get_y() + height > pdf.h - bottom:
                pdf.add_page()
        pdf.multi_cell(0, leading, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.6)
        if n == 2 and "bullets" in extras:
            pdf.multi_cell(0, leading, "Die Beratungsstellen bieten unter anderem:", new_x="LMARGIN", new_y="NEXT")
            for item in BULLETS:
                bullet, text = item.split(" ", 1)
                pdf.set_x(pdf.l_margin)
                pdf.cell(size, leading, bullet)
                pdf.multi_cell(0, leading, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(size * 0.6)
        if n == 4 and "quote" in extras:
            pdf.set_left_margin(pdf.l_margin + 3 * size)
            pdf.set_right_margin(pdf.r_margin + 3 * size)
            pdf.set_font(body_font, "I", size)
            pdf.multi_cell(0, leading, QUOTE, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(body_font, "", size)
            pdf.set_left_margin(pdf.l_margin - 3 * size)
            pdf.set_right_margin(pdf.r_margin - 3 * size)
            pdf.ln(size * 0.6)
        if n == 3 and "table" in extras:
            widths = [0.34, 0.3, 0.18, 0.18]
            for r, row in enumerate(TABLE_ROWS):
                pdf.set_font(body_font, "B" if r == 0 else "", size - 1)
                pdf.set_x(pdf.l_margin)
                for c, cell in enumerate(row):
                    pdf.cell(pdf.epw * widths[c], leading, cell, align="L" if c < 2 else "R")
                pdf.ln(leading)
            pdf.set_font(body_font, "", size)
            pdf.ln(size * 0.6)
        if n == 1 and "footnote" in extras:
            y_now = pdf.get_y()
            pdf.set_font(body_font, "", size * 0.75)
            pdf.set_auto_page_break(False)
            pdf.set_xy(pdf.l_margin, pdf.h - 70.0 - 30)
            pdf.line(pdf.l_margin, pdf.h - 70.0 - 34, pdf.l_margin + 120, pdf.h - 70.0 - 34)
            pdf.multi_cell(0, size * 0.95, FOOTNOTE, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(body_font, "", size)
            pdf.set_auto_page_break(True, margin=bottom)
            pdf.set_y(y_now)
    return bytes(pdf.output())


def expected_lines(extras: tuple[str, ...] = (), *, body: list[str] | None = None) -> list[str]:
    """The lines the clean text of ``release_pdf`` should have: title, paragraphs, list items, rows."""
    out = [TITLE]
    for n, para in enumerate(body if body is not None else BODY):
        out.append(para + ("¹" if "footnote" in extras and n == 1 else ""))
        if n == 2 and "bullets" in extras:
            out += ["Die Beratungsstellen bieten unter anderem:", *BULLETS]
        if n == 4 and "quote" in extras:
            out.append(QUOTE)
        if n == 3 and "table" in extras:
            out += [" ".join(row) for row in TABLE_ROWS]
    if "footnote" in extras:
        out.append(FOOTNOTE)
    return out


def rotated(data: bytes, page: int, degrees: int) -> bytes:
    """``data`` with one page (1-based) turned by the PDF's /Rotate, as scanners and viewers save it."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter()
    for n, p in enumerate(reader.pages, 1):
        if n == page:
            p.rotate(degrees)
        writer.add_page(p)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()

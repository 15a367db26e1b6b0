"""Render releases as PDFs in the Saxon ministries' "Medieninformation" layout.

The ministry's PDFs are A4 with the release in a main column on the left and a
letterhead sidebar on the right of page 1: "Medieninformation" and the
ministry's name at the top, then the press contact, phone, fax, e-mail and the
date, and lower down the ministry's address, web site, directions and the
e-signature note. The body flows onto page 2; every page has a page number.
Plain text extraction of such a PDF interleaves the sidebar with the body,
which is how the seed texts came out; this script parses a seed text back into
its parts and lays them out again, so the PDF reader can be tested against the
text version of the same release.

It also renders two releases written by the project (a one-page release and one
with a table of figures) to exercise the reader. They are samples, and say so:
their issuer is an invented ministry (never a real authority), their programme
and council are invented, they quote no office holder, each carries a notice
that it is invented, and their ``.meta.json`` says ``"sample": true``, which
``pressdb build`` stores as ``documents.sample``.

Usage (fpdf2 and reportlab's bundled Vera fonts are development dependencies):

    python corpus/make_pdfs.py                        # every corpus/*.txt with a letterhead + the written ones
    python corpus/make_pdfs.py SEED.txt:smi-2021-02-17-grossenhain

The output is deterministic (fixed creation date), so a re-run gives the same
bytes and the same document ids.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reportlab
from fpdf import FPDF

CORPUS = Path(__file__).resolve().parent
FONTS = Path(reportlab.__file__).resolve().parent / "fonts"

# Geometry in points (A4 = 595.28 x 841.89).
MAIN_X = 70.0
MAIN_W = 330.0
SIDE_X = 420.0
SIDE_W = 150.0
TOP = 50.0
TITLE_Y = 185.0
BOTTOM_MARGIN = 70.0
PAGE_TOP = 60.0
LOWER_SIDEBAR_Y = 540.0

BODY_SIZE = 10.0
BODY_LEADING = 13.0
PARAGRAPH_SPACE = 7.0
SIDE_SIZE = 7.5
SIDE_LEADING = 9.5

DATE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
SIDEBAR_START_RE = re.compile(r"^(Hausanschrift|www\.|Zu erreichen|\*)")
TERMINAL = '.!?:«»"“”)'


@dataclass
class Release:
    """A release split into the parts the layout places."""

    kind: str
    issuer: str
    contact: list[list[str]]  # blocks of sidebar lines: contact, phone, e-mail, date
    title: str
    body: list[str | list[list[str]]]  # paragraphs, or a table as rows of cells
    lower_sidebar: list[list[str]] = field(default_factory=list)  # address, web, directions, note
    date: str = ""


# ---------------------------------------------------------------- parsing a seed text


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n[ \t]*\n", text) if b.strip()]


def parse_seed(text: str) -> Release:
    """Split a seed release (letterhead, title, body with the sidebar cut into it) into its parts."""
    blocks = _blocks(text)
    kind, issuer = blocks[0], blocks[1]
    i = 2
    contact: list[list[str]] = []
    while i < len(blocks):
        contact.append(blocks[i].splitlines())
        i += 1
        if DATE_RE.match(contact[-1][-1].strip()):
            break
    date = contact[-1][-1].strip()
    title = blocks[i]
    body: list[str | list[list[str]]] = []
    lower: list[list[str]] = []
    cut_before: str | None = None
    for block in blocks[i + 1 :]:
        if SIDEBAR_START_RE.match(block):
            lower.append([ln.replace("**", "").strip() for ln in block.splitlines()])
            if cut_before is None and body and isinstance(body[-1], str) and body[-1][-1] not in TERMINAL:
                cut_before = str(body.pop())  # the sidebar cut this paragraph mid-sentence
            continue
        if cut_before is not None:
            block, cut_before = f"{cut_before} {block}", None
        body.append(" ".join(block.split()))
    return Release(kind=kind, issuer=issuer, contact=contact, title=title, body=body, lower_sidebar=lower, date=date)


# ---------------------------------------------------------------- releases written by the project (samples)

SAMPLE_ISSUER = "Erfundenes Ministerium für Beispielfragen"  # no real authority: the name says it is invented
SAMPLE_NOTICE = (
    "Hinweis: Diese Meldung hat das pressdb-Projekt als Beispiel geschrieben, um das Lesen von PDF-Dateien zu "
    "testen. Ministerium, Programm, Gremien, Personen und Zahlen sind erfunden."
)
SAMPLE_LOWER = [
    ["Hausanschrift:", "Erfundenes Ministerium", "für Beispielfragen", "Musterstraße 1", "01099 Dresden"],
    ["www.beispielministerium.invalid"],
    ["Zu erreichen mit den Straßenbahnlinien 1 und 2. Haltestelle Musterplatz."],
    [
        "* Kein Zugang für verschlüsselte elektronische Dokumente. Dieses Dokument ist ein Beispiel des "
        "pressdb-Projekts und keine Veröffentlichung einer Behörde."
    ],
]

# Soft hyphens (\u00ad) let the renderer hyphenate these words at line ends, as typeset releases do.
ONEPAGE = Release(
    kind="Medieninformation",
    issuer=SAMPLE_ISSUER,
    contact=[
        ["Ihre Ansprechpartnerin", "Katrin Lindner"],
        ["Durchwahl", "Telefon +49 351 000 00410", "Telefax +49 351 000 00419"],
        ["presse@beispielministerium.invalid*"],
        ["12.03.2024"],
    ],
    title="Radebeul gründet einen Kommunalen Präventionsrat",
    body=[
        "Mit einer konstituierenden Sitzung im Rathaus hat die Große Kreisstadt Radebeul am Montag ihren "
        "Kommunalen Präventionsrat gegründet. Dem Gremium gehören zwölf Mitglieder an, darunter Vertreter der "
        "Stadt\u00adverwaltung, des Polizeireviers Radebeul, der Schulen und der Vereine.",
        "Der Präventionsrat will in den kommenden Monaten eine Befragung zum Sicherheits\u00adempfinden "
        "vorbereiten und zwei Arbeitsgruppen einrichten: eine zu Vandalismus an Haltestellen und eine zur "
        "Sucht\u00adprävention an Schulen. Das Erfundene Ministerium für Beispielfragen fördert die "
        "Geschäftsstelle im Jahr 2024 mit 18.500 Euro.",
        "Radebeul ist nach Coswig und Meißen die dritte Kommune im Landkreis Meißen mit einem eigenen "
        "Präventions\u00adgremium. Im Beispielnetz arbeiten derzeit 34 Kommunale Präventionsräte.",
        SAMPLE_NOTICE,
    ],
    lower_sidebar=SAMPLE_LOWER,
    date="12.03.2024",
)

TABLE = Release(
    kind="Medieninformation",
    issuer=SAMPLE_ISSUER,
    contact=[
        ["Ihr Ansprechpartner", "Thomas Berger"],
        ["Durchwahl", "Telefon +49 351 000 00420", "Telefax +49 351 000 00429"],
        ["presse@beispielministerium.invalid*"],
        ["06.05.2024"],
    ],
    title="Kommunale Kriminalprävention: Bilanz des Jahres 2023",
    body=[
        "Das Beispielnetz Sichere Kommune hat im Jahr 2023 so viele Städte und Gemeinden beraten wie nie "
        "zuvor. Nach der heute vorgelegten Jahres\u00adbilanz des Musterpräventionsrates wurden 2023 insgesamt "
        "58 Kommunen neu beraten, 17 Kooperations\u00advereinbarungen unterzeichnet und 21 Sicherheitsanalysen "
        "abgeschlossen.",
        "Die folgende Übersicht zeigt die Zahlen nach Regionen:",
        [
            ["Region", "Beratungen", "Vereinbarungen", "Analysen"],
            ["Stadt Leipzig", "4", "1", "2"],
            ["Stadt Dresden", "3", "1", "1"],
            ["Stadt Chemnitz", "2", "1", "1"],
            ["Landkreis Bautzen", "9", "3", "4"],
            ["Landkreis Görlitz", "8", "2", "3"],
            ["Erzgebirgskreis", "11", "3", "4"],
            ["Landkreis Zwickau", "7", "2", "2"],
            ["Vogtlandkreis", "6", "2", "2"],
            ["Landkreis Mittelsachsen", "8", "2", "2"],
            ["Sachsen gesamt", "58", "17", "21"],
        ],
        "Besonders gefragt waren Sicherheitsanalysen in kleineren Städten. So haben Zschopau, Oelsnitz/Erzgeb. "
        "und Reichenbach im Vogtland erstmals eine Bürgerbefragung durchgeführt; in Zschopau beteiligten sich "
        "1.240 Einwohnerinnen und Einwohner.",
        "Für das Jahr 2024 stellt das Erfundene Ministerium für die kommunale Prävention erneut 1,2 Millionen Euro "
        "bereit. Anträge können Städte und Gemeinden bis zum 30. September 2024 beim Musterpräventionsrat stellen. "
        "Gefördert werden unter anderem Koordinierungs\u00adstellen, Beteiligungs\u00adprojekte mit Jugendlichen und "
        "Maßnahmen gegen Sachbeschädigung.",
        "Hintergrund",
        "Seit dem Start im Jahr 2019 haben sich dem Beispielnetz Sichere Kommune mehr als 60 Städte und "
        "Gemeinden durch eine Kooperations\u00advereinbarung angeschlossen, von Bad Elster im Vogtland bis "
        "Weißwasser in der Oberlausitz. Die Beratung durch den Musterpräventionsrat ist für die Kommunen "
        "kostenfrei.",
        SAMPLE_NOTICE,
    ],
    lower_sidebar=SAMPLE_LOWER,
    date="06.05.2024",
)

WRITTEN = {"pressdb-2024-03-12-onepage": ONEPAGE, "pressdb-2024-05-06-table": TABLE}

# Hyphenation points of long compounds in the written releases, so that the reader meets "Präventions-" +
# "rat" at line ends as in typeset releases.
HYPHENATION = [
    "Präventions|rat",
    "Präventions|räte",
    "Kooperations|vereinbarung",
    "Sicherheits|analysen",
    "Bürger|befragung",
    "Einwohner|innen",
    "Musterpräventions|rates",
    "Geschäfts|stelle",
    "Arbeits|gruppen",
    "Kriminal|prävention",
    "Sach|beschädigung",
    "Oberbürger|meister",
    "Staats|ministerium",
    "Haltestel|len",
    "konstituieren|den",
    "Beteiligungs|projekte",
    "Koordinierungs|stellen",
]


def _hyphenate(text: str) -> str:
    for word in HYPHENATION:
        text = text.replace(word.replace("|", ""), word.replace("|", "\u00ad"))
    return text


# ---------------------------------------------------------------- rendering


class MinistryPdf(FPDF):
    """FPDF with the ministry's page-number footer."""

    def footer(self) -> None:
        self.set_y(-45)
        self.set_x(MAIN_X)
        self.set_font("Vera", "", 8)
        self.cell(MAIN_W, 10, f"Seite {self.page_no()} von {{nb}}", align="C")


def _issuer_lines(issuer: str) -> list[str]:
    # The ministry sets its name in two lines: "Sächsisches Staatsministerium" / "des Innern".
    m = re.match(r"^(.*?)\s+((?:des|der|für)\s.*)$", issuer)
    return [m.group(1), m.group(2)] if m else [issuer]


def _side_lines(pdf: FPDF, blocks: list[list[str]], y: float) -> float:
    for n, block in enumerate(blocks):
        for k, line in enumerate(block):
            bold = (n == 0 and k == 1) or (block[0].startswith("Hausanschrift") and k in (1, 2))
            pdf.set_font("Vera", "B" if bold else "", SIDE_SIZE)
            pdf.set_xy(SIDE_X, y)
            pdf.multi_cell(SIDE_W, SIDE_LEADING, line, align="L")
            y = pdf.get_y()
        y += SIDE_LEADING
    return y


def render(release: Release, *, hyphenate: Callable[[str], str] = str) -> bytes:
    """The release as a PDF in the ministry's layout (``hyphenate`` marks where words may break)."""
    pdf = MinistryPdf(unit="pt", format="A4")
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.add_font("Vera", "", str(FONTS / "Vera.ttf"))
    pdf.add_font("Vera", "B", str(FONTS / "VeraBd.ttf"))
    pdf.set_margins(MAIN_X, PAGE_TOP, 595.28 - MAIN_X - MAIN_W)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
    pdf.add_page()

    # Header: the kind of document on the left, the ministry's name on the right.
    pdf.set_font("Vera", "B", 18)
    pdf.set_xy(MAIN_X, TOP)
    pdf.cell(MAIN_W, 22, release.kind)
    pdf.set_font("Vera", "B", 9)
    y = TOP
    for line in _issuer_lines(release.issuer):
        pdf.set_xy(SIDE_X, y)
        pdf.cell(SIDE_W, 11, line)
        y += 11
    # Sidebar: contact, phone, e-mail, date; lower down the address block. It never flows onto page 2.
    pdf.set_auto_page_break(False)
    _side_lines(pdf, release.contact, TOP + 95)
    _side_lines(pdf, release.lower_sidebar, LOWER_SIDEBAR_Y)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)

    pdf.set_xy(MAIN_X, TITLE_Y)
    pdf.set_font("Vera", "B", 13)
    pdf.multi_cell(MAIN_W, 16, release.title, align="L")
    pdf.ln(PARAGRAPH_SPACE)
    for para in release.body:
        if isinstance(para, list):
            _table(pdf, para)
        else:
            heading = len(para) < 60 and para[-1] not in ".!?«»"
            pdf.set_font("Vera", "B" if heading else "", BODY_SIZE)
            pdf.multi_cell(MAIN_W, BODY_LEADING, hyphenate(para), align="L", markdown=True)
        pdf.ln(PARAGRAPH_SPACE)
    return bytes(pdf.output())


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    widths = [125.0, 60.0, 85.0, 60.0]
    for r, row in enumerate(rows):
        pdf.set_font("Vera", "B" if r in (0, len(rows) - 1) else "", 9.0)
        pdf.set_x(MAIN_X)
        for c, cell in enumerate(row):
            pdf.cell(widths[c], BODY_LEADING, cell, align="L" if c == 0 else "R")
        pdf.ln(BODY_LEADING)


def _meta(release: Release, written: bool, text_source: str | None) -> dict[str, Any]:
    day, month, year = release.date.split(".")
    meta: dict[str, Any] = {
        "issuer": release.issuer,
        "kind": release.kind,
        "date": f"{year}-{month}-{day}",
        "title": release.title,
        "made_by": "corpus/make_pdfs.py",
    }
    if written:
        meta["sample"] = True  # pressdb build stores it as documents.sample: shown as "Beispiel (erfunden)"
        meta["source"] = (
            "written by the pressdb project to exercise the PDF reader; issuer, programme, council, people and "
            "figures are invented"
        )
        meta["licence"] = "written by the pressdb project; same licence as the project's code"
    else:
        meta["source"] = f"{text_source} laid out in the ministry's PDF layout"
        meta["licence"] = (
            "Official press release of the Free State of Saxony, published for free reporting; reproduced verbatim "
            "with the issuer named. Not covered by the project's code licence."
        )
    return meta


def write(name: str, release: Release, out: Path, *, written: bool, text_source: str | None = None) -> Path:
    """Write ``<name>.pdf`` and, unless the text version already has one, ``<name>.meta.json`` into ``out``."""
    path = out / f"{name}.pdf"
    path.write_bytes(render(release, hyphenate=_hyphenate if written else str))
    meta_path = out / f"{name}.meta.json"
    if written or not meta_path.exists():  # a seed's metadata describes the release, whatever its format
        meta = _meta(release, written, text_source)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="*", help="TEXT or TEXT:NAME (default: corpus/*.txt with a letterhead)")
    parser.add_argument("--out", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    seeds: list[tuple[Path, str]] = []
    for spec in args.seeds:
        path, _, name = spec.partition(":")
        seeds.append((Path(path), name or Path(path).stem))
    if not args.seeds:
        seeds = [
            (p, p.stem)
            for p in sorted(CORPUS.glob("*.txt"))
            if p.read_text(encoding="utf-8").lstrip().startswith("Medieninformation")
        ]
    for path, name in seeds:
        release = parse_seed(path.read_text(encoding="utf-8"))
        shown = f"corpus/{name}.txt"
        print(write(name, release, args.out, written=False, text_source=shown))
    for name, release in WRITTEN.items():
        print(write(name, release, args.out, written=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

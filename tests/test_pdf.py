"""The PDF reader: columns and sidebar by position, headers and footers, line joining, provenance, bad PDFs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdf_factory as factory
import pytest

from extract.clean import clean
from extract.errors import (
    BinaryDocument,
    EmptyDocument,
    EncryptedPdf,
    NoTextLayer,
    UnreadableDocument,
)
from extract.read import RawDocument, read_path
from extract.read.pdf import read_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED_NAMES = ["smi-2021-02-17-grossenhain", "smi-2023-04-25-meerane"]
CORPUS_PDFS = sorted(CORPUS.glob("*.pdf"))
LETTERHEAD_FIELDS = ("kind", "issuer", "contact_name", "contact_phone", "contact_fax", "contact_email", "date_text")


def _read(path: Path) -> RawDocument:
    return read_pdf(path.read_bytes(), str(path))


def _body(raw: RawDocument) -> str:
    return "\n\n".join(raw.text[r.start : r.end] for r in raw.regions if r.kind == "body")


# ---------------------------------------------------------------- the seed releases: PDF == text


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pdf_gives_the_letterhead_of_the_text_version(name: str) -> None:
    text = clean(read_path(CORPUS / f"{name}.txt")).letterhead
    pdf = clean(_read(CORPUS / f"{name}.pdf")).letterhead
    for attr in LETTERHEAD_FIELDS:
        assert getattr(pdf, attr) == getattr(text, attr), attr
    assert pdf.contact_name == "Martin Strunden"
    assert pdf.issuer == "Sächsisches Staatsministerium des Innern"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pdf_gives_the_clean_body_of_the_text_version(name: str) -> None:
    text = clean(read_path(CORPUS / f"{name}.txt")).text
    pdf = clean(_read(CORPUS / f"{name}.pdf")).text
    assert pdf.split() == text.split()
    assert "Hausanschrift" not in pdf and "Seite 1 von" not in pdf


@pytest.mark.parametrize("name", SEED_NAMES)
def test_sidebar_comes_first_and_stays_out_of_the_body(name: str) -> None:
    raw = _read(CORPUS / f"{name}.pdf")
    first = raw.regions[0]
    assert (first.kind, first.start, first.page) == ("sidebar", 0, 1)
    lines = [ln for ln in raw.text[first.start : first.end].split("\n") if ln]
    assert lines[:4] == ["Medieninformation", "Sächsisches Staatsministerium", "des Innern", "Ihr Ansprechpartner"]
    assert "Hausanschrift:" in lines
    body = _body(raw)
    for sidebar_line in ("Ihr Ansprechpartner", "Hausanschrift", "Telefax", "Carolaplatz", "Voraussetzungen"):
        assert sidebar_line not in body
    assert {r.kind for r in raw.regions} == {"sidebar", "body", "footer"}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_word_on_page_two_maps_to_its_page_and_box(name: str) -> None:
    raw = _read(CORPUS / f"{name}.pdf")
    cleaned = clean(raw)
    start = cleaned.text.index("Hintergrundinformationen")
    raw_start, raw_end = cleaned.offsets.raw_span(start, start + len("Hintergrundinformationen"))
    assert raw.text[raw_start:raw_end] == "Hintergrundinformationen"
    box = raw.layout.locate(raw_start, raw_end)  # type: ignore[union-attr]
    assert box is not None and box.page == 2
    assert 50 < box.x0 < box.x1 < 400  # in the main column, left of the sidebar
    assert 0 < box.top < box.bottom < 842 and 6 < box.bottom - box.top < 20


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.stem)
def test_every_character_has_a_page_and_a_box_on_it(path: Path) -> None:
    raw = _read(path)
    layout = raw.layout
    assert layout is not None and len(layout) == len(raw.text)
    for i, ch in enumerate(raw.text):
        page = layout.pages[i]
        if ch in " \n":
            assert page == 0  # inserted by the reader
            continue
        assert 1 <= page <= (raw.pages or 0)
        x0, top, x1, bottom = layout.boxes[4 * i : 4 * i + 4]
        assert 0 <= x0 <= x1 <= 596 and 0 <= top < bottom <= 842


# ---------------------------------------------------------------- the releases written for the reader


def test_one_page_release_drops_its_page_number_and_undoes_hyphenation() -> None:
    raw = _read(CORPUS / "pressdb-2024-03-12-onepage.pdf")
    cleaned = clean(raw)
    assert raw.pages == 1
    assert [raw.text[r.start : r.end] for r in raw.regions if r.kind == "footer"] == ["Seite 1 von 1"]
    assert cleaned.letterhead.date_text == "12.03.2024" and cleaned.letterhead.contact_name == "Katrin Lindner"
    assert cleaned.text.startswith("Radebeul gründet einen Kommunalen Präventionsrat\n\n")
    assert "Das Erfundene Ministerium für Beispielfragen fördert" in cleaned.text
    assert not re.search(r"\w-\s", cleaned.text)


def test_table_rows_stay_on_their_own_lines() -> None:
    cleaned = clean(_read(CORPUS / "pressdb-2024-05-06-table.pdf"))
    lines = cleaned.text.split("\n")
    for row in ("Region Beratungen Vereinbarungen Analysen", "Landkreis Bautzen 9 3 4", "Sachsen gesamt 58 17 21"):
        assert row in lines
    assert "21 Sicherheitsanalysen abgeschlossen" in cleaned.text  # hyphenated at a line end in the PDF


def test_a_sentence_cut_by_a_page_break_is_rejoined() -> None:
    raw = _read(CORPUS / "pressdb-2024-05-06-table.pdf")
    assert raw.pages == 2
    assert "in der Oberlausitz. Die Beratung durch den Musterpräventionsrat" in clean(raw).text


# ---------------------------------------------------------------- layouts derived from the page itself


@pytest.mark.parametrize(("margin", "size"), [(50.0, 9.0), (90.0, 11.0), (140.0, 13.0)])
def test_one_column_pdf_is_all_body(margin: float, size: float) -> None:
    raw = read_pdf(factory.one_column_pdf(margin=margin, size=size), "one.pdf")
    assert {r.kind for r in raw.regions} == {"body"}
    paragraphs = raw.text.split("\n\n")
    assert paragraphs[0] == "Freiberg startet Projekt gegen Vandalismus"
    assert [p.split() for p in paragraphs[1:]] == [p.split() for p in factory.PARAGRAPHS]


def test_two_equal_columns_are_both_body_left_first() -> None:
    raw = read_pdf(factory.two_column_pdf(), "two.pdf")
    assert {r.kind for r in raw.regions} == {"body"}
    assert 0 <= raw.text.index("Linke Spalte") < raw.text.index("Rechte Spalte")
    assert "Vandalismus. In drei Stadtteilen" in raw.text  # lines of each column joined in order


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Die Stadt stärkt ihre Präventions-", "arbeit im Jahr 2024."], "Präventionsarbeit im"),
        (["Die Stadt beteiligt sich am ASSKomm-", "Coaching des Landes."], "ASSKomm-Coaching des"),
        (["Das Angebot umfasst Aus-", "und Fortbildung für Fachkräfte."], "Aus- und Fortbildung"),
        (["Geplant sind Um-", "oder Neubauten von Treffpunkten."], "Um- oder Neubauten"),
        (["Die Stadt Leipzig und die Stadt", "Chemnitz arbeiten zusammen."], "Stadt Chemnitz arbeiten"),
        (["Der Rat tagte am Montag.", "Er beschloss drei Projekte."], "Montag. Er beschloss"),
        (["Die Kosten trägt der Frei-", "staat Sachsen."], "Freistaat Sachsen."),
    ],
)
def test_lines_of_a_paragraph_join_with_hyphenation_undone(lines: list[str], expected: str) -> None:
    raw = read_pdf(factory.lines_pdf(lines), "lines.pdf")
    assert "\n" not in raw.text
    assert expected in raw.text


def test_ligature_keeps_one_box_per_character_and_the_cleaner_expands_it() -> None:
    raw = read_pdf(factory.lines_pdf(["Das Pro\ufb01l der Kommune wurde ver\ufb02ochten."]), "lig.pdf")
    assert raw.layout is not None and len(raw.layout) == len(raw.text)
    assert "Profil der Kommune wurde verflochten." in clean(raw).text


# ---------------------------------------------------------------- bad PDFs


@pytest.mark.parametrize(
    ("make", "error", "fragments"),
    [
        (factory.truncated, UnreadableDocument, ["damaged or not a PDF", "download the release again"]),
        (factory.corrupt_objects, UnreadableDocument, ["damaged or not a PDF", "qpdf"]),
        (lambda: factory.encrypted("geheim"), EncryptedPdf, ["encrypted and needs a password", "--decrypt"]),
        (factory.image_only, NoTextLayer, ["no text layer", "OCR"]),
        (factory.zero_pages, UnreadableDocument, ["has no pages"]),
        (factory.html_named_pdf, UnreadableDocument, ["damaged or not a PDF"]),
    ],
    ids=["truncated", "corrupt-objects", "encrypted-password", "image-only", "zero-pages", "html-bytes"],
)
def test_bad_pdf_gives_one_clear_line_naming_the_file(
    tmp_path: Path, make: Callable[[], bytes], error: type[Exception], fragments: list[str]
) -> None:
    path = factory.write(tmp_path, "bad.pdf", make())
    with pytest.raises(error) as info:
        read_pdf(path.read_bytes(), str(path))
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    ("make", "error", "fragment"),
    [(factory.zero_byte, EmptyDocument, "the file is empty"), (factory.html_named_pdf, BinaryDocument, "not a PDF")],
    ids=["zero-byte", "html-named-pdf"],
)
def test_file_named_pdf_that_is_not_one(
    tmp_path: Path, make: Callable[[], bytes], error: type[Exception], fragment: str
) -> None:
    path = factory.write(tmp_path, "release.pdf", make())
    with pytest.raises(error, match=re.escape(fragment)) as info:
        read_path(path)
    assert str(info.value).startswith(f"{path}: ")


def test_corrupt_xref_is_repaired_and_read_like_the_intact_file() -> None:
    assert read_pdf(factory.corrupt_xref(), "x.pdf").text == read_pdf(factory.one_column_pdf(), "x.pdf").text


def test_encrypted_pdf_with_an_empty_password_is_read() -> None:
    raw = read_pdf(factory.encrypted(""), "enc.pdf")
    assert raw.text.split() == factory.PARAGRAPHS[0].split()


@pytest.mark.slow
def test_hundreds_of_pages_are_read_page_by_page() -> None:
    raw = read_pdf(factory.many_pages(300), "long.pdf")
    assert raw.pages == 300 and raw.layout is not None
    cleaned = clean(raw)
    assert "Seite" not in cleaned.text  # 300 page-number footers removed
    numbers = [int(n) for n in re.findall(r"Abschnitt (\d+):", cleaned.text)]
    assert numbers == list(range(1, 301))
    last = cleaned.text.rindex("Abschnitt 300")
    box = raw.layout.locate(*cleaned.offsets.raw_span(last, last + 9))
    assert box is not None and box.page == 300


# ---------------------------------------------------------------- layouts, fonts and margins of other publishers

ONE_LINE_BODY = [p.split(". ")[0].rstrip(".") + "." for p in factory.BODY]
LAYOUTS: dict[str, dict[str, object]] = {
    "sidebar-left": {"sidebar": "left"},
    "sidebar-page-1-only-full-width-page-2": {"full_width_page_2": True},
    "narrow-margins": {"margin": 25.0},
    "wide-margins-no-sidebar": {"margin": 110.0, "sidebar": None},
    "logo-and-letterhead-text": {"logo": True},
    "ministry-header-line-and-seite-n-von-m": {"running_header": True},
    "justified": {"align": "J"},
    "two-columns-under-a-wide-title": {"sidebar": None, "columns": 2, "wide_title": True},
    "bullets-and-block-quote": {"extras": ("bullets", "quote")},
    "table-of-figures": {"extras": ("table",)},
    "footnote-area": {"extras": ("footnote",)},
    "small-8pt": {"size": 8.0},
    "large-14pt": {"size": 14.0},
    "wide-bold-title-over-sidebar": {"wide_title": True},
    "times": {"font": "times"},
    "courier-no-sidebar": {"font": "courier", "sidebar": None},
    "landscape": {"landscape": True},
    "one-line-per-paragraph": {"one_line": True, "sidebar": None, "body": ONE_LINE_BODY},
    "grey-small-sidebar": {"grey_sidebar": True},
}


def _layout_pdf(name: str) -> bytes:
    if name.startswith("rotated-"):
        return factory.rotated(factory.release_pdf(), 2, int(name.removeprefix("rotated-")))
    return factory.release_pdf(**LAYOUTS[name])  # type: ignore[arg-type]


def _expected(name: str) -> list[str]:
    spec = LAYOUTS.get(name, {})
    return factory.expected_lines(spec.get("extras", ()), body=spec.get("body"))  # type: ignore[arg-type]


def _norm(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


ALL_LAYOUTS = [*LAYOUTS, "rotated-90", "rotated-270"]


@pytest.fixture(scope="module", params=ALL_LAYOUTS)
def layout(request: pytest.FixtureRequest) -> tuple[str, RawDocument, object]:
    if request.param.startswith("rotated-"):
        pytest.importorskip("pypdf")
    raw = read_pdf(_layout_pdf(request.param), f"{request.param}.pdf")
    return request.param, raw, clean(raw)


def test_layout_body_is_in_order_without_sidebar_header_or_footer_lines(layout: tuple) -> None:
    name, raw, cleaned = layout
    # Title, paragraphs, list items and table rows, each on a line of its own and nothing else.
    assert _norm(cleaned.text) == [" ".join(line.split()) for line in _expected(name)]
    for furniture in ("Ansprechpartnerin", "Hausanschrift", "Telefax", "Seite ", "www.", "@", factory.RUNNING_HEADER):
        assert furniture not in cleaned.text


def test_layout_letterhead_gives_contact_email_and_date(layout: tuple) -> None:
    _, _, cleaned = layout
    head = cleaned.letterhead
    assert (head.contact_name, head.contact_email, head.date_text) == (
        factory.CONTACT["name"],
        factory.CONTACT["email"],
        factory.CONTACT["date"],
    )
    assert head.contact_phone == factory.CONTACT["phone"]


def test_layout_sentence_cut_by_a_page_break_is_rejoined(layout: tuple) -> None:
    name, raw, cleaned = layout
    if raw.pages < 2 or name in ("one-line-per-paragraph", "sidebar-page-1-only-full-width-page-2"):
        pytest.skip("no paragraph runs across a page break in this layout")
    crossing = []
    for line in _expected(name):
        words = line.split()
        start = cleaned.text.index(words[0] + " " + words[1])
        end = cleaned.text.index(words[-1], start) + len(words[-1])
        first = raw.layout.locate(*cleaned.offsets.raw_span(start, start + 1))
        last = raw.layout.locate(*cleaned.offsets.raw_span(end - 1, end))
        if first.page != last.page:
            crossing.append(line)
    assert crossing  # at least one paragraph starts on one page and ends on the next, in one piece


def test_layout_words_map_back_to_their_page_and_box(layout: tuple) -> None:
    name, raw, cleaned = layout
    width, height = (842, 596) if name == "landscape" else (596, 842)
    last_page = cursor = 0
    for line in _expected(name):
        word = max(line.split(), key=len).strip(".,:;»«¹")
        cursor = cleaned.text.index(line.split()[0], cursor)
        start = cleaned.text.index(word, cursor)
        raw_start, raw_end = cleaned.offsets.raw_span(start, start + len(word))
        assert raw.text[raw_start:raw_end] == word
        box = raw.layout.locate(raw_start, raw_end)
        assert box is not None and 1 <= box.page <= raw.pages
        assert 0 <= box.x0 < box.x1 <= max(width, height) and 0 <= box.top < box.bottom <= max(width, height)
        if line == factory.FOOTNOTE:
            assert box.page == 1  # set after the body, but found where it is printed
            continue
        assert box.page >= last_page  # reading order follows the pages
        last_page = box.page

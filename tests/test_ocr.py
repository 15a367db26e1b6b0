"""Scans: the project's own PDFs rendered to images and read back by Tesseract give the same facts."""

from __future__ import annotations

from pathlib import Path

import pdf_factory
import pytest
import scan_factory

from extract.errors import NoTextLayer, OcrUnavailable
from extract.pipeline import process
from extract.read import ocr, read_bytes, read_path
from extract.read.pdf import read_pdf
from extract.records import Extraction

ROOT = Path(__file__).resolve().parent.parent
needs_tesseract = pytest.mark.skipif(
    ocr.missing() is not None, reason=f"OCR not available here: {ocr.missing()} ({ocr.INSTALL})"
)


def _facts(ex: Extraction) -> dict[str, object]:
    return {
        "date": ex.release.date,
        "title": ex.release.title,
        "communes": sorted({c.ags for c in ex.communes}),
        "people": sorted({p.name for p in ex.people}),
        "money": sorted({m.amount for m in ex.money}),
        "figures": sorted({(f.value, f.measure) for f in ex.figures}),
        "agreements": sorted({(a.commune_ags, a.date) for a in ex.agreements}, key=str),
    }


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("name", ["pressdb-2024-03-12-onepage.pdf", "pressdb-2024-05-06-table.pdf"])
def test_a_scan_of_a_release_gives_the_facts_of_its_pdf(name: str) -> None:
    pdf = ROOT / "corpus" / name
    raw = read_bytes(scan_factory.scan_of(pdf), f"scan-{name}")
    assert raw.ocr and raw.ocr_confidence is not None and raw.ocr_confidence > 80
    assert any(note.startswith("ocr: pages 1") for note in raw.notes)
    assert _facts(process(raw).extraction) == _facts(process(read_path(pdf)).extraction)


@needs_tesseract
@pytest.mark.slow
def test_ocr_words_keep_their_page_and_box() -> None:
    pdf = ROOT / "corpus" / "pressdb-2024-03-12-onepage.pdf"
    processed = process(read_bytes(scan_factory.scan_of(pdf), "scan.pdf"))
    born = process(read_path(pdf))
    layout = processed.raw.layout
    assert layout is not None and len(layout) == len(processed.raw.text)
    for scanned, digital in zip(processed.extraction.communes, born.extraction.communes, strict=True):
        a = layout.locate(*processed.clean.offsets.raw_span(scanned.start, scanned.end))
        assert born.raw.layout is not None
        b = born.raw.layout.locate(*born.clean.offsets.raw_span(digital.start, digital.end))
        assert a is not None and b is not None and a.page == b.page
        # the same words on the same page, within a few points of where the PDF sets them
        assert abs(a.x0 - b.x0) < 6 and abs(a.top - b.top) < 6, (scanned.text, a, b)


@needs_tesseract
def test_a_scan_without_words_says_ocr_read_nothing(tmp_path: Path) -> None:
    with pytest.raises(NoTextLayer) as info:
        read_pdf(pdf_factory.image_only(1), "ruled.pdf")
    message = str(info.value)
    assert message.startswith("ruled.pdf: no text layer") and "OCR" in message and "read no words" in message


@pytest.mark.parametrize(
    "what",
    [
        "the Python package pytesseract is not installed (pip install 'pressdb[ocr]')",
        "Tesseract's German model is not installed (apt-get install tesseract-ocr-deu)",
    ],
)
def test_without_tesseract_the_message_names_what_to_install(monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    monkeypatch.setattr(ocr, "missing", lambda: what)
    with pytest.raises(OcrUnavailable) as info:
        read_pdf(pdf_factory.image_only(1), "scan.pdf")
    message = str(info.value)
    assert message.startswith("scan.pdf: no text layer") and what in message
    assert "apt-get install tesseract-ocr tesseract-ocr-deu" in message and "pip install 'pressdb[ocr]'" in message


def test_a_born_digital_pdf_is_not_marked_as_ocr() -> None:
    raw = read_path(ROOT / "corpus" / "pressdb-2024-03-12-onepage.pdf")
    assert not raw.ocr and raw.ocr_confidence is None

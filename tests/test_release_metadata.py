"""A user records a release's public address and issuer beside the file; the archive keeps both, and marks scans."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from extract.build import build

TEXT = (
    "12.03.2024\n\nNeue Feuerwache für Zeithain\n\n"
    "Die Gemeinde Zeithain erhält 12.000 Euro für ein neues Feuerwehrauto. Das teilte die Verwaltung mit.\n"
)


def _document(db: Path, filename: str) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM documents WHERE filename = ?", (filename,)).fetchone())


def test_a_sidecar_gives_the_address_and_the_issuer(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "beispiel-feuerwache.txt").write_text(TEXT, encoding="utf-8")
    (folder / "beispiel-feuerwache.meta.json").write_text(
        json.dumps({"url": "https://example.org/meldungen/feuerwache", "issuer": "Gemeinde Musterdorf"}),
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    assert not build([folder], db, jobs=1).failed
    row = _document(db, "beispiel-feuerwache.txt")
    assert row["url"] == "https://example.org/meldungen/feuerwache"
    assert row["issuer"] == "Gemeinde Musterdorf"
    assert row["ocr"] == 0 and row["ocr_confidence"] is None and row["sample"] == 0


def test_a_manifest_describes_a_whole_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("eins.txt", "zwei.txt"):
        (folder / name).write_text(TEXT.replace("Zeithain", "Glaubitz" if name == "zwei.txt" else "Zeithain"))
    (folder / "pressdb-manifest.csv").write_text(
        "file,url,issuer\neins.txt,https://example.org/eins,Stadt Beispielstadt\n", encoding="utf-8"
    )
    db = tmp_path / "archive.db"
    assert not build([folder], db, jobs=1).failed
    assert _document(db, "eins.txt")["url"] == "https://example.org/eins"
    assert _document(db, "eins.txt")["issuer"] == "Stadt Beispielstadt"
    assert _document(db, "zwei.txt")["url"] is None  # not in the manifest: nothing is invented


def test_without_a_sidecar_the_text_decides(tmp_path: Path) -> None:
    path = tmp_path / "feuerwache.txt"
    path.write_text(TEXT + "\nQuelle: Landratsamt Musterkreis\n", encoding="utf-8")
    db = tmp_path / "archive.db"
    build([path], db, jobs=1)
    row = _document(db, "feuerwache.txt")
    assert row["issuer"] == "Landratsamt Musterkreis" and row["url"] is None


def test_a_web_page_keeps_its_canonical_address(tmp_path: Path) -> None:
    import html_factory

    for page in html_factory.PAGES:
        path = tmp_path / page.name
        path.write_text(page.html, encoding="utf-8")
    db = tmp_path / "archive.db"
    build([tmp_path / p.name for p in html_factory.PAGES], db, jobs=1)
    for page in html_factory.PAGES:
        assert _document(db, page.name)["url"] == page.url


def test_a_scan_is_marked_with_its_confidence(tmp_path: Path) -> None:
    import pytest
    import scan_factory

    from extract.read import ocr
    from extract.resources import corpus_dir

    if ocr.missing() is not None:
        pytest.skip(f"OCR not available here: {ocr.missing()} ({ocr.INSTALL})")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_factory.scan_of(corpus_dir() / "pressdb-2024-03-12-onepage.pdf"))
    db = tmp_path / "archive.db"
    assert not build([path], db, jobs=1, timeout=120).failed
    row = _document(db, "scan.pdf")
    assert row["ocr"] == 1
    assert isinstance(row["ocr_confidence"], float) and 50 < row["ocr_confidence"] <= 100

"""The archive in a real browser: headless Chromium (Debian's package) against `pressdb serve` on loopback.

Needs /usr/bin/chromium (`apt-get install -y chromium`) and the playwright Python package; the
browser download of `playwright install` is never used. Screenshots go to a temporary folder, or to
$PRESSDB_SCREENSHOTS (e.g. docs/screenshots) when set.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from archive_factory import build_corpus, make_archive

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
MEERANE_SOURCE = "%smi-2023-04-25-meerane.txt"

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium`", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built by `pressdb build`; the hand-made archive where the build fails."""
    path = tmp_path_factory.mktemp("browser") / "archive.db"
    error = build_corpus(path)
    if error is None:
        conn = sqlite3.connect(path)
        found = conn.execute(
            "SELECT 1 FROM documents WHERE source LIKE ? AND error IS NULL", [MEERANE_SOURCE]
        ).fetchone()
        conn.close()
        if found:
            return path
        error = "the Meerane seed is missing from the built archive"
    warnings.warn(f"pressdb build failed, browsing the hand-made archive instead:\n{error}", stacklevel=1)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return make_archive(path)


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[str]:
    port = _free_port()
    code = f"from pathlib import Path; from extract.serve import serve; serve(Path({str(archive)!r}), port={port})"
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"pressdb serve did not come up on {url}:\n{output}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("PRESSDB_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _row(archive: Path, sql: str, *params: Any) -> tuple[Any, ...]:
    conn = sqlite3.connect(archive)
    try:
        row: tuple[Any, ...] = conn.execute(sql, params).fetchone()
    finally:
        conn.close()
    return row


def _one(archive: Path, sql: str, *params: Any) -> Any:
    conn = sqlite3.connect(archive)
    try:
        row = conn.execute(sql, params).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: {width} px wide at {viewport} px"


def test_start_page_has_search_and_every_entry_point(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/-/pressdb/")
    assert page.locator("h1").inner_text() == "Pressemitteilungen als Fakten"
    entries = page.locator(".pressdb-entries a").all_inner_texts()
    for entry in (
        "Suche",
        "Meldungen",
        "Kommunen",
        "Statistiken",
        "Personen",
        "Unterzeichnungen",
        "Förderungen",
        "Auffälligkeiten",
    ):
        assert entry in entries, entries
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.fill("#pressdb-q", "Sicherheitsanalyse")
    page.press("#pressdb-q", "Enter")
    page.wait_for_url("**/archive/search?q=Sicherheitsanalyse")
    hits = page.locator("td.col-snippet mark").all_inner_texts()
    assert "Sicherheitsanalysen" in hits and "Sicherheitsanalyse" in hits, hits
    assert page.title().startswith("In den Meldungen suchen")
    assert not page.locator("pre#sql-query").is_visible()  # the SQL waits behind its toggle
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    assert page.locator('a[href="/_memory"]').count() == 0


def test_search_release_fact_person_signings(page: Any, server: str, shots: Path) -> None:
    """search -> release -> highlighted fact -> person page -> the agreements they signed."""
    page.goto(server + "/archive/search?q=Kooperationsvereinbarung+Meerane")
    release = page.locator("td.col-document_id a.release").first
    assert "2023" in release.inner_text() and "Meerane" in release.inner_text()  # by date and title
    release.click()
    page.wait_for_url("**/-/pressdb/document/**#at-*")
    target = page.evaluate("location.hash.slice(1)")
    assert page.locator(f'[id="{target}"]').count() == 1
    signatory = page.locator("mark.signatory", has_text="Jörg Schmeißer").first
    label = signatory.locator("xpath=following-sibling::a[contains(@class, 'label')][1]")
    assert "unterzeichnet" in label.inner_text()
    signatory.click()
    assert page.locator("#pressdb-detail").is_visible()
    assert "Personenseite" in page.locator("#pressdb-detail").inner_text()
    if page.locator(".pressdb-page img").count():  # a PDF: wait for the printed page beside the text
        page.wait_for_function("document.querySelector('.pressdb-page img').naturalWidth > 0", timeout=15000)
    page.screenshot(path=str(shots / "document.png"), full_page=False)
    label.click()
    page.wait_for_url("**/-/pressdb/person/*")
    assert page.locator("h1").inner_text() == "Jörg Schmeißer"
    signed = page.locator("ul.pressdb-signed li").all_inner_texts()
    assert any("Meerane" in s and "25. April 2023" in s for s in signed), signed
    page.screenshot(path=str(shots / "person.png"), full_page=True)


def test_map_marker_opens_commune_page_with_grants_chart(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/archive/map_of_communes?commune=Gro%C3%9Fenhain")
    page.wait_for_selector(".leaflet-marker-icon", timeout=15000)
    page.screenshot(path=str(shots / "map.png"), full_page=False)
    page.locator(".leaflet-marker-icon").first.click()
    page.locator(".leaflet-popup a").first.click()
    page.wait_for_url("**/-/pressdb/commune/14627060")
    assert page.locator("h1").inner_text() == "Großenhain"
    assert "Meißen" in page.locator(".pressdb-meta").inner_text()
    bars = page.locator("#foerderung ~ .pressdb-grants-chart svg rect")
    assert bars.count() >= 1
    assert "€" in page.locator(".pressdb-grants-chart svg").inner_html()
    page.screenshot(path=str(shots / "commune.png"), full_page=True)


def test_statistics_history_and_release_of_one_value(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/-/pressdb/statistics?q=Kommunen+beraten")
    link = page.locator("table.pressdb-statistics-table a", has_text="Kommunen beraten").first
    assert page.locator("table.pressdb-statistics-table svg.spark").count() >= 1
    page.screenshot(path=str(shots / "statistics.png"), full_page=True)
    link.click()
    page.wait_for_url("**/-/pressdb/statistic?measure=*")
    assert page.locator("svg.history circle").count() >= 2
    page.screenshot(path=str(shots / "statistic.png"), full_page=True)
    release = page.locator("table.pressdb-statements a.release").last
    release.click()
    page.wait_for_url("**/-/pressdb/document/**#fact-figures-*")
    assert page.locator("mark.fact.targeted").count() >= 1


def test_pdf_release_shows_the_page_with_the_box_of_a_fact(page: Any, server: str, archive: Path, shots: Path) -> None:
    doc_id = _one(archive, "SELECT id FROM documents WHERE source LIKE ? AND error IS NULL", "%meerane.pdf")
    if doc_id is None:
        pytest.skip("the Meerane PDF is not in the archive")
    page.goto(f"{server}/-/pressdb/document/{doc_id}")
    image = page.locator(".pressdb-page img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.pressdb-page img').naturalWidth > 0", timeout=15000)
    page.locator("mark.signatory", has_text="Jörg Schmeißer").first.click()
    active = page.locator(".pressdb-page .box.active")
    assert active.count() >= 1 and active.first.is_visible()
    box = active.first.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 3
    # The box stands where pdfplumber found the words: the stored PDF box, scaled to the page image.
    x0, top, x1, bottom, number = _row(
        archive,
        "SELECT x0, top, x1, bottom, page FROM person_mentions WHERE document_id = ? AND name = 'Jörg Schmeißer'"
        " AND relation = 'signatory' ORDER BY char_start LIMIT 1",
        doc_id,
    )
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(ROOT / "corpus" / "smi-2023-04-25-meerane.pdf"))
    width, height = pdf[number - 1].get_size()
    pdf.close()
    sheet = page.locator(f"#page-{number} .pressdb-page-sheet").bounding_box()
    assert sheet is not None
    scale_x, scale_y = sheet["width"] / width, sheet["height"] / height
    for shown, expected in (
        (box["x"], sheet["x"] + x0 * scale_x),
        (box["y"], sheet["y"] + top * scale_y),
        (box["x"] + box["width"], sheet["x"] + x1 * scale_x),
        (box["y"] + box["height"], sheet["y"] + bottom * scale_y),
    ):
        assert abs(shown - expected) < 2, (shown, expected)
    page.locator(".pressdb-page").first.screenshot(path=str(shots / "pdf_box.png"))


def test_unknown_document_is_a_german_404_with_a_way_back(page: Any, server: str, shots: Path) -> None:
    response = page.goto(server + "/-/pressdb/document/abc")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Nicht gefunden"
    page.screenshot(path=str(shots / "not_found.png"), full_page=True)
    page.locator("a", has_text="Zur Startseite des Archivs").click()
    page.wait_for_url("**/-/pressdb/")


def test_phone_width_document_commune_and_home_fit(browser: Any, server: str, archive: Path, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        doc_id = _one(
            archive, "SELECT id FROM documents WHERE source LIKE ? AND error IS NULL", "%meerane.pdf"
        ) or _one(archive, "SELECT id FROM documents WHERE source LIKE ?", MEERANE_SOURCE)
        page.goto(f"{server}/-/pressdb/document/{doc_id}")
        _no_sideways_scroll(page)
        page.locator("mark.signatory").first.tap()
        assert page.locator("#pressdb-detail").is_visible()  # details open on tap
        page.screenshot(path=str(shots / "document_mobile.png"), full_page=False)
        for path in ("/-/pressdb/commune/14524190", "/-/pressdb/"):
            page.goto(server + path)
            _no_sideways_scroll(page)
    finally:
        context.close()


def _chart(page: Any) -> Any:
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=15000)
    box = page.locator(".vega-embed canvas, .vega-embed svg").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    return box


def test_grants_per_year_chart_draws(page: Any, server: str, shots: Path) -> None:
    page.goto(
        f"{server}/archive/grants_per_year?commune=#g.mark=bar&g.x_column=year&g.x_type=ordinal"
        "&g.y_column=total_eur&g.y_type=quantitative&g.color_column=kind"
    )
    _chart(page)
    assert "Förderungen und Förderbudgets je Jahr" in page.title()
    page.screenshot(path=str(shots / "grants_per_year.png"), full_page=True)

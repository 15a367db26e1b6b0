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
from urllib.parse import quote

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


def _one(archive: Path, sql: str, *params: Any) -> Any:
    conn = sqlite3.connect(archive)
    try:
        row = conn.execute(sql, params).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_home_lists_tables(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/archive")
    for table in (
        "documents",
        "sentences",
        "commune_mentions",
        "person_mentions",
        "money",
        "figures",
        "agreements",
        "commune_stats",
        "figure_history",
    ):
        assert page.locator(f'a[href="/archive/{table}"]').count() >= 1, table
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.goto(server + "/-/pressdb/")
    assert page.locator("h1").inner_text() == "pressdb: where to start"


def test_search_highlights_word_forms(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/archive/search?q=Sicherheitsanalyse")
    hits = page.locator("td.col-snippet mark").all_inner_texts()
    assert "Sicherheitsanalysen" in hits and "Sicherheitsanalyse" in hits, hits
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    link = page.locator("td.col-document_id a").first
    link.click()
    page.wait_for_url("**/-/pressdb/document/**#at-*")


def test_map_shows_markers(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/archive/commune_stats")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=15000)
    assert page.locator(".leaflet-marker-icon, .marker-cluster").count() >= 1
    page.screenshot(path=str(shots / "map.png"), full_page=True)


def _chart(page: Any) -> Any:
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=15000)
    box = page.locator(".vega-embed canvas, .vega-embed svg").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    return box


def test_figure_history_chart_draws(page: Any, server: str, archive: Path, shots: Path) -> None:
    measure = _one(
        archive,
        "SELECT measure FROM figure_history GROUP BY measure"
        " ORDER BY COUNT(DISTINCT coalesce(as_of, release_date)) DESC, COUNT(*) DESC LIMIT 1",
    )
    assert measure, "the archive has no figure"
    page.goto(
        f"{server}/archive/history_of_a_figure?measure={quote(measure)}"
        "#g.mark=line&g.x_column=as_of&g.x_type=temporal&g.y_column=value&g.y_type=quantitative"
    )
    _chart(page)
    page.screenshot(path=str(shots / "figure_history.png"), full_page=True)


def test_grants_per_year_chart_draws(page: Any, server: str, shots: Path) -> None:
    page.goto(
        f"{server}/archive/grants_per_year?commune=#g.mark=bar&g.x_column=year&g.x_type=ordinal"
        "&g.y_column=total_eur&g.y_type=quantitative&g.color_column=kind"
    )
    _chart(page)
    page.screenshot(path=str(shots / "grants_per_year.png"), full_page=True)


def test_meerane_document_view_highlights_signatory_and_links_back(
    page: Any, server: str, archive: Path, shots: Path
) -> None:
    doc_id = _one(archive, "SELECT id FROM documents WHERE source LIKE ?", MEERANE_SOURCE)
    assert doc_id, "the Meerane seed is not in the archive"
    page.goto(f"{server}/-/pressdb/document/{doc_id}")
    signatory = page.locator("mark.signatory", has_text="Jörg Schmeißer")
    assert signatory.count() >= 1
    label = signatory.first.locator("xpath=following-sibling::a[contains(@class, 'label')][1]")
    assert "signatory" in label.inner_text()
    page.screenshot(path=str(shots / "document.png"), full_page=True)
    label.click()
    page.wait_for_url("**/archive/person_mentions/*")
    assert "Schmeißer" in page.locator("body").inner_text()
    page.go_back()
    page.locator("a.back").click()
    page.wait_for_url(f"**/archive/documents/{doc_id}")


def test_person_page_lists_releases(page: Any, server: str, archive: Path, shots: Path) -> None:
    person = _one(
        archive,
        "SELECT person_id FROM person_mentions WHERE relation = 'signatory'"
        " AND person_id IS NOT NULL GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    if person is None:
        pytest.skip("no signatory in the archive")
    page.goto(f"{server}/archive/people")
    page.locator(f'a[href="/-/pressdb/person/{person}"]').first.click()
    page.wait_for_url(f"**/-/pressdb/person/{person}")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
    assert "signatory" in page.locator("body").inner_text()
    page.screenshot(path=str(shots / "person.png"), full_page=True)

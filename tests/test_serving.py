"""Serving without surprises: German errors with a way back, SQL off by default and bounded, names, ports, sources."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from archive_factory import make_archive
from click.testing import CliRunner
from datasette.app import Datasette

from extract.cli import cli
from extract.datasette_plugin import de_date, de_money, de_number, measure_name, shown_source
from extract.serve import PortInUse, check_port, database_name, load_metadata, make_datasette

MEERANE = "a" * 64  # the hand-made archive's Meerane release


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("serving") / "archive.db")


def get(ds: Any, path: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        await ds.invoke_startup()
        return await ds.client.get(path)

    response: httpx.Response = asyncio.run(fetch())
    return response


@pytest.fixture(scope="module")
def ds(archive: Path) -> Any:
    return make_datasette(archive)


@pytest.mark.parametrize(
    "path",
    [
        "/-/pressdb/document/abc",
        f"/-/pressdb/document/{'d' * 64}",
        "/-/pressdb/person/999",
        "/-/pressdb/commune/00000000",
        "/-/pressdb/statistic?measure=nichts:da",
        "/keine-seite",
        "/archive/keine_tabelle",
        "/archive/documents/xyz",
        "/_memory",
    ],
)
def test_unknown_pages_answer_a_german_404_with_a_way_back(ds: Any, path: str, capfd: Any) -> None:
    response = get(ds, path)
    assert response.status_code == 404
    assert "Nicht gefunden" in response.text
    assert 'href="/-/pressdb/"' in response.text and "Zur Startseite" in response.text
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Internal Server Error" not in err


def test_unknown_json_answers_json_404(ds: Any) -> None:
    response = get(ds, "/archive/keine_tabelle.json")
    assert response.status_code == 404
    assert response.json()["ok"] is False


def test_visitors_sql_is_off_by_default_with_a_german_answer(ds: Any) -> None:
    response = get(ds, "/archive?sql=select+1")
    assert response.status_code == 403
    assert "pressdb serve --sql" in response.text
    # The canned queries still run.
    assert get(ds, "/archive/search?q=Sicherheitsanalyse").status_code == 200


def test_sql_allowed_with_sql_flag(archive: Path) -> None:
    ds = make_datasette(archive, allow_sql=True)
    response = get(ds, "/archive.json?sql=select+count(*)+as+n+from+documents&_shape=array")
    assert response.status_code == 200 and response.json() == [{"n": 3}]


@pytest.mark.parametrize(
    "sql",
    [
        # Endless rows: stopped by the time limit (SQLite's progress handler).
        "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c",
        # One giant value in one VM step: refused by SQLite's length limit before it is built.
        "select length(printf('%.*c', 1500000000, 'x'))",
        "select length(zeroblob(2000000000))",
        # Python functions cannot be interrupted: their input is bounded.
        "select length(pressdb_mark(printf('%.*c', 30000000, 'a'), 'aaa'))",
    ],
)
def test_a_visitor_cannot_run_past_the_time_limit(archive: Path, sql: str) -> None:
    ds = make_datasette(archive, allow_sql=True, sql_time_limit_ms=300)
    started = time.monotonic()
    response = get(ds, "/archive.json?" + httpx.QueryParams({"sql": sql, "_shape": "array"}).__str__())
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["ok"] is False


@pytest.mark.parametrize("stem, expected", [("archive", "archive"), ("mine", "mine"), ("my archive", "archive")])
def test_database_is_named_after_its_file(stem: str, expected: str) -> None:
    assert database_name(Path(f"/tmp/{stem}.db")) == expected


def test_canned_queries_work_under_another_name(archive: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    shutil.copy(archive, mine)
    ds = make_datasette(mine)
    assert "mine" in ds.databases and "archive" not in ds.databases and "_memory" not in ds.databases
    response = get(ds, "/mine/search?q=Sicherheitsanalyse")
    assert response.status_code == 200 and "Sicherheitsanalysen" in response.text
    assert 'href="/mine/search' in get(ds, "/").text  # the metadata's links follow the name
    assert "Meldungen" in get(ds, "/mine/documents").text  # table titles too


def test_plain_datasette_gets_the_canned_queries_under_another_name(archive: Path, tmp_path: Path) -> None:
    mine = tmp_path / "other.db"
    shutil.copy(archive, mine)
    from extract.serve import _register_plugin

    _register_plugin()
    ds = Datasette([str(mine)], metadata=load_metadata())
    response = get(ds, "/other/network_timeline.json?programme=&_shape=array")
    assert response.status_code == 200, response.text
    assert response.json()


def test_serve_refuses_a_missing_db_and_offers_the_build(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(missing)])
    assert result.exit_code != 0
    assert "does not exist" in result.output and f"pressdb build [PATH ...] --db {missing}" in result.output
    assert not missing.exists()


def test_busy_port_gives_one_line_naming_port(archive: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(PortInUse, match="--port"):
            check_port("127.0.0.1", port)
        result = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--port", str(port)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--port" in lines[0] and "Traceback" not in result.output


@pytest.mark.parametrize(
    "source, filename, shown",
    [
        (
            "/usr/lib/python3/site-packages/corpus/smi-2023-04-25-meerane.txt",
            "smi-2023-04-25-meerane.txt",
            "smi-2023-04-25-meerane.txt",
        ),
        ("corpus/a.pdf", None, "a.pdf"),
        (
            "https://www.medienservice.sachsen.de/medien/news/1",
            "1.html",
            "https://www.medienservice.sachsen.de/medien/news/1",
        ),
    ],
)
def test_source_shows_file_name_or_public_address(source: str, filename: str | None, shown: str) -> None:
    assert shown_source(source, filename) == shown


def test_documents_table_and_view_never_show_a_path(ds: Any) -> None:
    table = get(ds, "/archive/documents").text
    view = get(ds, f"/-/pressdb/document/{MEERANE}").text
    for html in (table, view):
        assert "corpus/" not in html.split("<tbody>")[-1] or "site-packages" not in html


@pytest.mark.parametrize(
    "value, expected",
    [
        (1_100_000, "1,1 Mio. €"),
        (25_000, "25.000 €"),
        (21_150.5, "21.150,50 €"),
        (2_000_000_000, "2 Mrd. €"),
        (0, "0 €"),
    ],
)
def test_money_the_german_way(value: float, expected: str) -> None:
    assert de_money(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("2023-04-25", "25. April 2023"), ("2023-03", "März 2023"), ("2023", "2023"), ("bald", "bald"), (None, "")],
)
def test_dates_the_german_way(value: str | None, expected: str) -> None:
    assert de_date(value) == expected


@pytest.mark.parametrize("value, expected", [(141.0, "141"), (1234567, "1.234.567"), (2.5, "2,5"), ("x", "x")])
def test_numbers_the_german_way(value: Any, expected: str) -> None:
    assert de_number(value) == expected


@pytest.mark.parametrize(
    "measure, unit, predicate, expected",
    [
        ("asskomm:kommune:beraten", "Kommunen", "beraten", "ASSKomm: Kommunen beraten"),
        (":gemeinde:", "Gemeinden", None, "Gemeinden"),
        ("kulturland:bewerbung:", None, None, "Kulturland: Bewerbung"),
    ],
)
def test_statistics_have_readable_names(measure: str, unit: str | None, predicate: str | None, expected: str) -> None:
    assert measure_name(measure, unit, predicate) == expected


@pytest.mark.parametrize(
    "path",
    ["/%5Cevil.example/sentences?_search=x", "/%5C%5Cevil.example/sentences?_search=x", "//evil.example/"],
)
def test_no_redirect_leaves_the_archive_origin(path: str, tmp_path: Path) -> None:
    ds = make_datasette(make_archive(tmp_path / "archive.db"))

    async def fetch() -> httpx.Response:
        return await ds.client.get(path)

    response = asyncio.run(fetch())
    location = response.headers.get("location", "")
    assert not location.startswith(("//", "/\\", "\\")) and "evil.example/search" not in location
    assert "://" not in location

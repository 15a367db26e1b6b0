"""The archive's own pages on the hand-made archive: facts lead on, communes, statistics, figure check, feeds."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from archive_factory import make_archive

from extract.datasette_plugin import CheckQuery, _PageCache, bar_chart, parse_check, sparkline
from extract.serve import make_datasette

MEERANE = "a" * 64
MEERANE_AGS = "14524190"
GROSSENHAIN_AGS = "14627060"


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_datasette(make_archive(tmp_path_factory.mktemp("pages") / "archive.db"))


def get(ds: Any, path: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        return await ds.client.get(path)

    response: httpx.Response = asyncio.run(fetch())
    return response


def test_every_label_in_the_document_view_leads_on(ds: Any) -> None:
    html = get(ds, f"/-/pressdb/document/{MEERANE}").text
    onward = {
        "person": r"/-/pressdb/person/\d+",
        "commune": r"/-/pressdb/commune/\d{8}",
        "figure": r"/-/pressdb/statistic\?measure=",
        "agreement": r"/archive/network_timeline\?programme=",
    }
    for kind, target in onward.items():
        assert re.search(rf'<a class="label {kind}" href="{target}', html), kind
    assert re.search(
        r'<a class="label amount" href="(/-/pressdb/commune/\d{8}#foerderung|/archive/grants_per_year)', html
    )
    assert 'id="pressdb-facts"' in html  # the details a tap opens


@pytest.mark.parametrize(
    "path",
    [
        "/archive/figures",
        "/archive/money",
        "/archive/agreements",
        "/archive/commune_mentions",
    ],
)
def test_fact_rows_show_releases_by_date_and_title(ds: Any, path: str) -> None:
    html = get(ds, path).text
    assert re.search(
        r'<a class="release" href="/-/pressdb/document/[0-9a-f]{64}#fact-\w+-\d+"[^>]*>\d{1,2}\. \w+ \d{4} · ', html
    )


def test_fact_rows_lead_onward(ds: Any) -> None:
    assert re.search(r'href="/-/pressdb/statistic\?measure=[^"]+"', get(ds, "/archive/figures").text)
    assert re.search(r'href="/-/pressdb/commune/\d{8}#foerderung"', get(ds, "/archive/money").text)
    assert re.search(r'href="/-/pressdb/commune/\d{8}"', get(ds, "/archive/agreements").text)


def test_commune_page_has_releases_signings_grants_and_place(ds: Any) -> None:
    html = get(ds, f"/-/pressdb/commune/{GROSSENHAIN_AGS}").text
    assert "<h1>Großenhain</h1>" in html
    assert "Meißen" in html  # Landkreis
    assert re.search(r'<a href="/-/pressdb/person/\d+">Sven Forkert</a>', html)  # a signatory, leading on
    assert '<svg class="chart"' in html and "21.150 €" in html  # grants per year, the German way
    assert "feed_commune.atom?commune=14627060" in html
    meerane = get(ds, f"/-/pressdb/commune/{MEERANE_AGS}").text
    assert re.search(r"25\. April 2023 · ", meerane)  # its release by date and title


def test_map_markers_open_the_commune_page(ds: Any) -> None:
    rows = get(ds, "/archive/map_of_communes.json?commune=&_shape=array").json()
    popups = {r["name"]: r["popup"] for r in rows}
    assert '"/-/pressdb/commune/14524190"' in popups["Meerane"]
    assert all(r["latitude"] and r["longitude"] for r in rows)


def test_statistics_list_by_name_with_sparkline_and_search(ds: Any) -> None:
    html = get(ds, "/-/pressdb/statistics").text
    assert "Kommunen beraten" in html and '<svg class="spark"' in html
    assert "asskomm:kommune:beraten" in html
    assert "Kommunen beraten" not in get(ds, "/-/pressdb/statistics?q=Teilnehmer+Zaunk%C3%B6nig").text


def test_statistic_history_has_chart_and_every_statement(ds: Any) -> None:
    html = get(ds, "/-/pressdb/statistic?measure=asskomm%3Akommune%3Aberaten").text
    assert '<svg class="chart history"' in html
    assert html.count('<a class="release"') >= 2
    assert "25. April 2023" in html


def test_statistic_statements_come_a_page_at_a_time_from_the_last_one_shown(
    ds: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.datasette_plugin import statistics

    url = "/-/pressdb/statistic?measure=asskomm%3Akommune%3Aberaten"
    everything = re.findall(r'<a class="release" href="([^"]+)"', get(ds, url).text)
    assert len(everything) == 3 and "Die nächsten Aussagen" not in get(ds, url).text
    monkeypatch.setattr(statistics, "STATEMENTS_PER_PAGE", 1)
    seen, page = [], url
    while page:
        html = get(ds, page).text
        assert '<svg class="chart history"' in html and "3 Aussagen" in html  # the whole history each time
        seen += re.findall(r'<a class="release" href="([^"]+)"', html)
        more = re.search(r'<a href="([^"]+)">Die nächsten Aussagen</a>', html)
        page = more.group(1).replace("&amp;", "&") if more else ""
    assert seen == everything


@pytest.mark.parametrize(
    "q, expected",
    [
        ("141 Kommunen", CheckQuery(141.0, False, False, "Kommunen")),
        ("25.000 Euro", CheckQuery(25000.0, True, False, "")),
        ("1,1 Mio. Euro", CheckQuery(1_100_000.0, True, False, "")),
        ("21.150,- Euro", CheckQuery(21150.0, True, False, "")),
        ("63.", CheckQuery(63.0, False, True, "")),
        ("die 63. Kommune", CheckQuery(63.0, False, True, "Kommune")),
        ("2.500 Teilnehmer", CheckQuery(2500.0, False, False, "Teilnehmer")),
        ("2,5 Millionen Einwohner", CheckQuery(2_500_000.0, False, False, "Einwohner")),
        ("keine Zahl", None),
        ("", None),
    ],
)
def test_figure_check_reads_numbers_as_journalists_type_them(q: str, expected: CheckQuery | None) -> None:
    assert parse_check(q) == expected


@pytest.mark.parametrize(
    "q, kind, printed",
    [
        ("21.150 Euro", "Betrag", "21.150 Euro"),
        ("die 50. Kommune", "Ordnungszahl", "50. Kommune"),
        ("141 Kommunen", "Zahl", "141 Kommunen"),
    ],
)
def test_figure_check_finds_amounts_ordinals_and_counts(ds: Any, q: str, kind: str, printed: str) -> None:
    html = get(ds, "/-/pressdb/check?" + str(httpx.QueryParams({"q": q}))).text
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td>", html)
    assert (kind, printed) in rows, rows


def test_figure_check_finds_nothing_for_a_number_never_stated(ds: Any) -> None:
    html = get(ds, "/-/pressdb/check?q=987654+Zaunk%C3%B6nige").text
    assert "— 0 Nennungen" in html


def test_canned_query_page_is_german_with_sql_behind_a_toggle(ds: Any) -> None:
    html = get(ds, "/archive/grants_by_commune_and_year?commune=Gro%C3%9Fenhain&year=").text
    assert "<title>Förderung je Kommune und Jahr – pressdb</title>" in html
    assert '<details class="pressdb-sql"><summary>' in html
    assert html.index("<table") < html.index('<details class="pressdb-sql">')
    assert "21.150 €" in html  # total_eur the German way
    assert "Kommune (Name oder Gemeindeschlüssel)" in html


def test_feeds_are_atom(ds: Any) -> None:
    for path in ("/archive/feed_new_releases.atom", "/archive/feed_commune.atom?commune=Meerane"):
        response = get(ds, path)
        assert response.status_code == 200 and "<feed" in response.text, path
        assert f"/-/pressdb/document/{MEERANE}" in response.text


def test_page_cache_stays_within_its_bound() -> None:
    cache = _PageCache(max_bytes=1000)
    for n in range(10):
        cache.put(("doc", n), b"x" * 300)
    assert cache.size <= 1000 and cache.get(("doc", 9)) is not None and cache.get(("doc", 0)) is None


def test_charts_escape_and_scale() -> None:
    svg = bar_chart([("2021", 21150.0), ("<b>", 1000.0)])
    assert "&lt;b&gt;" in svg and "21.150 €" in svg
    assert sparkline([]) == "" and "<polyline" in sparkline([1.0, 3.0, 2.0])


def test_a_feed_without_entries_is_still_a_feed(ds: Any) -> None:
    response = get(ds, "/archive/feed_commune.atom?commune=Zaunk%C3%B6nigstadt")
    assert response.status_code == 200
    assert "<feed" in response.text and "Noch keine Meldung zu Zaunkönigstadt" in response.text


def test_findings_pages_quote_both_statements_with_links(ds: Any) -> None:
    html = get(ds, "/archive/findings").text
    assert "150 → 141" in html  # the values compared, not a JSON list
    assert len(re.findall(r'»[^«]+« <a href="/-/pressdb/document/[0-9a-f]{64}">in der Meldung</a>', html)) >= 2
    assert "Zählung sinkt" in get(ds, "/archive/findings_by_kind?kind=&measure=").text

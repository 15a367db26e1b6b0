"""Saved web pages: the article's facts only, its metadata, and every character mapped back to the markup."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import html_factory
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import NoArticleText, PressdbError
from extract.pipeline import process
from extract.read import read_bytes, read_path, sniff
from extract.read.html import read_html
from extract.records import Extraction

ROOT = Path(__file__).resolve().parent.parent
PAGES = html_factory.PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_facts_come_from_the_article_only(page: html_factory.Page) -> None:
    raw = read_bytes(page.html.encode("utf-8"), page.name)
    assert raw.format == "html"
    ex = process(raw).extraction
    assert {c.text for c in ex.communes} == page.communes
    assert {m.text for m in ex.money} == page.money
    assert {p.name for p in ex.people} == page.people
    assert ex.release.date == date.fromisoformat(page.published)
    assert ex.release.title == page.title
    for word in page.furniture_only:
        assert word not in raw.text, word


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_page_metadata_is_kept(page: html_factory.Page) -> None:
    raw = read_html(page.html.encode("utf-8"), page.name)
    assert raw.url == page.url
    assert raw.title == page.title
    assert raw.published == date.fromisoformat(page.published)
    if raw.url:
        assert any(raw.url in note for note in raw.notes)


def test_author_and_site_name_of_a_newspaper_article() -> None:
    raw = read_html(html_factory.NEWSPAPER.html.encode("utf-8"), "article.html")
    assert (raw.author, raw.site_name) == ("Frieda Schreibmann", "Elbtal-Anzeiger")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_character_maps_back_to_the_markup(page: html_factory.Page) -> None:
    raw = read_html(page.html.encode("utf-8"), page.name)
    assert raw.markup is not None
    markup = page.html
    assert raw.markup.clean_length == len(raw.text) and raw.markup.raw_length == len(markup)
    assert not any("not found" in note for note in raw.notes)
    for i, ch in enumerate(raw.text):
        if ch.isspace():
            continue
        a, b = raw.markup.raw_span(i, i + 1)
        source = markup[a:b]
        # a character, an entity (&amp;) or, for a date only in the metadata, the attribute's value
        assert html.unescape(source) == ch or source == ch or (b - a > 1 and "-" in source), (i, ch, source)


def test_a_fact_points_into_the_article_in_the_markup() -> None:
    page = html_factory.NEWSPAPER
    processed = process(read_html(page.html.encode("utf-8"), page.name))
    raw = processed.raw
    assert raw.markup is not None
    money = processed.extraction.money[0]
    raw_start, raw_end = processed.clean.offsets.raw_span(money.start, money.end)
    a, b = raw.markup.raw_span(raw_start, raw_end)
    assert page.html[a:b] == "45.000 Euro"
    assert page.html.rfind("<article>", 0, a) > page.html.rfind("</article>", 0, a)


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        (
            '<link rel="canonical" href="https://a.example/x.html"><meta property="og:url" content="https://b.example/">',
            "https://a.example/x.html",
        ),
        ('<meta property="og:url" content="https://b.example/y">', "https://b.example/y"),
        ('<link rel="canonical" href="/relative/only.html">', None),
        ("", None),
    ],
    ids=["canonical-first", "og-url", "relative-canonical", "none"],
)
def test_canonical_address(links: str, expected: str | None) -> None:
    markup = html_factory.TOWN.html.replace('<link rel="canonical" href="/aktuelles/2023/praeventionsrat.html">', links)
    assert read_html(markup.encode("utf-8"), "page.html").url == expected


def test_a_date_only_in_the_metadata_becomes_the_dateline_and_points_to_it() -> None:
    markup = html_factory.MINISTRY.html.replace(
        '<p class="dateline"><time datetime="2024-03-12">12.03.2024</time>, 10:00 Uhr</p>', ""
    )
    raw = read_html(markup.encode("utf-8"), "page.html")
    assert raw.text.split("\n\n")[0] == "12.03.2024"
    assert raw.markup is not None
    a, b = raw.markup.raw_span(0, 10)
    assert markup[a:b].startswith("2024-03-12")
    assert process(raw).extraction.release.date == date(2024, 3, 12)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_page_saved_as_utf16_or_utf32_is_read(codec: str) -> None:
    data = html_factory.TOWN.html.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert sniff(data) == "html"
    raw = read_bytes(data, "page.html")
    assert raw.format == "html" and "Dorothea Beispielkind" in raw.text


@pytest.mark.parametrize(
    "body",
    [html_factory.NAVIGATION_ONLY, "", "<div class='cookie'>Wir verwenden Cookies.</div>"],
    ids=["navigation", "empty-body", "cookie-banner"],
)
def test_a_page_without_an_article_is_refused_with_a_message(body: str) -> None:
    with pytest.raises(NoArticleText) as info:
        read_bytes(html_factory.without_article(body).encode("utf-8"), "index.html")
    message = str(info.value)
    assert message.startswith("index.html: ") and "no article text" in message and ".txt" in message


def _facts(ex: Extraction) -> dict[str, object]:
    return {
        "date": ex.release.date,
        "title": ex.release.title,
        "communes": sorted({c.ags for c in ex.communes}),
        "people": sorted({(p.name, p.role, p.relation) for p in ex.people}, key=str),
        "money": sorted({m.amount for m in ex.money}),
        "figures": sorted({(f.value, f.measure) for f in ex.figures}),
        "agreements": sorted({(a.commune_ags, a.date) for a in ex.agreements}, key=str),
    }


@pytest.mark.parametrize("name", ["smi-2021-02-17-grossenhain.txt", "smi-2023-04-25-meerane.txt"])
def test_a_release_on_a_ministry_page_gives_the_facts_of_its_text(name: str) -> None:
    text = ROOT / "corpus" / name
    page = html_factory.ministry_page_of(text.read_text(encoding="utf-8"))
    raw = read_bytes(page.encode("utf-8"), name.replace(".txt", ".html"))
    assert raw.url == "https://www.beispielministerium.example/presse/release.html"
    assert "Freital" not in raw.text and "Cookies" not in raw.text
    assert _facts(process(raw).extraction) == _facts(process(read_path(text)).extraction)


_TAGS = ["p", "div", "article", "nav", "footer", "h1", "h2", "li", "ul", "span", "b", "script", "style", "table", "tr"]
_PIECES = st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
    st.sampled_from(["&amp;", "&nbsp;", "&#228;", "&bogus;", "<br>", "<!-- x -->", "<time datetime='2024-03-12'>"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.just("Die Stadt Riesa erhält 45.000 Euro für ihr neues Jugendzentrum an der Elbe, sagte der Bürgermeister. "),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PIECES, max_size=60))
def test_any_markup_gives_a_mapped_text_or_a_message_naming_the_file(pieces: list[str]) -> None:
    markup = "<!DOCTYPE html><html><head><title>Seite</title></head><body>" + "".join(pieces) + "</body></html>"
    try:
        raw = read_bytes(markup.encode("utf-8"), "fuzz.html")
    except PressdbError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    assert raw.markup is not None and raw.markup.clean_length == len(raw.text)
    for i in range(len(raw.text)):
        a, b = raw.markup.raw_span(i, i + 1)
        assert 0 <= a <= b <= len(markup)

"""Property tests for every reader and extractor: arbitrary Unicode and bytes, and German-like sentences.

For any input: no exception except pressdb's own typed errors from the readers,
every span inside the text and equal to the record's ``text``, records sorted
by start, values well-formed (dates are dates, AGS keys are 8 or 5 digits,
amounts and figures finite and not negative, ranges in order).

The normal run uses the small "ci" profile; `make fuzz` runs >= 10,000 examples
per target (HYPOTHESIS_PROFILE=fuzz, see conftest_fuzz.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import conftest_fuzz  # noqa: F401  (registers and loads the hypothesis profiles)
import pdf_factory
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.clean import CleanText, clean
from extract.errors import PressdbError
from extract.fields.agreements import extract_agreements
from extract.fields.communes import extract_communes
from extract.fields.dates import extract_dates
from extract.fields.figures import extract_figures, extract_ordinals
from extract.fields.money import extract_money
from extract.fields.people import extract_people
from extract.fields.people.lexicon import first_names
from extract.fields.release import extract_release
from extract.german import MONTHS, NUMBER_WORDS, WEEKDAYS
from extract.nlp import make_doc
from extract.read import RawDocument, read_bytes, sha256
from extract.records import (
    Agreement,
    CommuneMention,
    DateMention,
    Fact,
    Figure,
    Money,
    Ordinal,
    PersonMention,
    Quote,
    ReleaseInfo,
)

DATA = Path(__file__).resolve().parent.parent / "extract" / "data"
AGS_RE = re.compile(r"^\d{8}$")
KREIS_RE = re.compile(r"^\d{5}$")


# ---------------------------------------------------------------- German-like text from the lexicons


def _jsonl(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def _vocabulary() -> list[str]:
    """Words and phrases the extractors react to: places, names, roles, numbers, units, dates, verbs."""
    communes = [r["name"] for r in _jsonl("gazetteer/communes.jsonl")][::3]
    kreise = [r["name"] for r in _jsonl("gazetteer/kreise.jsonl")]
    first = sorted(first_names())[::40]
    roles = [r["role"] for r in _jsonl("roles.jsonl")] + [
        r["feminine"] for r in _jsonl("roles.jsonl") if r.get("feminine")
    ]
    terms = [
        r["value"].replace("{name}", "Zwickau")
        for r in _jsonl("agreement_terms.jsonl")
        if r.get("type") == "kind" or " " in str(r.get("value"))
    ]
    surnames = ["Müller", "Seifert", "Kretzschmar", "Mißbach", "Schmeißer", "Floß", "Wöller", "Uhlig"]
    units = [
        "Kommunen",
        "Sicherheitsanalysen",
        "Teilnehmende",
        "Fragebögen",
        "Prozent",
        "%",
        "Einwohner",
        "Städte und Gemeinden",
        "Präventionsräte",
        "Jahre",
        "Wochen",
    ]
    numbers = [w for w in NUMBER_WORDS] + [
        "1.240",
        "21.150,- Euro",
        "1,1 Millionen Euro",
        "rund 2 Mio. €",
        "50.",
        "ca. ein Drittel (62)",
        "100.000",
        "3,5",
        "2021",
        "2019/20",
        "§ 5",
    ]
    dates = (
        [m.capitalize() for m in MONTHS]
        + [d.capitalize() for d in WEEKDAYS]
        + [
            "heute",
            "am heutigen Tag",
            "17.02.2021",
            "5. April 2023",
            "Ende Juni 2021",
            "im Jahr 2024",
            "gestern",
            "am kommenden Montag",
            "Anfang 2019",
            "31.12.",
            "2023/2024",
        ]
    )
    glue = [
        "Stadt",
        "Gemeinde",
        "Große Kreisstadt",
        "Landkreis",
        "der",
        "die",
        "des",
        "und",
        "mit",
        "für",
        "in",
        "im Beisein von",
        "unterzeichneten",
        "haben",
        "unterzeichnet",
        "wurde",
        "fördert",
        "erhält",
        "über",
        "bis zu",
        "rund",
        "mehr als",
        "Dr.",
        "Prof.",
        "Freistaat",
        "Euro",
        "€",
        "Fördermittel in Höhe von",
        "Polizeidirektion",
        "Meeraner",
        "Bürgermeister",
        ":",
        ",",
        ".",
        "»",
        "«",
        "(",
        ")",
        "–",
        "\n\n",
        "\n",
    ]
    return communes + kreise + first + roles + terms + surnames + units + numbers + dates + glue


def _join(parts: list[str]) -> str:
    return " ".join(parts).replace(" \n", "\n")


def german_text() -> st.SearchStrategy[str]:
    """Sequences of lexicon words and phrases: near-sentences the rules must not trip over."""
    words = (
        st.sampled_from(_vocabulary())
        | st.integers(0, 10**9).map(str)
        | st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", "."))
    )
    return st.lists(words, min_size=1, max_size=80).map(_join)


ANY_TEXT = st.text(max_size=1500)
TEXTS = {"unicode": ANY_TEXT, "german": german_text(), "mixed": st.tuples(german_text(), ANY_TEXT).map(" ".join)}
RELEASES = st.builds(ReleaseInfo, date=st.none() | st.dates(date(1990, 1, 1), date(2035, 12, 31)))


# ---------------------------------------------------------------- what every record must satisfy


def _check_spans(records: Sequence[Fact], text: str) -> None:
    starts = [r.start for r in records if r.start >= 0]
    assert starts == sorted(starts), "records not sorted by start"
    for r in records:
        assert isinstance(r.rule, str) and r.rule
        if r.start < 0:  # a fact read from the letterhead, outside the clean text
            assert r.start == -1
            continue
        assert 0 <= r.start <= r.end <= len(text), (r.start, r.end, len(text))
        assert text[r.start : r.end] == r.text


def _finite(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _check_value(r: Fact) -> None:
    if isinstance(r, DateMention):
        assert isinstance(r.value, date)
        assert r.end_value is None or r.end_value >= r.value
    elif isinstance(r, CommuneMention):
        assert (AGS_RE if r.level == "gemeinde" else KREIS_RE).match(r.ags), r.ags
        assert r.name
    elif isinstance(r, PersonMention):
        assert r.name.strip() == r.name and r.name and r.surname
    elif isinstance(r, Quote):
        assert r.speaker
    elif isinstance(r, Money):
        assert _finite(r.amount) and r.amount >= 0 and r.currency == "EUR"
        assert r.amount_max is None or (_finite(r.amount_max) and r.amount_max >= r.amount)
        assert r.recipient_ags is None or AGS_RE.match(r.recipient_ags)
    elif isinstance(r, Figure):
        assert _finite(r.value) and r.value >= 0 and r.unit and r.measure
        assert r.value_max is None or (_finite(r.value_max) and r.value_max >= r.value)
    elif isinstance(r, Ordinal):
        assert isinstance(r.value, int) and r.value > 0 and r.orders
    elif isinstance(r, Agreement):
        assert AGS_RE.match(r.commune_ags) and r.commune
        assert r.date is None or isinstance(r.date, date)


def _check(records: Sequence[Fact], text: str) -> None:
    _check_spans(records, text)
    for r in records:
        _check_value(r)


# ---------------------------------------------------------------- the extractors


def _dates(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    return list(extract_dates(doc, rel))


def _communes(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    return list(extract_communes(doc, rel))


def _people(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    people, quotes = extract_people(doc, rel, extract_communes(doc, rel))
    _check(quotes, doc.text)
    return list(people)


def _money(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    return list(extract_money(doc, rel, extract_communes(doc, rel)))


def _figures(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    money = extract_money(doc, rel, extract_communes(doc, rel))
    return list(extract_figures(doc, rel, money, extract_dates(doc, rel)))


def _ordinals(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    return list(extract_ordinals(doc, rel))


def _agreements(doc: Any, rel: ReleaseInfo) -> list[Fact]:
    communes = extract_communes(doc, rel)
    people, _ = extract_people(doc, rel, communes)
    return list(extract_agreements(doc, rel, communes, people, extract_dates(doc, rel), extract_ordinals(doc, rel)))


EXTRACTORS: dict[str, Callable[[Any, ReleaseInfo], list[Fact]]] = {
    "dates": _dates,
    "communes": _communes,
    "people": _people,
    "money": _money,
    "figures": _figures,
    "ordinals": _ordinals,
    "agreements": _agreements,
}


ANY_OF_THEM = TEXTS["unicode"] | TEXTS["german"] | TEXTS["mixed"]


@pytest.mark.parametrize("field", list(EXTRACTORS))
@given(text=ANY_OF_THEM, release=RELEASES)
def test_extractor_on_any_text(field: str, text: str, release: ReleaseInfo) -> None:
    doc = make_doc(text)
    _check(EXTRACTORS[field](doc, release), doc.text)


# ---------------------------------------------------------------- readers, cleaner, release


def _raw(text: str) -> RawDocument:
    data = text.encode("utf-8", "surrogatepass")
    return RawDocument(source="fuzz.txt", sha256=sha256(data), format="text", text=text)


@given(text=TEXTS["unicode"] | TEXTS["german"])
def test_clean_maps_every_character_back(text: str) -> None:
    cleaned = clean(_raw(text))
    assert isinstance(cleaned, CleanText)
    for i in range(len(cleaned.text)):
        raw = cleaned.offsets.raw_offset(i)
        assert raw is None or 0 <= raw < len(text)
    if cleaned.text:
        start, end = cleaned.raw_span(0, len(cleaned.text))
        assert 0 <= start <= end <= len(text)


@given(text=TEXTS["unicode"] | TEXTS["german"] | TEXTS["mixed"])
def test_release_info_is_well_formed(text: str) -> None:
    cleaned = clean(_raw(text))
    info = extract_release(cleaned)
    assert info.date is None or isinstance(info.date, date)
    if info.title_span is not None:
        start, end = info.title_span
        assert 0 <= start <= end <= len(cleaned.text)
    if info.date_span is not None:
        start, end = info.date_span
        assert 0 <= start <= end <= len(cleaned.text)


def _read(data: bytes, name: str) -> None:
    """A reader returns a RawDocument or raises one of pressdb's errors naming the file; nothing else."""
    try:
        raw = read_bytes(data, name)
    except PressdbError as exc:
        assert name in str(exc)
        return
    assert isinstance(raw.text, str) and raw.sha256 == sha256(data)
    if raw.layout is not None and raw.text:
        box = raw.layout.locate(0, len(raw.text))
        assert box is None or box.page >= 1
    clean(raw)


@functools.cache
def _valid_pdf() -> bytes:
    return pdf_factory.one_column_pdf()


@given(data=st.binary(max_size=4096))
def test_reader_on_any_bytes(data: bytes) -> None:
    _read(data, "fuzz.bin")


@given(text=TEXTS["unicode"] | TEXTS["german"], encoding=st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]))
def test_reader_on_text_in_any_encoding(text: str, encoding: str) -> None:
    _read(text.encode(encoding, "replace"), "fuzz.txt")


@given(tail=st.binary(max_size=2048))
def test_reader_on_pdf_like_bytes(tail: bytes) -> None:
    _read(b"%PDF-1.4\n" + tail, "fuzz.pdf")


@given(st.data())
def test_reader_on_damaged_pdf(data: st.DataObject) -> None:
    """A valid PDF with bytes overwritten, cut or inserted somewhere."""
    pdf = bytearray(_valid_pdf())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(pdf) - 1))
        action = data.draw(st.sampled_from(["overwrite", "cut", "insert"]))
        chunk = data.draw(st.binary(min_size=1, max_size=16))
        if action == "overwrite":
            pdf[at : at + len(chunk)] = chunk
        elif action == "cut":
            del pdf[at : at + len(chunk)]
        else:
            pdf[at:at] = chunk
    _read(bytes(pdf), "fuzz.pdf")


# ---------------------------------------------------------------- web pages and crafted runs, through the pipeline

_MARKUP = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<nav><a href='/'>Start</a></nav>",
        "<article>",
        "</article>",
        "<h1>Riesa erhält Förderung</h1>",
        "<br>",
        "<script>var x = '<p>';</script>",
        "<!-- Kommentar -->",
        "&amp;",
        "&#8222;",
        "&nbsp;",
        "<footer>Impressum</footer>",
        "<meta property='og:url' content='https://example.org/a'>",
        "<time datetime='2022-09-12'>12.09.2022</time>",
    ]
)


@given(pieces=st.lists(_MARKUP | TEXTS["german"] | st.text(max_size=40), max_size=40))
def test_web_page_through_trafilatura_and_the_pipeline(pieces: list[str]) -> None:
    """Any page gives facts whose spans lie in the clean text and map back into the markup, or a typed error."""
    from extract.pipeline import process

    markup = "<!DOCTYPE html><html><head><title>Seite</title></head><body>" + "".join(pieces) + "</body></html>"
    try:
        raw = read_bytes(markup.encode("utf-8", "surrogatepass"), "fuzz.html")
    except PressdbError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    assert raw.markup is not None and raw.markup.clean_length == len(raw.text)
    processed = process(raw)
    text = processed.clean.text
    ex = processed.extraction
    for records in (ex.communes, ex.people, ex.money, ex.figures, ex.dates, ex.agreements):
        _check(records, text)


# Runs that made spaCy's tokenizer or the extractors quadratic: brackets, guillemets, quotes, amounts, numbers.
_RUN_UNITS = st.sampled_from(["(", ")", "»", "«", "„", "“", '"', "[", ".", ",", "-", '"5 Euro "', "5 Mio. Euro ", "3 "])
RUNS = st.lists(
    st.tuples(_RUN_UNITS, st.integers(1, 3000)).map(lambda t: t[0] * (t[1] if len(t[0]) == 1 else t[1] // 10 + 1))
    | TEXTS["german"],
    min_size=1,
    max_size=6,
).map("".join)


@given(text=RUNS)
def test_tokenizer_and_extractors_on_punctuation_runs(text: str) -> None:
    """Runs of punctuation and repeated amounts: valid facts, and time linear in the text (no run takes seconds)."""
    import time

    from extract.pipeline import process

    started = time.perf_counter()
    processed = process(_raw(text))
    seconds = time.perf_counter() - started
    doc, clean_text = processed.doc, processed.clean.text
    assert doc.text == clean_text
    ex = processed.extraction
    for records in (ex.communes, ex.people, ex.money, ex.figures, ex.dates, ex.ordinals, ex.agreements):
        _check(records, clean_text)
    assert all(len(s) <= 200 for s in doc.sents)
    assert seconds < 5 + len(text) / 2_000, (seconds, len(text))  # some 0.1 ms a character at worst, loaded

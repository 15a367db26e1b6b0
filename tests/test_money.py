"""Money: German euro amounts with exact values, qualifiers, kinds and recipients."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extract.fields.money import extract_money
from extract.nlp import make_doc
from extract.records import CommuneMention, Money, ReleaseInfo

RELEASE = ReleaseInfo(date=date(2021, 2, 17))
AGS = {
    "Großenhain": "14627060",
    "Lunzenau": "14522350",
    "Zittau": "14626610",
    "Leipzig": "14713000",
    "Eibenstock": "14521170",
    "Pausa-Mühltroff": "14523310",
    "Kamenz": "14625250",
}


def _communes(text: str) -> list[CommuneMention]:
    """Commune mentions built by hand, as the communes extractor would pass them in."""
    out = []
    for name, ags in AGS.items():
        start = text.find(name)
        while start >= 0:
            out.append(CommuneMention(text=name, start=start, end=start + len(name), rule="test", ags=ags, name=name))
            start = text.find(name, start + 1)
    return sorted(out, key=lambda c: c.start)


def _money(text: str) -> list[Money]:
    return extract_money(make_doc(text), RELEASE, _communes(text))


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Das Projekt wird mit 21.150,- Euro gefördert.", ["21150"]),
        ("Die Gemeinde erhält 21.150 € für den Umbau.", ["21150"]),
        ("Bewilligt wurden EUR 21.150 für die Sanierung.", ["21150"]),
        ("Dafür stehen 13.000 Euro bereit.", ["13000"]),
        ("Der Bescheid über 307 000 Euro wurde übergeben.", ["307000"]),
        ("Landesweit stehen 1,1 Millionen Euro zur Verfügung.", ["1100000"]),
        ("Das Land gibt 1,3 Mio. € dazu.", ["1300000"]),
        ("Insgesamt fließen 2 Mrd. Euro in den Ausbau.", ["2000000000"]),
        ("Der Freistaat stellt eine Million Euro bereit.", ["1000000"]),
        ("Fünf Millionen Euro Fördergelder für die Kultur", ["5000000"]),
        ("Für drei Schulen gibt es rund einer Million Euro.", ["1000000"]),
        ("Das Programm umfasst eine halbe Million Euro.", ["500000"]),
        ("Die Summe beträgt 64,45 Millionen Euro.", ["64450000"]),
        ("Herzzentrum: 150 Millionen. Euro für den Neubau.", ["150000000"]),
        ("Gefördert werden Vorhaben zwischen 5.000 und 10.000 Euro.", ["5000", "10000"]),
        ("Die Zuschüsse liegen zwischen 10.000 Euro und 600.000 Euro.", ["10000", "600000"]),
        ("Es gibt 70 Euro je Einwohner.", ["70"]),
    ],
)
def test_amounts_are_exact_euros(text: str, amounts: list[str]) -> None:
    found = _money(text)
    assert [m.amount for m in found] == [Decimal(a) for a in amounts]
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "Telefon: +49 351 564-3040, Fax: 0351 564-3049",
        "Im Jahr 2021 beteiligten sich 102 Kommunen.",
        "Der Fördersatz wurde auf 90 Prozent festgelegt.",
        "Mehrere Millionen Euro für die Feuerwehren",
        "Es geht um mehrere Tausend Euro.",
        "Die Europäische Union und der Euroraum",
        "Die Sitzung beginnt um 14 Uhr im Saal 3.",
    ],
)
def test_no_amount(text: str) -> None:
    assert _money(text) == []


@pytest.mark.parametrize(
    ("text", "qualifier", "period"),
    [
        ("Es stehen etwa 1,3 Millionen Euro zur Verfügung.", "etwa", None),
        ("Der Bescheid über mehr als 13.000 Euro wurde übergeben.", "mehr als", None),
        ("Gefördert wird mit bis zu 5.000 Euro.", "bis zu", None),
        ("Die Stadt erhält knapp 51.000 Euro.", "knapp", None),
        ("Das Land stellt jährlich 1,3 Millionen Euro bereit.", None, "jährlich"),
        ("Es stehen 30 Mio. Euro pro Jahr zur Verfügung.", None, "pro Jahr"),
        ("Es gibt 70 Euro je Einwohner.", None, "je Einwohner"),
        ("Damit stehen 21.150 Euro bereit.", None, None),
    ],
)
def test_qualifier_and_period_kept_apart(text: str, qualifier: str | None, period: str | None) -> None:
    (m,) = _money(text)
    assert (m.qualifier, m.period) == (qualifier, period)


@pytest.mark.parametrize(
    ("text", "kind", "ags"),
    [
        (
            "Der Minister hat der Freiwilligen Feuerwehr Lunzenau einen Förderbescheid über 13.000 Euro übergeben.",
            "grant",
            "14522350",
        ),
        ("Mehr als 13.000 Euro für Lunzenau", "grant", "14522350"),
        ("In Zittau übergibt der Minister einen Fördermittelbescheid von rund 545.000 Euro.", "grant", "14626610"),
        ("Landesweit stehen im Doppelhaushalt etwa 1,3 Millionen Euro zur Verfügung.", "budget", None),
        ("Die Gesamtbaukosten betragen rund 726.000 Euro.", "cost", None),
        ("Wer falsch parkt, zahlt ein Bußgeld von 55 Euro.", "fine", None),
        ("- Krankenhaus St. Johannes Kamenz: 89.690 Euro für den Umbau", "grant", None),
        (
            "Der Freistaat fördert Sporthallen in Eibenstock und Pausa-Mühltroff mit zusammen 2,7 Millionen Euro.",
            "grant",
            None,
        ),
        ("Sachsen unterstützt Investitionen von Krankenhäusern mit rund 193 Millionen Euro", "budget", None),
    ],
)
def test_kind_and_recipient(text: str, kind: str, ags: str | None) -> None:
    (m,) = _money(text)
    assert (m.kind, m.recipient_ags) == (kind, ags)


def test_each_amount_gets_the_commune_named_before_it() -> None:
    text = "Eibenstock bekommt rund 1,3 Millionen Euro für eine Halle und Pausa-Mühltroff 1,4 Millionen Euro."
    assert [m.recipient_ags for m in _money(text)] == ["14521170", "14523310"]


def test_seed_release_grant_with_purpose_year_and_funder() -> None:
    text = (
        "Die Vereinbarung zielt auf die Umsetzung der durch die Stadt Großenhain geplanten Präventionskampagne.\n\n"
        "Das eingereichte Präventionsprojekt wird durch den Freistaat finanziell mit 21.150,- Euro im Jahr 2021 "
        "gefördert."
    )
    (m,) = _money(text)
    assert (m.amount, m.kind, m.recipient_ags, m.year, m.funder) == (
        Decimal("21150"),
        "grant",
        "14627060",
        "2021",
        "Freistaat",
    )


@pytest.mark.parametrize(
    ("text", "purpose", "year"),
    [
        (
            "Der Freistaat stellt 1,1 Millionen Euro für die Umsetzung der Präventionsstrategien bereit.",
            "für die Umsetzung der Präventionsstrategien",
            None,
        ),
        ("Im Doppelhaushalt 2019/20 sollen hierfür insgesamt 140.000 Euro bereitstehen.", None, "2019/20"),
        (
            "Es stehen 30 Mio. Euro zur Stärkung der Finanzkraft kleiner Gemeinden zur Verfügung.",
            "zur Stärkung der Finanzkraft kleiner Gemeinden",
            None,
        ),
    ],
)
def test_purpose_and_year(text: str, purpose: str | None, year: str | None) -> None:
    (m,) = _money(text)
    assert (m.purpose, m.year) == (purpose, year)

"""Money: German euro amounts with exact values, qualifiers, kinds and recipients."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from extract.contract import CONTRACT_MONEY_KIND, to_contract
from extract.fields.money import extract_money
from extract.nlp import make_doc
from extract.pipeline import process
from extract.read import read_bytes
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


# Held-out genre sentences run through the whole pipeline (real commune extraction, real gazetteer AGS).
# Each expected entry is (euros, contract kind, recipient AGS).
PIPELINE_CASES: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    # Totals handed over somewhere: the place of the hand-over receives nothing.
    (
        "Staatsminister Thomas Schmidt hat heute in Markneukirchen Fördermittel von insgesamt 2,4 Millionen Euro "
        "für 17 Dorfgemeinschaftshäuser übergeben.",
        [("2400000", "budget", None)],
    ),
    (
        "Innenminister Armin Schuster hat am Montag in Oederan Förderbescheide über insgesamt 1,2 Millionen Euro "
        "an 14 Feuerwehren aus Mittelsachsen übergeben.",
        [("1200000", "budget", None)],
    ),
    (
        "In Olbernhau überreichte Kultusminister Christian Piwarz Bescheide von zusammen 3,1 Millionen Euro für "
        "23 Schulen im Erzgebirgskreis.",
        [("3100000", "budget", None)],
    ),
    ("Insgesamt 4,5 Millionen Euro gehen an 31 Vereine in ganz Sachsen.", [("4500000", "budget", None)]),
    # Coordination with an elided verb: each amount goes to the commune named with it.
    (
        "Die Gemeinde Bad Brambach erhält 180.000 Euro, die Stadt Adorf/Vogtl. rund 95.000 Euro.",
        [("180000", "grant", "14523030"), ("95000", "grant", "14523010")],
    ),
    (
        "Die Stadt Mittweida wird mit 430.000 Euro gefördert, die Stadt Rochlitz mit 210.000 Euro.",
        [("430000", "grant", "14522360"), ("210000", "grant", "14522490")],
    ),
    (
        "Riesa erhält 350.000 Euro und Meißen 250.000 Euro.",
        [("350000", "grant", "14627230"), ("250000", "grant", "14627140")],
    ),
    (
        "Die Gemeinde Klingenthal erhält 1,1 Mio. Euro; weitere 800.000 Euro gehen an die Stadt Auerbach/Vogtl.",
        [("1100000", "grant", "14523160"), ("800000", "grant", "14523020")],
    ),
    # Totals split into shares ("davon", "von den"): the total has no recipient, the share has.
    (
        "Der Freistaat unterstützt beide Städte mit zusammen 48.500 Euro; davon erhält Plauen 30.000 Euro für einen "
        "Präventionsbeauftragten.",
        [("48500", "budget", None), ("30000", "grant", "14523320")],
    ),
    (
        "Der Freistaat stellt den Modellkommunen Wurzen, Eilenburg und Schkeuditz insgesamt 900.000 Euro bereit. "
        "Davon erhält Wurzen 400.000 Euro.",
        [("900000", "budget", None), ("400000", "grant", "14729410")],
    ),
    (
        "Von den 3 Millionen Euro gehen 1,2 Millionen Euro an die Stadt Delitzsch.",
        [("3000000", "budget", None), ("1200000", "grant", "14730070")],
    ),
    # Recipients named before or after the amount, and institutions of a town.
    (
        "Die Freiwillige Feuerwehr Oederan erhält 240.000 Euro für ein neues Löschfahrzeug.",
        [("240000", "grant", "14522440")],
    ),
    ("Die Grundschule Lichtenstein bekommt 1,8 Millionen Euro für ihren Neubau.", [("1800000", "grant", "14524160")]),
    (
        "Die Stadt Zwickau erhält vom Freistaat einen Zuschuss von 750.000 Euro für die Sanierung des Rathauses.",
        [("750000", "grant", "14524330")],
    ),
    (
        "Kulturministerin Barbara Klepsch übergab der Stadt Görlitz einen Fördermittelbescheid über 420.000 Euro.",
        [("420000", "grant", "14626110")],
    ),
    (
        "Mit 95.000 Euro unterstützt das Land die Gemeinde Bad Elster beim Umbau des Kurparks.",
        [("95000", "grant", "14523040")],
    ),
    (
        "Die Stadt Leipzig erhält vom Bund mehr als 30 Millionen Euro für den Ausbau von Kitas.",
        [("30000000", "grant", "14713000")],
    ),
    (
        "Der Kultusminister übergab in Radebeul einen Bescheid über 2,9 Millionen Euro für die Sanierung der "
        "Oberschule.",
        [("2900000", "grant", "14627210")],
    ),
    ("Zu den Geförderten gehört die Stadt Sebnitz mit 70.000 Euro.", [("70000", "grant", "14628360")]),
    (
        "Die Kosten für das neue Feuerwehrhaus in Flöha belaufen sich auf 1,6 Millionen Euro, der Freistaat fördert "
        "das Vorhaben mit 900.000 Euro.",
        [("1600000", "other", None), ("900000", "grant", "14522140")],
    ),
    (
        "Die Stadt Torgau rechnet mit Gesamtkosten von 650.000 Euro, davon übernimmt der Freistaat 520.000 Euro.",
        [("650000", "other", None), ("520000", "grant", "14730310")],
    ),
    ("Eine Million Euro für das Stadtmuseum Bautzen", [("1000000", "grant", "14625020")]),
    # Recipients without an AGS: a Landkreis, associations, churches, towns outside Saxony, several towns.
    ("Der Landkreis Mittelsachsen erhält für den Breitbandausbau 12,5 Millionen Euro.", [("12500000", "grant", None)]),
    ("Der Sportverein SV Grün-Weiß Pirna erhält 25.000 Euro für seinen Kunstrasenplatz.", [("25000", "grant", None)]),
    ("Die Kirchgemeinde Zschopau erhält 60.000 Euro für die Orgelsanierung.", [("60000", "grant", None)]),
    ("Auch die Stadt Bayreuth in Bayern erhält 50.000 Euro aus dem Programm.", [("50000", "grant", None)]),
    (
        "Der Zweckverband Kommunale Informationsverarbeitung Sachsen erhält 2 Mio. Euro.",
        [("2000000", "grant", None)],
    ),
    ("Die Städte Riesa und Meißen erhalten zusammen 600.000 Euro.", [("600000", "grant", None)]),
    # Lists "- Name: amount".
    (
        "Folgende Empfänger erhalten Mittel:\n- Stadt Freiberg: 120.000 Euro\n- Gemeinde Großschönau: 45.500 Euro\n"
        "- Landkreis Görlitz: 300.000 Euro\n- Förderverein Schloss Colditz e.V.: 12.000 Euro",
        [
            ("120000", "grant", "14522180"),
            ("45500", "grant", "14626140"),
            ("300000", "grant", None),
            ("12000", "grant", None),
        ],
    ),
    # Programmes, budgets, rates, ranges.
    (
        "Für den Ausbau des schnellen Internets stellt der Freistaat in diesem Jahr bis zu 200 Millionen Euro bereit.",
        [("200000000", "budget", None)],
    ),
    ("Insgesamt stehen mehr als 1,5 Mrd. Euro zur Verfügung.", [("1500000000", "budget", None)]),
    ("Jede Gemeinde erhält pauschal 20 Euro je Einwohner.", [("20", "budget", None)]),
    (
        "Kommunen können Zuschüsse zwischen 5.000 und 50.000 Euro beantragen.",
        [("5000", "budget", None), ("50000", "budget", None)],
    ),
    ("Je Vorhaben sind bis zu 25.000 Euro möglich.", [("25000", "budget", None)]),
    ("Sachsen gibt 2024 insgesamt 4,2 Mrd. Euro für Schulen aus.", [("4200000000", "budget", None)]),
    ("Zwei Millionen Euro für Brandschutz in Schulen", [("2000000", "budget", None)]),
    (
        "Förderprogramm „Vitale Dorfkerne“: 5 Mio. Euro für kleine Gemeinden",
        [("5000000", "budget", None)],
    ),
    (
        "Das Land fördert den Bau von 120 Kilometern Radwegen mit 9 Millionen Euro.",
        [("9000000", "budget", None)],
    ),
    (
        "Seit 2015 hat das Land mehr als 50 Millionen Euro in Feuerwehrhäuser investiert.",
        [("50000000", "budget", None)],
    ),
    # Costs, damages, fines, prices, values.
    ("Die Sanierung der Turnhalle in Döbeln kostet rund 2,3 Millionen Euro.", [("2300000", "other", None)]),
    (
        "Wer mit dem Handy am Steuer erwischt wird, muss mit einem Bußgeld von 100 Euro rechnen.",
        [("100", "other", None)],
    ),
    ("Der Schaden in Werdau wird auf etwa 80.000 Euro geschätzt.", [("80000", "other", None)]),
    ("Die Polizei stellte in Chemnitz Diebesgut im Wert von 15.000 Euro sicher.", [("15000", "other", None)]),
    ("Mehr als 2.000 Euro Strafe muss ein Autofahrer aus Grimma zahlen.", [("2000", "other", None)]),
    ("Der Eintritt zum Konzert in Freital kostet 12 Euro.", [("12", "other", None)]),
    ("Das Gesamtinvestitionsvolumen in Kamenz beträgt 5 Millionen Euro.", [("5000000", "other", None)]),
    ("Der Umsatz der Firma stieg auf 12 Millionen Euro.", [("12000000", "other", None)]),
    ("Die Gewerbesteuereinnahmen der Stadt Meißen stiegen auf 20 Millionen Euro.", [("20000000", "other", None)]),
    ("Karten sind für 15 Euro an der Abendkasse erhältlich.", [("15", "other", None)]),
    (
        "Die Gemeinden sollen eine Investitionspauschale von insgesamt 82 Millionen Euro erhalten.",
        [("82000000", "budget", None)],
    ),
    # Further structures: coordinated datives, shares "entfallen auf", districts next to their town, spending.
    (
        "Bei einem Besuch in Zittau überreichte Staatssekretär Frank Pfeil Förderbescheide für elf Sportvereine "
        "der Oberlausitz mit einem Gesamtvolumen von 640.000 Euro.",
        [("640000", "budget", None)],
    ),
    (
        "Für die Sanierung des Gerätehauses der Freiwilligen Feuerwehr Stollberg gibt es 310.000 Euro.",
        [("310000", "grant", "14521590")],
    ),
    (
        "Der Freistaat hat der Gemeinde Schöneck/Vogtl. 85.000 Euro bewilligt, der Stadt Oelsnitz/Vogtl. 120.000 Euro.",
        [("85000", "grant", "14523370"), ("120000", "grant", "14523300")],
    ),
    (
        "Crimmitschau bekommt 400.000 Euro, Werdau 350.000 Euro und Glauchau 275.000 Euro.",
        [("400000", "grant", "14524030"), ("350000", "grant", "14524300"), ("275000", "grant", "14524080")],
    ),
    (
        "Das Kultusministerium stellt den Schulträgern der Städte Freiberg und Döbeln zusammen 5,2 Millionen Euro "
        "zur Verfügung; davon entfallen 3 Millionen Euro auf Freiberg.",
        [("5200000", "budget", None), ("3000000", "grant", "14522180")],
    ),
    ("Ein 32-Jähriger aus Freiberg muss 1.500 Euro Geldstrafe zahlen.", [("1500", "other", None)]),
    ("Die Reparatur der Brücke in Colditz wird rund 340.000 Euro kosten.", [("340000", "other", None)]),
    (
        "Nach Angaben der Stadt Limbach-Oberfrohna beläuft sich der Sachschaden auf 45.000 Euro.",
        [("45000", "other", None)],
    ),
    (
        "Die Landesdirektion Sachsen bewilligte der Stadt Frankenberg/Sa. Fördermittel in Höhe von 1,35 Millionen "
        "Euro für das neue Feuerwehrgerätehaus.",
        [("1350000", "grant", "14522150")],
    ),
    (
        "An die Gemeinde Großschönau gehen 230.000 Euro aus dem Programm „Vitale Dorfkerne“.",
        [("230000", "grant", "14626140")],
    ),
    ("Pro Kopf erhalten die Kommunen damit 35 Euro.", [("35", "budget", None)]),
    ("Der Freistaat zahlt jeder Kommune eine Pauschale von 100.000 Euro.", [("100000", "budget", None)]),
    (
        "In Döbeln übergab die Ministerin heute Bescheide für 25 Projekte im Landkreis Mittelsachsen über "
        "insgesamt 4,8 Millionen Euro.",
        [("4800000", "budget", None)],
    ),
    ("Die Stadt Hoyerswerda erhält für zwölf Spielplätze insgesamt 600.000 Euro.", [("600000", "grant", "14625240")]),
    ("Insgesamt wurden 2023 rund 12 Millionen Euro an Bußgeldern eingenommen.", [("12000000", "other", None)]),
    ("Die Gemeinde Bad Elster hat 2022 für ihren Kurpark 40.000 Euro erhalten.", [("40000", "grant", "14523040")]),
    ("Die Stadtbibliothek Annaberg-Buchholz erhält 18.000 Euro für neue Medien.", [("18000", "grant", "14521020")]),
    ("Die Grundschule „Am Park“ in Markkleeberg erhält 95.000 Euro.", [("95000", "grant", "14729260")]),
    ("Der Verein Kulturbahnhof Stollberg e.V. bekommt 15.000 Euro.", [("15000", "grant", None)]),
    ("Mehr als eine Million Euro für Kitas in Hoyerswerda", [("1000000", "grant", "14625240")]),
    (
        "Der Landkreis Zwickau bekommt 2,2 Millionen Euro, die Stadt Zwickau 800.000 Euro.",
        [("2200000", "grant", None), ("800000", "grant", "14524330")],
    ),
    (
        "Von den insgesamt 8 Millionen Euro fließen 2,5 Millionen Euro in die Sanierung von Sporthallen.",
        [("8000000", "budget", None), ("2500000", "budget", None)],
    ),
    # No amount at all.
    ("Das Rathaus Glauchau ist unter 03763 650 erreichbar; der Stammtisch beginnt um 19 Uhr.", []),
    ("Die Gemeinde Großschönau zählt 5.400 Einwohner und 12 Ortsteile.", []),
]


def _pipeline_money(text: str) -> list[tuple[Decimal, str, str | None]]:
    raw = read_bytes(text.encode("utf-8"), "held-out.txt")
    found = process(raw).extraction.money
    return [(m.amount, CONTRACT_MONEY_KIND[m.kind], m.recipient_ags) for m in found]


@pytest.mark.parametrize(("text", "expected"), PIPELINE_CASES)
def test_held_out_kind_and_recipient(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _pipeline_money(text) == [(Decimal(a), k, ags) for a, k, ags in expected]


# Who receives the money decides its kind (sentences written for these tests; invented people).
# Each expected entry is (euros, contract kind, recipient AGS).
RECIPIENT_CASES: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    # Clubs, associations and companies: a grant, but the town in their name receives nothing.
    ("Der FSV Grün-Weiß Görlitz erhält 18.000 Euro für seinen Kunstrasenplatz.", [("18000", "grant", None)]),
    (
        "Der Spielsportverein 1949 Oschatz saniert mit einem Landesanteil von 41.500 Euro das Dach.",
        [("41500", "grant", None)],
    ),
    ("So stehen der Sportgemeinschaft Kleinwaltersdorf 62.300 Euro zur Verfügung.", [("62300", "grant", None)]),
    (
        "Beim SV Motor Glauchau wird die Flutlichtanlage erneuert, der Freistaat unterstützt dies mit 23.400 Euro.",
        [("23400", "grant", None)],
    ),
    ("- TSV 1861 Zittau: 9.800 Euro\n- SG Empor Riesa: 7.250 Euro", [("9800", "grant", None), ("7250", "grant", None)]),
    # Addressees: whoever the notice is handed to receives it; the town of the hand-over does not.
    (
        "Die Ministerin hat heute in Freiberg einen Bescheid über 250.000 Euro an die Kirchgemeinde St. Petri "
        "übergeben.",
        [("250000", "grant", None)],
    ),
    (
        "Der Minister übergibt einen Scheck über 1,2 Millionen Euro an den Landrat des Landkreises Meißen, Max Muster.",
        [("1200000", "grant", None)],
    ),
    (
        "Die Staatssekretärin übergab einen Bescheid über 640.000 Euro an den Oberbürgermeister der Stadt Plauen.",
        [("640000", "grant", "14523320")],
    ),
    (
        "Der Minister hat heute in Bautzen Fördermittelbescheide für die Region Oberlausitz über 2,2 Millionen Euro "
        "überreicht.",
        [("2200000", "grant", None)],
    ),
    # Shares in brackets after named recipients; a split between groups is a budget.
    (
        "Die Mittel gehen an die Tourismusregionen Dresden Elbland (700.000 Euro) und Vogtland (350.000 Euro).",
        [("700000", "grant", None), ("350000", "grant", None)],
    ),
    (
        "Damit sind die Gelder zwischen Städten (1,5 Mio. Euro) und ländlichem Raum (1,4 Mio. Euro) verteilt.",
        [("1500000", "budget", None), ("1400000", "budget", None)],
    ),
    # Several bodies, each with its amount.
    (
        "Gefördert werden der Landesverband der Gartenfreunde mit 40.000 Euro und die Jugendherbergen mit 25.000 Euro.",
        [("40000", "grant", None), ("25000", "grant", None)],
    ),
    # A programme's or a group's means, and rates: budgets.
    ("Die Feuerwehren im Land bekommen in diesem Jahr 19 Millionen Euro.", [("19000000", "budget", None)]),
    (
        "Die Landkreise und kreisfreien Städte sollen in den kommenden Jahren 80 Millionen Euro erhalten.",
        [("80000000", "budget", None)],
    ),
    ("Seit 1991 wurden insgesamt rund 2,1 Milliarden Euro bewilligt.", [("2100000000", "budget", None)]),
    ("Der Verband erhält 20 Euro je Mitglied.", [("20", "budget", None)]),
    (
        "Die Regierung will den Neustart des Tourismus mit weiteren drei Millionen Euro fördern.",
        [("3000000", "budget", None)],
    ),
    # One act to several named recipients: a grant without one AGS.
    (
        "Der Minister überreichte Bescheide über 1,6 Millionen Euro für Projekte in Kamenz, Elstra und Pulsnitz.",
        [("1600000", "grant", None)],
    ),
    # Parts of a grant inherit its recipient; a release about one town carries it on.
    (
        "Die Stadt Pirna erhält 2 Millionen Euro, davon 1,2 Millionen Euro aus dem Bund-Länder-Programm Stadtumbau.",
        [("2000000", "grant", "14628270"), ("1200000", "grant", "14628270")],
    ),
    (
        "Die Stadt Oschatz erhält 900.000 Euro für die Sanierung des Rathauses.\n"
        "Finanzhilfen in Höhe von 300.000 Euro sind für den Ausbau der Kita vorgesehen.",
        [("900000", "grant", "14730230"), ("300000", "grant", "14730230")],
    ),
    (
        "Die Gemeinde Jahnsdorf/Erzgeb. hat Fördermittel erhalten.\n1. Rund 400.000 Euro aus dem Programm "
        "„Vitale Dorfkerne“\n2. Rund 150.000 Euro aus dem Programm „Brandschutz“",
        [("400000", "grant", "14521310"), ("150000", "grant", "14521310")],
    ),
    (
        "Auch Werdau kann mit den Zuschüssen von rund 700.000 Euro Gebäude sanieren. Seit 2010 wurde die Stadt mit "
        "rund acht Millionen Euro aus dem Programm gefördert.",
        [("700000", "grant", "14524300"), ("8000000", "grant", "14524300")],
    ),
    # The headline names the same fact as the body.
    (
        "Drei Millionen Euro für Sporthallen\n\nInnenminister Tom Beispiel übergab heute in Döbeln drei Millionen "
        "Euro an die Städte Döbeln und Waldheim.",
        [("3000000", "grant", None), ("3000000", "grant", None)],
    ),
    # Money without "Euro" whose noun says it is money.
    ("Seit 2015 erhielt die Stadt Mittweida rund 2,5 Millionen Fördermittel.", [("2500000", "grant", "14522360")]),
    (
        "Die Gemeinde Bobritzsch-Hilbersdorf bekommt Zuschüsse von 300.000 für den Bau.",
        [("300000", "grant", "14522035")],
    ),
    ("Es wurden zwölf Zuschüsse und 40 Fördermittelbescheide bewilligt.", []),
    # Costs and project limits.
    (
        "Mit dem Geld sollen Projekte unterstützt werden, deren Umfang 20.000 Euro nicht übersteigt.",
        [("20000", "other", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RECIPIENT_CASES)
def test_kind_follows_the_recipient(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _pipeline_money(text) == [(Decimal(a), k, ags) for a, k, ags in expected]


# The recipient is a clean noun phrase (or empty), never a time, an amount or a preposition's leftovers.
CLEAN_RECIPIENT = re.compile(r"^(?!(?:für|an|mit|der|die|das|den|dem)\b)[A-ZÄÖÜa-zäöüß0-9„»\"][^,;:()]*[\w“«\".]$")


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Der Freistaat unterstützt die Allianz in den kommenden zwei Jahren mit jeweils 1,1 Millionen Euro.", None),
        ("Die Landesregierung will ländliche Regionen mit weiteren vier Millionen Euro fördern.", None),
        (
            "Der Bescheid über 402.000 Euro ging an die Ev.-Luth. Kirchgemeinde St. Marien.",
            "Ev.-Luth. Kirchgemeinde St. Marien",
        ),
        (
            "Minister Tom Beispiel überreicht Bescheide über 8 Mio. Euro für zwei Grundschulen in Leipzig und ein "
            "Gymnasium in Aue-Bad Schlema.",
            "zwei Grundschulen",
        ),
        (
            "Der Spielsportverein 1952 Torgau saniert mit einem Landesanteil von 48.000 Euro das Dach.",
            "Spielsportverein 1952 Torgau",
        ),
        (
            "Die Freiwillige Feuerwehr Oederan erhält 240.000 Euro für ein neues Löschfahrzeug.",
            "Freiwillige Feuerwehr Oederan",
        ),
        ("Weiterhin wird der Sächsische Heilbäderverband mit 150.000 Euro gefördert.", "Sächsische Heilbäderverband"),
        ("Die Stadt Falkenstein/Vogtl. bekam rund 500.000 Euro.", "Stadt Falkenstein/Vogtl."),
    ],
)
def test_recipient_is_a_clean_noun_phrase(text: str, recipient: str | None) -> None:
    (m,) = process(read_bytes(text.encode(), "x.txt")).extraction.money
    assert m.recipient == recipient
    if m.recipient is not None:
        assert CLEAN_RECIPIENT.match(m.recipient)
        assert not re.search(r"\b(?:Euro|Millionen?|Jahren?)\b", m.recipient)


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("Die Stadt Zittau erhält 545.000 Euro für die Sanierung der Turnhalle.", "für die Sanierung der Turnhalle"),
        (
            "Der Staatssekretär hat Förderbescheide zur Finanzierung des Breitbandausbaus über 2,3 Millionen Euro "
            "übergeben.",
            "zur Finanzierung des Breitbandausbaus",
        ),
        (
            "Eibenstock bekommt rund 1,3 Millionen Euro für einen Ersatz der alten Sporthalle.",
            "für einen Ersatz der alten Sporthalle",
        ),
        ("Finanzhilfen in Höhe von 300.000 Euro sind für den Ausbau der Kita vorgesehen.", "für den Ausbau der Kita"),
        ("Mehr als eine Million Euro für Stadtumbau", "für Stadtumbau"),
        # Whom, not what for: no purpose.
        ("346.500 Euro für die Freiwillige Feuerwehr in Lunzenau", None),
        ("Der Minister übergab 10 Mio. Euro für zwei Grundschulen in Zittau.", None),
        ("Für das Jahr 2022 stehen Kassenmittel im Umfang von 40 Millionen Euro bereit.", None),
    ],
)
def test_purpose_says_what_the_money_is_for(text: str, purpose: str | None) -> None:
    (m,) = _money(text)
    assert m.purpose == purpose


def test_contract_money_carries_recipient_and_purpose() -> None:
    text = "Die Stadt Zittau erhält 545.000 Euro für die Sanierung der Turnhalle."
    (entry,) = to_contract("x.txt", process(read_bytes(text.encode(), "x.txt")))["money"]
    assert (entry["kind"], entry["recipient_ags"], entry["recipient"], entry["purpose"]) == (
        "grant",
        "14626610",
        "Stadt Zittau",
        "für die Sanierung der Turnhalle",
    )


@pytest.mark.parametrize(
    ("text", "expected", "recipient"),
    [
        ("Für den Neubau der Kita in Ostritz stellt der Freistaat 800.000 Euro bereit.", ("grant", "14626420"), None),
        (
            "Der Förderverein der Grundschule Lunzenau erhält 5.000 Euro.",
            ("grant", None),
            "Förderverein der Grundschule Lunzenau",
        ),
        ("Die Stadtwerke Pirna GmbH erhalten 1 Mio. Euro.", ("grant", None), "Stadtwerke Pirna GmbH"),
        (
            "Oberbürgermeister Max Muster aus Zwickau nahm den Scheck über 50.000 Euro in Empfang.",
            ("grant", "14524330"),
            None,
        ),
        # A ministry "für" something in a reporting clause names no project: the town there receives nothing.
        (
            "Wie das Ministerium für Regionalentwicklung in Dresden mitteilte, stellt der Bund 413.000 Euro "
            "zur Verfügung.",
            ("budget", None),
            None,
        ),
    ],
)
def test_bodies_and_projects_of_a_town(text: str, expected: tuple[str, str | None], recipient: str | None) -> None:
    (m,) = process(read_bytes(text.encode(), "x.txt")).extraction.money
    assert (CONTRACT_MONEY_KIND[m.kind], m.recipient_ags) == expected
    if recipient:
        assert m.recipient == recipient


@pytest.mark.parametrize(
    ("text", "expected", "recipient", "purpose"),
    [
        (
            "Mit der Vereinbarung erhält die Stadt Großenhain eine Förderung von 21.150 Euro für die Kampagne.",
            ("grant", "14627060"),
            "Stadt Großenhain",
            "für die Kampagne",
        ),
        (
            "Die Stadt Zwickau erhält für ihre kommunale Präventionsarbeit 15.000 Euro.",
            ("grant", "14524330"),
            "Stadt Zwickau",
            "für ihre kommunale Präventionsarbeit",
        ),
        (
            "Bürgermeister Tom Muster (Meerane) freut sich über die Förderung von 21.150 Euro.",
            ("grant", "14524190"),
            None,
            None,
        ),
        ("Der Eigenanteil der Stadt Glauchau beträgt 10.000 Euro.", ("other", None), None, None),
        (
            "Der Landkreis Bautzen gibt 200.000 Euro für die Sanierung der Kreisstraßen aus.",
            ("budget", None),
            None,
            "für die Sanierung der Kreisstraßen",
        ),
        ("Jede teilnehmende Kommune erhält 10.000 Euro.", ("budget", None), None, None),
        ("Im Rahmen der Förderrichtlinie erhalten die Kommunen bis zu 25.000 Euro.", ("budget", None), None, None),
        ("Für die Präventionsarbeit erhält die Stadt Riesa 15.000 Euro pro Jahr.", ("grant", "14627230"), None, None),
        (
            "Staatssekretär Max Muster hat heute einen Fördermittelbescheid über 250.000 Euro für ein neues "
            "Löschfahrzeug an die Gemeinde Jonsdorf übergeben.",
            ("grant", "14626210"),
            "Gemeinde Jonsdorf",
            "für ein neues Löschfahrzeug",
        ),
        (
            "Die Breitbandförderung für den Landkreis Mittelsachsen beträgt 30 Millionen Euro.",
            ("grant", None),
            "Landkreis Mittelsachsen",
            None,
        ),
    ],
)
def test_more_genre_sentences(
    text: str, expected: tuple[str, str | None], recipient: str | None, purpose: str | None
) -> None:
    (m,) = process(read_bytes(text.encode(), "x.txt")).extraction.money
    assert (CONTRACT_MONEY_KIND[m.kind], m.recipient_ags) == expected
    if recipient:
        assert m.recipient == recipient
    assert m.purpose == purpose


def test_a_share_of_the_costs_goes_to_the_town_of_the_project() -> None:
    text = (
        "Mit dem Geld wird die Turnhalle der Grundschule in Wilthen saniert. Die Gesamtkosten betragen 700.000 Euro, "
        "der Freistaat fördert mit 450.000 Euro."
    )
    assert _pipeline_money(text) == [(Decimal("700000"), "other", None), (Decimal("450000"), "grant", "14625630")]


def test_a_programme_named_in_a_release_about_one_town_stays_a_budget() -> None:
    text = (
        "Die Stadt Riesa erhält 400.000 Euro aus dem Programm Stadtumbau.\n"
        "Das Bund-Länder-Programm Stadtumbau ist 2019 mit 150 Millionen Euro ausgestattet."
    )
    assert _pipeline_money(text) == [(Decimal("400000"), "grant", "14627230"), (Decimal("150000000"), "budget", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dresden, 12. März 2019. Der Freistaat unterstützt das Projekt mit 20.000 Euro.", ("budget", None)),
        ("Dresden (dpa) - Der Freistaat fördert das Vorhaben mit 20.000 Euro.", ("budget", None)),
        ("Dresden, 12.03.2019 – Die Stadt Riesa erhält 20.000 Euro.", ("grant", "14627230")),
    ],
)
def test_the_datelines_town_receives_nothing(text: str, expected: tuple[str, str | None]) -> None:
    ((_, kind, ags),) = _pipeline_money(text)
    assert (kind, ags) == expected

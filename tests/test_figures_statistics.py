"""Figures in statistics releases (crime, accidents, schools, labour market, harvests), on sentences written here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extract.fields.figures import extract_figures
from extract.nlp import make_doc
from extract.records import ReleaseInfo

RELEASE = ReleaseInfo(date=date(2024, 3, 12))


def pairs(text: str) -> list[tuple[Decimal, str]]:
    return [(f.value, f.unit) for f in extract_figures(make_doc(text), RELEASE, [], [])]


def rules(text: str) -> list[str]:
    return [f.rule for f in extract_figures(make_doc(text), RELEASE, [], [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # percentages and changes
        ("Die Zahl der Diebstähle ist um 3,2 Prozent gestiegen.", [(Decimal("3.2"), "Prozent")]),
        ("Die Quote kletterte binnen eines Jahres auf 6,4 %.", [(Decimal("6.4"), "%")]),
        (
            "Die Aufklärungsquote fiel um 1,8 Prozentpunkte auf 55,9 Prozent.",
            [(Decimal("1.8"), "Prozentpunkte"), (Decimal("55.9"), "Prozent")],
        ),
        ("Gegenüber dem Vorjahr ein Minus von 7 Prozent.", [(Decimal(7), "Prozent")]),
        # a change stated after its count: the elided noun is the one before
        (
            "Gemeldet waren 21.300 freie Ausbildungsstellen, 900 weniger als im Vorjahr.",
            [(Decimal(21300), "Ausbildungsstellen"), (Decimal(900), "Ausbildungsstellen")],
        ),
    ],
)
def test_percentages_and_changes(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Stadt befragt 2500 zufällig ausgewählte Bürger.", [(Decimal(2500), "Bürger")]),
        ("Der Bogen ging an 800 repräsentativ ermittelten Haushalten.", [(Decimal(800), "Haushalten")]),
        ("Am Unfallort wurden 14 schwer verletzte Personen versorgt.", [(Decimal(14), "Personen")]),
        ("Die Polizei zählte 4.870 registrierte Fälle.", [(Decimal(4870), "Fälle")]),
        ("Es gibt 310 neu eingestellte Lehrkräfte.", [(Decimal(310), "Lehrkräfte")]),
        ("Die Wehr erhält 12 neue, moderne Fahrzeuge.", [(Decimal(12), "Fahrzeuge")]),
        ("Wir haben 40, die kommen, und 12 weitere Gäste.", [(Decimal(12), "Gäste")]),
    ],
)
def test_adverbs_and_participles_between_number_and_noun(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Ort hat eine Einwohnerzahl von ca. 4.600.", [(Decimal(4600), "Einwohner")]),
        ("Die Zahl der Arbeitslosen sank im Mai auf 118.250.", [(Decimal(118250), "Arbeitslosen")]),
        (
            "Die Zahl der Verkehrstoten stieg von 131 auf 144.",
            [(Decimal(131), "Verkehrstoten"), (Decimal(144), "Verkehrstoten")],
        ),
        ("Die Anzahl der registrierten Einbrüche liegt bei 2.050 und damit niedriger.", [(Decimal(2050), "Einbrüche")]),
        ("Die Zahl der Erstklässler beträgt in diesem Schuljahr 37.900.", [(Decimal(37900), "Erstklässler")]),
        ("Zahl der Verkehrsunfälle: 96.400", [(Decimal(96400), "Verkehrsunfälle")]),
        ("Die Besucherzahl erreichte mit rund 52.000 einen Rekord.", [(Decimal(52000), "Besucher")]),
        ("Die Übernachtungszahlen stiegen auf 1,2 Millionen.", [(Decimal(1200000), "Übernachtungen")]),
        (
            "Die Orte haben eine Einwohnerzahl von ca. 5.100 bis ca. 61.000.",
            [(Decimal(5100), "Einwohner"), (Decimal(61000), "Einwohner")],
        ),
    ],
)
def test_noun_before_the_number(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected
    assert set(rules(text)) == {"noun_before"}


@pytest.mark.parametrize(
    "text",
    [
        "Die Jahreszahl von 1990 steht über dem Tor.",  # not a count
        "Die Postleitzahl bei 01067 ist bekannt.",
        "Die Zahl der Anträge ist bis 31. Dezember offen.",  # a date, not a count
        "Die Zahl der Bewerber war hoch, die Runde endete am 5. Mai.",
        "Er kam als 3. ins Ziel.",  # an ordinal before a full stop, no count named before it
        "Die Zahl der Unfälle stieg seit 2019.",  # a year
        "Nach Zahlen der Polizei lag sie zuletzt bei 400.",  # the source of the numbers, not what they count
    ],
)
def test_noun_before_needs_a_counted_noun(text: str) -> None:
    assert pairs(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Wehr rückte im Jahr 1.840 Mal aus.", [(Decimal(1840), "Mal")]),
        ("Der Rat tagte zwölf Mal.", [(Decimal(12), "Mal")]),
        ("Insgesamt wurden 180 km Glasfaser verlegt.", [(Decimal(180), "km")]),
        ("Der Ertrag lag bei 71,2 dt je Hektar.", [(Decimal("71.2"), "dt")]),
        ("Auf 95.000 ha steht Winterweizen.", [(Decimal(95000), "ha")]),
        ("Geerntet wurden 2,4 Mio. t Getreide.", [(Decimal(2400000), "t")]),
        ("Die Leitung schafft bis zu 1.000 Mbit/s.", [(Decimal(1000), "Mbit/s")]),
        ("Entsiegelt wurden 3.500 m² Fläche.", [(Decimal(3500), "m²")]),
        ("Die Anlage leistet 18 MW.", [(Decimal(18), "MW")]),
        ("Gemessen wurden 97 km/h statt der erlaubten 50.", [(Decimal(97), "km/h")]),
        ("Die Ernte erreichte 2,1 Millionen Tonnen.", [(Decimal(2100000), "Tonnen")]),
        ("Die 4.000 Seelen-Gemeinde liegt an der Mulde.", [(Decimal(4000), "Seelen")]),
    ],
)
def test_times_and_units(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # web page furniture
        "2 Min.",
        "Lesezeit 4 Min.",
        "00 Kommentare",
        "17 Kommentare",
        # a founding year inside a club's name
        "Der SV 1919 Grimma gewann das Derby.",
        "Die Mittel gehen an die SG Eintracht 1898 Leipzig.",
        "Der Turnverein 1861 Meißen feiert.",
        # money without the word Euro
        "Seit 2015 flossen rund 3,5 Millionen Fördermittel in die Altstadt.",
        "Die Gemeinde erhält 240.000 Fördermittel vom Freistaat.",
        "Der Bund gibt 1,2 Millionen Zuschüsse dazu.",
        "Das Preisgeld von 5.000 wird geteilt.",
        # ages, durations, dates, phone numbers, legal references
        "Ein 29-Jähriger wurde leicht verletzt.",
        "Die 61 Jahre alte Fahrerin blieb unverletzt.",
        "Die Sperrung dauerte rund 40 Minuten.",
        "Kontrolliert wurde am 12. Mai zwischen 20 und 2 Uhr.",
        "Hinweise nimmt das Revier unter 0341 96646666 entgegen.",
        "Ihm droht nach § 316 StGB eine Strafe.",
        "Der Unfall geschah auf der B 101.",
        "Der Wettbewerb wurde zum vierten Mal ausgelobt.",
    ],
)
def test_not_a_figure_in_statistics_releases(text: str) -> None:
    assert pairs(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Stadt schickt 900 Zuschüsse an Vereine.", [(Decimal(900), "Zuschüsse")]),  # grants counted, not money
        ("Der Verein SV Grimma zählt 1900 Mitglieder.", [(Decimal(1900), "Mitglieder")]),
        ("Die Umfrage lief. Rund 2000 Schkeuditzer haben geantwortet.", [(Decimal(2000), "Schkeuditzer")]),
        ("Die Kommentare: 17 Kommentare gingen zum Entwurf ein.", [(Decimal(17), "Kommentare")]),
        ("Die Schau zeigt 80 Fotos\n\nSie ist offen.", [(Decimal(80), "Fotos")]),  # a headline, not a counter
    ],
)
def test_counts_that_resemble_the_exclusions(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Merken Teilen 12 Kommentare",
        "Die Zahl der Einbrüche ist drei Mal so hoch wie 2019.",
        "Das Risiko ist zehn Mal höher als im Durchschnitt.",
        "Die Quote stieg auf 6,1 Prozent (Vorjahr: 5,8).",
    ],
)
def test_furniture_and_factors(text: str) -> None:
    assert [u for _, u in pairs(text) if u != "Prozent"] == []


def test_the_span_of_a_count_named_before_keeps_its_scale() -> None:
    (figure,) = extract_figures(make_doc("Die Einwohnerzahl liegt bei rund 1,3 Millionen und sinkt."), RELEASE, [], [])
    assert (figure.value, figure.text, figure.qualifier) == (Decimal(1300000), "1,3 Millionen", "rund")


def test_a_count_that_ends_its_sentence_before_the_next_one() -> None:
    text = "Die Zahl der Tatverdächtigen sank auf 91.200. Darunter waren 24.800 Frauen."
    assert pairs(text) == [(Decimal(91200), "Tatverdächtigen"), (Decimal(24800), "Frauen")]


@pytest.mark.parametrize(
    "text",
    [
        "Die Klasse der Oberschule 42 Leipzig siegte.",  # a number before a place belongs to a name
        "Im Bauabschnitt 2 Arbeiten am Dach beginnen.",
        "In der Halle 4 Stände aufbauen ist verboten.",
        "In der Tempo 30 Zone gilt Vorsicht.",
        "Die Kinder der Klasse 5 Schüler-AG trafen sich.",
    ],
)
def test_numbers_in_names(text: str) -> None:
    assert pairs(text) == []


def test_list_lines_name_their_count_before_a_colon() -> None:
    text = "Die Bilanz im Überblick:\n- Verletzte: 2.870\n- Getötete: 35\nStand: 14\nUnfälle gesamt: 30.100\n"
    assert pairs(text) == [(Decimal(2870), "Verletzte"), (Decimal(35), "Getötete"), (Decimal(30100), "Unfälle")]


def test_a_word_cut_off_at_the_end_of_the_text() -> None:
    assert pairs("Im Herbst folgen 9 Beratungen.\n\nFür 2025 sind weitere 14 Sicherheitsbe") == [
        (Decimal(9), "Beratungen")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beteiligt sind 6 Große Kreisstädte.", [(Decimal(6), "Große Kreisstädte")]),
        ("Dazu kommen 11 Freie Schulen.", [(Decimal(11), "Freie Schulen")]),
        ("Es starten 40 neue Projekte.", [(Decimal(40), "Projekte")]),
    ],
)
def test_the_adjective_of_a_name_stays_with_its_noun(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Auf 100.000 Einwohner kamen 7.050 Straftaten.", [(Decimal(7050), "Straftaten")]),
        ("Das sind 7.050 Straftaten auf 100.000 Einwohner.", [(Decimal(7050), "Straftaten")]),
        ("Die Gemeinde wuchs auf 1.000 Einwohner.", [(Decimal(1000), "Einwohner")]),
    ],
)
def test_the_base_of_a_rate_is_not_a_figure(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Land unterstützt 240 vom Bund geförderte Vorhaben.", [(Decimal(240), "Vorhaben")]),
        ("Der Verein ehrte 18 seit Jahren engagierte Helferinnen.", [(Decimal(18), "Helferinnen")]),
        ("Es wurden 45 aus Sachsen stammende Bewerber ausgewählt.", [(Decimal(45), "Bewerber")]),
        ("Davon arbeiten 58 in den gegründeten Arbeitsgruppen mit.", []),  # the phrase belongs to the verb
        ("Die Zahl der Fälle stieg um 12 auf den höchsten Stand.", [(Decimal(12), "Fälle")]),
        ("Es kamen 300 aus allen Landesteilen.", []),
    ],
)
def test_extended_attributes(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected

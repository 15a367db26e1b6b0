"""Figures and ordinals on sentences written for the genre, and the measure keys of the seed releases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extract.clean import clean
from extract.fields.figures import extract_figures, extract_ordinals, fold_key, noun_lemma
from extract.nlp import make_doc
from extract.read import read_path
from extract.records import DateMention, Money, ReleaseInfo

RELEASE = ReleaseInfo(date=date(2024, 3, 12))
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def figures(text: str, money: list[Money] | None = None, dates: list[DateMention] | None = None):
    doc = make_doc(text)
    return extract_figures(doc, RELEASE, money or [], dates or [])


def pairs(text: str) -> list[tuple[Decimal, str]]:
    return [(f.value, f.unit) for f in figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Landesverband hat bislang 87 Vereine beraten.", [(Decimal(87), "Vereine")]),
        ("Zur Tagung kamen rund 230 Teilnehmende nach Chemnitz.", [(Decimal(230), "Teilnehmende")]),
        ("Ausgewertet wurden 2.417 Fragebögen.", [(Decimal(2417), "Fragebögen")]),
        ("Der Rücklauf lag bei rund 39,7 %.", [(Decimal("39.7"), "%")]),
        ("Mehr als 60 Prozent der Befragten fühlen sich sicher.", [(Decimal(60), "Prozent")]),
        ("Zwölf Gemeinden aus dem Vogtland haben teilgenommen.", [(Decimal(12), "Gemeinden")]),
        ("Die dreiundzwanzig Schulen erhalten neue Technik.", [(Decimal(23), "Schulen")]),
        ("Es beteiligen sich Orte mit 7.300 bis 90.000 Einwohnern.", [(Decimal(7300), "Einwohnern")]),
        ("Die Stadt ist eine 55.000-Einwohnerstadt an der Elbe.", [(Decimal(55000), "Einwohner")]),
        ("Dazu erscheint eine 16-seitige Broschüre.", [(Decimal(16), "Seiten")]),
        ("Insgesamt 1,5 Millionen Einwohner leben im Regierungsbezirk.", [(Decimal(1500000), "Einwohner")]),
        ("Die Fachstelle hat 90 Kommunen besucht, wovon ca. die Hälfte (46) einen Rat gegründet hat.",
         [(Decimal(90), "Kommunen"), (Decimal(46), "Kommunen")]),
        ("Im Netzwerk sind 120 Kommunen. Davon arbeiten 40 eng mit dem Verbund zusammen.",
         [(Decimal(120), "Kommunen"), (Decimal(40), "Kommunen")]),
        ("Bisher gibt es in etwa acht von 250 Gemeinden einen Präventionsrat.",
         [(Decimal(8), "Gemeinden"), (Decimal(250), "Gemeinden")]),
        ("Dem Bündnis gehören 40 Städte und Gemeinden an.", [(Decimal(40), "Städte und Gemeinden")]),
        ("Geplant sind 12 neue und die schon bestehenden Beratungsstellen.", [(Decimal(12), "Beratungsstellen")]),
    ],
)
def test_figure_value_and_unit(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Das Projekt läuft seit zwei Jahren und endet in vier Wochen.",
        "Die Jugendlichen im Alter von 14 bis 17 Jahren trafen sich um 14 Uhr.",
        "Der Termin ist am 25. April 2023 um 10:30 Uhr.",
        "Telefon: +49 351 564 30400, Telefax +49 351 564 30409",
        "Wilhelm-Buck-Straße 2\n01097 Dresden",
        "Zu erreichen mit den Straßenbahnlinien 3,6,7,8,9, 11 und 13.",
        "Die Förderung erfolgt nach § 5 Absatz 2 der Richtlinie.",
        "Die Drucksache Nr. 7/1234 liegt dem Landtag vor.",
        "Das Sechs-Punkte-Programm gehört zum Zukunftspakt 2030.",
        "Die Belastung je 100.000 Einwohner sank deutlich.",
        "Beteiligt sind Gemeinden mit einigen hundert bis wenigen tausend Einwohnern.",
        "Meerane ist die 50. Kommune im Netzwerk.",
        "Beide Städte wollen zusammenarbeiten, ein Drittel der Mittel ist verplant.",
        "Der Freistaat stellt 1,1 Millionen Euro bereit, die Stadt erhält 21.150,- Euro.",
        "Im Jahr 2022 wurde das Netzwerk gegründet.",
        "0\n426\nKommentare",
        "Fünf auf einen Streich",
        "Die Anlage LF 10/6 wurde beschafft.",
        "Mitte 2019 startete das Vorhaben.",
    ],
)
def test_not_a_figure(text: str) -> None:
    assert figures(text) == []


def test_money_and_date_spans_are_skipped() -> None:
    text = "Die Stadt erhält 500 Zuschüsse."
    start = text.index("500")
    money = [Money(text="500", start=start, end=start + 3, rule="test", amount=Decimal(500))]
    assert pairs(text) == [(Decimal(500), "Zuschüsse")]
    assert figures(text, money=money) == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Inzwischen wurden bereits über 100 Kommunen beraten.", "bereits über"),
        ("Es kamen knapp 40 Gäste.", "knapp"),
        ("Es sind ca. 25 Vereine beteiligt.", "ca."),
        ("Es sind 25 Vereine beteiligt.", None),
    ],
)
def test_qualifier_is_kept_apart(text: str, qualifier: str | None) -> None:
    (figure,) = figures(text)
    assert figure.qualifier == qualifier
    assert figure.text[0].isdigit()  # the span is the number and its noun; the qualifier stands apart


def test_range_keeps_both_ends() -> None:
    (figure,) = figures("Teilnehmen können Orte mit 7.300 bis 90.000 Einwohnern.")
    assert (figure.value, figure.value_max, figure.rule) == (Decimal(7300), Decimal(90000), "range")


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Unter dem Dach von ASSKomm hat der Landespräventionsrat bereits 102 Kommunen beraten.",
         "asskomm:kommune:beraten"),
        ("Im Rahmen der Allianz Sichere Sächsische Kommunen berät der Landespräventionsrat 134 Kommunen.",
         "asskomm:kommune:beraten"),
        ("Im Programm ASSKomm wurden 49 Kooperationsvereinbarungen geschlossen.",
         "asskomm:kooperationsvereinbarung:geschlossen"),
        ("Für ASSKomm wurden zwei ASSKomm-Sicherheitsanalysen durchgeführt.",
         "asskomm:sicherheitsanalyse:durchgefuehrt"),
        ("Bei ASSKomm wurden 44 ASSKomm-Coaching-Prozesse in Gang gesetzt.", "asskomm:coaching-prozess:gestartet"),
    ],
)
def test_measure_key_is_stable_across_wordings(text: str, measure: str) -> None:
    (figure,) = figures(text)
    assert figure.measure == measure


def test_measure_programme_from_paragraph() -> None:
    text = "Die Allianz Sichere Sächsische Kommunen wächst. In 31 Kommunen hat sich ein Präventionsrat konstituiert."
    (figure,) = figures(text)
    assert (figure.programme, figure.predicate) == ("ASSKomm", "konstituiert")


def test_as_of_follows_a_dating_phrase() -> None:
    text = "Stand November 2021 haben sich 80 Kommunen beteiligt."
    start = text.index("November")
    stand = DateMention(text="November 2021", start=start, end=start + 13, rule="test", value=date(2021, 11, 1),
                        end_value=date(2021, 11, 30), granularity="month")
    (figure,) = figures(text, dates=[stand])
    assert figure.as_of == date(2021, 11, 30)
    (plain,) = figures("Heute haben sich 80 Kommunen beteiligt.")
    assert plain.as_of == RELEASE.date


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("Kommunen", "Kommune"), ("Sicherheitsanalysen", "Sicherheitsanalyse"),
     ("Kooperationsvereinbarungen", "Kooperationsvereinbarung"),
     ("ASSKomm-Coaching-Prozesse", "ASSKomm-Coaching-Prozess"),
     ("Teilnehmerinnen", "Teilnehmerin")],
)
def test_noun_lemma(word: str, lemma: str) -> None:
    assert noun_lemma(word) == lemma


def test_fold_key() -> None:
    assert fold_key("Durchgeführt Städte") == "durchgefuehrt-staedte"


def ordinals(text: str):
    return [(o.value, o.orders, o.scope) for o in extract_ordinals(make_doc(text), RELEASE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meerane ist nunmehr die 50. Kommune im Netzwerk.", [(50, "Kommune", None)]),
        ("Das ist die 50. »ASSKomm«-Kooperationsvereinbarung.", [(50, "Kooperationsvereinbarung", None)]),
        ("Am Mittwoch trat die fünfte Kommune aus dem Landkreis Mittelsachsen bei.",
         [(5, "Kommune", "Landkreis Mittelsachsen")]),
        ("Es war die zweite Unterzeichnung in diesem Jahr.", [(2, "Unterzeichnung", "2024")]),
        ("Gegründet wurde der 30. Kommunale Präventionsrat Sachsens.", [(30, "Präventionsrat", "Sachsen")]),
        ("Die Runde traf sich zum nunmehr fünften Mal.", [(5, "Mal", None)]),
        ("Als erste Stadt 2022 trat Werdau bei.", [(1, "Stadt", "2022")]),
        ("Heute wurde die 4. Kooperationsvereinbarung im Landkreis Sächsische Schweiz-Osterzgebirge unterzeichnet.",
         [(4, "Kooperationsvereinbarung", "Landkreis Sächsische Schweiz-Osterzgebirge")]),
    ],
)
def test_ordinals(text: str, expected: list[tuple[int, str, str | None]]) -> None:
    assert ordinals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Am 25. April 2023 wurde unterzeichnet.",
        "1. Navigation\n2. Inhalt",
        "Es kamen Erster Polizeihauptkommissar Uwe Kuhn und andere.",
        "Jede dritte Kommune ist beteiligt.",
        "Er feierte seinen 60. Geburtstag.",
        "Torgau war eine der ersten Städte im Verbund.",
        "Damit sind es nun 50. Die Stadt freut sich.",
    ],
)
def test_not_an_ordinal(text: str) -> None:
    assert ordinals(text) == []


def test_ordinal_names_the_comparable_count() -> None:
    (ordinal,) = extract_ordinals(make_doc("Meerane ist die 50. Kommune im »ASSKomm«-Netzwerk."), RELEASE)
    (count,) = figures("Im »ASSKomm«-Netzwerk wurden 49 Kooperationsvereinbarungen geschlossen.")
    assert ordinal.measure == count.measure == "asskomm:kooperationsvereinbarung:geschlossen"


SEEDS = {
    "smi-2021-02-17-grossenhain.txt": [
        (102, "Kommunen", "asskomm:kommune:beraten"),
        (19, "Kommunen", "asskomm:kommune:konstituiert"),
    ],
    "smi-2023-04-25-meerane.txt": [
        (141, "Kommunen", "asskomm:kommune:beraten"),
        (62, "Kommunen", "asskomm:kommune:zusammengearbeitet"),
        (31, "Kommunen", "asskomm:kommune:konstituiert"),
        (49, "Kooperationsvereinbarungen", "asskomm:kooperationsvereinbarung:geschlossen"),
        (44, "ASSKomm-Coaching-Prozesse", "asskomm:coaching-prozess:gestartet"),
        (25, "Sicherheitsanalysen", "asskomm:sicherheitsanalyse:durchgefuehrt"),
        (25, "Kommunen", "asskomm:kommune:unterstuetzt"),
    ],
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_release_measures(name: str) -> None:
    cleaned = clean(read_path(CORPUS / name))
    doc = make_doc(cleaned)
    found = [(int(f.value), f.unit, f.measure) for f in extract_figures(doc, ReleaseInfo(), [], [])]
    assert found == SEEDS[name]

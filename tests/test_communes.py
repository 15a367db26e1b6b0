"""Sentence-level tests for commune linking (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from extract.fields.communes import extract_communes
from extract.nlp import make_doc
from extract.records import ReleaseInfo

RELEASE = ReleaseInfo(date=date(2023, 4, 25))


def _gemeinden(text: str, release: ReleaseInfo = RELEASE) -> list[str]:
    return sorted({m.ags for m in extract_communes(make_doc(text), release) if m.level == "gemeinde"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meerane tritt dem Verbund bei.", ["14524190"]),
        ("Der Meeraner Bürgermeister unterschrieb die Vereinbarung.", ["14524190"]),
        ("Im Rodewischer Rathaus wurde gefeiert.", ["14523360"]),
        ("Die Stadt Zwickau und die Gemeinde Bannewitz beraten.", ["14524330", "14628050"]),
        ("Die Große Kreisstadt Großenhain erhält Fördermittel.", ["14627060"]),
        ("Großenhains Oberbürgermeister freut sich.", ["14627060"]),
        ("Auch Frankenberg beteiligt sich an der Analyse.", ["14522150"]),
        ("Weißwasser und Reichenbach im Vogtland sind dabei.", ["14523340", "14626600"]),
        ("Großstädte wie Leipzig, Chemnitz und Dresden haben eigene Räte.", ["14511000", "14612000", "14713000"]),
        ("Die Gemeinde Radibor / Radwor lädt ein.", ["14625490"]),
        ("In Budyšin wird zweisprachig beschildert.", ["14625020"]),
        ("Aue-Bad Schlema und Lauter-Bernsbach unterzeichnen.", ["14521035", "14521355"]),
    ],
)
def test_names_and_forms(text: str, expected: list[str]) -> None:
    assert _gemeinden(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Polizeidirektion Zwickau unterstützt das Projekt.",
        "Der Landkreis Zwickau stellt Personal bereit.",
        "Das Polizeirevier Freital-Dippoldiswalde ist zuständig.",
        "Forschende der TU Chemnitz begleiten die Studie.",
        "Die Sparkasse Leipzig spendet 500 Euro.",
        "Der Zwickauer Polizeipräsident sprach ein Grußwort.",
        "Der Revierführer von Werdau war zugeschaltet.",
        "Das Krankenhaus St. Johannes Kamenz wird gefördert.",
        "In Dresden-Klotzsche wurde eine Schule saniert.",
        "Saarbrücken und Merzig arbeiten zusammen.",
        "Die Schule in Hermsdorf (OT von Ottendorf-Okrilla) wird saniert.",
        "Der Minister reist in die Landkreise Görlitz und Bautzen.",
    ],
)
def test_yields_no_municipality(text: str) -> None:
    assert "14626110" not in _gemeinden(text)
    if "Ottendorf" in text:
        assert _gemeinden(text) == ["14625430"]
    else:
        assert _gemeinden(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drei Städte im Vogtland: Auerbach, Lengenfeld und Rodewisch.", "14523020"),
        ("Auerbach liegt im Erzgebirgskreis nahe Gornsdorf.", "14521040"),
        ("Hartmannsdorf ist die fünfte Kommune aus dem Landkreis Mittelsachsen.", "14522260"),
        ("Hartmannsdorf im Landkreis Zwickau tritt bei.", "14524100"),
    ],
)
def test_homonyms_decided_by_context(text: str, expected: str) -> None:
    assert expected in _gemeinden(text)


def test_landkreis_is_a_kreis_mention() -> None:
    mentions = extract_communes(make_doc("Der Landkreis Zwickau und Meerane kooperieren."), RELEASE)
    assert [(m.level, m.ags) for m in mentions] == [("kreis", "14524"), ("gemeinde", "14524190")]


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2016, 5, 1), ["14521030"]), (date(2022, 5, 1), [])],
)
def test_release_date_picks_the_key_valid_then(day: date, expected: list[str]) -> None:
    # Aue merged with Bad Schlema (the 2021 register shows Aue-Bad Schlema): later, Aue is an Ortsteil.
    assert _gemeinden("Die Stadt Aue lädt ein.", ReleaseInfo(date=day)) == expected


def test_members_of_a_named_group_carry_via() -> None:
    text = "Die Verwaltungsgemeinschaft Schleife/ Trebendorf/ Groß Düben erhält Bescheide."
    mentions = extract_communes(make_doc(text), RELEASE)
    assert {m.ags for m in mentions} == {"14626490", "14626560", "14626120"}
    assert {m.via for m in mentions} == {"Verwaltungsgemeinschaft Schleife"}


def test_group_name_alone_is_not_its_namesake() -> None:
    assert _gemeinden("Die VG Naunhof hat einen neuen Vorsitz.") == []


def test_spans_point_into_the_text() -> None:
    text = "Heute unterzeichnete die Stadt Großenhain."
    doc = make_doc(text)
    for mention in extract_communes(doc, RELEASE):
        assert text[mention.start : mention.end] == mention.text

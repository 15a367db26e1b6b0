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


# Held-out sentences in the genre, written for these tests: streets, banks, fairs and newspapers named after
# towns, surnames like town adjectives, regions, Ortsteile, lists with "sowie", Sorbian names, other Länder.
GENRE = [
    ("Dresden (dpa/sn) - Der Innenminister hat am Montag die Feuerwehr besucht.", ["14612000"]),
    ("Leipzig. Die Stadt erhält zwölf neue Streifenwagen.", ["14713000"]),
    ("Chemnitz – Das Rathaus lädt zum Bürgerforum ein.", ["14511000"]),
    ("Auf der Leipziger Straße in Riesa wurde ein Blitzer aufgestellt.", ["14627230"]),
    ("Die Kreuzung Dresdner Straße/Bahnhofstraße in Freital wird umgebaut.", ["14628110"]),
    ("Auf der Leipziger Messe stellte der Oberbürgermeister von Markkleeberg das Projekt vor.", ["14729260"]),
    ("Die frühere Filiale der Dresdner Bank in Plauen wird ein Bürgerbüro.", ["14523320"]),
    ("Wie die Dresdner Neuesten Nachrichten berichten, plant Pirna eine Videoüberwachung.", ["14628270"]),
    ("An der Chemnitzer Str. 12 in Mittweida eröffnet ein Polizeiposten.", ["14522360"]),
    ("Staatssekretärin Anja Meißner eröffnete die Ausstellung in Grimma.", ["14729160"]),
    ("Laut Revierleiter Tom Zwickauer sank die Zahl der Einbrüche in Werdau.", ["14524300"]),
    ("Frau Meißner und Herr Döbelner sprachen mit Schülern.", []),
    ("Der Freistaat Sachsen fördert Projekte in der Sächsischen Schweiz.", []),
    ("Wanderwege in der Sächsischen Schweiz und im Erzgebirge werden ausgebaut.", []),
    ("Im Erzgebirge und im Vogtland wächst der Tourismus.", []),
    ("Die Feuerwehr im Krauschwitzer Ortsteil Klein Priebus erhält ein Fahrzeug.", ["14626250"]),
    ("Im Ortsteil Hartmannsdorf der Gemeinde Lichtenau wird die Schule saniert.", ["14522330"]),
    ("Im Leipziger Stadtteil Grünau wurde ein Nachbarschaftsbüro eröffnet.", ["14713000"]),
    ("Der Stadtteil Hermsdorf gehört seit Jahren zu Dresden.", ["14612000"]),
    ("Die Kita in Kamenz OT Jesau wird erweitert.", ["14625250"]),
    ("Das Gerätehaus im OT Neukirchen der Stadt Borna wurde übergeben.", ["14729050"]),
    ("Die Gemeinde Hartmannsdorf im Landkreis Mittelsachsen tritt dem Verbund bei.", ["14522260"]),
    ("Reichenbach im Vogtland und Oelsnitz/Vogtl. arbeiten zusammen.", ["14523300", "14523340"]),
    ("Die Stadt Neustadt in Sachsen erhält einen Förderbescheid.", ["14628260"]),
    (
        "Zur Verwaltungsgemeinschaft gehören die Stadt Elstra sowie die Gemeinden Crostwitz und Panschwitz-Kuckau.",
        ["14625080", "14625130", "14625440"],
    ),
    ("Beteiligt sind Thum, Gelenau sowie Ehrenfriedersdorf.", ["14521160", "14521200", "14521640"]),
    ("Nossen, Roßwein sowie Lommatzsch haben sich beworben.", ["14522510", "14627130", "14627180"]),
    ("Die Stadt Bautzen/Budyšin lädt zum Sicherheitstag ein.", ["14625020"]),
    ("In Hoyerswerda/Wojerecy und Kamenz/Kamjenc wurden Sicherheitsanalysen erstellt.", ["14625240", "14625250"]),
    ("Schleife/Slepo und Trebendorf/Trjebin gehören zum sorbischen Siedlungsgebiet.", ["14626490", "14626560"]),
    ("Der Berliner Bezirk Lichtenberg stellt sein Präventionsprojekt vor.", []),
    ("Im Bezirk Lichtenberg wurde eine neue Wache eröffnet, teilte die Berliner Polizei mit.", []),
    ("Die nordhessische Stadt Frankenberg (Eder) tritt der Initiative bei.", []),
    ("Frankenberg im Landkreis Waldeck-Frankenberg ist Mitglied des hessischen Programms.", []),
    (
        "Das Hessische Innenministerium nimmt Neukirchen und Schwalmstadt in das Programm auf. Damit wächst "
        "die hessische Initiative auf 30 Kommunen.",
        [],
    ),
    ("Auch die bayerische Gemeinde Neukirchen beteiligt sich.", []),
    ("Neukirchen im Saarland erhält Mittel aus dem Landesprogramm des Saarlandes.", []),
    ("Coswig (Anhalt) liegt in Sachsen-Anhalt.", []),
    ("Der Oberbürgermeister von Frankenberg/Sa. begrüßte die Gäste.", ["14522150"]),
    ("Lichtenberg im Landkreis Bautzen richtet das Kreisfeuerwehrfest aus.", ["14625320"]),
    ("Der Chemnitzer FC und die Leipziger Verkehrsbetriebe unterstützen die Aktion.", []),
    ("Die Volkshochschule Meißen und das Landratsamt Pirna laden ein.", []),
    ("Der Meißner Dom und die Albrechtsburg ziehen Besucher an, sagte der Meißner Oberbürgermeister.", ["14627140"]),
    ("Torgaus Bürgermeister und die Riesaer Stadtverwaltung beraten.", ["14627230", "14730310"]),
    ("In Hartmannsdorf, einem Ortsteil von Lichtenau, brannte eine Scheune.", ["14522330"]),
    ("Neukirchen (Ortsteil von Borna) erhält einen Spielplatz.", ["14729050"]),
    ("Die Polizeidirektion Görlitz und Görlitz/Zgorzelec feiern die Europastadt.", ["14626110"]),
    ("Wie in Bayern und in Plauen setzt man auf Prävention.", ["14523320"]),
    (
        "In Sachsen-Anhalt und Thüringen gibt es ähnliche Programme; Lichtenberg im Landkreis Mittelsachsen ist dabei.",
        ["14522340"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GENRE)
def test_genre_sentences(text: str, expected: list[str]) -> None:
    assert _gemeinden(text) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Stadt Aue lädt ein.", []),  # undated, no year: only current municipalities
        ("Im Jahr 2016 hat die Stadt Aue die Vereinbarung unterzeichnet.", ["14521030"]),
        ("Im Jahr 2023 feiert Aue-Bad Schlema.", ["14521035"]),
    ],
)
def test_undated_release_is_as_old_as_its_latest_year(text: str, expected: list[str]) -> None:
    assert _gemeinden(text, ReleaseInfo(date=None)) == expected


# A place inside an organisation's name is no mention of the municipality: clubs (with founding year,
# colours, quoted nicknames), companies closed by their legal form, tourism regions, banks, offices
# named after the town they serve; a possessive before an office elsewhere neither.
ORGANISATIONS = [
    ("Der FSV Budissa Bautzen erhält einen Zuschuss für den Rasen.", []),
    ("Die SG Motor Gohlis-Nord Leipzig saniert ihre Weitsprunganlage.", []),
    ("Die SG Olympia 1896 Leipzig baut ihre Halle um.", []),
    ("Der Spielsportverein 1952 Torgau saniert das Vereinsheim.", []),
    ("Beim FV Blau-Weiß Hartmannsdorf wird eine Flutlichtanlage gebaut.", []),
    ("• TSV Rot-Weiß Zittau: 12.000 Euro", []),
    ("Auch der Turnverein Frisch Auf Zwönitz feiert sein Jubiläum.", []),
    ("Die Dresdner Industrieanlagen Betriebsgesellschaft mbH plant den Umbau.", []),
    ("Die Stadtreinigung Leipzig GmbH investiert in neue Fahrzeuge.", []),
    ("Der Förderverein Grundschule Lunzenau e. V. sammelt Spenden.", []),
    ("Die Wohnungsbaugesellschaft Riesa saniert drei Blöcke.", []),
    ("Die Gelder gehen an die Region Leipzig und an Dresden Elbland.", []),
    ("Der Tourismusverband Erzgebirge wirbt auf der Messe.", []),
    ("Die Volksbank Pirna und die Kreissparkasse Bautzen spenden.", []),
    ("Das Polizeirevier Plauen und das Landratsamt Görlitz laden ein.", []),
    ("Görlitz' Polizeipräsident stellte die Statistik vor.", []),
    ("Plauens Polizeichef lobte die Zusammenarbeit.", []),
    ("RB Leipzig und die Freie Presse Chemnitz sind Partner.", []),
    ("Die Kreishandwerkerschaft Meißen und die Arbeitsagentur Riesa laden ein.", []),
    # The town itself and its own institutions stay mentions.
    ("Görlitz' Oberbürgermeister begrüßte die Gäste.", ["14626110"]),
    ("Plauens Oberbürgermeister eröffnete die Ausstellung.", ["14523320"]),
    ("Die Freiwillige Feuerwehr Lunzenau erhält ein Fahrzeug.", ["14522350"]),
    ("Die Grundschule Lunzenau wird saniert.", ["14522350"]),
    ("Die Stadt Riesa und die Wohnungsgesellschaft mbH bauen gemeinsam.", ["14627230"]),
    ("Die Stadt Zittau gründet mit der Stadt Görlitz eine GmbH.", ["14626110", "14626610"]),
    ("Der Verein zog von Bautzen nach Leipzig.", ["14625020", "14713000"]),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISATIONS)
def test_place_inside_an_organisation_name(text: str, expected: list[str]) -> None:
    assert _gemeinden(text) == expected

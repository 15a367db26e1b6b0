"""Sentence-level tests for people, roles, relations and quotes, and for the person registry."""

from __future__ import annotations

import pytest

from extract.fields.people import extract_people, summarize_people
from extract.nlp import make_doc
from extract.records import CommuneMention, PersonMention, ReleaseInfo
from extract.registry import person_key

NO_RELEASE = ReleaseInfo()


def _people(text: str, communes: list[CommuneMention] | None = None) -> list[PersonMention]:
    return extract_people(make_doc(text), NO_RELEASE, communes or [])[0]


def _best(text: str) -> dict[str, str | None]:
    return {p.name: p.role for p in summarize_people(_people(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oberbürgermeisterin Petra Lange begrüßte die Gäste im Rathaus.", {"Petra Lange": "Oberbürgermeisterin"}),
        (
            "Der Leiter des Polizeireviers Oschatz, Jens Winkler, stellte die Zahlen vor.",
            {"Jens Winkler": "Leiter des Polizeireviers Oschatz"},
        ),
        (
            "Ute Brandt, Geschäftsführerin des Landespräventionsrates Sachsen, sprach zuerst.",
            {"Ute Brandt": "Geschäftsführerin des Landespräventionsrates Sachsen"},
        ),
        (
            "Im Anschluss sprach die stellvertretende Leiterin des Ordnungsamtes, Maria Schulze-Hartmann.",
            {"Maria Schulze-Hartmann": "stellvertretende Leiterin des Ordnungsamtes"},
        ),
        ("Herr Dr. Hans-Peter von Berg dankte allen Helfern.", {"Hans-Peter von Berg": None}),
        ("Innenminister Beuth (CDU) lobte die beteiligten Städte.", {"Beuth": "Innenminister"}),
        ("Saarbrückens OBin Sabine Krüger war zufrieden.", {"Sabine Krüger": "Oberbürgermeisterin"}),
        ("Der LPR-Geschäftsführer Kai Lindner erläuterte das Verfahren.", {"Kai Lindner": "LPR-Geschäftsführer"}),
        (
            "Es sprach der Leiter des Reviers Pirna, Polizeioberrat Lars Kühn, über die Lage.",
            {"Lars Kühn": "Leiter des Reviers Pirna"},
        ),
        (
            "Eingeladen war Herr Georg Wendt. Dieser ist Bürgermeister der Partnerstadt Lörrach.",
            {"Georg Wendt": "Bürgermeister der Partnerstadt Lörrach"},
        ),
        (
            "Die Bürgermeister Olaf Reinhardt (Lommatzsch) und Tilo Hesse (Nossen) waren gekommen.",
            {"Olaf Reinhardt": "Bürgermeister", "Tilo Hesse": "Bürgermeister"},
        ),
        (
            "Polizeipräsident René Vogt, Bürgermeisterin Anke Roth und Sven Forkert stellten sich zum Foto auf.",
            {"René Vogt": "Polizeipräsident", "Anke Roth": "Bürgermeisterin", "Sven Forkert": None},
        ),
        (
            "Es unterschrieben Jan Krause der Bürgermeister der Stadt Oschatz, Polizeipräsident Uwe Sommer und andere.",
            {"Jan Krause": "Bürgermeister der Stadt Oschatz", "Uwe Sommer": "Polizeipräsident"},
        ),
        ("Von Roland Kaiser\n\nDie Stadt hat einen neuen Spielplatz.", {"Roland Kaiser": None}),
        ("Abgeordnete Dr. Carola Wenzel (MdL) besuchte die Schule.", {"Carola Wenzel": "Abgeordnete"}),
    ],
)
def test_names_and_roles(text: str, expected: dict[str, str | None]) -> None:
    assert _best(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Allianz Sichere Sächsische Kommunen wächst weiter.",
        "Die Polizeidirektion Görlitz und die Stadt Weißwasser arbeiten eng zusammen.",
        "Im August 2024 tagte der Landespräventionsrat in Dresden.",
        "© SMI/Sven Rogge",
        "Foto: Thomas Meyer",
        "Der Bürgermeister begrüßte die Gäste.",
        "Das Immanuel-Kant-Gymnasium in der Wilhelm-Buck-Straße wird saniert.",
        "Das Klinikum St. Georg Leipzig erhält Fördermittel.",
        "Sicherheit Ordnung Sauberkeit Prävention Kommune",
    ],
)
def test_no_people(text: str) -> None:
    assert _people(text) == []


def test_titles_are_kept_apart_from_the_name() -> None:
    (mention,) = _people("Prof. Dr. Roland Wöller eröffnete die Tagung.")
    assert (mention.name, mention.titles, mention.text) == ("Roland Wöller", "Prof. Dr.", "Prof. Dr. Roland Wöller")


def test_surname_repeat_gets_the_full_name() -> None:
    mentions = _people("Landrat Frank Vogel besuchte die Feuerwehr. Vogel dankte den Kameraden.")
    assert [(m.name, m.text, m.rule) for m in mentions] == [
        ("Frank Vogel", "Frank Vogel", "first_name_lexicon"),
        ("Frank Vogel", "Vogel", "surname_repeat"),
    ]


def test_offsets_point_at_the_name() -> None:
    text = "Gestern sprach Bürgermeister Kai Richter im Rathaus."
    (mention,) = _people(text)
    assert text[mention.start : mention.end] == mention.text == "Kai Richter"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Am Montag unterzeichneten Bürgermeister Kai Richter und Polizeipräsident Jens Hoffmann die Vereinbarung.",
            {"Kai Richter": "signatory", "Jens Hoffmann": "signatory"},
        ),
        (
            "Im Beisein von Staatsminister Peter Lorenz haben Oberbürgermeisterin Silke Bauer und Sven Forkert "
            "eine Kooperationsvereinbarung unterzeichnet.",
            {"Peter Lorenz": "witness", "Silke Bauer": "signatory", "Sven Forkert": "signatory"},
        ),
        (
            "Im Rathaus wurde die Vereinbarung im Beisein von Landrat Udo Berger unterzeichnet.",
            {"Udo Berger": "witness"},
        ),
        (
            "Auf Initiative von Bürgermeister Kai Richter wurde heute die Vereinbarung unterzeichnet.",
            {"Kai Richter": "mentioned"},
        ),
        (
            "Für die Polizeidirektion Leipzig unterzeichnete Polizeirat Ben Albers die Vereinbarung und überreichte "
            "Bürgermeister Kai Richter ein Geschenk.",
            {"Ben Albers": "signatory", "Kai Richter": "mentioned"},
        ),
        (
            "Bürgermeister Kai Richter soll die Vereinbarung im Mai unterzeichnen.",
            {"Kai Richter": "mentioned"},
        ),
        (
            "Die Partnerschaft ist besiegelt mit der Unterschrift von Landrat Udo Berger.",
            {"Udo Berger": "signatory"},
        ),
        (
            "Von Seiten der Polizei unterzeichnet Polizeipräsident Jens Hoffmann.",
            {"Jens Hoffmann": "signatory"},
        ),
        (
            "Bürgermeisterin Anke Thiele: »Wir unterzeichnen heute gern, denn Sicherheit geht alle an.«",
            {"Anke Thiele": "signatory"},
        ),
        (
            "Staatssekretär Jan Berg: »Ich freue mich, dass die Stadt die Vereinbarung unterzeichnet hat.«",
            {"Jan Berg": "quoted"},
        ),
    ],
)
def test_relations(text: str, expected: dict[str, str]) -> None:
    assert {m.name: m.relation for m in _people(text)} == expected


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        ("»Prävention wirkt vor Ort«, sagte Innenminister Kurt Wagner.", "Kurt Wagner", "Prävention wirkt vor Ort"),
        ("Landrat Udo Berger: „Wir stehen als Region zusammen.“", "Udo Berger", "Wir stehen als Region zusammen."),
        (
            "Landrat Udo Berger besuchte die Stadt. „Das ist ein gutes Signal für alle“, so Berger.",
            "Udo Berger",
            "Das ist ein gutes Signal für alle",
        ),
        (
            "Anke Roth, Leiterin des Ordnungsamtes, ergänzt: »Wir sind gut vorbereitet auf den Sommer.«",
            "Anke Roth",
            "Wir sind gut vorbereitet auf den Sommer.",
        ),
    ],
)
def test_quotes(text: str, speaker: str, words: str) -> None:
    _, quotes = extract_people(make_doc(text), NO_RELEASE, [])
    assert [(q.speaker, q.text) for q in quotes] == [(speaker, words)]
    assert text[quotes[0].start : quotes[0].end] == words


@pytest.mark.parametrize(
    "text",
    [
        "»Sicherheit zuerst« lautet das Motto der Kampagne in diesem Jahr.",
        "Die Kampagne »Bürger für unsere saubere Stadt« startet im Mai.",
    ],
)
def test_quotes_without_speaker(text: str) -> None:
    assert extract_people(make_doc(text), NO_RELEASE, [])[1] == []


def test_letterhead_contact() -> None:
    release = ReleaseInfo(contact_name="Martin Strunden", contact_span=(83, 98))
    mentions, _ = extract_people(make_doc("Die Stadt erhält Fördermittel."), release, [])
    assert [(m.name, m.start, m.raw, m.relation, m.role) for m in mentions] == [
        ("Martin Strunden", -1, (83, 98), "contact", "Ansprechpartner")
    ]


def test_contact_in_text() -> None:
    (mention,) = _people("Ansprechpartnerin Sabine Koch\nTelefon: 0351 1234")
    assert (mention.name, mention.relation, mention.role) == ("Sabine Koch", "contact", "Ansprechpartnerin")


def _commune(text: str, whole: str, ags: str) -> CommuneMention:
    start = whole.index(text)
    return CommuneMention(text=text, start=start, end=start + len(text), rule="test", ags=ags, name=text)


@pytest.mark.parametrize(
    ("text", "town", "ags"),
    [
        ("Der Oschatzer Bürgermeister Ralf Nagel sprach.", "Oschatzer", "14730250"),
        ("Thomas Lehmann, Bürgermeister der Stadt Oschatz, dankte.", "Oschatz", "14730250"),
        ("Die Bürgermeister Olaf Reinhardt (Nossen) und Tilo Hesse waren da.", "Nossen", "14522420"),
        ("Der Görlitzer Polizeipräsident Jan Weber sprach.", "Görlitzer", None),
    ],
)
def test_commune_of_a_town_office(text: str, town: str, ags: str | None) -> None:
    communes = [_commune(town, text, ags or "14626110")]
    first = _people(text, communes)[0]
    assert first.commune_ags == ags


def test_summary_prefers_an_office_to_a_rank() -> None:
    text = "Polizeirat Lars Kühn war dabei. Später sprach der Leiter des Reviers Pirna, Lars Kühn, über die Lage."
    assert _best(text) == {"Lars Kühn": "Leiter des Reviers Pirna"}


# ---------------------------------------------------------------- registry


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Prof. Dr. Roland Wöller", "roland wöller"),
        ("Roland  Wöller", "roland wöller"),
        ("Herrn Sven Mißbach", "sven missbach"),
        ("Sven Missbach", "sven missbach"),
        ("Beuth", None),
    ],
)
def test_person_key(name: str, key: str | None) -> None:
    assert person_key(name) == key


# ---------------------------------------------------------------- held-out genre table

ANY = object()  # the role is not asserted (an organisation rather than an office: "vom Ordnungsamt")

# Sentences written for the genre, not taken from any release: each with the people it names (name -> role
# as the contract prints it) and the signatories. Negatives name nobody.
GENRE = [
    (
        (
            "Am 4. Mai 2023 unterzeichneten der Bürgermeister der Gemeinde Lichtenau, Andreas Graf, die "
            "Oberbürgermeisterin von Annaberg-Buchholz, Sabine Koch, sowie der Präsident der Polizeidirektion "
            "Chemnitz, Carsten Kaempf, im Rathaus eine Kooperationsvereinbarung."
        ),
        {
            "Andreas Graf": "Bürgermeister der Gemeinde Lichtenau",
            "Sabine Koch": "Oberbürgermeisterin von Annaberg-Buchholz",
            "Carsten Kaempf": "Präsident der Polizeidirektion Chemnitz",
        },
        {"Andreas Graf", "Carsten Kaempf", "Sabine Koch"},
    ),
    (
        (
            "Gestern unterschrieben die Bürgermeisterin von Adorf/Vogtl. Tanja Merkel und Polizeipräsident Jens "
            "Lorek die Vereinbarung."
        ),
        {"Tanja Merkel": "Bürgermeisterin von Adorf/Vogtl.", "Jens Lorek": "Polizeipräsident"},
        {"Jens Lorek", "Tanja Merkel"},
    ),
    (
        (
            "Am Freitag unterzeichneten die Bürgermeisterin von Oelsnitz/Erzgeb., Birgit Schädlich, und der "
            "Leiter des Polizeireviers Stollberg, Heiko Brandl, die Sicherheitspartnerschaft."
        ),
        {
            "Birgit Schädlich": "Bürgermeisterin von Oelsnitz/Erzgeb.",
            "Heiko Brandl": "Leiter des Polizeireviers Stollberg",
        },
        {"Birgit Schädlich", "Heiko Brandl"},
    ),
    (
        (
            "Die Vereinbarung unterzeichneten Heike Sommer, Bürgermeisterin der Stadt Zschopau, und Ralf "
            "Brückner, Leiter des Polizeireviers Marienberg."
        ),
        {
            "Heike Sommer": "Bürgermeisterin der Stadt Zschopau",
            "Ralf Brückner": "Leiter des Polizeireviers Marienberg",
        },
        {"Heike Sommer", "Ralf Brückner"},
    ),
    (
        "Jens Hoffmann, der Geschäftsführer des Landespräventionsrates, stellte das Programm vor.",
        {"Jens Hoffmann": "Geschäftsführer des Landespräventionsrates"},
        set(),
    ),
    (
        "Karl Heinz Böhme, Bürgermeister von Großschirma, dankte den Helfern.",
        {"Karl Heinz Böhme": "Bürgermeister von Großschirma"},
        set(),
    ),
    (
        (
            "Bürgermeister Mario Lorenz und die Leiterin der Polizeidirektion Görlitz, Kathleen Zenker, haben die"
            " Vereinbarung unterzeichnet."
        ),
        {"Mario Lorenz": "Bürgermeister", "Kathleen Zenker": "Leiterin der Polizeidirektion Görlitz"},
        {"Kathleen Zenker", "Mario Lorenz"},
    ),
    (
        (
            "Für die Stadt Glauchau unterzeichnete Bürgermeisterin Jana Weise, für die Polizeidirektion Zwickau "
            "Polizeipräsident Lutz Rodig."
        ),
        {"Jana Weise": "Bürgermeisterin", "Lutz Rodig": "Polizeipräsident"},
        {"Jana Weise", "Lutz Rodig"},
    ),
    (
        "Für die Gemeinde Weißenberg unterzeichnete Bürgermeister Jörg Frenzel die Vereinbarung.",
        {"Jörg Frenzel": "Bürgermeister"},
        {"Jörg Frenzel"},
    ),
    (
        "Für die Polizei unterschrieb Polizeirätin Ulrike Brand, für die Stadt Oberbürgermeister Thomas Zenker.",
        {"Ulrike Brand": "Polizeirätin", "Thomas Zenker": "Oberbürgermeister"},
        {"Thomas Zenker", "Ulrike Brand"},
    ),
    (
        (
            "Die Sicherheitspartnerschaft wurde besiegelt mit der Unterschrift von Oberbürgermeister Thomas "
            "Zenker und Polizeipräsident Manfred Weißbach."
        ),
        {"Thomas Zenker": "Oberbürgermeister", "Manfred Weißbach": "Polizeipräsident"},
        {"Manfred Weißbach", "Thomas Zenker"},
    ),
    (
        (
            "Im Beisein von Innenministerin Petra Köpping unterzeichneten Bürgermeister Uwe Klein und "
            "Revierleiter Marco Hahn die Vereinbarung."
        ),
        {"Petra Köpping": "Innenministerin", "Uwe Klein": "Bürgermeister", "Marco Hahn": "Revierleiter"},
        {"Marco Hahn", "Uwe Klein"},
    ),
    (
        "Die Vereinbarung wurde im Beisein von Staatssekretär Jens Ullrich unterzeichnet.",
        {"Jens Ullrich": "Staatssekretär"},
        set(),
    ),
    (
        "Mit dabei waren Landrat Dirk Neubauer und die Landtagsabgeordnete Iris Firmenich (CDU).",
        {"Dirk Neubauer": "Landrat", "Iris Firmenich": "Landtagsabgeordnete"},
        set(),
    ),
    (
        "Mit dabei waren auch Romy Hesse vom Jugendamt und Silvio Lang vom Ordnungsamt.",
        {"Romy Hesse": ANY, "Silvio Lang": ANY},
        set(),
    ),
    (
        "»Wir wollen gemeinsam mehr Sicherheit schaffen«, sagte Oberbürgermeister Sven Krüger.",
        {"Sven Krüger": "Oberbürgermeister"},
        set(),
    ),
    (
        "„Prävention beginnt in der Nachbarschaft“, erklärte die Leiterin des Ordnungsamtes, Claudia Berger.",
        {"Claudia Berger": "Leiterin des Ordnungsamtes"},
        set(),
    ),
    (
        '"Das ist ein starkes Zeichen für die Region", betonte Staatssekretärin Anja Weber.',
        {"Anja Weber": "Staatssekretärin"},
        set(),
    ),
    (
        "«Die Zahl der Einbrüche ist deutlich gesunken», so Polizeidirektor Frank Seidel.",
        {"Frank Seidel": "Polizeidirektor"},
        set(),
    ),
    (
        "Bürgermeister Tino Kittel: »Sicherheit ist eine Gemeinschaftsaufgabe für uns alle.«",
        {"Tino Kittel": "Bürgermeister"},
        set(),
    ),
    (
        "Landrätin Ines Hanke besuchte das Revier. »Hier wird hervorragende Arbeit geleistet«, so Hanke.",
        {"Ines Hanke": "Landrätin"},
        set(),
    ),
    ("Von Anna Muster\n\nDie Gemeinde plant einen neuen Radweg entlang der Mulde.", {"Anna Muster": None}, set()),
    (
        "Ute Fröhlich, Marcel Schubert und Katrin Dietze (v. l. n. r.) bei der Übergabe",
        {"Ute Fröhlich": None, "Marcel Schubert": None, "Katrin Dietze": None},
        set(),
    ),
    ("Bürgermeister Jan Kunze bei der Übergabe (Foto: Peter Beyer)", {"Jan Kunze": "Bürgermeister"}, set()),
    (
        "Staatsminister Thomas von Breitenbuch sprach zur Eröffnung.",
        {"Thomas von Breitenbuch": "Staatsminister"},
        set(),
    ),
    ("Bürgermeisterin Karin zu Stolberg begrüßte die Gäste.", {"Karin zu Stolberg": "Bürgermeisterin"}, set()),
    ("Landrätin Dorothee Obst-Heinrich eröffnete die Sitzung.", {"Dorothee Obst-Heinrich": "Landrätin"}, set()),
    ("Hans-Jürgen Richter leitet das Projekt seit Januar.", {"Hans-Jürgen Richter": None}, set()),
    ("Auch Sören Voigt MdL nahm an dem Treffen teil.", {"Sören Voigt": "MdL"}, set()),
    ("Prof. Dr. Anja Besand hielt den Festvortrag.", {"Anja Besand": None}, set()),
    (
        "Den Vortrag hielt Prof. Dr. Detlef Pollack, Soziologe an der Universität Münster.",
        {"Detlef Pollack": ANY},
        set(),
    ),
    (
        "Bürgermeister Frank Dehne eröffnete das Fest. Dehne dankte allen Vereinen.",
        {"Frank Dehne": "Bürgermeister"},
        set(),
    ),
    (
        "Die Polizeipräsidentin Sonja Penzel und die Kämmerin Ines Hanke stellten den Bericht vor.",
        {"Sonja Penzel": "Polizeipräsidentin", "Ines Hanke": "Kämmerin"},
        set(),
    ),
    ("OB Burkhard Jung begrüßte die Delegation.", {"Burkhard Jung": "Oberbürgermeister"}, set()),
    (
        "OBin Constance Arndt lobte das Engagement der Ehrenamtlichen.",
        {"Constance Arndt": "Oberbürgermeisterin"},
        set(),
    ),
    (
        "Die stellvertretende Bürgermeisterin Mandy Schreiber vertrat den erkrankten Amtsinhaber.",
        {"Mandy Schreiber": "stellvertretende Bürgermeisterin"},
        set(),
    ),
    ("Auch der bayerische Innenminister Joachim Herrmann war zu Gast.", {"Joachim Herrmann": "Innenminister"}, set()),
    ("Thüringens Ministerpräsident Bodo Ramelow gratulierte der Stadt.", {"Bodo Ramelow": "Ministerpräsident"}, set()),
    ("Herr Schneider vom Ordnungsamt stellte die Pläne vor.", {"Schneider": ANY}, set()),
    ("Herr Dr. Schneider sprach.", {"Schneider": None}, set()),
    ("Frau Schneider vom Ordnungsamt sprach.", {"Schneider": ANY}, set()),
    ("Die Fragen der Bürger beantworteten Frau Wagner und Herr Lorenz.", {"Wagner": None, "Lorenz": None}, set()),
    ("Die Wilhelm-Buck-Straße wird ab Montag gesperrt.", {}, set()),
    ("Das Immanuel-Kant-Gymnasium erhält eine neue Turnhalle.", {}, set()),
    ("Die Allianz Sichere Sächsische Kommunen hat ein neues Mitglied.", {}, set()),
    ("In Sankt Egidien wurde ein neuer Präventionsrat gegründet.", {}, set()),
    ("Die Feuerwehr Bad Schandau rückte im vergangenen Jahr zu vielen Einsätzen aus.", {}, set()),
    ("Foto: Anna Muster", {}, set()),
    ("© Stadt Plauen/Max Richter", {}, set()),
    ("Die Feuerwehr erhält ein neues Fahrzeug vom Typ Mercedes Sprinter.", {}, set()),
    ("Kommunale Kriminalprävention bleibt eine wichtige Aufgabe.", {}, set()),
    ("Die Martin-Luther-Kirche in Zwickau wird saniert.", {}, set()),
    ("Auf dem Otto-Schill-Platz findet am Samstag der Wochenmarkt statt.", {}, set()),
    ("Der Bürgermeister und die Polizeipräsidentin unterzeichneten die Vereinbarung.", {}, set()),
    ("Die Gemeinde Hartmannsdorf unterzeichnete die Vereinbarung mit der Polizeidirektion Chemnitz.", {}, set()),
    ("Die Stadtverwaltung Frankenberg/Sa. informiert über die Sperrung der Hauptstraße.", {}, set()),
    ("Am Dr.-Wilhelm-Külz-Ring eröffnet eine neue Bürgerpolizeistation.", {}, set()),
    (
        "Unterzeichnet wurde die Vereinbarung von Bürgermeister Rico Anton und Polizeipräsident Lutz Rodig.",
        {"Rico Anton": "Bürgermeister", "Lutz Rodig": "Polizeipräsident"},
        {"Lutz Rodig", "Rico Anton"},
    ),
    (
        "Die Unterschriften setzten Oberbürgermeisterin Barbara Ludwig und Polizeipräsident Carsten Kaempf.",
        {"Barbara Ludwig": "Oberbürgermeisterin", "Carsten Kaempf": "Polizeipräsident"},
        {"Barbara Ludwig", "Carsten Kaempf"},
    ),
    (
        "Der Bürgermeister der Partnerstadt Liberec, Jaroslav Zámečník, unterzeichnete die Absichtserklärung.",
        {"Jaroslav Zámečník": "Bürgermeister der Partnerstadt Liberec"},
        {"Jaroslav Zámečník"},
    ),
    ("„Wir freuen uns über die Unterstützung“, sagte Kathrin Lehmann.", {"Kathrin Lehmann": None}, set()),
    ("Sehr geehrte Frau Ministerin, sehr geehrter Herr Bürgermeister, liebe Gäste!", {}, set()),
    ("Herr Bürgermeister Schmidt eröffnete die Sitzung.", {"Schmidt": "Bürgermeister"}, set()),
    (
        "Polizeipräsident Lutz Rodig (l.) und Bürgermeister Jörg Schmeißer (r.) bei der Unterzeichnung",
        {"Lutz Rodig": "Polizeipräsident", "Jörg Schmeißer": "Bürgermeister"},
        {"Lutz Rodig", "Jörg Schmeißer"},  # a caption of the signing names its signers
    ),
    ("Die Carl-Zeiss-Straße und die Frauenkirche liegen im Zentrum.", {}, set()),
    ("Die Konrad-Adenauer-Stiftung lädt zur Diskussion ein.", {}, set()),
    ("Mit dabei war Uwe Klein vom Jugendamt.", {"Uwe Klein": ANY}, set()),
    (
        (
            "Nach der Begrüßung durch Bürgermeister Kai Groß sprach Prof. Dr. Hans-Werner Lange von der "
            "Hochschule Mittweida."
        ),
        {"Kai Groß": "Bürgermeister", "Hans-Werner Lange": ANY},
        set(),
    ),
    ("Die Ortsteile Groß Düben und Klein Priebus liegen an der Neiße.", {}, set()),
    (
        (
            "Die Kooperationsvereinbarung unterzeichneten am Dienstag Oberbürgermeister Jesko Vogel (Limbach-"
            "Oberfrohna), Bürgermeisterin Ramona Pfeifer (Niederfrohna) und Polizeipräsident Carsten Kaempf."
        ),
        {
            "Jesko Vogel": "Oberbürgermeister",
            "Ramona Pfeifer": "Bürgermeisterin",
            "Carsten Kaempf": "Polizeipräsident",
        },
        {"Carsten Kaempf", "Jesko Vogel", "Ramona Pfeifer"},
    ),
    (
        (
            "Am Montag haben Landrat Rolf Keil und die Beigeordnete der Stadt Zwickau, Silvia Queck-Hänel, die "
            "Vereinbarung unterzeichnet."
        ),
        {"Rolf Keil": "Landrat", "Silvia Queck-Hänel": "Beigeordnete der Stadt Zwickau"},
        {"Rolf Keil", "Silvia Queck-Hänel"},
    ),
    (
        "Die Vereinbarung wurde von Oberbürgermeister Sven Schulze und Polizeipräsidentin Sonja Penzel unterzeichnet.",
        {"Sven Schulze": "Oberbürgermeister", "Sonja Penzel": "Polizeipräsidentin"},
        {"Sonja Penzel", "Sven Schulze"},
    ),
    (
        "Die Vereinbarung soll am 3. Juli von Bürgermeister Ronny Hofmann unterzeichnet werden.",
        {"Ronny Hofmann": "Bürgermeister"},
        set(),
    ),
    (
        "»Das Ehrenamt ist das Rückgrat unserer Gemeinde«, betonte Bürgermeisterin Grit Glöckner.",
        {"Grit Glöckner": "Bürgermeisterin"},
        set(),
    ),
    (
        "„Wir bleiben dran“, so der Leiter des Polizeireviers Grimma, Polizeirat Marko Laske.",
        {"Marko Laske": "Leiter des Polizeireviers Grimma"},
        set(),
    ),
    ("Es begrüßte Frau Prof. Dr. Sabine Kunst die Gäste.", {"Sabine Kunst": None}, set()),
    (
        "Herr Ulbricht vom Landratsamt und Frau Dr. Seifert von der Polizei erläuterten das Konzept.",
        {"Ulbricht": ANY, "Seifert": ANY},
        set(),
    ),
    (
        "Mit dabei: Staatssekretärin Gesine Märtens, MdL Frank Heidan und Stadtrat Jörg Bräuer.",
        {"Gesine Märtens": "Staatssekretärin", "Frank Heidan": "MdL", "Jörg Bräuer": "Stadtrat"},
        set(),
    ),
    ("Die Heinrich-Heine-Schule und das Lessing-Gymnasium nehmen teil.", {}, set()),
    ("Die Sparkasse Meißen spendete dem Verein einen Scheck.", {}, set()),
    ("Herrnhut und Frauenstein sind ebenfalls beteiligt.", {}, set()),
    ("Eine Frau Mitte 50 wurde leicht verletzt.", {}, set()),
    ("Die Freien Wähler stimmten im Stadtrat dagegen.", {}, set()),
    ("In St. Egidien und Sankt Marienstern gibt es neue Angebote.", {}, set()),
    (
        "Bürgermeister Holger Gericke dankte Revierleiter Uwe Schulz. Gericke sagte, man wolle weitermachen.",
        {"Holger Gericke": "Bürgermeister", "Uwe Schulz": "Revierleiter"},
        set(),
    ),
    (
        (
            "Anschließend unterzeichneten Christian Wagner, Bürgermeister der Stadt Oederan, und Polizeipräsident"
            " Carsten Kaempf die Vereinbarung. Im Anschluss sprach Landrat Dirk Neubauer."
        ),
        {
            "Christian Wagner": "Bürgermeister der Stadt Oederan",
            "Carsten Kaempf": "Polizeipräsident",
            "Dirk Neubauer": "Landrat",
        },
        {"Carsten Kaempf", "Christian Wagner"},
    ),
    (
        (
            "Dabei waren die Bürgermeister Jens Müller (Adorf), Michael Hubrich (Bad Elster) und Tobias Hermann "
            "(Markneukirchen)."
        ),
        {"Jens Müller": "Bürgermeister", "Michael Hubrich": "Bürgermeister", "Tobias Hermann": "Bürgermeister"},
        set(),
    ),
    (
        (
            "Es gratulierten der Landrat des Erzgebirgskreises, Rico Anton, und der Vorsitzende des "
            "Fördervereins, Dr. Rainer Fuchs."
        ),
        {"Rico Anton": "Landrat des Erzgebirgskreises", "Rainer Fuchs": "Vorsitzender des Fördervereins"},
        set(),
    ),
    ("Von Claudia Meier\n\nDie Stadt Zittau lädt zum Bürgerdialog ein.", {"Claudia Meier": None}, set()),
    ("Die Friedrich Ebert Stiftung und die Erich Kästner Grundschule laden ein.", {}, set()),
    ("Das Karl-May-Museum in Radebeul und der Kurt-Masur-Platz in Leipzig sind Ziele der Fahrt.", {}, set()),
    ("August-Bebel-Straße 12, 09111 Chemnitz", {}, set()),
    ("Im Johann Gottfried Herder Gymnasium findet der Workshop statt.", {}, set()),
    (
        "„Die Zusammenarbeit funktioniert hervorragend“, erklärte Oberbürgermeister Oliver Schenk (CDU).",
        {"Oliver Schenk": "Oberbürgermeister"},
        set(),
    ),
    (
        (
            "Am Mittwoch unterzeichneten Innenminister Armin Schuster und die Oberbürgermeisterin der Stadt "
            "Görlitz, Katharina Weise, im Beisein von Landrat Stephan Meyer eine Sicherheitspartnerschaft."
        ),
        {
            "Armin Schuster": "Innenminister",
            "Katharina Weise": "Oberbürgermeisterin der Stadt Görlitz",
            "Stephan Meyer": "Landrat",
        },
        {"Armin Schuster", "Katharina Weise"},
    ),
    ("Herr Schuster betonte die Bedeutung der Prävention.", {"Schuster": None}, set()),
]


@pytest.mark.parametrize(("text", "people", "signatories"), GENRE)
def test_genre(text: str, people: dict[str, object], signatories: set[str]) -> None:
    mentions = _people(text)
    got = {p.name: p.role for p in summarize_people(mentions)}
    assert set(got) == set(people)
    assert {name: role for name, role in got.items() if people[name] is not ANY} == {
        name: role for name, role in people.items() if role is not ANY
    }
    assert {m.name for m in mentions if m.relation == "signatory"} == signatories

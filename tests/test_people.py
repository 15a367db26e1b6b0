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
    text = (
        "Polizeirat Lars Kühn war dabei. Später sprach der Leiter des Reviers Pirna, Lars Kühn, über die Lage."
    )
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

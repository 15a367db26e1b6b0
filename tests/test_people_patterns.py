"""The people patterns of issue 13, one table per pattern, with sentences written for these tests.

Names by the shape of the phrase (an unknown first name before a role in brackets or apposition, a middle
initial, a surname repeated alone), first names from nam_dict.txt with German words kept out, roles by word
formation with modifiers, and signatories in every form the genre uses, with the negatives that must stay empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.fields.people import extract_people, summarize_people
from extract.fields.people.lexicon import first_names, is_german_word, role_form
from extract.nlp import make_doc
from extract.records import PersonMention, ReleaseInfo


def _people(text: str) -> list[PersonMention]:
    return extract_people(make_doc(text), ReleaseInfo(), [])[0]


def _roles(text: str) -> dict[str, str | None]:
    return {p.name: p.role for p in summarize_people(_people(text))}


def _signatories(text: str) -> set[str]:
    return {p.name for p in _people(text) if p.relation == "signatory"}


# ---------------------------------------------------------------- the first-name dataset


@pytest.mark.parametrize(
    ("word", "is_first_name"),
    [
        ("Anja", True),  # common in Germany
        ("Uwe", True),
        ("Ernst", True),  # also an adjective, but a very common first name
        ("Octavian", True),  # common elsewhere (Romania), not in Germany
        ("Zdeněk", True),
        ("Agnieszka", True),
        ("Sommer", False),  # a noun that inflects as one: Sommern
        ("Linde", False),  # a noun: Linden
        ("Will", False),  # a verb form capitalised at a sentence start
        ("Mai", False),  # a month
        ("Mercedes", False),  # in this genre a vehicle make
        ("Stadt", False),
    ],
)
def test_first_name_dataset(word: str, is_first_name: bool) -> None:
    assert (word in first_names()) is is_first_name


def test_first_name_dataset_licence_is_the_one_the_data_readme_names() -> None:
    import gender_guesser

    header = (Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt").read_text(encoding="utf-8")[:3000]
    assert "Jörg MICHAEL" in header and "GNU Free Documentation" in header


def test_first_name_dataset_is_large_and_knows_german_words() -> None:
    assert len(first_names()) > 5000
    assert is_german_word("Sommer") and not is_german_word("Agnieszka")


# ---------------------------------------------------------------- names by the shape of the phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first name no dataset knows, before a role in brackets: the bracket describes the name before it
        (
            "Am Tisch saßen Jorvin Haltmann (Leiter Bauhof Oybin) und Bürgermeisterin Ina Roth.",
            {"Jorvin Haltmann": "Leiter", "Ina Roth": "Bürgermeisterin"},
        ),
        # ... or before a role in apposition with its article
        (
            "Gekommen war auch Talvo Rennert, der Bürgermeister der Gemeinde Jonsdorf, mit seinem Team.",
            {"Talvo Rennert": "Bürgermeister der Gemeinde Jonsdorf"},
        ),
        # a role in brackets that introduces its own name: the words before the bracket are no name
        (
            "Die Kita Sonnenschein (Leiterin: Anja Roth) erhält neue Spielgeräte.",
            {"Anja Roth": "Leiterin"},
        ),
        # letters of Czech and Turkish names
        (
            "Gewürdigt wurde Kerem Yıldız, der Vorsitzende des Integrationsbeirates, für sein Engagement.",
            {"Kerem Yıldız": "Vorsitzender des Integrationsbeirates"},
        ),
        ("Es sprach Bürgermeister Jiří Řezníček aus Liberec.", {"Jiří Řezníček": "Bürgermeister"}),
        # a middle initial belongs to the name
        (
            "Die Koordinatorin Karla M. Feistel stellte das Gremium vor.",
            {"Karla M. Feistel": "Koordinatorin"},
        ),
        (
            "Es sprach Karla M. Feistel, die Koordinatorin des Präventionsrates.",
            {"Karla M. Feistel": "Koordinatorin des Präventionsrates"},
        ),
        # a surname repeated alone links to the full name
        (
            "Landrätin Doris Wendler eröffnete den Abend. Später dankte Wendler den Helfern.",
            {"Doris Wendler": "Landrätin"},
        ),
    ],
)
def test_names_by_shape(text: str, expected: dict[str, str | None]) -> None:
    assert _roles(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Polizeidirektion Görlitz (Leiter Fachdienst Prävention) stellte die Zahlen vor.",
        "Vertreten war die Stadt Meißen, der Bürgermeister hatte abgesagt.",
        "Der Fachdienst Prävention, der Leiter des Reviers und die Stadt arbeiten zusammen.",
        "Foto: Jorvin Haltmann",
        "Die Drehleiter Magirus wurde der Wehr übergeben.",
        "Die Feuerwehr hat neue Lautsprecher bekommen.",
    ],
)
def test_no_people_by_shape(text: str) -> None:
    assert _people(text) == []


# ---------------------------------------------------------------- roles by word formation


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("Sportministerin", "Sportministerin"),
        ("Regionalentwicklungsministers", "Regionalentwicklungsminister"),
        ("Amtschef", "Amtschef"),
        ("Ausländerbeauftragten", "Ausländerbeauftragter"),
        ("Fraktionsvorsitzende", "Fraktionsvorsitzende"),
        ("Stadtratsreferentin", "Stadtratsreferentin"),
        ("Baudezernenten", "Baudezernent"),
        ("Polizeirätin", "Polizeirätin"),
        ("Regierungsamtfrau", "Regierungsamtfrau"),
        ("Ordnungsamtsleiterinnen", "Ordnungsamtsleiterin"),
        ("Polizeisprecher", "Polizeisprecher"),
        ("Oberstaatsanwältin", "Oberstaatsanwältin"),
        ("Amtsrichterin", "Amtsrichterin"),
        ("Richterin", "Richterin"),
        ("Richter", None),  # a common surname: only the feminine is a role by itself
        ("Hofrichter", None),  # a surname
        ("Drehleiter", None),
        ("Lautsprecher", None),
        ("Schleiter", None),  # a surname, not a compound: no stem before the head
        ("Landespräventionsrat", None),  # a body: only the feminine -rätin is a person by form
        ("Chef", None),  # only in compounds
    ],
)
def test_role_word_formation(word: str, canonical: str | None) -> None:
    form = role_form(word)
    assert (form.canonical if form else None) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sportministerin Lena Hartig übergab die Bescheide.", {"Lena Hartig": "Sportministerin"}),
        (
            "Der Datenschutzbeauftragte Kai Seidel warnte vor Betrug.",
            {"Kai Seidel": "Datenschutzbeauftragter"},
        ),
        ("Die stellv. Amtsleiterin Britta Lenz führte durch den Abend.", {"Britta Lenz": "stellv. Amtsleiterin"}),
        (
            "Der kommissarische Revierleiter Tom Hänel nannte die Zahlen.",
            {"Tom Hänel": "kommissarische Revierleiter"},
        ),
        ("Es gratulierte Bürgermeister a. D. Gerd Lindner.", {"Gerd Lindner": "Bürgermeister a. D."}),
        (
            "Anwesend war die Sächsische Staatsministerin für Kultur und Tourismus, Vera Lohse.",
            {"Vera Lohse": "Staatsministerin für Kultur und Tourismus"},
        ),
        (
            "Den Scheck nahm der Bürgermeister für Wirtschaft und Bau der Stadt Zittau, Ralf Kunze, entgegen.",
            {"Ralf Kunze": "Bürgermeister für Wirtschaft und Bau der Stadt Zittau"},
        ),
        # in a list each role belongs to its own name
        (
            "Es sprachen Ina Roth, die Leiterin des Reviers Zittau, Udo Kraft, der Leiter des Ordnungsamtes, "
            "und Bürgermeister Jens Eck.",
            {
                "Ina Roth": "Leiterin des Reviers Zittau",
                "Udo Kraft": "Leiter des Ordnungsamtes",
                "Jens Eck": "Bürgermeister",
            },
        ),
        (
            "Die Vorsitzende Richterin am Amtsgericht Pirna, Sabine Kühnel, verkündete das Urteil.",
            {"Sabine Kühnel": "Vorsitzende Richterin am Amtsgericht Pirna"},
        ),
        ("Den Ehrenpreis erhielt Preisträgerin Johanna Becker.", {"Johanna Becker": "Preisträgerin"}),
        (
            "Regierungsamtfrau Petra Uhlmann und Polizeirätin Heike Brandt bereiteten den Termin vor.",
            {"Petra Uhlmann": "Regierungsamtfrau", "Heike Brandt": "Polizeirätin"},
        ),
    ],
)
def test_roles_in_sentences(text: str, expected: dict[str, str | None]) -> None:
    assert _roles(text) == expected


# ---------------------------------------------------------------- signatories


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        (
            "Heute unterzeichneten Bürgermeisterin Ina Roth und Polizeipräsident Jens Eck die Vereinbarung.",
            {"Ina Roth", "Jens Eck"},
        ),
        (
            "Bürgermeister Udo Kraft und Landrat Rainer Wolff haben die Vereinbarung am Montag unterschrieben.",
            {"Udo Kraft", "Rainer Wolff"},
        ),
        (
            "Die Partnerschaft wurde mit der Unterschrift von Britta Lenz, Bürgermeisterin der Stadt Oybin, "
            "und Kai Seidel, Leiter des Reviers, besiegelt.",
            {"Britta Lenz", "Kai Seidel"},
        ),
        (
            "Unterzeichnet wurde sie vom Landespräventionsrat Sachsen, vertreten durch die stellvertretende "
            "Geschäftsführerin Lena Hartig, sowie von Bürgermeister Tom Hänel.",
            {"Lena Hartig", "Tom Hänel"},
        ),
        (
            "Für die Stadt unterzeichnete Oberbürgermeister Gerd Lindner die Vereinbarung.",
            {"Gerd Lindner"},
        ),
        (
            "Bürgermeisterin Doris Wendler (l.) und Revierleiter Ralf Kunze (r.) bei der Unterzeichnung",
            {"Doris Wendler", "Ralf Kunze"},
        ),
        (
            "Im Beisein von Innenminister Jens Eck unterzeichneten Bürgermeisterin Ina Roth und Landrat Udo "
            "Kraft die Vereinbarung.",
            {"Ina Roth", "Udo Kraft"},
        ),
        (
            "Mit ihren Unterschriften bekräftigten Bürgermeisterin Ina Roth und Landrat Udo Kraft die Zusammenarbeit.",
            {"Ina Roth", "Udo Kraft"},
        ),
        (
            "Oberbürgermeister Gerd Lindner und Polizeipräsident Jens Eck besiegelten die Sicherheitspartnerschaft.",
            {"Gerd Lindner", "Jens Eck"},
        ),
        # a relative clause on the agreement names its signers, not the main clause's subject
        (
            "Staatssekretär Ulf Brandner lobte die Vereinbarung, die Bürgermeister Karl Frei und Revierleiter Jan "
            "Pohl unterzeichneten.",
            {"Karl Frei", "Jan Pohl"},
        ),
        (
            "Die Vereinbarung unterzeichneten:\n- Bürgermeisterin Ina Roth, Stadt Oybin\n- Polizeipräsident Jens "
            "Eck\n\nIm Anschluss sprach Udo Kraft.",
            {"Ina Roth", "Jens Eck"},
        ),
    ],
)
def test_signatories(text: str, signers: set[str]) -> None:
    assert _signatories(text) == signers


@pytest.mark.parametrize(
    "text",
    [
        # planned signings name no signatories
        "Die Vereinbarung soll am Freitag von Bürgermeisterin Ina Roth und Landrat Udo Kraft unterzeichnet werden.",
        "Am kommenden Montag unterzeichnen Bürgermeisterin Ina Roth und Landrat Udo Kraft die Vereinbarung.",
        "Bürgermeisterin Ina Roth will die Vereinbarung im Herbst unterschreiben.",
        "Unterzeichnen werden Bürgermeisterin Ina Roth und Landrat Udo Kraft.",
        "Unterzeichnen sollen am Montag:\nBürgermeisterin Ina Roth\nLandrat Udo Kraft",
        # a participle before the agreement is an adjective, not a signing
        "Innenminister Jens Eck überreichte Bürgermeister Lars Scholz die unterzeichnete Vereinbarung.",
        # sealing something that is no agreement
        "Bürgermeisterin Ina Roth und Landrat Udo Kraft besiegelten den Abend mit einem Konzert.",
        # a passive report names no signatories by itself
        "Die Vereinbarung wurde heute unterzeichnet. Bürgermeisterin Ina Roth freute sich über den Schritt.",
        # present without signing
        "Die Gäste begrüßte im Beisein von Innenminister Jens Eck die Bürgermeisterin Ina Roth.",
        # a photo credit is not a person
        "Foto: Ina Roth",
        "© Stadtverwaltung/Udo Kraft",
    ],
)
def test_no_signatories(text: str) -> None:
    assert _signatories(text) == set()


def test_witnesses_are_not_signatories() -> None:
    people = {
        p.name: p.relation
        for p in _people(
            "Bürgermeisterin Ina Roth und Polizeipräsident Jens Eck unterzeichneten die Vereinbarung im "
            "Beisein von Staatssekretär Udo Kraft."
        )
    }
    assert people == {"Ina Roth": "signatory", "Jens Eck": "signatory", "Udo Kraft": "witness"}


@pytest.mark.parametrize(
    "text",
    [
        "Foto: Ina Roth\n© Stadtverwaltung/Udo Kraft",
        "Bildnachweis: Ina Roth",
        "Fotografin: Ina Roth",
        "Die neue Drehleiter vor dem Gerätehaus (Foto: Udo Kraft)",
    ],
)
def test_credits_name_nobody(text: str) -> None:
    assert _people(text) == []


def test_press_contact_line_is_a_contact() -> None:
    people = _people("Pressekontakt: Jana Wolff, Telefon 0351 123456")
    assert [(p.name, p.relation) for p in people] == [("Jana Wolff", "contact")]


def test_summary_prefers_a_compound_office_to_a_rank() -> None:
    text = "Polizeirätin Heike Brandt eröffnete den Abend. Brandt, die Präventionsbeauftragte der Stadt, dankte."
    assert _roles(text) == {"Heike Brandt": "Präventionsbeauftragte der Stadt"}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Staatsminister Jens Eck kam. Später sprach Innenminister Jens Eck.", "Innenminister"),
        ("Innenminister Jens Eck kam. Später sprach Staatsminister Jens Eck.", "Innenminister"),
        ("Staatsminister Jens Eck kam. Später sprach Staatsminister des Innern Jens Eck.", "Staatsminister des Innern"),
    ],
)
def test_summary_prefers_the_portfolio_to_the_bare_title(text: str, role: str) -> None:
    assert _roles(text) == {"Jens Eck": role}

"""Release date, headline and issuer on pages of every kind of publisher (sentences written for the tests)."""

from __future__ import annotations

from datetime import date

import pytest

from extract.clean import clean
from extract.fields.release import extract_release
from extract.read import read_bytes

BODY = "Die Gemeinde Zeithain erhält 12.000 Euro für die Feuerwehr. Das teilte die Verwaltung mit."


def release_of(text: str):  # noqa: ANN201 - a ReleaseInfo
    return extract_release(clean(read_bytes(text.encode(), "x.txt")))


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("Vertrag geschlossen", "Vertrag geschlossen"),  # two words, with a participle
        ("Sicherheitsanalyse Zeithain", "Sicherheitsanalyse Zeithain"),  # two nouns directly over the body
        ("Beispielnetz: Halbjahresbilanz", "Beispielnetz: Halbjahresbilanz"),  # a kicker and one word
        ("Mehr als 2,5 Mio. Euro für neue Sporthallen", "Mehr als 2,5 Mio. Euro für neue Sporthallen"),
        ("Region\nMerken\nNeue Feuerwache für Zeithain\n2 Min.", "Neue Feuerwache für Zeithain"),
        (
            "1. Home\n2. Region\n3. Neue Feuerwache\nRegion\nNeue Feuerwache für Zeithain",
            "Neue Feuerwache für Zeithain",
        ),
        ("+++ Straßensperrung am Markt +++\nNeue Feuerwache für Zeithain", "Neue Feuerwache für Zeithain"),
        ("© Stadt Zeithain\nNeue Feuerwache für Zeithain", "Neue Feuerwache für Zeithain"),
    ],
)
def test_the_headline_of_every_kind_of_page(head: str, title: str) -> None:
    assert release_of(f"{head}\n\n{BODY}").title == title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Veröffentlicht am 26.10.2020", date(2020, 10, 26)),
        ("veröffentlicht am: 03.11.2022", date(2022, 11, 3)),
        ("Stand: 03.11.2022, 10:15 Uhr", date(2022, 11, 3)),
        ("Pressemitteilung vom 12. März 2019", date(2019, 3, 12)),
        ("Medieninformation Nr. 14/2019 vom 12.03.2019", date(2019, 3, 12)),
        ("Zeithain, 12. März 2019", date(2019, 3, 12)),
        ("Stadt Zeithain, den 12. 03. 2019", date(2019, 3, 12)),
        ("Mittwoch, 12.03.2019", date(2019, 3, 12)),
        ("Dienstag, 12.03.2019 (11.KW)", date(2019, 3, 12)),
        ("12.03.19", date(2019, 3, 12)),
        ("2019-03-12", date(2019, 3, 12)),
        ("Erstellt am 12.03.2019", date(2019, 3, 12)),
        ("Meldung vom 12.03.2019", date(2019, 3, 12)),
        ("Pressemitteilung 14/2019 vom 12.03.2019", date(2019, 3, 12)),
        ("Datum der Veröffentlichung: Dienstag, 12. März 2019", date(2019, 3, 12)),
        ("12.03.2019 – 10:15", date(2019, 3, 12)),
    ],
)
def test_release_date_above_or_below_the_headline(line: str, expected: date) -> None:
    assert release_of(f"{line}\n\nNeue Feuerwache für Zeithain\n\n{BODY}").date == expected
    assert release_of(f"Neue Feuerwache für Zeithain\n\n{line}\n\n{BODY}").date == expected


def test_an_event_date_in_the_body_is_not_the_release_date() -> None:
    text = "Neue Feuerwache für Zeithain\n\nDie Stadt hat am 12. März 2019 eine Feuerwache eröffnet. Sie kostete viel."
    assert release_of(text).date is None


def test_a_statistic_as_of_a_day_is_not_the_release_date() -> None:
    text = "Neue Zahlen zur Feuerwehr\n\nDie Zahl der Einsätze (Stand: 31.12.2021) stieg. Das meldet der Kreis."
    assert release_of(text).date is None


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            f"Neue Feuerwache für Zeithain\n\n{BODY}\n\nQuelle: Sächsisches Staatsministerium für Beispiele",
            "Sächsisches Staatsministerium für Beispiele",
        ),
        (
            f"Neue Feuerwache für Zeithain\n\n{BODY}\n\nKontakt\nLandratsamt Musterkreis\nTelefon: 0351 1234",
            "Landratsamt Musterkreis",
        ),
        (f"Stadt Zeithain, den 12. 03. 2019\n\nNeue Feuerwache für Zeithain\n\n{BODY}", "Stadt Zeithain"),
        (f"Zeithain (dpa) - {BODY}", "dpa"),
        (f"Neue Feuerwache für Zeithain\n12.03.2019, 16:50 Uhr | dpa\n\n{BODY}", "dpa"),
        (f"Neue Feuerwache für Zeithain\n\n{BODY}", None),
    ],
)
def test_issuer_from_source_line_contact_block_or_dateline(text: str, issuer: str | None) -> None:
    assert release_of(text).issuer == issuer

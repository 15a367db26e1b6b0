"""Signings of every kind, in every form a release reports them, and what only looks like one.

The sentences are written for these tests: invented people, real Saxon municipalities.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract.pipeline import process
from extract.read import read_bytes

HEAD = "12.03.2024\n\nNeues aus der Region\n\n"


def agreements(body: str) -> set[tuple[str, date | None]]:
    ex = process(read_bytes((HEAD + body).encode(), "sample.txt")).extraction
    return {(a.commune, a.date) for a in ex.agreements if a.status == "signed"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # kinds beyond the cooperation agreement
        (
            "Die Stadt Riesa und die Gemeinde Zeithain haben heute eine Zweckvereinbarung unterzeichnet.",
            {("Riesa", date(2024, 3, 12)), ("Zeithain", date(2024, 3, 12))},
        ),
        (
            "Am 4. März 2024 unterschrieben die Bürgermeister von Oschatz und Mügeln den Gebietsänderungsvertrag.",
            {("Oschatz", date(2024, 3, 4)), ("Mügeln", date(2024, 3, 4))},
        ),
        ("Die Stadt Zittau hat heute einen Partnerschaftsvertrag unterzeichnet.", {("Zittau", date(2024, 3, 12))}),
        ("Die Stadt Riesa hat heute einen Vertrag mit dem Freistaat unterschrieben.", {("Riesa", date(2024, 3, 12))}),
        # verbs and phrases
        (
            "Bereits im Jahr 2020 schlossen die Stadt Görlitz und die Polizeidirektion eine Sicherheitspartnerschaft.",
            {("Görlitz", None)},
        ),
        (
            "Am heutigen Dienstag ist eine Kooperationsvereinbarung mit der Stadt Pirna geschlossen worden.",
            {("Pirna", date(2024, 3, 12))},
        ),
        (
            "Das Rathaus war Schauplatz der Unterzeichnung der Kooperationsvereinbarung mit der Stadt Kamenz "
            "am 11. März 2024.",
            {("Kamenz", date(2024, 3, 11))},
        ),
        (
            "Die Stadt Radebeul schließt sich dem Netzwerk für Prävention an. Heute wurde dazu eine Vereinbarung "
            "unterzeichnet.",
            {("Radebeul", date(2024, 3, 12))},
        ),
        (
            "Mit der Unterschrift von Bürgermeister Max Probe wurde die Sicherheitspartnerschaft der Stadt Döbeln "
            "heute besiegelt.",
            {("Döbeln", date(2024, 3, 12))},
        ),
    ],
)
def test_a_reported_signing_gives_one_agreement_per_signing_town(
    body: str, expected: set[tuple[str, date | None]]
) -> None:
    assert agreements(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        # planned or announced
        "Die Stadt Riesa will am kommenden Montag eine Kooperationsvereinbarung unterzeichnen.",
        "Die Stadt Riesa besiegelt ihre Zusammenarbeit mit dem Land. Am kommenden Montag soll der Vertrag "
        "geschlossen werden.",
        "Die Unterzeichnung der Vereinbarung mit der Stadt Riesa soll im April erfolgen.",
        # no Saxon municipality signs
        "Der Landkreis Meißen und die Polizeidirektion haben heute eine Sicherheitspartnerschaft unterzeichnet.",
        "Die Technische Universität Dresden hat heute eine Kooperationsvereinbarung mit dem Land unterzeichnet.",
        # something else is closed
        "Die Grundschule in Riesa wurde heute wegen eines Wasserschadens geschlossen.",
        # a count of signings is a statistic
        "Im Jahr 2023 wurden landesweit 17 Kooperationsvereinbarungen unterzeichnet, etwa mit Städten wie Riesa.",
        # an agreement's rules, not a signing
        "Mit der Unterzeichnung der Geschäftsordnung ist der Präventionsrat in Riesa gegründet.",
    ],
)
def test_what_only_looks_like_a_signing_gives_none(body: str) -> None:
    assert agreements(body) == set()


def test_a_table_of_communes_and_numbers_gives_no_agreement() -> None:
    body = (
        "Im vergangenen Jahr wurden 5 Kooperationsvereinbarungen unterzeichnet. Die Übersicht nach Städten:\n\n"
        "Stadt Beratungen Vereinbarungen Analysen\n"
        "Stadt Riesa 4 1 2\n"
        "Stadt Pirna 3 1 1\n"
        "Stadt Kamenz 2 1 1\n\n"
        "Die Beratung ist kostenfrei."
    )
    assert agreements(body) == set()


def test_a_table_does_not_hide_a_signing_reported_in_prose() -> None:
    body = (
        "Die Stadt Kamenz hat heute eine Kooperationsvereinbarung unterzeichnet.\n\n"
        "Stadt Beratungen Vereinbarungen\nStadt Riesa 4 1\nStadt Pirna 3 1\n"
    )
    assert agreements(body) == {("Kamenz", date(2024, 3, 12))}

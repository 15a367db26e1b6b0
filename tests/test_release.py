"""Release metadata: the dateline (never an event date), the headline, the press contact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.clean import clean
from extract.fields.release import extract_release
from extract.read import read_bytes, read_path


def release_of(text: str):  # noqa: ANN201 - a ReleaseInfo
    return extract_release(clean(read_bytes(text.encode(), "x.txt")))


@pytest.mark.parametrize(
    "text, expected_date, expected_title",
    [
        (
            "12.03.2024\n\nMarkkleeberg gründet Präventionsrat\n\nDer Stadtrat hat am 4. März 2024 beschlossen.",
            date(2024, 3, 12),
            "Markkleeberg gründet Präventionsrat",
        ),
        (
            "Markkleeberg gründet Präventionsrat\n\n12.03.2024, 09:30 Uhr — Erstveröffentlichung\n\n"
            "Der Stadtrat tagte.",
            date(2024, 3, 12),
            "Markkleeberg gründet Präventionsrat",
        ),
        (
            "Di, 12.03.2024 , 09:30 Uhr\n\nMarkkleeberg gründet Präventionsrat\n\nDer Stadtrat tagte.",
            date(2024, 3, 12),
            "Markkleeberg gründet Präventionsrat",
        ),
        (
            "Neue Fahrzeuge für die Feuerwehr Zittau\n\n5. November 2019 | Themenbereich: Feuerwehr | Drucken\n\n"
            "Der Minister übergab heute zwei Fahrzeuge.",
            date(2019, 11, 5),
            "Neue Fahrzeuge für die Feuerwehr Zittau",
        ),
        (
            "Dresden, 21. März 2017 – Der Minister hat heute in Dresden zwei Förderbescheide übergeben. Das Geld ist "
            "für neue Sporthallen bestimmt. Beide Städte freuen sich.",
            date(2017, 3, 21),
            None,
        ),
        (
            "Ein Tag für die Prävention in Riesa\n\nAm heutigen 7. Mai 2022 trafen sich Vertreter der Stadt. "
            "Sie berieten über neue Projekte.",
            date(2022, 5, 7),
            "Ein Tag für die Prävention in Riesa",
        ),
        (
            "Die Stadt Riesa hat am 7. Mai 2022 eine Vereinbarung geschlossen und am 9. Mai 2022 gefeiert. Es war gut. "
            "Quelle: Pressemitteilung vom 10. Mai 2022",
            date(2022, 5, 10),
            None,
        ),
    ],
)
def test_dateline_and_headline(text: str, expected_date: date, expected_title: str | None) -> None:
    release = release_of(text)
    assert release.date == expected_date
    assert release.title == expected_title


@pytest.mark.parametrize(
    "text",
    [
        # an event date in the body is not the release date
        "Sicherheitsanalysen in Plauen gestartet\nIm Februar 2024 begannen die Befragungen. Am 5. März 2024 "
        "folgte ein Workshop mit 30 Teilnehmenden.",
        "Der Landkreis plant für den 12.09.2025 einen Fachtag. Eingeladen sind alle Kommunen. Die Anmeldung läuft.",
    ],
)
def test_event_dates_in_the_body_are_not_the_release_date(text: str) -> None:
    assert release_of(text).date is None


def test_navigation_and_breadcrumbs_are_not_the_headline() -> None:
    text = (
        "1. Navigation\n2. Inhalt\nInhalt\n\nFörderung\n\nStartAktuellesMehr Geld für Präventionsarbeit\n"
        "Mehr Geld für Präventionsarbeit\n\nDas Kabinett hat heute beschlossen, die Mittel zu erhöhen. Sie steigen."
    )
    assert release_of(text).title == "Mehr Geld für Präventionsarbeit"


def test_seed_letterhead_gives_date_title_issuer_and_contact(seeds: dict[str, Path]) -> None:
    release = extract_release(clean(read_path(seeds["grossenhain"])))
    assert release.date == date(2021, 2, 17)
    assert release.date_rule == "letterhead"
    assert release.title == "Großenhain nun auch Mitglied im ASSKomm-Verbund"
    assert release.issuer == "Sächsisches Staatsministerium des Innern"
    assert release.kind == "Medieninformation"
    assert (release.contact_name, release.contact_role) == ("Martin Strunden", "Ansprechpartner")
    assert release.contact_email == "presse@smi.sachsen.de"
    assert release.contact_phone == "+49 351 564 30400"
    meerane = extract_release(clean(read_path(seeds["meerane"])))
    assert meerane.date == date(2023, 4, 25)
    assert meerane.title == "Die 50. »ASSKomm«-Kooperationsvereinbarung – Meerane wird Teil des Präventionsnetzwerks"

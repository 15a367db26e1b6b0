"""Dates: German date expressions with granularity, resolved against the release date."""

from __future__ import annotations

from datetime import date

import pytest

from extract.fields.dates import extract_dates, parse_with_dateparser
from extract.nlp import make_doc
from extract.records import ReleaseInfo

RELEASE = ReleaseInfo(date=date(2021, 6, 25))  # a Friday


def _dates(text: str, release: ReleaseInfo = RELEASE) -> list[tuple[str, date, date | None, str, bool]]:
    return [(d.text, d.value, d.end_value, d.granularity, d.inferred) for d in extract_dates(make_doc(text), release)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 17.02.2021 unterzeichneten beide.", ("17.02.2021", date(2021, 2, 17), None, "day", False)),
        ("Das war am 25. April 2023 in Meerane.", ("25. April 2023", date(2023, 4, 25), None, "day", False)),
        (
            "Sie haben am heutigen 25. Juni 2021 unterschrieben.",
            ("25. Juni 2021", date(2021, 6, 25), None, "day", False),
        ),
        ("Am heutigen Tag wurde unterzeichnet.", ("Am heutigen Tag", date(2021, 6, 25), None, "day", False)),
        ("Der Minister sagte heute in Dresden:", ("heute", date(2021, 6, 25), None, "day", False)),
        ("Die Stadt hatte gestern beschlossen.", ("gestern", date(2021, 6, 24), None, "day", False)),
        ("die Anfang 2019 gegründete Allianz", ("Anfang 2019", date(2019, 1, 1), date(2019, 12, 31), "year", False)),
        ("bis Mitte 2020 verlängert", ("Mitte 2020", date(2020, 1, 1), date(2020, 12, 31), "year", False)),
        ("bis Ende Juni 2021 befristet", ("Ende Juni 2021", date(2021, 6, 1), date(2021, 6, 30), "month", False)),
        ("im Herbst 2020 gestartet", ("Herbst 2020", date(2020, 9, 1), date(2020, 11, 30), "season", False)),
        ("im Winter 2020 geplant", ("Winter 2020", date(2020, 12, 1), date(2021, 2, 28), "season", False)),
        ("im 2. Quartal 2021 fertig", ("2. Quartal 2021", date(2021, 4, 1), date(2021, 6, 30), "quarter", False)),
        ("im ersten Halbjahr 2022", ("ersten Halbjahr 2022", date(2022, 1, 1), date(2022, 6, 30), "half", False)),
        ("im Jahr 2021 gefördert", ("2021", date(2021, 1, 1), date(2021, 12, 31), "year", False)),
        (
            "Der Landtag hatte 2018 das Gesetz beschlossen.",
            ("2018", date(2018, 1, 1), date(2018, 12, 31), "year", False),
        ),
        (
            "vom 1. bis 3. Juli 2021 in Leipzig",
            ("vom 1. bis 3. Juli 2021", date(2021, 7, 1), date(2021, 7, 3), "range", False),
        ),
        ("seit 2015 Mitglied", ("seit 2015", date(2015, 1, 1), date(2015, 12, 31), "year", False)),
        ("im August 2010 beschädigt", ("August 2010", date(2010, 8, 1), date(2010, 8, 31), "month", False)),
        ("Am Mittwoch trafen sich alle.", ("Am Mittwoch", date(2021, 6, 23), None, "day", True)),
        ("Am Freitag trafen sich alle.", ("Am Freitag", date(2021, 6, 18), None, "day", True)),
        ("Die Frist endet am 31. August.", ("31. August", date(2021, 8, 31), None, "day", True)),
    ],
)
def test_date_forms(text: str, expected: tuple[str, date, date | None, str, bool]) -> None:
    assert _dates(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Telefon: +49 351 564-3040",
        "nach § 3 Abs. 2 der Richtlinie",
        "Beginn ist um 14 Uhr.",
        "Die Quote stieg auf 12,5 Prozent.",
        "die Stadt und die Gemeinde",
        "Wilhelm-Buck-Straße 2, 01097 Dresden",
        "mit den Straßenbahnlinien 3, 6, 7 und 8",
        "Der Bescheid über 21.150,- Euro",
        "mehr als 2000 Teilnehmer",
        "der Zukunftspakt 2030",
    ],
)
def test_not_dates(text: str) -> None:
    assert _dates(text) == []


@pytest.mark.parametrize("text", ["heute", "gestern", "am Mittwoch", "am 31. August"])
def test_release_relative_dates_need_a_release_date(text: str) -> None:
    assert _dates(text, ReleaseInfo()) == []


def test_two_years_joined() -> None:
    assert [d[0] for d in _dates("Förderung für 2022 und 2023")] == ["2022", "2023"]


def test_results_sorted_and_spans_verbatim() -> None:
    text = "Am 17.02.2021 und heute, seit 2015 und im Herbst 2020."
    found = extract_dates(make_doc(text), RELEASE)
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(text[d.start : d.end] == d.text for d in found)


@pytest.mark.parametrize(
    "text",
    [
        "Am 17.02.2021 unterzeichneten beide.",
        "am 25. April 2023",
        "am 3.7.19 eröffnet",
        "heute",
        "gestern",
        "Die Frist endet am 31. August.",
    ],
)
def test_day_values_agree_with_dateparser(text: str) -> None:
    (found,) = extract_dates(make_doc(text), RELEASE)
    assert parse_with_dateparser(found.text, RELEASE.date) == found.value


# Sentence-initial leads, years before a full stop, ranges of months and numeric days without a year.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seit 2019 arbeiten beide Städte zusammen.", [("Seit 2019", date(2019, 1, 1), date(2019, 12, 31), "year")]),
        (
            "Bis 2025 sollen alle Haushalte angeschlossen sein.",
            [("2025", date(2025, 1, 1), date(2025, 12, 31), "year")],
        ),
        (
            "Das Projekt läuft von 2021 bis 2024.",
            [
                ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
                ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
            ],
        ),
        ("Die Mittel stehen für 2022.", [("2022", date(2022, 1, 1), date(2022, 12, 31), "year")]),
        (
            "Die Bauarbeiten dauern bis Ende 2023.",
            [("Ende 2023", date(2023, 1, 1), date(2023, 12, 31), "year")],
        ),
        (
            "Vom 6. bis 8. August 2021 feiert Marienberg sein Stadtfest.",
            [("Vom 6. bis 8. August 2021", date(2021, 8, 6), date(2021, 8, 8), "range")],
        ),
        (
            "Von Juli bis September 2021 ist das Bad geschlossen.",
            [("Von Juli bis September 2021", date(2021, 7, 1), date(2021, 9, 30), "range")],
        ),
        ("Am 25.06. übergab der Minister den Bescheid.", [("25.06.", date(2021, 6, 25), None, "day")]),
        ("Der Kreistag hatte bereits am 14.06.21 zugestimmt.", [("14.06.21", date(2021, 6, 14), None, "day")]),
        (
            "Am Montag, 21. Juni 2021, begann der Unterricht.",
            [("21. Juni 2021", date(2021, 6, 21), None, "day")],
        ),
        ("Die Übergabe war am 3.5.2021 in Oederan.", [("3.5.2021", date(2021, 5, 3), None, "day")]),
        (
            "Im dritten Quartal 2021 kommen die Bescheide.",
            [("dritten Quartal 2021", date(2021, 7, 1), date(2021, 9, 30), "quarter")],
        ),
        ("Im Frühjahr 2022 ist die Halle fertig.", [("Frühjahr 2022", date(2022, 3, 1), date(2022, 5, 31), "season")]),
        ("Ab Januar 2022 gilt die Regelung.", [("Januar 2022", date(2022, 1, 1), date(2022, 1, 31), "month")]),
        ("Am vergangenen Dienstag trafen sich alle.", [("Am vergangenen Dienstag", date(2021, 6, 22), None, "day")]),
        ("Die Polizei wurde am Sonnabend alarmiert.", [("am Sonnabend", date(2021, 6, 19), None, "day")]),
        # Not dates: section numbers with full stops, a year range read the wrong way round.
        ("Siehe Abschnitt 3.5. der Richtlinie.", []),
        ("Die 2.000 Teilnehmer kamen aus 12 Ländern.", []),
        (
            "Von September bis Juli 2021 ist nichts geplant.",
            [("Juli 2021", date(2021, 7, 1), date(2021, 7, 31), "month")],
        ),
        ("Die Quote lag 2021.5 Punkte höher.", []),
    ],
)
def test_more_date_forms(text: str, expected: list[tuple[str, date, date | None, str]]) -> None:
    assert [(t, v, e, g) for t, v, e, g, _ in _dates(text)] == expected

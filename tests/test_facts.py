"""Findings a journalist can rely on: every kind against releases that contradict and ones that only look so.

Each case builds releases written for the test (an invented ministry, programme and people, marked as samples)
through the whole pipeline: reading, extraction, near-duplicate detection, storage, audit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.audit import audit_command, run_audit
from extract.build import build
from extract.pipeline import process
from extract.read import read_bytes

BACKGROUND = (
    "Das Beispielnetz berät Städte und Gemeinden kostenfrei bei allen Fragen der Vorbeugung, von der Beleuchtung "
    "dunkler Wege über sichere Schulwege bis zur Arbeit der Präventionsräte in den Ortsteilen."
)


def _release(day: str, title: str, *paragraphs: str) -> str:
    d = day.split("-")
    return f"{d[2]}.{d[1]}.{d[0]}\n\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def _build(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"sample": True}), encoding="utf-8")
    path = tmp_path / "archive.db"
    result = build(sorted(folder.glob("*.txt")), path, jobs=1)
    assert result.failed == 0, result.errors
    return path


def _kinds(path: Path) -> list[str]:
    return sorted(f.kind for f in run_audit(path))


TOTAL_141 = _release(
    "2023-04-25",
    "Oederan tritt dem Beispielnetz bei",
    "Das Beispielnetz Sichere Kommune hat inzwischen 141 Kommunen beraten.",
    BACKGROUND,
)


@pytest.mark.parametrize(
    ("texts", "kinds"),
    [
        pytest.param(
            {
                "a": TOTAL_141,
                "b": _release(
                    "2024-05-06",
                    "Bilanz des Jahres 2023",
                    "Im Jahr 2023 wurden 58 Kommunen neu beraten.",
                ),
            },
            [],
            id="a count for one period beside a running total",
        ),
        pytest.param(
            {
                "a": TOTAL_141,
                "b": _release(
                    "2023-09-12",
                    "Beispielnetz zieht Zwischenbilanz",
                    "Das Beispielnetz Sichere Kommune hat bislang 120 Kommunen beraten.",
                ),
            },
            ["count_decreases"],
            id="a running total that drops",
        ),
        pytest.param(
            {
                "a": TOTAL_141,
                "b": _release(
                    "2024-01-10",
                    "Beispielnetz: neue Mitglieder",
                    "In diesem Jahr hat das Beispielnetz Sichere Kommune 12 Kommunen beraten.",
                ),
            },
            [],
            id="a count for this year beside a running total",
        ),
        pytest.param(
            {
                "a": _release("2023-03-01", "Stand im März", "Das Beispielnetz hat bereits 102 Kommunen beraten."),
                "b": _release("2023-03-02", "Stand im März", "Das Beispielnetz hat bereits über 100 Kommunen beraten."),
            },
            [],
            id="a rounded figure beside the exact one",
        ),
        pytest.param(
            {
                "a": _release("2023-03-01", "Stand im März", "Das Beispielnetz hat inzwischen 55 Kommunen beraten."),
                "b": _release("2023-03-02", "Stand im März", "Das Beispielnetz hat inzwischen 57 Kommunen beraten."),
            },
            ["conflicting_values"],
            id="two values for one day",
        ),
        pytest.param(
            {
                "a": _release(
                    "2023-03-01", "Sachsen", "Dem Beispielnetz haben sich inzwischen 30 Kommunen angeschlossen."
                ),
                "b": _release(
                    "2023-03-02",
                    "Hessen",
                    "Der hessischen Beispielinitiative haben sich inzwischen 26 Kommunen angeschlossen.",
                ),
            },
            [],
            id="another Land's programme",
        ),
        pytest.param(
            {
                "a": _release(
                    "2024-03-12",
                    "Die 40. Kooperationsvereinbarung",
                    "Mit Oederan wurde heute die 40. Kooperationsvereinbarung unterzeichnet.",
                    "Bislang wurden 39 Kooperationsvereinbarungen geschlossen.",
                ),
            },
            ["ordinal_vs_count"],
            id="an ordinal above the count",
        ),
        pytest.param(
            {
                "a": _release(
                    "2024-03-12",
                    "Die 40. Kooperationsvereinbarung",
                    "Mit Oederan wurde heute die 40. Kooperationsvereinbarung unterzeichnet.",
                    "Bislang wurden 40 Kooperationsvereinbarungen geschlossen.",
                ),
                "b": _release(
                    "2024-03-13",
                    "Bilanz",
                    "2023 wurden 17 Kooperationsvereinbarungen geschlossen.",
                ),
            },
            [],
            id="an ordinal beside the count and a count for one year",
        ),
    ],
)
def test_findings(tmp_path: Path, texts: dict[str, str], kinds: list[str]) -> None:
    assert _kinds(_build(tmp_path, texts)) == kinds


def test_a_reprint_published_later_is_its_release_not_a_drop(tmp_path: Path) -> None:
    early = _release(
        "2023-01-10",
        "Beispielnetz wächst weiter",
        "Das Beispielnetz Sichere Kommune hat inzwischen 100 Kommunen beraten. " + BACKGROUND,
        "Bürgermeisterin Erika Probst aus Oederan lobte die Beratung und kündigte eine Befragung der Einwohner an, "
        "deren Ergebnisse im Herbst im Stadtrat vorgestellt werden sollen.",
    )
    later = _release(
        "2023-06-01", "Beispielnetz: Halbjahresbilanz", "Das Beispielnetz hat inzwischen 120 Kommunen beraten."
    )
    # A weekly prints the January release in September, under its own date and with its own furniture.
    reprint = early.replace("10.01.2023", "15.09.2023\n\nLokales | Anzeige").replace("lobte", "würdigte")
    path = _build(tmp_path, {"a-early": early, "b-later": later, "c-reprint": reprint})
    assert _kinds(path) == []


def test_renditions_and_quotes_of_one_speaker_are_no_finding(tmp_path: Path) -> None:
    words = "Eine gute Nachbarschaft ist die beste Vorbeugung gegen Einbrüche und Vandalismus."
    text = _release(
        "2024-02-01",
        "Zschopau startet Nachbarschaftsprojekt",
        f"Beispielminister Konrad Mustermann: »{words}« " + BACKGROUND,
        "Das Beispielnetz hat inzwischen 90 Kommunen beraten.",
    )
    reprint = text.replace("01.02.2024", "02.02.2024\n\nLokales").replace(
        "Beispielminister Konrad Mustermann", "Mustermann"
    )
    other = _release("2024-02-05", "Ein anderer", f"Bürgermeisterin Erika Probst sagte: »{words}«")
    path = _build(tmp_path, {"a": text, "b": text.replace("Zschopau startet", "Zschopau beginnt"), "c": reprint})
    assert _kinds(path) == []
    path2 = _build(tmp_path / "two", {"a": text, "d": other})
    assert _kinds(path2) == ["quote_two_speakers"]


def test_a_finding_names_both_releases_dates_sentences_and_sources(tmp_path: Path) -> None:
    path = _build(
        tmp_path,
        {
            "a": TOTAL_141,
            "b": _release(
                "2023-09-12",
                "Beispielnetz zieht Zwischenbilanz",
                "Das Beispielnetz Sichere Kommune hat bislang 120 Kommunen beraten.",
            ),
        },
    )
    (finding,) = run_audit(path)
    assert finding.release_dates == ("2023-04-25", "2023-09-12")
    assert finding.release_titles == ("Oederan tritt dem Beispielnetz bei", "Beispielnetz zieht Zwischenbilanz")
    assert "inzwischen 141 Kommunen" in finding.sentences[0] and "bislang 120 Kommunen" in finding.sentences[1]
    explanation = finding.explanation
    assert "25. April 2023" in explanation and "12. September 2023" in explanation
    assert "»Oederan tritt dem Beispielnetz bei«" in explanation and "141" in explanation and "120" in explanation
    assert explanation.endswith(".") and not re.search(r"(?<!\d)[.!?]\s+[A-ZÄÖÜ]", explanation)  # one sentence
    result = CliRunner().invoke(audit_command, ["--db", str(path), "--format", "json"])
    assert result.exit_code == 0
    (shown,) = json.loads(result.output)
    assert [r["date"] for r in shown["releases"]] == ["2023-04-25", "2023-09-12"]
    assert [[Path(d["source"]).name for d in r["documents"]] for r in shown["releases"]] == [["a.txt"], ["b.txt"]]


@pytest.mark.parametrize(
    ("sentence", "suffix"),
    [
        ("Der Landespräventionsrat hat inzwischen 141 Kommunen beraten.", ""),
        ("Der Landespräventionsrat hat bislang insgesamt 141 Kommunen beraten.", ""),
        ("Seit 2019 hat der Landespräventionsrat 141 Kommunen beraten.", ""),
        ("Ende 2023 hatte der Landespräventionsrat 150 Kommunen beraten.", ""),
        ("2023 wurden 58 Kommunen neu beraten.", ":zeitraum-2023"),
        ("Im Jahr 2023 wurden insgesamt 58 Kommunen beraten und 17 Vereinbarungen geschlossen.", ":zeitraum-2023"),
        ("In diesem Jahr wurden 12 Kommunen beraten.", ":zeitraum-2024"),
        ("Im vergangenen Jahr wurden 40 Kommunen beraten.", ":zeitraum-2023"),
        ("Heute traten fünf weitere Städte dem Netzwerk bei.", ":zuwachs"),
        ("Der hessischen Initiative haben sich inzwischen 26 Städte angeschlossen.", ":land-hessen"),
        ("Im Saarland haben 2022 weitere 12 Städte unterzeichnet.", ":zeitraum-2022:land-saarland"),
    ],
)
def test_measure_key_separates_totals_periods_and_laender(sentence: str, suffix: str) -> None:
    processed = process(read_bytes(f"17.02.2024\n\nTitel\n\n{sentence}\n".encode(), "x.txt"))
    figures = [f for f in processed.extraction.figures if f.value >= 5]
    assert figures
    for f in figures:
        base = f.measure.split(":")[:3]
        assert f.measure == ":".join(base) + suffix

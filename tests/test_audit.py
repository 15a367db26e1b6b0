"""The audit: figure history, findings across releases, and fact-checking a figure."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extract.audit import audit_command, check, check_command, history, parse_query, run_audit
from extract.registry import person_key
from extract.store import DocumentRows, open_archive, stem_text, write_document

BERATEN = "asskomm:kommune:beraten"
VEREINBARUNGEN = "asskomm:kooperationsvereinbarung:geschlossen"
BOILERPLATE = (
    "Unter dem Dach der Allianz hat der Landespräventionsrat bereits {n} Kommunen zu Fragen der Sicherheit beraten."
)
SENTENCE_RE = re.compile(r"[^.!?]+[.!?]?")

# A release: (name, date, text, figures, ordinals, quotes)
# figure: (text as printed, value, unit, measure, predicate, qualifier); the first number of the text is the value
Figure = tuple[str, float, str, str, str | None, str | None]


def _release(
    db: Any,
    name: str,
    day: str,
    text: str,
    figures: list[Figure] = (),  # type: ignore[assignment]
    ordinals: list[tuple[str, int, str, str | None]] = (),  # type: ignore[assignment]
    quotes: list[tuple[str, str]] = (),
    sample: int = 0,
) -> None:  # type: ignore[assignment]
    """Store one hand-written release with the facts the extractors would find in it."""
    sentences = [(m.start(), m.end()) for m in SENTENCE_RE.finditer(text) if m.group().strip()]

    def where(fragment: str) -> dict[str, Any]:
        start = text.index(fragment)
        n = next(i for i, (s, e) in enumerate(sentences) if s <= start < e)
        return {
            "sentence_n": n,
            "text": fragment,
            "char_start": start,
            "char_end": start + len(fragment),
            "raw_start": start,
            "raw_end": start + len(fragment),
            "page": None,
            "x0": None,
            "top": None,
            "x1": None,
            "bottom": None,
            "rule": "test",
        }

    tables: dict[str, list[dict[str, Any]]] = {
        "sentences": [
            {
                "n": i,
                "char_start": s,
                "char_end": e,
                "page": None,
                "text": text[s:e].strip(),
                "text_stemmed": stem_text(text[s:e]),
            }
            for i, (s, e) in enumerate(sentences)
        ],
        "figures": [
            dict(
                where(frag),
                value=value,
                value_max=None,
                unit=unit,
                lemma=None,
                predicate=predicate,
                programme="ASSKomm",
                measure=measure,
                qualifier=qualifier,
                as_of=None,
            )
            for frag, value, unit, measure, predicate, qualifier in figures
        ],
        "ordinals": [
            dict(where(frag), value=value, orders=orders, scope=None, measure=measure)
            for frag, value, orders, measure in ordinals
        ],
        "quotes": [dict(where(words), speaker=speaker, speaker_role=None) for words, speaker in quotes],
    }
    document = {
        "id": hashlib.sha256((name + text).encode()).hexdigest(),
        "source": f"{name}.txt",
        "filename": f"{name}.txt",
        "format": "text",
        "release_date": day,
        "year": int(day[:4]),
        "title": name,
        "text": text,
        "raw_text": text,
        "sample": sample,
    }
    speakers = [(person_key(speaker) or speaker, speaker, speaker.split()[-1]) for _, speaker in quotes]
    write_document(db, DocumentRows(document=document, tables=tables, quote_keys=speakers))


def _advised(
    name: str,
    day: str,
    value: int,
    qualifier: str | None = "inzwischen bereits",
    wording: str = "Der Landespräventionsrat hat {q} {n} Kommunen zu Fragen der Sicherheit beraten.",
) -> tuple:
    text = wording.format(q=qualifier or "", n=value).replace("  ", " ")
    return (name, day, text, [(f"{value} Kommunen", float(value), "Kommunen", BERATEN, "beraten", qualifier)])


@pytest.fixture
def archive(tmp_path: Path) -> Any:
    return open_archive(tmp_path / "archive.db")


def _kinds(db: Any) -> list[str]:
    return sorted(f.kind for f in run_audit(db))


def test_consistent_history_yields_nothing(archive: Any) -> None:
    for args in (
        _advised("a", "2021-02-17", 102),
        _advised("b", "2021-06-25", 100, "inzwischen bereits über"),
        _advised("c", "2023-04-25", 141),
        _advised("d", "2023-04-26", 141),
    ):
        _release(archive, *args)
    assert run_audit(archive) == []
    assert archive.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("releases", "kinds"),
    [
        # a cumulative count goes down
        ([_advised("a", "2022-01-10", 120), _advised("b", "2022-06-01", 110)], ["count_decreases"]),
        # "rund 115" may be 120 rounded: no contradiction
        ([_advised("a", "2022-01-10", 120), _advised("b", "2022-06-01", 118, "rund")], []),
        # the number of towns that joined at one event is no running total
        (
            [
                (
                    "a",
                    "2022-01-10",
                    "Heute traten fünf weitere Städte der Allianz bei.",
                    [("fünf weitere Städte", 5.0, "Städte", "asskomm:stadt:beigetreten", "beigetreten", None)],
                ),
                (
                    "b",
                    "2022-07-22",
                    "Heute treten drei Städte der Allianz bei.",
                    [("drei Städte", 3.0, "Städte", "asskomm:stadt:beigetreten", "beigetreten", None)],
                ),
            ],
            [],
        ),
        # two releases about one day disagree
        ([_advised("a", "2022-03-01", 55), _advised("b", "2022-03-02", 57)], ["conflicting_values"]),
        # releases months apart may differ: that is growth
        ([_advised("a", "2022-03-01", 55), _advised("b", "2022-09-02", 57)], []),
    ],
)
def test_findings_across_releases(archive: Any, releases: list[tuple], kinds: list[str]) -> None:
    for args in releases:
        _release(archive, *args)
    assert _kinds(archive) == kinds


def test_a_finding_names_releases_and_sentences(archive: Any) -> None:
    _release(archive, *_advised("winter", "2022-01-10", 120))
    _release(archive, *_advised("summer", "2022-06-01", 110))
    (finding,) = run_audit(archive)
    assert finding.values == (120.0, 110.0)
    assert finding.sources == ("winter.txt", "summer.txt")
    assert "110 Kommunen" in finding.sentences[1]
    assert (finding.first_date, finding.last_date) == ("2022-01-10", "2022-06-01")
    row = archive.execute('SELECT kind, "values", explanation FROM findings').fetchone()
    assert row[0] == "count_decreases" and json.loads(row[1]) == [120, 110] and "120" in row[2]


@pytest.mark.parametrize(("count", "kinds"), [(59, ["ordinal_vs_count"]), (60, []), (64, [])])
def test_ordinal_against_count(archive: Any, count: int, kinds: list[str]) -> None:
    text = (
        f"Die 60. Kooperationsvereinbarung ist unterzeichnet. Bisher wurden {count} Kooperationsvereinbarungen "
        "geschlossen."
    )
    _release(
        archive,
        "r",
        "2024-03-12",
        text,
        figures=[
            (
                f"{count} Kooperationsvereinbarungen",
                float(count),
                "Kooperationsvereinbarungen",
                VEREINBARUNGEN,
                "geschlossen",
                None,
            )
        ],
        ordinals=[("60. Kooperationsvereinbarung", 60, "Kooperationsvereinbarung", VEREINBARUNGEN)],
    )
    assert _kinds(archive) == kinds


@pytest.mark.parametrize(
    ("text", "figures", "kinds"),
    [
        (
            "Es wurden 40 Projekte gefördert, davon 20 Projekte in Städten, 15 Projekte in Gemeinden und "
            "10 Projekte in Verbänden.",
            [("40 Projekte", 40.0), ("20 Projekte", 20.0), ("15 Projekte", 15.0), ("10 Projekte", 10.0)],
            ["parts_exceed_total"],
        ),
        (
            "Es wurden 45 Projekte gefördert, davon 20 Projekte in Städten, 15 Projekte in Gemeinden und "
            "10 Projekte in Verbänden.",
            [("45 Projekte", 45.0), ("20 Projekte", 20.0), ("15 Projekte", 15.0), ("10 Projekte", 10.0)],
            [],
        ),
        # a part that is a share of the total
        (
            "Inzwischen wurden 141 Projekte gefördert, wovon ca. ein Drittel (62 Projekte) abgeschlossen ist.",
            [("141 Projekte", 141.0), ("62 Projekte", 62.0)],
            [],
        ),
        # numbers side by side without davon are no parts
        (
            "Es wurden 40 Projekte gefördert. Im Vorjahr waren es 50 Projekte.",
            [("40 Projekte", 40.0), ("50 Projekte", 50.0)],
            [],
        ),
    ],
)
def test_parts_and_total(archive: Any, text: str, figures: list[tuple[str, float]], kinds: list[str]) -> None:
    _release(
        archive,
        "r",
        "2024-03-12",
        text,
        figures=[(frag, value, "Projekte", "asskomm:projekt:gefoerdert", None, None) for frag, value in figures],
    )
    assert _kinds(archive) == kinds


def test_one_quote_two_speakers(archive: Any) -> None:
    words = "Prävention wirkt, wenn alle vor Ort an einem Strang ziehen."
    _release(archive, "a", "2024-01-05", f"Der Minister sagte: »{words}«", quotes=[(words, "Armin Beispiel")])
    _release(archive, "b", "2024-02-05", f"Die Bürgermeisterin sagte: »{words}«", quotes=[(words, "Erika Muster")])
    _release(archive, "c", "2024-03-05", f"Der Minister sagte erneut: »{words}«", quotes=[(words, "Armin Beispiel")])
    findings = run_audit(archive)
    assert [f.kind for f in findings] == ["quote_two_speakers"]
    assert set(findings[0].values) == {"Armin Beispiel", "Erika Muster"}


def test_stale_boilerplate(archive: Any) -> None:
    boiler = BOILERPLATE
    _release(archive, *_advised("jan", "2022-01-10", 80, "bereits", boiler))
    _release(archive, *_advised("may", "2022-05-10", 95, "bereits", "Bislang wurden {q} {n} Kommunen beraten."))
    _release(archive, *_advised("sep", "2022-09-10", 80, "bereits", boiler))
    kinds = _kinds(archive)
    assert "stale_boilerplate" in kinds
    stale = next(f for f in run_audit(archive) if f.kind == "stale_boilerplate")
    assert stale.sources == ("jan.txt", "may.txt", "sep.txt")


def test_boilerplate_brought_up_to_date_is_fine(archive: Any) -> None:
    boiler = BOILERPLATE
    _release(archive, *_advised("jan", "2022-01-10", 80, "bereits", boiler))
    _release(archive, *_advised("may", "2022-05-10", 95, "bereits", "Bislang wurden {q} {n} Kommunen beraten."))
    _release(archive, *_advised("sep", "2022-09-10", 97, "bereits", boiler))
    assert _kinds(archive) == []


def test_history_and_check(archive: Any) -> None:
    for args in (_advised("c", "2023-04-25", 141), _advised("a", "2021-02-17", 102), _advised("b", "2022-01-11", 120)):
        _release(archive, *args)
    assert [h["value"] for h in history(archive, BERATEN)] == [102, 120, 141]
    (hit,) = check(archive, "141 Kommunen")
    assert hit["release_date"] == "2023-04-25" and hit["source"] == "c.txt"
    assert "141 Kommunen" in hit["sentence"]
    assert [h["value"] for h in hit["history"]] == [102, 120, 141]
    assert [h["this"] for h in hit["history"]] == [False, False, True]
    assert len(check(archive, "141")) == 1
    assert check(archive, "141 Sicherheitsanalysen") == []
    assert check(archive, "142") == []


@pytest.mark.parametrize(
    ("query", "parsed"),
    [
        ("141 Kommunen", (141.0, "Kommunen")),
        ("1.100", (1100.0, None)),
        ("zwölf Studierende", (12.0, "Studierende")),
        ("Kommunen", None),
    ],
)
def test_parse_query(query: str, parsed: tuple[float, str | None] | None) -> None:
    assert parse_query(query) == parsed


def test_commands(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    db = open_archive(db_path)
    _release(db, *_advised("a", "2022-01-10", 120))
    _release(db, *_advised("b", "2022-06-01", 110))
    db.conn.close()
    runner = CliRunner()
    result = runner.invoke(audit_command, ["--db", str(db_path), "--format", "json"])
    assert result.exit_code == 0
    assert [f["kind"] for f in json.loads(result.output)] == ["count_decreases"]
    assert runner.invoke(check_command, ["120 Kommunen", "--db", str(db_path)]).exit_code == 0
    missing = runner.invoke(check_command, ["999 Kommunen", "--db", str(db_path)])
    assert missing.exit_code == 1
    assert runner.invoke(audit_command, ["--db", str(tmp_path / "none.db")]).exit_code != 0


@pytest.mark.parametrize(("samples", "kinds"), [((0, 1), []), ((1, 0), []), ((1, 1), ["count_decreases"])])
def test_a_sample_is_compared_only_with_samples(archive: Any, samples: tuple[int, int], kinds: list[str]) -> None:
    """A release the project wrote never contradicts a real one; two samples are audited like real releases."""
    _release(archive, *_advised("winter", "2022-01-10", 120), sample=samples[0])
    _release(archive, *_advised("summer", "2022-06-01", 110), sample=samples[1])
    assert _kinds(archive) == kinds


def test_a_finding_explains_in_german_with_both_releases(archive: Any) -> None:
    _release(archive, *_advised("winter", "2022-01-10", 1200))
    _release(archive, *_advised("summer", "2022-06-01", 1100))
    (finding,) = run_audit(archive)
    assert finding.explanation == (
        "Eine laufende Summe kann nicht sinken: »winter« vom 10. Januar 2022 nennt 1.200 Kommunen,"
        " die spätere »summer« vom 1. Juni 2022 nur noch 1.100."
    )
    assert finding.release_dates == ("2022-01-10", "2022-06-01") and len(set(finding.release_ids)) == 2

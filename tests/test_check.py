"""`pressdb check` finds a figure, an amount or an ordinal as a journalist types it, each release once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.resources import corpus_dir


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("check") / "archive.db"
    result = CliRunner().invoke(cli, ["build", str(corpus_dir()), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def check(archive: Path, query: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["check", query, "--db", str(archive), "--format", "json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else []


def test_an_amount_as_printed_is_found_once_per_release(archive: Path) -> None:
    # The Großenhain grant is printed in the text and the PDF rendition of one release.
    status, rows = check(archive, "21.150 Euro")
    assert status == 0
    assert [(r["kind"], r["value"], r["release_date"]) for r in rows] == [("amount", 21150.0, "2021-02-17")]
    assert "21.150" in str(rows[0]["sentence"])


def test_an_ordinal_with_a_trailing_dot(archive: Path) -> None:
    status, rows = check(archive, "50.")
    assert status == 0
    assert {(r["kind"], r["value"], r["release_date"]) for r in rows} == {("ordinal", 50, "2023-04-25")}
    # "die 50. Kommune" and "die 50. Kooperationsvereinbarung": two statements of the release, each once
    assert sorted(r["detail"] for r in rows) == ["Kommune", "Kooperationsvereinbarung"]


def test_an_ordinal_of_another_noun_is_not_stated(archive: Path) -> None:
    status, rows = check(archive, "die 50. Feuerwehr")
    assert status == 1 and rows == []


def test_a_count_with_its_noun_keeps_its_history(archive: Path) -> None:
    status, rows = check(archive, "141 Kommunen")
    assert status == 0
    assert rows and all(r["value"] == 141 for r in rows)
    assert all(r["history"] for r in rows)


def test_a_query_without_a_number_says_how_to_ask() -> None:
    result = CliRunner().invoke(cli, ["check", "Kommunen", "--db", "nowhere.db"])
    assert result.exit_code != 0

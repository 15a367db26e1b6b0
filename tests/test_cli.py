"""The command line end to end: build, rebuild, extract, bad input; each test queries the result."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import cli

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str) -> CliRunner.invoke:  # type: ignore[valid-type]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def seed_dir(tmp_path: Path, seeds: dict[str, Path]) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    for path in seeds.values():
        shutil.copy(path, folder / path.name)
    return folder


def test_build_stores_both_seeds_with_metadata_and_searchable_sentences(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = run("build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and "2 added" in result.output
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT release_date, title, contact_name, contact_email, issuer, error FROM documents ORDER BY release_date"
    ).fetchall()
    assert rows == [
        (
            "2021-02-17",
            "Großenhain nun auch Mitglied im ASSKomm-Verbund",
            "Martin Strunden",
            "presse@smi.sachsen.de",
            "Sächsisches Staatsministerium des Innern",
            None,
        ),
        (
            "2023-04-25",
            "Die 50. »ASSKomm«-Kooperationsvereinbarung – Meerane wird Teil des Präventionsnetzwerks",
            "Martin Strunden",
            "presse@smi.sachsen.de",
            "Sächsisches Staatsministerium des Innern",
            None,
        ),
    ]
    text = conn.execute("SELECT text FROM documents WHERE release_date = '2021-02-17'").fetchone()[0]
    assert "Hausanschrift" not in text and "tragender Pfeiler und für mich" in text
    hits = conn.execute(
        "SELECT s.text FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
        "WHERE sentences_fts MATCH 'Sicherheitsanalyse'"
    ).fetchall()
    assert any("25 Sicherheitsanalysen durchgeführt" in h[0] for h in hits)
    # every fact's span points at its text in the clean text
    for table in ("commune_mentions", "money", "figures", "dates"):
        for doc_text, start, end, fact_text in conn.execute(
            f"SELECT d.text, f.char_start, f.char_end, f.text FROM {table} f JOIN documents d ON d.id = f.document_id"
        ):
            assert doc_text[start:end] == fact_text


def test_rebuild_skips_unchanged_and_replaces_changed_files(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert run("build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q").exit_code == 0
    again = run("build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q")
    assert "2 unchanged" in again.output
    changed = seed_dir / "smi-2021-02-17-grossenhain.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("21.150,- Euro", "22.000,- Euro"), encoding="utf-8")
    third = run("build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q")
    assert "1 replaced" in third.output and "1 unchanged" in third.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    assert conn.execute("SELECT amount_cents FROM money WHERE text LIKE '%22.000%'").fetchone() == (2200000,)
    assert conn.execute("SELECT COUNT(*) FROM money WHERE text LIKE '%21.150%'").fetchone()[0] == 0


def test_parallel_build_equals_serial_build(seed_dir: Path, tmp_path: Path) -> None:
    dumps = []
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        assert run("build", str(seed_dir), "--db", str(db), "--jobs", jobs, "-q").exit_code == 0
        conn = sqlite3.connect(db)
        dumps.append(
            [
                conn.execute("SELECT id, release_date, title, text FROM documents ORDER BY id").fetchall(),
                conn.execute(
                    "SELECT document_id, char_start, text FROM figures ORDER BY document_id, char_start"
                ).fetchall(),
            ]
        )
    assert dumps[0] == dumps[1]


CONTRACT_KEYS = {"source", "release", "communes", "people", "signatories", "money", "figures", "agreements", "error"}


@pytest.mark.parametrize("slug", ["smi-2021-02-17-grossenhain", "smi-2023-04-25-meerane"])
def test_extract_prints_the_contract_and_matches_the_golden_file(slug: str, update_golden: bool) -> None:
    path = Path(__file__).parent.parent / "corpus" / f"{slug}.txt"
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert CONTRACT_KEYS <= obj.keys()
    obj["source"] = f"corpus/{slug}.txt"
    golden = GOLDEN / f"{slug}.json"
    if update_golden:
        golden.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no {golden.name}: run pytest --update-golden, review the file and commit it"
    assert obj == json.loads(golden.read_text(encoding="utf-8"))


def test_extract_json_format_is_one_array_in_input_order(seeds: dict[str, Path]) -> None:
    paths = [str(seeds["meerane"]), str(seeds["grossenhain"])]
    result = run("extract", *paths, "--format", "json")
    objects = json.loads(result.output)
    assert [o["source"] for o in objects] == paths
    assert objects[0]["release"]["date"] == "2023-04-25"


def test_bad_input_is_reported_recorded_and_the_batch_goes_on(seed_dir: Path, tmp_path: Path) -> None:
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (seed_dir / "fake.pdf").write_bytes(b"<html><body>not a pdf</body></html>")
    # UTF-16 without its byte-order mark: cannot be told apart from binary data (with the mark it is read)
    (seed_dir / "undecodable.txt").write_bytes(("Präventionsrat " * 20).encode("utf-16-le"))
    empty_dir = tmp_path / "nothing-here"
    empty_dir.mkdir()
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli,
        ["build", str(seed_dir), str(empty_dir), str(tmp_path / "missing.txt"), "--db", str(db), "--jobs", "1", "-q"],
    )
    assert result.exit_code == 1
    out = result.output
    assert "empty.txt: the file is empty" in out
    assert "junk.txt: binary data" in out
    assert "fake.pdf: named .pdf but is not a PDF" in out
    assert "undecodable.txt:" in out
    assert "nothing-here: the directory holds no" in out
    assert "missing.txt: no such file or directory" in out
    assert "2 added" in out and "6 failed" in out
    conn = sqlite3.connect(db)
    errors = dict(conn.execute("SELECT filename, error FROM documents WHERE error IS NOT NULL").fetchall())
    assert set(errors) == {"empty.txt", "junk.txt", "fake.pdf", "undecodable.txt"}
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE error IS NULL").fetchone()[0] == 2
    failed_ids = [r[0] for r in conn.execute("SELECT id FROM documents WHERE error IS NOT NULL")]
    for table in ("sentences", "figures", "commune_mentions", "person_mentions"):
        n = conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE document_id IN ({','.join('?' * len(failed_ids))})", failed_ids
        ).fetchone()[0]
        assert n == 0, table


def test_extract_of_an_unreadable_file_prints_its_line_with_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == 1
    obj = json.loads(result.stdout.strip().splitlines()[-1])
    assert obj["error"].startswith(str(bad)) and obj["communes"] == [] and CONTRACT_KEYS <= obj.keys()


def test_a_document_over_the_time_limit_is_stopped_and_recorded(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli, ["build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q", "--timeout", "0.001"]
    )
    assert result.exit_code == 1
    assert "stopped after 0.001 s (the per-document time limit)" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE error LIKE '%time limit%'").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 0


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli, ["build", str(seed_dir), "--db", str(db), "--jobs", "1", "-q", "--max-size", "0.001"]
    )
    assert result.exit_code == 1
    assert "MB is more than the 0.001 MB a release may have; split the file, or raise the limit" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE error LIKE '%more than the 0.001 MB%'").fetchone()[0] == 2

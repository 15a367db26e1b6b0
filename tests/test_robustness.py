"""Bad input through `pressdb build`: one clear line naming the file, a documents.error row, the batch goes on.

Each case puts one bad file between two good releases, builds with the CLI and
checks: exit status 1 and the summary line, exactly one error line naming the
file (no traceback), the bad file's documents row with its error and not a
single sentence or fact row of it, and the good releases stored whole (the
same row counts as a build of the good files alone). Inputs that pressdb can
repair (latin-1 text, UTF-8 read as cp1252, a PDF whose only damage is its
cross-reference table) must instead be stored without an error.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pdf_factory
import pytest
from click.testing import CliRunner, Result
from hostile_factory import GOOD, batch_with

from extract.cli import cli
from extract.read import sha256
from extract.store import ROW_TABLES

# A release written for this test, with umlauts, ß and typographic quotes in several places.
UMLAUT_TEXT = (
    "Medieninformation\n\nSächsisches Staatsministerium des Innern\n\n12.09.2022\n\n"
    "Größere Förderung für Präventionsarbeit in Weißwasser\n\n"
    "Die Große Kreisstadt Weißwasser erhält für ihr Projekt »Straßenfußball für Toleranz« in diesem Jahr "
    "14.500 Euro. Oberbürgermeisterin Katja Dietrich: „Wir freuen uns über die Unterstützung.“ Das Büro des "
    "Präventionsrates öffnet künftig dienstags und donnerstags.\n"
)
FIFTY_MB = 50 * 1024 * 1024


def _junk() -> bytes:
    return bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00\x00\x01"


def _huge() -> bytes:
    line = "Die Gemeinde prüft weitere Maßnahmen gegen Vandalismus an Haltestellen und auf Spielplätzen. " * 8 + "\n"
    data = line.encode("utf-8")
    return data * (FIFTY_MB // len(data) + 1)


# (case id, file name, bytes, words the error line must contain besides the path; "a|b": either)
FAILING: list[tuple[str, str, Callable[[], bytes], tuple[str, ...]]] = [
    ("empty", "b-empty.txt", lambda: b"", ("empty",)),
    ("whitespace-only", "b-blank.txt", lambda: b" \n\n\t \n", ("empty",)),
    ("binary-junk-txt", "b-junk.txt", _junk, ("binary",)),
    ("html-named-pdf", "b-page.pdf", pdf_factory.html_named_pdf, ("not a PDF",)),
    ("truncated-pdf", "b-truncated.pdf", pdf_factory.truncated, ("damaged",)),
    ("corrupt-xref-and-objects", "b-corrupt.pdf", pdf_factory.corrupt_objects, ("damaged",)),
    ("encrypted-pdf", "b-encrypted.pdf", lambda: pdf_factory.encrypted("secret"), ("encrypted", "password")),
    ("image-only-pdf", "b-scan.pdf", pdf_factory.image_only, ("no text layer", "OCR")),
    ("zero-page-pdf", "b-nopages.pdf", pdf_factory.zero_pages, ("no pages",)),
    ("utf16-text", "b-utf16.txt", lambda: UMLAUT_TEXT.encode("utf-16-le"), ()),
    # Refused by size, or stopped by the per-document time limit (10 s here): either way named and explained.
    ("huge-text-50mb", "b-huge.txt", _huge, ("MB|--timeout",)),
]

# Inputs pressdb repairs: stored without error, with the text as the author wrote it.
REPAIRED: list[tuple[str, str, Callable[[], bytes], str]] = [
    (
        "latin-1-text",
        "b-latin1.txt",
        lambda: UMLAUT_TEXT.replace("„", '"').replace("“", '"').encode("latin-1"),
        "Straßenfußball",
    ),
    ("cp1252-text", "b-cp1252.txt", lambda: UMLAUT_TEXT.encode("cp1252"), "„Wir freuen uns"),
    (
        "double-encoded-utf8",
        "b-mojibake.txt",
        lambda: UMLAUT_TEXT.encode("utf-8").decode("cp1252").encode("utf-8"),
        "Präventionsrates öffnet künftig",
    ),
    ("corrupt-xref-pdf", "b-xref.pdf", pdf_factory.corrupt_xref, "Freiberg"),
]


def _build(*args: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--quiet", "--jobs", "1", *args], catch_exceptions=False)


def _counts(db: Path, doc_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t} WHERE document_id = ?", (doc_id,)).fetchone()[0]
            for t in ROW_TABLES
        }


def _documents(db: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT filename, id, error FROM documents")}


@pytest.fixture(scope="module")
def good_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, int]]:
    """Row counts per table of each good release, built alone."""
    folder = tmp_path_factory.mktemp("good")
    db = folder / "good.db"
    result = _build(str(GOOD[0]), str(GOOD[1]), "--db", str(db))
    assert result.exit_code == 0, result.output
    return {p.name: _counts(db, sha256(p.read_bytes())) for p in GOOD}


def _assert_good_stored(db: Path, good_counts: dict[str, dict[str, int]]) -> None:
    docs = _documents(db)
    for stored, original in (("a-good.txt", GOOD[0]), ("c-good.txt", GOOD[1])):
        doc_id, error = docs[stored]
        assert error is None
        counts = _counts(db, doc_id)
        assert counts == good_counts[original.name]
        assert counts["sentences"] > 0


@pytest.mark.parametrize("case, name, make, words", FAILING, ids=[c[0] for c in FAILING])
def test_bad_file_is_recorded_and_the_batch_goes_on(
    tmp_path: Path,
    good_counts: dict[str, dict[str, int]],
    case: str,
    name: str,
    make: Callable[[], bytes],
    words: tuple[str, ...],
) -> None:
    data = make()
    folder = batch_with(tmp_path, name, data)
    db = tmp_path / "archive.db"
    result = _build(str(folder), "--db", str(db), "--timeout", "10")

    assert result.exit_code == 1
    assert "3 documents into" in result.stdout and "2 added" in result.stdout and "1 failed" in result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines  # one clear line, no traceback
    assert name in lines[0]
    message = lines[0].replace(str(folder), "").lower()
    for word in words:
        assert any(w.lower() in message for w in word.split("|")), (word, message)

    docs = _documents(db)
    assert set(docs) == {"a-good.txt", name, "c-good.txt"}
    doc_id, error = docs[name]
    if case == "huge-text-50mb":
        assert doc_id.startswith("unread-")  # refused by its size before a byte of it was read (or hashed)
    else:
        assert doc_id == sha256(data)
    assert error and name in error
    assert all(n == 0 for n in _counts(db, doc_id).values())  # nothing of the failed document is half-written
    _assert_good_stored(db, good_counts)


@pytest.mark.parametrize("case, name, make, expected", REPAIRED, ids=[c[0] for c in REPAIRED])
def test_repairable_input_is_stored(
    tmp_path: Path,
    good_counts: dict[str, dict[str, int]],
    case: str,
    name: str,
    make: Callable[[], bytes],
    expected: str,
) -> None:
    folder = batch_with(tmp_path, name, make())
    db = tmp_path / "archive.db"
    result = _build(str(folder), "--db", str(db))

    assert result.exit_code == 0, result.output
    assert "3 added" in result.stdout
    with sqlite3.connect(db) as conn:
        text, error = conn.execute("SELECT text, error FROM documents WHERE filename = ?", (name,)).fetchone()
        sentences = conn.execute(
            "SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.document_id WHERE d.filename = ?", (name,)
        ).fetchone()[0]
    assert error is None
    assert expected in text
    assert "Ã" not in text  # no UTF-8 left shown through a single-byte code page
    assert sentences > 0
    _assert_good_stored(db, good_counts)


def test_mixed_directory_with_two_jobs(tmp_path: Path, good_counts: dict[str, dict[str, int]]) -> None:
    """Every kind of bad file in one folder, with workers: each recorded, every good release stored whole."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(GOOD[0], folder / "a-good.txt")
    shutil.copy(GOOD[1], folder / "sub" / "c-good.txt")
    bad = {name: make() for _, name, make, _ in FAILING if name != "b-huge.txt"}
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a release")  # not a release suffix: not an input
    db = tmp_path / "archive.db"
    result = CliRunner().invoke(
        cli, ["build", "--quiet", "--jobs", "2", str(folder), "--db", str(db)], catch_exceptions=False
    )

    assert result.exit_code == 1
    assert f"{len(bad)} failed" in result.stdout and "2 added" in result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == len(bad)
    for name in bad:
        assert sum(name in ln for ln in lines) == 1
    docs = _documents(db)
    assert set(docs) == set(bad) | {"a-good.txt", "c-good.txt"}
    for name in bad:
        assert docs[name][1]
        assert all(n == 0 for n in _counts(db, docs[name][0]).values())
    _assert_good_stored(db, good_counts)


def test_rebuild_keeps_good_documents_and_retries_failed(
    tmp_path: Path, good_counts: dict[str, dict[str, int]]
) -> None:
    """A second build over the same batch: good releases unchanged, the failed one tried again, not duplicated."""
    folder = batch_with(tmp_path, "b-scan.pdf", pdf_factory.image_only())
    db = tmp_path / "archive.db"
    assert _build(str(folder), "--db", str(db)).exit_code == 1
    again = _build(str(folder), "--db", str(db))
    assert again.exit_code == 1
    assert "2 unchanged" in again.stdout and "1 failed" in again.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    _assert_good_stored(db, good_counts)


def test_missing_path_is_named(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    result = _build(str(GOOD[0]), str(tmp_path / "nowhere.txt"), "--db", str(db))
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stderr and "1 added" in result.stdout and "1 failed" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    folder = batch_with(tmp_path, "b-locked.txt", b"Text")
    (folder / "b-locked.txt").chmod(0)
    result = _build(str(folder), "--db", str(tmp_path / "archive.db"))
    assert result.exit_code == 1 and "b-locked.txt" in result.stderr

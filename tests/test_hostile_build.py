"""Hostile files and hostile surroundings through `pressdb build` and `pressdb extract`.

Every file is made by the test. Each case checks the exit status, the failed
document's row and message (what happened, to which file, what to do) and that
the good releases around it are stored. Workers are forked from the test
process, so a test can make the extraction of one named file crash, hang or
eat memory (as a native library might) by patching the pipeline before the
build starts.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hostile_factory import GOOD, batch_with

import extract.pipeline
import extract.store
from extract.cli import cli
from extract.store import schema_version

ROOT = Path(__file__).resolve().parent.parent
HEAD = (
    "Medieninformation\n\nSächsisches Staatsministerium des Innern\n\n12.09.2022\n\nHilfe für Riesa\n\n"
    "Die Stadt Riesa erhält 45.000 Euro für ihren Jugendclub.\n\n"
)


def _build(*args: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--quiet", *args], catch_exceptions=False)


def _rows(db: Path) -> dict[str, tuple[str, str | None, int]]:
    with sqlite3.connect(db) as conn:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(
                "SELECT filename, id, error, (SELECT count(*) FROM sentences s WHERE s.document_id = d.id)"
                " FROM documents d"
            )
        }


def _assert_failed_between_good(result: Result, db: Path, name: str, words: tuple[str, ...]) -> str:
    assert result.exit_code == 1, result.output
    assert "3 documents into" in result.stdout and "2 added" in result.stdout and "1 failed" in result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and name in lines[0], lines
    rows = _rows(db)
    assert set(rows) == {"a-good.txt", name, "c-good.txt"}
    _, error, sentences = rows[name]
    assert error and name in error and sentences == 0
    for word in words:
        assert word in error, (word, error)
    for good in ("a-good.txt", "c-good.txt"):
        assert rows[good][1] is None and rows[good][2] > 0
    return error


# ---------------------------------------------------------------- workers that die, hang or eat memory


def _patch_process(monkeypatch: pytest.MonkeyPatch, name: str, action: str) -> None:
    real = extract.pipeline.process

    def process(raw: Any) -> Any:
        if raw.source.endswith(name):
            if action == "segfault":
                os.kill(os.getpid(), signal.SIGSEGV)
            elif action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does
            elif action == "hang":
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # a native loop deaf to the alarm
                time.sleep(600)
            elif action == "memory":
                hoard = []
                while True:
                    hoard.append(bytearray(64 * 1024 * 1024))
        return real(raw)

    monkeypatch.setattr(extract.pipeline, "process", process)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "action, words",
    [
        ("segfault", ("worker reading it died", "SIGSEGV", "skipped", "--max-memory")),
        ("kill", ("worker reading it died", "SIGKILL", "memory")),
        ("hang", ("timed out", "stopped after 2 s", "--timeout")),
        ("memory", ("ran out of memory", "the 300 MB", "--max-memory")),
    ],
)
def test_a_worker_that_dies_hangs_or_runs_out_of_memory_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, words: tuple[str, ...], jobs: str
) -> None:
    folder = batch_with(tmp_path, "b-hostile.txt", (HEAD + "Ein Satz.\n").encode())
    _patch_process(monkeypatch, "b-hostile.txt", action)
    db = tmp_path / "archive.db"
    started = time.monotonic()
    result = _build(str(folder), "--db", str(db), "--jobs", jobs, "--timeout", "2", "--max-memory", "300")
    assert time.monotonic() - started < 60
    error = _assert_failed_between_good(result, db, "b-hostile.txt", words)
    assert "damaged" not in error and "please report" not in error


def test_extract_goes_on_after_a_worker_dies_and_after_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a-crash.txt", "b-hang.txt"):
        (folder / name).write_text(HEAD, encoding="utf-8")
    shutil.copy(GOOD[0], folder / "c-good.txt")
    real = extract.pipeline.process

    def process(raw: Any) -> Any:
        if raw.source.endswith("a-crash.txt"):
            os.kill(os.getpid(), signal.SIGSEGV)
        if raw.source.endswith("b-hang.txt"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
        return real(raw)

    monkeypatch.setattr(extract.pipeline, "process", process)
    result = CliRunner().invoke(cli, ["extract", str(folder), "--timeout", "2"], catch_exceptions=False)
    assert result.exit_code == 1
    import json

    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["source"]).name for o in objects] == ["a-crash.txt", "b-hang.txt", "c-good.txt"]
    assert "SIGSEGV" in objects[0]["error"] and "timed out" in objects[1]["error"]
    assert objects[2]["error"] is None and objects[2]["communes"]


# ---------------------------------------------------------------- crafted text


def _runs() -> list[tuple[str, bytes]]:
    return [
        ("b-parens.txt", (HEAD + "(" * 20_000 + "\n").encode()),
        ("b-guillemets.txt", (HEAD + "»" * 5_000 + "\n").encode()),
        ("b-euro.txt", (HEAD + '"5 Euro "' * 2_700 + "\n").encode()),
        ("b-mixed.txt", (HEAD + "(»„.," * 4_000 + "\n").encode()),
        ("b-numbers.txt", (HEAD + "12. März 2020, 3 Kommunen, 5 Projekte; " * 700 + "\n").encode()),
    ]


def test_punctuation_runs_and_repeated_amounts_finish_well_under_the_time_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in _runs():
        (folder / name).write_bytes(data)
    db = tmp_path / "archive.db"
    started = time.monotonic()
    result = _build(str(folder), "--db", str(db), "--jobs", "1", "--timeout", "20")
    seconds = time.monotonic() - started
    assert result.exit_code == 0, result.output
    rows = _rows(db)
    assert all(error is None for _, error, _ in rows.values()) and len(rows) == 5
    assert rows["b-euro.txt"][2] > 1  # the run-on "sentence" was cut into parts
    assert seconds < 5 * 8, seconds  # some 2 s each on a loaded machine; they took 13 to 96 s before


def test_a_text_over_spacys_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    data = (HEAD + "Die Gemeinde prüft weitere Maßnahmen an Haltestellen. " * 20_000).encode()
    folder = batch_with(tmp_path, "b-long.txt", data)
    db = tmp_path / "archive.db"
    result = _build(str(folder), "--db", str(db), "--jobs", "1")
    error = _assert_failed_between_good(result, db, "b-long.txt", ("1,000,000 characters", "split the file"))
    assert "E088" not in error and "please report" not in error


# ---------------------------------------------------------------- file names and sizes


def test_a_file_name_that_is_not_utf8_is_stored_and_the_summary_printed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/caf\xe9-good.txt"
    with open(odd, "wb") as f:
        f.write(GOOD[0].read_bytes())
    empty = os.fsencode(folder) + b"/leer\xff.txt"
    with open(empty, "wb"):
        pass
    db = tmp_path / "archive.db"
    proc = subprocess.run(
        [sys.executable, "-m", "extract.cli", "build", str(folder), "--db", str(db), "--quiet", "--jobs", "1"],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"2 documents into" in proc.stdout and b"1 added" in proc.stdout and b"1 failed" in proc.stdout
    assert b"Traceback" not in proc.stderr and b"leer\\xff.txt" in proc.stderr and b"empty" in proc.stderr
    rows = _rows(db)
    assert rows["caf\\xe9-good.txt"][1] is None and rows["caf\\xe9-good.txt"][2] > 0
    assert "leer\\xff.txt" in (rows["leer\\xff.txt"][1] or "")


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    folder = batch_with(tmp_path, "b-huge.txt", b"")
    with open(folder / "b-huge.txt", "wb") as f:
        f.truncate(3_000_000_000)  # sparse: 3 GB that take no disk; hashing them would take a minute
    db = tmp_path / "archive.db"
    started = time.monotonic()
    result = _build(str(folder), "--db", str(db), "--jobs", "1")
    assert time.monotonic() - started < 60
    error = _assert_failed_between_good(result, db, "b-huge.txt", ("3000 MB", "25 MB", "--max-size"))
    assert error


# ---------------------------------------------------------------- the archive file


def _other_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('Quarkkeulchen')")


@pytest.mark.parametrize("kind", ["text", "sqlite", "directory"])
def test_db_that_is_not_an_archive_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    target = tmp_path / ("notes.txt" if kind == "text" else "other.db")
    if kind == "text":
        target.write_text("Einkaufsliste: Quark, Mehl\n", encoding="utf-8")
    elif kind == "sqlite":
        _other_sqlite(target)
    else:
        target.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    content = target.read_bytes() if target.is_file() else None
    result = CliRunner().invoke(cli, ["build", "-q", str(GOOD[0]), "--db", str(target)])
    assert result.exit_code == (2 if kind == "directory" else 1)  # a directory: refused by the option itself
    assert str(target) in result.output and "--db" in result.output
    assert {"text": "not an SQLite database", "sqlite": "another program", "directory": "is a directory"}[kind] in (
        result.output
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing deleted, nothing created beside it
    if content is not None:
        assert target.read_bytes() == content


def test_a_new_schema_is_built_beside_the_old_archive_and_swapped_in(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    assert _build(str(GOOD[0]), "--db", str(db), "--jobs", "1").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE archive_info SET value = 'older' WHERE key = 'schema_version'")
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # a server reading the old archive
    old_inode = db.stat().st_ino
    result = _build(str(GOOD[1]), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "older pressdb schema" in result.stderr and "replaces it when the build is complete" in result.stderr
    assert db.stat().st_ino != old_inode  # a new file, put in place by one rename
    assert not (tmp_path / ".archive.db.rebuild").exists()
    # The reader still sees the old archive whole; a new connection sees the new one.
    assert reader.execute("SELECT filename FROM documents").fetchall() == [(GOOD[0].name,)]
    reader.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT filename FROM documents").fetchall() == [(GOOD[1].name,)]
        version = conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert version == schema_version()


def test_a_second_build_waits_for_the_lock_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    lock = os.open(tmp_path / "archive.db.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    os.write(lock, b"4242")
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "build", str(GOOD[0]), "--db", str(db), "--quiet", "--jobs", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(8)  # start-up and the wait
        assert proc.poll() is None  # waiting, and nothing written meanwhile
        assert not db.exists()
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert b"another build is writing to this archive (process 4242); waiting for it to finish" in err
    assert b"1 added" in out


def test_a_write_lock_held_by_another_program_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "archive.db"
    assert _build(str(GOOD[0]), "--db", str(db), "--jobs", "1").exit_code == 0
    monkeypatch.setattr(extract.store, "BUSY_SECONDS", 0.5)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, ["build", "-q", "--jobs", "1", str(GOOD[1]), "--db", str(db)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "another program holds the archive's write lock" in result.output
    assert "please report" not in result.output and "Traceback" not in result.output

"""Crash safety: `pressdb build` killed with SIGKILL at random points leaves a sound archive; the next run completes it.

Chains of builds over one archive are each killed at a random moment (during
start-up, schema creation, extraction or writing; with one job or with worker
processes), 24 kills in all. After every kill SQLite's integrity check and the
full-text index check must pass, and every document the archive shows must be
whole (row for row what a clean build stores for it). After each chain a
build runs to the end, and the archive must then equal a clean build's,
build timestamps and row ids aside.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from robustness_factory import (
    ROOT,
    archive_content,
    build_command,
    content_difference,
    document_content,
    integrity,
    run_build,
    synth_corpus,
)

from extract import summaries

DOCUMENTS = 16
CHAINS = 7
KILLS_PER_CHAIN = 3  # 21 kills in all


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], float]:
    """A synthetic corpus, its clean build's content, and how long that build works once the archive exists."""
    folder = tmp_path_factory.mktemp("crash")
    synth_corpus(folder / "in", DOCUMENTS, seed=11)
    db = folder / "clean.db"
    proc = subprocess.Popen(
        build_command([str(folder / "in")], db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _wait_for(db, proc)
    started = time.monotonic()
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr.decode()
    return folder / "in", archive_content(db), time.monotonic() - started


def _wait_for(db: Path, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    """Until the build has created the archive (start-up, imports and the pipeline come before)."""
    deadline = time.monotonic() + limit
    while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def _kill_after(inputs: Path, db: Path, delay: float, jobs: int, *, during_startup: bool = False) -> int | None:
    """Start a build, SIGKILL it (and its workers) ``delay`` seconds after it opened the archive (or after start)."""
    proc = subprocess.Popen(
        build_command([str(inputs)], db, jobs),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    if not during_startup:
        _wait_for(db, proc)
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group: the build and the workers it forked
        proc.wait()
        return None


def _assert_no_torn_documents(db: Path, clean: dict[str, Any]) -> None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        if conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0:
            return  # killed between creating the file and its schema (one transaction): the next run starts it
    content = archive_content(db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    # The summary tables are refreshed after the documents, from the keys queued with them (summary_queue),
    # and audit_statements with the findings (findings_pending): a kill in between leaves them behind the
    # documents, for the next run; the final comparison covers them.
    derived = {*summaries.SUMMARY_TABLES, "audit_statements"}
    for doc_id in ids:
        seen, expected = document_content(content, doc_id), document_content(clean, doc_id)
        seen, expected = ({t: rows for t, rows in c.items() if t not in derived} for c in (seen, expected))
        assert content_difference(seen, expected) == {}, f"document {doc_id}"


@pytest.mark.slow
@pytest.mark.parametrize("chain", range(CHAINS))
def test_killed_builds_leave_a_sound_archive_that_the_next_run_completes(
    tmp_path: Path,
    corpus: tuple[Path, dict[str, Any], float],
    chain: int,
) -> None:
    inputs, clean, seconds = corpus
    rng = random.Random(chain)
    jobs = 1 + chain % 2
    db = tmp_path / "archive.db"
    for kill in range(KILLS_PER_CHAIN):
        # Anywhere from opening the archive to the end of a full build (a late kill may find the work done);
        # the first kill of the first chain comes during start-up.
        startup = chain == 0 and kill == 0
        ended = _kill_after(
            inputs, db, rng.uniform(0.0, seconds * 1.1) if not startup else 0.5, jobs, during_startup=startup
        )
        assert ended in (None, 0)
        if db.exists():
            assert integrity(db) == []
            _assert_no_torn_documents(db, clean)
    done = run_build([str(inputs)], db, jobs=jobs)
    assert done.returncode == 0, done.stderr
    assert integrity(db) == []
    assert content_difference(archive_content(db), clean) == {}


class _Killed(BaseException):
    """Stands for SIGKILL at one exact moment: after the documents were committed, before the findings were."""


def test_a_build_killed_before_its_findings_leaves_them_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract import build as build_module
    from extract.audit import findings_stale

    inputs = tmp_path / "in"
    synth_corpus(inputs, 8, seed=11)
    clean = tmp_path / "clean.db"
    build_module.build([inputs], clean, jobs=1)
    expected = archive_content(clean)["findings"]
    assert expected  # the corpus has contradictions to find

    def killed(db: Any) -> int:
        raise _Killed

    db = tmp_path / "archive.db"
    with monkeypatch.context() as patch:
        patch.setattr(build_module, "refresh_findings", killed)
        with pytest.raises(_Killed):
            build_module.build([inputs], db, jobs=1)
    assert findings_stale(db) and archive_content(db)["findings"] == []
    again = build_module.build([inputs], db, jobs=1)  # nothing left to extract: every document is stored
    assert (again.unchanged, again.added) == (8, 0)
    assert archive_content(db)["findings"] == expected
    assert not findings_stale(db)

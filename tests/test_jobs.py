"""Local jobs: the worker pool keeps its workers busy, its results in order and its limits; --jobs 2 = --jobs 1.

The pool's workers hold the next task while they work on one and write their
results without waiting for the parent; a worker that dies or hangs loses its
own task only, the ones queued behind it go to another worker. And a build
with two jobs stores row for row what a build with one stores.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from robustness_factory import ROOT, archive_content, content_difference, synth_corpus

from extract import workers
from extract.build import build, warm_up
from extract.workers import Lost, Pool


def _lost(task: Any, why: Lost) -> tuple[str, Any, str]:
    return ("lost", task, why.kind)


def _echo(task: tuple[int, float]) -> tuple[str, int, int]:
    n, pause = task
    time.sleep(pause)
    return ("done", n, os.getpid())


def _dies_on_three(task: int) -> tuple[str, int]:
    if task == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.02)
    return ("done", task)


def _hangs_on_two(task: int) -> tuple[str, int]:
    time.sleep(30 if task == 2 else 0.02)
    return ("done", task)


def _started(task: int) -> tuple[int, float]:
    began = time.monotonic()
    time.sleep(0.05)
    return (task, began)


def _timed(task: tuple[int, float]) -> tuple[int, float, float]:
    n, pause = task
    began = time.monotonic()
    time.sleep(pause)
    return (n, began, time.monotonic())


def _big(task: int) -> bytes:
    return bytes([task]) * (5 << 20)


@pytest.mark.parametrize(
    ("jobs", "ahead"),
    [(1, 1), (1, 2), (2, 2), (3, 3)],
)
def test_results_come_in_task_order(jobs: int, ahead: int) -> None:
    pauses = [0.08, 0.0, 0.03, 0.0, 0.05, 0.0, 0.0, 0.02, 0.0, 0.01, 0.0, 0.04]
    pool: Pool[tuple[int, float], Any] = Pool(_echo, _lost, jobs=jobs, ahead=ahead)
    results = list(pool.map(list(enumerate(pauses))))
    assert [r[1] for r in results] == list(range(len(pauses)))
    assert {r[0] for r in results} == {"done"}
    assert len({r[2] for r in results}) == jobs  # every worker took part
    assert pool.workers == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_loses_its_own_task_only(jobs: int) -> None:
    pool: Pool[int, Any] = Pool(_dies_on_three, _lost, jobs=jobs, ahead=3)
    results = list(pool.map(range(10)))
    assert results[3] == ("lost", 3, "died")
    assert [r for i, r in enumerate(results) if i != 3] == [("done", i) for i in range(10) if i != 3]


def test_a_worker_past_the_hard_limit_is_killed_and_the_tasks_behind_it_are_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "GRACE", 0.2)
    pool: Pool[int, Any] = Pool(_hangs_on_two, _lost, jobs=1, timeout=0.5, ahead=3)
    started = time.monotonic()
    results = list(pool.map(range(6)))
    assert time.monotonic() - started < 10
    assert results[2] == ("lost", 2, "timeout")
    assert [r for i, r in enumerate(results) if i != 2] == [("done", i) for i in range(6) if i != 2]


def test_a_worker_goes_on_while_the_parent_stores() -> None:
    """The next task is begun before the parent, busy with the result before it, could have asked for it."""
    pool: Pool[int, Any] = Pool(_started, _lost, jobs=1, ahead=2)
    stored: list[float] = []
    began: list[float] = []
    for _, when in pool.map(range(6)):
        began.append(when)
        time.sleep(0.3)  # the parent storing a document
        stored.append(time.monotonic())
    assert all(began[k + 1] < stored[k] - 0.1 for k in range(5)), (began, stored)


@pytest.mark.parametrize("ahead", [1, 2])
def test_a_slow_task_does_not_hold_back_the_other_workers(ahead: int) -> None:
    pool: Pool[tuple[int, float], Any] = Pool(_echo, _lost, jobs=2, ahead=ahead)
    started = time.monotonic()
    results = list(pool.map([(0, 1.5)] + [(n, 0.1) for n in range(1, 11)]))
    assert [r[1] for r in results] == list(range(11))
    assert time.monotonic() - started < 2.2  # side by side 1.5 s, one after the other 2.5 s


def test_results_held_for_in_order_delivery_are_bounded() -> None:
    """A slow task holds back at most ``window`` tasks after it: the other worker waits rather than pile them up."""
    pool: Pool[tuple[int, float], Any] = Pool(_timed, _lost, jobs=2, ahead=2, window=4)
    results = list(pool.map([(0, 1.0)] + [(n, 0.02) for n in range(1, 12)]))
    assert [r[0] for r in results] == list(range(12))
    slow_done = results[0][2]
    assert max(r[0] for r in results if r[1] < slow_done) == 3  # without the window: 11


def test_a_result_larger_than_the_pipe_arrives_whole() -> None:
    pool: Pool[int, bytes] = Pool(_big, lambda task, why: b"", jobs=2)
    results = list(pool.map(range(4)))
    assert [len(r) for r in results] == [5 << 20] * 4
    assert [r[:1] for r in results] == [bytes([i]) for i in range(4)]


def test_leaving_the_results_early_stops_every_worker() -> None:
    pool: Pool[tuple[int, float], Any] = Pool(_echo, _lost, jobs=2, ahead=2)
    results = pool.map([(n, 0.2) for n in range(10)])
    first = next(results)
    processes = [w.process for w in pool.workers]
    results.close()  # what build does on --fail-fast
    assert first[1] == 0
    assert pool.workers == []
    assert not any(p.is_alive() for p in processes)


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """A build killed with SIGKILL (its process only, not its group) leaves no worker behind."""
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, time
            from extract.workers import Pool

            def work(task):
                time.sleep(60)

            pool = Pool(work, lambda task, why: None, jobs=2)
            results = pool.map(range(4))
            import threading

            def report():
                while len(pool.workers) < 2:
                    time.sleep(0.01)
                print(" ".join(str(w.process.pid) for w in pool.workers), flush=True)
            threading.Thread(target=report, daemon=True).start()
            next(results)
            """
        )
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.05)
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie has died (its reaper is gone too)
    except (FileNotFoundError, IndexError):
        return False


def test_warm_up_loads_what_making_rows_needs() -> None:
    """Forked workers inherit the libraries of the signatures and the stemmer instead of loading them each."""
    warm_up()
    assert "datasketch" in sys.modules


def test_two_jobs_store_what_one_job_stores(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    synth_corpus(inputs, 24, seed=5)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "junk.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = build([str(inputs)], one, jobs=1)
    second = build([str(inputs)], two, jobs=2)
    assert (first.added, first.failed) == (second.added, second.failed) == (24, 2)
    assert content_difference(archive_content(two), archive_content(one)) == {}

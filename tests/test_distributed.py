"""The build on a Dask cluster (--dask local: a LocalCluster of two worker processes).

It stores what a --jobs 1 build stores, row for row; a worker killed during the
build loses nothing; a document that hangs on a worker is stopped and recorded.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from robustness_factory import archive_content, content_difference, integrity, synth_corpus

pytest.importorskip("distributed", reason="the distributed build needs pip install 'pressdb[dask]'")

from extract import distributed  # noqa: E402
from extract.build import build  # noqa: E402

pytestmark = pytest.mark.slow
DOCUMENTS = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("dask")
    synth_corpus(folder / "in", DOCUMENTS, seed=17)
    serial = folder / "serial.db"
    result = build([folder / "in"], serial, jobs=1)
    assert result.added == DOCUMENTS and not result.failed
    return folder / "in", archive_content(serial)


def test_a_local_cluster_build_equals_a_serial_build(corpus: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, serial = corpus
    db = tmp_path / "dask.db"
    result = build([folder], db, jobs=2, dask="local")
    assert (result.added, result.failed) == (DOCUMENTS, 0)
    content = archive_content(db)
    assert content_difference(content, serial) == {}
    assert integrity(db) == []
    again = build([folder], db, jobs=2, dask="local")  # nothing changed: nothing is sent to the cluster
    assert (again.unchanged, again.added) == (DOCUMENTS, 0)


def _worker_pids() -> list[int]:
    import psutil

    return [
        p.pid
        for p in psutil.Process(os.getpid()).children(recursive=True)
        if any("spawn" in part for part in p.cmdline()) and "resource_tracker" not in " ".join(p.cmdline())
    ]


def test_a_worker_killed_during_the_build_loses_nothing(
    corpus: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, serial = corpus
    monkeypatch.setattr(distributed, "DEFAULT_BATCH", 1)
    monkeypatch.setattr(distributed, "IN_FLIGHT_PER_WORKER", 2)
    killed: list[int] = []

    def kill_a_worker(n: int) -> None:
        if killed:
            return
        pids = _worker_pids()
        assert len(pids) == 2, pids
        os.kill(pids[0], signal.SIGKILL)  # mid-build: other batches are still on the workers
        killed.append(pids[0])

    db = tmp_path / "killed.db"
    result = build([folder], db, jobs=2, dask="local", progress=kill_a_worker)
    assert killed
    assert (result.added, result.failed) == (DOCUMENTS, 0)
    assert content_difference(archive_content(db), serial) == {}
    assert integrity(db) == []


def _spin(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


@pytest.mark.parametrize(
    ("limit", "work", "stopped"),
    [
        (0.2, lambda: _spin(30), True),  # a document that hangs (in Python code) is stopped
        (5.0, lambda: _spin(0.05), False),  # a document within its limit is not
        (0, lambda: _spin(0.3), False),  # no limit: nothing is stopped
    ],
)
def test_the_worker_time_limit(limit: float, work: Any, stopped: bool) -> None:
    started = time.monotonic()
    outcome: list[str] = []

    def run() -> None:  # a Dask task runs in a worker thread, not the main thread
        try:
            with distributed.thread_time_limit(limit):
                work()
            outcome.append("finished")
        except distributed._WorkerTimeout:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert outcome == ["stopped" if stopped else "finished"]
    assert time.monotonic() - started < 5


def test_a_document_that_hangs_on_a_worker_is_stopped_and_recorded(
    corpus: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, serial = corpus
    slow = tmp_path / "in"
    slow.mkdir()
    for path in sorted(folder.iterdir())[:3]:
        (slow / path.name).write_bytes(path.read_bytes())
    # A release of 2,000 paragraphs takes far longer than 3 s to extract (the others a fraction of a second):
    # on a worker thread it is stopped.
    paragraph = (folder / sorted(os.listdir(folder))[0]).read_text(encoding="utf-8").split("\n\n")[-1]
    (slow / "huge.txt").write_text("12.03.2024\n\nEin langer Text\n\n" + "\n\n".join([paragraph] * 2000), "utf-8")
    db = tmp_path / "hang.db"
    started = time.monotonic()
    result = build([slow], db, jobs=2, dask="local", timeout=3)
    assert time.monotonic() - started < 120
    assert result.failed == 1 and result.added == 3
    assert "huge.txt: stopped after 3 s (the per-document time limit)" in result.errors[0]
    assert integrity(db) == []


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("distributed", "dask"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(distributed.DaskUnavailable, match=r"pressdb\[dask\]"):
        distributed.require_dask()


def test_an_unreachable_scheduler_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from extract.cli import cli

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "2s")
    address = "tcp://127.0.0.1:9"  # the discard port: nothing listens there
    with pytest.raises(distributed.DaskUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        distributed.check_scheduler(address)
    source = tmp_path / "in.txt"
    source.write_text("12.03.2024\n\nEin Titel\n\nIn Pirna arbeiten 12 Kommunen zusammen.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "--db", str(tmp_path / "a.db"), "--dask", address, "-q"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "a.db").exists()  # nothing was opened or written


class _Future:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome

    def result(self) -> Any:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    def release(self) -> None:
        pass


class _Cluster:
    """Runs shard tasks in this process; a batch holding ``deadly`` fails as a batch that killed three workers."""

    def __init__(self, deadly: str) -> None:
        self.deadly = deadly
        self.sent: list[list[str]] = []

    def submit(self, fn: Any, batch: list[Any], first: int, key: str) -> _Future:
        from distributed import KilledWorker

        names = [Path(task[0]).name for task in batch]
        self.sent.append(names)
        if self.deadly in names:
            return _Future(KilledWorker(key, None, 3))
        return _Future(fn(batch, first))


def test_a_shard_batch_that_kills_its_workers_is_sent_again_one_document_at_a_time(
    corpus: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    from extract.build import ShardSink, expand_inputs
    from extract.read import file_sha256
    from extract.store import Archive

    folder, _ = corpus
    paths = [p for p in expand_inputs([folder]) if isinstance(p, Path)]
    deadly = paths[4].name
    tasks = [(str(p), file_sha256(p), None, None, str(p)) for p in paths]
    cluster = _Cluster(deadly)
    counted: list[tuple[str, str | None]] = []
    db = tmp_path / "killed.db"
    with Archive(db) as archive:
        with ShardSink(archive, lambda source, error: bool(counted.append((source, error))), None, None) as sink:
            distributed._shards_on_dask(cluster, tasks, sink, n_workers=2)
        archive.finish()
    failed = [(Path(source).name, error) for source, error in counted if error]
    assert [name for name, _ in failed] == [deadly]
    assert "the Dask workers extracting it died" in (failed[0][1] or "")
    assert len(counted) == DOCUMENTS
    assert [deadly] in cluster.sent and any(deadly in sent and len(sent) > 1 for sent in cluster.sent)
    stored = archive_content(db)["documents"]
    assert len(stored) == DOCUMENTS and integrity(db) == []

"""The build on a Dask cluster: workers read, extract and write shards, the parent merges.

``pressdb build PATHS --dask ADDRESS`` sends the documents to the workers of a
Dask cluster (``dask.distributed``) in batches; ``--dask local`` starts a
LocalCluster of worker processes on this machine. Each worker builds the
spaCy pipeline and loads the gazetteer once (a worker plugin), runs
read -> clean -> nlp -> fields on its batches and writes each batch into a
shard archive (``extract/shards.py``) whose bytes it sends back, so it need
not share a file system with the parent. The parent merges the shards in
input order (``build.ShardSink``), so the archive holds what ``--jobs 1``
builds, row for row. With ``--fail-fast`` the workers send rows
(``store.document_rows``: plain, picklable dicts) and the parent writes them
one by one, to stop at the first failure.

A document that fails or outlasts the time limit on a worker comes back as a
failure row with its error. A worker that dies (killed, out of memory) loses
nothing: the scheduler runs its batches again on another worker, and since
nothing is written before a batch comes back, the archive stays consistent.
A batch of shards that kills worker after worker is sent again one document
at a time, and the document that does it is recorded as failed.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import sqlite3
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.errors import PressdbError
from extract.store import DocumentRows, failure_rows

if TYPE_CHECKING:
    from extract.build import ShardSink
    from extract.shards import ShardResult

Task = tuple[str, str, float | None, float | None, str]  # path, sha256, time limit, size limit, source

DEFAULT_BATCH = 4  # documents per task: few enough to spread, enough to amortise the round trip
SHARDS_IN_FLIGHT_PER_WORKER = 2  # shard batches submitted ahead per worker (build.shard_batches sizes them)
CONNECT_TIMEOUT = "10s"  # to reach a scheduler given by address
IN_FLIGHT_PER_WORKER = 4  # batches submitted ahead per worker; bounds the parent's memory
MISSING_EXTRA = (
    "--dask needs Dask's distributed scheduler, which is an optional extra: "
    "pip install 'pressdb[dask]' (or pip install 'dask[distributed]')"
)


class DaskUnavailable(PressdbError):
    """dask.distributed is not installed."""


class _WorkerTimeout(BaseException):
    """Raised asynchronously in a worker thread whose document outlasted its time limit.

    A BaseException, so that the pipeline's ``except Exception`` (a bug must not end
    the batch) does not swallow it.
    """


def timeout_message(path: str, timeout: float) -> str:
    return (
        f"{path}: stopped after {timeout:g} s (the per-document time limit); raise it with --timeout or check the file"
    )


@contextmanager
def thread_time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _WorkerTimeout in the calling thread after ``seconds``.

    Dask runs tasks in worker threads, where SIGALRM cannot be used; the
    exception is set on the thread instead and raised at its next Python
    instruction (a hang inside one C call is stopped when the call returns).
    """
    if not seconds or seconds <= 0:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_WorkerTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True


def process_task(task: Task) -> DocumentRows:
    """One document on a worker: the same rows as build.process_path in a --jobs 1 build."""
    from extract.build import is_sample, process_path

    path, sha, timeout, max_mb, source = task
    try:
        with thread_time_limit(timeout):
            return process_path(path, sha, None, max_mb, source)
    except _WorkerTimeout:
        rows = failure_rows(source, sha, timeout_message(source, timeout or 0))
        rows.document["sample"] = int(is_sample(path))
        return rows


def process_batch(tasks: Sequence[Task]) -> list[DocumentRows]:
    """A batch of documents on a worker, in order."""
    return [process_task(task) for task in tasks]


def shard_task(tasks: Sequence[Task], first: int) -> ShardResult:
    """A batch on a worker, written into a shard (sentence ids from ``first``) whose bytes go back to the parent:
    the worker need not share a file system with it. Documents the shard cannot take come back as rows."""
    from extract.shards import ShardResult, write_shard

    done = process_batch(tasks)
    with tempfile.TemporaryDirectory(prefix="pressdb-shard-") as tmp:
        path = os.path.join(tmp, "shard.db")
        try:
            shard = write_shard(path, done, first)
        except sqlite3.Error:  # a value SQLite refuses: the parent records it
            return ShardResult(None, rows=done)
        if shard.path:
            shard.data = Path(shard.path).read_bytes()
            shard.path = None
    return shard


def _killed(path: str, sha: str) -> DocumentRows:
    from extract.build import is_sample

    rows = failure_rows(
        path, sha, f"{path}: the Dask workers extracting it died, one after another; check the file (size, memory)"
    )
    rows.document["sample"] = int(is_sample(path))
    return rows


def _warm_worker() -> None:
    from extract.build import warm_up

    warm_up()


def _worker_plugin() -> Any:
    from distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):  # type: ignore[misc]
        """Build the pipeline and load the gazetteer once per worker, before its first batch."""

        name = "pressdb-warm-up"

        def setup(self, worker: Any) -> None:
            _warm_worker()

    return WarmUp()


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskUnavailable(MISSING_EXTRA) from exc


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[Any]:
    """A client of the cluster at ``address``; ``local`` starts a LocalCluster of worker processes."""
    require_dask()
    from distributed import Client, LocalCluster

    if address == "local":
        n = max(1, workers or os.cpu_count() or 1)
        with (
            LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise DaskUnavailable(
                f"cannot reach the Dask scheduler at {address} ({exc}); start it with `dask scheduler` "
                "and pass the address it prints, or use --dask local"
            ) from exc
        with client:
            yield client


def check_scheduler(address: str) -> None:
    """Raise DaskUnavailable, naming the address, when no scheduler answers there (``local`` always does)."""
    if address == "local":
        return
    with connect(address):
        pass


def build_on_dask(
    tasks: Sequence[Task],
    address: str,
    store: Callable[[DocumentRows], bool],
    *,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    fail_fast: bool = False,
    sink: ShardSink | None = None,
) -> None:
    """Extract ``tasks`` on the cluster at ``address``; ``store`` writes each document's rows, in input order.

    ``store`` returns True for a failed document (then ``fail_fast`` stops the build). With ``sink``
    (``build.ShardSink``), the workers write shards instead, which the sink merges in input order.
    """
    from distributed import KilledWorker

    batches = [list(tasks[i : i + batch_size]) for i in range(0, len(tasks), batch_size)]
    if not batches:
        return
    with connect(address, workers) as client:
        client.register_plugin(_worker_plugin(), name="pressdb-warm-up")
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        if sink is not None:
            _shards_on_dask(client, tasks, sink, n_workers)
            return
        ahead = IN_FLIGHT_PER_WORKER * n_workers
        pending: deque[tuple[list[Task], Any]] = deque()
        queue = iter(enumerate(batches))

        def submit_more() -> None:
            while len(pending) < ahead:
                item = next(queue, None)
                if item is None:
                    return
                i, batch = item
                future = client.submit(process_batch, batch, key=f"pressdb-batch-{i}-{os.getpid()}", pure=False)
                pending.append((batch, future))

        submit_more()
        while pending:
            batch, future = pending.popleft()
            try:
                results = future.result()
            except KilledWorker:  # the batch killed worker after worker: record each document
                results = [_killed(source, sha) for _, sha, _, _, source in batch]
            future.release()
            submit_more()
            for rows in results:
                if store(rows) and fail_fast:
                    for _, rest in pending:
                        rest.cancel()
                    return


def _shards_on_dask(client: Any, tasks: Sequence[Task], sink: ShardSink, n_workers: int) -> None:
    """Batches (``build.shard_batches``) written into shards on the workers, merged by ``sink`` in input order.

    A batch that kills worker after worker is sent again one document at a time, so that only the document
    that does it is recorded as failed.
    """
    from distributed import KilledWorker

    from extract.build import shard_batches

    sizes = shard_batches(len(tasks), n_workers)
    starts = itertools.accumulate(sizes, initial=0)
    batches = iter(list(tasks[start : start + size]) for start, size in zip(starts, sizes, strict=False))
    pending: deque[tuple[list[Task], Any]] = deque()
    keys = itertools.count()

    def submit(batch: list[Task]) -> Any:
        return client.submit(shard_task, batch, sink.reserve(), key=f"pressdb-shard-{next(keys)}-{os.getpid()}")

    def submit_more() -> None:
        while len(pending) < SHARDS_IN_FLIGHT_PER_WORKER * n_workers:
            batch = next(batches, None)
            if batch is None:
                return
            pending.append((batch, submit(batch)))

    submit_more()
    while pending:
        batch, future = pending.popleft()
        try:
            results = [future.result()]
        except KilledWorker:
            results = [_one_by_one(task, submit) for task in batch] if len(batch) > 1 else [_killed_shard(batch[0])]
        future.release()
        submit_more()
        for result in results:
            sink.take(result)


def _one_by_one(task: Task, submit: Callable[[list[Task]], Any]) -> ShardResult:
    from distributed import KilledWorker

    future = submit([task])
    try:
        result: ShardResult = future.result()
    except KilledWorker:
        result = _killed_shard(task)
    future.release()
    return result


def _killed_shard(task: Task) -> ShardResult:
    from extract.shards import ShardResult

    _, sha, _, _, source = task
    return ShardResult(None, rows=[_killed(source, sha)])

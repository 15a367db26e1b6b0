"""Worker processes with a hard time limit and a memory limit, replaced when they die.

Every document is read and extracted in a worker process (forked from a parent
that built the pipeline once). The worker sets its own memory limit
(``RLIMIT_AS``: its address space at start plus ``memory_mb``) and a soft time
limit (SIGALRM, which the work turns into a clear error). The parent keeps the
hard limit: a worker still busy ``GRACE`` seconds after the time limit is
killed. A worker that dies (killed by the kernel for memory, a segfault in a
native library, the hard limit) is replaced, and its task is answered by
``lost(task, reason)``; the parent never waits on a dead worker. Results come
back in the order of the tasks.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

GRACE = 5.0  # seconds a worker gets after its soft time limit before the parent kills it
DEFAULT_MEMORY_MB = 1024.0  # address space a worker may add to what it has at start


@dataclass(frozen=True, slots=True)
class Lost:
    """Why a worker gave no answer: ``timeout`` (killed at the hard limit) or ``died`` (with its signal or status)."""

    kind: str
    detail: str


def describe_exit(code: int | None) -> str:
    """A worker's exit status in words: ``killed by SIGKILL``, ``exited with status 3``."""
    if code is None:
        return "stopped"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exited with status {code}"


def address_space() -> int:
    """This process's virtual memory size in bytes (VmSize), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def limit_memory(memory_mb: float | None) -> None:
    """Cap this process's address space at its present size plus ``memory_mb`` (no-op when unknown)."""
    if not memory_mb or memory_mb <= 0:
        return
    now = address_space()
    if not now:
        return
    cap = now + int(memory_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _serve(conn: Connection, work: Callable[[Any], Any], memory_mb: float | None) -> None:
    """The worker's loop: a task in, a result out, until the parent sends None or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = work(task)
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    index: int = -1  # the task it works on, -1 when idle
    deadline: float = 0.0


class Pool(Generic[T, R]):
    """Run ``work(task)`` for each task in worker processes; see the module docstring.

    ``lost(task, Lost)`` gives the result of a task whose worker died or was killed.
    """

    def __init__(
        self,
        work: Callable[[T], R],
        lost: Callable[[T, Lost], R],
        *,
        jobs: int = 1,
        timeout: float | None = None,
        memory_mb: float | None = DEFAULT_MEMORY_MB,
    ) -> None:
        self.work = work
        self.lost = lost
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb
        self.ctx = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_serve, args=(child, self.work, self.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def map(self, tasks: Iterable[T]) -> Iterator[R]:
        """The results in task order, each as soon as it and all before it are done."""
        pending = list(tasks)
        if not pending:
            return
        results: dict[int, R] = {}
        next_task = 0
        next_out = 0
        try:
            self.workers = [self._start() for _ in range(min(self.jobs, len(pending)))]
            while next_out < len(pending):
                for worker in self.workers:
                    if worker.index < 0 and next_task < len(pending):
                        worker.index = next_task
                        worker.deadline = time.monotonic() + self.timeout + GRACE if self.timeout else 0.0
                        next_task += 1
                        try:
                            worker.conn.send(pending[worker.index])
                        except (BrokenPipeError, OSError):
                            pass  # it died idle: seen below through its sentinel
                busy = [w for w in self.workers if w.index >= 0]
                deadlines = [w.deadline for w in busy if w.deadline]
                wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
                now = time.monotonic()
                for i, worker in enumerate(self.workers):
                    if worker.index < 0:
                        continue
                    task = pending[worker.index]
                    answered = False
                    if worker.conn in ready:
                        try:
                            results[worker.index] = worker.conn.recv()
                            answered = True
                        except (EOFError, OSError):
                            pass
                    if answered:
                        worker.index = -1
                        continue
                    if worker.process.sentinel in ready or worker.conn in ready:
                        worker.process.join(5)
                        results[worker.index] = self.lost(task, Lost("died", describe_exit(worker.process.exitcode)))
                    elif worker.deadline and now >= worker.deadline:
                        results[worker.index] = self.lost(task, Lost("timeout", f"killed after {self.timeout:g} s"))
                    else:
                        continue
                    self._stop(worker)
                    self.workers[i] = self._start()
                while next_out in results:
                    yield results.pop(next_out)
                    next_out += 1
        finally:
            self.close()

    def close(self) -> None:
        for worker in self.workers:
            if worker.index < 0 and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
        for worker in self.workers:
            worker.process.join(1)
            self._stop(worker)
        self.workers = []

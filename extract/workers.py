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

Workers never wait for the parent: each holds ``AHEAD`` tasks (the one it
works on and the next), and writes its results into a pipe large enough for
several, so that it goes on while the parent stores what came before. The
tasks queued behind one that kills its worker were not begun: they go to
another worker.
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import heapq
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

GRACE = 5.0  # seconds a worker gets after its soft time limit before the parent kills it
DEFAULT_MEMORY_MB = 1024.0  # address space a worker may add to what it has at start
AHEAD = 2  # tasks a worker holds: the one it works on and the next, so it never waits for the parent
WINDOW = 256  # results held for in-order delivery at most (a slow task holds back those after it)
PIPE_BYTES = 1 << 20  # a result pipe holds this much (a document's rows are some 30 KB), when the system allows
_PR_SET_PDEATHSIG = 1


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


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the parent dies (Linux), so a killed build leaves no worker behind."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _widen(conn: Connection) -> None:
    """Let the pipe hold several results (F_SETPIPE_SZ; the default 64 KB is two documents)."""
    try:
        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:
        pass  # above /proc/sys/fs/pipe-max-size, or not Linux: the default size works, with shorter waits


def _serve(
    tasks: Connection,
    results: Connection,
    work: Callable[[Any], Any],
    memory_mb: float | None,
    parent: int,
    inherited: list[Connection],
) -> None:
    """The worker's loop: a task in, a result out, until the parent sends None or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _die_with_parent(parent)
    for conn in inherited:  # the other workers' pipes, inherited through fork: they must see the parent's end only
        conn.close()
    limit_memory(memory_mb)
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = work(task)
        try:
            results.send(result)
        except (BrokenPipeError, OSError):
            return


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    tasks: Connection  # parent -> worker
    results: Connection  # worker -> parent
    queue: deque[int] = field(default_factory=deque)  # tasks sent, in order; the first is the one it works on
    began: float = 0.0  # when it began the first of them, as far as the parent can tell

    def deadline(self, timeout: float | None) -> float:
        return self.began + timeout + GRACE if timeout and self.queue else 0.0


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
        ahead: int = AHEAD,
        window: int = WINDOW,
    ) -> None:
        self.work = work
        self.lost = lost
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb
        self.ahead = max(1, ahead)
        self.window = max(self.jobs * self.ahead, window)
        self.ctx = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        task_end, task_pipe = self.ctx.Pipe(duplex=False)  # (reader, writer)
        result_pipe, result_end = self.ctx.Pipe(duplex=False)
        _widen(result_end)
        inherited = [c for w in self.workers for c in (w.tasks, w.results)] + [task_pipe, result_pipe]
        process = self.ctx.Process(
            target=_serve,
            args=(task_end, result_end, self.work, self.memory_mb, os.getpid(), inherited),
            daemon=True,
        )
        # The worker inherits the parent's objects (the pipeline, the gazetteer); frozen, its garbage collector
        # never walks them, nor copies their pages by touching them: some 15% of a PDF's CPU in the worker.
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        task_end.close()
        result_end.close()
        return _Worker(process, task_pipe, result_pipe)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.tasks.close()
        worker.results.close()

    def map(self, tasks: Iterable[T]) -> Iterator[R]:
        """The results in task order, each as soon as it and all before it are done."""
        pending = list(tasks)
        if not pending:
            return
        todo = list(range(len(pending)))  # a heap of the tasks not sent: the earliest goes first
        results: dict[int, R] = {}
        next_out = 0
        try:
            self.workers = [self._start() for _ in range(min(self.jobs, len(pending)))]
            while next_out < len(pending):
                self._send(pending, todo, next_out)
                busy = [w for w in self.workers if w.queue]
                deadlines = [d for d in (w.deadline(self.timeout) for w in busy) if d]
                wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = set(wait([w.results for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for))
                for i, worker in enumerate(self.workers):
                    if not worker.queue:
                        continue
                    dead = worker.process.sentinel in ready
                    if worker.results in ready or dead:
                        dead = not self._receive(worker, results) or dead
                    if dead:
                        worker.process.join(5)
                        self._retire(i, pending, todo, results, Lost("died", describe_exit(worker.process.exitcode)))
                    elif worker.queue and time.monotonic() >= worker.deadline(self.timeout) > 0:
                        self._retire(i, pending, todo, results, Lost("timeout", f"killed after {self.timeout:g} s"))
                self._send(pending, todo, next_out)  # before storing: the workers go on meanwhile
                while next_out in results:
                    yield results.pop(next_out)
                    next_out += 1
        finally:
            self.close()

    def _send(self, pending: list[T], todo: list[int], next_out: int) -> None:
        """Top up each worker's tasks to ``ahead``, within the window of results held for in-order delivery."""
        for worker in self.workers:
            while len(worker.queue) < self.ahead and todo and todo[0] < next_out + self.window:
                index = heapq.heappop(todo)
                if not worker.queue:
                    worker.began = time.monotonic()
                worker.queue.append(index)
                try:
                    worker.tasks.send(pending[index])
                except (BrokenPipeError, OSError):
                    break  # it died: seen through its sentinel

    def _receive(self, worker: _Worker, results: dict[int, R]) -> bool:
        """Read every result the worker has written; False when its pipe is closed (it died)."""
        try:
            while worker.queue and worker.results.poll():
                results[worker.queue.popleft()] = worker.results.recv()
                worker.began = time.monotonic()  # it went on to the next task as it sent this result
        except (EOFError, OSError):
            return False
        return True

    def _retire(self, i: int, pending: list[T], todo: list[int], results: dict[int, R], why: Lost) -> None:
        """A worker died or is killed: its task is lost, the ones queued behind it go to others; start another."""
        worker = self.workers[i]
        self._stop(worker)
        if worker.queue:
            head = worker.queue.popleft()
            results[head] = self.lost(pending[head], why)
            for index in worker.queue:
                heapq.heappush(todo, index)
        self.workers[i] = self._start()

    def close(self) -> None:
        for worker in self.workers:
            if not worker.queue and worker.process.is_alive():
                try:
                    worker.tasks.send(None)
                except (BrokenPipeError, OSError):
                    pass
        for worker in self.workers:
            if not worker.queue:
                worker.process.join(1)
            self._stop(worker)
        self.workers = []

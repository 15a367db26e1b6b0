"""Build the archive: expand inputs, skip unchanged files, extract in workers, write in input order.

Workers read and extract (CPU-bound, one spaCy pipeline each); the parent
process alone writes, one transaction per document, in the order the inputs
were given. A document that fails, or takes longer than the time limit, gets
a documents row with its error and the batch goes on.
"""

from __future__ import annotations

import glob
import json
import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from extract.audit import refresh_findings
from extract.errors import DocumentTimeout, PressdbError
from extract.read import MAX_MB, read_path, sha256
from extract.store import (
    DocumentRows,
    document_rows,
    extractor_version,
    failure_rows,
    known_documents,
    open_archive,
    set_info,
    write_document,
)

DOCUMENT_SUFFIXES = {".txt", ".pdf", ".html", ".htm"}
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class InputError:
    """A path that names no document (missing, or a directory without releases)."""

    path: str
    message: str


@dataclass(slots=True)
class BuildResult:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.added + self.replaced + self.unchanged + self.failed

    def summary(self, db: str | Path) -> str:
        return (
            f"{self.total} documents into {db} in {self.seconds:.1f} s: {self.added} added, "
            f"{self.replaced} replaced, {self.unchanged} unchanged, {self.failed} failed"
        )


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named, found under directories (recursively) or matched by globs, in a stable order."""
    for given in paths:
        text = str(given)
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield InputError(text, f"{text}: the pattern matches no file; check the pattern or quote it")
            for match in matches:
                if Path(match).is_file():
                    yield Path(match)
            continue
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
            if not found:
                yield InputError(
                    text,
                    f"{text}: the directory holds no .txt, .pdf or .html release; "
                    "point pressdb at the folder with the releases",
                )
            yield from found
        elif path.is_file():
            yield path
        else:
            yield InputError(text, f"{text}: no such file or directory; check the path")


# ---------------------------------------------------------------- one document


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise DocumentTimeout("time limit")


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this (main) thread after ``seconds``."""
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def is_sample(path: str | Path) -> bool:
    """Does the file's ``<name>.meta.json`` say the pressdb project wrote it (``"sample": true``)?"""
    path = Path(path)
    meta = path.with_name(path.name.split(".")[0] + ".meta.json")
    try:
        return bool(json.loads(meta.read_text(encoding="utf-8")).get("sample"))
    except (OSError, ValueError, AttributeError):
        return False


def process_path(path: str, sha: str, timeout: float | None, max_mb: float | None = MAX_MB) -> DocumentRows:
    """Read and extract one file; failures become a documents row with the error."""
    rows = _process_path(path, sha, timeout, max_mb)
    rows.document["sample"] = int(is_sample(path))
    return rows


def _process_path(path: str, sha: str, timeout: float | None, max_mb: float | None = MAX_MB) -> DocumentRows:
    from extract.pipeline import process

    try:
        with time_limit(timeout):
            raw = read_path(path, max_mb=max_mb)
            return document_rows(process(raw))
    except DocumentTimeout:
        return failure_rows(
            path,
            sha,
            f"{path}: stopped after {timeout:g} s (the per-document time limit); "
            "raise it with --timeout or check the file",
        )
    except PressdbError as exc:
        return failure_rows(path, sha, str(exc))
    except Exception as exc:  # a bug must not end the batch: record it with the file
        return failure_rows(
            path, sha, f"{path}: extraction failed ({type(exc).__name__}: {exc}); please report this with the file"
        )


Task = tuple[str, str, float | None, float | None]  # path, sha256, time limit, size limit


def _work(task: Task) -> DocumentRows:
    return process_path(*task)


def warm_up() -> None:
    """Build the pipeline and load gazetteer and lexicons once, so that forked workers inherit them."""
    from extract.pipeline import process
    from extract.read import read_bytes

    sample = "17.02.2021\n\nPirna tritt bei\n\nHeute unterzeichnete Bürgermeister Max Muster in Pirna. 5 Kommunen."
    process(read_bytes(sample.encode(), "warm-up"))


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    warm_up()  # a no-op after fork; a spawned worker builds its own pipeline here


# ---------------------------------------------------------------- the batch


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_mb: float | None = MAX_MB,
    on_error: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], None] = lambda n: None,
    fail_fast: bool = False,
    dask: str | None = None,
) -> BuildResult:
    """Extract every input into the archive at ``db_path``; see the module docstring."""
    started = time.perf_counter()
    result = BuildResult()
    db = open_archive(db_path)
    known = known_documents(db)
    sources = {source: doc_id for doc_id, (source, _, _) in known.items()}
    version = extractor_version()
    tasks: list[Task] = []
    replacing: set[str] = set()
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            result.failed += 1
            result.errors.append(item.message)
            on_error(item.message)
            if fail_fast:
                break
            continue
        try:
            sha = sha256(item.read_bytes())
        except OSError as exc:
            message = f"{item}: cannot be read ({exc.strerror}); check the permissions"
            result.failed += 1
            result.errors.append(message)
            on_error(message)
            continue
        previous = known.get(sha)
        if previous and previous[1] == version and previous[2] is None and previous[0] == str(item):
            result.unchanged += 1
            progress(1)
            continue
        if previous or str(item) in sources:
            replacing.add(str(item))
        tasks.append((str(item), sha, timeout, max_mb))

    def store(rows: DocumentRows) -> bool:
        try:
            write_document(db, rows)
        except sqlite3.Error as exc:  # e.g. a value SQLite refuses: record the document, go on
            source = rows.document["source"]
            rows = failure_rows(
                source, rows.document["id"], f"{source}: could not be stored ({exc}); please report this with the file"
            )
            write_document(db, rows)
        error = rows.document.get("error")
        if error:
            result.failed += 1
            result.errors.append(error)
            on_error(error)
        elif rows.document["source"] in replacing:
            result.replaced += 1
        else:
            result.added += 1
        progress(1)
        return bool(error)

    from extract.store import begin_bulk, end_bulk

    begin_bulk(db)  # many documents to a transaction (extract/writer.py); committed by end_bulk below
    if dask:  # read and extract on a Dask cluster (extract/distributed.py); this process writes
        from extract.distributed import build_on_dask

        build_on_dask(tasks, dask, store, workers=jobs, fail_fast=fail_fast)
        tasks = []  # all written: the local paths below have nothing left to do
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(tasks) < 2:
        for task in tasks:
            if store(_work(task)) and fail_fast:
                break
    else:
        warm_up()
        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker, maxtasksperchild=500) as pool:
            for rows in pool.imap(_work, tasks, chunksize=1):
                if store(rows) and fail_fast:
                    pool.terminate()
                    break
    end_bulk(db)
    if result.added or result.replaced or result.failed:
        refresh_findings(db)  # findings are derived from all documents: refresh them after every change
    set_info(db, extractor_version=version, last_build=time.strftime("%Y-%m-%dT%H:%M:%S"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    result.seconds = time.perf_counter() - started
    return result

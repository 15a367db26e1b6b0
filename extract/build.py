"""Build the archive: expand inputs, skip unchanged files, extract in workers, write in input order.

Workers read and extract (CPU-bound, one spaCy pipeline each); the parent
process alone writes, one transaction per document, in the order the inputs
were given. A document that fails, or takes longer than the time limit, gets
a documents row with its error and the batch goes on.
"""

from __future__ import annotations

import csv
import functools
import glob
import hashlib
import itertools
import json
import os
import signal
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from extract.audit import findings_stale, mark_pending, refresh_findings
from extract.errors import ArchiveBusy, DocumentTimeout, PressdbError
from extract.read import MAX_MB, file_sha256, read_path
from extract.shards import ShardResult, unstorable_message, write_shard
from extract.store import (
    Archive,
    DocumentRows,
    document_rows,
    extractor_version,
    failure_rows,
    known_documents,
    set_info,
    write_document,
)
from extract.summaries import refresh as refresh_summaries
from extract.workers import DEFAULT_MEMORY_MB, Lost, Pool

if TYPE_CHECKING:
    from extract.pipeline import Processed

T = TypeVar("T")
R = TypeVar("R")

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


MANIFEST = "pressdb-manifest.csv"  # a folder's list of its releases: file, url, issuer


def release_metadata(path: str | Path) -> dict[str, Any]:
    """What the user recorded about a release file: its public address, its issuer, whether it is a sample.

    From the sidecar ``<name>.meta.json`` beside the file (``{"url": ..., "issuer": ...}``) or, failing that,
    the file's row in the folder's ``pressdb-manifest.csv`` (columns ``file``, ``url``, ``issuer``).
    """
    path = Path(path)
    meta = path.with_name(path.name.split(".")[0] + ".meta.json")
    try:
        found = json.loads(meta.read_text(encoding="utf-8"))
        if isinstance(found, dict):
            return found
    except (OSError, ValueError):
        pass
    return _manifest(str(path.parent)).get(path.name, {})


@functools.lru_cache(maxsize=64)
def _manifest(folder: str) -> dict[str, dict[str, Any]]:
    try:
        with open(Path(folder) / MANIFEST, encoding="utf-8", newline="") as fh:
            return {row["file"].strip(): row for row in csv.DictReader(fh) if (row.get("file") or "").strip()}
    except (OSError, KeyError, csv.Error, UnicodeDecodeError):
        return {}


def is_sample(path: str | Path) -> bool:
    """Does the file's sidecar say the pressdb project wrote it (``"sample": true``)?"""
    return bool(release_metadata(path).get("sample"))


def _apply_metadata(rows: DocumentRows, path: str | Path) -> DocumentRows:
    """The user's word on a release's address and issuer wins over what the text seems to say."""
    meta = release_metadata(path)
    rows.document["sample"] = int(bool(meta.get("sample")))
    url, issuer = meta.get("url"), meta.get("issuer")
    if isinstance(url, str) and url.strip():
        rows.document["url"] = url.strip()
    if isinstance(issuer, str) and issuer.strip() and rows.document.get("error") is None:
        rows.document["issuer"] = issuer.strip()
    return rows


def shown(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 shown as ``\\xe9``."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _printable(message: str) -> str:
    return message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def timeout_message(source: str, timeout: float | None) -> str:
    return (
        f"{source}: timed out: stopped after {timeout:g} s (the per-document time limit); a release takes a second "
        "or two, so the file may be built to stall a reader: check it, or raise the limit with --timeout"
    )


def lost_message(source: str, lost: Lost, timeout: float | None, memory_mb: float | None) -> str:
    """What to tell the user about a document whose worker was killed or died."""
    if lost.kind == "timeout":
        return timeout_message(source, timeout)
    memory = f"{memory_mb:g} MB" if memory_mb else "the memory"
    return (
        f"{source}: the worker reading it died ({lost.detail}), most likely because the file needs more than "
        f"{memory} of memory or crashes a reader library; the file was skipped: check it, raise the limit with "
        "--max-memory, or report it with the file if it is a sound release"
    )


def process_path(
    path: str, sha: str, timeout: float | None, max_mb: float | None = MAX_MB, source: str | None = None
) -> DocumentRows:
    """Read and extract one file; failures become a documents row with the error."""
    source = source or shown(path)
    return _apply_metadata(_process_path(path, source, sha, timeout, max_mb), path)


def _process_path(path: str, source: str, sha: str, timeout: float | None, max_mb: float | None) -> DocumentRows:
    try:
        with time_limit(timeout):
            return document_rows(process_file(path, source, max_mb))
    except DocumentTimeout:
        return failure_rows(source, sha, timeout_message(source, timeout))
    except PressdbError as exc:
        return failure_rows(source, sha, _printable(str(exc)))
    except MemoryError:
        return failure_rows(source, sha, memory_message(source))
    except Exception as exc:  # a bug must not end the batch: record it with the file
        return failure_rows(
            source,
            sha,
            _printable(f"{source}: extraction failed ({type(exc).__name__}: {exc}); please report this with the file"),
        )


_MEMORY_MB: float | None = None  # the worker's memory limit, for its messages


def memory_message(source: str) -> str:
    limit = f"the {_MEMORY_MB:g} MB" if _MEMORY_MB else "the"
    return (
        f"{source}: ran out of memory ({limit} a document may use); the file may be built to exhaust memory: "
        "check it, or raise the limit with --max-memory"
    )


def process_file(path: str, source: str, max_mb: float | None) -> Processed:
    """Read the file at ``path`` (named ``source`` in messages and rows) and extract it."""
    from extract.pipeline import process

    try:
        raw = read_path(path, max_mb=max_mb)
    except PressdbError as exc:
        raise type(exc)(_printable(str(exc))) from exc
    raw.source = source
    return process(raw)


Task = tuple[str, str, float | None, float | None, str]  # path, sha256, time limit, size limit, source


def _work(task: Task) -> DocumentRows:
    path, sha, timeout, max_mb, source = task
    return process_path(path, sha, timeout, max_mb, source)


WARM_UP_TEXT = (
    "17.02.2021\n\nPirna tritt bei\n\nHeute unterzeichnete Bürgermeister Max Muster in Pirna die Vereinbarung "
    "über die Teilnahme am Netzwerk. Damit arbeiten nun 5 Kommunen des Landkreises mit, die seit dem Beginn "
    "des Programms zusammen 1,2 Millionen Euro an Fördermitteln für ihre Vorhaben erhalten haben."
)


@functools.cache  # once per process: what it loads stays loaded for the next build
def warm_up() -> None:
    """Build the pipeline, load gazetteer and lexicons, and make one document's rows, so that forked workers
    inherit all of it: the stemmer, the MinHash permutations and the libraries they import (some 0.4 s of CPU
    that each worker of each build would pay again)."""
    from extract.pipeline import process
    from extract.read import read_bytes

    document_rows(process(read_bytes(WARM_UP_TEXT.encode(), "warm-up")))


def document_pool(
    work: Callable[[T], R],
    lost: Callable[[T, Lost], R],
    *,
    jobs: int,
    timeout: float | None,
    memory_mb: float | None,
) -> Pool[T, R]:
    """Workers for documents, forked after the pipeline was built (they inherit it)."""
    global _MEMORY_MB
    warm_up()
    _MEMORY_MB = memory_mb
    return Pool(work, lost, jobs=jobs, timeout=timeout, memory_mb=memory_mb)


# ---------------------------------------------------------------- the batch


def _unhashed_id(source: str) -> str:
    """The id of a file refused before it was hashed (too big, unreadable): stable per path."""
    return "unread-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:40]


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_mb: float | None = MAX_MB,
    memory_mb: float | None = DEFAULT_MEMORY_MB,
    on_error: Callable[[str], None] = lambda message: None,
    on_wait: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], None] = lambda n: None,
    fail_fast: bool = False,
    dask: str | None = None,
    shards: bool | None = None,
) -> BuildResult:
    """Extract every input into the archive at ``db_path``; see the module docstring.

    ``shards``: the workers write shard archives that this process merges (``extract/shards.py``); by default
    when more than one job extracts on this machine and the build does not stop at the first failure.

    Raises ``ArchiveError`` when ``db_path`` is not a pressdb archive, or another program holds its
    write lock; ``on_wait`` hears when the build waits for another build of the same archive.
    """
    started = time.perf_counter()
    result = BuildResult()
    with Archive(db_path, on_wait=on_wait) as archive:
        _build(archive, paths, result, jobs, timeout, max_mb, memory_mb, on_error, progress, fail_fast, dask, shards)
        archive.finish()
    result.seconds = time.perf_counter() - started
    return result


def _build(
    archive: Archive,
    paths: Iterable[str | Path],
    result: BuildResult,
    jobs: int | None,
    timeout: float | None,
    max_mb: float | None,
    memory_mb: float | None,
    on_error: Callable[[str], None],
    progress: Callable[[int], None],
    fail_fast: bool,
    dask: str | None = None,
    shards: bool | None = None,
) -> None:
    db = archive.db
    known = known_documents(db)
    sources = known.sources  # `in` looks a path up in the index
    version = extractor_version()
    tasks: list[Task] = []
    replacing: set[str] = set()

    marked: set[str] = set()

    def mark_findings_stale(items: list[tuple[str, str]]) -> None:
        """Record the documents (id, source) for the findings' refresh before they are written (audit.mark_pending)."""
        todo = [(doc_id, source) for doc_id, source in items if doc_id not in marked]
        if todo:  # during the bulk load, in the transaction that will hold the document
            try:
                mark_pending(db, todo)
            except sqlite3.OperationalError as exc:
                if _is_busy(exc):
                    raise _busy(archive, exc) from exc
                raise
            marked.update(doc_id for doc_id, _ in todo)

    def store(rows: DocumentRows) -> bool:
        mark_findings_stale([(rows.document["id"], rows.document["source"])])  # marked before the bulk load
        try:
            write_document(db, rows)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise _busy(archive, exc) from exc
            rows = _unstorable(rows, exc)
            write_document(db, rows)
        except sqlite3.Error as exc:  # e.g. a value SQLite refuses: record the document, go on
            rows = _unstorable(rows, exc)
            write_document(db, rows)
        return count(rows.document["source"], rows.document.get("error"))

    def count(source: str, error: str | None) -> bool:
        if error:
            result.failed += 1
            result.errors.append(error)
            on_error(error)
        elif source in replacing:
            result.replaced += 1
        else:
            result.added += 1
        progress(1)
        return bool(error)

    stop = False
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            message = _printable(item.message)
            result.failed += 1
            result.errors.append(message)
            on_error(message)
            if fail_fast:
                stop = True
                break
            continue
        source = shown(item)
        try:
            sha = file_sha256(item, max_mb=max_mb)  # the size is checked before a byte is read
        except PressdbError as exc:
            if store(failure_rows(source, _unhashed_id(source), _printable(str(exc)))) and fail_fast:
                stop = True
                break
            continue
        previous = known.get(sha)
        if previous and previous[1] == version and previous[2] is None and previous[0] == source:
            result.unchanged += 1
            progress(1)
            continue
        if previous or source in sources:
            replacing.add(source)
        tasks.append((str(item), sha, timeout, max_mb, source))

    from extract.store import begin_bulk, end_bulk

    if tasks and not stop:
        mark_findings_stale([(sha, source) for _, sha, _, _, source in tasks])
    begin_bulk(db)  # many documents to a transaction (extract/writer.py); committed by end_bulk below
    local_jobs = max(1, jobs or os.cpu_count() or 1)
    # The workers write shards that this process merges (extract/shards.py), through a connection of its own.
    sharded = shards if shards is not None else (bool(dask) or local_jobs > 1) and not fail_fast
    if tasks and not stop and sharded:
        end_bulk(db)
        try:
            with ShardSink(archive, count, timeout, memory_mb) as sink:
                if dask:  # read and extract on a Dask cluster (extract/distributed.py)
                    from extract.distributed import build_on_dask

                    build_on_dask(tasks, dask, store, workers=jobs, sink=sink)
                else:
                    _build_sharded(tasks, local_jobs, timeout, memory_mb, sink)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise _busy(archive, exc) from exc
            raise
        tasks = []  # all written: nothing left for the rows below
    if tasks and not stop and dask:  # on a Dask cluster, each document's rows written here (--fail-fast)
        from extract.distributed import build_on_dask

        build_on_dask(tasks, dask, store, workers=jobs, fail_fast=fail_fast)
        tasks = []
    if tasks and not stop:
        lost = functools.partial(_lost_rows, timeout=timeout, memory_mb=memory_mb)
        pool = document_pool(_work, lost, jobs=min(local_jobs, len(tasks)), timeout=timeout, memory_mb=memory_mb)
        for rows in pool.map(tasks):
            if store(rows) and fail_fast:
                pool.close()
                break
    end_bulk(db)
    if findings_stale(db):  # marked before any document was written, by this build or one killed before
        refresh_findings(db)  # what the written documents touch (audit.mark_pending), or all findings
    refresh_summaries(db)  # the keys this build (or a killed one before it) queued; nothing when none are
    set_info(db, extractor_version=version, last_build=time.strftime("%Y-%m-%dT%H:%M:%S"))


# ---------------------------------------------------------------- shards

MAX_BATCH = 128  # documents per shard: the merge's fixed costs (schema, ATTACH) spread over many
ShardTask = tuple[list[Task], int, str, str]  # documents, their first sentence id, the shard's path, the archive's


def _work_shard(task: ShardTask) -> ShardResult:
    batch, first, path, archive = task
    done = [process_path(p, sha, timeout, max_mb, source) for p, sha, timeout, max_mb, source in batch]
    try:
        return write_shard(path, done, first, archive=archive)
    except sqlite3.Error:  # a value SQLite refuses: the parent writes the documents one by one and records it
        return ShardResult(None, rows=done)


def _lost_shard(task: ShardTask, why: Lost) -> ShardResult:
    return ShardResult(None, retry=list(task[0]))


MIN_BATCH = 4  # documents per shard at least (but for the last): a shard and its merge cost a few ms each


def shard_batches(documents: int, jobs: int) -> list[int]:
    """Documents per shard, in order: each batch a share of those left (at most MAX_BATCH), smaller towards the end,
    so that the jobs finish close together and the last merge, which nothing overlaps, is a short one."""
    sizes: list[int] = []
    left = documents
    while left > 0:
        sizes.append(min(left, max(MIN_BATCH, min(MAX_BATCH, -(-left // (jobs * 2))))))
        left -= sizes[-1]
    return sizes


class ShardSink:
    """Takes shards in input order and merges them into the archive (``extract/shards.py``); documents that come
    back as rows (too long for their batch's sentence ids, or of a batch whose worker died) are written into
    shards of their own first. Use as a context manager, inside a build that holds the archive."""

    def __init__(
        self,
        archive: Archive,
        count: Callable[[str, str | None], bool],
        timeout: float | None,
        memory_mb: float | None,
    ) -> None:
        from extract.shards import Merger, Reservations

        self.archive_path = str(archive.path)
        self.count = count
        self.timeout, self.memory_mb = timeout, memory_mb
        self.reservations = Reservations(archive.db.conn)
        self.folder = tempfile.TemporaryDirectory(prefix="pressdb-shards-")
        self.paths = (os.path.join(self.folder.name, f"shard-{n}.db") for n in itertools.count())
        self.merger = Merger(archive.path)

    def reserve(self) -> int:
        """The first sentence id of a batch's range."""
        return self.reservations.take()

    def path(self) -> str:
        """A new shard's file, in this build's folder of shards."""
        return next(self.paths)

    def take(self, shard: ShardResult) -> None:
        """Merge a batch's shard (a file, or its bytes from a remote worker) and count its documents."""
        if shard.data is not None:
            shard.path = self.path()
            Path(shard.path).write_bytes(shard.data)
            shard.data = None
        rows = shard.rows + _read_one_by_one(shard.retry, self.timeout, self.memory_mb)
        for one in ([shard] if shard.path else []) + _write_rows(rows, self.reservations, self.paths):
            refused = self.merger.merge(one.path or "")
            os.unlink(one.path or "")
            for doc in one.documents:
                self.count(doc.source, refused.get(doc.id, doc.error))

    def __enter__(self) -> ShardSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.merger.close()
        self.folder.cleanup()


def _build_sharded(
    tasks: list[Task], jobs: int, timeout: float | None, memory_mb: float | None, sink: ShardSink
) -> None:
    """Workers extract batches into shard archives; ``sink`` merges them in input order (extract/shards.py).

    A batch whose worker dies or is killed is read again one document at a time, so that the document that
    caused it is found and recorded as it would be by ``--jobs 1``, and the others are stored.
    """
    sizes = shard_batches(len(tasks), jobs)
    starts = list(itertools.accumulate(sizes, initial=0))
    work = [
        (tasks[start : start + size], sink.reserve(), sink.path(), sink.archive_path)
        for start, size in zip(starts, sizes, strict=False)
    ]
    hard = timeout and timeout * sizes[0]  # a batch's hard limit: the per-document limit for each of its documents
    pool = document_pool(_work_shard, _lost_shard, jobs=min(jobs, len(work)), timeout=hard, memory_mb=memory_mb)
    for shard in pool.map(work):
        sink.take(shard)


def _lost_rows(task: Task, why: Lost, timeout: float | None, memory_mb: float | None) -> DocumentRows:
    """The failure row of a document whose worker died or was killed."""
    path, sha, _, _, source = task
    rows = failure_rows(source, sha, lost_message(source, why, timeout, memory_mb))
    rows.document["sample"] = int(is_sample(path))
    return rows


def _read_one_by_one(tasks: list[Task], timeout: float | None, memory_mb: float | None) -> list[DocumentRows]:
    """Documents of a lost batch, each in a worker of its own: the one that kills its worker is recorded."""
    if not tasks:
        return []
    lost = functools.partial(_lost_rows, timeout=timeout, memory_mb=memory_mb)
    return list(document_pool(_work, lost, jobs=1, timeout=timeout, memory_mb=memory_mb).map(tasks))


def _write_rows(rows: list[DocumentRows], reservations: Any, paths: Iterator[str]) -> list[ShardResult]:
    """Shards written by this process for documents that came back as rows; a document SQLite refuses is recorded."""
    if not rows:
        return []
    sentences = sum(len(r.tables.get("sentences", [])) for r in rows)
    try:
        return [_complete(write_shard(next(paths), rows, reservations.take(sentences), block=sentences))]
    except sqlite3.Error:
        pass
    out = []
    for one in rows:
        n = len(one.tables.get("sentences", []))
        try:
            out.append(_complete(write_shard(next(paths), [one], reservations.take(n), block=n)))
        except sqlite3.Error as exc:
            out.append(_complete(write_shard(next(paths), [_unstorable(one, exc)], reservations.take(0), block=0)))
    return out


def _complete(shard: ShardResult) -> ShardResult:
    if shard.rows or not shard.path:
        raise RuntimeError("a shard written for its documents' own sentence count left documents out")
    return shard


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _busy(archive: Archive, exc: sqlite3.OperationalError) -> ArchiveBusy:
    return ArchiveBusy(
        f"{archive.path}: another program holds the archive's write lock ({exc}); "
        "stop it (or wait until it is done) and run the build again: what is stored so far is kept"
    )


def _unstorable(rows: DocumentRows, exc: sqlite3.Error) -> DocumentRows:
    """The failure row of a document SQLite refused (as ``shards._refuse`` records one refused in a merge)."""
    source = rows.document["source"]
    failed = failure_rows(source, rows.document["id"], unstorable_message(source, exc))
    failed.document["sample"] = int(rows.document.get("sample") or 0)  # a sample stays marked as one
    return failed


# ---------------------------------------------------------------- pressdb extract


ContractTask = tuple[str, str, float | None, float | None]  # path, source, time limit, size limit


def _contract(task: ContractTask) -> dict[str, object]:
    from extract.contract import failed, to_contract

    path, source, timeout, max_mb = task
    try:
        with time_limit(timeout):
            return to_contract(source, process_file(path, source, max_mb))
    except DocumentTimeout:
        return failed(source, timeout_message(source, timeout))
    except PressdbError as exc:
        return failed(source, _printable(str(exc)))
    except MemoryError:
        return failed(source, memory_message(source))
    except Exception as exc:  # a bug must not end the run: report it with the file
        return failed(
            source,
            _printable(f"{source}: extraction failed ({type(exc).__name__}: {exc}); please report this with the file"),
        )


def extract_contracts(
    items: Iterable[Path | InputError],
    *,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_mb: float | None = MAX_MB,
    memory_mb: float | None = DEFAULT_MEMORY_MB,
) -> Iterator[dict[str, object]]:
    """The contract object of each input in order, read in workers with the limits of ``build``."""
    from extract.contract import failed

    listed = list(items)
    tasks = [(str(i), shown(i), timeout, max_mb) for i in listed if not isinstance(i, InputError)]

    def lost(task: ContractTask, why: Lost) -> dict[str, object]:
        return failed(task[1], lost_message(task[1], why, timeout, memory_mb))

    results: Iterator[dict[str, object]] = iter(())
    if tasks:
        pool = document_pool(_contract, lost, jobs=min(jobs, len(tasks)), timeout=timeout, memory_mb=memory_mb)
        results = pool.map(tasks)
    for item in listed:
        if isinstance(item, InputError):
            yield failed(_printable(item.path), _printable(item.message))
        else:
            yield next(results)

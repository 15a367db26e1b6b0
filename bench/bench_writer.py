"""The writer alone, in documents per second: rows prepared in advance, then written.

Extracts ``--docs`` synthetic releases once (rows cached in bench/out/), then
writes the same rows into a fresh archive, alternating, ``--repeat`` times:

- per document: ``store.write_document``, one transaction per document, the
  trigram index filled by its trigger sentence by sentence (the writer of
  earlier builds);
- bulk: ``extract/writer.py``, 500 documents (or 0.25 s) to a transaction, rows
  with executemany, the transaction's sentences indexed with one INSERT ... SELECT
  (what ``--jobs 1`` does);
- shard merge: ``extract/shards.py``, what the parent of ``--jobs 2`` does: shards
  of up to 128 documents are written as the workers write them (timed apart),
  each compared with the archive as it is while four shards before it are still
  on their way, and merged in turn (``write_sharded``).

All include reprint detection (``releases.assign``) and registering people,
each run with cold caches (as a new build process starts). The rows carry what
the extracting workers compute (the MinHash signature and the shingle ids).
Prints the medians and their ratio; checks that the archives hold the same rows.

``--breakdown`` writes the rows once more in bulk and prints where the CPU time
goes, by statement class and by step of reprint detection. ``--base N`` also
times adding ``--docs`` releases by shard merge to an archive of N;
``--in-build`` times the merges of a real ``pressdb build --jobs 2``.

Measured 2026-12-07 on a quiet machine (1,000 releases of 45 sentences, CPU
time, medians of 3, through ``bench.py --only scale``): per document 94
docs/s, bulk 220, shard merge 497 (1,015 without its reprint detection, ~1.0
ms a document on these releases, which share their boilerplate: some 70
candidates each, most of them in the same build); the shards cost the workers
1.8 ms a document. Adding 1,000 to 4,000 (``--base 4000``): 440 docs/s, 805
without reprint detection. Of the bulk writer's ~4 ms per document: the
trigram index ~1.2 ms, reprint detection ~1.1 ms, commit ~0.35 ms, the rows'
inserts ~0.9 ms, Python ~0.3 ms (see the module docstring of
extract/writer.py).

Usage: python bench/bench_writer.py [--docs 1000] [--repeat 3] [--breakdown] [--base N] [--in-build]
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "bench", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))
OUT = ROOT / "bench" / "out"
LAG = 4  # shards on their way while one is merged: two workers holding two batches each (workers.AHEAD)


def prepared_rows(n: int) -> list[Any]:
    """The rows of the first ``n`` synthetic releases (extracted once, then read from a pickle)."""
    from bench import corpus  # type: ignore[attr-defined]

    cache = OUT / f"writer-rows-v2-{n}.pkl"  # v2: signatures carry their shingle ids
    if cache.exists():
        rows: list[Any] = pickle.loads(cache.read_bytes())
        return rows
    from extract.build import process_path
    from extract.read import sha256

    paths = corpus(n)
    started = time.perf_counter()
    rows = [process_path(str(p), sha256(p.read_bytes()), None) for p in paths]
    print(f"  extracted {n} releases for the writer in {time.perf_counter() - started:.0f} s", flush=True)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _cold() -> None:
    """Forget what an earlier run of this process cached about documents (a new build starts without it)."""
    from extract import releases

    releases._STORED.clear()
    releases.shingle_ids.cache_clear()


def _timed(function: Any, spent: dict[str, float], key: str) -> Any:
    """``function``, adding the CPU seconds of each call to ``spent[key]``."""

    def call(*args: Any) -> Any:
        began = time.process_time()
        try:
            return function(*args)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - began

    return call


def write(rows: list[Any], db_path: Path, bulk: bool, wrap: Any = None) -> float:
    """CPU seconds to write ``rows`` into a fresh archive (the archive's creation not included).

    CPU time of this process, not wall time: the machine is shared, and the writer is one process.
    """
    from extract.store import begin_bulk, end_bulk, open_archive, write_document

    db = open_archive(_fresh(db_path))
    _cold()
    if wrap is not None:
        db.conn = wrap(db.conn)
    started = time.process_time()
    if bulk:
        begin_bulk(db)
    for r in rows:
        write_document(db, r)
    end_bulk(db)
    seconds = time.process_time() - started
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return seconds


def write_sharded(rows: list[Any], db_path: Path, lag: int = LAG, base: list[Any] | None = None) -> dict[str, float]:
    """CPU seconds of the shard merge (extract/shards.py) of ``rows`` into a fresh archive, and of its parts.

    As ``pressdb build --jobs 2`` does it: shards of ``MAX_BATCH`` documents, each written (and its documents
    compared with the archive as it is then, ``releases.prior_match``) while ``lag`` shards before it are still
    on their way (two workers holding two batches each), so that the merge compares each document with those
    merged since. Written shards are timed apart (``shards``: the workers' CPU); ``merge`` is what the writing
    parent spends, ``of which reprint`` its reprint detection (``releases.assign``). ``base``: rows merged the
    same way beforehand, untimed: the archive that ``rows`` are added to.
    """
    from extract import releases, shards
    from extract.build import MAX_BATCH
    from extract.store import open_archive

    if base:
        write_sharded(base, db_path, lag)
        _cold()  # a new build process begins
    else:
        open_archive(_fresh(db_path)).conn.close()
        _cold()
    conn = sqlite3.connect(db_path)
    reservations = shards.Reservations(conn)
    conn.close()
    folder = OUT / "writer-shards"
    folder.mkdir(exist_ok=True)
    assign, spent = releases.assign, {"shards": 0.0, "merge": 0.0, "reprint": 0.0}
    merger = shards.Merger(db_path)  # one for the build, as pressdb build has
    merge_path = _timed(merger.merge, spent, "merge")

    def merge(shard: Any) -> None:
        merge_path(shard.path or "")

    shards.releases.assign = _timed(assign, spent, "reprint")  # type: ignore[attr-defined]
    try:
        waiting: list[Any] = []
        for k, i in enumerate(range(0, len(rows), MAX_BATCH)):
            began = time.process_time()
            waiting.append(
                shards.write_shard(folder / f"{k}.db", rows[i : i + MAX_BATCH], reservations.take(), archive=db_path)
            )
            spent["shards"] += time.process_time() - began
            if len(waiting) > lag:
                merge(waiting.pop(0))
        for shard in waiting:
            merge(shard)
    finally:
        shards.releases.assign = assign  # type: ignore[attr-defined]
        merger.close()
    return spent


def run(n: int, repeat: int) -> dict[str, float]:
    rows = prepared_rows(n)
    times: dict[str, list[float]] = {"per document": [], "bulk": []}
    parts: list[dict[str, float]] = []
    for _ in range(repeat):
        times["per document"].append(write(rows, OUT / "writer-single.db", bulk=False))
        times["bulk"].append(write(rows, OUT / "writer-bulk.db", bulk=True))
        parts.append(write_sharded(rows, OUT / "writer-sharded.db"))
    from robustness_factory import archive_content

    same = archive_content(OUT / "writer-single.db") == archive_content(OUT / "writer-bulk.db")
    same_sharded = archive_content(OUT / "writer-sharded.db") == archive_content(OUT / "writer-bulk.db")
    single, bulk = statistics.median(times["per document"]), statistics.median(times["bulk"])
    merge, shard, reprint = (statistics.median(p[k] for p in parts) for k in ("merge", "shards", "reprint"))
    sentences = sum(len(r.tables.get("sentences", [])) for r in rows)
    print(f"writer alone: {n} releases ({sentences / n:.0f} sentences each), median CPU time of {repeat}, alternating")
    print(f"  per document (one transaction each, FTS by trigger): {n / single:,.0f} docs/s")
    print(f"  bulk (extract/writer.py):                            {n / bulk:,.0f} docs/s")
    print(f"  shard merge (extract/shards.py), the parent:         {n / merge:,.0f} docs/s")
    without = n / (merge - reprint)
    print(f"    of which reprint detection {1e3 * reprint / n:.2f} ms/doc; without it {without:,.0f} docs/s")
    print(f"    the shards, written by the workers ({LAG} in flight):  {1e3 * shard / n:.2f} ms/doc of worker CPU")
    print(f"  bulk vs per document: {single / bulk:.2f}x; merge vs bulk: {bulk / merge:.2f}x")
    print(f"  same rows: bulk {same}, shard merge {same_sharded}")
    return {
        "single_docs_per_s": n / single,
        "bulk_docs_per_s": n / bulk,
        "merge_docs_per_s": n / merge,
        "merge_without_reprint_docs_per_s": n / (merge - reprint),
        "shard_ms_per_doc": 1e3 * shard / n,
        "same": float(same and same_sharded),
    }


class _Timed:
    """A connection that adds up the CPU time of each class of statement (its first words)."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.seconds: dict[str, float] = {}

    def _add(self, sql: str, started: float) -> None:
        key = " ".join(sql.split()[:4])[:48]
        self.seconds[key] = self.seconds.get(key, 0.0) + time.process_time() - started

    def execute(self, sql: str, *args: Any) -> Any:
        started = time.process_time()
        try:
            return self._conn.execute(sql, *args)
        finally:
            self._add(sql, started)

    def executemany(self, sql: str, *args: Any) -> Any:
        started = time.process_time()
        try:
            return self._conn.executemany(sql, *args)
        finally:
            self._add(sql, started)

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def breakdown(n: int) -> None:
    """Write the rows once in bulk and print the CPU time per statement class and per step of reprint detection."""
    from extract import releases

    rows = prepared_rows(n)
    steps: dict[str, float] = {}
    originals = {name: getattr(releases, name) for name in ("best_match", "candidates", "_common_counts")}

    conns: list[_Timed] = []

    def wrap(conn: Any) -> _Timed:
        conns.append(_Timed(conn))
        return conns[-1]

    for name in originals:
        setattr(releases, name, _timed(originals[name], steps, name))
    try:
        total = write(rows, OUT / "writer-breakdown.db", bulk=True, wrap=wrap)
    finally:
        for name, function in originals.items():
            setattr(releases, name, function)
    print(f"breakdown of one bulk write: {total * 1000 / n:.2f} ms CPU per document in all")
    sql = conns[0].seconds
    for key, seconds in sorted(sql.items(), key=lambda kv: -kv[1])[:16]:
        print(f"  {seconds * 1000 / n:6.3f} ms  SQL {key}")
    print(f"  {sum(sql.values()) * 1000 / n:6.3f} ms  SQL in all")
    for name, seconds in steps.items():
        print(f"  {seconds * 1000 / n:6.3f} ms  releases.{name} (SQL included)")


def in_build(n: int, jobs: int = 2) -> dict[str, float]:
    """The parent's CPU in the shard merges of a real ``pressdb build --jobs 2`` of ``n`` synthetic releases.

    Where ``write_sharded`` models the shards in flight, this measures them as a build has them: each worker
    compares its batch with the archive when it has extracted it, so only the batches merged since are left
    to the merge's reprint detection.
    """
    from bench import corpus  # type: ignore[attr-defined]
    from extract import releases, shards
    from extract.build import build

    spent = {"merge": 0.0, "reprint": 0.0}
    merge, assign = shards.Merger.merge, releases.assign
    shards.Merger.merge = _timed(merge, spent, "merge")  # type: ignore[method-assign]
    shards.releases.assign = _timed(assign, spent, "reprint")  # type: ignore[attr-defined]
    try:
        build([str(p) for p in corpus(n)], _fresh(OUT / "writer-in-build.db"), jobs=jobs, timeout=None)
    finally:
        shards.Merger.merge = merge  # type: ignore[method-assign]
        shards.releases.assign = assign  # type: ignore[attr-defined]
    docs_per_s, without = n / spent["merge"], n / (spent["merge"] - spent["reprint"])
    print(f"writer in a --jobs {jobs} build of {n}: shard merge {docs_per_s:,.0f} docs/s", end="")
    print(f" (reprint detection {1e3 * spent['reprint'] / n:.2f} ms/doc; without it {without:,.0f} docs/s)")
    return {"in_build_merge_docs_per_s": docs_per_s, "in_build_without_reprint_docs_per_s": without}


def steady(n: int, base: int) -> dict[str, float]:
    """The shard merge adding ``n`` releases to an archive of ``base`` (merged the same way first, untimed)."""
    rows = prepared_rows(base + n)
    spent = write_sharded(rows[base:], OUT / "writer-steady.db", base=rows[:base])
    merge, reprint = spent["merge"], spent["reprint"]
    print(f"writer alone, adding {n} releases to {base}: shard merge {n / merge:,.0f} docs/s", end="")
    print(f" (reprint detection {1e3 * reprint / n:.2f} ms/doc; without it {n / (merge - reprint):,.0f} docs/s)")
    return {"steady_merge_docs_per_s": n / merge, "steady_without_reprint_docs_per_s": n / (merge - reprint)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="also print where the bulk writer's time goes")
    parser.add_argument("--base", type=int, default=0, help="also add --docs releases to an archive of this many")
    parser.add_argument("--in-build", action="store_true", help="also time the merges of a real --jobs 2 build")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    run(args.docs, args.repeat)
    if args.base:
        steady(args.docs, args.base)
    if args.in_build:
        in_build(args.docs)
    if args.breakdown:
        breakdown(args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

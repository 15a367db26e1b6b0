"""The writer alone, in documents per second: rows prepared in advance, then written.

Extracts ``--docs`` synthetic releases once (rows cached in bench/out/), then
writes the same rows into a fresh archive, alternating, ``--repeat`` times:

- per document: ``store.write_document``, one transaction per document, the
  trigram index filled by its trigger sentence by sentence (the writer of
  earlier builds);
- bulk: ``extract/writer.py``, 500 documents (or 2 s) to a transaction, rows
  with executemany, the transaction's sentences indexed with one INSERT ... SELECT.

Both include reprint detection (``releases.assign``) and registering people.
Prints the medians and their ratio; checks that both archives hold the same rows.

Usage: python bench/bench_writer.py [--docs 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import pickle
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


def write(rows: list[Any], db_path: Path, bulk: bool) -> float:
    """CPU seconds to write ``rows`` into a fresh archive (the archive's creation not included).

    CPU time of this process, not wall time: the machine is shared, and the writer is one process.
    """
    from extract.store import begin_bulk, end_bulk, open_archive, write_document

    db = open_archive(_fresh(db_path))
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


def run(n: int, repeat: int) -> dict[str, float]:
    rows = prepared_rows(n)
    times: dict[str, list[float]] = {"per document": [], "bulk": []}
    for _ in range(repeat):
        times["per document"].append(write(rows, OUT / "writer-single.db", bulk=False))
        times["bulk"].append(write(rows, OUT / "writer-bulk.db", bulk=True))
    from robustness_factory import archive_content

    same = archive_content(OUT / "writer-single.db") == archive_content(OUT / "writer-bulk.db")
    single, bulk = statistics.median(times["per document"]), statistics.median(times["bulk"])
    sentences = sum(len(r.tables.get("sentences", [])) for r in rows)
    print(f"writer alone: {n} releases ({sentences / n:.0f} sentences each), median CPU time of {repeat}, alternating")
    print(f"  per document (one transaction each, FTS by trigger): {n / single:,.0f} docs/s")
    print(f"  bulk (extract/writer.py):                            {n / bulk:,.0f} docs/s")
    print(f"  bulk vs per document: {single / bulk:.2f}x; same rows: {same}")
    return {"single_docs_per_s": n / single, "bulk_docs_per_s": n / bulk, "same": float(same)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    run(args.docs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

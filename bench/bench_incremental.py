"""Adding 1,000 releases to a large archive: seconds by phase, at two archive sizes.

Makes (or reuses, in bench/out/) archives of ``--sizes`` releases by bench.py's
``replicate`` method (``--base`` built releases, their rows repeated with new
ids) and, unlike the Datasette benchmark, replicates the reprint-detection
state too: each copy gets its signature and its LSH band rows, with the band
buckets scrambled per copy (a copy is a release of its own, so it must not
fall into the buckets of the document it was copied from). The band index thus
has the size of a real archive of that many releases.

Then, for each size and repeat, it copies the archive and runs ``pressdb
build`` over the copy plus ``--add`` new synthetic releases (bench/synth.py,
seed 2: other releases than the base's seed 1), in a subprocess, and prints
the seconds split into phases. The new releases are dated (``--dated``) across
the archive's seven years (backfilled: every statistic's history changes from
near its beginning, and its findings are recomputed whole) or in the month
after its newest release (appended: the next month's releases, whose findings
are recomputed from their first day on). The phases:

- start-up: reading the stored documents (``known_documents``), hashing the
  inputs, marking the findings stale (and recording what must be refreshed);
- extraction and writing: the workers' extraction overlapped with the
  writer, reprint detection taken out;
- reprint detection: ``releases.assign`` (signature, band look-ups, verification);
- findings: the refresh after the load;
- summaries: the summary tables' refresh after it;
- other: the rest (opening the archive, starting the workers, committing).

``--baseline DIR`` times another checkout of pressdb (e.g. ``git archive``
of an earlier commit unpacked in DIR) alternately with this one, on the same
copies, so that before and after are compared in one run. Medians of
``--repeat`` runs.

Usage: python bench/bench_incremental.py [--sizes 10000,100000] [--add 1000] [--repeat 3] [--baseline DIR]
       [--dated backfilled,appended]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "bench"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import bench  # noqa: E402  (bench/ is on the path only from here on)

OUT = ROOT / "bench" / "out"
ADD_SEED = 2
PHASES = ("start-up", "extraction+writing", "reprint detection", "findings", "summaries", "other")
SCRAMBLE = 0x9E3779B1  # odd: copy k's buckets are XORed with k times this


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _count(db: Path) -> int:
    """The documents of an archive of this checkout's schema; -1 for a missing archive or one of another schema."""
    from extract.store import schema_version

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            stored = conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()
            if stored is None or stored[0] != schema_version():
                return -1  # made by an earlier checkout: made again
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


APPENDED_DAYS = 30  # appended releases: the month after the archive's newest release


def added_corpus(n: int, appended: bool = False) -> list[Path]:
    """``n`` synthetic releases with another seed than the base archive's, generated once.

    Dated across the archive's seven years (backfilled: each statistic's history changes from its beginning),
    or ``appended``: in the APPENDED_DAYS after the archive's newest release, as the next month's releases are.
    """
    import synth

    if appended:
        first = synth.FIRST_DAY + dt.timedelta(days=synth.SPAN_DAYS)
        folder = OUT / f"synth-txt-seed{ADD_SEED}-from-{first.isoformat()}"
        made = synth.releases(n, ADD_SEED, first=first, days=APPENDED_DAYS)
    else:
        folder = OUT / f"synth-txt-seed{ADD_SEED}"
        made = synth.releases(n, ADD_SEED)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for rel in made:
        path = folder / f"{rel.name}.txt"
        if not path.exists():
            path.write_text(rel.text(), encoding="utf-8")
        paths.append(path)
    return paths


def replicate_signatures(target: Path, factor: int, copy_id: str) -> None:
    """Give each replicated document the signature and band rows of its original, buckets scrambled per copy.

    ``copy_id`` is the SQL of copy ``{k}``'s document id that ``bench.replicate`` was given.
    """
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    # Written once, like replicate's rows: no copy of some GiB in the WAL (at 1,000,000 the disk has no room).
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute(f"PRAGMA cache_size = -{bench.REPLICATE_CACHE_KIB}")  # the band index takes its rows in random order
    max_sig = conn.execute("SELECT coalesce(max(id), 0) FROM document_signatures").fetchone()[0]
    conn.execute("BEGIN")
    for k in range(1, factor):
        mask = k * SCRAMBLE
        conn.execute(
            "INSERT INTO document_signatures (id, document_id, shingles, minhash, ids)"
            f" SELECT id + {k * max_sig}, {copy_id.format(c='document_id', k=k)}, shingles, minhash, ids"
            f" FROM document_signatures WHERE id <= {max_sig}"
        )
        # XOR from bitwise operators (SQLite has none): no overflow, unlike adding to a 64-bit bucket.
        conn.execute(
            "INSERT INTO signature_bands (bucket, signature_id)"
            f" SELECT (bucket | {mask}) & ~(bucket & {mask}), signature_id + {k * max_sig}"
            f" FROM signature_bands WHERE signature_id <= {max_sig}"
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE document_signatures")  # the rest was analysed by replicate
    conn.execute("ANALYZE signature_bands")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


# A copy's document id: not hexadecimal, so never the id of a built document (bench.COPY_ID's can clash,
# about once in 4 million copies).
COPY_ID = "substr({c}, 1, 59) || 'r' || printf('%04x', {k})"


def adopt(db: Path, code: Path) -> None:
    """Give the archive the schema of the pressdb at ``code``, as a build by that checkout would have left it.

    The replicated archives are made once; each checkout timed gets a copy under its own schema, as its
    build would otherwise start a new archive. Tables and indexes it lacks are added and those it does not
    declare dropped; its triggers replace the archive's; the tables it derives from the facts (its summary
    tables and their queue) are made anew and filled by its own code, as are its findings' key tables:
    all untimed, before the timed build.
    """
    from extract.store import _statements

    text = (code / "schema" / "schema.sql").read_text(encoding="utf-8")
    tables = "import json; from extract import summaries as s; print(json.dumps(getattr(s, 'SUMMARY_TABLES', [])))"
    derived = set(bench.last_json(bench.run_script(tables, code=code, what=f"{code}: summary tables"))) | {
        "summary_queue"
    }
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    stored_conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        stored_version = stored_conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()
    finally:
        stored_conn.close()
    if stored_version and stored_version[0] == version:
        return  # that checkout's own schema: its derived tables are what it made (at 1,000,000 a rebuild is long)
    declared: dict[str, str] = {}
    for statement in _statements(text):
        words = statement.split()
        if len(words) > 2 and words[0].upper() == "CREATE" and words[1].upper() in ("TABLE", "INDEX", "TRIGGER"):
            declared[words[2]] = statement
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    stored = {r[0]: r[1] for r in conn.execute("SELECT name, type FROM sqlite_master WHERE sql IS NOT NULL")}
    for name, kind in stored.items():
        own = kind in ("table", "index") and not name.startswith(("sentences_fts", "sqlite_"))
        if kind == "trigger" or (own and (name not in declared or name in derived)):
            conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    stored = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for name, statement in declared.items():
        if name not in stored:
            conn.execute(statement)
    conn.execute("UPDATE archive_info SET value = ? WHERE key = 'schema_version'", (version,))
    conn.execute("COMMIT")
    conn.close()
    script = (
        "import sqlite3, sys; from extract import audit, summaries\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "summaries.rebuild(conn) if hasattr(summaries, 'rebuild') else None\n"
        "conn.close()\n"
        "fill = getattr(audit, 'prepare_keys', None); fill and fill(sys.argv[1])"
    )
    bench.run_script(script, str(db), code=code, what=f"{code}: derived tables")


def served_archive(size: int) -> Path | None:
    """bench.py's finished Datasette archive of ``size`` releases under the current schema, if there is one."""
    from extract.store import schema_version

    served = OUT / f"bench-archive-{size}-{schema_version()[:8]}.db"
    return served if served.with_suffix(".ready").exists() and _count(served) == size else None


def archive(base_n: int, size: int) -> Path:
    """The replicated archive of ``size`` releases (built from ``base_n`` releases), made once."""
    base = OUT / f"bench-mem-{base_n}.db"
    if _count(base) != base_n:
        bench.build_in_subprocess(bench.corpus(base_n), base, 1)
    target = OUT / f"bench-incr-{size}.db"
    ready = OUT / f"bench-incr-{size}.ready"
    if _count(target) != size or not ready.exists():
        ready.unlink(missing_ok=True)
        factor = size // base_n
        started = time.perf_counter()
        served = served_archive(size)
        if served is not None:
            # The Datasette benchmark's archive holds the same releases: taken over rather than made again
            # (at 1,000,000 releases that saves an hour, and there is no disk for both).
            print(f"taking over {served.name} as {target.name}", flush=True)
            _fresh(target)
            served.rename(target)
            served.with_suffix(".ready").unlink()
            copy_id = bench.COPY_ID
        else:
            print(f"replicating {base_n} built releases x{factor} into {target.name}", flush=True)
            why = bench.make_room(base, factor, keep=target)
            if why:
                raise SystemExit(f"cannot replicate {target.name}: {why}")
            bench.replicate(base, target, factor, copy_id=COPY_ID)
            copy_id = COPY_ID
        replicate_signatures(target, factor, copy_id)  # made by this checkout: nothing to adopt
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        print(f"  ({time.perf_counter() - started:.0f} s, {target.stat().st_size / 2**30:.2f} GiB)", flush=True)
        ready.touch()
    return target


# ---------------------------------------------------------------- one timed build (in a subprocess)

MEASURE = r"""
import json, sys, time
from collections import defaultdict
import extract.build as build_mod
import extract.releases as releases_mod

spent = defaultdict(float)
depth = [0]

def timed(module, name, phase):
    fn = getattr(module, name, None)
    if fn is None:
        return
    def wrapper(*args, **kwargs):
        if depth[0]:
            return fn(*args, **kwargs)
        depth[0] += 1
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - started
            depth[0] -= 1
    setattr(module, name, wrapper)

# Start-up: what the build does before its first document is extracted.
for name in ("known_documents", "file_sha256", "mark_pending", "findings_stale"):
    timed(build_mod, name, "start-up")
first_info = [True]
set_info = build_mod.set_info
def set_info_timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return set_info(*args, **kwargs)
    finally:
        spent["start-up" if first_info[0] else "other"] += time.perf_counter() - started
        first_info[0] = False
build_mod.set_info = set_info_timed
for name in ("refresh_findings", "refresh_pending_findings"):
    timed(build_mod, name, "findings")
timed(build_mod, "refresh_summaries", "summaries")
assign = releases_mod.assign
def assign_timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return assign(*args, **kwargs)
    finally:
        spent["reprint detection"] += time.perf_counter() - started
releases_mod.assign = assign_timed
pool = build_mod.document_pool
def pool_timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return pool(*args, **kwargs)
    finally:
        spent["workers"] += time.perf_counter() - started
build_mod.document_pool = pool_timed
end_bulk = None
import extract.store as store_mod
begin = store_mod.begin_bulk
def begin_timed(*args, **kwargs):
    spent["load started"] = time.perf_counter()
    return begin(*args, **kwargs)
store_mod.begin_bulk = begin_timed
end = store_mod.end_bulk
def end_timed(*args, **kwargs):
    try:
        return end(*args, **kwargs)
    finally:
        spent["load ended"] = time.perf_counter()
store_mod.end_bulk = end_timed

listing, db, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = open(listing, encoding="utf-8").read().split("\n")
started = time.perf_counter()
result = build_mod.build(paths, db, jobs=jobs, timeout=None)
total = time.perf_counter() - started
load = spent.pop("load ended", started) - spent.pop("load started", started)
out = {
    "total": total,
    "start-up": spent["start-up"],
    "extraction+writing": load - spent["reprint detection"] - spent["workers"],
    "reprint detection": spent["reprint detection"],
    "findings": spent["findings"],
    "summaries": spent["summaries"],
    "workers": spent["workers"],
    "added": result.added, "failed": result.failed, "replaced": result.replaced,
}
out["other"] = total - sum(
    out[k] for k in ("start-up", "extraction+writing", "reprint detection", "findings", "summaries")
)
print(json.dumps(out))
"""


def timed_build(code: Path, db: Path, paths: list[Path], jobs: int) -> dict[str, float]:
    """Build ``paths`` into ``db`` with the pressdb at ``code``, in a subprocess; the seconds by phase."""
    listing = OUT / "incr-added.list"
    listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    output = bench.run_script(MEASURE, str(listing), str(db), str(jobs), code=code, what=f"build with {code}")
    result: dict[str, float] = bench.last_json(output)
    if result["added"] != len(paths) or result["failed"]:
        raise SystemExit(f"build with {code}: {result}")
    return result


def fits_twice(source: Path) -> bool:
    """Whether a working copy of ``source`` fits on the disk (at 1,000,000 releases it does not here)."""
    return shutil.disk_usage(OUT).free > source.stat().st_size * 1.1 + 2 * 2**30


def timed_add(source: Path, code: Path, added: list[Path], jobs: int) -> tuple[dict[str, float], Path]:
    """Add ``added`` to a working copy of ``source`` (or to ``source`` itself, when no copy fits): the phases,
    and the archive that now holds them (the copy, for the caller to delete; or ``source``, spent)."""
    if fits_twice(source):
        work = _fresh(OUT / "incr-work.db")
        shutil.copy(source, work)
    else:
        print(f"  no disk for a copy of {source.name}: adding in place (made again next time)", flush=True)
        source.with_suffix(".ready").unlink(missing_ok=True)
        work = source
    adopt(work, code)
    return timed_build(code, work, added, jobs), work


def findings_of(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sorted(
            conn.execute(
                'SELECT kind, measure, release_ids, document_ids, fact_ids, "values",'
                " sentences, explanation FROM findings"
            ).fetchall(),
            key=repr,
        )
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=1000, help="releases built and then replicated")
    parser.add_argument("--sizes", default="10000,100000", help="archive sizes (multiples of --base)")
    parser.add_argument("--add", type=int, default=1000, help="new releases added by the timed build")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="another pressdb checkout, timed alternately with this one")
    parser.add_argument("--compare", action="store_true", help="check that both give the same findings")
    parser.add_argument("--remove", action="store_true", help="delete the replicated archives afterwards")
    parser.add_argument(
        "--dated",
        default="backfilled,appended",
        help="the added releases' dates: backfilled (across the archive's years), appended (the month after it)",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = args.dated.split(",")
    corpora = {mode: added_corpus(args.add, appended=mode == "appended") for mode in modes}
    codes = {"this": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), "this": ROOT}
    results: dict[int, dict[str, list[dict[str, float]]]] = {}
    for size in sizes:
        source = archive(args.base, size)
        results[size] = {f"{mode} {name}": [] for mode in modes for name in codes}
        for i in range(args.repeat):
            for mode, added in corpora.items():
                kept: dict[str, list[tuple[Any, ...]]] = {}
                if not fits_twice(source) and (i or len(codes) > 1 or mode != modes[0]):
                    print(f"  {size}: one run only, in place (no disk for a working copy)", flush=True)
                    break
                for name, code in codes.items():
                    phases, work = timed_add(source, code, added, args.jobs)
                    results[size][f"{mode} {name}"].append(phases)
                    print(
                        f"{size:>8} releases + {args.add} {mode}, {name:8} run {i + 1}: {phases['total']:6.1f} s  "
                        + "  ".join(f"{p} {phases[p]:.2f}" for p in PHASES),
                        flush=True,
                    )
                    if args.compare:
                        kept[name] = findings_of(work)
                    if work != source:
                        _fresh(work)
                if args.compare and len(kept) == 2:
                    a, b = kept.values()
                    print(f"  findings identical: {a == b} ({len(a)} and {len(b)} rows)", flush=True)
    print(f"\nseconds to add {args.add} releases (median of {args.repeat}, --jobs {args.jobs})")
    header = "size      added, code           total   " + "  ".join(f"{p:>18}" for p in PHASES)
    print(header)
    for size, by_code in results.items():
        for name, runs in by_code.items():
            if not runs:
                continue
            med = {p: statistics.median(r[p] for r in runs) for p in ("total", *PHASES)}
            print(f"{size:<9} {name:<20} {med['total']:6.1f}   " + "  ".join(f"{med[p]:18.2f}" for p in PHASES))
    (OUT / "results-incremental.json").write_text(json.dumps(results, indent=2))
    if args.remove:
        for size in sizes:
            _fresh(OUT / f"bench-incr-{size}.db")
    return 0


if __name__ == "__main__":
    sys.exit(main())

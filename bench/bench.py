"""pressdb's benchmark: throughput against baselines, rebuild speed, peak memory, Datasette response times.

Every figure is a median over repeated runs (or p50/p95 over requests) on
synthetic releases from bench/synth.py (about 5 KB each, the ministry's
layout), and is printed with its target:

- text path: documents/s into SQLite with one job, against the bare spaCy pass
  (blank "de" + sentencizer + lookup lemmatizer, no extraction) and against the
  naive peer (dateparser.search.search_dates over each text), in this process;
- PDF path: pressdb against pdfplumber's extract_words alone, same PDFs;
- --jobs 2 against --jobs 1 (text and PDF);
- rebuild of an unchanged corpus (documents/s);
- peak RSS of 1k/5k/10k-document builds, each in its own process;
- scale: --jobs 2 and --dask local (2 worker processes) against --jobs 1, text
  and PDF, 300 releases each, wall time alternating; the writer alone
  (bench/bench_writer.py: rows prepared, then written, docs/s: the shard merge
  of --jobs 2 and more, and the bulk writer of --jobs 1); archive size per
  release;
- Datasette p50/p95 over 200 requests per page on archives of 100,000 and
  1,000,000 releases, from an httpx client on loopback against `pressdb serve`
  in a subprocess. Each archive is made by building 1,000 releases and
  replicating their rows with SQL (new document ids, sources marked
  "#copy-k"): the same text and facts 100 or 1,000 times over, so the tables,
  indexes and full-text index have the size of such an archive without its
  extractions; the summary tables and the findings are then computed over all
  copies. The million needs about 60 GiB of disk and an hour;
- incremental: adding 1,000 new releases to archives of 10,000 and 100,000
  releases made the same way (bench/bench_incremental.py), with --jobs 1 and 2, dated across the
  archive's years (backfilled) and in the month after it (appended), seconds by phase, and how much
  more the larger costs (target: in proportion to the 1,000); and appended to the
  1,000,000-release archive once, in place, with --jobs 1.

Usage: python bench/bench.py [--quick] [--only text,pdf,memory,scale,datasette,incremental]
       [--archive-base 1000] [--archive-factors 100,1000] [--requests 200]
Generated corpora and archives are kept in bench/out/ (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
SEED = 1

FULL = {
    "text_docs": 300,
    "naive_docs": 30,
    "pdf_docs": 60,
    "repeats": 3,
    "memory": (1000, 5000, 10000),
    "archive_base": 1000,
    "archive_factors": (100, 1000),  # 100,000 and 1,000,000 releases
    "requests": 200,
    "scale_docs": 300,
    "scale_repeats": 2,
    "writer_docs": 1000,
    "incremental_add": 1000,
}
QUICK = {
    "text_docs": 80,
    "naive_docs": 8,
    "pdf_docs": 16,
    "repeats": 3,
    "memory": (200, 500, 1000),
    "archive_base": 200,
    "archive_factors": (50,),
    "requests": 50,
    "scale_docs": 60,
    "scale_repeats": 1,
    "writer_docs": 300,
    "incremental_add": 200,
}

TARGETS = {
    "text_vs_bare": 0.65,
    "text_vs_naive": 20.0,
    "pdf_vs_pdfplumber": 1.15,
    "jobs2_vs_jobs1": 1.7,
    "rebuild_docs_per_s": 2000.0,
    "peak_rss_mb": 400.0,
    "datasette_p95_ms": 100.0,
    "writer_docs_per_s": 1000.0,
    # adding releases to an archive ten times larger may cost this much more at most ("in proportion")
    "incremental_growth": 1.25,
}


@dataclass
class Row:
    """One printed figure: what, the measurement, the target, and whether it is met."""

    name: str
    value: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, value: str, target: str = "", ok: bool | None = None, note: str = "") -> None:
        row = Row(name, value, target, ok, note)
        self.rows.append(row)
        mark = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(
            f"  {name}: {value}" + (f"  (target {target}){mark}" if target else "") + (f"  {note}" if note else ""),
            flush=True,
        )


def _synth() -> Any:
    import synth  # beside this script, on sys.path when it runs

    return synth


def corpus(n: int, *, pdf: bool = False) -> list[Path]:
    """The first ``n`` synthetic releases (seed 1), generated once and kept in bench/out/."""
    suffix = "pdf" if pdf else "txt"
    folder = OUT / f"synth-{suffix}-seed{SEED}"
    marker = folder / f".complete-{n}"
    if not marker.exists():
        existing = {p.name for p in folder.glob(f"*.{suffix}")} if folder.exists() else set()
        folder.mkdir(parents=True, exist_ok=True)
        synth = _synth()
        for rel in synth.releases(n, SEED):
            path = folder / f"{rel.name}.{suffix}"
            if path.name not in existing:
                if pdf:
                    path.write_bytes(rel.pdf())
                else:
                    path.write_text(rel.text(), encoding="utf-8")
        marker.touch()
    synth = _synth()
    return [folder / f"{synth.make_release(i, SEED).name}.{suffix}" for i in range(n)]


def median_time(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def alternating_cpu_runs(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[float]]:
    """CPU seconds of each function, run in turn repeat by repeat (a shared machine slows all alike)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            started = time.process_time()
            fn()
            times[name].append(time.process_time() - started)
    return times


def alternating_cpu(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median CPU seconds of each function, run in turn repeat by repeat."""
    return {name: statistics.median(t) for name, t in alternating_cpu_runs(fns, repeats).items()}


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _build(paths: list[Path], db: Path, jobs: int) -> None:
    from extract.build import build

    result = build([str(p) for p in paths], _fresh(db), jobs=jobs, timeout=None)
    if result.failed:
        raise SystemExit(f"benchmark build failed: {result.errors[:3]}")


# ---------------------------------------------------------------- throughput


def bench_text(report: Report, cfg: dict[str, Any]) -> None:
    import dateparser.search
    import spacy

    from extract.nlp import get_nlp
    from extract.pipeline import process
    from extract.read import read_path

    paths = corpus(cfg["text_docs"])
    texts = [p.read_text(encoding="utf-8") for p in paths]
    n = len(paths)
    print(f"text path: {n} releases, {statistics.mean(map(len, texts)) / 1000:.1f} KB on average", flush=True)
    get_nlp()
    process(read_path(paths[0]))  # warm caches (gazetteer, lexicons, dateparser) outside the timing
    db = OUT / "bench-text.db"
    bare = spacy.blank("de")
    bare.add_pipe("sentencizer")
    bare.add_pipe("lemmatizer", config={"mode": "lookup"})
    bare.initialize()
    # CPU time of this process, pressdb and the bare pass in turn: both run here, one job, same texts.
    cpu = alternating_cpu(
        {"pressdb": lambda: _build(paths, db, 1), "bare": lambda: [bare(t) for t in texts]}, cfg["repeats"]
    )
    t_press, t_bare = cpu["pressdb"], cpu["bare"]

    few = texts[: cfg["naive_docs"]]
    dateparser.search.search_dates(few[0][:200], languages=["de"])  # load dateparser's data outside the timing
    t_naive = alternating_cpu({"naive": lambda: [dateparser.search.search_dates(t, languages=["de"]) for t in few]}, 1)[
        "naive"
    ]

    press, bare_rate, naive = n / t_press, n / t_bare, len(few) / t_naive
    report.data.update(text_docs_per_s=press, bare_docs_per_s=bare_rate, naive_docs_per_s=naive)
    report.add("text path, pressdb build --jobs 1", f"{press:.1f} docs/s")
    report.add("bare spaCy pass (blank de + sentencizer + lookup lemmas)", f"{bare_rate:.1f} docs/s")
    report.add("naive peer (dateparser search_dates per text)", f"{naive:.2f} docs/s", note=f"on {len(few)} texts")
    report.add(
        "text path vs bare spaCy",
        f"{press / bare_rate:.2f}x",
        f">= {TARGETS['text_vs_bare']}x",
        press / bare_rate >= TARGETS["text_vs_bare"],
    )
    report.add(
        "text path vs naive peer",
        f"{press / naive:.1f}x",
        f">= {TARGETS['text_vs_naive']:.0f}x",
        press / naive >= TARGETS["text_vs_naive"],
    )

    # Workers are other processes: wall time, jobs 1 and 2 in turn.
    wall = {
        "1": lambda: _build(paths, OUT / "bench-text-j1.db", 1),
        "2": lambda: _build(paths, OUT / "bench-text-j2.db", 2),
    }
    samples: dict[str, list[float]] = {k: [] for k in wall}
    for _ in range(cfg["repeats"]):
        for k, f in wall.items():
            samples[k].append(median_time(f, 1))
    walls = {k: statistics.median(v) for k, v in samples.items()}
    t_jobs2 = walls["2"]
    ratio = walls["1"] / t_jobs2
    report.data.update(text_jobs2_docs_per_s=n / t_jobs2)
    report.add("text path --jobs 2", f"{n / t_jobs2:.1f} docs/s")
    report.add(
        "text path --jobs 2 vs --jobs 1",
        f"{ratio:.2f}x",
        f">= {TARGETS['jobs2_vs_jobs1']}x",
        ratio >= TARGETS["jobs2_vs_jobs1"],
    )


def bench_pdf(report: Report, cfg: dict[str, Any]) -> None:
    import pdfplumber

    paths = corpus(cfg["pdf_docs"], pdf=True)
    n = len(paths)
    pages = 0
    for p in paths[:5]:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    print(f"PDF path: {n} releases, about {pages / 5:.1f} pages each", flush=True)

    def plumber() -> None:
        for p in paths:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_words()

    from extract.pipeline import process
    from extract.read import read_path

    process(read_path(paths[0]))
    t_press = median_time(lambda: _build(paths, OUT / "bench-pdf.db", 1), cfg["repeats"])
    t_plumber = median_time(plumber, cfg["repeats"])
    t_jobs2 = median_time(lambda: _build(paths, OUT / "bench-pdf-j2.db", 2), cfg["repeats"])
    report.data.update(
        pdf_docs_per_s=n / t_press, pdfplumber_docs_per_s=n / t_plumber, pdf_jobs2_docs_per_s=n / t_jobs2
    )
    report.add("PDF path, pressdb build --jobs 1", f"{n / t_press:.1f} docs/s")
    report.add("pdfplumber extract_words alone", f"{n / t_plumber:.1f} docs/s")
    # The reader against extract_words alone is bench/bench_pdf.py's measurement (CPU time, alternating runs).
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_pdf.py"), "--docs", str(n), "--repeat", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    print(textwrap.indent(done.stdout.strip(), "    | "), flush=True)
    found = re.search(r"ratio of medians\s+([\d.]+)x", done.stdout)
    if found:
        ratio = float(found.group(1))
        report.data.update(pdf_reader_vs_pdfplumber=ratio)
        report.add(
            "PDF reader vs pdfplumber extract_words (bench_pdf.py)",
            f"{ratio:.2f}x",
            f"<= {TARGETS['pdf_vs_pdfplumber']}x",
            ratio <= TARGETS["pdf_vs_pdfplumber"],
        )
    else:
        report.add("PDF reader vs pdfplumber extract_words (bench_pdf.py)", "failed", note=done.stderr[-300:])
    report.add(
        "PDF path, whole build vs extract_words alone",
        f"{t_press / t_plumber:.2f}x",
        note="(read + clean + spaCy + fields + SQLite; for information)",
    )
    report.add(
        "PDF path --jobs 2 vs --jobs 1",
        f"{t_press / t_jobs2:.2f}x",
        f">= {TARGETS['jobs2_vs_jobs1']}x",
        t_press / t_jobs2 >= TARGETS["jobs2_vs_jobs1"],
    )


# ---------------------------------------------------------------- memory and rebuild (subprocesses)

MEMORY_SCRIPT = textwrap.dedent("""
    import json, resource, sys, time
    from extract.build import build
    paths, db, jobs = open(sys.argv[1]).read().split("\\n"), sys.argv[2], int(sys.argv[3])
    first = build(paths, db, jobs=jobs, timeout=None)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    second = build(paths, db, jobs=jobs, timeout=None)
    print(json.dumps({"seconds": first.seconds, "failed": first.failed, "peak_self_kb": peak_self,
                      "peak_children_kb": peak_children, "rebuild_seconds": second.seconds,
                      "unchanged": second.unchanged}))
""")


def run_script(script: str, *args: str, code: Path = ROOT, what: str = "script") -> str:
    """Run ``script`` in a new Python process with the pressdb at ``code``; its standard output.

    A failure stops the benchmark with ``what`` and the end of the script's error output.
    """
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=code,
        env=dict(os.environ, PYTHONPATH=str(code)),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def last_json(output: str) -> Any:
    """The JSON a script printed last."""
    return json.loads(output.strip().splitlines()[-1])


def build_in_subprocess(paths: list[Path], db: Path, jobs: int) -> dict[str, Any]:
    listing = db.with_suffix(".list")
    listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    _fresh(db)
    output = run_script(MEMORY_SCRIPT, str(listing), str(db), str(jobs), what=f"build of {len(paths)} documents")
    result: dict[str, Any] = last_json(output)
    return result


def bench_memory(report: Report, cfg: dict[str, Any]) -> None:
    sizes = cfg["memory"]
    paths = corpus(max(sizes))
    print(
        f"memory and rebuild: builds of {', '.join(map(str, sizes))} releases, --jobs 1, each in a new process",
        flush=True,
    )
    peaks = []
    for n in sizes:
        res = build_in_subprocess(paths[:n], OUT / f"bench-mem-{n}.db", 1)
        peak = res["peak_self_kb"] / 1024
        peaks.append(peak)
        rebuild = n / res["rebuild_seconds"]
        report.data.setdefault("memory", {})[n] = {**res, "peak_mb": peak, "rebuild_docs_per_s": rebuild}
        report.add(
            f"build of {n} releases",
            f"{n / res['seconds']:.1f} docs/s, peak RSS {peak:.0f} MB",
            f"<= {TARGETS['peak_rss_mb']:.0f} MB",
            peak <= TARGETS["peak_rss_mb"],
        )
        report.add(
            f"rebuild of the unchanged {n} releases",
            f"{rebuild:.0f} docs/s",
            f">= {TARGETS['rebuild_docs_per_s']:.0f}",
            rebuild >= TARGETS["rebuild_docs_per_s"],
        )
    growth = peaks[-1] - peaks[0]
    report.add(
        f"peak RSS growth {sizes[0]} -> {sizes[-1]} releases",
        f"{growth:+.0f} MB",
        "flat (< 10% of the smallest)",
        growth < 0.1 * peaks[0],
    )


# ---------------------------------------------------------------- Datasette on a large archive


# A copy's document id: the original's first 56 hex digits and 8 of copy number, still 64 hex digits (the
# document view's address). A clash with an original id (whose last 8 digits would have to be the copy
# number) has a chance of about 1 in 4 million; bench_incremental.py, which serves no pages, uses ids that
# cannot clash.
COPY_ID = "substr({c}, 1, 56) || printf('%08x', {k})"


REPLICATE_CACHE_KIB = 8 * 2**20  # 8 GiB of page cache while replicating


def _replicated_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables whose rows ``replicate`` repeats, besides documents: the per-document ones, not derived."""
    from extract import summaries

    derived = ", ".join(f"'{t}'" for t in summaries.SUMMARY_TABLES)  # computed from the copies
    return [
        r[0]
        for r in conn.execute(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name != 'documents' AND "
            "m.name NOT IN ('document_signatures', 'signature_bands') AND "  # detection state: not served
            "m.name != 'audit_statements' AND "  # the findings' own, refilled by their refresh over the copies
            f"m.name NOT IN ({derived}) AND "
            "EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'document_id')"
        )
    ]


def replicated_bytes(source: Path, factor: int) -> int:
    """About how large ``replicate(source, ..., factor)`` will be: the repeated tables' pages times ``factor``."""
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        repeated = {"documents", *_replicated_tables(conn)}
        pages = conn.execute(
            "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
            "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1"
        ).fetchall()
    except sqlite3.OperationalError:  # an SQLite without the dbstat table: the whole file
        return source.stat().st_size * factor
    finally:
        conn.close()
    # The full-text index's shadow tables grow with the sentences; the summaries, about as much.
    return sum(size * (factor if name in repeated or name.startswith("sentences_fts") else 1) for name, size in pages)


def make_room(base: Path, factor: int, keep: Path) -> str | None:
    """Free the disk that replicating ``base`` ``factor`` times into ``keep`` needs (with working space), by
    deleting other replicated archives in bench/out; why not, if it cannot."""
    needed = int(replicated_bytes(base, factor) * 1.1) + 2 * 2**30
    free = shutil.disk_usage(OUT).free
    others = sorted(
        (p for p in OUT.glob("bench-*.db") if p != keep and p.name.startswith(("bench-archive-", "bench-incr-"))),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )
    while free < needed and others:
        victim = others.pop(0)
        print(f"  deleting {victim.name} ({victim.stat().st_size / 2**30:.1f} GiB) to make room", flush=True)
        free += victim.stat().st_size
        _fresh(victim)
        Path(f"{victim}.lock").unlink(missing_ok=True)
        victim.with_suffix(".ready").unlink(missing_ok=True)
    if free < needed:
        return f"needs about {needed / 2**30:.0f} GiB of disk, {free / 2**30:.0f} GiB free"
    return None


def replicate(source: Path, target: Path, factor: int, copy_id: str = COPY_ID) -> None:
    """Copy ``source`` and repeat each document's rows ``factor`` times in all, with new ids (see module doc).

    ``copy_id`` is the SQL of copy ``{k}``'s document id from column ``{c}``.
    """
    _fresh(target)
    shutil.copy(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    # The indexes of a million releases (some GiB) stay in memory while rows are added in id order.
    conn.execute(f"PRAGMA cache_size = -{REPLICATE_CACHE_KIB}")
    from extract import summaries
    from extract.audit import refresh_all_findings

    triggers = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    tables = _replicated_tables(conn)
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in [*tables, "documents"]}
    max_id = {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in tables}
    s_max = max_id.get("sentences", 0)
    originals = conn.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    conn.execute("BEGIN")
    for k in range(1, factor):

        def expr(table: str, col: str, k: int = k) -> str:
            if (table == "documents" and col == "id") or col == "document_id":
                return copy_id.format(c=col, k=k)
            if table == "documents" and col == "source":
                return f"source || '#copy-{k}'"
            if col == "id":
                return f"id + {k * max_id[table]}"
            if col == "sentence_id":
                return f"sentence_id + {k * s_max}"
            if col == "release_id":  # each copy is a release of its own, as 100,000 different releases would be
                return f"release_id + {k * max_id['releases']}"
            return f'"{col}"'

        for table in ["documents", *tables]:
            cols = columns[table]
            where = f"rowid <= {originals}" if table == "documents" else f"id <= {max_id[table]}"
            conn.execute(
                f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                f"SELECT {', '.join(expr(table, c) for c in cols)} FROM {table} WHERE {where}"
            )
    conn.execute("COMMIT")
    conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    for sql in triggers:
        conn.execute(sql)
    summaries.rebuild(conn)  # the summary tables are per key, not per document: computed from the copies
    # The findings compare releases with each other, so they are not copied either: a full refresh, as
    # `pressdb audit` makes it (at 1,000,000 releases some minutes).
    started = time.perf_counter()
    count = refresh_all_findings(conn)
    print(f"  full findings refresh: {count:,} findings, {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _params(db: Path) -> dict[str, str]:
    """Values for the canned queries' parameters that occur in the archive."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:

        def one(sql: str, default: str) -> str:
            row = conn.execute(sql).fetchone()
            return str(row[0]) if row and row[0] is not None else default

        value = one("SELECT value FROM figures GROUP BY value ORDER BY count(*) DESC LIMIT 1", "50")
        return {
            "q": "Sicherheitsanalyse",
            "commune": one(
                "SELECT c.name FROM commune_mentions m JOIN communes c ON c.ags = m.ags "
                "GROUP BY c.ags ORDER BY count(*) DESC LIMIT 1",
                "Meerane",
            ),
            "year": one(
                "SELECT year FROM money WHERE year IS NOT NULL GROUP BY year ORDER BY count(*) DESC LIMIT 1", "2021"
            ),
            "name": one(
                "SELECT p.surname FROM person_mentions pm JOIN people p ON p.id = pm.person_id "
                "WHERE relation = 'signatory' LIMIT 1",
                "Forkert",
            ),
            "measure": one("SELECT measure FROM figures GROUP BY measure ORDER BY count(*) DESC LIMIT 1", ""),
            "programme": "",
            "kind": "",
            "value": value.removesuffix(".0"),
            "word": "",
        }
    finally:
        conn.close()


TABLE_PAGES = (
    "releases",
    "documents",
    "sentences",
    "communes",
    "commune_mentions",
    "people",
    "person_mentions",
    "quotes",
    "dates",
    "money",
    "figures",
    "agreements",
    "findings",
    "grants",
    "figure_statements",
    "figure_history",
    "person_roles",
    "agreement_events",
    "commune_stats",
)


def pages(db: Path, rng: random.Random, requests: int) -> dict[str, list[str]]:
    """Each page to time, as the list of URLs requested (the document, person and commune pages vary)."""
    from urllib.parse import quote, urlencode

    import yaml

    from extract.resources import metadata_path
    from extract.serve import database_name

    name = database_name(db)
    meta = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    queries = meta.get("databases", {}).get("archive", {}).get("queries", {})
    params = _params(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [
        r[0]
        for r in conn.execute("SELECT id FROM documents WHERE error IS NULL ORDER BY random() LIMIT ?", (requests,))
    ]
    people = [r[0] for r in conn.execute("SELECT id FROM people ORDER BY random() LIMIT ?", (requests,))]
    # The busiest person and commune first: the pages that have the most to show.
    busiest_person = conn.execute(
        "SELECT person_id FROM person_mentions WHERE person_id IS NOT NULL GROUP BY person_id"
        " ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    communes = [
        r[0]
        for r in conn.execute(
            "SELECT ags FROM commune_mentions WHERE ags IS NOT NULL GROUP BY ags ORDER BY count(*) DESC LIMIT ?",
            (requests,),
        )
    ]
    measures = [r[0] for r in conn.execute("SELECT DISTINCT measure FROM figures LIMIT ?", (requests,))]
    conn.close()
    out: dict[str, list[str]] = {
        "home page /": ["/"],
        f"tables of the archive /{name}": [f"/{name}"],
        "search box on sentences (leads to search)": [f"/{name}/sentences?_search=Sicherheitsanalyse"],
    }
    for table in TABLE_PAGES:
        out[f"table page /{table}"] = [f"/{name}/{table}"]
    for query_name, query in queries.items():
        sql = query["sql"] if isinstance(query, dict) else query
        used = sorted(set(re.findall(r"(?<!:):(\w+)", sql)))
        out[f"canned query {query_name}"] = [f"/{name}/{query_name}?{urlencode({p: params.get(p, '') for p in used})}"]
    out["canned query feed_new_releases.atom"] = [f"/{name}/feed_new_releases.atom"]
    out["document view /-/pressdb/document/<id>"] = [f"/-/pressdb/document/{i}" for i in ids]
    rng.shuffle(out["document view /-/pressdb/document/<id>"])
    if busiest_person:
        out["person page (busiest) /-/pressdb/person/<id>"] = [f"/-/pressdb/person/{busiest_person[0]}"]
    out["person page (random) /-/pressdb/person/<id>"] = [f"/-/pressdb/person/{p}" for p in people]
    if communes:
        out["commune page (busiest) /-/pressdb/commune/<ags>"] = [f"/-/pressdb/commune/{communes[0]}"]
        out["commune page (each) /-/pressdb/commune/<ags>"] = [f"/-/pressdb/commune/{c}" for c in communes]
    out["statistics /-/pressdb/statistics"] = ["/-/pressdb/statistics"]
    out["statistic /-/pressdb/statistic?measure="] = [f"/-/pressdb/statistic?measure={quote(m)}" for m in measures]
    out["check page /-/pressdb/check?q=141 Kommunen"] = ["/-/pressdb/check?q=141+Kommunen"]
    out["check page /-/pressdb/check?q=25.000 Euro"] = ["/-/pressdb/check?q=25.000+Euro"]
    return out


PAGE_SECONDS = 60.0  # per page, after MIN_REQUESTS requests
MIN_REQUESTS = 10


def bench_datasette(report: Report, cfg: dict[str, Any]) -> None:
    """Page times on each replicated archive size in turn (the largest last: it may need the others' disk)."""
    base_n = cfg["archive_base"]
    from extract.store import schema_version

    version = schema_version()[:8]  # an archive of another schema is built anew, beside the old one
    base = OUT / f"bench-base-{base_n}-{version}.db"
    if not base.exists() or not _complete(base, base_n):
        build_in_subprocess(corpus(base_n), base, 1)
    for factor in cfg["archive_factors"]:
        total = base_n * factor
        archive = OUT / f"bench-archive-{total}-{version}.db"
        ready = archive.with_suffix(".ready")  # written when replication has finished: an hour at 1,000,000
        if not ready.exists() or not _complete(archive, total):
            ready.unlink(missing_ok=True)
            why = make_room(base, factor, keep=archive)
            if why:
                report.add(f"Datasette at {total:,} releases", "not measured", note=why)
                continue
            print(f"Datasette: replicating {base_n} built releases x{factor} into {archive.name}", flush=True)
            started = time.perf_counter()
            replicate(base, archive, factor)
            print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
            ready.touch()
        _time_pages(report, archive, total, base_n, cfg["requests"])


def _time_pages(report: Report, archive: Path, total: int, base_n: int, requests: int) -> None:
    import httpx

    size = archive.stat().st_size
    report.data.setdefault("archive", {})[total] = {"bytes": size, "bytes_per_release": size / total}
    report.add(
        f"archive of {total:,} releases",
        f"{size / 2**30:.2f} GiB, {size / total / 1024:.1f} KiB per release",
        note=f"({base_n} built, x{total // base_n})",
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "serve", "--db", str(archive), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Redirects are followed: a page is timed until the user sees what it leads to.
        with httpx.Client(base_url=url, timeout=60, follow_redirects=True) as client:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if client.get("/-/versions.json").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        f"pressdb serve did not start: {server.stderr.read().decode()[-2000:]}"
                        if server.stderr
                        else "pressdb serve did not start"
                    )
                time.sleep(0.2)
            print(
                f"Datasette: {total} releases, {requests} requests per page, httpx on loopback, "
                "pressdb serve in a subprocess",
                flush=True,
            )
            rng = random.Random(SEED)
            results = {}
            for name, urls in pages(archive, rng, requests).items():
                for u in urls[:3]:  # warm-up: first-time counts and caches are not what users wait for
                    client.get(u)
                times, statuses = [], set()
                page_started = time.monotonic()
                for i in range(requests):
                    # A page of several seconds gets fewer requests: its p95 is far off the target either way.
                    if i >= MIN_REQUESTS and time.monotonic() - page_started > PAGE_SECONDS:
                        break
                    started = time.perf_counter()
                    response = client.get(urls[i % len(urls)])
                    times.append((time.perf_counter() - started) * 1000)
                    statuses.add(response.status_code)
                times.sort()
                p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
                results[name] = {"p50_ms": p50, "p95_ms": p95, "max_ms": times[-1], "status": sorted(statuses)}
                report.add(
                    f"Datasette {total:,}: {name}",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms" + ("" if len(times) == requests else f" ({len(times)} req.)"),
                    f"p95 < {TARGETS['datasette_p95_ms']:.0f} ms",
                    p95 < TARGETS["datasette_p95_ms"] and statuses == {200},
                    "" if statuses == {200} else f"HTTP {sorted(statuses)}",
                )
            report.data.setdefault("datasette", {})[total] = {"requests": requests, "pages": results}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _complete(db: Path, n: int) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0]) == n
        finally:
            conn.close()
    except sqlite3.Error:
        return False


# ---------------------------------------------------------------- scale: jobs, Dask, the writer


def _build_dask(paths: list[Path], db: Path, workers: int) -> None:
    from extract.build import build

    result = build([str(p) for p in paths], _fresh(db), jobs=workers, timeout=None, dask="local")
    if result.failed:
        raise SystemExit(f"benchmark build on Dask failed: {result.errors[:3]}")


def _busy_seconds() -> float:
    """CPU seconds spent so far by every process of the machine, all cores (from /proc/stat; 0 when unknown)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _own_seconds() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have ended (the workers of finished builds)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _autogroups() -> bool:
    """Does the kernel share the CPU between sessions rather than processes (sched_autogroup)?"""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled", encoding="ascii") as flag:
            return flag.read().strip() == "1"
    except OSError:
        return False


SHARED_NOTE = (
    "the kernel shares the CPU between sessions (sched_autogroup), not processes: while other sessions are busy,"
    " a build gets its session's share of the cores however many workers it runs, and the ratio says little"
)


@dataclass
class ScaleRun:
    """One timed build: wall time, CPU of the parent and of its workers, CPU other programs took meanwhile."""

    wall: float
    parent: float
    workers: float
    others: float


def _scale_run(fn: Callable[[], None]) -> ScaleRun:
    busy, (me, children) = _busy_seconds(), _own_seconds()
    started = time.perf_counter()
    fn()
    wall = time.perf_counter() - started
    busy2, (me2, children2) = _busy_seconds(), _own_seconds()
    parent, workers = me2 - me, children2 - children
    return ScaleRun(wall, parent, workers, max(0.0, busy2 - busy - parent - workers))


def bench_scale(report: Report, cfg: dict[str, Any]) -> None:
    """--jobs 2 and --dask local against --jobs 1 on text and PDF; per-core rates; peak memory; the writer alone.

    Wall times, the runs alternating (jobs 1, jobs 2, Dask, then again), medians. Beside each ratio: the CPU
    seconds per release of the parent (the writer) and of the workers, and how many cores other programs took
    during the runs, since on a shared machine the ratio measures the cores left to the build as much as the build.
    """
    n, repeats = cfg["scale_docs"], cfg["scale_repeats"]
    try:
        import distributed  # noqa: F401

        dask = True
    except ImportError:
        dask = False
        report.add("--dask local", "not measured", note="pip install 'pressdb[dask]'")
    startup = None
    for kind in ("text", "pdf"):
        paths = corpus(n, pdf=kind == "pdf")
        _build(paths[:3], OUT / f"scale-{kind}-warm.db", 1)  # imports and caches of this process: paid before timing
        runs: dict[str, Callable[[], None]] = {
            "jobs 1": lambda paths=paths, kind=kind: _build(paths, OUT / f"scale-{kind}-j1.db", 1),
            "jobs 2": lambda paths=paths, kind=kind: _build(paths, OUT / f"scale-{kind}-j2.db", 2),
        }
        if dask:
            runs["dask"] = lambda paths=paths, kind=kind: _build_dask(paths, OUT / f"scale-{kind}-dask.db", 2)
        print(f"scale: {kind}, {n} releases, wall time, {repeats} alternating runs each", flush=True)
        samples: dict[str, list[ScaleRun]] = {k: [] for k in runs}
        for _ in range(repeats):
            for name, fn in runs.items():
                run = _scale_run(fn)
                samples[name].append(run)
                print(
                    f"    {name}: {run.wall:.1f} s; CPU parent {run.parent:.1f} s, workers {run.workers:.1f} s,"
                    f" other programs {run.others:.1f} s",
                    flush=True,
                )
        walls = {k: statistics.median(r.wall for r in v) for k, v in samples.items()}
        per_doc = {
            k: (statistics.median(r.parent for r in v) / n, statistics.median(r.workers for r in v) / n)
            for k, v in samples.items()
        }
        others = statistics.mean(r.others / r.wall for v in samples.values() for r in v)
        report.data[f"scale_{kind}"] = {
            "releases": n,
            "wall_s": walls,
            "docs_per_s": {k: n / v for k, v in walls.items()},
            "cpu_ms_per_release": {k: {"parent": 1e3 * p, "workers": 1e3 * w} for k, (p, w) in per_doc.items()},
            "other_programs_cores": others,
        }
        one, two = walls["jobs 1"], walls["jobs 2"]
        ratio = one / two
        parent1, worker1 = per_doc["jobs 1"]
        parent2, worker2 = per_doc["jobs 2"]
        # On two free cores --jobs 1 takes max(worker, parent) per release (the parent writes while the worker
        # extracts), --jobs 2 at best (workers + parent) / 2: their quotient is the ceiling of the ratio.
        ceiling = max(worker1, parent1) / ((worker2 + parent2) / 2)
        report.add(
            f"{kind}, --jobs 1 ({n} releases)",
            f"{n / one:.1f} docs/s",
            note=f"(CPU per release: worker {1e3 * worker1:.1f} ms, parent {1e3 * parent1:.1f} ms)",
        )
        report.add(
            f"{kind}, --jobs 2 vs --jobs 1 ({n} releases, wall)",
            f"{ratio:.2f}x ({n / two:.1f} docs/s)",
            f">= {TARGETS['jobs2_vs_jobs1']}x",
            ratio >= TARGETS["jobs2_vs_jobs1"],
            note=f"(other programs took {others:.1f} of the 2 cores meanwhile; from CPU times on two free cores"
            f" at most {ceiling:.2f}x)",
        )
        if others > 0.25 and _autogroups():
            print(f"  note: {SHARED_NOTE}", flush=True)
        report.data[f"scale_{kind}"]["per_core_per_hour"] = {"cpu": 3600 / worker2, "wall_jobs_2": 1800 * n / two}
        report.add(
            f"{kind}, releases per hour per core",
            f"{3600 / worker2:,.0f} (a worker's CPU, {1e3 * worker2:.0f} ms a release)",
            note=f"(wall: --jobs 2 gave {1800 * n / two:,.0f} per core, --jobs 1 {3600 * n / one:,.0f};"
            f" the parent's CPU, {1e3 * parent2:.1f} ms a release, keeps up with {worker2 / parent2:.0f} worker cores)",
        )
        if dask:
            d = walls["dask"]
            if startup is None:
                # Start-up: a LocalCluster that spawns its workers, each importing and warming the pipeline.
                startup = median_time(lambda paths=paths: _build_dask(paths[:1], OUT / "scale-dask-one.db", 2), 1)
            report.add(
                f"{kind}, --dask local (2 workers) vs --jobs 1",
                f"{one / d:.2f}x ({n / d:.1f} docs/s)",
                note=f"(start-up included; without it {one / max(d - startup, 1e-9):.2f}x, start-up and one"
                f" release {startup:.1f} s)",
            )
        report.add(
            f"{kind}, archive size per release",
            f"{(OUT / f'scale-{kind}-j1.db').stat().st_size / n / 1024:.0f} KiB",
            note=f"({n} releases)",
        )
        # Peak memory of a --jobs 2 build in a process of its own (its parent, and its largest worker).
        sample = paths[: min(n, 100)]
        peak = build_in_subprocess(sample, OUT / f"scale-{kind}-mem.db", 2)
        report.data[f"scale_{kind}"]["peak_rss_mb"] = {
            "parent": peak["peak_self_kb"] / 1024,
            "worker": peak["peak_children_kb"] / 1024,
        }
        report.add(
            f"{kind}, --jobs 2 peak RSS ({len(sample)} releases)",
            f"parent {peak['peak_self_kb'] / 1024:.0f} MB, worker {peak['peak_children_kb'] / 1024:.0f} MB",
            note="(a worker shares most of its pages with the parent it was forked from)",
        )

    import bench_writer  # beside this script

    figures = bench_writer.run(cfg["writer_docs"], cfg["repeats"])
    figures.update(bench_writer.in_build(cfg["writer_docs"]))
    report.data["writer"] = figures
    report.add(
        f"writer alone, shard merge ({cfg['writer_docs']} releases, CPU time of the parent)",
        f"{figures['merge_docs_per_s']:,.0f} docs/s",
        f"> {TARGETS['writer_docs_per_s']:,.0f} docs/s",
        figures["merge_docs_per_s"] > TARGETS["writer_docs_per_s"],
        note=f"(without its reprint detection {figures['merge_without_reprint_docs_per_s']:,.0f} docs/s; the"
        f" shards cost the workers {figures['shard_ms_per_doc']:.2f} ms/release)",
    )
    report.add(
        f"writer in a --jobs 2 build, shard merges ({cfg['writer_docs']} releases, parent's CPU)",
        f"{figures['in_build_merge_docs_per_s']:,.0f} docs/s",
        f"> {TARGETS['writer_docs_per_s']:,.0f} docs/s",
        figures["in_build_merge_docs_per_s"] > TARGETS["writer_docs_per_s"],
        note=f"(without its reprint detection {figures['in_build_without_reprint_docs_per_s']:,.0f} docs/s)",
    )
    report.add(
        f"writer alone, bulk, one process ({cfg['writer_docs']} releases, CPU time)",
        f"{figures['bulk_docs_per_s']:,.0f} docs/s",
        note="(--jobs 1: the trigram index tokenized by the writing process)",
    )
    report.add(
        "writer alone, one transaction per document",
        f"{figures['single_docs_per_s']:,.0f} docs/s",
        note=f"(bulk {figures['bulk_docs_per_s'] / figures['single_docs_per_s']:.2f}x;"
        f" same rows: {bool(figures['same'])})",
    )


ADD_IN_PLACE_ROOM = 0.25  # free disk an add in place needs, as a share of the archive


def bench_incremental(report: Report, cfg: dict[str, Any]) -> None:
    """Adding releases to a tenth of the first Datasette archive's size and to the whole size, by phase, with
    --jobs 1 and 2, the new releases dated across the archive's years (backfilled) and in the month after it
    (appended); and, once with --jobs 1 and appended, to each larger Datasette archive (1,000,000 releases).

    bench/bench_incremental.py's method: the replicated archive (its reprint-detection state replicated
    too) copied, then ``pressdb build`` of the copy plus new synthetic releases, in a subprocess. An archive
    too large to copy (1,000,000 releases here) is the Datasette benchmark's, taken over and added to in
    place; it is deleted afterwards, so that the smaller ones have disk.
    """
    import bench_incremental as incr

    base_n, add = cfg["archive_base"], cfg["incremental_add"]
    first = base_n * cfg["archive_factors"][0]
    corpora = {mode: incr.added_corpus(add, appended=mode == "appended") for mode in ("backfilled", "appended")}

    def timed(size: int, jobs: int, mode: str) -> float:
        source = incr.archive(base_n, size)
        phases, work = incr.timed_add(source, ROOT, corpora[mode], jobs)
        incr._fresh(work)  # a copy; or the archive itself, spent by the add
        report.data.setdefault("incremental", {}).setdefault(f"{mode}, jobs {jobs}", {})[size] = phases
        report.add(
            f"adding {add:,} releases ({mode}) to {size:,}, --jobs {jobs}",
            f"{phases['total']:.1f} s",
            note="(" + ", ".join(f"{p} {phases[p]:.1f} s" for p in incr.PHASES) + ")",
        )
        return float(phases["total"])

    def growth(sizes: tuple[int, int], totals: tuple[float, float], jobs: int, mode: str) -> None:
        ratio = totals[1] / totals[0]
        limit = TARGETS["incremental_growth"]
        report.add(
            f"adding to {sizes[1]:,} vs to {sizes[0]:,} ({mode}), --jobs {jobs}",
            f"{ratio:.2f}x",
            f"<= {limit}x",
            ratio <= limit,
        )

    larger = [base_n * f for f in cfg["archive_factors"][1:]]
    at_larger = {}
    for size in larger:
        served = incr.served_archive(size)
        # In place, the add needs the replicated signatures (~8% of the archive) and a WAL for the findings it
        # rewrites: without that room it would fill the disk. Appended releases only: backfilled ones rewrite
        # most findings of the synthetic corpus (several GiB of WAL at 1,000,000).
        need = served.stat().st_size * ADD_IN_PLACE_ROOM if served else 0
        if served is None or shutil.disk_usage(OUT).free < need:
            why = "no Datasette archive of that size" if served is None else f"needs {need / 2**30:.0f} GiB free"
            report.add(f"adding {add:,} releases to {size:,}", "not measured", note=f"({why})")
        else:
            at_larger[size] = timed(size, 1, "appended")
    by_run = {
        (jobs, mode): (timed(first // 10, jobs, mode), timed(first, jobs, mode)) for jobs in (1, 2) for mode in corpora
    }
    for (jobs, mode), totals in by_run.items():
        growth((first // 10, first), totals, jobs, mode)
    for size, total in at_larger.items():
        growth((first, size), (by_run[1, "appended"][1], total), 1, "appended")


# ---------------------------------------------------------------- main

SECTIONS: dict[str, Callable[[Report, dict[str, Any]], None]] = {
    "text": bench_text,
    "pdf": bench_pdf,
    "memory": bench_memory,
    "scale": bench_scale,
    "datasette": bench_datasette,
    "incremental": bench_incremental,
}


def machine() -> str:
    mem = ""
    try:
        kb = int(next(ln for ln in open("/proc/meminfo") if ln.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    import sqlite3 as s

    return (
        f"{os.cpu_count()} cores{mem}, {platform.system()} {platform.machine()}, Python "
        f"{platform.python_version()}, SQLite {s.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpora and archive (a few minutes)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument(
        "--archive-factors",
        type=lambda v: tuple(int(f) for f in v.split(",")),
        help="Datasette: replicate the built releases this many times, each in turn (100,1000: 100,000 and "
        "1,000,000 releases from 1,000); the incremental section uses the first",
    )
    parser.add_argument("--archive-base", type=int, help="Datasette: releases built before replication (1,000)")
    parser.add_argument("--requests", type=int, help="Datasette: requests per page (200)")
    args = parser.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    for key in ("archive_factors", "archive_base", "requests"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    OUT.mkdir(parents=True, exist_ok=True)
    report = Report()
    print(f"pressdb benchmark ({'quick' if args.quick else 'full'}) on {machine()}", flush=True)
    for name in args.only.split(","):
        SECTIONS[name.strip()](report, cfg)
    width = max(len(r.name) for r in report.rows)
    print("\n" + "figure".ljust(width) + " | measured                          | target          | ")
    print("-" * (width + 64))
    for r in report.rows:
        mark = "" if r.ok is None else ("ok" if r.ok else "MISSED")
        print(f"{r.name.ljust(width)} | {r.value.ljust(33)} | {r.target.ljust(15)} | {mark} {r.note}".rstrip())
    report.data["machine"] = machine()
    report.data["mode"] = "quick" if args.quick else "full"
    (OUT / f"results-{report.data['mode']}.json").write_text(json.dumps(report.data, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

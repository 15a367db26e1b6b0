"""Copying a shard's trigram index (extract/fts_copy.py) against tokenizing its sentences, and folding.

An archive of ``--archive`` sentences and ``--shards`` shards of ``--shard`` sentences each are built
once (tables and triggers from schema/schema.sql; sentences of some 130 characters from templates, with
the gazetteer's commune names and invented people and numbers). Then, ``--repeat`` times, each on a
fresh copy of the archive file:

- tokenize: the shard's sentences into the archive's index, ``INSERT INTO sentences_fts(rowid, ...)
  SELECT ...`` in one statement, as extract/writer.py fills it, and commit;
- copy: ``copy_index`` of the shard's index into the archive's, and commit (the sentence rows themselves,
  ``INSERT ... SELECT`` without the trigger, are timed apart as ``rows``);
- folded: every shard copied in, one after the other, each followed by ``fold_segments`` (FTS5's
  'merge' until no level holds ``--fan-in`` segments) in its transaction: the folds' time per 1,000
  copied sentences, the most segments and those at the end, the median time of some MATCH queries
  (bm25 order, first 20); FTS5's integrity-check (rank 1: against the sentences) must pass, untimed;
- unfolded: the same without folding, for the segment counts and query times.

Prints medians of CPU time (this process: SQLite runs in it) and wall time, in ms per 1,000 sentences
where it says so.

    python bench/bench_fts_copy.py [--archive 45000] [--shard 4500] [--shards 16] [--fan-in 8] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.fts_copy import copy_index, fold_segments, read_structure  # noqa: E402
from extract.writer import defer_indexing, resume_indexing  # noqa: E402

FTS = "sentences_fts"
SCHEMA_SQL = (ROOT / "schema" / "schema.sql").read_text(encoding="utf-8")
PATTERNS = [
    r"CREATE TABLE sentences \(.*?\n\);",
    r"CREATE VIRTUAL TABLE sentences_fts USING fts5\(.*?\n\);",
    r"CREATE TABLE deferred_indexing \(.*?\n\);",
    r"CREATE TRIGGER sentences_ai .*?\nEND;",
    r"CREATE TRIGGER sentences_ad .*?\nEND;",
]
TEMPLATES = [
    "Die Gemeinde {ort} erhält vom Freistaat Fördermittel in Höhe von {n} Euro für die Sanierung ihrer {obj}.",
    "Staatsminister {name} übergab am {tag} in {ort} einen Zuwendungsbescheid über {n} Euro an den {rolle}.",
    "Im Landkreis {kreis} beteiligen sich inzwischen {k} Kommunen an der Kooperationsvereinbarung zur {thema}.",
    "{rolle} {name} aus {ort} betonte, die {thema} sei nur gemeinsam mit den Nachbargemeinden zu leisten.",
    "Nach Angaben des Ministeriums wurden im vergangenen Jahr {k} Anträge aus {ort} und {ort2} bewilligt.",
    "Der Präventionsrat der Stadt {ort} tagt künftig zweimal im Jahr, zuletzt kamen {k} Mitglieder zusammen.",
    "Mit dem Geld werden zwischen {ort} und {ort2} rund {k} Kilometer Radweg gebaut und {obj} erneuert.",
    "Die {thema} für {ort} zeigt {k} Prozent weniger Wohnungseinbrüche als im Vorjahr, sagte {name}.",
]
OBJECTS = ["Grundschule", "Turnhalle", "Feuerwache", "Ortsdurchfahrt", "Kindertagesstätte", "Brücke über die Mulde"]
TOPICS = ["kommunalen Kriminalprävention", "Sicherheitsanalyse", "Breitbandversorgung", "Hochwasserschutzplanung"]
ROLES = ["Bürgermeister", "Landrat", "Bürgermeisterin", "Ortsvorsteher", "Beigeordnete"]
FIRST = ["Egon", "Hedwig", "Kuno", "Marlene", "Torsten", "Ilse", "Rüdiger", "Annegret", "Falk", "Sieglinde"]
LAST = ["Kranichfeld", "Sauerbrey", "Weidenbach", "Holzapfel", "Gutsmuths", "Eibenstock", "Lindenlaub", "Quaas"]
DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
QUERIES = ["Gemeinde", "Sicherheitsanalyse", '"Landkreis Meißen"', "NEAR(Fördermittel Sanierung, 20)", "Kranichfeld"]


def communes() -> list[str]:
    lines = (ROOT / "extract" / "data" / "gazetteer" / "communes.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["name"] for line in lines]


def sentences(first: int, n: int, towns: list[str]) -> Iterator[tuple[int, str, str]]:
    rnd = random.Random(first)
    for rowid in range(first, first + n):
        text = rnd.choice(TEMPLATES).format(
            ort=rnd.choice(towns),
            ort2=rnd.choice(towns),
            kreis=rnd.choice(towns),
            n=f"{rnd.randint(1000, 9_000_000):,}".replace(",", "."),
            k=rnd.randint(2, 400),
            obj=rnd.choice(OBJECTS),
            thema=rnd.choice(TOPICS),
            rolle=rnd.choice(ROLES),
            name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
            tag=rnd.choice(DAYS),
        )
        yield rowid, text, text.lower()


def create(path: Path, first: int, n: int, towns: list[str]) -> None:
    """Sentence rows, then their index in one statement (as the bulk writer fills it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pattern in PATTERNS:
        match = re.search(pattern, SCHEMA_SQL, re.DOTALL)
        assert match, pattern
        conn.execute(match.group(0))
    conn.execute("BEGIN")
    defer_indexing(conn)
    conn.executemany(
        "INSERT INTO sentences(id, document_id, n, char_start, char_end, text, text_stemmed)"
        " VALUES (?, 'doc', 0, 0, 0, ?, ?)",
        sentences(first, n, towns),
    )
    conn.execute(f"INSERT INTO {FTS}(rowid, text, text_stemmed) SELECT id, text, text_stemmed FROM sentences")
    resume_indexing(conn)
    conn.execute("COMMIT")
    conn.close()


@contextmanager
def timed(into: dict[str, list[float]], name: str) -> Iterator[None]:
    cpu, wall = time.process_time(), time.perf_counter()
    yield
    into.setdefault(f"{name}_cpu", []).append(time.process_time() - cpu)
    into.setdefault(f"{name}_wall", []).append(time.perf_counter() - wall)


def query_ms(conn: sqlite3.Connection, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            conn.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rank LIMIT 20", (query,)).fetchall()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fresh(archive: Path, work: Path) -> sqlite3.Connection:
    path = work / "run.db"
    shutil.copyfile(archive, path)
    return sqlite3.connect(path, isolation_level=None)


def run(args: argparse.Namespace, work: Path) -> dict[str, object]:
    towns = communes()
    archive = work / "archive.db"
    create(archive, 1, args.archive, towns)
    shards = [work / f"shard{n}.db" for n in range(args.shards)]
    for n, shard in enumerate(shards):
        create(shard, 10_000_000 * (n + 1), args.shard, towns)
    samples: dict[str, list[float]] = {}
    counts: dict[str, list[float]] = {}
    steps: list[tuple[str, Callable[[], None]]] = []

    def tokenize() -> None:
        conn = fresh(archive, work)
        conn.execute("ATTACH ? AS shard", (str(shards[0]),))
        conn.execute("BEGIN")
        defer_indexing(conn)
        conn.execute("INSERT INTO sentences SELECT * FROM shard.sentences")
        with timed(samples, "tokenize"):
            conn.execute(
                f"INSERT INTO {FTS}(rowid, text, text_stemmed) SELECT id, text, text_stemmed FROM shard.sentences"
            )
            resume_indexing(conn)
            conn.execute("COMMIT")
        conn.close()

    def copy() -> None:
        conn = fresh(archive, work)
        conn.execute("ATTACH ? AS shard", (str(shards[0]),))
        conn.execute("BEGIN")
        with timed(samples, "rows"):
            defer_indexing(conn)
            conn.execute("INSERT INTO sentences SELECT * FROM shard.sentences")
            resume_indexing(conn)
        with timed(samples, "copy"):
            copy_index(conn, FTS, "shard")
            conn.execute("COMMIT")
        conn.close()

    def sequence(fold: bool) -> None:
        conn = fresh(archive, work)
        most = 0
        for n, shard in enumerate(shards):
            conn.execute(f"ATTACH ? AS s{n}", (str(shard),))
            conn.execute("BEGIN")
            defer_indexing(conn)
            conn.execute(f"INSERT INTO sentences SELECT * FROM s{n}.sentences")
            resume_indexing(conn)
            copy_index(conn, FTS, f"s{n}")
            most = max(most, len(read_structure(conn, FTS).segments()))
            if fold:
                with timed(samples, f"fold{n}"):
                    fold_segments(conn, FTS, fan_in=args.fan_in)
                    conn.execute("COMMIT")
            else:
                conn.execute("COMMIT")
            conn.execute(f"DETACH s{n}")
        state = "folded" if fold else "unfolded"
        counts.setdefault(f"segments_{state}_most", []).append(most)
        counts.setdefault(f"segments_{state}_end", []).append(len(read_structure(conn, FTS).segments()))
        counts.setdefault(f"query_{state}_ms", []).append(query_ms(conn))
        conn.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")  # raises if not whole
        conn.close()

    steps = [
        ("tokenize", tokenize),
        ("copy", copy),
        ("folded", lambda: sequence(True)),
        ("unfolded", lambda: sequence(False)),
    ]
    for _ in range(args.repeat):
        for _name, step in steps:
            step()
    per_thousand = 1000 / args.shard
    out: dict[str, object] = {
        "sentences": {"archive": args.archive, "shard": args.shard, "shards": args.shards, "repeat": args.repeat},
        "archive_segments": len(read_structure(sqlite3.connect(archive), FTS).segments()),
        "shard_segments": len(read_structure(sqlite3.connect(shards[0]), FTS).segments()),
    }
    for name in ("tokenize", "copy", "rows"):
        for clock in ("cpu", "wall"):
            out[f"{name}_{clock}_ms_per_1000"] = round(
                statistics.median(samples[f"{name}_{clock}"]) * 1000 * per_thousand, 2
            )
    copied = args.shard * args.shards
    for clock in ("cpu", "wall"):
        # each repeat's fold times summed over the shards, then the median of the sums
        sums = [sum(v) for v in zip(*(samples[f"fold{n}_{clock}"] for n in range(args.shards)), strict=True)]
        out[f"fold_{clock}_ms_per_1000_copied"] = round(statistics.median(sums) * 1000 * 1000 / copied, 2)
    for name, values in counts.items():
        out[name] = round(statistics.median(values), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=int, default=45_000, help="sentences in the archive")
    parser.add_argument("--shard", type=int, default=4_500, help="sentences per shard")
    parser.add_argument("--shards", type=int, default=16, help="shards copied one after the other")
    parser.add_argument("--fan-in", type=int, default=8, help="fold_segments' fan_in")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-fts-copy-") as tmp:
        print(json.dumps(run(args, Path(tmp)), indent=1))


if __name__ == "__main__":
    main()

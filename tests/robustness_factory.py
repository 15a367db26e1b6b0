"""Helpers for the crash, WAL and fuzz tests: a synthetic corpus and the archive's content without build noise."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Columns that differ between two builds of the same input: row ids, links by row id, timestamps.
NOISE = {"id", "sentence_id", "person_id", "built_at"}
INFO_NOISE = {"created_at", "last_build"}


def synth() -> ModuleType:
    from bench import synth as module  # conftest.py puts the checkout root on sys.path

    return module


def synth_corpus(out: Path, n: int, *, seed: int = 1, size: int = 5000) -> list[Path]:
    """``n`` synthetic releases as .txt files in ``out`` (no truth files: they are not inputs)."""
    paths: list[Path] = synth().write_corpus(out, n, seed=seed, size=size, truth=False)
    return paths


def build_command(inputs: list[str], db: Path, jobs: int = 1) -> list[str]:
    """`pressdb build` as a separate Python process, so that it can be killed."""
    return [sys.executable, "-m", "extract.cli", "build", *inputs, "--db", str(db), "--jobs", str(jobs), "--quiet"]


def run_build(inputs: list[str], db: Path, jobs: int = 1, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(inputs, db, jobs),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    )


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def archive_content(db: Path) -> dict[str, Any]:
    """Every table's rows without row ids and timestamps, sorted; links by row id become links by content."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sentence_of = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, document_id, n FROM sentences")}
        person_of = {r[0]: r[1] for r in conn.execute("SELECT id, key FROM people")}
        content: dict[str, Any] = {}
        for table in _tables(conn):
            cur = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cur.description]
            rows = []
            for row in cur:
                record = dict(zip(names, row, strict=True))
                if table == "archive_info" and record["key"] in INFO_NOISE:
                    continue
                if "sentence_id" in record:
                    record["sentence"] = sentence_of.get(record["sentence_id"])
                if "person_id" in record:
                    record["person"] = person_of.get(record["person_id"])
                noise = NOISE - {"id"} if table == "documents" else NOISE  # a document's id is its SHA-256
                rows.append(tuple(sorted((k, repr(v)) for k, v in record.items() if k not in noise)))
            content[table] = sorted(rows)
        return content
    finally:
        conn.close()


def content_difference(seen: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """Per differing table, the row counts and (column, value) pairs found on one side only (empty when equal).

    What a failure message needs: a whole archive printed by pytest would bury it.
    """

    def pairs(rows: list[Any]) -> set[tuple[str, str]]:
        return {(column, value[:120]) for row in rows for column, value in row}

    out: dict[str, Any] = {}
    for table in sorted(set(seen) | set(expected)):
        mine, theirs = seen.get(table, []), expected.get(table, [])
        if mine != theirs:
            a, b = pairs(mine), pairs(theirs)
            out[table] = {
                "rows": (len(mine), len(theirs)),
                "only_seen": sorted(a - b)[:5],
                "only_expected": sorted(b - a)[:5],
            }
    return out


def document_content(content: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """The rows of one document within ``archive_content``'s result."""
    key = ("document_id", repr(doc_id))
    out = {t: [r for r in rows if key in r] for t, rows in content.items() if t not in ("documents", "people")}
    out["documents"] = [r for r in content.get("documents", []) if ("id", repr(doc_id)) in r]
    return out


def integrity(db: Path) -> list[str]:
    """Problems SQLite finds in the file and in the full-text index (empty when sound)."""
    conn = sqlite3.connect(db)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [p for p in problems if p != "ok"]
        has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()
        if has_fts:
            try:
                conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"sentences_fts: {exc}")
        return problems
    finally:
        conn.close()

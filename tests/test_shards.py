"""Shard archives (extract/shards.py): workers write, the parent merges; the archive is the serial build's.

A build with two jobs writes every batch into a shard that the parent merges
by ATTACH and INSERT ... SELECT, the trigram index by copying FTS5 segments.
Whatever the batches, the archive holds what a --jobs 1 build holds, row for
row (``archive_content``: sentences and people compared by content, not by
id), its full-text index passes FTS5's integrity check and answers searches
as the serial one does, and documents that kill their worker, outlast the
time limit or do not fit in their batch's sentence ids are stored or recorded
as --jobs 1 would.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from pathlib import Path
from typing import Any

import psutil
import pytest
from robustness_factory import archive_content, content_difference, integrity, synth_corpus

from extract import shards
from extract.build import MAX_BATCH, MIN_BATCH, build, process_path, shard_batches
from extract.read import sha256
from extract.shards import Reservations, merge_shard, write_shard
from extract.store import FACT_TABLES, open_archive

pytestmark = pytest.mark.slow
DOCUMENTS = 24
SEARCHES = ("Gemeinde", "Euro", "Förder", "Vertrag", "Landkreis", "unterzeichnet")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A folder of synthetic releases, two of them the same file twice, and its --jobs 1 archive."""
    folder = tmp_path_factory.mktemp("shards")
    paths = synth_corpus(folder / "in", DOCUMENTS, seed=23)
    shutil.copy(paths[3], folder / "in" / "zz-copy-of-4.txt")  # the same bytes under another name, at the end
    (folder / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    serial = folder / "serial.db"
    result = build([folder / "in"], serial, jobs=1)
    assert result.failed == 1
    return folder / "in", serial


def _searches(db: Path) -> dict[str, list[tuple[str, int]]]:
    """Each search's hits as (document, sentence number), in rank order."""
    conn = sqlite3.connect(db)
    try:
        return {
            term: conn.execute(
                "SELECT s.document_id, s.n FROM sentences_fts f JOIN sentences s ON s.id = f.rowid"
                " WHERE sentences_fts MATCH ? ORDER BY rank, s.document_id, s.n",
                (f'"{term}"',),
            ).fetchall()
            for term in SEARCHES
        }
    finally:
        conn.close()


def _same_as_serial(db: Path, serial: Path) -> None:
    assert content_difference(archive_content(db), archive_content(serial)) == {}
    assert integrity(db) == []
    assert _searches(db) == _searches(serial)


def test_a_sharded_build_equals_a_serial_build(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, serial = corpus
    db = tmp_path / "sharded.db"
    result = build([folder], db, jobs=2, shards=True)
    assert (result.added, result.failed) == (DOCUMENTS + 1, 1)
    assert len(shard_batches(DOCUMENTS + 2, 2)) > 4  # several shards, merged in turn
    _same_as_serial(db, serial)
    # Nothing changed: the failed file is tried again, and so is the first of the two names of one file (the
    # archive keeps a file once, under the name it was last built from), as in a serial rebuild.
    again = build([folder], db, jobs=2, shards=True)
    assert (again.added, again.replaced, again.unchanged, again.failed) == (0, 1, DOCUMENTS, 1)


def test_a_sharded_rebuild_replaces_as_a_serial_rebuild_does(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """Changed files replace their stored versions at their turn (the shard is merged document by document)."""
    folder, _ = corpus
    inputs = tmp_path / "in"
    shutil.copytree(folder, inputs)
    archives = {"serial": tmp_path / "serial.db", "sharded": tmp_path / "sharded.db"}
    for name, db in archives.items():
        build([inputs], db, jobs=1 if name == "serial" else 2, shards=name == "sharded")
    for path in sorted(inputs.glob("*.txt"))[:10:3]:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\n\nDer Landkreis Bautzen stellt dafür weitere 12.500 Euro bereit.\n")
    (inputs / "broken.pdf").unlink()
    counts = {}
    for name, db in archives.items():
        result = build([inputs], db, jobs=1 if name == "serial" else 2, shards=name == "sharded")
        counts[name] = (result.added, result.replaced, result.unchanged, result.failed)
    assert counts["sharded"] == counts["serial"] and sum(counts["serial"][:2]) >= 4
    _same_as_serial(archives["sharded"], archives["serial"])


def test_documents_beyond_a_batchs_sentence_ids_are_written_by_the_parent(
    corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, serial = corpus
    monkeypatch.setattr(shards, "BLOCK", 40)  # a release has some 30 to 60 sentences: most batches overflow
    db = tmp_path / "small-blocks.db"
    build([folder], db, jobs=2, shards=True)
    _same_as_serial(db, serial)
    conn = sqlite3.connect(db)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM sentences ORDER BY id")]
    finally:
        conn.close()
    assert len(ids) == len(set(ids))


def test_a_worker_killed_during_the_build_loses_nothing(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, serial = corpus
    killed: list[int] = []

    def kill_a_worker(n: int) -> None:
        if killed:
            return
        workers = [p.pid for p in psutil.Process(os.getpid()).children() if p.status() != psutil.STATUS_ZOMBIE]
        if workers:
            os.kill(workers[0], signal.SIGKILL)  # its batch is read again, one document at a time
            killed.append(workers[0])

    db = tmp_path / "killed.db"
    result = build([folder], db, jobs=2, shards=True, progress=kill_a_worker)
    assert killed
    assert (result.added, result.failed) == (DOCUMENTS + 1, 1)
    _same_as_serial(db, serial)


def test_a_document_that_hangs_is_stopped_and_recorded_and_its_batch_stored(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _ = corpus
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted(folder.glob("*.txt"))[:5]:
        shutil.copy(path, inputs / path.name)
    paragraph = sorted(folder.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n\n")[-1]
    (inputs / "b-huge.txt").write_text("12.03.2024\n\nEin langer Text\n\n" + "\n\n".join([paragraph] * 2000), "utf-8")
    db = tmp_path / "hang.db"
    result = build([inputs], db, jobs=2, shards=True, timeout=2)
    assert (result.added, result.failed) == (5, 1)
    assert "b-huge.txt: timed out: stopped after 2 s" in result.errors[0]
    assert integrity(db) == []


def _rows(paths: list[Path]) -> list[Any]:
    return [process_path(str(p), sha256(p.read_bytes()), None) for p in paths]


def test_merging_shards_by_hand_gives_the_serial_archive(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """write_shard and merge_shard alone: three shards with reserved id ranges, merged in input order."""
    folder, serial = corpus
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".pdf"))
    rows = _rows(paths)
    db = tmp_path / "by-hand.db"
    open_archive(db).conn.close()
    conn = sqlite3.connect(db)
    reservations = Reservations(conn)
    schema = conn.execute("PRAGMA schema_version").fetchone()[0]
    firsts = []
    for k, start in enumerate(range(0, len(rows), 10)):
        first = reservations.take()
        firsts.append(first)
        shard = write_shard(tmp_path / f"s{k}.db", rows[start : start + 10], first)
        assert shard.path and not shard.rows
        merge_shard(db, shard.path)
        # a reader preparing a query on the index while a merge commits must find the schema as it was
        assert conn.execute("PRAGMA schema_version").fetchone()[0] == schema
    conn.close()
    assert firsts == sorted(set(firsts)) and firsts[1] - firsts[0] == shards.BLOCK
    # What the writer writes (pressdb build then refreshes the findings and the summary tables from it).
    written = ("documents", "releases", "document_signatures", "signature_bands", "sentences", "people", *FACT_TABLES)
    content, expected = archive_content(db), archive_content(serial)
    assert content_difference({t: content[t] for t in written}, {t: expected[t] for t in written}) == {}
    assert integrity(db) == []


def test_a_document_the_archive_refuses_is_recorded_and_the_batch_stored(
    corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value the archive's constraints reject (here a municipality key that is not in the gazetteer, which the
    shard, without the gazetteer, takes): the document is recorded as failed, as --jobs 1 records it."""
    from extract import build as build_module

    folder, _ = corpus
    victim = sorted(folder.glob("*.txt"))[5].name
    original = build_module.process_path

    def with_an_unknown_municipality(path: str, *args: Any, **kwargs: Any) -> Any:
        rows = original(path, *args, **kwargs)
        if path.endswith(victim) and rows.tables.get("commune_mentions"):
            rows.tables["commune_mentions"][0]["ags"] = "14999999"
        return rows

    monkeypatch.setattr(build_module, "process_path", with_an_unknown_municipality)  # the forked workers too
    archives = {"serial": tmp_path / "serial.db", "sharded": tmp_path / "sharded.db"}
    results = {name: build([folder], db, jobs=2 if name == "sharded" else 1) for name, db in archives.items()}
    for result in results.values():
        assert result.failed == 2
        assert any(f"{victim}: could not be stored (FOREIGN KEY constraint failed)" in e for e in result.errors)
    _same_as_serial(archives["sharded"], archives["serial"])


@pytest.mark.parametrize("documents", [1, 3, 26, 300, 1000, 100_000])
@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_batches_cover_every_document_once_and_shrink_towards_the_end(documents: int, jobs: int) -> None:
    sizes = shard_batches(documents, jobs)
    assert sum(sizes) == documents and all(0 < s <= MAX_BATCH for s in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert len(sizes) >= min(jobs, -(-documents // MIN_BATCH))  # every job gets work, if there are enough


def test_an_index_format_the_copy_does_not_know_is_tokenized_instead(
    corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another SQLite's FTS5 (a structure record fts_copy refuses): the merge indexes the sentences itself."""
    from extract import fts_copy

    def refuse(*args: Any) -> int:
        raise fts_copy.UnknownStructure("a structure record of another SQLite version")

    monkeypatch.setattr(fts_copy, "copy_index", refuse)
    folder, serial = corpus
    db = tmp_path / "tokenized.db"
    build([folder], db, jobs=2, shards=True)
    _same_as_serial(db, serial)

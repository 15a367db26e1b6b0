"""The bulk writer: many documents per transaction, the full-text index filled in bulk.

``store.write_document`` writes one document in one transaction, and the
trigger on ``sentences`` adds each sentence to the trigram index as it is
inserted. A build writes thousands of documents: ``BulkWriter`` puts up to
``batch`` of them (or a quarter of a second of writing) into one transaction, inserts
each table's rows with ``executemany`` and explicit sentence ids, and sets
the insert trigger aside while it loads (``defer_indexing``: a row in
``deferred_indexing``, which the trigger's WHEN reads): the sentences of the
transaction go into the index with one ``INSERT ... SELECT`` just before it
commits, and the row is gone again in the same transaction. A crash rolls all
of it back together, so the archive is always either before or after a whole
transaction, and every document in it is whole. The schema never changes
during a load: a reader that prepares a query on the index while the build
commits would fail if it did.

What happens per document is what ``write_document`` does, in the same
order: an earlier version of the file is deleted, people are registered, and
the document is placed in its release (reprint detection, ``releases.assign``)
against every document written before it, those of the open transaction
included. The rows are the same; only the transaction boundaries differ.

Where the time goes (``python bench/bench_writer.py --breakdown``: 1,000
synthetic releases of 45 sentences, about 4 ms of CPU per document on the
shared development machine, some 250 documents/s):

- the trigram index, ~1.2 ms: text and text_stemmed, some 12,000 trigrams per
  document. Filling it after the load instead (one ``INSERT ... SELECT`` or
  'rebuild' for all sentences) costs the same ~1.1 ms per document, and so
  do 'automerge', 'crisismerge', 'pgsz' and 'hashsize' settings within 15%:
  the cost is the tokenizing, not the merging. This alone keeps one SQLite
  writer below 1,000 documents/s;
- reprint detection, ~1.1 ms: the band-bucket look-up (~0.3 ms) and the exact
  comparison with every candidate that shares a bucket (the synthetic
  releases share their boilerplate: some 70 candidates per document). The
  shingle ids come with the signature from the extracting worker, and the
  comparison goes through a table addressed by the ids' low bits
  (``releases._common_counts``);
- the rows' inserts ~0.9 ms (sentences 0.2, band buckets 0.12, documents
  0.09, the fact tables 0.3), the commit ~0.3 ms (the pages written), Python
  ~0.3 ms.

The per-document savepoint (~0.02 ms), larger transactions, dropping the
secondary indexes during a first load (5%) and larger pages (8 KiB: within
the noise) do not change this picture. This writer serves ``--jobs 1`` and
``--fail-fast``; with two or more jobs, or ``--dask``, the workers write shard
archives, their trigram indexes included (and, on this machine, the costly
part of reprint detection), and the parent merges them (``extract/shards.py``).
"""

from __future__ import annotations

import sqlite3
import time
from itertools import groupby
from types import TracebackType
from typing import Any

from extract import releases
from extract.registry import register
from extract.store import _now

FACT_TABLES = ("commune_mentions", "person_mentions", "quotes", "dates", "money", "figures", "ordinals", "agreements")
SENTENCE_COLUMNS = ("id", "document_id", "n", "char_start", "char_end", "page", "text", "text_stemmed")
DEFAULT_BATCH = 500
DEFAULT_SECONDS = 0.25  # readers (pressdb serve during a build) see progress four times a second
# The page cache of the writing connection during a load (KiB): the B-trees that every document touches (the
# documents' indexes, the band buckets, people) stay in memory instead of being read back from the file.
CACHE_KIB = 64 * 1024


def defer_indexing(conn: sqlite3.Connection) -> None:
    """Set the sentences' insert trigger aside for the rest of the open transaction: the caller indexes them.

    The mark is a row in ``deferred_indexing``; ``resume_indexing`` takes it out before the commit and a
    rollback takes it with everything else, so no reader and no later transaction ever sees it.
    """
    assert conn.in_transaction, "defer_indexing marks the open transaction only"
    conn.execute("INSERT INTO main.deferred_indexing (since) VALUES (?)", (_now(),))


def resume_indexing(conn: sqlite3.Connection) -> None:
    """Put the insert trigger back to work (before the commit of a transaction that called ``defer_indexing``)."""
    conn.execute("DELETE FROM main.deferred_indexing")


class BulkWriter:
    """Write documents' rows (``store.DocumentRows``) many to a transaction; use as a context manager.

    A transaction ends after ``batch`` documents or when a document arrives ``seconds`` after it began.

    ``write`` returns after the rows are in the open transaction; ``flush``
    commits (the context manager's exit does, and rolls back on an exception).
    """

    def __init__(self, conn: sqlite3.Connection, *, batch: int = DEFAULT_BATCH, seconds: float = DEFAULT_SECONDS):
        self.conn = conn
        self.batch = batch
        self.seconds = seconds
        self.pending = 0
        self.indexed_upto = 0  # sentences with ids above this are not yet in the full-text index
        self.written: set[str] = set()  # documents written in the open transaction
        self.opened = 0.0
        self.cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
        if -self.cache_size < CACHE_KIB:
            conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")

    # ------------------------------------------------------------ transactions

    def _begin(self) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        self.opened = time.monotonic()
        defer_indexing(conn)
        self.indexed_upto = conn.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]
        self.written = set()

    def _index_pending(self) -> None:
        """Add the sentences written since the last call to the full-text index, in one statement."""
        self.conn.execute(
            "INSERT INTO sentences_fts(rowid, text, text_stemmed) SELECT id, text, text_stemmed FROM sentences"
            " WHERE id > ? ORDER BY id",
            (self.indexed_upto,),
        )
        self.indexed_upto = self.conn.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]

    def flush(self) -> None:
        """Index the transaction's sentences, put the trigger back to work and commit."""
        if not self.pending and not self.conn.in_transaction:
            return
        self._index_pending()
        resume_indexing(self.conn)
        self.conn.execute("COMMIT")
        self.pending = 0
        self.written = set()

    def close(self) -> None:
        """Commit what is written and give the connection back its own page cache."""
        self.flush()
        self.conn.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")  # the indexing's deferral is rolled back with the rest
        self.pending = 0
        self.written = set()

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None or issubclass(kind, KeyboardInterrupt):
            self.flush()  # the documents of the transaction are whole: keep them (Ctrl-C too)
        else:
            self.rollback()

    # ------------------------------------------------------------ documents

    def write(self, rows: Any, doc: dict[str, Any], sig: releases.Signature | None) -> None:
        """Add one document (``doc`` is its documents row, complete; ``sig`` its signature) to the transaction.

        On an error the document's rows are taken back (a savepoint) and the
        error is raised; the transaction and the documents before it stay.
        """
        conn = self.conn
        if not conn.in_transaction:
            self._begin()
        conn.execute("SAVEPOINT document")
        try:
            self._write(rows, doc, sig)
        except BaseException:
            conn.execute("ROLLBACK TO document")
            conn.execute("RELEASE document")
            raise
        conn.execute("RELEASE document")
        self.pending += 1
        self.written.add(doc["id"])
        if self.pending >= self.batch or time.monotonic() - self.opened >= self.seconds:
            self.flush()

    def _write(self, rows: Any, doc: dict[str, Any], sig: releases.Signature | None) -> None:
        from extract.store import _delete_document

        conn = self.conn
        old = [
            r[0]
            for r in conn.execute("SELECT id FROM documents WHERE id = ? OR source = ?", (doc["id"], doc["source"]))
        ]
        if old:
            # The delete trigger takes sentences out of the index: those of this transaction must be in it first.
            self._index_pending()
            for doc_id in old:
                _delete_document(conn, doc_id)
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
        insert_rows(conn, rows, doc, first)
        if not doc.get("error"):
            releases.assign(conn, doc, sig)


def insert_rows(conn: sqlite3.Connection, rows: Any, doc: dict[str, Any], first: int) -> int:
    """A document's row, its sentences (ids from ``first``), its people and its facts, with ``executemany``.

    Neither the full-text index nor the document's release: the caller's. Returns the next free sentence id.
    """
    from extract.store import fact_rows

    conn.execute(f"INSERT INTO documents ({', '.join(doc)}) VALUES ({', '.join('?' * len(doc))})", list(doc.values()))
    sentences = rows.tables.get("sentences", [])
    sentence_ids = list(range(first, first + len(sentences)))
    conn.executemany(
        f"INSERT INTO sentences ({', '.join(SENTENCE_COLUMNS)}) VALUES ({', '.join('?' * len(SENTENCE_COLUMNS))})",
        [
            (sid, doc["id"], r["n"], r["char_start"], r["char_end"], r["page"], r["text"], r["text_stemmed"])
            for sid, r in zip(sentence_ids, sentences, strict=True)
        ],
    )
    people = register(conn, rows.person_keys + rows.quote_keys)
    for table in FACT_TABLES:
        for columns, group in groupby(fact_rows(table, rows, doc["id"], sentence_ids, people), key=_columns):
            names = ", ".join(f'"{c}"' for c in columns)
            conn.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
                [tuple(r.values()) for r in group],
            )
    return first + len(sentences)


def _columns(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(row)

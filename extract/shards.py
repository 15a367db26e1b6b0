"""Shard archives: the extracting workers write, the parent merges in bulk.

With ``--jobs 2`` or more, a worker does not send a document's rows back to
the parent: it extracts a batch of documents and writes their rows into a
*shard*, a small SQLite file with the archive's tables for documents,
sentences, people and facts, and its own trigram index of the sentences.
The parent merges each shard into the archive in one transaction
(``merge_shard``): ``ATTACH`` and ``INSERT ... SELECT`` for the rows, and the
trigram index by copying the shard's FTS5 segments (``extract/fts_copy.py``),
so that the tokenizing, the costliest part of writing, is done by the
workers in parallel.

Sentence ids are the full-text index's row ids, and the copied segments carry
them, so a shard's sentences are written with their final ids: each batch is
given a range of ``BLOCK`` ids above every id the archive holds when the
build starts (``Reservations``). The ranges leave gaps between batches; ids
are never reused within a build. A document whose sentences do not fit in
what is left of its batch's range comes back as rows and is written into a
shard of its own by the parent.

What the parent does per document is what ``store.write_document`` does, in
the input order: an earlier version of the file is deleted, people are
registered (the shard's people are added in order of first mention, so the
ids are those a serial build gives), and the document is placed in its
release (reprint detection, ``releases.assign``) against every document
written before it. A shard that replaces nothing is inserted table by table;
one that replaces stored documents is merged document by document, so that
each replacement happens at its turn, as in a serial build.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from extract import fts_copy, releases
from extract.store import (
    BUSY_SECONDS,
    FACT_TABLES,
    DocumentRows,
    _delete_document,
    _now,
    _statements,
    extractor_version,
    schema_sql,
    signature_of,
)
from extract.writer import CACHE_KIB, SENTENCE_COLUMNS, defer_indexing, insert_rows, resume_indexing

BLOCK = 1 << 16  # sentence ids reserved per batch: 512 per document of a full batch, most releases have 20-80
SHARD_TABLES = ("documents", "sentences", "people", *FACT_TABLES)
FTS_TABLE = "sentences_fts"

# The order of the shard's documents and what reprint detection needs of each: its signature (with the exact
# shingle ids computed by the worker), its LSH buckets, and the best match the worker found in the archive.
SHARD_ORDER_SQL = """
CREATE TABLE shard_documents (
    seq INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL UNIQUE,
    shingles INTEGER,
    minhash BLOB,
    buckets BLOB,
    ids BLOB,
    prior_upto INTEGER,      -- the worker compared the document with the archive's signatures up to this id
    prior_document TEXT,     -- and found this best match (NULL: none)
    prior_jaccard REAL,
    prior_share_new REAL,
    prior_share_old REAL
)
"""


@dataclass(frozen=True, slots=True)
class ShardDocument:
    """What the parent needs to count a document of a merged shard (and to tell the user about it)."""

    id: str
    source: str
    error: str | None


@dataclass(slots=True)
class ShardResult:
    """A batch's shard (``path``: None when no document of the batch fits) and its documents in input order.

    ``rows`` holds, in order, the documents that followed those in the shard and did not fit in its id range;
    ``retry`` the tasks of a batch whose worker died before it was done (``extract/build.py`` reads them again);
    ``data`` the shard file's bytes, from a worker on another machine (``extract/distributed.py``).
    """

    path: str | None
    documents: list[ShardDocument] = field(default_factory=list)
    rows: list[DocumentRows] = field(default_factory=list)
    retry: list[Any] = field(default_factory=list)
    data: bytes | None = None


# ---------------------------------------------------------------- the worker's side


def _shard_schema() -> list[str]:
    """The archive's CREATE statements for the shard's tables (no indexes but the documents' own, no triggers)."""
    wanted = {f"CREATE TABLE {name} (" for name in SHARD_TABLES} | {f"CREATE VIRTUAL TABLE {FTS_TABLE} "}
    out = [s for s in _statements(schema_sql()) if any(s.startswith(w) for w in wanted)]
    out.append(SHARD_ORDER_SQL)
    out.append("CREATE INDEX shard_documents_source ON documents(source)")
    return out


def _sentence_count(rows: DocumentRows) -> int:
    return len(rows.tables.get("sentences", []))


def write_shard(
    path: str | Path,
    batch: list[DocumentRows],
    first_id: int,
    block: int | None = None,
    archive: str | Path | None = None,
) -> ShardResult:
    """Write ``batch`` (a worker's documents, in input order) into a new shard at ``path``.

    Sentence ids run from ``first_id``; the documents from the first one whose sentences would pass
    ``first_id + block`` (default ``BLOCK``) on come back in ``rows``. The shard's trigram index is built last,
    in one statement. With ``archive``, each document is compared with the archive's documents as they are now
    (reprint detection's costly part, ``releases.prior_match``), so that the parent compares it only with those
    stored since.
    """
    block = BLOCK if block is None else block
    path = Path(path)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a shard is written once, by one process, and discarded on error
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for statement in _shard_schema():
            conn.execute(statement)
        next_id, end = first_id, first_id + block
        result = ShardResult(str(path))
        for i, rows in enumerate(batch):
            if next_id + _sentence_count(rows) > end:
                result.rows = batch[i:]
                break
            next_id = _write(conn, rows, next_id)
            doc = rows.document
            result.documents.append(ShardDocument(doc["id"], doc["source"], doc.get("error")))
        conn.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, text, text_stemmed)"
            " SELECT id, text, text_stemmed FROM sentences ORDER BY id"
        )
        # One segment (FTS5 merged some of its flushes already): the archive's index gets one more per shard.
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        if archive is not None:
            _compare(conn, archive)
        conn.execute("COMMIT")
    finally:
        conn.close()
    if not result.documents:
        path.unlink(missing_ok=True)
        result.path = None
    return result


def _write(conn: sqlite3.Connection, rows: DocumentRows, first: int) -> int:
    """One document's rows into the shard; returns the next free sentence id."""
    doc = dict(rows.document, extractor_version=extractor_version(), built_at=_now())
    for (old,) in conn.execute(
        "SELECT id FROM documents WHERE id = ? OR source = ?", (doc["id"], doc["source"])
    ).fetchall():
        _forget(conn, old)  # the same file twice in one batch: the later one wins, as in a serial build
    after = insert_rows(conn, rows, doc, first)
    sig = signature_of(rows)
    conn.execute(
        "INSERT INTO shard_documents (document_id, shingles, minhash, buckets, ids) VALUES (?, ?, ?, ?, ?)",
        (
            doc["id"],
            sig.shingles if sig else None,
            sig.minhash if sig else None,
            np.asarray(sig.buckets, dtype="<i8").tobytes() if sig else None,
            sig.ids if sig else None,
        ),
    )
    return after


def _compare(conn: sqlite3.Connection, archive: str | Path) -> None:
    """The best match of each signed document of the shard among the archive's documents, in one snapshot."""
    stored = sqlite3.connect(f"file:{Path(archive).resolve()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    try:
        stored.execute("BEGIN")  # one snapshot: the bound and the candidates agree
        for row in conn.execute(
            "SELECT o.document_id, o.shingles, o.minhash, o.buckets, o.ids, d.text FROM shard_documents o"
            " JOIN documents d ON d.id = o.document_id WHERE o.minhash IS NOT NULL"
        ).fetchall():
            sig = _signature(row[:5])
            assert sig is not None
            prior = releases.prior_match(stored, row[0], row[5] or "", sig)
            m = prior.match
            conn.execute(
                "UPDATE shard_documents SET prior_upto = ?, prior_document = ?, prior_jaccard = ?,"
                " prior_share_new = ?, prior_share_old = ? WHERE document_id = ?",
                (
                    prior.upto,
                    m and m.document_id,
                    m and m.jaccard,
                    m and m.share_new,
                    m and m.share_old,
                    row[0],
                ),
            )
        stored.execute("COMMIT")
    finally:
        stored.close()


def _forget(conn: sqlite3.Connection, doc_id: str) -> None:
    for table in (*FACT_TABLES, "sentences", "shard_documents"):
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


# ---------------------------------------------------------------- the parent's side


class Reservations:
    """Sentence-id ranges for shards, above every id of the archive when the build began, never handed out twice."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.next = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0])

    def take(self, size: int | None = None) -> int:
        first = self.next
        self.next += max(BLOCK if size is None else size, 1)
        return first


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA shard.table_info({table})")]


def _signature(row: tuple[Any, ...]) -> releases.Signature | None:
    _, shingles, minhash, buckets, ids = row
    if minhash is None:
        return None
    return releases.Signature(shingles, minhash, tuple(np.frombuffer(buckets, dtype="<i8").tolist()), ids or b"")


def _prior(row: tuple[Any, ...]) -> releases.Prior | None:
    upto, document, jaccard, share_new, share_old = row
    if upto is None:
        return None
    return releases.Prior(upto, None if document is None else releases.Match(document, jaccard, share_new, share_old))


class Merger:
    """Merges shards into the archive at ``archive``, each in one transaction, through a connection of its own.

    The archive's write lock must be free when ``merge`` is called (the caller's other connections have no open
    transaction). Use as a context manager; ``merge_shard`` merges one shard.
    """

    def __init__(self, archive: str | Path) -> None:
        self.conn = sqlite3.connect(archive, isolation_level=None, timeout=BUSY_SECONDS)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")  # the B-trees stay in memory between merges

    def merge(self, shard: str | Path) -> dict[str, str]:
        """The shard's documents into the archive, in the shard's order; its index segments folded in as needed.

        Returns the documents SQLite refused (id -> message), stored as failures; the others are stored.
        """
        conn = self.conn
        conn.execute("ATTACH DATABASE ? AS shard", (str(shard),))
        try:
            try:
                return self._transaction(careful=False)
            except sqlite3.Error as exc:
                if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
                    raise
                return self._transaction(careful=True)  # again, one document at a time
        finally:
            conn.execute("DETACH DATABASE shard")

    def _transaction(self, careful: bool) -> dict[str, str]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            refused = _merge(conn, careful)
            fts_copy.fold_segments(conn, FTS_TABLE)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return refused

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Merger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def merge_shard(archive: str | Path, shard: str | Path) -> None:
    """Merge one shard into the archive (see ``Merger``)."""
    with Merger(archive) as merger:
        merger.merge(shard)


def _merge(conn: sqlite3.Connection, careful: bool = False) -> dict[str, str]:
    """The shard's documents into the archive; returns the documents SQLite refused, with the reason.

    ``careful``: document by document, each in a savepoint: a document SQLite refuses (a value a constraint of
    the archive rejects) is taken out of the index again and recorded with its error, as ``--jobs 1`` records it,
    and the others are stored.
    """
    try:
        fts_copy.copy_index(conn, FTS_TABLE, "shard", "main")
    except fts_copy.FtsCopyError:  # an FTS5 this copy does not know (another SQLite): tokenized here instead
        conn.execute(
            f"INSERT INTO main.{FTS_TABLE}(rowid, text, text_stemmed)"
            " SELECT id, text, text_stemmed FROM shard.sentences ORDER BY id"
        )
    defer_indexing(conn)  # the sentences are in the index already
    order = conn.execute(
        "SELECT document_id, shingles, minhash, buckets, ids, prior_upto, prior_document, prior_jaccard,"
        " prior_share_new, prior_share_old FROM shard.shard_documents ORDER BY seq"
    ).fetchall()
    replaces = conn.execute(
        "SELECT 1 FROM main.documents m WHERE m.id IN (SELECT id FROM shard.documents)"
        " OR m.source IN (SELECT source FROM shard.documents) LIMIT 1"
    ).fetchone()
    refused: dict[str, str] = {}
    if replaces or careful:
        for row in order:
            if careful:
                conn.execute("SAVEPOINT shard_document")
            try:
                _delete_older(conn, row[0])
                _insert(conn, "WHERE document_id = ?1", (row[0],), documents_filter="WHERE d.id = ?1")
                _assign(conn, row)
            except sqlite3.Error as exc:
                if not careful:
                    raise
                conn.execute("ROLLBACK TO shard_document")
                refused[row[0]] = _refuse(conn, row[0], exc)
            if careful:
                conn.execute("RELEASE shard_document")
    else:
        _insert(conn, "", ())
        for row in order:
            _assign(conn, row)
    resume_indexing(conn)
    return refused


def _delete_older(conn: sqlite3.Connection, doc_id: str) -> None:
    """Delete the stored versions of a shard document's file (the same bytes, or the same path)."""
    for (old,) in conn.execute(
        "SELECT m.id FROM main.documents m, shard.documents s WHERE s.id = ? AND (m.id = s.id OR m.source = s.source)",
        (doc_id,),
    ).fetchall():
        _delete_document(conn, old)


def unstorable_message(source: str, exc: sqlite3.Error) -> str:
    """What to tell the user about a document SQLite refused to store."""
    return f"{source}: could not be stored ({exc}); please report this with the file"


def _refuse(conn: sqlite3.Connection, doc_id: str, exc: sqlite3.Error) -> str:
    """Take a refused document's sentences out of the index and store it as a failure; returns the message."""
    conn.execute(
        f"INSERT INTO main.{FTS_TABLE}({FTS_TABLE}, rowid, text, text_stemmed)"
        " SELECT 'delete', id, text, text_stemmed FROM shard.sentences WHERE document_id = ?",
        (doc_id,),
    )
    _delete_older(conn, doc_id)  # as a serial build does: the failure replaces what was stored of the file
    source, filename, sample = conn.execute(
        "SELECT source, filename, sample FROM shard.documents WHERE id = ?", (doc_id,)
    ).fetchone()
    message = unstorable_message(source, exc)
    conn.execute(
        "INSERT INTO main.documents (id, source, filename, error, extractor_version, built_at, sample)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (doc_id, source, filename, message, extractor_version(), _now(), sample),
    )
    return message


def _insert(conn: sqlite3.Connection, where: str, args: tuple[Any, ...], documents_filter: str = "") -> None:
    """The shard's rows (those ``where`` selects) into the archive, in the shard's order."""
    names = ", ".join(f'"{c}"' for c in _columns(conn, "documents"))
    picked = ", ".join(f'd."{c}"' for c in _columns(conn, "documents"))
    conn.execute(
        f"INSERT INTO main.documents ({names}) SELECT {picked} FROM shard.shard_documents o"
        f" JOIN shard.documents d ON d.id = o.document_id {documents_filter} ORDER BY o.seq",
        args,
    )
    names = ", ".join(SENTENCE_COLUMNS)
    conn.execute(f"INSERT INTO main.sentences ({names}) SELECT {names} FROM shard.sentences {where} ORDER BY id", args)
    people = (
        ""
        if not where
        else (
            "WHERE id IN (SELECT person_id FROM shard.person_mentions WHERE document_id = ?1"
            " UNION SELECT person_id FROM shard.quotes WHERE document_id = ?1)"
        )
    )
    conn.execute(
        f"INSERT OR IGNORE INTO main.people (name, surname, key) SELECT name, surname, key FROM shard.people {people}"
        " ORDER BY id",
        args,
    )
    for table in FACT_TABLES:
        columns = [c for c in _columns(conn, table) if c != "id"]
        picked = ", ".join(
            "(SELECT m.id FROM main.people m JOIN shard.people p ON m.key = p.key WHERE p.id = t.person_id)"
            if c == "person_id"
            else f't."{c}"'
            for c in columns
        )
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute(
            f"INSERT INTO main.{table} ({names}) SELECT {picked} FROM shard.{table} t {where} ORDER BY t.id", args
        )


def _assign(conn: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    doc = conn.execute(
        "SELECT id, text, release_date, issuer, error FROM main.documents WHERE id = ?", (row[0],)
    ).fetchone()
    if doc is None or doc[4]:
        return
    releases.assign(
        conn,
        {"id": doc[0], "text": doc[1], "release_date": doc[2], "issuer": doc[3]},
        _signature(row[:5]),
        _prior(row[5:10]),
    )

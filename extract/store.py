"""Records -> SQLite rows with provenance, into the tables of schema/schema.sql.

Rows for one document are computed where it was extracted (a worker process,
see build.py) as plain dicts, and written by one process in one transaction:
a document is stored whole or not at all. A document's id is the SHA-256 of
its bytes, so a re-run skips unchanged files and replaces changed ones.
"""

from __future__ import annotations

import bisect
import dataclasses
import fcntl
import functools
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
import Stemmer

from extract import __version__, releases
from extract.errors import NotAnArchive
from extract.records import Agreement, Fact, Money
from extract.registry import Identity, identity, register
from extract.resources import PACKAGE, schema_path

if TYPE_CHECKING:  # the pipeline imports every extractor; writing rows needs none of them
    from extract.pipeline import Processed

FACT_TABLES = ("commune_mentions", "person_mentions", "quotes", "dates", "money", "figures", "ordinals", "agreements")
ROW_TABLES = ("sentences",) + FACT_TABLES


@functools.cache
def schema_sql() -> str:
    return schema_path().read_text(encoding="utf-8")


@functools.cache
def schema_version() -> str:
    return hashlib.sha256(schema_sql().encode()).hexdigest()[:12]


@functools.cache
def extractor_version() -> str:
    """The package version plus a digest of the code and data that decide what is extracted."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".jsonl", ".json", ".csv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


@functools.cache
def _stemmer() -> Any:
    return Stemmer.Stemmer("german")


_WORD_RE = re.compile(r"\w+(?:-\w+)*")


def stem_text(text: str) -> str:
    """Snowball German stems of the words of ``text``, lower case, for search."""
    return " ".join(_stemmer().stemWords(_WORD_RE.findall(text.lower())))


# ---------------------------------------------------------------- opening the archive

SQLITE_HEADER = b"SQLite format 3\x00"


def check_archive(path: str | Path) -> str | None:
    """The schema version of the archive at ``path``; None when there is nothing there yet.

    Raises ``NotAnArchive`` for a file that is not a pressdb archive (any other file, an SQLite database of
    another program, a damaged one): such a file is never written to, replaced or deleted.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise NotAnArchive(f"{path}: cannot be opened ({exc.strerror}); check the path given with --db") from exc
    if path.is_dir():
        raise NotAnArchive(f"{path}: is a directory; give --db the path of an archive file, e.g. {path}/archive.db")
    if info.st_size == 0:
        return None  # an empty file: nothing to lose
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotAnArchive(f"{path}: cannot be read ({exc.strerror}); check the permissions") from exc
    other = (
        f"pressdb leaves it as it is: give --db the path of a pressdb archive, or a new file name such as "
        f"{path.with_name('archive.db')}"
    )
    if head != SQLITE_HEADER:
        raise NotAnArchive(f"{path}: is not a pressdb archive (not an SQLite database at all); {other}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = (
                conn.execute("SELECT value FROM archive_info WHERE key = 'schema_version'").fetchone()
                if "archive_info" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAnArchive(f"{path}: is an SQLite database that cannot be read ({exc}); {other}") from exc
    if not tables:
        return None  # an empty database: nothing to lose
    if not row:
        names = ", ".join(sorted(tables)[:5])
        raise NotAnArchive(
            f"{path}: is an SQLite database of another program (tables {names}), not a pressdb archive; {other}"
        )
    return str(row[0])


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (or create) the archive; refuse a file that is not one (see ``check_archive``).

    An archive of another schema version is replaced by a new empty one, swapped in atomically; a build
    uses ``Archive``, which builds the new one beside the old and swaps it in only when it is complete.
    """
    path = Path(path)
    stored = check_archive(path)
    if stored not in (schema_version(), None):
        fresh = rebuild_path(path)
        _remove_database(fresh)
        _connect(fresh).conn.close()
        _swap(fresh, path)
    return _connect(path)


BUSY_SECONDS = 30.0  # how long a write waits for another program's write lock before the build stops


def _connect(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if not db["archive_info"].exists():
        _create(db)
    load_gazetteer_tables(db)
    return db


def rebuild_path(path: Path) -> Path:
    """Where a new archive for ``path`` is built before it is swapped in."""
    return path.with_name(f".{path.name}.rebuild")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _swap(fresh: Path, path: Path) -> None:
    """Put the complete archive ``fresh`` in the place of ``path`` in one step (os.replace).

    The new file is made self-contained first (its write-ahead log folded in, rollback journal mode), so
    that it needs no -wal file; the old file's -wal and -shm are unlinked after the swap: a server that has
    the old archive open keeps reading it whole, new connections open the new one.
    """
    conn = sqlite3.connect(fresh, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    if path.exists():
        try:
            old = sqlite3.connect(path, isolation_level=None, timeout=5)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                old.close()
        except sqlite3.Error:
            pass  # the old archive goes anyway; its readers keep their open file
    os.replace(fresh, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class Archive:
    """The archive a build writes: locked for the build, checked, and for a new schema built beside the old.

    ``with Archive(path) as archive:`` takes an exclusive lock on ``<path>.lock`` (a second build waits, after
    calling ``on_wait`` with a message saying so), refuses a file that is not an archive, and opens
    ``archive.db``. When the file holds an archive of another schema version, the new archive is built in
    ``.<name>.rebuild`` beside it and swapped in by ``finish()``: a server reading the old archive never sees
    a half-built one. Leaving the block without ``finish()`` (an error, Ctrl-C) leaves the old archive as it
    was.
    """

    def __init__(self, path: str | Path, on_wait: Callable[[str], None] = lambda message: None) -> None:
        self.path = Path(path)
        self.on_wait = on_wait
        self.rebuilding = False
        self._lock_fd: int | None = None
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        assert self._db is not None, "use Archive in a with block"
        return self._db

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def __enter__(self) -> Archive:
        check_archive(self.path)  # refuse before creating anything beside a file that is not ours
        self._lock()
        try:
            stored = check_archive(self.path)
            if stored not in (schema_version(), None):
                self.rebuilding = True
                target = rebuild_path(self.path)
                _remove_database(target)  # what a killed rebuild left
                self.on_wait(
                    f"{self.path}: an archive of an older pressdb schema; building a new one beside it, "
                    "which replaces it when the build is complete"
                )
            else:
                target = self.path
            self._db = _connect(target)
        except BaseException:
            self._unlock()
            raise
        return self

    def finish(self) -> None:
        """Fold the log into the file, close it, and swap in a rebuilt archive."""
        db = self.db
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        self._db = None
        if self.rebuilding:
            _swap(rebuild_path(self.path), self.path)

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
        self._unlock()

    def _lock(self) -> None:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise NotAnArchive(
                f"{self.lock_path}: cannot create the lock file beside the archive ({exc.strerror}); "
                "build into a folder you can write to"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            self.on_wait(
                f"{self.path}: another build is writing to this archive (process {holder}); "
                "waiting for it to finish (Ctrl-C to stop)"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None


def load_gazetteer_tables(db: sqlite_utils.Database) -> None:
    """Copy the shipped gazetteer into the archive (again only when the gazetteer changed)."""
    from extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    meta = gazetteer.meta
    signature = json.dumps([meta.get("gebietsstand"), meta.get("build_date"), meta.get("files")], sort_keys=True)
    stored = db.execute("SELECT value FROM archive_info WHERE key = 'gazetteer'").fetchone()
    if stored and stored[0] == signature:
        return
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT OR REPLACE INTO kreise (kreis_ags, name, kind, population) VALUES (?, ?, ?, ?)",
            [(k.kreis_ags, k.name, k.kind, k.population) for k in gazetteer.kreise],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO verbaende (ars, name, kind, kreis_ags, members) VALUES (?, ?, ?, ?, ?)",
            [
                (v.verband_ars, v.name, v.kind, v.kreis_ags, json.dumps(list(v.members_ags)))
                for v in gazetteer.verbaende
            ],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO communes (ags, name, name_official, name_sorbian, kind, kreis_ags, landkreis,"
            " verband_ars, verband_name, lat, lon, population, valid_from, valid_to, successor_ags)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.ags,
                    c.name,
                    c.name_official,
                    c.name_sorbian,
                    c.kind,
                    c.kreis_ags,
                    c.landkreis,
                    c.verband_ars,
                    c.verband,
                    c.lat,
                    c.lon,
                    c.population,
                    c.valid_from,
                    c.valid_to,
                    c.successor_ags,
                )
                for c in gazetteer.communes
            ],
        )
        conn.executemany(
            "INSERT INTO archive_info(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [
                ("gazetteer", signature),
                ("gazetteer_source", str(meta.get("source"))),
                ("gazetteer_gebietsstand", str(meta.get("gebietsstand"))),
            ],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _create(db: sqlite_utils.Database) -> None:
    db.conn.execute("BEGIN")
    try:
        for statement in _statements(schema_sql()):
            db.conn.execute(statement)
        db.conn.executemany(
            "INSERT INTO archive_info(key, value) VALUES (?, ?)",
            [("schema_version", schema_version()), ("created_at", _now())],
        )
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise


def _statements(sql: str) -> list[str]:
    """Split a script into statements (sqlite3.complete_statement keeps triggers whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if not buf.strip().upper().startswith("PRAGMA"):
                out.append(buf.strip())
            buf = ""
    return out


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class KnownSources:
    """``source in known.sources``: is a document stored under this path? (an index look-up)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __contains__(self, source: object) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE source = ? LIMIT 1", (source,)).fetchone() is not None


class KnownDocuments:
    """The stored documents, looked up one input at a time: a build reads the rows of its inputs, not the archive's.

    ``known.get(id)`` -> (source, extractor_version, error) of the stored document with that id, or None.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sources = KnownSources(conn)

    def get(self, doc_id: str) -> tuple[str, str, str | None] | None:
        row = self.conn.execute(
            "SELECT source, extractor_version, error FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def __contains__(self, doc_id: object) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None


def known_documents(db: sqlite_utils.Database) -> KnownDocuments:
    """The stored documents by id and by source, read on demand (see KnownDocuments)."""
    return KnownDocuments(db.conn)


def set_info(db: sqlite_utils.Database, **values: str) -> None:
    with db.conn:
        db.conn.executemany(
            "INSERT INTO archive_info(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )


# ---------------------------------------------------------------- rows


@dataclass(slots=True)
class DocumentRows:
    """Everything one document contributes to the archive, ready to insert."""

    document: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    person_keys: list[Identity] = field(default_factory=list)  # per person_mentions row
    quote_keys: list[Identity] = field(default_factory=list)  # per quotes row
    # The MinHash signature of the clean text, computed where the document was extracted (not by the writer).
    signature: releases.Signature | None = None
    signed: bool = False


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def document_rows(processed: Processed) -> DocumentRows:
    """The rows of one extracted document (pure: runs in worker processes)."""
    raw, cleaned, doc, ex = processed.raw, processed.clean, processed.doc, processed.extraction
    release = ex.release
    layout = raw.layout
    sentence_starts: list[int] = []
    sentences: list[dict[str, Any]] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        start = sent.start_char + lead
        rs, re_ = cleaned.offsets.raw_span(start, start + len(text))
        box = layout.locate(rs, re_) if layout else None
        sentence_starts.append(start)
        sentences.append(
            {
                "n": len(sentences),
                "char_start": start,
                "char_end": start + len(text),
                "page": box.page if box else None,
                "text": text,
                "text_stemmed": stem_text(text),
            }
        )

    def provenance(fact: Fact) -> dict[str, Any]:
        rs: int | None
        re_: int | None
        if fact.start >= 0:
            rs, re_ = cleaned.offsets.raw_span(fact.start, fact.end)
            i = bisect.bisect_right(sentence_starts, fact.start) - 1
            sentence_n = i if i >= 0 else None
        else:
            rs, re_ = fact.raw if fact.raw else (None, None)
            sentence_n = None
        box = layout.locate(rs, re_) if layout and rs is not None and re_ is not None else None
        return {
            "sentence_n": sentence_n,
            "text": fact.text,
            "char_start": fact.start,
            "char_end": fact.end,
            "raw_start": rs,
            "raw_end": re_,
            "page": box.page if box else None,
            "x0": box.x0 if box else None,
            "top": box.top if box else None,
            "x1": box.x1 if box else None,
            "bottom": box.bottom if box else None,
            "rule": fact.rule,
        }

    def rows(facts: list[Any], skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        out = []
        for fact in facts:
            row = provenance(fact)
            for f in dataclasses.fields(fact):
                if f.name in ("text", "start", "end", "rule", "raw") or f.name in skip:
                    continue
                row[f.name] = _plain(getattr(fact, f.name))
            out.append(row)
        return out

    tables: dict[str, list[dict[str, Any]]] = {"sentences": sentences}
    communes = rows(ex.communes, skip=("ags",))
    for row, mention in zip(communes, ex.communes, strict=True):
        row["ags"] = mention.ags if mention.level == "gemeinde" else None
        row["kreis_ags"] = mention.ags[:5]
    tables["commune_mentions"] = communes
    tables["person_mentions"] = rows(ex.people, skip=("surname",))
    tables["quotes"] = rows(ex.quotes)
    tables["dates"] = rows(ex.dates)
    for row in tables["dates"]:
        row["inferred"] = int(bool(row["inferred"]))
    tables["money"] = _money_rows(ex.money, rows)
    tables["figures"] = rows(ex.figures)
    tables["ordinals"] = rows(ex.ordinals)
    tables["agreements"] = rows(ex.agreements)
    for row, agreement in zip(tables["agreements"], ex.agreements, strict=True):
        row["event_key"] = event_key(agreement)

    document = {
        "id": raw.sha256,
        "source": raw.source,
        "filename": Path(raw.source).name,
        "format": raw.format,
        "encoding": raw.encoding,
        "issuer": release.issuer,
        "kind": release.kind,
        "release_date": release.date.isoformat() if release.date else None,
        "year": release.date.year if release.date else None,
        "title": release.title,
        "contact_name": release.contact_name,
        "contact_role": release.contact_role,
        "contact_phone": release.contact_phone,
        "contact_fax": release.contact_fax,
        "contact_email": release.contact_email,
        "pages": raw.pages,
        "raw_text": raw.text,
        "text": cleaned.text,
        "notes": json.dumps(cleaned.notes, ensure_ascii=False),
        "error": None,
        "url": raw.url,
        "ocr": int(raw.ocr),
        "ocr_confidence": raw.ocr_confidence,
    }
    people = [identity(raw.sha256, p.name, p.surname) for p in ex.people]
    by_name = {p.name: key for p, key in zip(ex.people, people, strict=True)}
    quotes = [by_name.get(q.speaker) or identity(raw.sha256, q.speaker, q.speaker.split()[-1]) for q in ex.quotes]
    return DocumentRows(
        document=document,
        tables=tables,
        person_keys=people,
        quote_keys=quotes,
        signature=releases.signature(cleaned.text),
        signed=True,
    )


def _money_rows(money: list[Money], rows: Any) -> list[dict[str, Any]]:
    out = rows(money, skip=("amount", "amount_max"))
    for row, m in zip(out, money, strict=True):
        row["amount_cents"] = _cents(m.amount)
        row["amount_max_cents"] = _cents(m.amount_max)
    return out


def event_key(agreement: Agreement) -> str:
    """Signings of one municipality on one day (or undated) under one programme are one event."""
    when = agreement.date.isoformat() if agreement.date else "undated"
    return f"{agreement.commune_ags}:{when}:{(agreement.programme or agreement.kind).lower()}"


def failure_rows(source: str, sha: str, message: str) -> DocumentRows:
    """A documents row that records why a file could not be read."""
    return DocumentRows(document={"id": sha, "source": source, "filename": Path(source).name, "error": message})


# ---------------------------------------------------------------- writing


def begin_bulk(db: sqlite_utils.Database, **options: Any) -> None:
    """From now on write_document writes into large transactions (extract/writer.py) until end_bulk."""
    from extract.writer import BulkWriter

    db._pressdb_writer = BulkWriter(db.conn, **options)  # type: ignore[attr-defined]


def end_bulk(db: sqlite_utils.Database) -> None:
    """Commit what the bulk writer holds and go back to one transaction per document."""
    writer = getattr(db, "_pressdb_writer", None)
    if writer is not None:
        writer.close()
        del db._pressdb_writer  # type: ignore[attr-defined]


def signature_of(rows: DocumentRows) -> releases.Signature | None:
    """The document's signature for reprint detection (computed by the worker, if it did); None for a failure,
    which has no text to compare."""
    if rows.document.get("error"):
        return None
    return rows.signature if rows.signed else releases.signature(rows.document.get("text") or "")


def write_document(db: sqlite_utils.Database, rows: DocumentRows) -> None:
    """Store one document whole, replacing an earlier version of the same file, in one transaction."""
    conn = db.conn
    doc = dict(rows.document, extractor_version=extractor_version(), built_at=_now())
    sig = signature_of(rows)  # before the write lock is taken
    writer = getattr(db, "_pressdb_writer", None)
    if writer is not None:  # between begin_bulk and end_bulk: many documents to a transaction
        writer.write(rows, doc, sig)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = [
            r[0]
            for r in conn.execute("SELECT id FROM documents WHERE id = ? OR source = ?", (doc["id"], doc["source"]))
        ]
        for doc_id in old:
            _delete_document(conn, doc_id)
        columns = ", ".join(doc)
        conn.execute(f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * len(doc))})", list(doc.values()))
        sentence_ids: list[int] = []
        for row in rows.tables.get("sentences", []):
            cur = conn.execute(
                "INSERT INTO sentences (document_id, n, char_start, char_end, page, text, text_stemmed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    doc["id"],
                    row["n"],
                    row["char_start"],
                    row["char_end"],
                    row["page"],
                    row["text"],
                    row["text_stemmed"],
                ),
            )
            sentence_ids.append(cur.lastrowid or 0)
        people = register(conn, rows.person_keys + rows.quote_keys)
        for table in FACT_TABLES:
            for row in fact_rows(table, rows, doc["id"], sentence_ids, people):
                columns = ", ".join(f'"{c}"' for c in row)
                conn.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
                )
        if not doc.get("error"):
            releases.assign(conn, doc, sig)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def fact_rows(
    table: str, rows: DocumentRows, doc_id: str, sentence_ids: list[int], people: dict[str, int]
) -> list[dict[str, Any]]:
    """One table's fact rows of a document, ready to insert: document, sentence and person ids filled in."""
    out = []
    for i, row in enumerate(rows.tables.get(table, [])):
        row = dict(row)
        n = row.pop("sentence_n")
        row["document_id"] = doc_id
        row["sentence_id"] = sentence_ids[n] if n is not None and n < len(sentence_ids) else None
        if table == "person_mentions":
            row["person_id"] = people[rows.person_keys[i][0]]
        elif table == "quotes":
            row["person_id"] = people[rows.quote_keys[i][0]]
        out.append(row)
    return out


def _delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    releases.remove(conn, doc_id)
    for table in FACT_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
    conn.execute("DELETE FROM sentences WHERE document_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

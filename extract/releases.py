"""Documents -> releases: renditions of one publication, and reproductions of it elsewhere.

A file is a *document*; what an authority published is a *release*. Two
documents whose clean texts are near-identical (the text and the PDF of one
Medieninformation, the ministry's web page and its media-service page) are
*renditions* of one release. A document that copies most of another release's
text beside furniture and edits of its own (a newspaper, a town's web site) is
a *reproduction*: it points to the release it copies, with the share of its
own text that is copied.

Candidates are found with MinHash signatures over word 5-shingles and
locality-sensitive hashing (``datasketch``), never by file name. The band
buckets of every signature are stored in the archive (``signature_bands``), so
an added document is compared by index look-ups, without rehashing the
archive; only the few candidates that share a bucket are checked exactly.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2: the values stored in document_signatures depend on it
# Candidates: Jaccard similarity of the shingle sets above about this (a reprint cut to a web excerpt shares
# a third of the original's shingles); every candidate is verified on the texts.
LSH_THRESHOLD = 0.25
RENDITION_JACCARD = 0.8  # the same text in another format: page breaks and hyphenation change a few shingles
REPRODUCTION_SHARE = 0.5  # at least half of the shorter text copied from the other
MIN_SHINGLES = 20  # shorter texts (a title, an error) are never matched
WORD_RE = re.compile(r"\w+")
FORMAT_RANK = {"text": 0, "html": 1, "pdf": 2}


@dataclass(frozen=True, slots=True)
class Signature:
    """The MinHash signature of one document's clean text and its LSH band buckets."""

    shingles: int
    minhash: bytes  # NUM_PERM unsigned 32-bit values, little-endian
    buckets: tuple[int, ...]
    # The exact shingle set (``shingle_ids``: sorted unique 64-bit ids, little-endian), computed with the signature
    # where the document is extracted, so that the one writing process only compares; empty: computed on demand.
    ids: bytes = b""


@dataclass(frozen=True, slots=True)
class Match:
    """How a document relates to a release already in the archive."""

    document_id: str  # the stored document it was compared with
    jaccard: float
    share_new: float  # share of the new document's shingles found in the stored one
    share_old: float  # share of the stored document's shingles found in the new one


def shingles(text: str) -> set[str]:
    """Word 5-grams of the lower-cased text."""
    words = WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


@functools.cache
def _lsh_shape() -> tuple[int, int]:
    """Bands and rows per band that datasketch chooses for the threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


@functools.cache
def _permutations() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def signature(text: str) -> Signature | None:
    """The signature of a clean text, or None when it is too short to compare."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_crc32, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch([g.encode() for g in grams])
    values = mh.hashvalues.astype("<u4")
    ids = np.asarray(shingle_ids(text), dtype="<u8")
    return Signature(len(grams), values.tobytes(), band_buckets(values), ids.tobytes())


def signature_ids(sig: Signature, text: str) -> Any:
    """The shingle ids of a document, from its signature when they were computed with it."""
    if sig.ids:
        return np.frombuffer(sig.ids, dtype="<u8").astype(np.uint64, copy=False)
    return shingle_ids(text)


def band_buckets(values: Any) -> tuple[int, ...]:
    """One signed 64-bit bucket per LSH band (the band number is part of the hash)."""
    bands, rows = _lsh_shape()
    raw = np.asarray(values, dtype="<u4").tobytes()
    out = []
    for band in range(bands):
        digest = hashlib.blake2b(raw[band * rows * 4 : (band + 1) * rows * 4], digest_size=8, salt=bytes([band]))
        out.append(int.from_bytes(digest.digest(), "little", signed=True))
    return tuple(out)


def estimated_jaccard(a: bytes, b: bytes) -> float:
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


@functools.lru_cache(maxsize=1 << 18)
def _word_id(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


_SPREAD = np.uint64(0x9E3779B97F4A7C15)  # odd: a step of the polynomial hash over a shingle's five word ids


@functools.lru_cache(maxsize=256)
def shingle_ids(text: str) -> Any:
    """The shingles of ``text`` as sorted, unique 64-bit ids: sets compared by array intersection.

    The same sets as ``shingles`` (a 64-bit id per word, five of them combined
    per shingle: distinct shingles colliding is as likely as guessing a 64-bit
    number); cached, as a stored document is compared with each new one that
    shares its LSH buckets.
    """
    words = WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return np.array([_word_id(" ".join(words))] if words else [], dtype=np.uint64)
    ids = np.fromiter((_word_id(w) for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE_WORDS + 1
    combined = ids[:n].copy()
    for k in range(1, SHINGLE_WORDS):
        combined = combined * _SPREAD + ids[k : k + n]  # wraps around modulo 2**64
    return np.unique(combined)


_STORED: OrderedDict[str, Any] = OrderedDict()  # document id -> shingle ids, the most recently used last
STORED_CACHE = 8192


def _stored_ids(conn: sqlite3.Connection, doc_id: str) -> Any:
    """The shingle ids of a stored document's text (a document id is the SHA-256 of its bytes, and within one
    process one extractor version turns the same bytes into the same text: the cache needs no invalidation).

    Stored with the signature; computed from the text for a signature stored without them."""
    found = _STORED.get(doc_id)
    if found is not None:
        _STORED.move_to_end(doc_id)
        return found
    row = conn.execute("SELECT ids FROM document_signatures WHERE document_id = ?", (doc_id,)).fetchone()
    if row and row[0] is not None:
        ids = np.frombuffer(row[0], dtype="<u8").astype(np.uint64, copy=False)
    else:
        row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        ids = shingle_ids(row[0] if row and row[0] else "")
    _remember(doc_id, ids)
    return ids


def _remember(doc_id: str, ids: Any) -> None:
    _STORED[doc_id] = ids
    _STORED.move_to_end(doc_id)
    if len(_STORED) > STORED_CACHE:
        _STORED.popitem(last=False)


def compare(new_text: str, old_text: str) -> tuple[float, float, float]:
    """(Jaccard, share of new copied from old, share of old found in new), exactly on the shingles."""
    return _compare_ids(shingle_ids(new_text), shingle_ids(old_text))


def _compare_ids(a: Any, b: Any) -> tuple[float, float, float]:
    return _shares(len(a), len(b), _common_counts(a, [b])[0])


# ---------------------------------------------------------------- the archive


def candidates(
    conn: sqlite3.Connection, doc_id: str, sig: Signature, after: int = 0, upto: int | None = None
) -> list[tuple[str, bytes, int]]:
    """Stored documents sharing at least one LSH bucket with ``sig``: (id, minhash, shingles).

    Only those whose signature id is above ``after`` and, if given, at most ``upto``.
    """
    found: dict[str, tuple[str, bytes, int]] = {}
    upper = (1 << 63) - 1 if upto is None else upto
    for chunk in _chunks(sig.buckets, 500):
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT s.document_id, s.minhash, s.shingles FROM document_signatures s WHERE s.id IN"
            f" (SELECT signature_id FROM signature_bands WHERE bucket IN ({marks})"
            " AND signature_id > ? AND signature_id <= ?)",
            (*chunk, after, upper),
        ):
            found[row[0]] = row
    found.pop(doc_id, None)
    return [found[k] for k in sorted(found)]


def _chunks(items: tuple[int, ...], size: int) -> Iterable[tuple[int, ...]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def best_match(
    conn: sqlite3.Connection, doc_id: str, text: str, sig: Signature, after: int = 0, upto: int | None = None
) -> Match | None:
    """The stored document most like this one, if it is a rendition or a reproduction of it (or it of this).

    Among the documents whose signature id is above ``after`` and at most ``upto`` (all by default); ties go to
    the smallest document id.
    """
    found = candidates(conn, doc_id, sig, after, upto)
    if not found:
        return None
    # All candidates at once: the estimated Jaccard from the signatures, then the share of the shorter text found
    # in the other: a shared boilerplate paragraph puts two releases in one bucket, but covers a small share of either.
    mine = np.frombuffer(sig.minhash, dtype="<u4")
    theirs = np.frombuffer(b"".join(c[1] for c in found), dtype="<u4").reshape(len(found), -1)
    estimated = (theirs == mine).mean(axis=1)
    sizes = np.array([c[2] for c in found], dtype=np.float64)
    common = estimated * (sig.shingles + sizes) / (1 + estimated)
    keep = common / np.minimum(sig.shingles, sizes) >= REPRODUCTION_SHARE - 0.2
    kept = [c[0] for c, k in zip(found, keep, strict=True) if k]
    if not kept:
        return None
    # Exactly, on the shingles: the stored sets against this one, in one sorted search.
    new_ids = signature_ids(sig, text)
    stored = [_stored_ids(conn, other) for other in kept]
    counts = _common_counts(new_ids, stored)
    best: Match | None = None
    for other, old_ids, n_common in zip(kept, stored, counts, strict=True):
        jaccard, share_new, share_old = _shares(len(new_ids), len(old_ids), n_common)
        if jaccard < RENDITION_JACCARD and max(share_new, share_old) < REPRODUCTION_SHARE:
            continue
        best = better(best, Match(other, jaccard, share_new, share_old))
    return best


def better(a: Match | None, b: Match | None) -> Match | None:
    """The better of two matches: the higher Jaccard, then the larger copied share, then the smaller document id."""
    if a is None or b is None:
        return a or b

    def rank(m: Match) -> tuple[float, float]:
        return m.jaccard, max(m.share_new, m.share_old)

    if rank(a) != rank(b):
        return a if rank(a) > rank(b) else b
    return a if a.document_id <= b.document_id else b


def _common_counts(a: Any, others: list[Any]) -> list[int]:
    """How many of each array's ids are in the sorted unique array ``a`` (exactly).

    The ids are uniformly random 64-bit numbers, so their low bits address a
    table: each id of ``a`` is written to the slot its low bits name, and an id
    of the others is in ``a`` when its slot holds it, or when it is one of the
    few ids of ``a`` that lost their slot to another (looked up by sorted
    search). An empty slot holds a number whose low bits are not the slot's,
    which no id addressed to that slot can equal. Some forty times faster than
    a sorted search of every id: a document is compared with dozens of stored
    ones that share its boilerplate.
    """
    if not len(a) or not others:
        return [0] * len(others)
    a = np.asarray(a, dtype=np.uint64)
    joined = np.concatenate(others).astype(np.uint64, copy=False)
    bits = max(12, int(len(a)).bit_length() + 4)  # 16 or more slots per id: few ids share a slot
    mask = (1 << bits) - 1
    table = np.arange(1 << bits, dtype=np.uint64) ^ np.uint64(1)  # empty slot i: i ^ 1, whose low bits are not i
    slots = a.view(np.int64) & mask
    table[slots] = a
    hits = table[joined.view(np.int64) & mask] == joined
    displaced = a[table[slots] != a]  # sorted, as ``a`` is
    if len(displaced):
        at = np.minimum(np.searchsorted(displaced, joined), len(displaced) - 1)
        hits |= displaced[at] == joined
    ends = np.cumsum([len(arr) for arr in others])
    owner = np.searchsorted(ends, np.flatnonzero(hits), side="right")
    counts: list[int] = np.bincount(owner, minlength=len(others)).tolist()
    return counts


def _shares(la: int, lb: int, common: int) -> tuple[float, float, float]:
    if not la or not lb:
        return 0.0, 0.0, 0.0
    return common / (la + lb - common), common / la, common / lb


def _is_copy(new: dict[str, Any], old: dict[str, Any], m: Match) -> bool:
    """Is the new document the copy (True) or the original (False) of the pair?"""
    new_day, old_day = new.get("release_date"), old.get("release_date")
    if new_day and old_day and new_day != old_day:
        return bool(new_day > old_day)
    if bool(new.get("issuer")) != bool(old.get("issuer")):
        return not new.get("issuer")  # the publisher's own page names its issuer in the letterhead
    return m.share_new >= m.share_old  # the shorter text, most of which is found in the other, copies it


@dataclass(frozen=True, slots=True)
class Prior:
    """The best match among the signatures up to ``upto``, found beforehand (by the worker that extracted the
    document, in a snapshot of the archive: extract/shards.py)."""

    upto: int
    match: Match | None


def prior_match(conn: sqlite3.Connection, doc_id: str, text: str, sig: Signature) -> Prior:
    """``best_match`` among the signatures ``conn`` sees now (a read transaction keeps them still)."""
    upto = conn.execute("SELECT coalesce(max(id), 0) FROM document_signatures").fetchone()[0]
    return Prior(upto, best_match(conn, doc_id, text, sig, upto=upto))


def _match(conn: sqlite3.Connection, doc_id: str, text: str, sig: Signature, prior: Prior | None) -> Match | None:
    """``best_match`` against every stored signature, using what ``prior`` found below its bound.

    The prior match stands when its document still has the signature the prior saw (signature ids are never
    reused); documents deleted since only take candidates away. Otherwise everything is compared here.
    """
    if prior is None:
        return best_match(conn, doc_id, text, sig)
    if prior.match is not None:
        row = conn.execute(
            "SELECT id FROM document_signatures WHERE document_id = ?", (prior.match.document_id,)
        ).fetchone()
        if row is None or row[0] > prior.upto:
            return best_match(conn, doc_id, text, sig)
    return better(prior.match, best_match(conn, doc_id, text, sig, after=prior.upto))


def assign(conn: sqlite3.Connection, doc: dict[str, Any], sig: Signature | None, prior: Prior | None = None) -> None:
    """Store the signature of a just-inserted document and place it in a release (inside the caller's transaction).

    ``prior``: the best match among the signatures up to some id, found beforehand; only those above it are
    compared here.
    """
    doc_id = doc["id"]
    match = None
    if sig is not None:
        ids = signature_ids(sig, doc.get("text") or "")
        cur = conn.execute(
            "INSERT INTO document_signatures (document_id, shingles, minhash, ids) VALUES (?, ?, ?, ?)",
            (doc_id, sig.shingles, sig.minhash, np.asarray(ids, dtype="<u8").tobytes()),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO signature_bands (bucket, signature_id) VALUES (?, ?)",
            [(b, cur.lastrowid) for b in sig.buckets],
        )
        match = _match(conn, doc_id, doc.get("text") or "", sig, prior)
        _remember(doc_id, ids)  # a later document that shares its buckets finds its shingles at once
    if match is None:
        _found_release(conn, doc_id)
        return
    old = _document(conn, match.document_id)
    release_id = old["release_id"]
    new_day, old_day = doc.get("release_date"), old.get("release_date")
    same_day = not (new_day and old_day and new_day != old_day)
    if match.jaccard >= RENDITION_JACCARD and same_day:
        # Another rendition of the same text: it shares the stored document's place (release and role).
        # The same text under another date is a copy published later (a reprint), handled below.
        _set(conn, doc_id, release_id, old["release_role"], old["copied_share"])
    elif _is_copy(doc, old, match):
        _set(conn, doc_id, release_id, "reproduction", match.share_new)
    elif old["release_role"] == "reproduction":
        # The stored document copies some release, and this one copies much of it too: a copy of the same release.
        _set(conn, doc_id, release_id, "reproduction", match.share_new)
    else:
        # This is the original of a release the archive so far knew only from a copy: it becomes the release's
        # rendition, and the renditions stored before are reproductions of it.
        for (other,) in conn.execute(
            "SELECT id FROM documents WHERE release_id = ? AND release_role = 'rendition'", (release_id,)
        ).fetchall():
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (other,)).fetchone()
            _, share, _ = compare(row[0] or "", doc.get("text") or "")
            _set(conn, other, release_id, "reproduction", share)
        _set(conn, doc_id, release_id, "rendition", None)
    refresh_release(conn, release_id)


def _document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any]:
    cur = conn.execute(
        "SELECT id, release_id, release_role, copied_share, release_date, issuer FROM documents WHERE id = ?",
        (doc_id,),
    )
    names = [c[0] for c in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def _set(conn: sqlite3.Connection, doc_id: str, release_id: int, role: str, share: float | None) -> None:
    conn.execute(
        "UPDATE documents SET release_id = ?, release_role = ?, copied_share = ? WHERE id = ?",
        (release_id, role, None if share is None else round(share, 3), doc_id),
    )


def _found_release(conn: sqlite3.Connection, doc_id: str) -> None:
    """A release of its own for the document: the row ``refresh_release`` computes for one rendition, at once."""
    cur = conn.execute(
        "INSERT INTO releases (document_id, issuer, kind, release_date, year, title, sample, renditions, reproductions)"
        " SELECT id, issuer, kind, release_date, year, title, sample, 1, 0 FROM documents WHERE id = ?",
        (doc_id,),
    )
    if cur.rowcount != 1:
        raise LookupError(f"document {doc_id} must be stored before it is placed in a release")
    _set(conn, doc_id, int(cur.lastrowid or 0), "rendition", None)


def refresh_release(conn: sqlite3.Connection, release_id: int) -> None:
    """Recompute a release's row from its documents; delete it when none is left."""
    members = conn.execute(
        "SELECT id, format, release_role, error FROM documents WHERE release_id = ?", (release_id,)
    ).fetchall()
    renditions = [m for m in members if m[2] == "rendition"]
    if not members:
        conn.execute("DELETE FROM releases WHERE id = ?", (release_id,))
        return
    pool = renditions or members
    canonical = min(pool, key=lambda m: (m[3] is not None, FORMAT_RANK.get(m[1] or "", 3), m[0]))[0]
    conn.execute(
        """
        UPDATE releases SET document_id = d.id, issuer = d.issuer, kind = d.kind, release_date = d.release_date,
               year = d.year, title = d.title, sample = d.sample, renditions = ?, reproductions = ?
        FROM (SELECT * FROM documents WHERE id = ?) AS d
        WHERE releases.id = ?
        """,
        (len(renditions), len(members) - len(renditions), canonical, release_id),
    )


def remove(conn: sqlite3.Connection, doc_id: str) -> None:
    """Take a document out of its release before it is deleted (inside the caller's transaction)."""
    row = conn.execute("SELECT release_id FROM documents WHERE id = ?", (doc_id,)).fetchone()
    stored = conn.execute("SELECT id, minhash FROM document_signatures WHERE document_id = ?", (doc_id,)).fetchone()
    if stored:
        buckets = band_buckets(np.frombuffer(stored[1], dtype="<u4"))
        conn.executemany(
            "DELETE FROM signature_bands WHERE bucket = ? AND signature_id = ?", [(b, stored[0]) for b in buckets]
        )
        conn.execute("DELETE FROM document_signatures WHERE id = ?", (stored[0],))
    if not row or row[0] is None:
        return
    release_id = row[0]
    conn.execute("UPDATE documents SET release_id = NULL WHERE id = ?", (doc_id,))
    left = conn.execute("SELECT id FROM documents WHERE release_id = ?", (release_id,)).fetchall()
    if not left:
        conn.execute("DELETE FROM releases WHERE id = ?", (release_id,))
    else:
        refresh_release(conn, release_id)

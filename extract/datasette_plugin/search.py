"""The German search functions inside SQLite (stems, hit marks) and the bounds on what a visitor's SQL may cost."""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from datasette import hookimpl

from extract.store import stem_text

# Markers the search functions put around a hit; render_cell turns them into <mark> after escaping.
HIT_OPEN, HIT_CLOSE = "\u27e6", "\u27e7"
# Trigrams are the smallest unit of the index: shorter words cannot be searched.
MIN_TERM = 3
TERM_RE = re.compile(r"[\w-]+")
WORD_RE = re.compile(r"\w+(?:-\w+)*")


def fts_query(q: str | None) -> str:
    """An FTS5 query for ``q``: each word as written (trigram substring) or by its Snowball stem."""
    parts = []
    for term in TERM_RE.findall(q or ""):
        if len(term) < MIN_TERM:
            continue
        alternatives = [f'text : "{term}"']
        stem = stem_text(term)
        if len(stem) >= MIN_TERM:
            alternatives.append(f'text_stemmed : "{stem}"')
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts) if parts else '""'  # '""' matches nothing, unlike an empty query, which errors


# Marked words remembered per query (a page of 200 sentences repeats most of its words): bounded both ways.
_MARKERS_MAX = 32
_MARKED_WORDS_MAX = 20_000


@functools.lru_cache(maxsize=_MARKERS_MAX)
def _marker(q: str) -> Callable[[re.Match[str]], str] | None:
    """The replacement of each word for a search for ``q`` (the word, marked or not); None without terms."""
    terms = [t.casefold() for t in TERM_RE.findall(q) if len(t) >= MIN_TERM]
    if not terms:
        return None
    stems = [s for s in (stem_text(t) for t in terms) if len(s) >= MIN_TERM]
    seen: dict[str, str] = {}

    def mark(m: re.Match[str]) -> str:
        word = m.group()
        shown = seen.get(word)
        if shown is None:
            folded = word.casefold()
            hit = any(t in folded for t in terms)
            if not hit and stems:
                stemmed = stem_text(word)
                hit = any(s in stemmed for s in stems)
            shown = f"{HIT_OPEN}{word}{HIT_CLOSE}" if hit else word
            if len(seen) < _MARKED_WORDS_MAX:
                seen[word] = shown
        return shown

    return mark


def mark_hits(text: str | None, q: str | None) -> str | None:
    """``text`` with every word that a search for ``q`` matched wrapped in hit markers.

    A word is a hit when it contains a search word (case-folded) or its stem contains a search word's stem.
    """
    if text is None:
        return None
    mark = _marker(q or "")
    return text if mark is None else WORD_RE.sub(mark, text)


# A visitor's SQL may not build values bigger than this (a release's text is ~5 KB, a file at most 25 MB):
# SQLite checks it inside the one VM step that a progress handler cannot interrupt (zeroblob, replace, ...).
MAX_VALUE_BYTES = 32 * 1024 * 1024
MAX_SQL_BYTES = 100_000
# The German search functions run in Python, where SQLite's progress handler cannot stop them: bound their input.
MAX_MARK_CHARS = 200_000
MAX_QUERY_CHARS = 300


# SQLite's printf spins through a huge width or precision one failed append at a time, in one VM step that
# neither the progress handler nor the length limit stops (printf('%.*c', 1500000000, 'x') takes half a minute).
MAX_PRINTF_WIDTH = 100_000
_PRINTF_SPEC_RE = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])")
_PLAIN_SQL = sqlite3.connect(":memory:", check_same_thread=False)
_PLAIN_SQL_LOCK = threading.Lock()


def _bounded_printf(fmt: Any, *args: Any) -> Any:
    """SQLite's printf()/format(); NULL for a width or precision that would spin for minutes.

    NULL rather than an error: an exception in a function would print a traceback on the server's console.
    """
    if fmt is None:
        return None
    used = 0
    for m in _PRINTF_SPEC_RE.finditer(str(fmt)):
        for part in m.group(1), m.group(2):
            if part is None:
                continue
            width = (args[used] if used < len(args) else 0) if part == "*" else part
            used += part == "*"
            try:
                too_wide = abs(int(width)) > MAX_PRINTF_WIDTH
            except (TypeError, ValueError):
                too_wide = False
            if too_wide:
                return None
        if m.group(3) != "%":
            used += 1
    marks = ", ".join("?" * (len(args) + 1))
    with _PLAIN_SQL_LOCK:
        return _PLAIN_SQL.execute(f"SELECT printf({marks})", [fmt, *args]).fetchone()[0]


def _bounded_fts_query(q: str | None) -> str:
    return fts_query((q or "")[:MAX_QUERY_CHARS])


def _bounded_mark(text: str | None, q: str | None) -> str | None:
    if text is not None and len(text) > MAX_MARK_CHARS:
        return text
    return mark_hits(text, (q or "")[:MAX_QUERY_CHARS])


def _bounded_stem(text: str | None) -> str | None:
    return None if text is None else stem_text(text[:MAX_MARK_CHARS])


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("pressdb_match", 1, _bounded_fts_query, deterministic=True)
    conn.create_function("pressdb_mark", 2, _bounded_mark, deterministic=True)
    conn.create_function("stem_de", 1, _bounded_stem, deterministic=True)
    conn.create_function("printf", -1, _bounded_printf, deterministic=True)
    conn.create_function("format", -1, _bounded_printf, deterministic=True)
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 200)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 50)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 500)

"""The cross-release person registry: one stable id per person across documents.

A mention with first name and surname is matched across releases by its
normalised full name (``Prof. Dr. Roland Wöller`` and ``Roland Wöller`` are one
person). A surname-only mention (``Innenminister Beuth``) is never merged across
documents: two releases naming "Schneider" need not mean the same person, so it
gets a person of its own, scoped to its document. The registry lives in the
archive's ``people`` table and grows one document (one transaction) at a time;
roles over time are the ``person_roles`` view.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

TITLE_RE = re.compile(
    r"\b(?:Prof\.|Professor|Dr\.(?:-Ing\.)?|Dipl\.-\w+\.|med\.|phil\.|jur\.|h\.\s?c\.|Herrn?|Frau)\s*"
)


def person_key(name: str) -> str | None:
    """The normalised full name that identifies a person across releases, or None for a surname alone."""
    cleaned = TITLE_RE.sub("", unicodedata.normalize("NFC", name)).replace(",", " ")
    parts = cleaned.casefold().split()
    return " ".join(parts) if len(parts) >= 2 else None


Identity = tuple[str, str, str]  # (registry key, name, surname)


def identity(document_id: str, name: str, surname: str) -> Identity:
    """The registry key of a name: the full name across releases, a surname alone within its document."""
    key = person_key(name) or f"{document_id[:16]}:{surname.casefold()}"
    return key, name, surname


def register(conn: sqlite3.Connection, identities: list[Identity]) -> dict[str, int]:
    """The people id of each key, adding people the archive does not know yet."""
    ids: dict[str, int] = {}
    for key, name, surname in identities:
        if key in ids:
            continue
        found = conn.execute("SELECT id FROM people WHERE key = ?", (key,)).fetchone()
        if found:
            ids[key] = found[0]
        else:
            cur = conn.execute("INSERT INTO people (name, surname, key) VALUES (?, ?, ?)", (name, surname, key))
            ids[key] = cur.lastrowid or 0
    return ids

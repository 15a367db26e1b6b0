"""Measure keys: programme, counted noun's lemma and predicate joined into a key stable across releases."""

from __future__ import annotations

import re
import unicodedata

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.tokens import QUOTES


def fold_key(text: str) -> str:
    """A lowercase ASCII key part: umlauts spelled out, spaces as hyphens."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _measure(programme: str | None, lemma: str | None, predicate: str | None) -> str:
    return ":".join(fold_key(part or "") for part in (programme, lemma, predicate))


def _strip_programme(lemma: str, programme: str | None) -> tuple[str, str | None]:
    """``ASSKomm-Coaching-Prozess`` -> (``Coaching-Prozess``, ``ASSKomm``): a prefix names the programme."""
    head, sep, rest = lemma.partition("-")
    if sep and rest:
        named = _lexicon().programme_by_pattern.get(head.strip(QUOTES))
        if named:
            return rest, named[0]
    return lemma, programme

"""Across releases: the history of each figure, findings that contradict each other, fact-checks.

Everything here reads the archive that ``pressdb build`` wrote (schema/schema.sql); the findings are
written in one transaction, either all of them (``run_audit``, ``pressdb audit``) or, after a build, only
those of the groups its documents touch (``refresh_findings``: the keys ``mark_pending`` recorded in
``findings_pending`` before the build wrote its first document; see ``FindingKeys``).
A figure's date is the date it describes (``as_of``), else its release's date.

Findings compare *statements*, not mentions: a release states a value once, however often its
headline, body, renditions (text, PDF) and reprints print it, and two statements of one release never
contradict each other across releases. Only like is compared with like: a running total with a running
total, a count for one period with a count for the same period (the figure's measure key tells them apart).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import re
import sqlite3
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from extract.german import MONTH_LIST, number_word
from extract.lookup import parse_check

FindingKind = str  # one of FINDING_KINDS
FINDING_KINDS = (
    "count_decreases",
    "ordinal_vs_count",
    "conflicting_values",
    "parts_exceed_total",
    "quote_two_speakers",
    "stale_boilerplate",
)
# Predicates of counts that can only grow: what was advised, signed or founded stays so.
CUMULATIVE_PREDICATES = frozenset(
    {
        "beraten",
        "geschlossen",
        "abgeschlossen",
        "konstituiert",
        "unterzeichnet",
        "durchgeführt",
        "beigetreten",
        "gegründet",
        "gestartet",
        "angeschlossen",
        "beteiligt",
        "gefördert",
        "unterstützt",
        "ausgebildet",
        "qualifiziert",
        "eingerichtet",
        "erstellt",
        "begonnen",
        "vereinbart",
        "aufgenommen",
        "teilgenommen",
    }
)
CUMULATIVE_QUALIFIERS = frozenset(
    {"bereits", "inzwischen", "insgesamt", "mittlerweile", "schon", "bislang", "bisher", "seither", "nunmehr"}
)
# What a qualifier says about the true value: at least, at most, or about the number printed.
LOWER_BOUND_RE = re.compile(r"\b(?:über|mehr als|mindestens|weit über|gut|knapp über|ab)\b", re.IGNORECASE)
UPPER_BOUND_RE = re.compile(r"\b(?:bis zu|höchstens|knapp|fast|nahezu|weniger als|unter)\b", re.IGNORECASE)
APPROX_RE = re.compile(r"\b(?:rund|ca\.?|circa|etwa|ungefähr|annähernd|gut|zirka)\b", re.IGNORECASE)
APPROX_TOLERANCE = 0.05
INCREMENT_RE = re.compile(r"\b(?:weitere[nmrs]?|neue[nmrs]?|zusätzliche[nmrs]?)\b", re.IGNORECASE)
EVENT_RE = re.compile(r"\b(?:[Hh]eute|gestern|am heutigen|[Aa]m \d{1,2}\.)")
CONFLICT_DAYS = 3  # "on one day or within a few days": two releases about the same signing
PART_MARKER_RE = re.compile(r"\b(?:davon|wovon|darunter|von denen|von ihnen|hiervon|hierunter)\b", re.IGNORECASE)
# Counts an ordinal of signings can be compared with when the ordinal names no measure.
SIGNING_PREDICATES = frozenset({"geschlossen", "abgeschlossen", "unterzeichnet", "beigetreten", "vereinbart"})
BOILERPLATE_MIN_CHARS = 60
QUOTE_MIN_CHARS = 30
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
# The measure key's part for a count of one period or one event (extract/fields/figures.py composes it).
PERIOD_KEY_RE = re.compile(r":(?:zeitraum-[\w-]+|zuwachs)(?::|$)")
_QUERY_RE = re.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|[A-Za-zäöüß]+)\s*(?P<word>.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Finding:
    """One contradiction across (or within) releases, with the sentences that show it."""

    kind: FindingKind
    measure: str | None
    document_ids: tuple[str, ...]
    fact_ids: tuple[int, ...]
    values: tuple[Any, ...]
    sentences: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    explanation: str  # one German sentence: what contradicts what
    sources: tuple[str, ...] = ()  # the documents' paths, in the order of document_ids
    release_ids: tuple[int, ...] = ()  # the releases compared, in the same order
    release_dates: tuple[str | None, ...] = ()
    release_titles: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class _Fig:
    id: int
    document_id: str
    release_id: int
    measure: str
    value: float
    value_max: float | None
    unit: str
    lemma: str | None
    predicate: str | None
    qualifier: str | None
    day: str | None  # ISO: as_of, else the release date
    release_date: str | None
    release_title: str | None
    source: str
    sentence: str
    sentence_id: int | None
    start: int
    end: int
    text: str = ""
    canonical: int = 1  # 1 when the figure stands in its release's canonical document
    sample: int = 0  # 1 for a release the project wrote: compared only with other samples, never with real ones

    @property
    def low(self) -> float:
        if self.qualifier and (APPROX_RE.search(self.qualifier) or UPPER_BOUND_RE.search(self.qualifier)):
            return self.value * (1 - APPROX_TOLERANCE) if APPROX_RE.search(self.qualifier) else 0.0
        return self.value

    @property
    def high(self) -> float:
        if self.value_max is not None:
            return self.value_max
        if self.qualifier and LOWER_BOUND_RE.search(self.qualifier):
            return float("inf")
        if self.qualifier and APPROX_RE.search(self.qualifier):
            return self.value * (1 + APPROX_TOLERANCE)
        return self.value

    def shown(self) -> str:
        number = f"{self.value:g}"
        return f"{self.qualifier} {number}" if self.qualifier else number


# ---------------------------------------------------------------- reading the archive


def _connect(db: Any) -> sqlite3.Connection:
    """A connection from a path, a sqlite3 connection or a sqlite_utils Database."""
    if isinstance(db, sqlite3.Connection):
        return db
    if hasattr(db, "conn"):
        return db.conn  # type: ignore[no-any-return]
    conn = sqlite3.connect(str(db), isolation_level=None, timeout=30)
    return conn


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, tuple(params))
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


_FIGURES_SQL = """
SELECT f.id, f.document_id, d.release_id, f.measure, f.value, f.value_max, f.unit, f.lemma, f.predicate,
       f.qualifier, CASE WHEN f.as_of IS NULL OR f.as_of = d.release_date THEN r.release_date ELSE f.as_of END AS day,
       r.release_date, r.title AS release_title, d.source,
       COALESCE(s.text, f.text) AS sentence, f.sentence_id, f.char_start AS start, f.char_end AS end, f.text,
       d.id = r.document_id AS canonical, r.sample
FROM figures f
-- release_id from the index: in the table it stands after the texts, read to reach it
JOIN documents d INDEXED BY documents_id_release ON d.id = f.document_id
JOIN releases r ON r.id = d.release_id
LEFT JOIN sentences s ON s.id = f.sentence_id
"""


_FIGURES_ORDER = " ORDER BY d.release_id, canonical DESC, f.document_id, f.char_start, f.id"


def _fig_order(f: _Fig) -> tuple[int, int, str, int, int]:
    """The order of ``_FIGURES_ORDER``, for figures read in several queries."""
    return (f.release_id, -f.canonical, f.document_id, f.start, f.id)


def _figures(conn: sqlite3.Connection) -> list[_Fig]:
    """Every figure, those of each release's canonical document first."""
    return [_Fig(**row) for row in _rows(conn, _FIGURES_SQL + _FIGURES_ORDER)]


def _figures_where(conn: sqlite3.Connection, where: str, values: Iterable[Any]) -> list[_Fig]:
    """The figures that ``where`` (with one ``?`` list placeholder ``{marks}``) selects, in ``_figures``' order."""
    found: dict[int, _Fig] = {}
    for chunk in _chunks(sorted(set(values), key=repr)):
        sql = _FIGURES_SQL + " WHERE " + where.format(marks=", ".join("?" * len(chunk)))
        for row in _rows(conn, sql, chunk):
            found[row["id"]] = _Fig(**row)
    return sorted(found.values(), key=_fig_order)


# Reading the figures of some measures by index costs a lookup in the table per row, scattered over the
# file; reading the whole table in order costs a fraction of that per row. Above this share of the table
# the measures' figures are read in one pass.
SCAN_SHARE = 0.2
_FIGURES_SCAN_SQL = _FIGURES_SQL.replace("FROM figures f\n", "FROM figures f NOT INDEXED\n")
assert _FIGURES_SCAN_SQL != _FIGURES_SQL


def _figures_of_measures(conn: sqlite3.Connection, measures: set[str]) -> list[_Fig]:
    """The figures of ``measures``, in ``_figures``' order: by index, or in one pass over the table when
    they are a large share of it (the same rows either way)."""
    held = sum(
        conn.execute(
            f"SELECT count(*) FROM figures WHERE measure IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchone()[0]
        for chunk in _chunks(sorted(measures))
    )
    total = conn.execute("SELECT coalesce(max(rowid), 0) FROM figures").fetchone()[0]
    if held <= SCAN_SHARE * total:
        return _figures_where(conn, "f.measure IN ({marks})", measures)
    cur = conn.execute(_FIGURES_SCAN_SQL)
    names = [c[0] for c in cur.description]
    at = names.index("measure")
    figs = [_Fig(**dict(zip(names, row, strict=True))) for row in cur if row[at] in measures]
    return sorted(figs, key=_fig_order)


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def statements(figs: list[_Fig]) -> list[_Fig]:
    """One figure per statement: a release's value of a measure for a date, from its canonical document if it has it."""
    seen: set[tuple[int, str, float, float | None, str | None]] = set()
    out = []
    for f in figs:
        key = (f.release_id, f.measure, f.value, f.value_max, f.day)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def history(db: Any, measure: str) -> list[dict[str, Any]]:
    """Every stated value of ``measure``, oldest first, with as_of, qualifier and source release."""
    conn = _connect(db)
    return _rows(
        conn,
        """
        SELECT st.figure_id, st.measure, st.value, st.value_max, st.unit, st.qualifier, f.as_of,
               st.as_of AS date, r.release_date, r.title, d.source, f.document_id, st.release_id, st.mentions,
               f.text, COALESCE(s.text, f.text) AS sentence
        FROM figure_statements st
        JOIN figures f ON f.id = st.figure_id
        JOIN documents d ON d.id = f.document_id
        JOIN releases r ON r.id = st.release_id
        LEFT JOIN sentences s ON s.id = f.sentence_id
        WHERE st.measure = ?
        ORDER BY st.as_of IS NULL, st.as_of, st.value, st.figure_id
    """,
        (measure,),
    )


# ---------------------------------------------------------------- findings


def german_date(iso: str | None) -> str:
    """``2023-04-25`` -> ``25. April 2023``."""
    if not iso:
        return "ohne Datum"
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day}. {MONTH_LIST[day.month - 1]} {day.year}"


def german_number(value: float) -> str:
    """141 -> ``141``, 1100 -> ``1.100``, 39.7 -> ``39,7``."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def _said(f: Any) -> str:
    """``die Medieninformation »Titel« vom 25. April 2023``: a release by its title and date."""
    title = f.release_title or f.source
    return f"»{title}« vom {german_date(f.release_date)}"


class _Found:
    """A finding before its rows are rendered: what it compares, with its explanation still to be written.

    A refresh keeps most stored findings as they are and renders only the new ones. ``explain`` reads the
    variables of the generator that made it: render a _Found before that generator resumes.
    """

    __slots__ = ("kind", "measure", "figs", "values", "explain")

    def __init__(
        self, kind: str, measure: str | None, figs: list[Any], values: list[Any], explain: Callable[..., str]
    ) -> None:
        self.kind, self.measure, self.figs, self.values, self.explain = kind, measure, figs, values, explain

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(f.id for f in self.figs)

    @property
    def release_ids(self) -> tuple[int, ...]:
        return tuple(f.release_id for f in self.figs)

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(f.document_id for f in self.figs)

    def finding(self) -> Finding:
        return _finding(self.kind, self.measure, self.figs, self.values, self.explain())


_found = _Found


def _finding(kind: str, measure: str | None, figs: list[Any], values: list[Any], explanation: str) -> Finding:
    """A finding over facts that carry document_id, release_id, id, sentence, source and day."""
    days = sorted(f.day for f in figs if f.day)
    return Finding(
        kind=kind,
        measure=measure,
        document_ids=tuple(f.document_id for f in figs),
        fact_ids=tuple(f.id for f in figs),
        values=tuple(values),
        sentences=tuple(f.sentence for f in figs),
        first_date=days[0] if days else None,
        last_date=days[-1] if days else None,
        explanation=explanation,
        sources=tuple(f.source for f in figs),
        release_ids=tuple(f.release_id for f in figs),
        release_dates=tuple(f.release_date for f in figs),
        release_titles=tuple(f.release_title for f in figs),
    )


def _by_measure(figs: list[_Fig]) -> dict[str, list[_Fig]]:
    """Figures per measure; the project's samples form measures of their own (a ``sample:`` prefix is internal)."""
    out: dict[str, list[_Fig]] = defaultdict(list)
    for f in figs:
        out[_measure_of(f)].append(f)
    return out


def is_period_measure(measure: str | None) -> bool:
    """A count for one period (``...:zeitraum-2023``) or of one event's additions (``...:zuwachs``)."""
    return bool(measure) and bool(PERIOD_KEY_RE.search(measure or ""))


def _is_cumulative(figs: list[_Fig]) -> bool:
    if figs and is_period_measure(figs[0].measure):
        return False  # what was added in one year can be less than in the year before
    return any(_worded_cumulative(f) for f in figs)


def _worded_cumulative(f: _Fig) -> bool:
    """A statement worded as a running total: one such makes its measure cumulative."""
    if f.predicate and f.predicate.lower() in CUMULATIVE_PREDICATES:
        return True
    return bool(f.qualifier and CUMULATIVE_QUALIFIERS & set(f.qualifier.lower().split()))


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _increment(f: _Fig) -> bool:
    """A count of what happened at one event ("fünf weitere Städte", "heute drei Städte"), not a running total."""
    if INCREMENT_RE.search(f.text) or (f.qualifier and INCREMENT_RE.search(f.qualifier)):
        return True
    qualified = bool(f.qualifier and CUMULATIVE_QUALIFIERS & set(f.qualifier.lower().split()))
    return not qualified and bool(EVENT_RE.search(f.sentence))


def _measure_of(f: _Fig) -> str:
    return ("sample:" if f.sample else "") + f.measure


def _count_decreases(measures: dict[str, list[_Fig]]) -> Iterator[_Found]:
    """A cumulative count that a later release states lower than an earlier one."""
    for figs in measures.values():
        if _is_cumulative(figs):
            yield from _decreases(figs)


def _decreases(figs: list[_Fig], peak: _Fig | None = None) -> Iterator[_Found]:
    """count_decreases among one cumulative measure's statements ``figs`` (in ``_figures``' order), compared
    with ``peak`` first: the highest running total stated before them (the first of the highest, in the order
    of date and value), when they are the later part of the measure's history."""
    dated = sorted((f for f in figs if f.day and not _increment(f)), key=lambda f: (f.day, f.value))
    for f in dated:
        if peak is not None and peak.day != f.day and peak.release_id != f.release_id and f.high < peak.low:
            yield _found(
                "count_decreases",
                f.measure,
                [peak, f],
                [peak.value, f.value],
                lambda peak=peak, f=f: (
                    f"Eine laufende Summe kann nicht sinken: {_said(peak)} nennt {_shown(peak)} {peak.unit}, "
                    f"die spätere {_said(f)} nur noch {_shown(f)}."
                ),
            )
            continue  # compare later values with the higher one still
        if peak is None or f.low > peak.low:
            peak = f


def _conflicting_values(measures: dict[str, list[_Fig]]) -> Iterator[_Found]:
    """Two releases a few days apart that state different values for one measure."""
    for figs in measures.values():
        yield from _conflicts_of(figs)


def _conflicts_of(figs: list[_Fig], seen: set[tuple[float, float]] | None = None) -> Iterator[_Found]:
    """conflicting_values among one measure's statements ``figs``; ``seen``: the pairs of values found in the
    part of the measure's history before them (each pair is reported once)."""
    dated = sorted((f for f in figs if f.day), key=lambda f: (f.day, f.document_id))
    for a, b in conflicting_pairs(dated, seen):
        when = (
            f"für den {german_date(a.day)}"
            if a.day == b.day
            else f"für den {german_date(a.day)} und den {german_date(b.day)}"
        )
        yield _found(
            "conflicting_values",
            a.measure,
            [a, b],
            [a.value, b.value],
            lambda a=a, b=b, when=when: (
                f"{_said(a)} nennt {_shown(a)} {a.unit}, {_said(b)} dagegen {_shown(b)}: "
                f"zwei verschiedene Werte derselben Zahl {when}."
            ),
        )


def _conflicts(a: _Fig, b: _Fig) -> bool:
    """Different releases whose ranges do not overlap ("über 100" and 102 agree)."""
    return a.release_id != b.release_id and (a.high < b.low or b.high < a.low)


def conflicting_pairs_naive(
    dated: list[_Fig], seen: set[tuple[float, float]] | None = None
) -> Iterator[tuple[_Fig, _Fig]]:
    """Each pair of values once: the first statements (a, b) in date order, at most CONFLICT_DAYS apart, that
    conflict. The definition, comparing every statement with every later one of the next days. ``seen``: pairs
    already reported (before ``dated``), not reported again."""
    seen = set(seen or ())
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if _days_apart(a.day or "", b.day or "") > CONFLICT_DAYS:
                break
            pair = (min(a.value, b.value), max(a.value, b.value))
            if pair in seen or not _conflicts(a, b):
                continue
            seen.add(pair)
            yield a, b


def conflicting_pairs(dated: list[_Fig], seen: set[tuple[float, float]] | None = None) -> Iterator[tuple[_Fig, _Fig]]:
    """What ``conflicting_pairs_naive`` gives, comparing each statement with the kinds of statement of the next
    days rather than with each of them: a busy day of one statistic (a hundred reprints) costs no square.

    The statements of the window after ``a`` are kept by (value, low, high), each kind with its positions in
    order; for each value not yet paired with ``a``'s, the first position of another release is ``b``.
    """
    try:
        days = [date.fromisoformat(f.day or "").toordinal() for f in dated]
    except ValueError:
        yield from conflicting_pairs_naive(dated, seen)
        return
    kinds = [(f.value, f.low, f.high) for f in dated]
    window: dict[tuple[float, float, float], deque[int]] = {}  # the positions i < k < end, by kind
    seen = set(seen or ())
    end = 0
    for i, a in enumerate(dated):
        queue = window.get(kinds[i])
        if queue and queue[0] == i:  # a leaves the window it was part of
            queue.popleft()
            if not queue:
                del window[kinds[i]]
        end = max(end, i + 1)
        while end < len(dated) and days[end] - days[i] <= CONFLICT_DAYS:
            window.setdefault(kinds[end], deque()).append(end)
            end += 1
        first: dict[tuple[float, float], int] = {}
        for (value, low, high), positions in window.items():
            pair = (min(a.value, value), max(a.value, value))
            if pair in seen or not (a.high < low or high < a.low):
                continue
            k = next((k for k in positions if dated[k].release_id != a.release_id), None)
            if k is not None and k < first.get(pair, len(dated)):
                first[pair] = k
        for pair, k in sorted(first.items(), key=lambda item: item[1]):
            seen.add(pair)
            yield a, dated[k]


_ORDINALS_SQL = """
SELECT o.id, o.document_id, d.release_id, o.value, o.orders, o.scope, o.measure, o.text,
       r.release_date AS day, r.release_date, r.title AS release_title, d.source, r.sample,
       COALESCE(s.text, o.text) AS sentence, d.id = r.document_id AS canonical, o.char_start AS start
FROM ordinals o
-- release_id from the index: in the table it stands after the texts, read to reach it
JOIN documents d INDEXED BY documents_id_release ON d.id = o.document_id
JOIN releases r ON r.id = d.release_id
LEFT JOIN sentences s ON s.id = o.sentence_id
WHERE (o.scope IS NULL OR o.scope = '' OR o.scope LIKE 'Sachsen%' OR o.scope LIKE 'Freistaat%')
"""
_ORDINALS_ORDER = " ORDER BY d.release_id, canonical DESC, o.document_id, o.char_start, o.id"


def _ordinals(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(conn, _ORDINALS_SQL + _ORDINALS_ORDER)


def _ordinal_vs_count(conn: sqlite3.Connection, figs: list[_Fig]) -> Iterator[_Found]:
    """An ordinal (die 50. Kommune) above a count of the same thing stated the same day."""
    return _ordinals_vs_counts(_ordinals(conn), figs)


def _ordinals_vs_counts(ordinals: list[dict[str, Any]], figs: list[_Fig]) -> Iterator[_Found]:
    """``_ordinal_vs_count`` over the ordinals given, which carry ``figs``' release dates (or releases)."""
    seen_ordinals: set[tuple[int, int, str]] = set()
    by_day: dict[str | None, list[_Fig]] = defaultdict(list)
    for f in figs:
        by_day[f.release_date].append(f)
    reported: set[tuple[int, int, float, int]] = set()
    for row in ordinals:
        o = _Row(row)
        if (o.release_id, o.value, o.orders) in seen_ordinals:
            continue  # the same ordinal in another rendition or a reprint of the release
        seen_ordinals.add((o.release_id, o.value, o.orders))
        for f in by_day.get(o.day, []) if o.day else [f for f in figs if f.release_id == o.release_id]:
            if o.day is None and f.release_id != o.release_id:
                continue
            key = (o.release_id, f.release_id, f.value, o.value)
            if o.sample != f.sample or not _compares(o, f) or f.high >= o.value or key in reported:
                continue
            reported.add(key)  # "die 50. Kommune" and "die 50. Vereinbarung" make one finding
            where = "dieselbe Medieninformation" if f.release_id == o.release_id else _said(f)
            yield _found(
                "ordinal_vs_count",
                f.measure,
                [o, f],
                [o.value, f.value],
                lambda o=o, where=where, f=f: (
                    f"»{o.text}« in {_said(o)} setzt mindestens {o.value} voraus, {where} zählt aber nur "
                    f"{_shown(f)} {f.unit}."
                ),
            )


class _Row:
    """Attribute access to a row dict (ordinals, quotes)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)

    def __getattr__(self, name: str) -> Any:  # only reached for missing keys
        return None


def _stem(word: str) -> str:
    word = word.lower().split("-")[-1].strip("»«\"' ")
    return re.sub(r"(?:en|n|e|s)$", "", word)


def _compares(o: _Row, f: _Fig) -> bool:
    """Does the count ``f`` count what the ordinal ``o`` orders?"""
    if is_period_measure(f.measure):
        return False  # the 50th signing is not contradicted by the 17 signings of one year
    if o.measure:
        return bool(f.measure == o.measure)
    same_thing = _stem(o.orders or "") and _stem(o.orders or "") in (_stem(f.lemma or ""), _stem(f.unit))
    return bool(same_thing and f.predicate and f.predicate.lower() in SIGNING_PREDICATES)


def _parts_exceed_total(conn: sqlite3.Connection, figs: list[_Fig]) -> Iterator[_Found]:
    """Parts introduced by davon/wovon/darunter that add up to more than the total before them."""
    by_doc: dict[str, list[_Fig]] = defaultdict(list)
    for f in figs:
        if f.canonical:  # one document per release: its renditions and reprints repeat the same sums
            by_doc[f.document_id].append(f)
    for doc_id, doc_figs in by_doc.items():
        if len(doc_figs) < 2:
            continue
        # One document's text at a time: the archive may hold more text than memory should.
        row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        text = row[0] if row and row[0] else ""
        bounds: list[tuple[int, int]] | None = None
        doc_figs.sort(key=lambda f: f.start)
        for i, total in enumerate(doc_figs):
            if total.unit == "%" or i + 1 == len(doc_figs):
                continue
            nxt = doc_figs[i + 1]
            between = text[total.end : nxt.start]
            marker = PART_MARKER_RE.search(between)
            if not marker or len(between) > 200 or _ends_sentence(between[: marker.start()]):
                continue  # a part list follows its total at once
            if bounds is None:
                bounds = conn.execute(
                    "SELECT char_start, char_end FROM sentences WHERE document_id = ? ORDER BY n", (doc_id,)
                ).fetchall()
            limit = _sentence_end(bounds, total.end + marker.end())
            parts = [
                p
                for p in doc_figs[i + 1 :]
                if p.start < limit
                and p.unit != "%"
                and (_stem(p.unit) == _stem(total.unit) or p.measure == total.measure or not p.unit.strip())
            ]
            if not parts or sum(p.low for p in parts) <= total.high:
                continue
            shown = " + ".join(_shown(p) for p in parts)
            values = [total.value, *(p.value for p in parts)]
            yield _found(
                "parts_exceed_total",
                total.measure,
                [total, *parts],
                values,
                lambda total=total, shown=shown, parts=parts: (
                    f"In {_said(total)} ergeben die Teile ({shown} = {german_number(sum(p.value for p in parts))}) "
                    f"mehr als die Gesamtzahl {_shown(total)} {total.unit}."
                ),
            )


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?]\s+[A-ZÄÖÜ]", text)) and "davon" not in text.lower()


def _sentence_end(bounds: list[tuple[int, int]], offset: int) -> int:
    for start, end in bounds:
        if start <= offset < end:
            return end
    return offset + 200


def _normal_quote(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


_QUOTES_SQL = """
SELECT q.id, q.document_id, d.release_id, q.speaker, q.person_id, q.text AS quote,
       r.release_date AS day, r.release_date, r.title AS release_title, d.source, r.sample,
       COALESCE(s.text, q.text) AS sentence, d.id = r.document_id AS canonical
FROM quotes q
-- release_id from the index: in the table it stands after the texts, read to reach it
JOIN documents d INDEXED BY documents_id_release ON d.id = q.document_id
JOIN releases r ON r.id = d.release_id
LEFT JOIN sentences s ON s.id = q.sentence_id
"""
_QUOTES_ORDER = " ORDER BY r.release_date, d.release_id, canonical DESC, q.id"


def _quote_two_speakers(conn: sqlite3.Connection) -> Iterator[_Found]:
    """The same words quoted from two different people."""
    return _quotes_of_two_speakers(_rows(conn, _QUOTES_SQL + _QUOTES_ORDER))


def _quotes_of_two_speakers(rows: list[dict[str, Any]]) -> Iterator[_Found]:
    """``_quote_two_speakers`` over the quote rows given (whole groups of equal words, in its order)."""
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        key = _normal_quote(row["quote"])
        if len(key) >= QUOTE_MIN_CHARS:
            groups[f"{row['sample']}:{key}"].append(_Row(row))
    for group in groups.values():
        speakers: dict[str, _Row] = {}
        for q in group:
            # A reprint may name only the surname ("Schuster" for "Armin Schuster"): one speaker.
            speakers.setdefault(_surname(q.speaker), q)
        if len(speakers) > 1:
            first = list(speakers.values())
            said = " und ".join(f"in {_said(q)} {q.speaker}" for q in first)
            yield _found(
                "quote_two_speakers",
                None,
                first,
                [q.speaker for q in first],
                lambda said=said: f"Dieselben Worte werden {said} zugeschrieben.",
            )


def _surname(name: str) -> str:
    words = _normal_quote(name).split()
    return words[-1] if words else ""


def _shown(f: Any) -> str:
    """The value in German with what its qualifier says about it: ``über 100``, ``rund 1.100`` (not ``bereits``)."""
    number = german_number(f.value)
    if getattr(f, "value_max", None) is not None:
        number = f"{number} bis {german_number(f.value_max)}"
    words = [w for w in (getattr(f, "qualifier", None) or "").split() if w.lower() not in CUMULATIVE_QUALIFIERS]
    return " ".join([*words, number])


@functools.lru_cache(maxsize=1 << 16)
def _boilerplate_key(sentence: str) -> str:
    return NUMBER_RE.sub("#", re.sub(r"[\W_]+", " ", sentence.lower())).strip()


def _reuse_key(f: _Fig) -> tuple[str, str, float, str] | None:
    """What a statement shares with the other uses of its sentence (None: a sentence too short to count)."""
    if f.sentence and len(f.sentence) >= BOILERPLATE_MIN_CHARS and f.day:
        return (_boilerplate_key(f.sentence), _measure_of(f), f.value, f.sentence.strip())
    return None


def _stale_boilerplate(measures: dict[str, list[_Fig]], figs: list[_Fig]) -> Iterator[_Found]:
    """A sentence reused across releases whose figure an in-between release had already updated."""
    reused: dict[tuple[str, str, float, str], list[_Fig]] = defaultdict(list)
    for f in figs:
        key = _reuse_key(f)
        if key is not None:
            reused[key].append(f)
    timelines = {m: sorted((f for f in fs if f.day), key=lambda f: f.day or "") for m, fs in measures.items()}
    days = {m: [f.day or "" for f in fs] for m, fs in timelines.items()}
    bounds = {m: ([f.low for f in fs], [f.high for f in fs]) for m, fs in timelines.items()}
    for group in reused.values():
        if len({f.release_id for f in group}) < 2:
            continue
        group.sort(key=lambda f: f.day or "")
        origin = group[0]
        for newer in group[1:]:
            if not (origin.day and newer.day and origin.day < newer.day) or origin.release_id == newer.release_id:
                continue
            timeline, day_list = timelines[_measure_of(newer)], days[_measure_of(newer)]
            lo = bisect.bisect_right(day_list, origin.day)
            hi = bisect.bisect_right(day_list, newer.day)
            lows, highs = bounds[_measure_of(newer)]
            low, high, excluded = newer.low, newer.high, (origin.release_id, newer.release_id)
            latest = None
            for k in range(hi - 1, lo - 1, -1):  # the latest in between that says otherwise (no slice copied)
                if (highs[k] < low or lows[k] > high) and timeline[k].release_id not in excluded:
                    latest = timeline[k]
                    break
            if latest is not None:
                yield _stale(origin, latest, newer)


def _stale(origin: _Fig, latest: _Fig, newer: _Fig) -> _Found:
    return _found(
        "stale_boilerplate",
        newer.measure,
        [origin, latest, newer],
        [origin.value, latest.value, newer.value],
        lambda: (
            f"{_said(newer)} wiederholt den Satz aus {_said(origin)} mit {_shown(newer)} {newer.unit}, "
            f"obwohl {_said(latest)} schon {_shown(latest)} nannte."
        ),
    )


def iter_findings(db: Any) -> Iterator[Finding]:
    """Every finding the archive holds, one at a time, without writing them."""
    for found in _iter_found(_connect(db)):
        yield found.finding()


def _iter_found(conn: sqlite3.Connection, figs: list[_Fig] | None = None) -> Iterator[_Found]:
    figs = _figures(conn) if figs is None else figs
    stated = statements(figs)
    measures = _by_measure(stated)
    yield from _count_decreases(measures)
    yield from _ordinal_vs_count(conn, stated)
    yield from _conflicting_values(measures)
    yield from _parts_exceed_total(conn, figs)
    yield from _quote_two_speakers(conn)
    yield from _stale_boilerplate(measures, stated)


def find_all(db: Any) -> list[Finding]:
    """Every finding the archive holds, without writing them."""
    return list(iter_findings(db))


# Set in archive_info before a build writes its first document, cleared in the transaction that stores the
# findings: a build killed in between leaves it, and the next build refreshes the findings even when it has
# no document to write. With it, the build records in findings_pending what the refresh must recompute (see
# FindingKeys); the marker set without pending keys (an archive of an earlier pressdb, or a build that wrote
# most of the archive) asks for a full refresh.
FINDINGS_STALE = "findings_stale"
# A build that writes more documents than this share of the archive refreshes all findings: cheaper than
# keys for most of the archive, and a first build records no keys at all.
FULL_REFRESH_SHARE = 0.5
MEASURE_KINDS = ("count_decreases", "conflicting_values", "stale_boilerplate")


# ---------------------------------------------------------------- a statistic's history from a day on
#
# count_decreases, conflicting_values and stale_boilerplate compare a statement with what a statistic's
# history stated before it: the highest running total, the pairs of values already reported, a reused
# sentence's first use and the values in between. A build that changes statements from some day on changes
# only the findings of that day and later (of conflicting_values, from CONFLICT_DAYS before). audit_statements
# keeps, per statement, what those comparisons read, so that a refresh reads the earlier history by index
# and recomputes the findings from that day on: in proportion to the releases added at the end of a history,
# not to the history. A history changed near its beginning is recomputed whole, as before.

# A window holding more of a statistic's statements than this is recomputed with the whole history (one read
# instead of a look-up per statement).
WINDOW_SHARE = 0.25
_STATEMENT_COLUMNS = (
    "figure_id, measure_key, day, value, low, high, release_id, canonical, document_id, start, increment,"
    " cumulative, boilerplate"
)
_INSERT_STATEMENT = (
    f"INSERT OR REPLACE INTO audit_statements ({_STATEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_FIRST = "day, release_id, canonical DESC, document_id, start, figure_id"  # date, then _figures' order
_LAST = "day DESC, release_id DESC, canonical, document_id DESC, start DESC, figure_id DESC"


def _reuse_hash(f: _Fig) -> str | None:
    """audit_statements.boilerplate: the statement's ``_reuse_key`` as a short text, for the index."""
    key = _reuse_key(f)
    return None if key is None else hashlib.sha1(repr(key).encode()).hexdigest()


def _statement_row(f: _Fig) -> tuple[Any, ...]:
    return (
        f.id,
        _measure_of(f),
        f.day,
        f.value,
        f.low,
        f.high,
        f.release_id,
        f.canonical,
        f.document_id,
        f.start,
        int(_increment(f)),
        int(_worded_cumulative(f)),
        _reuse_hash(f),
    )


def _store_statements(conn: sqlite3.Connection, stated: Iterable[_Fig]) -> None:
    conn.executemany(_INSERT_STATEMENT, (_statement_row(f) for f in stated))


def _cumulative_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """The measure keys among ``keys`` that audit_statements holds a statement worded as a running total of."""
    return {
        key
        for key in keys
        if conn.execute(
            "SELECT 1 FROM audit_statements WHERE measure_key = ? AND cumulative = 1 LIMIT 1", (key,)
        ).fetchone()
    }


def _raw_measure(key: str) -> str:
    return key.removeprefix("sample:")


def _restate(conn: sqlite3.Connection, documents: set[str]) -> dict[str, str | None]:
    """Replace the audit_statements of ``documents`` by their statements as stored now (every document of each
    of their releases must be among them). Returns, per measure, the first day whose findings of one statistic
    may have changed: the earliest day of a statement taken out or put in, or of the whole history when the
    statistic became a running total or stopped being one (None: a day that is not a date)."""
    changed: dict[str, set[str | None]] = defaultdict(set)
    for chunk in _chunks(sorted(documents)):
        marks = ", ".join("?" * len(chunk))
        for key, day in conn.execute(
            f"SELECT measure_key, day FROM audit_statements WHERE document_id IN ({marks})", chunk
        ):
            changed[key].add(day)
    stated = statements(_figures_where(conn, "f.document_id IN ({marks})", documents))
    for f in stated:
        changed[_measure_of(f)].add(f.day)
    before = _cumulative_keys(conn, changed)
    for chunk in _chunks(sorted(documents)):
        conn.execute(f"DELETE FROM audit_statements WHERE document_id IN ({', '.join('?' * len(chunk))})", chunk)
    _store_statements(conn, stated)
    after = _cumulative_keys(conn, changed)
    for key in changed:
        if (key in before) != (key in after):  # every count_decreases of the statistic comes or goes
            changed[key].add(
                conn.execute("SELECT min(day) FROM audit_statements WHERE measure_key = ?", (key,)).fetchone()[0]
            )
    days_of: dict[str, set[str]] = defaultdict(set)  # per measure: its keys' and its samples' changed days
    for key, days in changed.items():
        days_of[_raw_measure(key)].update(d for d in days if d)
    return {m: min(days) if all(map(_is_day, days)) else None for m, days in days_of.items() if days}


def _is_day(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _window_start(since: str) -> str:
    """The first day whose conflicting_values can change when statements from ``since`` on changed."""
    return (date.fromisoformat(since) - timedelta(days=CONFLICT_DAYS)).isoformat()


def _fits_window(conn: sqlite3.Connection, measure: str, since: str) -> bool:
    """Whether the statements from ``since`` on are few enough to recompute by window (see WINDOW_SHARE).

    The history is counted only as far as the answer needs (the window's size over the share), so that the
    count, too, costs what the window holds."""
    start = _window_start(since)
    keys = (measure, f"sample:{measure}")
    inside = sum(
        conn.execute("SELECT count(*) FROM audit_statements WHERE measure_key = ? AND day >= ?", (k, start)).fetchone()[
            0
        ]
        for k in keys
    )
    enough = math.ceil(inside / WINDOW_SHARE)
    total = sum(
        conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM audit_statements WHERE measure_key = ? LIMIT ?)", (k, enough)
        ).fetchone()[0]
        for k in keys
    )
    return total >= enough


def _figs_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, _Fig]:
    return {f.id: f for f in _figures_where(conn, "f.id IN ({marks})", ids)}


def _found_since(conn: sqlite3.Connection, measure: str, since: str) -> Iterator[_Found]:
    """The findings of one statistic whose statements lie from ``since`` on (conflicting_values: from
    CONFLICT_DAYS before): what the whole history gives for them, reading the earlier part by index."""
    start = _window_start(since)
    for key in (measure, f"sample:{measure}"):
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT figure_id FROM audit_statements WHERE measure_key = ? AND day >= ?", (key, start)
            )
        ]
        if not ids:
            continue
        figs = sorted(_figs_by_id(conn, ids).values(), key=_fig_order)
        later = [f for f in figs if (f.day or "") >= since]
        if not is_period_measure(measure) and _cumulative_keys(conn, [key]):
            yield from _decreases(later, _peak_before(conn, key, since))
        seen = _pairs_before(conn, key, start, {f.value for f in figs})
        yield from _conflicts_of(figs, seen)
        yield from _stale_since(conn, key, later)


def _peak_before(conn: sqlite3.Connection, key: str, since: str) -> _Fig | None:
    """The highest running total stated before ``since`` (the first of the highest by date and value), as
    count_decreases holds it on reaching ``since``: two look-ups in audit_statements_peak."""
    top = conn.execute(
        "SELECT low FROM audit_statements WHERE measure_key = ? AND increment = 0 AND day < ?"
        " ORDER BY low DESC LIMIT 1",
        (key, since),
    ).fetchone()
    if top is None:
        return None
    first = conn.execute(
        "SELECT figure_id FROM audit_statements WHERE measure_key = ? AND increment = 0 AND low = ? AND day < ?"
        f" ORDER BY day, value, {_FIRST.removeprefix('day, ')} LIMIT 1",
        (key, top[0], since),
    ).fetchone()
    return _figs_by_id(conn, [first[0]])[first[0]]


_PAIR_LOW = """min(json_extract("values", '$[0]'), json_extract("values", '$[1]'))"""  # as findings_pair has it


def _pairs_before(conn: sqlite3.Connection, key: str, start: str, values: set[float]) -> set[tuple[float, float]]:
    """The pairs of ``values`` that conflicting_values reported for ``key`` before ``start`` (each pair is
    reported once), found by the lower value (findings_pair)."""
    measure, sample = _raw_measure(key), int(key.startswith("sample:"))
    pairs: set[tuple[float, float]] = set()
    for chunk in _chunks(sorted(values)):
        for (found,) in conn.execute(
            "SELECT f.\"values\" FROM findings f JOIN releases r ON r.id = json_extract(f.release_ids, '$[0]')"
            f" WHERE f.kind = 'conflicting_values' AND f.measure = ? AND {_PAIR_LOW} IN ({', '.join('?' * len(chunk))})"
            " AND f.first_date < ? AND r.sample = ?",
            (measure, *chunk, start, sample),
        ):
            a, b = json.loads(found)
            if a in values and b in values:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def _stale_since(conn: sqlite3.Connection, key: str, later: list[_Fig]) -> Iterator[_Found]:
    """stale_boilerplate whose reusing statement is among ``later``; the first use and the statements in
    between read from audit_statements."""
    for newer in later:
        reuse = _reuse_hash(newer)
        if reuse is None:
            continue
        origin = conn.execute(
            f"SELECT figure_id, day, release_id FROM audit_statements WHERE measure_key = ? AND boilerplate = ?"
            f" ORDER BY {_FIRST} LIMIT 1",
            (key, reuse),
        ).fetchone()
        if not (origin[1] < (newer.day or "")) or origin[2] == newer.release_id:
            continue
        latest = conn.execute(
            "SELECT figure_id FROM audit_statements WHERE measure_key = ? AND day > ? AND day <= ?"
            " AND (high < ? OR low > ?) AND release_id NOT IN (?, ?)"
            f" ORDER BY {_LAST} LIMIT 1",
            (key, origin[1], newer.day, newer.low, newer.high, origin[2], newer.release_id),
        ).fetchone()
        if latest is not None:
            figs = _figs_by_id(conn, [origin[0], latest[0]])
            yield _stale(figs[origin[0]], figs[latest[0]], newer)


def findings_stale(db: Any) -> bool:
    conn = _connect(db)
    return conn.execute("SELECT 1 FROM archive_info WHERE key = ?", (FINDINGS_STALE,)).fetchone() is not None


@dataclass
class FindingKeys:
    """What the findings of a set of documents are computed from, one key per group a finding kind compares.

    count_decreases, conflicting_values and stale_boilerplate compare the statements of one measure;
    ordinal_vs_count the ordinals and counts of one release date (of one release, when it has no date);
    parts_exceed_total the figures of one document; quote_two_speakers the quotes with the same words.
    A document touches the keys of every document of its release: a new rendition can change the release's
    canonical document, date and title, and with them every statement of the release.
    """

    documents: set[str]
    measures: set[str]
    days: set[str]
    releases: set[int]  # undated releases
    quotes: set[str]
    # measures whose findings of one statistic are recomputed from a day on (the others in ``measures``: whole)
    since: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, keys: Iterable[str]) -> FindingKeys:
        out = cls(set(), set(), set(), set(), set())
        for key in keys:
            kind, _, value = key.partition(":")
            if kind == "document":
                out.documents.add(value)
            elif kind == "measure":
                out.measures.add(value)
            elif kind == "day":
                out.days.add(value)
            elif kind == "release":
                out.releases.add(int(value))
            elif kind == "quote":
                out.quotes.add(value)
        return out

    def keys(self) -> list[str]:
        return [
            *(f"document:{v}" for v in self.documents),
            *(f"measure:{v}" for v in self.measures),
            *(f"day:{v}" for v in self.days),
            *(f"release:{v}" for v in self.releases),
            *(f"quote:{v}" for v in self.quotes),
        ]


def _column(conn: sqlite3.Connection, sql: str, values: Iterable[Any]) -> set[Any]:
    """The first column of ``sql`` (one ``{marks}`` list placeholder) over ``values``, in chunks."""
    out: set[Any] = set()
    for chunk in _chunks(sorted(set(values), key=repr)):
        out.update(r[0] for r in conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk))
    return out


def keys_of_documents(db: Any, document_ids: Iterable[str]) -> FindingKeys:
    """The keys of the documents' findings as the archive holds them now (see FindingKeys)."""
    conn = _connect(db)
    given = set(document_ids)
    release_ids = _column(
        conn, "SELECT release_id FROM documents WHERE id IN ({marks}) AND release_id IS NOT NULL", given
    )
    documents = given | _column(conn, "SELECT id FROM documents WHERE release_id IN ({marks})", release_ids)
    dates = {
        r[0]: r[1]
        for chunk in _chunks(sorted(release_ids))
        for r in conn.execute(
            f"SELECT id, release_date FROM releases WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        )
    }
    quotes = {
        _normal_quote(text)
        for text in _column(conn, "SELECT text FROM quotes WHERE document_id IN ({marks})", documents)
    }
    return FindingKeys(
        documents=documents,
        measures=_column(conn, "SELECT measure FROM figures WHERE document_id IN ({marks})", documents),
        days={d for d in dates.values() if d},
        releases={r for r, d in dates.items() if not d},
        quotes={q for q in quotes if len(q) >= QUOTE_MIN_CHARS},
    )


def mark_pending(db: Any, documents: Iterable[tuple[str, str]]) -> None:
    """Before documents (id, source) are written: mark the findings stale and record what to recompute.

    Recorded in one transaction, before the first of them is written: the ids of the documents (their keys
    are read after they are written) and the keys of the stored documents they will replace (read now,
    while those are still there). A refresh of the findings then recomputes only these keys.
    """
    conn = _connect(db)
    items = list(documents)
    # Inside a transaction (the bulk writer's) the keys are committed with the documents; else on their own.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        stale = conn.execute("SELECT 1 FROM archive_info WHERE key = ?", (FINDINGS_STALE,)).fetchone()
        pending = conn.execute("SELECT 1 FROM findings_pending LIMIT 1").fetchone()
        # The largest rowid stands for the number of documents without counting them.
        stored = conn.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0]
        if (stale and not pending) or len(items) > FULL_REFRESH_SHARE * stored:
            conn.execute("DELETE FROM findings_pending")  # everything is recomputed: no key is needed
        else:
            replaced: set[str] = set()
            for doc_id, source in items:
                replaced.update(
                    r[0] for r in conn.execute("SELECT id FROM documents WHERE id = ? OR source = ?", (doc_id, source))
                )
            keys = keys_of_documents(conn, replaced)
            keys.documents.update(doc_id for doc_id, _ in items)
            conn.executemany("INSERT OR IGNORE INTO findings_pending (key) VALUES (?)", [(k,) for k in keys.keys()])
        conn.execute(
            "INSERT INTO archive_info (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
            (FINDINGS_STALE,),
        )
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise


def _finding_row(f: Finding) -> tuple[Any, ...]:
    return (
        f.kind,
        f.measure,
        _ids_json(f.release_ids),
        _json(f.release_dates),
        _json(f.release_titles),
        _json(f.sources),
        _json(f.document_ids),
        _ids_json(f.fact_ids),
        _json(f.values),
        _json(f.sentences),
        f.first_date,
        f.last_date,
        f.explanation,
    )


_FINDING_COLUMNS = (
    'kind, measure, release_ids, release_dates, release_titles, sources, document_ids, fact_ids, "values",'
    " sentences, first_date, last_date, explanation"
)
_INSERT_FINDING = f"INSERT INTO findings ({_FINDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_FINDING_ID = f"INSERT INTO findings (id, {_FINDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


KEYS_READY = "finding_keys"  # archive_info: finding_keys and quote_keys hold the keys of every finding and quote


def _quote_key_rows(conn: sqlite3.Connection, documents: Iterable[str] | None = None) -> Iterator[tuple[str, int, str]]:
    """(key, quote id, document id) of the quotes long enough to compare: of ``documents``, or of all."""
    if documents is None:
        rows: Iterable[tuple[int, str, str]] = conn.execute("SELECT id, document_id, text FROM quotes")
    else:
        rows = [
            r
            for chunk in _chunks(sorted(set(documents)))
            for r in conn.execute(
                f"SELECT id, document_id, text FROM quotes WHERE document_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        ]
    for quote_id, document_id, text in rows:
        key = _normal_quote(text)
        if len(key) >= QUOTE_MIN_CHARS:
            yield key, quote_id, document_id


def _finding_keys(conn: sqlite3.Connection, row: tuple[Any, ...]) -> list[str]:
    """The finding_keys of a finding row (as ``_finding_row`` makes them): its group, for the kinds that need one."""
    kind = row[0]
    if kind == "ordinal_vs_count":
        release_ids, day = json.loads(row[2]), json.loads(row[3])[0]
        group = f"ordinal-day:{day}" if day else f"ordinal-release:{release_ids[0]}"
        return [group, *(f"ordinal-holds:{r}" for r in sorted(set(release_ids)))]
    if kind == "parts_exceed_total":
        return [f"parts-document:{json.loads(row[6])[0]}"]
    if kind == "quote_two_speakers":
        quote = conn.execute("SELECT text FROM quotes WHERE id = ?", (json.loads(row[7])[0],)).fetchone()
        return [f"quote:{_normal_quote(quote[0])}"] if quote else []
    return []  # the kinds of one statistic: found by findings_kind (kind, measure)


def _insert_findings(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert finding rows with their finding_keys, ids after the largest; return how many."""
    next_id = conn.execute("SELECT coalesce(max(id), 0) FROM findings").fetchone()[0] + 1
    count = 0
    batch: list[tuple[Any, ...]] = []
    keys: list[tuple[str, int]] = []

    def flush() -> None:
        conn.executemany(_INSERT_FINDING_ID, batch)
        conn.executemany("INSERT OR IGNORE INTO finding_keys (key, id) VALUES (?, ?)", keys)
        batch.clear()
        keys.clear()

    for row in rows:
        finding_id = next_id + count
        batch.append((finding_id, *row))
        keys.extend((key, finding_id) for key in _finding_keys(conn, row))
        count += 1
        if len(batch) >= 10_000:
            flush()
    flush()
    return count


def _delete_findings(conn: sqlite3.Connection, finding_ids: Iterable[int]) -> None:
    ids = [(i,) for i in finding_ids]
    conn.executemany("DELETE FROM finding_keys WHERE id = ?", ids)
    conn.executemany("DELETE FROM findings WHERE id = ?", ids)


def _index_keys(conn: sqlite3.Connection, stated: list[_Fig] | None = None) -> None:
    """Fill finding_keys, quote_keys and audit_statements from the findings, quotes and statements stored
    (inside the caller's transaction; ``stated``: the statements, when the caller has read them)."""
    conn.execute("DELETE FROM audit_statements")
    _store_statements(conn, statements(_figures(conn)) if stated is None else stated)
    conn.execute("DELETE FROM finding_keys")
    kinds = ("ordinal_vs_count", "parts_exceed_total", "quote_two_speakers")
    rows = conn.execute(
        f"SELECT id, {_FINDING_COLUMNS} FROM findings WHERE kind IN ({', '.join('?' * len(kinds))})", kinds
    ).fetchall()
    conn.executemany(
        "INSERT OR IGNORE INTO finding_keys (key, id) VALUES (?, ?)",
        [(key, row[0]) for row in rows for key in _finding_keys(conn, tuple(row[1:]))],
    )
    conn.execute("DELETE FROM quote_keys")
    conn.executemany("INSERT OR REPLACE INTO quote_keys (key, id, document) VALUES (?, ?, ?)", _quote_key_rows(conn))
    conn.execute(
        "INSERT INTO archive_info (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        (KEYS_READY,),
    )


def prepare_keys(db: Any) -> None:
    """Fill finding_keys and quote_keys of an archive whose findings are current but were stored without
    them (in one transaction), so that its next refresh goes by keys; without them it recomputes all."""
    conn = _connect(db)
    conn.execute("BEGIN IMMEDIATE")
    try:
        _index_keys(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _keys_ready(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM archive_info WHERE key = ?", (KEYS_READY,)).fetchone() is not None


def _replace_findings(conn: sqlite3.Connection, findings: Iterable[Finding], stated: list[_Fig] | None = None) -> int:
    """Replace the findings table (and the keys kept with it) in one transaction; return how many rows it holds."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM finding_keys")
        conn.execute("DELETE FROM findings")
        _insert_findings(conn, (_finding_row(f) for f in findings))
        count = conn.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
        _index_keys(conn, stated)
        conn.execute("DELETE FROM findings_pending")
        conn.execute("DELETE FROM archive_info WHERE key = ?", (FINDINGS_STALE,))  # with the findings, atomically
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(count)


def _keyed(conn: sqlite3.Connection, keys: Iterable[str], columns: str = "f.id") -> list[tuple[Any, ...]]:
    """``columns`` of the stored findings (``f``) with any of the finding_keys ``keys``, each once."""
    out: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(sorted(set(keys))):
        sql = (
            f"SELECT f.id, {columns} FROM finding_keys k JOIN findings f ON f.id = k.id"
            f" WHERE k.key IN ({', '.join('?' * len(chunk))})"
        )
        for row in conn.execute(sql, chunk):
            out[row[0]] = tuple(row)
    return [out[i] for i in sorted(out)]


def _expand(conn: sqlite3.Connection, pending: FindingKeys) -> FindingKeys:
    """The pending keys with those of the pending documents as stored now, and ordinal days findings hold."""
    keys = keys_of_documents(conn, pending.documents)
    keys.measures |= pending.measures
    keys.days |= pending.days
    keys.releases |= pending.releases
    keys.quotes |= pending.quotes
    # A release whose date changed (a new canonical rendition) left ordinal findings under its old date.
    releases = _column(
        conn, "SELECT release_id FROM documents WHERE id IN ({marks}) AND release_id IS NOT NULL", keys.documents
    )
    for _, dates, ids in _keyed(conn, (f"ordinal-holds:{r}" for r in releases), "f.release_dates, f.release_ids"):
        day = json.loads(dates)[0]
        if day:
            keys.days.add(day)
        else:
            keys.releases.add(json.loads(ids)[0])
    return keys


def _found_of_keys(conn: sqlite3.Connection, keys: FindingKeys) -> Iterator[_Found]:
    """The findings of the groups the keys name: what ``iter_findings`` gives for them, nothing else.

    Quotes are found by quote_keys, which must hold the keys of the quotes stored (see ``refresh_pending_findings``).
    """
    if keys.measures:
        stated = statements(_figures_of_measures(conn, keys.measures))
        measures = _by_measure(stated)
        yield from _count_decreases(measures)
        yield from _conflicting_values(measures)
        yield from _stale_boilerplate(measures, stated)
    for measure, since in sorted(keys.since.items()):
        yield from _found_since(conn, measure, since)
    if keys.days or keys.releases:
        releases = _column(conn, "SELECT id FROM releases WHERE release_date IN ({marks})", keys.days)
        releases |= keys.releases
        documents = _column(conn, "SELECT id FROM documents WHERE release_id IN ({marks})", releases)
        ordinals: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(sorted(documents)):
            sql = _ORDINALS_SQL + f" AND o.document_id IN ({', '.join('?' * len(chunk))})"
            for row in _rows(conn, sql, chunk):
                if row["day"] in keys.days or (not row["day"] and row["release_id"] in keys.releases):
                    ordinals[row["id"]] = row
        if ordinals:
            figs = _figures_where(conn, "f.document_id IN ({marks})", documents)
            ordered = sorted(
                ordinals.values(),
                key=lambda o: (o["release_id"], -o["canonical"], o["document_id"], o["start"], o["id"]),
            )
            yield from _ordinals_vs_counts(ordered, statements(figs))
    if keys.documents:
        yield from _parts_exceed_total(conn, _figures_where(conn, "f.document_id IN ({marks})", keys.documents))
    if keys.quotes:
        ids = sorted(_column(conn, "SELECT id FROM quote_keys WHERE key IN ({marks})", keys.quotes))
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            rows += _rows(conn, _QUOTES_SQL + f" WHERE q.id IN ({', '.join('?' * len(chunk))})", chunk)
        rows.sort(
            key=lambda q: (
                q["release_date"] is not None,
                q["release_date"] or "",
                q["release_id"],
                -q["canonical"],
                q["id"],
            )
        )
        yield from _quotes_of_two_speakers(rows)


def _stored_findings(conn: sqlite3.Connection, keys: FindingKeys) -> dict[int, tuple[Any, ...]]:
    """The stored findings of the keys' groups: id -> (kind, measure, fact_ids), what tells a kept one."""
    out: dict[int, tuple[Any, ...]] = {}
    kinds = ", ".join(f"'{k}'" for k in MEASURE_KINDS)
    for chunk in _chunks(sorted(keys.measures)):
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, kind, measure, fact_ids FROM findings WHERE kind IN ({kinds}) AND measure IN ({marks})"
        for row in conn.execute(sql, chunk):
            out[row[0]] = tuple(row[1:])
    for measure, since in keys.since.items():
        for row in conn.execute(
            "SELECT id, kind, measure, fact_ids FROM findings WHERE kind IN ('count_decreases', 'stale_boilerplate')"
            " AND measure = ? AND last_date >= ?"
            " UNION ALL SELECT id, kind, measure, fact_ids FROM findings WHERE kind = 'conflicting_values'"
            " AND measure = ? AND first_date >= ?",
            (measure, since, measure, _window_start(since)),
        ):
            out[row[0]] = tuple(row[1:])
    grouped = [
        *(f"ordinal-day:{d}" for d in keys.days),
        *(f"ordinal-release:{r}" for r in keys.releases),
        *(f"parts-document:{d}" for d in keys.documents),
        *(f"quote:{q}" for q in keys.quotes),
    ]
    for row in _keyed(conn, grouped, "f.kind, f.measure, f.fact_ids"):
        out[row[0]] = tuple(row[1:])
    return out


def _finding_rows(conn: sqlite3.Connection, finding_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """Stored findings by id: id -> row (as ``_finding_row`` makes them)."""
    out: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(sorted(finding_ids)):
        sql = f"SELECT id, {_FINDING_COLUMNS} FROM findings WHERE id IN ({', '.join('?' * len(chunk))})"
        for row in conn.execute(sql, chunk):
            out[row[0]] = tuple(row[1:])
    return out


def refresh_pending_findings(db: Any) -> int:
    """Recompute the findings of the pending keys (findings_pending), in one transaction; return the changes.

    Rows that stay the same keep their ids; those that changed are deleted and inserted. The result is the
    table a full refresh (``refresh_all_findings``) writes, up to the order of the ids. The stored findings
    and quotes of the keys' groups are found by index (finding_keys, quote_keys, findings_kind): the work
    grows with the groups the keys name, not with the archive.
    """
    conn = _connect(db)
    if not _keys_ready(conn):
        # Findings stored without their keys (finding_keys, quote_keys): a stale quote finding whose quotes
        # are gone could not be told by its words, so everything is recomputed (which fills the keys).
        return refresh_all_findings(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        pending = FindingKeys.parse(r[0] for r in conn.execute("SELECT key FROM findings_pending"))
        keys = _expand(conn, pending)
        # The quotes of the documents written or replaced since the last refresh: their keys as stored now.
        for chunk in _chunks(sorted(keys.documents)):
            conn.execute(f"DELETE FROM quote_keys WHERE document IN ({', '.join('?' * len(chunk))})", chunk)
        conn.executemany(
            "INSERT OR REPLACE INTO quote_keys (key, id, document) VALUES (?, ?, ?)",
            _quote_key_rows(conn, keys.documents),
        )
        since = _restate(conn, keys.documents)
        keys.since = {m: d for m, d in since.items() if d is not None and _fits_window(conn, m, d)}
        keys.measures = set(since) - set(keys.since)
        stored = _stored_findings(conn, keys)
        # A finding is made from its facts and their releases alone: one that compares the same facts as a
        # stored one, none of them in a release the build touched, is that stored row (no need to render it).
        touched = _column(
            conn, "SELECT release_id FROM documents WHERE id IN ({marks}) AND release_id IS NOT NULL", keys.documents
        )
        same_facts: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for finding_id, facts in stored.items():
            same_facts[facts].append(finding_id)
        kept: set[int] = set()
        fresh: dict[tuple[Any, ...], int] = defaultdict(int)
        for found in _found_of_keys(conn, keys):
            release_ids = found.release_ids
            if touched.isdisjoint(release_ids) and keys.documents.isdisjoint(found.document_ids):
                ids = same_facts.get((found.kind, found.measure, _ids_json(found.fact_ids)))
                if ids:
                    kept.add(ids.pop())
                    continue
            fresh[_finding_row(found.finding())] += 1
        gone = []
        # The stored rows not kept: changed, gone, or the same as a new one (read whole only now).
        for finding_id, row in _finding_rows(conn, (i for i in stored if i not in kept)).items():
            if fresh.get(row, 0) > 0:
                fresh[row] -= 1
            else:
                gone.append(finding_id)
        _delete_findings(conn, gone)
        added = _insert_findings(conn, (row for row, n in fresh.items() for _ in range(n)))
        conn.execute("DELETE FROM findings_pending")
        conn.execute("DELETE FROM archive_info WHERE key = ?", (FINDINGS_STALE,))  # with the findings, atomically
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(gone) + added


def run_audit(db: Any) -> list[Finding]:
    """Recompute the findings table in one transaction and return its rows."""
    conn = _connect(db)
    found = find_all(conn)
    _replace_findings(conn, found)
    return found


def refresh_all_findings(db: Any) -> int:
    """Recompute the whole findings table, streaming (for builds of large archives); return the count."""
    conn = _connect(db)
    figs = _figures(conn)
    return _replace_findings(conn, (found.finding() for found in _iter_found(conn, figs)), statements(figs))


def refresh_findings(db: Any) -> int:
    """Bring the findings up to date after a build: the pending keys only, when the build recorded them.

    Without pending keys (an archive of an earlier pressdb, a build that wrote most of the archive, or no
    build at all), or without the key tables filled, every finding is recomputed. Returns the number of rows
    changed, or the count after a full refresh.
    """
    conn = _connect(db)
    if conn.execute("SELECT 1 FROM findings_pending LIMIT 1").fetchone():
        return refresh_pending_findings(conn)
    return refresh_all_findings(conn)


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps with an option builds an encoder per call


def _json(value: Any) -> str:
    return _ENCODER.encode(list(value))


def _ids_json(ids: Iterable[int]) -> str:
    """``_json`` of a list of row ids (ints), without the encoder's cost per call."""
    return "[" + ", ".join(map(str, ids)) + "]"


# ---------------------------------------------------------------- fact-checking a figure


def parse_query(query: str) -> tuple[float, str | None] | None:
    """``141 Kommunen`` -> (141, "Kommunen"); ``1.100`` -> (1100, None); ``zehn Analysen``; else None."""
    m = _QUERY_RE.match(query)
    if not m:
        return None
    number, word = m.group("number"), m.group("word") or None
    if number[0].isdigit():
        thousands = re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number)
        value = float(number.replace(".", "")) if thousands else float(number.replace(",", "."))
    else:
        parsed = number_word(number)
        if parsed is None:
            return None
        value = float(parsed)
    return value, word


def check(db: Any, query: str) -> list[dict[str, Any]]:
    """Every stored statement of the figure in ``query``, with source and the measure's history around it."""
    parsed = parse_query(query)
    if parsed is None:
        return []
    value, word = parsed
    conn = _connect(db)
    rows = _rows(
        conn,
        """
        SELECT st.figure_id, st.value, st.value_max, st.unit, f.lemma, st.qualifier, st.measure, f.as_of,
               r.release_date, r.title, d.source, f.document_id, st.release_id, st.mentions, f.text,
               COALESCE(s.text, f.text) AS sentence, f.char_start, f.char_end
        FROM figure_statements st
        JOIN figures f ON f.id = st.figure_id
        JOIN documents d ON d.id = f.document_id
        JOIN releases r ON r.id = st.release_id
        LEFT JOIN sentences s ON s.id = f.sentence_id
        WHERE st.value = ? OR (st.value_max IS NOT NULL AND st.value <= ? AND st.value_max >= ?)
        ORDER BY r.release_date IS NULL, r.release_date, st.figure_id
    """,
        (value, value, value),
    )
    if word:
        stem = _stem(word)
        rows = [
            r
            for r in rows
            if stem
            and (stem in _stem(r["unit"]) or stem in _stem(r["lemma"] or "") or stem in (r["measure"] or "").lower())
        ]
    histories: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        measure = row["measure"]
        if measure not in histories:
            histories[measure] = history(conn, measure)
        full = histories[measure]
        at = next((i for i, h in enumerate(full) if h["figure_id"] == row["figure_id"]), 0)
        row["history"] = [
            {
                "date": h["date"],
                "value": h["value"],
                "qualifier": h["qualifier"],
                "source": h["source"],
                "this": h["figure_id"] == row["figure_id"],
            }
            for h in full[max(0, at - 3) : at + 4]
        ]
    return rows


# ---------------------------------------------------------------- commands (wired into extract/cli.py)


def _db_option(fn: Any) -> Any:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default="archive.db",
        show_default=True,
        envvar="PRESSDB_DB",
        help="The archive (SQLite) file.",
    )(fn)


def _require(db: Path) -> None:
    if not db.exists():
        raise click.ClickException(f"{db}: no archive there; build one first with: pressdb build --db {db}")


def _format_finding(f: Finding) -> str:
    lines = [f"[{f.kind}] {f.measure or ''}".rstrip(), f"  {f.explanation}"]
    sources = f.sources or ("",) * len(f.document_ids)
    dates = f.release_dates or (None,) * len(f.document_ids)
    for doc_id, source, day, sentence in zip(f.document_ids, sources, dates, f.sentences, strict=True):
        lines.append(f"  - {german_date(day)}, {source or doc_id[:12]}: {sentence}")
    return "\n".join(lines)


def finding_json(conn: sqlite3.Connection, f: Finding) -> dict[str, Any]:
    """A finding with each release it compares: date, title, sentence and the sources of all its documents."""
    out = asdict(f)
    out["releases"] = []
    for release_id, day, title, sentence, source in zip(
        f.release_ids, f.release_dates, f.release_titles, f.sentences, f.sources, strict=True
    ):
        documents = _rows(
            conn,
            "SELECT source, format, release_role AS role, copied_share, release_date FROM documents"
            " WHERE release_id = ? ORDER BY release_role, source",
            (release_id,),
        )
        out["releases"].append(
            {
                "release_id": release_id,
                "date": day,
                "title": title,
                "sentence": sentence,
                "quoted_from": source,
                "documents": documents,
            }
        )
    return out


@click.command("audit")
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Readable text, or one JSON array of findings.",
)
def audit_command(db: Path, fmt: str) -> None:
    """List statements across releases that contradict each other, and store them as findings.

    Example: pressdb audit --db archive.db --format json
    """
    _require(db)
    conn = _connect(db)
    found = run_audit(conn)
    if fmt == "json":
        click.echo(json.dumps([finding_json(conn, f) for f in found], ensure_ascii=False, indent=2))
        return
    for f in found:
        click.echo(_format_finding(f) + "\n")
    click.echo(f"{len(found)} finding{'' if len(found) == 1 else 's'}", err=True)


def check_mentions(db: Any, query: str) -> list[dict[str, Any]]:
    """Every release stating an amount (``25.000 Euro``) or an ordinal (``die 63. Kommune``), once per release."""
    parsed = parse_check(query)
    if parsed is None or not (parsed.amount or parsed.ordinal):
        return []
    conn = _connect(db)
    if parsed.amount:
        sql = """
            SELECT 'amount' AS kind, MIN(m.id) AS id, m.amount_cents / 100.0 AS value, m.kind AS detail,
                   m.recipient, r.release_date, r.title, d.source, d.release_id, COUNT(*) AS mentions,
                   COALESCE(s.text, m.text) AS sentence
            FROM money m JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id
            LEFT JOIN sentences s ON s.id = m.sentence_id
            WHERE m.amount_cents = ?
            GROUP BY d.release_id ORDER BY r.release_date IS NULL, r.release_date
        """
        return _rows(conn, sql, (round(parsed.value * 100),))
    sql = """
        SELECT 'ordinal' AS kind, MIN(o.id) AS id, o.value, o.orders AS detail, NULL AS recipient, r.release_date,
               r.title, d.source, d.release_id, COUNT(*) AS mentions, COALESCE(s.text, o.text) AS sentence
        FROM ordinals o JOIN documents d ON d.id = o.document_id JOIN releases r ON r.id = d.release_id
        LEFT JOIN sentences s ON s.id = o.sentence_id
        WHERE o.value = ?
        GROUP BY d.release_id, o.orders ORDER BY r.release_date IS NULL, r.release_date
    """
    rows = _rows(conn, sql, (int(parsed.value),))
    if parsed.noun:
        stem = _stem(parsed.noun.split()[-1])
        rows = [r for r in rows if stem and stem in _stem(r["detail"] or "")]
    return rows


@click.command("check")
@click.argument("query")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check_command(query: str, db: Path, fmt: str) -> None:
    """Show every statement of a figure (\"141 Kommunen\"), an amount (\"25.000 Euro\") or an ordinal (\"63.\").

    Each release counts once, with its sources; a figure also shows its statistic's history.
    Exit status 0 when the archive states it, 1 when nothing matches.

    Example: pressdb check "141 Kommunen" --db archive.db
    """
    _require(db)
    parsed = parse_check(query)
    if parsed is None and parse_query(query) is None:
        raise click.ClickException(
            f'{query!r}: give a number as printed, with the counted word, "Euro" or a trailing dot: '
            '"141 Kommunen", "25.000 Euro", "die 63. Kommune"'
        )
    if parsed is not None and (parsed.amount or parsed.ordinal):
        rows = check_mentions(db, query)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        for r in rows if fmt == "text" else []:
            what = f"{r['value']:,.2f} €" if r["kind"] == "amount" else f"{r['value']:g}. {r['detail']}"
            click.echo(f"{r['release_date'] or 'undated'}  {r['title'] or ''}  [{what}]  {r['source']}")
            click.echo(f"  {r['sentence']}")
    else:
        rows = check(db, query)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        else:
            for r in rows:
                click.echo(f"{r['release_date'] or 'undated'}  {r['source']}  [{r['measure']}]")
                click.echo(f"  {r['sentence']}")
                for h in r["history"]:
                    mark = "→" if h["this"] else " "
                    qual = f"{h['qualifier']} " if h["qualifier"] else ""
                    click.echo(f"    {mark} {h['date'] or 'undated'}  {qual}{h['value']:g}  {h['source']}")
    if not rows:
        click.echo(f"no statement of {query!r} in {db}", err=True)
        sys.exit(1)

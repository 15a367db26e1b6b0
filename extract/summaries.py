"""Summary tables: what the archive's pages read, kept equal to the full computation key by key.

The views of schema/schema.sql (grants, figure_statements, agreement_events, commune_stats) define every
number the archive shows; on a large archive they are too slow to compute per request. Each summary table
holds, for its key, the rows the full computation gives for that key:

- ``grant_summaries`` (the grants view), per grant (a municipality and an amount);
- ``signing_summaries`` (agreement_events with everyone its reports name), per municipality and programme;
- ``commune_summaries`` (commune_stats), per municipality; what commune_stats counts is kept per release in
  ``commune_releases`` and ``commune_release_figures``, so that a municipality's counts are counts of an
  index range;
- ``budget_summaries`` (each announced budget amount for a year once), from ``budget_releases``, per release;
- ``year_summaries`` (grants and budgets per year: grants_per_year), per year;
- ``statement_summaries`` (figure_statements), per release;
- ``measure_points`` (history_of_a_figure), per date and value of a statistic, and ``measure_summaries``
  (the statistics page), per statistic, counted from indexes;
- ``person_signings`` (people_and_what_they_signed) and ``role_summaries`` (the person_roles view), per
  person; ``person_releases`` (the releases naming each person, with their dates: the person page), per
  release;
- ``facet_counts``: the rows per value of each column in ``FACET_COLUMNS``, what the unfiltered table pages
  show as facets. Unlike the others it is kept by triggers as the rows are written, not through the queue;
  ``rebuild`` counts it anew.

Triggers in the schema put the keys each written or deleted fact row touches into ``summary_queue``, in
the transaction that writes it (a document moved between releases, or a release whose date, year, title
or canonical document changes, touches the keys of all its facts). The keys are as narrow as the
computation allows, so that a build that adds a thousand releases to a million recomputes what those
releases touch, not the history of every municipality they name. ``refresh`` recomputes the queued keys
and empties the queue in one transaction: a build killed before it leaves the keys queued, and the next
build completes them. The queue is the stale marker, as ``audit.FINDINGS_STALE`` is for the findings.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SUMMARY_TABLES = (
    "commune_releases",
    "commune_release_figures",
    "grant_summaries",
    "budget_releases",
    "budget_summaries",
    "year_summaries",
    "statement_summaries",
    "measure_points",
    "measure_summaries",
    "signing_summaries",
    "commune_summaries",
    "person_signings",
    "role_summaries",
    "facet_counts",
    "person_releases",
)

# The columns whose rows facet_counts counts, per table: the facets of type "counted" in metadata.yml
# (tests/test_datasette.py checks that they agree), kept by the facet_* triggers of schema.sql
# (tests/test_summaries.py compares facet_counts with FACET_COUNTS_SQL after builds).
FACET_COLUMNS = {
    "releases": ("issuer", "year", "sample"),
    "findings": ("kind", "measure"),
    "grant_summaries": ("recipient", "year", "landkreis"),
}
# facet_counts as the full computation gives it (the rows with a count above 0).
FACET_COUNTS_SQL = " UNION ALL ".join(
    f"SELECT '{table}', '{column}', {column}, COUNT(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY {column}"
    for table, columns in FACET_COLUMNS.items()
    for column in columns
)


@dataclass
class Keys:
    """The keys whose summaries a refresh recomputes."""

    communes: set[str] = field(default_factory=set)
    grants: set[tuple[str, int]] = field(default_factory=set)  # (recipient_ags, amount_cents)
    # (commune_ags, lower(coalesce(programme, kind))), as SQLite lower-cases it
    signings: set[tuple[str, str]] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)
    # (measure, as_of, value): the points of a statistic's history whose statements changed
    points: set[tuple[str, str | None, float]] = field(default_factory=set)
    releases: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    years: set[str] = field(default_factory=set)

    def count(self) -> int:
        return sum(
            len(s)
            for s in (
                self.communes,
                self.grants,
                self.signings,
                self.measures,
                self.releases,
                self.people,
                self.years,
            )
        )


def _conn(db: Any) -> sqlite3.Connection:
    conn = getattr(db, "conn", db)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def _json(values: Iterable[Any]) -> str:
    return json.dumps(sorted(values), ensure_ascii=False)


def pending(db: Any) -> int:
    """How many keys wait in the queue (0: every summary is up to date)."""
    return int(_conn(db).execute("SELECT COUNT(*) FROM summary_queue").fetchone()[0])


def _queued(conn: sqlite3.Connection) -> Keys:
    keys = Keys()
    for kind, key in conn.execute("SELECT kind, key FROM summary_queue"):
        if kind == "commune":
            keys.communes.add(str(key))
        elif kind == "grant":
            ags, _, amount = str(key).rpartition("|")
            keys.grants.add((ags, int(amount)))
        elif kind == "signing":
            ags, _, programme = str(key).partition("|")
            keys.signings.add((ags, programme))
        elif kind == "measure":
            keys.measures.add(str(key))
        elif kind == "release":
            keys.releases.add(int(key))
        elif kind == "person":
            keys.people.add(int(key))
    return keys


def _all_keys(conn: sqlite3.Connection) -> Keys:
    """Every key the archive's facts (and the summaries stored so far) have: the full computation."""
    keys = Keys()
    one = lambda sql: [r[0] for r in conn.execute(sql) if r[0] is not None]  # noqa: E731
    keys.communes.update(
        str(k)
        for sql in (
            "SELECT DISTINCT ags FROM commune_mentions",
            "SELECT ags FROM commune_summaries",
        )
        for k in one(sql)
    )
    for sql in (
        "SELECT DISTINCT recipient_ags, amount_cents FROM money"
        " WHERE kind IN ('grant', 'part') AND recipient_ags IS NOT NULL",
        "SELECT DISTINCT recipient_ags, amount_cents FROM grant_summaries",
    ):
        keys.grants.update((str(ags), int(amount)) for ags, amount in conn.execute(sql))
    keys.measures.update(str(k) for k in one("SELECT DISTINCT measure FROM figures"))
    keys.measures.update(str(k) for k in one("SELECT measure FROM measure_summaries"))
    keys.releases.update(int(k) for k in one("SELECT id FROM releases"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM statement_summaries"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM commune_releases"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM budget_releases"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM commune_release_figures"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM person_releases"))
    keys.people.update(
        int(k)
        for k in one("SELECT DISTINCT person_id FROM person_mentions WHERE relation = 'signatory' OR role IS NOT NULL")
    )
    keys.people.update(int(k) for k in one("SELECT DISTINCT person_id FROM person_signings"))
    keys.people.update(int(k) for k in one("SELECT DISTINCT person_id FROM role_summaries"))
    keys.years.update(str(k) for k in one("SELECT year FROM year_summaries"))
    return keys


def refresh(db: Any) -> int:
    """Recompute the summaries of every queued key and empty the queue, in one transaction; return the keys."""
    conn = _conn(db)
    if not pending(conn):
        return 0
    return _recompute(conn, None)


def rebuild(db: Any) -> int:
    """Recompute every summary from all facts (an archive loaded without the triggers); return the keys."""
    conn = _conn(db)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM agreement_people")  # kept by triggers as agreements are written
        conn.execute(
            "INSERT OR IGNORE INTO agreement_people (name, relation, agreement_id)"
            " SELECT j.value, 'signatory', a.id FROM agreements a, json_each(a.signatories) j WHERE j.type = 'text'"
            " UNION ALL"
            " SELECT j.value, 'witness', a.id FROM agreements a, json_each(a.witnesses) j WHERE j.type = 'text'"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return _recompute(conn, "all")


def _recompute(conn: sqlite3.Connection, scope: str | None) -> int:
    conn.execute("BEGIN IMMEDIATE")
    try:
        keys = _all_keys(conn) if scope == "all" else _queued(conn)
        _statements(conn, keys)
        _measures(conn, keys, scope == "all")
        _memberships(conn, keys)
        _person_releases(conn, keys)
        _grants(conn, keys)
        _signings(conn, keys, scope == "all")
        _communes(conn, keys)
        _budgets(conn, keys, scope == "all")
        _years(conn, keys.years)
        _people(conn, keys.people)
        if scope == "all":  # kept by triggers otherwise; counted last, as it counts rows of grant_summaries
            conn.execute("DELETE FROM facet_counts")
            conn.execute(f"INSERT INTO facet_counts (table_name, column_name, value, count) {FACET_COUNTS_SQL}")
        conn.execute("DELETE FROM summary_queue")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return keys.count()


# ---------------------------------------------------------------- per release: statements


# The figure_statements view (schema.sql) for the chosen releases. Written out rather than selected from the
# view: SQLite does not push a filter into a grouped view, and would group every figure of the archive.
STATEMENTS_SQL = """
INSERT INTO statement_summaries (release_id, measure, as_of, value, value_max, figure_id, qualifier, unit, predicate,
                                 programme, mentions, documents, figure_ids, release_date)
SELECT d.release_id, f.measure,
       CASE WHEN f.as_of IS NULL OR f.as_of = d.release_date THEN r.release_date ELSE f.as_of END AS as_of,
       f.value, f.value_max, MIN(f.id) AS figure_id, f.qualifier, f.unit, f.predicate, f.programme,
       COUNT(*) AS mentions, COUNT(DISTINCT f.document_id) AS documents, json_group_array(f.id) AS figure_ids,
       r.release_date
FROM documents d
JOIN releases r ON r.id = d.release_id
JOIN figures f ON f.document_id = d.id
WHERE d.release_id IN (SELECT value FROM json_each(?))
GROUP BY d.release_id, f.measure, 3, f.value, f.value_max
"""


def _statements(conn: sqlite3.Connection, keys: Keys) -> None:
    if not keys.releases:
        return
    releases = _json(keys.releases)
    in_releases = "SELECT value FROM json_each(?)"
    # The points of the statistics these releases stated before and state now; their signatories' signings.
    points = f"SELECT DISTINCT measure, as_of, value FROM statement_summaries WHERE release_id IN ({in_releases})"
    keys.points.update(tuple(r) for r in conn.execute(points, (releases,)))
    for (person,) in conn.execute(
        "SELECT DISTINCT p.person_id FROM documents d JOIN person_mentions p ON p.document_id = d.id"
        f" WHERE d.release_id IN ({in_releases}) AND (p.relation = 'signatory' OR p.role IS NOT NULL)"
        " AND p.person_id IS NOT NULL",
        (releases,),
    ):
        keys.people.add(int(person))
    conn.execute(f"DELETE FROM statement_summaries WHERE release_id IN ({in_releases})", (releases,))
    conn.execute(STATEMENTS_SQL, (releases,))
    keys.points.update(tuple(r) for r in conn.execute(points, (releases,)))
    keys.measures.update(measure for measure, _, _ in keys.points)


# ---------------------------------------------------------------- per statistic: history and the list


def _measures(conn: sqlite3.Connection, keys: Keys, everything: bool) -> None:
    """Recompute the changed points of each statistic's history, and the statistic's row of the list.

    Every statement is written per release (``_statements``), which names the points it changed; only
    those are recomputed. ``everything``: all points of the statistics (a rebuild).
    """
    if not keys.measures:
        return
    chosen = _json(keys.measures)
    insert = (
        "INSERT INTO measure_points (measure, as_of, value, statements, figure_id)"
        " SELECT measure, as_of, value, COUNT(*), MAX(figure_id) FROM statement_summaries"
    )
    if everything:
        conn.execute("DELETE FROM measure_points WHERE measure IN (SELECT value FROM json_each(?))", (chosen,))
        conn.execute(
            insert + " WHERE measure IN (SELECT value FROM json_each(?)) GROUP BY measure, as_of, value", (chosen,)
        )
    else:
        point = "measure = ? AND as_of IS ? AND value = ?"
        for key in sorted(keys.points, key=repr):
            conn.execute(f"DELETE FROM measure_points WHERE {point}", key)
            conn.execute(insert + f" WHERE {point} GROUP BY measure, as_of, value", key)
    for measure in sorted(keys.measures):
        conn.execute("DELETE FROM measure_summaries WHERE measure = ?", (measure,))
        summary = _measure_row(conn, measure)
        if summary is not None:
            conn.execute(
                "INSERT INTO measure_summaries (measure, unit, predicate, statements, points) VALUES (?, ?, ?, ?, ?)",
                summary,
            )


def _measure_row(conn: sqlite3.Connection, measure: str) -> tuple[str, str, str | None, int, str] | None:
    """A statistic's row of the statistics page from its statements in date, value and figure order: the unit
    most statements give (the first to appear among equals), the first predicate, the number of statements,
    one value per date (the largest stated that day)."""
    # Counted from the index on (measure, unit, ...); among units given equally often, the first in order wins.
    units = conn.execute(
        "SELECT unit, COUNT(*) FROM statement_summaries WHERE measure = ? GROUP BY unit", (measure,)
    ).fetchall()
    if not units:
        return None
    statements = sum(n for _, n in units)
    most = max(n for _, n in units)
    tied = [u for u, n in units if n == most]
    unit = tied[0]
    if len(tied) > 1:
        (unit,) = conn.execute(
            "SELECT unit FROM statement_summaries WHERE measure = ? AND unit IN (SELECT value FROM json_each(?))"
            " ORDER BY as_of, value, figure_id LIMIT 1",
            (measure, json.dumps(tied, ensure_ascii=False)),
        ).fetchone()
    (predicate,) = conn.execute(
        "SELECT predicate FROM statement_summaries WHERE measure = ? ORDER BY as_of, value, figure_id LIMIT 1",
        (measure,),
    ).fetchone()
    points = conn.execute(
        "SELECT as_of, MAX(value) FROM measure_points WHERE measure = ? AND as_of IS NOT NULL AND as_of != ''"
        " GROUP BY as_of ORDER BY as_of",
        (measure,),
    ).fetchall()
    return measure, unit, predicate, int(statements), json.dumps([list(p) for p in points], ensure_ascii=False)


# ---------------------------------------------------------------- per municipality: grants, signings, the map


# The agreement_events view (schema.sql) with everyone its reports name, for the signings ``{where}`` chooses
# (a municipality and a programme: the undated reports join the dated ones of that pair, and no others). The
# view's correlated MIN over the pair's signed agreements is a window over the same rows here: every agreement
# has its document, and ``{where}`` takes whole pairs.
SIGNINGS_SQL = """
WITH signed AS (
    SELECT a.*, d.release_id, COALESCE(a.date, MIN(a.date) OVER (
        PARTITION BY a.commune_ags, lower(COALESCE(a.programme, a.kind))
    )) AS event_date
    FROM agreements a JOIN documents d ON d.id = a.document_id
    WHERE a.status = 'signed' AND {where}
),
events AS (
    SELECT s.commune_ags || ':' || COALESCE(s.event_date, 'undated') || ':' || lower(COALESCE(s.programme, s.kind))
               AS event_key,
           s.commune_ags, s.commune, c.landkreis, s.event_date AS date, s.kind, s.programme,
           MAX(s.ordinal) AS ordinal, COUNT(DISTINCT s.release_id) AS sources,
           json_group_array(DISTINCT s.release_id) AS release_ids,
           json_group_array(DISTINCT s.document_id) AS document_ids
    FROM signed s LEFT JOIN communes c ON c.ags = s.commune_ags
    GROUP BY 1
)
INSERT INTO signing_summaries (event_key, commune_ags, commune, landkreis, date, kind, programme, ordinal, sources,
                               release_ids, document_ids, signatories, witnesses)
SELECT e.event_key, e.commune_ags, e.commune, e.landkreis, e.date, e.kind, e.programme, e.ordinal, e.sources,
       e.release_ids, e.document_ids,
       (SELECT json_group_array(DISTINCT j.value) FROM agreements a, json_each(a.signatories) j
         WHERE a.event_key = e.event_key),
       (SELECT json_group_array(DISTINCT j.value) FROM agreements a, json_each(a.witnesses) j
         WHERE a.event_key = e.event_key)
FROM events e
"""

COMMUNES_SQL = """
INSERT INTO commune_summaries (ags, name, kind, landkreis, latitude, longitude, population, releases, agreements,
                               grants, figures)
SELECT c.ags, c.name, c.kind, c.landkreis, c.lat, c.lon, c.population,
       (SELECT COUNT(*) FROM commune_releases r WHERE r.ags = c.ags),
       (SELECT COUNT(*) FROM signing_summaries e WHERE e.commune_ags = c.ags),
       (SELECT COUNT(*) FROM grant_summaries g WHERE g.recipient_ags = c.ags),
       (SELECT COUNT(*) FROM commune_release_figures f WHERE f.ags = c.ags)
FROM communes c
WHERE c.ags IN (SELECT value FROM json_each(:communes))
  AND EXISTS (SELECT 1 FROM commune_mentions m WHERE m.ags = c.ags)
"""

# Per release: the municipalities its documents name (commune_stats' releases), and the statistics stated in
# a sentence that names one (commune_stats' figures: one per release, measure and value).
MEMBERSHIP_SQL = (
    """
INSERT INTO commune_releases (ags, release_id, release_date)
SELECT DISTINCT m.ags, d.release_id, r.release_date
FROM documents d JOIN releases r ON r.id = d.release_id JOIN commune_mentions m ON m.document_id = d.id
WHERE d.release_id IN (SELECT value FROM json_each(:releases)) AND m.ags IS NOT NULL
""",
    """
INSERT INTO commune_release_figures (ags, release_id, measure, value)
SELECT DISTINCT m.ags, d.release_id, f.measure, f.value
FROM documents d
JOIN commune_mentions m ON m.document_id = d.id
JOIN figures f ON f.sentence_id = m.sentence_id
WHERE d.release_id IN (SELECT value FROM json_each(:releases)) AND m.ags IS NOT NULL
""",
)


def _memberships(conn: sqlite3.Connection, keys: Keys) -> None:
    """Recompute the touched releases' rows of commune_releases and commune_release_figures.

    Every fact is written or deleted with its document, and a document that joins or leaves a release
    queues that release (a deleted document leaves its release first, ``releases.remove``): the touched
    releases are all whose rows can change. The municipalities whose rows changed are recounted.
    """
    if not keys.releases:
        return
    params = {"releases": _json(keys.releases)}
    in_releases = "SELECT value FROM json_each(:releases)"
    for table, sql in zip(("commune_releases", "commune_release_figures"), MEMBERSHIP_SQL, strict=True):
        before = _rows_of(conn, f"SELECT * FROM {table} WHERE release_id IN ({in_releases})", params)
        conn.execute(f"DELETE FROM {table} WHERE release_id IN ({in_releases})", params)
        conn.execute(sql, params)
        after = _rows_of(conn, f"SELECT * FROM {table} WHERE release_id IN ({in_releases})", params)
        keys.communes.update(str(row[0]) for row in before ^ after)


PERSON_RELEASES_SQL = """
INSERT INTO person_releases (person_id, release_id, release_date)
SELECT DISTINCT m.person_id, d.release_id, r.release_date
FROM documents d JOIN releases r ON r.id = d.release_id JOIN person_mentions m ON m.document_id = d.id
WHERE d.release_id IN (SELECT value FROM json_each(:releases)) AND m.person_id IS NOT NULL
"""


def _person_releases(conn: sqlite3.Connection, keys: Keys) -> None:
    """Recompute the touched releases' rows of person_releases (touched as in ``_memberships``)."""
    _replace_rows(conn, "person_releases", "release_id", keys.releases, PERSON_RELEASES_SQL, "releases")


def _replace_rows(conn: sqlite3.Connection, table: str, column: str, values: set[Any], sql: str, name: str) -> None:
    """Delete the rows of ``table`` whose ``column`` is one of ``values``, then run ``sql``, which inserts
    them anew from the JSON list of ``values`` in the parameter ``name``."""
    if not values:
        return
    params = {name: _json(values)}
    conn.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT value FROM json_each(:{name}))", params)
    conn.execute(sql, params)


def _rows_of(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in conn.execute(sql, params)}


# A grant's first mention (grant_summaries g): in the release that first stated it, the canonical rendition first.
FIRST_MENTION_SQL = (
    "SELECT m.id FROM money m JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
    " WHERE m.recipient_ags = grant_summaries.recipient_ags AND m.amount_cents = grant_summaries.amount_cents"
    " AND m.kind IN ('grant', 'part') AND coalesce(m.year, CAST(r.year AS TEXT)) IS grant_summaries.year"
    " ORDER BY r.release_date, d.id = r.document_id DESC, m.char_start, m.id LIMIT 1"
)


def _grants(conn: sqlite3.Connection, keys: Keys) -> None:
    """Recompute the grants view's rows of each touched grant (a municipality and an amount, every year)."""
    if not keys.grants:
        return
    for ags, amount in sorted(keys.grants):
        params = {"ags": ags, "amount": amount}
        where = "recipient_ags = :ags AND amount_cents = :amount"
        years = f"SELECT year FROM grant_summaries WHERE {where}"
        before = _rows_of(conn, years, params)
        conn.execute(f"DELETE FROM grant_summaries WHERE {where}", params)
        conn.execute(
            "INSERT INTO grant_summaries (grant_key, recipient_ags, recipient, landkreis, year, amount_cents,"
            " amount_eur, purpose, funder, first_stated, releases, mentions, money_ids, release_ids)"
            " SELECT grant_key, recipient_ags, recipient, landkreis, year, amount_cents, amount_eur, purpose, funder,"
            f" first_stated, releases, mentions, money_ids, release_ids FROM grants WHERE {where}",
            params,
        )
        conn.execute(f"UPDATE grant_summaries SET first_money_id = ({FIRST_MENTION_SQL}) WHERE {where}", params)
        after = _rows_of(conn, years, params)
        # Every year the grant stands in, before and after: a year's total changes with any of its grants.
        keys.years.update(year for (year,) in before | after if year is not None)
        if before or after:
            keys.communes.add(ags)  # its count of grants


def _signings(conn: sqlite3.Connection, keys: Keys, everything: bool) -> None:
    """Recompute the signing events of each touched municipality and programme (``everything``: all)."""
    if everything:
        conn.execute("DELETE FROM signing_summaries")
        conn.execute(SIGNINGS_SQL.format(where="a.commune_ags IS NOT NULL"))
        keys.communes.update(r[0] for r in conn.execute("SELECT DISTINCT commune_ags FROM signing_summaries"))
        return
    group = "a.commune_ags = :ags AND lower(COALESCE(a.programme, a.kind)) = :programme"
    insert = SIGNINGS_SQL.format(where=group)
    for ags, programme in sorted(keys.signings):
        params = {"ags": ags, "programme": programme}
        conn.execute(
            "DELETE FROM signing_summaries WHERE commune_ags = :ags"
            " AND event_key = commune_ags || ':' || COALESCE(date, 'undated') || ':' || :programme",
            params,
        )
        conn.execute(insert, params)
        keys.communes.add(ags)  # its count of signings


def _communes(conn: sqlite3.Connection, keys: Keys) -> None:
    """Recompute the map row of each touched municipality: counts of index ranges."""
    _replace_rows(conn, "commune_summaries", "ags", keys.communes, COMMUNES_SQL, "communes")


# ---------------------------------------------------------------- budgets per release, totals per year


BUDGET_RELEASES_SQL = """
INSERT INTO budget_releases (release_id, year, amount_cents)
SELECT DISTINCT d.release_id, coalesce(m.year, CAST(r.year AS TEXT)), m.amount_cents
FROM documents d JOIN releases r ON r.id = d.release_id JOIN money m ON m.document_id = d.id
WHERE d.release_id IN (SELECT value FROM json_each(:releases)) AND m.kind = 'budget'
"""


def _budgets(conn: sqlite3.Connection, keys: Keys, everything: bool) -> None:
    """Recompute the touched releases' budgets, and each amount and year whose releases changed."""
    if everything:
        conn.execute("DELETE FROM budget_summaries")
    if not keys.releases:
        return
    params = {"releases": _json(keys.releases)}
    in_releases = "release_id IN (SELECT value FROM json_each(:releases))"
    chosen = f"SELECT year, amount_cents FROM budget_releases WHERE {in_releases}"
    before = _rows_of(conn, chosen, params)
    conn.execute(f"DELETE FROM budget_releases WHERE {in_releases}", params)
    conn.execute(BUDGET_RELEASES_SQL, params)
    changed = before | _rows_of(conn, chosen, params)
    for year, amount in sorted(changed, key=repr):
        conn.execute("DELETE FROM budget_summaries WHERE amount_cents = ? AND year IS ?", (amount, year))
        if conn.execute(
            "SELECT 1 FROM budget_releases WHERE amount_cents = ? AND year IS ? LIMIT 1", (amount, year)
        ).fetchone():
            conn.execute("INSERT INTO budget_summaries (year, amount_cents) VALUES (?, ?)", (year, amount))
        if year is not None:
            keys.years.add(year)


def _years(conn: sqlite3.Connection, years: set[str]) -> None:
    if not years:
        return
    chosen = {"years": _json(years)}
    in_years = "SELECT value FROM json_each(:years)"
    conn.execute(f"DELETE FROM year_summaries WHERE year IN ({in_years})", chosen)
    conn.execute(
        "INSERT INTO year_summaries (year, kind, total_cents, amounts, communes)"
        " SELECT year, 'grant', SUM(amount_cents), COUNT(*), COUNT(DISTINCT recipient_ags) FROM grant_summaries"
        f" WHERE year IN ({in_years}) GROUP BY year"
        " UNION ALL"
        " SELECT year, 'budget', SUM(amount_cents), COUNT(*), 0 FROM budget_summaries"
        f" WHERE year IN ({in_years}) GROUP BY year",
        chosen,
    )


# ---------------------------------------------------------------- per person: signings


PEOPLE_SQL = """
WITH mentions AS (
    SELECT p.id AS person_id, p.name, p.surname, pm.role, pm.organisation, pm.name AS as_named,
           pm.document_id, pm.char_start, d.release_id, d.id = r.document_id AS canonical,
           r.release_date, r.title
    FROM people p
    CROSS JOIN person_mentions pm ON pm.person_id = p.id
    JOIN documents d ON d.id = pm.document_id
    JOIN releases r ON r.id = d.release_id
    WHERE pm.relation = 'signatory' AND p.id IN (SELECT value FROM json_each(:people))),
signings AS (
    SELECT person_id, release_id, name, surname, role, organisation, as_named, document_id, char_start,
           release_date, title, MAX(canonical) AS canonical
    FROM mentions
    GROUP BY person_id, release_id)
INSERT INTO person_signings (person_id, release_id, name, surname, role, organisation, as_named, document_id,
                             char_start, release_date, title, signed)
SELECT s.person_id, s.release_id, s.name, s.surname, s.role, s.organisation, s.as_named, s.document_id,
       s.char_start, s.release_date, s.title,
       (SELECT group_concat(x, '; ') FROM (
          SELECT DISTINCT a.commune || ' (' || coalesce(a.date, 'undated') || ', ' || a.kind || ')' AS x
          FROM agreements a JOIN documents d ON d.id = a.document_id
          WHERE d.release_id = s.release_id
            AND EXISTS (SELECT 1 FROM json_each(a.signatories) j WHERE j.value = s.as_named)))
FROM signings s
"""


# The person_roles view (schema.sql) for the chosen people.
ROLES_SQL = """
INSERT INTO role_summaries (person_id, name, role, organisation, relation, release_date, title, release_id,
                            document_id, mention_id)
SELECT p.id, p.name, m.role, m.organisation, m.relation, r.release_date, r.title,
       d.release_id, MIN(m.document_id), MIN(m.id)
FROM people p
JOIN person_mentions m ON m.person_id = p.id
JOIN documents d ON d.id = m.document_id
JOIN releases r ON r.id = d.release_id
WHERE m.role IS NOT NULL AND p.id IN (SELECT value FROM json_each(:people))
GROUP BY p.id, d.release_id, m.role, m.organisation, m.relation
"""


def _people(conn: sqlite3.Connection, people: set[int]) -> None:
    if not people:
        return
    chosen = {"people": _json(people)}
    for table in ("person_signings", "role_summaries"):
        conn.execute(f"DELETE FROM {table} WHERE person_id IN (SELECT value FROM json_each(:people))", chosen)
    conn.execute(PEOPLE_SQL, chosen)
    conn.execute(ROLES_SQL, chosen)

"""Summary tables: what the archive's pages read, kept equal to the full computation key by key.

The views of schema/schema.sql (grants, figure_statements, agreement_events, commune_stats) define every
number the archive shows; on a large archive they are too slow to compute per request. Each summary table
holds, for its key, the rows the full computation gives for that key:

- ``grant_summaries`` (the grants view), ``signing_summaries`` (agreement_events with everyone its reports
  name) and ``commune_summaries`` (commune_stats), per municipality;
- ``budget_summaries`` (each announced budget amount for a year once), per amount;
- ``year_summaries`` (grants and budgets per year: grants_per_year), per year;
- ``statement_summaries`` (figure_statements), per release;
- ``measure_points`` (history_of_a_figure) and ``measure_summaries`` (the statistics page), per statistic;
- ``person_signings`` (people_and_what_they_signed) and ``role_summaries`` (the person_roles view), per
  person.

Triggers in the schema put the keys each written or deleted fact row touches into ``summary_queue``, in
the transaction that writes it (a document moved between releases, or a release whose date, year, title
or canonical document changes, touches the keys of all its facts). ``refresh`` recomputes the queued keys
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
    "grant_summaries",
    "budget_summaries",
    "year_summaries",
    "statement_summaries",
    "measure_points",
    "measure_summaries",
    "signing_summaries",
    "commune_summaries",
    "person_signings",
    "role_summaries",
)


@dataclass
class Keys:
    """The keys whose summaries a refresh recomputes."""

    communes: set[str] = field(default_factory=set)
    budgets: set[int] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)
    releases: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    years: set[str] = field(default_factory=set)

    def count(self) -> int:
        return sum(len(s) for s in (self.communes, self.budgets, self.measures, self.releases, self.people, self.years))


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
        elif kind == "budget":
            keys.budgets.add(int(key))
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
            "SELECT DISTINCT recipient_ags FROM money WHERE kind IN ('grant', 'part')",
            "SELECT DISTINCT commune_ags FROM agreements",
            "SELECT DISTINCT ags FROM commune_mentions",
            "SELECT recipient_ags FROM grant_summaries",
            "SELECT commune_ags FROM signing_summaries",
            "SELECT ags FROM commune_summaries",
        )
        for k in one(sql)
    )
    keys.budgets.update(int(k) for k in one("SELECT DISTINCT amount_cents FROM money WHERE kind = 'budget'"))
    keys.budgets.update(int(k) for k in one("SELECT amount_cents FROM budget_summaries"))
    keys.measures.update(str(k) for k in one("SELECT DISTINCT measure FROM figures"))
    keys.measures.update(str(k) for k in one("SELECT measure FROM measure_summaries"))
    keys.releases.update(int(k) for k in one("SELECT id FROM releases"))
    keys.releases.update(int(k) for k in one("SELECT DISTINCT release_id FROM statement_summaries"))
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
        _measures(conn, keys.measures)
        _communes(conn, keys)
        _budgets(conn, keys)
        _years(conn, keys.years)
        _people(conn, keys.people)
        conn.execute("DELETE FROM summary_queue")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return keys.count()


# ---------------------------------------------------------------- per release: statements


def _statements(conn: sqlite3.Connection, keys: Keys) -> None:
    if not keys.releases:
        return
    releases = _json(keys.releases)
    in_releases = "SELECT value FROM json_each(?)"
    # The statistics these releases stated before and state now; their signatories' lists of signings.
    for (measure,) in conn.execute(
        f"SELECT DISTINCT measure FROM statement_summaries WHERE release_id IN ({in_releases})", (releases,)
    ):
        keys.measures.add(measure)
    for (person,) in conn.execute(
        "SELECT DISTINCT p.person_id FROM documents d JOIN person_mentions p ON p.document_id = d.id"
        f" WHERE d.release_id IN ({in_releases}) AND (p.relation = 'signatory' OR p.role IS NOT NULL)"
        " AND p.person_id IS NOT NULL",
        (releases,),
    ):
        keys.people.add(int(person))
    conn.execute(f"DELETE FROM statement_summaries WHERE release_id IN ({in_releases})", (releases,))
    conn.execute(
        "INSERT INTO statement_summaries (release_id, measure, as_of, value, value_max, figure_id, qualifier, unit,"
        " predicate, programme, mentions, documents, figure_ids)"
        " SELECT release_id, measure, as_of, value, value_max, figure_id, qualifier, unit, predicate, programme,"
        f" mentions, documents, figure_ids FROM figure_statements WHERE release_id IN ({in_releases})",
        (releases,),
    )
    for (measure,) in conn.execute(
        f"SELECT DISTINCT measure FROM statement_summaries WHERE release_id IN ({in_releases})", (releases,)
    ):
        keys.measures.add(measure)


# ---------------------------------------------------------------- per statistic: history and the list


def _measures(conn: sqlite3.Connection, measures: set[str]) -> None:
    if not measures:
        return
    chosen = _json(measures)
    conn.execute("DELETE FROM measure_points WHERE measure IN (SELECT value FROM json_each(?))", (chosen,))
    conn.execute(
        "INSERT INTO measure_points (measure, as_of, value, statements, figure_id)"
        " SELECT measure, as_of, value, COUNT(*), MAX(figure_id) FROM statement_summaries"
        " WHERE measure IN (SELECT value FROM json_each(?)) GROUP BY measure, as_of, value",
        (chosen,),
    )
    conn.execute("DELETE FROM measure_summaries WHERE measure IN (SELECT value FROM json_each(?))", (chosen,))
    for measure in sorted(measures):
        rows = conn.execute(
            "SELECT measure, unit, predicate, value, as_of FROM statement_summaries WHERE measure = ?"
            " ORDER BY as_of, value",
            (measure,),
        ).fetchall()
        summary = measure_summary(rows)
        if summary is not None:
            conn.execute(
                "INSERT INTO measure_summaries (measure, unit, predicate, statements, points) VALUES (?, ?, ?, ?, ?)",
                summary,
            )


def measure_summary(rows: list[Any]) -> tuple[str, str, str | None, int, str] | None:
    """A statistic's row of the statistics page from its statements (measure, unit, predicate, value, as_of),
    in date and value order: the unit most statements give, the first predicate, one value per date (the
    largest stated that day)."""
    if not rows:
        return None
    units: dict[str, int] = {}
    points: dict[str, float] = {}
    for _, unit, _, value, as_of in rows:
        units[unit] = units.get(unit, 0) + 1
        if as_of:
            points[as_of] = value
    unit = max(units.items(), key=lambda kv: kv[1])[0]
    return (
        rows[0][0],
        unit,
        rows[0][2],
        len(rows),
        json.dumps(sorted(points.items()), ensure_ascii=False),
    )


# ---------------------------------------------------------------- per municipality: grants, signings, the map


SIGNINGS_SQL = """
WITH signed AS (
    SELECT a.*, d.release_id, COALESCE(a.date, (
        SELECT MIN(b.date) FROM agreements b
        WHERE b.commune_ags = a.commune_ags AND b.status = 'signed' AND b.date IS NOT NULL
          AND lower(COALESCE(b.programme, b.kind)) = lower(COALESCE(a.programme, a.kind))
    )) AS event_date
    FROM agreements a JOIN documents d ON d.id = a.document_id
    WHERE a.status = 'signed' AND a.commune_ags IN (SELECT value FROM json_each(:communes))
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
       (SELECT COUNT(DISTINCT d.release_id) FROM commune_mentions m JOIN documents d ON d.id = m.document_id
            WHERE m.ags = c.ags),
       (SELECT COUNT(*) FROM signing_summaries e WHERE e.commune_ags = c.ags),
       (SELECT COUNT(*) FROM grant_summaries g WHERE g.recipient_ags = c.ags),
       (SELECT COUNT(DISTINCT d.release_id || ':' || f.measure || ':' || f.value)
            FROM commune_mentions m
            JOIN figures f ON f.sentence_id = m.sentence_id
            JOIN documents d ON d.id = f.document_id
            WHERE m.ags = c.ags)
FROM communes c
WHERE c.ags IN (SELECT value FROM json_each(:communes))
  AND EXISTS (SELECT 1 FROM commune_mentions m WHERE m.ags = c.ags)
"""


def _communes(conn: sqlite3.Connection, keys: Keys) -> None:
    if not keys.communes:
        return
    communes = _json(keys.communes)
    params = {"communes": communes}
    in_communes = "SELECT value FROM json_each(:communes)"
    keys.years.update(_years_of(conn, "grant_summaries", "recipient_ags", communes))
    conn.execute(f"DELETE FROM grant_summaries WHERE recipient_ags IN ({in_communes})", params)
    conn.execute(
        "INSERT INTO grant_summaries (grant_key, recipient_ags, recipient, landkreis, year, amount_cents, amount_eur,"
        " purpose, funder, first_stated, releases, mentions, money_ids, release_ids)"
        " SELECT grant_key, recipient_ags, recipient, landkreis, year, amount_cents, amount_eur, purpose, funder,"
        f" first_stated, releases, mentions, money_ids, release_ids FROM grants WHERE recipient_ags IN ({in_communes})",
        params,
    )
    keys.years.update(_years_of(conn, "grant_summaries", "recipient_ags", communes))
    conn.execute(f"DELETE FROM signing_summaries WHERE commune_ags IN ({in_communes})", params)
    conn.execute(SIGNINGS_SQL, params)
    conn.execute(f"DELETE FROM commune_summaries WHERE ags IN ({in_communes})", params)
    conn.execute(COMMUNES_SQL, params)


# ---------------------------------------------------------------- per budget amount, per year


def _years_of(conn: sqlite3.Connection, table: str, column: str, keys: str) -> set[str]:
    """The years a summary's rows for the keys (a JSON list) stand in: their year totals change with them."""
    sql = f"SELECT DISTINCT year FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))"
    return {r[0] for r in conn.execute(sql, (keys,)) if r[0] is not None}


def _budgets(conn: sqlite3.Connection, keys: Keys) -> None:
    if not keys.budgets:
        return
    amounts = {"amounts": _json(keys.budgets)}
    in_amounts = "SELECT value FROM json_each(:amounts)"
    keys.years.update(_years_of(conn, "budget_summaries", "amount_cents", amounts["amounts"]))
    conn.execute(f"DELETE FROM budget_summaries WHERE amount_cents IN ({in_amounts})", amounts)
    conn.execute(
        "INSERT INTO budget_summaries (year, amount_cents)"
        " SELECT coalesce(m.year, CAST(r.year AS TEXT)) AS year, m.amount_cents FROM money m"
        " JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
        f" WHERE m.kind = 'budget' AND m.amount_cents IN ({in_amounts}) GROUP BY 1, m.amount_cents",
        amounts,
    )
    keys.years.update(_years_of(conn, "budget_summaries", "amount_cents", amounts["amounts"]))


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

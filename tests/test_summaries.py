"""The summary tables equal the full computation after every kind of build, and after a build killed before them.

The full computation is what the archive showed before the summaries existed: the views of schema.sql and
the canned queries' own SQL over them (kept here as they were), compared row for row with the summaries.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from robustness_factory import synth_corpus

from extract import summaries
from extract.store import _delete_document, open_archive

# grants_per_year before the summaries: every grant once (grants view), every budget amount for a year once.
GRANTS_PER_YEAR = """
WITH amounts AS (
  SELECT g.year, 'grant' AS kind, g.amount_cents, g.recipient_ags
  FROM grants g
  UNION ALL
  SELECT coalesce(m.year, CAST(r.year AS TEXT)) AS year, 'budget' AS kind, m.amount_cents, NULL
  FROM money m
  JOIN documents d ON d.id = m.document_id
  JOIN releases r ON r.id = d.release_id
  WHERE m.kind = 'budget'
  GROUP BY 1, m.amount_cents)
SELECT year, kind, SUM(amount_cents) / 100.0 AS total_eur, COUNT(*) AS amounts,
       COUNT(DISTINCT recipient_ags) AS communes
FROM amounts
WHERE year IS NOT NULL
GROUP BY year, kind
"""

# people_and_what_they_signed before the summaries (without its limits, which the test archive stays under).
PEOPLE_SIGNED = """
WITH mentions AS MATERIALIZED (
  SELECT p.id AS person_id, p.name, p.surname, pm.role, pm.organisation, pm.name AS as_named,
         pm.document_id, pm.char_start, d.release_id, d.id = r.document_id AS canonical,
         r.release_date, r.title
  FROM people p
  CROSS JOIN person_mentions pm ON pm.person_id = p.id
  JOIN documents d ON d.id = pm.document_id
  JOIN releases r ON r.id = d.release_id
  WHERE pm.relation = 'signatory'),
signings AS (
  SELECT person_id, release_id, name, surname, role, organisation, as_named, document_id, char_start,
         release_date, title, MAX(canonical) AS canonical
  FROM mentions
  GROUP BY person_id, release_id)
SELECT s.name, s.role, s.organisation, s.release_date, s.title,
       (SELECT group_concat(x, '; ') FROM (
          SELECT DISTINCT a.commune || ' (' || coalesce(a.date, 'undated') || ', ' || a.kind || ')' AS x
          FROM agreements a JOIN documents d ON d.id = a.document_id
          WHERE d.release_id = s.release_id
            AND EXISTS (SELECT 1 FROM json_each(a.signatories) j WHERE j.value = s.as_named))) AS signed,
       s.document_id, s.char_start, s.person_id
FROM signings s
"""

# network_timeline's signatories and witnesses before the summaries.
TIMELINE = """
SELECT e.event_key,
       (SELECT group_concat(DISTINCT j.value) FROM agreements a, json_each(a.signatories) j
         WHERE a.event_key = e.event_key) AS signatories,
       (SELECT group_concat(DISTINCT j.value) FROM agreements a, json_each(a.witnesses) j
         WHERE a.event_key = e.event_key) AS witnesses
FROM agreement_events e
"""

# figure_history as it read figure_statements before the summaries.
FIGURE_HISTORY = """
SELECT st.measure, st.as_of, st.value, st.value_max, st.qualifier, st.unit, st.predicate, st.programme,
       r.release_date, r.title, r.issuer, st.release_id, f.document_id, st.figure_id, f.text,
       s.text AS sentence, st.mentions
FROM figure_statements st
JOIN releases r ON r.id = st.release_id
JOIN figures f ON f.id = st.figure_id
LEFT JOIN sentences s ON s.id = f.sentence_id
"""

# (summary, full computation): the same rows, in any order.
PAIRS = [
    (
        "SELECT * FROM person_releases",
        "SELECT DISTINCT m.person_id, d.release_id, r.release_date FROM documents d JOIN releases r"
        " ON r.id = d.release_id JOIN person_mentions m ON m.document_id = d.id WHERE m.person_id IS NOT NULL",
    ),
    (
        "SELECT * FROM finding_releases",
        "SELECT DISTINCT j.value, f.id FROM findings f, json_each(f.release_ids) j WHERE j.type = 'integer'",
    ),
    (
        "SELECT * FROM commune_releases",
        "SELECT DISTINCT m.ags, d.release_id, r.release_date FROM documents d JOIN releases r ON r.id = d.release_id"
        " JOIN commune_mentions m ON m.document_id = d.id WHERE m.ags IS NOT NULL",
    ),
    ("SELECT * FROM facet_counts WHERE count > 0", summaries.FACET_COUNTS_SQL),
    ("SELECT * FROM figure_history", FIGURE_HISTORY),
    (
        "SELECT grant_key, recipient_ags, recipient, landkreis, year, amount_cents, amount_eur, purpose, funder,"
        " first_stated, releases, mentions, money_ids, release_ids FROM grant_summaries",
        "SELECT * FROM grants",
    ),
    (
        "SELECT grant_key, first_money_id FROM grant_summaries",
        "SELECT grant_key, (SELECT m.id FROM json_each(g.money_ids) j JOIN money m ON m.id = j.value"
        " JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
        " ORDER BY r.release_date, d.id = r.document_id DESC, m.char_start, m.id LIMIT 1) FROM grants g",
    ),
    (
        "SELECT release_id, measure, as_of, value, value_max, figure_id, qualifier, unit, predicate, programme,"
        " mentions, documents, figure_ids FROM statement_summaries",
        "SELECT * FROM figure_statements",
    ),
    (
        "SELECT release_id, release_date FROM statement_summaries",
        "SELECT st.release_id, r.release_date FROM figure_statements st JOIN releases r ON r.id = st.release_id",
    ),
    (
        "SELECT event_key, commune_ags, commune, landkreis, date, kind, programme, ordinal, sources, release_ids,"
        " document_ids FROM signing_summaries",
        "SELECT * FROM agreement_events",
    ),
    (
        "SELECT event_key, (SELECT group_concat(value) FROM json_each(signatories)),"
        " (SELECT group_concat(value) FROM json_each(witnesses)) FROM signing_summaries",
        TIMELINE,
    ),
    ("SELECT * FROM commune_summaries", "SELECT * FROM commune_stats"),
    (
        "SELECT year, kind, total_cents / 100.0, amounts, communes FROM year_summaries",
        GRANTS_PER_YEAR,
    ),
    (
        "SELECT measure, as_of, value, statements, figure_id FROM measure_points",
        "SELECT measure, as_of, value, COUNT(*), MAX(figure_id) FROM figure_statements GROUP BY 1, 2, 3",
    ),
    (
        "SELECT name, role, organisation, release_date, title, signed, document_id, char_start, person_id"
        " FROM person_signings",
        PEOPLE_SIGNED,
    ),
    ("SELECT * FROM role_summaries", "SELECT * FROM person_roles"),
    (
        "SELECT year, amount_cents FROM budget_summaries",
        "SELECT coalesce(m.year, CAST(r.year AS TEXT)), m.amount_cents FROM money m"
        " JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
        " WHERE m.kind = 'budget' GROUP BY 1, 2",
    ),
]


# The canned queries as they read the views before the summaries: the new ones must show the same rows.
FULL_QUERIES = {
    "releases_mentioning_commune": """
WITH matched AS (
  SELECT ags, name, landkreis FROM communes
  WHERE name LIKE :commune || '%' OR ags = :commune),
hits AS MATERIALIZED (
  SELECT c.ags, c.name, c.landkreis, d.release_id, m.document_id, m.text, m.char_start,
         d.id = r.document_id AS canonical
  FROM matched c
  JOIN commune_mentions m ON m.ags = c.ags
  JOIN documents d ON d.id = m.document_id
  JOIN releases r ON r.id = d.release_id),
per_release AS (
  SELECT h.ags, h.name, h.landkreis, h.release_id,
         (SELECT h2.document_id FROM hits h2 WHERE h2.release_id = h.release_id AND h2.ags = h.ags
          ORDER BY h2.canonical DESC, h2.document_id LIMIT 1) AS document_id
  FROM hits h
  GROUP BY h.ags, h.release_id)
SELECT r.release_date, r.title, p.name AS commune, p.landkreis,
       COUNT(*) AS mentions, group_concat(DISTINCT h.text) AS as_printed,
       r.renditions, r.reproductions, p.document_id, MIN(h.char_start) AS char_start
FROM per_release p
JOIN releases r ON r.id = p.release_id
JOIN hits h ON h.release_id = p.release_id AND h.ags = p.ags AND h.document_id = p.document_id
GROUP BY p.release_id, p.ags
ORDER BY r.release_date DESC
LIMIT 500
""",
    "grants_by_commune_and_year": """
SELECT g.recipient AS commune, g.landkreis, g.year,
       COUNT(*) AS grants, SUM(g.amount_cents) / 100.0 AS total_eur,
       group_concat(g.amount_eur, ' | ') AS amounts,
       group_concat(DISTINCT g.purpose) AS purposes,
       SUM(g.mentions) AS mentions
FROM grants g
WHERE g.recipient_ags IN (SELECT ags FROM communes
                          WHERE :commune = '' OR name LIKE :commune || '%' OR ags = :commune)
  AND (:year = '' OR g.year = :year)
GROUP BY g.recipient_ags, g.year
ORDER BY g.recipient, g.year
""",
    "grants_per_year": """
WITH amounts AS (
  SELECT g.year, 'grant' AS kind, g.amount_cents, g.recipient_ags
  FROM grants g
  WHERE :commune = '' OR g.recipient LIKE :commune || '%'
  UNION ALL
  SELECT coalesce(m.year, CAST(r.year AS TEXT)) AS year, 'budget' AS kind, m.amount_cents, NULL
  FROM money m
  JOIN documents d ON d.id = m.document_id
  JOIN releases r ON r.id = d.release_id
  WHERE m.kind = 'budget' AND :commune = ''
  GROUP BY 1, m.amount_cents)
SELECT year, kind, SUM(amount_cents) / 100.0 AS total_eur, COUNT(*) AS amounts,
       COUNT(DISTINCT recipient_ags) AS communes
FROM amounts
WHERE year IS NOT NULL
GROUP BY year, kind
ORDER BY year, kind
""",
    "history_of_a_figure": """
WITH points AS (
  SELECT st.as_of, st.value, COUNT(*) AS statements, MAX(st.figure_id) AS figure_id
  FROM figure_statements st
  WHERE st.measure = :measure AND (:since = '' OR st.as_of >= :since)
  GROUP BY 1, 2
  ORDER BY 1, 2
  LIMIT 200)
SELECT p.as_of, p.value, f.value_max, f.qualifier, f.unit, r.release_date, r.title,
       f.text, s.text AS sentence, p.statements, f.document_id, p.figure_id
FROM points p
JOIN figures f ON f.id = p.figure_id
JOIN documents d ON d.id = f.document_id
JOIN releases r ON r.id = d.release_id
LEFT JOIN sentences s ON s.id = f.sentence_id
ORDER BY p.as_of, p.value
""",
    "network_timeline": """
SELECT e.date, e.commune, e.landkreis, e.kind, e.programme, e.ordinal,
       (SELECT group_concat(DISTINCT j.value) FROM agreements a, json_each(a.signatories) j
         WHERE a.event_key = e.event_key) AS signatories,
       (SELECT group_concat(DISTINCT j.value) FROM agreements a, json_each(a.witnesses) j
         WHERE a.event_key = e.event_key) AS witnesses,
       e.sources, json_extract(e.document_ids, '$[0]') AS document_id
FROM agreement_events e
WHERE :programme = '' OR e.programme LIKE :programme
ORDER BY e.date, e.commune
""",
    "check_figure": """
WITH hits AS MATERIALIZED (
  SELECT st.figure_id AS id, st.measure, r.release_date, r.title, st.mentions
  FROM figure_statements st
  JOIN releases r ON r.id = st.release_id
  JOIN figures f ON f.id = st.figure_id
  WHERE st.value = CAST(replace(:value, ',', '.') AS REAL)
    AND (:word = '' OR f.unit LIKE '%' || :word || '%' OR f.lemma LIKE '%' || :word || '%'
         OR f.measure LIKE '%' || :word || '%')
  ORDER BY r.release_date DESC
  LIMIT 500),
histories AS MATERIALIZED (
  SELECT m.measure,
         (SELECT group_concat(v, ', ') FROM (
            SELECT CASE WHEN p.value = CAST(p.value AS INTEGER) THEN CAST(p.value AS INTEGER) ELSE p.value END
                   || ' (' || p.as_of || ')' AS v
            FROM (SELECT DISTINCT h.as_of, h.value FROM figure_statements h
                  WHERE h.measure = m.measure) p
            ORDER BY p.as_of, p.value
            LIMIT 50)) AS history
  FROM (SELECT DISTINCT measure FROM hits) m)
SELECT f.value, f.unit, f.measure, hits.release_date, hits.title, s.text AS sentence, histories.history,
       hits.mentions, f.document_id, f.char_start, f.page
FROM hits
JOIN figures f ON f.id = hits.id
JOIN histories ON histories.measure = hits.measure
LEFT JOIN sentences s ON s.id = f.sentence_id
ORDER BY hits.release_date
""",
    "map_of_communes": """
SELECT s.name, s.landkreis, s.releases, s.agreements, s.grants, s.ags,
       s.latitude, s.longitude,
       json_object('title', s.name, 'description',
                   s.releases || ' Meldungen, ' || s.agreements || ' Unterzeichnungen',
                   'link', '/-/pressdb/commune/' || s.ags) AS popup
FROM commune_stats s
WHERE :commune = '' OR s.ags = :commune OR s.name LIKE :commune || '%' OR s.landkreis LIKE :commune || '%'
ORDER BY s.releases DESC, s.name
""",
}


FIGURES_NEAR_COMMUNES = """Musterverwaltung Westsachsen (Beispieltext, kein echter Absender)

Medieninformation 12/2024

14.03.2024

Mehr Einsätze für die Feuerwehren

In Meerane rückte die Freiwillige Feuerwehr im vergangenen Jahr zu 212 Einsätzen aus. In Glauchau waren es 187 Einsätze.

Die Zahl der aktiven Mitglieder in Meerane stieg auf 64.
"""


def measure_summary(rows: list[Any]) -> tuple[str, str, str | None, int, str] | None:
    """A statistic's row of the statistics page, computed in Python from its statements (measure, unit,
    predicate, value, as_of) in date, value and figure order: the unit most statements give (the first to
    appear among equals), the first predicate, one value per date (the largest stated that day)."""
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


def _rows(conn: sqlite3.Connection, sql: str) -> list[str]:
    return sorted(repr(tuple(r)) for r in conn.execute(sql))


def assert_summaries_complete(db: Path) -> None:
    """Every summary equals the full computation, and nothing waits in the queue."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM summary_queue").fetchone()[0] == 0
        for summary, full in PAIRS:
            assert _rows(conn, summary) == _rows(conn, full), summary
        statistics = {r[0]: tuple(r) for r in conn.execute("SELECT * FROM measure_summaries")}
        expected = {}
        for (measure,) in conn.execute("SELECT DISTINCT measure FROM figure_statements"):
            rows = conn.execute(
                "SELECT measure, unit, predicate, value, as_of FROM figure_statements WHERE measure = ?"
                " ORDER BY as_of, value, figure_id",
                (measure,),
            ).fetchall()
            expected[measure] = measure_summary(rows)
        assert statistics == expected
    finally:
        conn.close()


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in summaries.SUMMARY_TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("summaries") / "in"
    synth_corpus(folder, 12, seed=5)
    # Statistics in sentences that name a municipality (the map's count of figures); invented issuer.
    (folder / "stadt-feuerwehr-statistik-sample.txt").write_text(FIGURES_NEAR_COMMUNES, encoding="utf-8")
    return folder


def test_a_first_build_fills_every_summary(corpus: Path, tmp_path: Path) -> None:
    from extract.build import build

    db = tmp_path / "archive.db"
    build([corpus], db, jobs=1)
    assert_summaries_complete(db)
    counts = _counts(db)
    assert all(counts[t] > 0 for t in summaries.SUMMARY_TABLES), counts  # the corpus fills every one


def test_builds_that_add_replace_and_remove_documents_keep_them_equal(corpus: Path, tmp_path: Path) -> None:
    from extract.build import build

    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = sorted(corpus.iterdir())
    for p in paths[:6]:
        shutil.copy(p, inputs / p.name)
    db = tmp_path / "archive.db"
    build([inputs], db, jobs=1)
    assert_summaries_complete(db)
    # Add six releases.
    for p in paths[6:]:
        shutil.copy(p, inputs / p.name)
    result = build([inputs], db, jobs=1)
    assert result.added == len(paths) - 6
    assert_summaries_complete(db)
    # Replace two: one by another release's text (its grants, figures and signings move), one by a text
    # without any fact.
    shutil.copy(paths[0], inputs / paths[1].name)
    (inputs / paths[2].name).write_text("Dresden, 1. März 2024\n\nEin kurzer Hinweis ohne Zahlen.\n", encoding="utf-8")
    result = build([inputs], db, jobs=1)
    assert result.replaced == 2
    assert_summaries_complete(db)
    # Remove one (as a replacement does first) and refresh.
    archive = open_archive(db)
    conn = archive.conn
    doc_id = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    _delete_document(conn, doc_id)
    conn.execute("COMMIT")
    assert summaries.pending(conn) > 0
    summaries.refresh(conn)
    archive.close()
    assert_summaries_complete(db)


def test_a_changed_release_date_reaches_every_summary(corpus: Path, tmp_path: Path) -> None:
    from extract.build import build

    db = tmp_path / "archive.db"
    build([corpus], db, jobs=1)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        # The release with the most facts moves to another date and year (a correction of its dateline).
        release = conn.execute(
            "SELECT d.release_id FROM documents d WHERE EXISTS (SELECT 1 FROM figures f WHERE f.document_id = d.id)"
            " AND EXISTS (SELECT 1 FROM money m WHERE m.document_id = d.id AND m.kind = 'grant')"
            " ORDER BY d.release_id LIMIT 1"
        ).fetchone()[0]
        conn.execute("UPDATE releases SET release_date = '2011-01-03', year = 2011 WHERE id = ?", (release,))
        queued = {r[0] for r in conn.execute("SELECT kind FROM summary_queue")}
        assert {"release", "commune", "grant", "measure"} <= queued
        summaries.refresh(conn)
        assert conn.execute("SELECT COUNT(*) FROM grant_summaries WHERE first_stated = '2011-01-03'").fetchone()[0]
    finally:
        conn.close()
    assert_summaries_complete(db)


GRANT_RELEASES = {
    "a": """Musterverwaltung Westsachsen (Beispieltext, kein echter Absender)

Medieninformation 12/2024

14.03.2024

Fördermittel für Meerane

Die Stadt Meerane erhält vom Land 48.500 Euro für die Sanierung des Gerätehauses der Freiwilligen Feuerwehr.
""",
    "b": """Musterverwaltung Westsachsen (Beispieltext, kein echter Absender)

Medieninformation 30/2024

02.09.2024

Richtfest am Gerätehaus

Beim Richtfest in Meerane dankte die Wehrleiterin allen Helfern. Die Bauarbeiten liegen im Zeitplan, das Dach
ist gedeckt, im Herbst folgen Fenster und Tore. Gefördert wird der Bau mit 48.500 Euro an die Stadt Meerane.
""",
}


def test_a_grant_is_shown_through_its_first_mention_in_the_release_that_first_stated_it(tmp_path: Path) -> None:
    from extract.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in GRANT_RELEASES.items():
        (folder / f"westsachsen-{name}-sample.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "archive.db"
    # The later release is built first: the first mention is found by date, not by the order of writing.
    build([folder / "westsachsen-b-sample.txt"], db, jobs=1)
    build([folder], db, jobs=1)
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT g.releases, r.release_date FROM grant_summaries g JOIN money m ON m.id = g.first_money_id"
            " JOIN documents d ON d.id = m.document_id JOIN releases r ON r.id = d.release_id"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [(2, "2024-03-14")]
    assert_summaries_complete(db)


class _Killed(BaseException):
    """Stands for SIGKILL at one exact moment: after the documents were committed, before the summaries were."""


def test_a_build_killed_before_its_summaries_leaves_them_for_the_next_run(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract import build as build_module

    clean = tmp_path / "clean.db"
    build_module.build([corpus], clean, jobs=1)
    expected = _counts(clean)

    def killed(db: Any) -> int:
        raise _Killed

    db = tmp_path / "archive.db"
    with monkeypatch.context() as patch:
        patch.setattr(build_module, "refresh_summaries", killed)
        with pytest.raises(_Killed):
            build_module.build([corpus], db, jobs=1)
    assert summaries.pending(sqlite3.connect(db)) > 0
    assert _counts(db)["grant_summaries"] == 0
    again = build_module.build([corpus], db, jobs=1)  # nothing to extract: every document is stored
    assert (again.unchanged, again.added) == (len(list(corpus.iterdir())), 0)
    assert_summaries_complete(db)
    assert _counts(db) == expected


def test_a_refresh_killed_midway_changes_nothing(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extract import build as build_module
    from extract.build import build

    db = tmp_path / "archive.db"
    with monkeypatch.context() as patch:
        patch.setattr(build_module, "refresh_summaries", lambda db: 0)
        build([corpus], db, jobs=1)
    queued = summaries.pending(sqlite3.connect(db))

    def killed(conn: sqlite3.Connection, people: set[int]) -> None:
        raise _Killed  # after the grants, statements and signings were rewritten in the open transaction

    conn = sqlite3.connect(db, isolation_level=None)
    with monkeypatch.context() as patch:
        patch.setattr(summaries, "_people", killed)
        with pytest.raises(_Killed):
            summaries.refresh(conn)
    assert summaries.pending(conn) == queued
    assert _counts(db)["grant_summaries"] == 0  # rolled back whole
    summaries.refresh(conn)
    conn.close()
    assert_summaries_complete(db)


def test_rebuild_recomputes_everything_from_the_facts(corpus: Path, tmp_path: Path) -> None:
    from extract.build import build

    db = tmp_path / "archive.db"
    build([corpus], db, jobs=1)
    conn = sqlite3.connect(db, isolation_level=None)
    for table in summaries.SUMMARY_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO grant_summaries SELECT *, NULL FROM grants")  # stale rows a rebuild must not keep
    conn.execute("UPDATE grant_summaries SET mentions = mentions + 1")
    summaries.rebuild(conn)
    conn.close()
    assert_summaries_complete(db)


def _query_cases(conn: sqlite3.Connection) -> list[tuple[str, dict[str, str]]]:
    measures = [r[0] for r in conn.execute("SELECT DISTINCT measure FROM figures")]
    values = [r[0] for r in conn.execute("SELECT DISTINCT CAST(value AS INTEGER) FROM figures LIMIT 5")]
    names = [r[0] for r in conn.execute("SELECT name FROM communes WHERE ags IN (SELECT ags FROM commune_mentions)")]
    cases: list[tuple[str, dict[str, str]]] = [
        ("grants_by_commune_and_year", {"commune": "", "year": ""}),
        ("grants_per_year", {"commune": ""}),
        ("network_timeline", {"programme": ""}),
        ("network_timeline", {"programme": "ASSKomm"}),
        ("map_of_communes", {"commune": ""}),
    ]
    for name in names[:5]:
        cases += [("grants_by_commune_and_year", {"commune": name, "year": ""}), ("grants_per_year", {"commune": name})]
        cases.append(("map_of_communes", {"commune": name[:3]}))
        cases.append(("releases_mentioning_commune", {"commune": name}))
    cases += [("history_of_a_figure", {"measure": m, "since": ""}) for m in measures]
    cases += [("history_of_a_figure", {"measure": m, "since": "2021-01-01"}) for m in measures[:5]]
    cases += [("check_figure", {"value": str(v), "word": ""}) for v in values]
    return cases


def test_canned_queries_show_what_the_full_computation_shows(corpus: Path, tmp_path: Path) -> None:
    import yaml

    from extract.build import build
    from extract.resources import metadata_path

    db = tmp_path / "archive.db"
    build([corpus], db, jobs=1)
    queries = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))["databases"]["archive"]["queries"]
    conn = sqlite3.connect(db)
    try:
        cases = _query_cases(conn)
        assert len(cases) > 20
        shown = 0
        for name, params in cases:
            now = conn.execute(queries[name]["sql"], params).fetchall()
            assert now == conn.execute(FULL_QUERIES[name], params).fetchall(), (name, params)
            shown += len(now)
        assert shown > 100
    finally:
        conn.close()


def test_a_reprint_removed_from_its_release_takes_its_municipalities_with_it(corpus: Path, tmp_path: Path) -> None:
    """A reproduction that names one more municipality counts for its release; deleted, it no longer does."""
    from extract.build import build

    original = sorted(corpus.glob("smi-*.txt"))[0]
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(original, inputs / original.name)
    added = "\nAuch die Stadt Crimmitschau will sich dem Vorhaben anschließen.\n"
    reprint = original.read_text(encoding="utf-8") + added
    (inputs / "zeitung-nachdruck.txt").write_text(reprint, encoding="utf-8")
    db = tmp_path / "archive.db"
    build([inputs], db, jobs=1)
    assert_summaries_complete(db)
    archive = open_archive(db)
    conn = archive.conn
    (releases,) = conn.execute("SELECT COUNT(DISTINCT release_id) FROM documents").fetchone()
    assert releases == 1  # the reprint joined the original's release
    crimmitschau = "SELECT releases FROM commune_summaries WHERE name = 'Crimmitschau'"
    assert conn.execute(crimmitschau).fetchone() == (1,)
    doc_id = conn.execute("SELECT id FROM documents WHERE source LIKE '%zeitung-nachdruck.txt'").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    _delete_document(conn, doc_id)
    conn.execute("COMMIT")
    summaries.refresh(conn)
    assert conn.execute(crimmitschau).fetchone() is None
    archive.close()
    assert_summaries_complete(db)


# Statements of one statistic (as_of, value, figure_id, unit, predicate): units tied in count, several
# values a day, undated statements, out of order.
STATEMENT_CASES = {
    "tie: the first unit in date order wins": [
        ("2023-05-01", 7.0, 3, "Prozent", "steigen"),
        ("2022-01-01", 5.0, 9, "Prozent", "sinken"),
        ("2024-01-01", 6.0, 1, "Punkte", None),
        ("2021-01-01", 4.0, 2, "Punkte", None),
    ],
    "more statements beat an earlier unit": [
        ("2020-01-01", 1.0, 1, "Euro", "betragen"),
        ("2021-01-01", 2.0, 2, "Millionen Euro", None),
        ("2022-01-01", 3.0, 3, "Millionen Euro", None),
    ],
    "several values a day and undated ones": [
        (None, 9.0, 5, "Einsätze", "geben"),
        ("2022-03-01", 12.0, 6, "Einsätze", None),
        ("2022-03-01", 10.0, 4, "Einsätze", None),
        ("2022-03-01", 10.0, 8, "Einsätzen", None),
        ("", 3.0, 7, "Einsätzen", None),
    ],
    "equal date and value: the figure order decides": [
        ("2022-03-01", 10.0, 8, "Fälle", "melden"),
        ("2022-03-01", 10.0, 4, "Fällen", "zählen"),
    ],
}


@pytest.mark.parametrize("statements", STATEMENT_CASES.values(), ids=STATEMENT_CASES.keys())
def test_a_statistics_row_from_sql_equals_the_row_computed_in_python(
    statements: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    archive = open_archive(tmp_path / "archive.db")
    conn = archive.conn
    conn.executemany(
        "INSERT INTO statement_summaries (release_id, measure, as_of, value, figure_id, unit, predicate, mentions,"
        " documents, figure_ids) VALUES (?, ':m:', ?, ?, ?, ?, ?, 1, 1, '[]')",
        [(n, *s) for n, s in enumerate(statements)],
    )
    conn.execute("BEGIN")
    summaries._measures(conn, summaries.Keys(measures={":m:"}), everything=True)
    conn.execute("COMMIT")
    ordered = sorted(statements, key=lambda s: (s[0] is not None, s[0] or "", s[1], s[2]))
    expected = measure_summary([(":m:", unit, predicate, value, as_of) for as_of, value, _, unit, predicate in ordered])
    assert conn.execute("SELECT * FROM measure_summaries").fetchall() == [expected]
    archive.close()

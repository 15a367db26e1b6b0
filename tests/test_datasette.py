"""The archive in Datasette, in process: metadata, German search, canned queries, document and person pages."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from archive_factory import SCRIPT, build_corpus, make_archive
from markupsafe import Markup

from extract.datasette_plugin import fts_query, mark_hits
from extract.serve import load_metadata, make_datasette
from extract.store import open_archive, stem_text

MEERANE = "a" * 64
GROSSENHAIN = "b" * 64
SCRIPT_DOC = "c" * 64

# Canned queries on the bundled corpus: parameters, and whether the seed releases must yield rows.
CORPUS_CASES = {
    "search": ({"q": "Sicherheitsanalyse"}, True),
    "releases_mentioning_commune": ({"commune": "Meerane"}, True),
    "grants_by_commune_and_year": ({"commune": "Großenhain", "year": ""}, True),
    "grants_per_year": ({"commune": ""}, True),
    "people_and_what_they_signed": ({"name": "Schmeißer"}, True),
    "history_of_a_figure": ({"measure": "asskomm:kommune:beraten", "since": ""}, True),
    "network_timeline": ({"programme": ""}, True),
    "findings_by_kind": ({"kind": "", "measure": ""}, False),  # findings come from `pressdb audit`
    "check_figure": ({"value": "141", "word": "Kommunen"}, True),
    "map_of_communes": ({"commune": ""}, True),
    "feed_new_releases": ({}, True),
    "feed_new_findings": ({}, False),
    "feed_commune": ({"commune": "Meerane"}, True),
}
# Parameters each canned query is run with, and a value its result must contain.
QUERY_CASES = {
    "search": ({"q": "Sicherheitsanalyse"}, "Sicherheitsanalysen"),
    "releases_mentioning_commune": ({"commune": "Meerane"}, "Meeraner"),
    "grants_by_commune_and_year": ({"commune": "Großenhain", "year": "2021"}, 21150.0),
    "grants_per_year": ({"commune": ""}, 5000.0),
    "people_and_what_they_signed": (
        {"name": "Schmeißer", "from_surname": "S"},
        "Meerane (2023-04-25, Kooperationsvereinbarung)",
    ),
    "history_of_a_figure": ({"measure": "asskomm:kommune:beraten", "since": "2023-01-01"}, 141.0),
    "network_timeline": ({"programme": ""}, "Jörg Schmeißer,Sven Forkert"),
    "findings_by_kind": ({"kind": "count_decreases", "measure": "", "since": "2020-01-01"}, "[150, 141]"),
    "check_figure": ({"value": "141", "word": "Kommunen"}, "102 (2021-02-17), 150 (2022-06-01), 141 (2023-04-25)"),
    "map_of_communes": ({"commune": "Meer"}, "/-/pressdb/commune/"),
    "feed_new_releases": ({}, f"/-/pressdb/document/{MEERANE}"),
    "feed_new_findings": ({}, "count_decreases"),
    "feed_commune": ({"commune": "Meerane"}, MEERANE),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive") / "archive.db")


@pytest.fixture(scope="module")
def ds(archive: Path) -> Any:
    return make_datasette(archive)


def get(ds: Any, path: str, **params: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        return await ds.client.get(path, params=params or None)

    response: httpx.Response = asyncio.run(fetch())
    return response


def rows(ds: Any, path: str, **params: str) -> list[dict[str, Any]]:
    response = get(ds, path + ".json", _shape="array", **params)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def schema_columns() -> dict[str, set[str]]:
    """Every table and view of schema/schema.sql with its columns, read from a fresh archive."""
    with pytest.MonkeyPatch.context():
        pass
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = open_archive(Path(tmp) / "empty.db")
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sentences_fts%'"
            )
        ]
        out = {n: {r[1] for r in db.execute(f'PRAGMA table_info("{n}")')} for n in names}
        db.conn.close()
    return out


# ---------------------------------------------------------------- metadata


def test_every_table_and_column_in_metadata_exists_in_schema() -> None:
    tables = load_metadata()["databases"]["archive"]["tables"]
    schema = schema_columns()
    for table, meta in tables.items():
        assert table in schema, f"metadata.yml describes {table}, which schema.sql lacks"
        unknown = set(meta.get("columns", {})) - schema[table]
        assert not unknown, f"metadata.yml describes {table}.{unknown}, which schema.sql lacks"


def test_every_table_and_column_of_schema_is_described() -> None:
    tables = load_metadata()["databases"]["archive"]["tables"]
    for table, columns in schema_columns().items():
        assert table in tables, f"{table} has no description in metadata.yml"
        assert tables[table].get("description"), f"{table} has no description"
        missing = columns - set(tables[table].get("columns", {}))
        assert not missing, f"metadata.yml does not describe {table}.{missing}"


def test_facets_and_sorts_name_existing_columns() -> None:
    tables = load_metadata()["databases"]["archive"]["tables"]
    schema = schema_columns()
    for table, meta in tables.items():
        facets = {f if isinstance(f, str) else next(iter(f.values())) for f in meta.get("facets", [])}
        named = facets | {meta[k] for k in ("sort", "sort_desc", "label_column") if k in meta}
        assert named <= schema[table], f"{table}: {named - schema[table]}"


def test_licences_name_the_publisher_and_destatis() -> None:
    meta = load_metadata()
    assert "Free State of Saxony" in meta["license"]
    for table in ("communes", "kreise", "verbaende"):
        assert "Statistisches Bundesamt (Destatis), GV-ISys" in meta["databases"]["archive"]["tables"][table]["source"]


# ---------------------------------------------------------------- serving


def test_served_read_only_with_limits(ds: Any) -> None:
    # Not immutable: an immutable reader would not see what a running build commits (tests/test_wal.py).
    assert ds.databases["archive"].is_mutable is True
    assert ds.setting("sql_time_limit_ms") == 3000
    assert ds.setting("default_page_size") == 50
    assert ds.setting("suggest_facets") is False


def test_read_connections_cannot_write(ds: Any) -> None:
    response = get(ds, "/archive.json", sql="DELETE FROM documents")
    assert response.status_code == 400


def test_immutable_serving_counts_once(archive: Path) -> None:
    immutable = make_datasette(archive, immutable=True)
    assert immutable.databases["archive"].is_mutable is False
    with sqlite3.connect(archive) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert immutable.inspect_data["archive"]["tables"]["documents"]["count"] == documents
    assert get(immutable, "/archive/documents.json").json()["filtered_table_rows_count"] == documents


def test_immutable_refuses_an_archive_with_pending_writes(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "archive.db"
    copy.write_bytes(archive.read_bytes())
    (tmp_path / "archive.db-wal").write_bytes(b"pending")
    with pytest.raises(ValueError, match="without --immutable"):
        make_datasette(copy, immutable=True)
    assert make_datasette(copy).databases["archive"].is_mutable is True


def test_table_pages_truncate_long_text(ds: Any) -> None:
    assert ds.setting("truncate_cells_html") > 0
    html = get(ds, "/archive/documents").text
    assert "&hellip;" in html or "…" in html


def test_missing_archive_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="pressdb build"):
        make_datasette(tmp_path / "nope.db")


def test_home_lists_tables(ds: Any) -> None:
    html = get(ds, "/archive").text
    for table in (
        "documents",
        "sentences",
        "communes",
        "commune_mentions",
        "person_mentions",
        "money",
        "figures",
        "agreements",
        "findings",
        "commune_stats",
    ):
        assert f'href="/archive/{table}"' in html


def test_home_page_shows_title_and_licence(ds: Any) -> None:
    html = get(ds, "/").text
    assert "Pressemitteilungen als Fakten" in html and 'href="/-/pressdb/statistics"' in html
    assert "Destatis" in html


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query, hit",
    [
        ("Sicherheitsanalyse", "Sicherheitsanalysen"),  # inflection: a substring of the longer form
        ("Kommune", "Kommunen"),
        ("Kommunen", "Kommune"),  # the shorter form is found through the stemmed column
        ("Prävention", "Präventionsnetzwerk"),  # compounds
        ("prävention", "Landespräventionsrat"),  # case-blind, also inside a word
        ("Meerane Sicherheitsanalyse", "Sicherheitsanalyse"),  # all words must occur
    ],
)
def test_search_finds_german_word_forms(ds: Any, query: str, hit: str) -> None:
    found = rows(ds, "/archive/search", q=query)
    assert any(f"\u27e6{hit}\u27e7" in r["snippet"] for r in found), found


@pytest.mark.parametrize("query", ["Feuerwehr", "ab", "", '"', "Meerane Großenhain"])
def test_search_without_hits_is_empty_not_an_error(ds: Any, query: str) -> None:
    assert rows(ds, "/archive/search", q=query) == []


def test_search_page_highlights_and_links_to_the_sentence(ds: Any) -> None:
    html = get(ds, "/archive/search", q="Sicherheitsanalyse").text
    assert "<mark>Sicherheitsanalysen</mark>" in html
    assert f'href="/-/pressdb/document/{MEERANE}#at-' in html


def test_table_search_uses_the_trigram_index(ds: Any) -> None:
    found = rows(ds, "/archive/sentences", _search="Sicherheitsanalyse")
    assert {r["text"] for r in found} >= {"In Meerane wird eine Sicherheitsanalyse durchgeführt."}
    assert any("Sicherheitsanalysen" in r["text"] for r in found)


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Sicherheitsanalyse", '(text : "Sicherheitsanalyse" OR text_stemmed : "sicherheitsanalys")'),
        ("141 Kommunen", '(text : "141" OR text_stemmed : "141") AND (text : "Kommunen" OR text_stemmed : "kommun")'),
        ("ab", '""'),
        ("", '""'),
        ('"; DROP', '(text : "DROP" OR text_stemmed : "drop")'),
    ],
)
def test_fts_query(q: str, expected: str) -> None:
    assert fts_query(q) == expected


@pytest.mark.parametrize(
    "text, q, expected",
    [
        ("25 Sicherheitsanalysen durchgeführt", "Sicherheitsanalyse", "25 ⟦Sicherheitsanalysen⟧ durchgeführt"),
        ("die 50. Kommune", "Kommunen", "die 50. ⟦Kommune⟧"),
        ("Der Präventionsrat tagt", "prävention", "Der ⟦Präventionsrat⟧ tagt"),
        ("Nichts davon", "Kommune", "Nichts davon"),
    ],
)
def test_mark_hits(text: str, q: str, expected: str) -> None:
    assert mark_hits(text, q) == expected


# ---------------------------------------------------------------- canned queries


def test_every_canned_query_has_a_case() -> None:
    assert set(load_metadata()["databases"]["archive"]["queries"]) == set(QUERY_CASES)


@pytest.mark.parametrize("name", sorted(QUERY_CASES))
def test_canned_query_runs(ds: Any, name: str) -> None:
    params, expected = QUERY_CASES[name]
    sql = load_metadata()["databases"]["archive"]["queries"][name]["sql"]
    assert set(re.findall(r":(\w+)", sql)) == set(params), "every :named parameter is exercised"
    found = rows(ds, f"/archive/{name}", **params)
    assert any(
        v == expected or (isinstance(v, str) and isinstance(expected, str) and expected in v)
        for r in found
        for v in r.values()
    ), found
    assert get(ds, f"/archive/{name}", **params).status_code == 200


# ---------------------------------------------------------------- document and person pages


def test_document_view_escapes_script(ds: Any) -> None:
    html = get(ds, f"/-/pressdb/document/{SCRIPT_DOC}").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/archive/documents",
        "/archive/person_mentions",
        "/archive/money",
        "/archive/search?q=Netz",
        "/archive/people",
    ],
)
def test_datasette_pages_escape_script(ds: Any, path: str) -> None:
    assert SCRIPT not in get(ds, path).text


def test_document_view_highlights_signatory_and_links_back(ds: Any) -> None:
    html = get(ds, f"/-/pressdb/document/{MEERANE}").text
    assert re.search(
        r'<mark class="fact person signatory"[^>]*>Jörg Schmeißer</mark>'
        r'<a class="label person" href="/-/pressdb/person/\d+"[^>]*>Person · unterzeichnet · S\. 1</a>',
        html,
    )
    assert f'href="/archive/documents/{MEERANE}"' in html
    for label in ("commune", "amount", "figure", "date", "agreement", "quote", "ordinal"):
        assert f'class="label {label}"' in html


def test_document_view_anchors_every_fact_and_sentence(ds: Any, archive: Path) -> None:
    html = get(ds, f"/-/pressdb/document/{MEERANE}").text
    conn = sqlite3.connect(archive)
    for (fid,) in conn.execute("SELECT id FROM money WHERE document_id = ?", [MEERANE]):
        assert f'id="fact-money-{fid}"' in html
    for (start,) in conn.execute("SELECT char_start FROM sentences WHERE document_id = ?", [MEERANE]):
        assert f'id="at-{start}"' in html


@pytest.mark.parametrize("path", [f"/-/pressdb/document/{'d' * 64}", "/-/pressdb/person/999"])
def test_unknown_document_or_person_is_404(ds: Any, path: str) -> None:
    assert get(ds, path).status_code == 404


@pytest.mark.parametrize("table", ["person_mentions", "money", "figures", "commune_mentions", "agreements"])
def test_fact_rows_link_to_their_place_in_the_text(ds: Any, table: str) -> None:
    html = get(ds, f"/archive/{table}").text
    assert re.search(rf'href="/-/pressdb/document/[0-9a-f]{{64}}#fact-{table}-\d+"', html)


def test_person_page_lists_releases_roles_quotes_and_signings(ds: Any, archive: Path) -> None:
    conn = sqlite3.connect(archive)
    pfeil = conn.execute("SELECT id FROM people WHERE name = 'Frank Pfeil'").fetchone()[0]
    html = get(ds, f"/-/pressdb/person/{pfeil}").text
    assert "Staatssekretär" in html and "Zeuge" in html
    assert "»Meerane ist die 50. Kommune im Netzwerk.«" in html
    forkert = conn.execute("SELECT id FROM people WHERE name = 'Sven Forkert'").fetchone()[0]
    html = get(ds, f"/-/pressdb/person/{forkert}").text
    assert re.search(r"mit\s+<a href=\"/-/pressdb/commune/\d{8}\">Großenhain</a>", html)
    assert re.search(r"mit\s+<a href=\"/-/pressdb/commune/\d{8}\">Meerane</a>", html)
    assert f'href="/-/pressdb/person/{forkert}"' in get(ds, "/archive/people").text


def test_person_page_lists_the_newest_releases_of_many(corpus_ds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person named in more releases than the page shows: the newest, the count of all, and a word on it."""
    from extract.datasette_plugin import people

    db = sqlite3.connect(f"file:{corpus_ds.databases['archive'].path}?mode=ro", uri=True)
    person, releases = db.execute(
        "SELECT m.person_id, COUNT(DISTINCT d.release_id) FROM person_mentions m JOIN documents d"
        " ON d.id = m.document_id WHERE m.person_id IS NOT NULL GROUP BY m.person_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    newest = db.execute(
        "SELECT max(r.release_date) FROM person_mentions m JOIN documents d ON d.id = m.document_id"
        " JOIN releases r ON r.id = d.release_id WHERE m.person_id = ?",
        (person,),
    ).fetchone()[0]
    db.close()
    assert releases >= 2
    monkeypatch.setattr(people, "SHOWN", releases - 1)
    html = get(corpus_ds, f"/-/pressdb/person/{person}").text
    assert f"<h2>In {releases} Meldungen</h2>" in html and f"Die neuesten {releases - 1}, älteste zuerst." in html
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("<tr>") == releases - 1
    from extract.datasette_plugin import de_date

    assert str(de_date(newest)) in table  # the newest release is the one shown


def test_map_view_has_coordinates(ds: Any) -> None:
    found = rows(ds, "/archive/commune_stats")
    assert {r["name"] for r in found} == {"Meerane", "Großenhain", "Leipzig", "Chemnitz"}
    assert all(r["latitude"] and r["longitude"] for r in found)
    # The view's page is its summary's page: the same rows, without computing the view per visit.
    response = get(ds, "/archive/commune_stats", name="Meerane")
    assert response.status_code == 302
    assert response.headers["location"] == "/archive/commune_summaries?name=Meerane"
    page = get(ds, "/archive/commune_summaries", name="Meerane").text
    assert "datasette-cluster-map.js" in page and "Meerane" in page and "Großenhain" not in page
    by_ags = lambda found: sorted(found, key=lambda r: r["ags"])  # noqa: E731
    assert by_ags(rows(ds, "/archive/commune_summaries")) == by_ags(found)


# ---------------------------------------------------------------- the bundled corpus


@pytest.fixture(scope="module")
def corpus_ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("corpus") / "archive.db"
    error = build_corpus(path)
    if error is not None:
        pytest.fail(f"pressdb build of the bundled corpus failed:\n{error}")
    return make_datasette(path)


def test_every_canned_query_has_a_corpus_case() -> None:
    assert set(load_metadata()["databases"]["archive"]["queries"]) == set(CORPUS_CASES)


@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_canned_query_runs_on_corpus(corpus_ds: Any, name: str) -> None:
    params, must_find = CORPUS_CASES[name]
    found = rows(corpus_ds, f"/archive/{name}", **params)
    assert found or not must_find
    assert get(corpus_ds, f"/archive/{name}", **params).status_code == 200


def test_counted_facets_are_the_facets_datasette_counts(corpus_ds: Any) -> None:
    """Read from facet_counts on a page without filters, grouped on a filtered one: Datasette's counts either way."""
    from extract.summaries import FACET_COLUMNS

    checked = 0
    for table, columns in FACET_COLUMNS.items():
        for column in columns:
            for params in ({}, {f"{column}__notnull": "1"}):
                # The metadata's counted facet, and Datasette's own column facet of the same column beside it.
                response = get(corpus_ds, f"/archive/{table}.json", _facet=column, **params)
                assert response.status_code == 200, response.text
                by_type = {f["type"]: f for f in response.json()["facet_results"].values() if f["name"] == column}
                counted, grouped = by_type["counted"], by_type["column"]
                assert counted["results"] == grouped["results"], (table, column, params)
                assert counted["truncated"] == grouped["truncated"]
                checked += bool(counted["results"])
    assert checked >= 6  # the corpus has releases, findings and grants to count


def test_metadata_counted_facets_are_the_counted_columns() -> None:
    from extract.summaries import FACET_COLUMNS

    tables = load_metadata()["databases"]["archive"]["tables"]
    counted = {
        table: tuple(f["counted"] for f in meta.get("facets", []) if isinstance(f, dict) and "counted" in f)
        for table, meta in tables.items()
    }
    assert {t: c for t, c in counted.items() if c} == FACET_COLUMNS


# The commune page's findings and statistics as they were read before they came by index from the newest
# releases: every finding with a document naming the municipality, every statement in a sentence naming it.
ALL_FINDINGS = (
    "WITH measures AS MATERIALIZED (SELECT DISTINCT f2.measure FROM commune_mentions m2"
    " JOIN figures f2 ON f2.sentence_id = m2.sentence_id WHERE m2.ags = :ags)"
    " SELECT f.id FROM findings f WHERE (f.measure IS NULL OR f.measure IN (SELECT measure FROM measures))"
    " AND EXISTS (SELECT 1 FROM json_each(f.document_ids) j JOIN commune_mentions m ON m.document_id = j.value"
    " AND m.ags = :ags) LIMIT 50"
)
ALL_STATEMENTS = (
    "SELECT DISTINCT st.rowid FROM commune_mentions m JOIN figures f2 ON f2.sentence_id = m.sentence_id"
    " JOIN documents d2 ON d2.id = f2.document_id JOIN statement_summaries st ON st.release_id = d2.release_id"
    " AND st.measure = f2.measure WHERE m.ags = :ags"
    " AND EXISTS (SELECT 1 FROM json_each(st.figure_ids) j WHERE j.value = f2.id) LIMIT 100"
)


@pytest.fixture(scope="module")
def synth_ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Synthetic releases (invented issuers and people) whose statistics make findings, and figures near communes."""
    from robustness_factory import synth_corpus
    from test_summaries import FIGURES_NEAR_COMMUNES

    from extract.build import build

    folder = tmp_path_factory.mktemp("synth")
    synth_corpus(folder / "in", 40, seed=5)
    (folder / "in" / "stadt-feuerwehr-statistik-sample.txt").write_text(FIGURES_NEAR_COMMUNES, encoding="utf-8")
    build([folder / "in"], folder / "archive.db", jobs=1)
    return make_datasette(folder / "archive.db")


def test_commune_page_shows_every_finding_and_statement_of_a_municipality_with_few_releases(synth_ds: Any) -> None:
    db = sqlite3.connect(f"file:{synth_ds.databases['archive'].path}?mode=ro", uri=True)
    shown = [0, 0]
    for (ags,) in db.execute("SELECT ags FROM commune_summaries").fetchall():
        findings = len(db.execute(ALL_FINDINGS, {"ags": ags}).fetchall())
        statements = len(db.execute(ALL_STATEMENTS, {"ags": ags}).fetchall())
        html = get(synth_ds, f"/-/pressdb/commune/{ags}").text
        section = html.split('id="statistiken"')[1].split('id="auffaelligkeiten"')[0]
        assert html.count('class="pressdb-finding"') == findings, ags
        assert section.count("<li>") == statements, ags
        shown = [shown[0] + findings, shown[1] + statements]
    db.close()
    assert all(shown), shown  # the archive has findings and statistics a municipality's page shows


def test_corpus_meerane_view_shows_signatory(corpus_ds: Any) -> None:
    doc = rows(corpus_ds, "/archive/documents", source__endswith="smi-2023-04-25-meerane.txt")[0]
    html = get(corpus_ds, f"/-/pressdb/document/{doc['id']}").text
    assert re.search(r'<mark class="fact[^"]* signatory[^"]*"[^>]*>Jörg Schmeißer</mark>', html)
    assert "Sicherheitsanalysen" in html


def test_the_sentences_search_box_leads_to_the_german_search(ds: Any) -> None:
    """The table search (slow, forms as written) hands over to the canned search (stems, highlights)."""
    response = get(ds, "/archive/sentences", _search="Sicherheitsanalyse")
    assert response.status_code == 302
    assert response.headers["location"].endswith("/archive/search?q=Sicherheitsanalyse")
    assert get(ds, "/archive/sentences.json", _search="Sicherheitsanalyse").status_code == 200


def test_the_list_of_tables_counts_at_most_a_bounded_number_of_rows(ds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.datasette_plugin import routes

    assert re.search(r"3 rows", get(ds, "/archive").text)  # releases, documents: counted while small
    monkeypatch.setattr(routes, "COUNT_CAP", 2)
    html = get(ds, "/archive").text
    assert "Many rows" in html and not re.search(r"\b3 rows", html)
    # A table that grows with the archive is not counted on its page; a small one is.
    assert get(ds, "/archive/sentences").status_code == 200
    assert get(ds, "/archive/communes").status_code == 200


def test_the_list_of_tables_links_every_table_and_view(ds: Any, archive: Path) -> None:
    html = get(ds, "/archive", _show_hidden="1").text
    conn = sqlite3.connect(archive)
    names = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").fetchall()
    conn.close()
    assert len(names) > 40
    for name, kind in names:
        if kind == "view":
            assert f'href="/archive/{name}"' in html, name
        else:
            assert f'<a href="/archive/{name}">{name}</a>' in html, name


def test_the_list_of_tables_counts_each_table_within_its_time(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.datasette_plugin import routes

    monkeypatch.setattr(routes, "COUNT_CAP", 1_000_000)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE big (x)")
    conn.executemany("INSERT INTO big VALUES (?)", ((i,) for i in range(200_000)))
    conn.execute("CREATE TABLE small (x)")
    conn.execute("INSERT INTO small VALUES (1), (2)")
    conn.execute("CREATE VIRTUAL TABLE small_fts USING fts5(x)")
    # Out of time: no number rather than a wrong one; a table counted in time has its number.
    assert routes._bounded_counts(conn, 0)["big"] is None
    counts = routes._bounded_counts(conn, 5_000)
    assert counts["big"] == 200_000 and counts["small"] == 2
    assert counts["small_fts"] is None and counts["small_fts_data"] is None  # the index is not counted


@pytest.mark.parametrize(
    ("allow", "listed"),
    [(False, False), ({"id": "nobody"}, False), (True, True)],
)
def test_a_table_denied_by_metadata_stays_off_the_list(archive: Path, allow: Any, listed: bool) -> None:
    """Datasette's check of a table's allow block still decides when one is declared (plugin fast path)."""
    import copy

    metadata = copy.deepcopy(load_metadata())
    metadata["databases"]["archive"]["tables"]["findings"]["allow"] = allow
    denied = make_datasette(archive, metadata=metadata)
    html = get(denied, "/archive").text
    assert ('<a href="/archive/findings">findings</a>' in html) is listed
    assert '<a href="/archive/releases">releases</a>' in html
    assert get(denied, "/archive/findings").status_code == (200 if listed else 403)


# The search as it was first written (a correlated pick of each release's document, every hit marked before
# the page was cut): the canned query must show exactly these rows, in this order.
SEARCH_REFERENCE = """
WITH hits AS (
  SELECT rowid AS id FROM sentences_fts
  WHERE sentences_fts MATCH pressdb_match(:q)
  ORDER BY rowid DESC
  LIMIT 400),
found AS MATERIALIZED (
  SELECT s.id, s.document_id, s.n, s.text, s.page, s.char_start, d.release_id,
         d.id = r.document_id AS canonical
  FROM hits
  JOIN sentences s ON s.id = hits.id
  JOIN documents d ON d.id = s.document_id
  JOIN releases r ON r.id = d.release_id),
shown AS (
  SELECT f.release_id,
         (SELECT f2.document_id FROM found f2 WHERE f2.release_id = f.release_id
          ORDER BY f2.canonical DESC, f2.document_id LIMIT 1) AS document_id
  FROM found f
  GROUP BY f.release_id)
SELECT r.release_date, r.title, pressdb_mark(f.text, :q) AS snippet, f.page,
       r.renditions + r.reproductions AS documents, f.document_id, f.char_start
FROM found f
JOIN shown ON shown.release_id = f.release_id AND shown.document_id = f.document_id
JOIN releases r ON r.id = f.release_id
ORDER BY r.release_date DESC, f.release_id, f.n
LIMIT 200
"""

# Sentences of the invented releases: hits as written, by stem only, and none.
SEARCH_SENTENCES = [
    "Die Kommunen im Landkreis erhalten {n} Euro.",
    "Der Präventionsrat der Kommune tagte zum {n}. Mal.",
    "Eine Sicherheitsanalyse wurde in {n} Kommunen durchgeführt.",
    "Die Kommunalpolitik berät über das Netzwerk.",
    "Nichts davon betrifft die Feuerwehr.",
]


@pytest.fixture(scope="module")
def search_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 invented releases in one to three renditions (the canonical not always first), some reprinted."""
    path = tmp_path_factory.mktemp("search") / "archive.db"
    open_archive(path).conn.close()
    conn = sqlite3.connect(path)
    doc_id = 0
    sentence = 0
    with conn:
        for release in range(1, 301):
            docs = []
            for _ in range(1 + release % 3 + (release % 7 == 0)):
                doc_id += 1
                docs.append(f"{doc_id:064x}")
            canonical = docs[release % len(docs)]
            date = f"2023-{1 + release % 12:02d}-{1 + release % 5:02d}"  # many releases share a day
            conn.execute(
                "INSERT INTO releases (id, document_id, release_date, title, renditions, reproductions)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (release, canonical, date, f"Meldung {release}", len(docs) - (release % 7 == 0), release % 7 == 0),
            )
            for k, doc in enumerate(docs):
                conn.execute(
                    "INSERT INTO documents (id, source, filename, format, release_date, extractor_version, built_at,"
                    " release_id, release_role) VALUES (?, ?, ?, 'text', ?, 'test', '2024-01-01', ?, ?)",
                    (doc, f"{doc}.txt", f"{doc}.txt", date, release, "reproduction" if k == 3 else "rendition"),
                )
                start = 0
                for n in range(3):
                    text = SEARCH_SENTENCES[(release + n + k) % len(SEARCH_SENTENCES)].format(n=release)
                    sentence += 1
                    conn.execute(
                        "INSERT INTO sentences (id, document_id, n, char_start, char_end, page, text, text_stemmed)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (sentence, doc, n, start, start + len(text), None, text, stem_text(text)),
                    )
                    start += len(text) + 1
    conn.close()
    return path


@pytest.mark.parametrize(
    "q", ["Kommune", "Kommunen", "Sicherheitsanalyse Kommunen", "Präventionsrat", "Netzwerk", "Feuerwehr", "Zoo", "ab"]
)
def test_search_shows_the_rows_of_its_definition(search_archive: Path, q: str) -> None:
    from extract.datasette_plugin import prepare_connection

    sql = load_metadata()["databases"]["archive"]["queries"]["search"]["sql"]
    conn = sqlite3.connect(search_archive)
    prepare_connection(conn)
    try:
        shown = conn.execute(sql, {"q": q}).fetchall()
        assert shown == conn.execute(SEARCH_REFERENCE, {"q": q}).fetchall()
        releases = dict(conn.execute("SELECT id, release_id FROM documents").fetchall())
        canonical = {r: d for r, d in conn.execute("SELECT id, document_id FROM releases")}
    finally:
        conn.close()
    assert len(shown) <= 200
    if q in ("Zoo", "ab"):
        assert shown == []
        return
    assert shown and all("⟦" in row[2] for row in shown)  # every shown sentence has its hit marked
    per_release: dict[int, set[str]] = {}
    for row in shown:
        per_release.setdefault(releases[row[5]], set()).add(row[5])
    assert all(len(docs) == 1 for docs in per_release.values())  # one document per release
    assert any(docs == {canonical[r]} for r, docs in per_release.items())
    dates = [row[0] for row in shown]
    assert dates == sorted(dates, reverse=True)


# ---------------------------------------------------------------- canned query pages: every row, written at once

CELL_LOOP = (
    '{% for column, td in zip(columns, row) if column not in hidden %}<td class="col-{{ column|to_css_class }}">'
    "{{ td }}</td>{% endfor %}"
)


@pytest.mark.parametrize(
    ("columns", "row", "hidden"),
    [
        (["as_of", "value", "document_id"], ["2023-04-25", 141.0, None], []),
        (["title", "char_start", "snippet"], ["<script>\"x\" & 'y'</script>", 17, "a ⟦b⟧"], ["char_start"]),
        (["Spalte mit Leerzeichen", "ä"], [Markup("<mark>Kommunen</mark>"), 0], []),
        (["text", "figure_id"], ["", 3], ["char_start", "figure_id"]),
    ],
)
def test_result_cells_write_what_the_cell_loop_wrote(columns: list[str], row: list[Any], hidden: list[str]) -> None:
    from datasette.app import Datasette

    from extract.datasette_plugin.formatting import result_cells

    env = Datasette(memory=True).jinja_env
    loop = asyncio.run(env.from_string(CELL_LOOP).render_async(columns=columns, row=row, hidden=hidden, zip=zip))
    assert str(result_cells(row, columns, hidden)) == loop


def test_every_point_of_a_history_is_a_row_of_its_page(ds: Any) -> None:
    found = rows(ds, "/archive/history_of_a_figure", measure="asskomm:kommune:beraten")
    html = get(ds, "/archive/history_of_a_figure", measure="asskomm:kommune:beraten").text
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert len(found) == 3 and body.count("<tr>") == len(found)
    assert '<td class="col-value">141</td>' in body and '<td class="col-as_of">25. April 2023</td>' in body
    assert f'href="/-/pressdb/document/{MEERANE}#fact-figures-' in body


def test_cells_of_consecutive_rows_use_each_rows_own_columns() -> None:
    """The columns of the row last asked about are remembered: a new row must not get the old row's columns."""
    from extract.datasette_plugin import render_cell

    class Row(dict[str, Any]):
        pass

    from datasette.app import Datasette

    datasette = Datasette(memory=True)
    with_start = Row(document_id=MEERANE, char_start=12, figure_id=7)
    with_figure = Row(document_id=MEERANE, figure_id=7)
    label = "25. April 2023 · Die 50. Kooperationsvereinbarung"

    def link(row: Row) -> str:
        from extract.datasette_plugin import cells

        cells._RELEASE_LABELS[MEERANE] = label  # known: the link comes at once
        return str(render_cell(row, row["document_id"], "document_id", None, "archive", datasette))

    assert "#at-12" in link(with_start)
    assert "#fact-figures-7" in link(with_figure)
    assert "#at-12" in link(with_start)


def test_a_document_link_is_the_same_whether_its_label_is_known_or_not(ds: Any) -> None:
    from extract.datasette_plugin import cells

    cells._RELEASE_LABELS.clear()

    async def both() -> tuple[Any, Any]:
        first = cells._document_link(ds, "archive", SCRIPT_DOC, "at-0")
        assert callable(first)  # unknown: asked of the archive
        first = await first()
        return first, cells._document_link(ds, "archive", SCRIPT_DOC, "at-0")

    first, second = asyncio.run(both())
    assert isinstance(second, Markup) and first == second
    assert SCRIPT not in first and "&lt;script&gt;" in first


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("as_of", "2023-04-25", "25. April 2023"),
        ("release_date", "2023-04", "April 2023"),
        ("date", "Frühjahr 2023", None),
        ("as_of", "2023-13-01", "2023-13-01"),
    ],
)
def test_dates_in_cells(column: str, value: str, shown: str | None) -> None:
    from extract.datasette_plugin import render_cell

    assert render_cell({}, value, column, None, "archive", None) == shown


def test_the_list_of_tables_shows_each_tables_columns(ds: Any, archive: Path) -> None:
    html = get(ds, "/archive", _show_hidden="1").text
    conn = sqlite3.connect(archive)
    try:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            columns = ", ".join(r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")'))
            assert f'<a href="/archive/{table}">{table}</a>' in html
            assert f"<p><em>{columns}</em></p>" in html, table
    finally:
        conn.close()


def test_what_the_list_of_tables_read_does_not_outlive_its_request(tmp_path: Path) -> None:
    """A table changed after the list was shown is seen as it is now, even by the same client task."""
    path = make_archive(tmp_path / "archive.db")
    served = make_datasette(path)

    async def visit() -> tuple[str, list[str]]:
        listing = (await served.client.get("/archive")).text
        conn = sqlite3.connect(path)
        conn.execute("ALTER TABLE findings ADD COLUMN reviewer TEXT")
        conn.commit()
        conn.close()
        table = await served.client.get("/archive/findings.json", params={"_shape": "objects"})
        return listing, table.json()["columns"]

    listing, columns = asyncio.run(visit())
    assert "reviewer" not in listing and "reviewer" in columns


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("snippet", "die ⟦Kommunen⟧ & <b>", "die <mark>Kommunen</mark> &amp; &lt;b&gt;"),
        ("qualifier", "etwa", None),
        ("statements", 3, None),
        ("value", 141.0, "141"),
        ("kind", "count_decreases", "Zählung sinkt"),
    ],
)
def test_cells_of_other_columns_keep_only_their_hit_marks(column: str, value: Any, shown: str | None) -> None:
    from extract.datasette_plugin import render_cell

    found = render_cell({}, value, column, None, "archive", None)
    assert (None if found is None else str(found)) == shown

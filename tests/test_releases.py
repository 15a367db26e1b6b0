"""One release, one fact: renditions and reprints of a release are found by their text and count once everywhere.

The releases here are written for the tests: an invented ministry, invented people and an invented programme,
each file marked as a sample by its ``.meta.json``. The bundled corpus holds the seed releases as text and PDF.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from extract import releases
from extract.audit import audit_command
from extract.build import build
from extract.resources import corpus_dir
from extract.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
ZSCHOPAU = "14521690"

RELEASE = """Medieninformation

Erfundenes Ministerium für Beispielfragen

Ihr Ansprechpartner
Bruno Beispiel

Durchwahl
Telefon +49 351 000 00510
Telefax +49 351 000 00519

presse@beispielministerium.invalid*

12.09.2024

Zschopau erhält 27.400 Euro für das Beispielprojekt Sichere Nachbarschaft

Die Stadt Zschopau erhält für das Beispielprojekt Sichere Nachbarschaft 27.400 Euro. Den Förderbescheid \
überreichte heute Beispielminister Konrad Mustermann an Bürgermeisterin Erika Probst im Rathaus der Stadt.

Mit dem Geld richtet die Stadt eine Anlaufstelle für Nachbarschaftshilfe in der Altstadt ein, schult \
ehrenamtliche Lotsen und lädt im Herbst zu drei Bürgerforen ein. Die Anlaufstelle soll im Frühjahr 2025 öffnen \
und an zwei Tagen in der Woche besetzt sein.

Konrad Mustermann: »Eine gute Nachbarschaft ist die beste Vorbeugung. Zschopau zeigt, wie eine kleine Stadt mit \
wenig Geld viel bewegen kann.«

Das Beispielnetz Sichere Kommune hat inzwischen 141 Kommunen beraten und 38 Kooperationsvereinbarungen \
geschlossen. Die Beratung ist für die Städte und Gemeinden kostenfrei.

Hinweis: Diese Meldung hat das pressdb-Projekt für seine Tests geschrieben; Ministerium, Programm, Personen und \
Zahlen sind erfunden.
"""

# A newspaper's page reprinting it: its own furniture, a new headline, "heute" become "am Donnerstag", a cut.
REPRINT = """Lokales | Erzgebirge

Anzeige

Zschopau bekommt Geld für Nachbarschaftsprojekt

13.09.2024, 06:00 Uhr · 2 Min. Lesezeit

Zschopau. Die Stadt Zschopau erhält für das Beispielprojekt Sichere Nachbarschaft 27.400 Euro. Den \
Förderbescheid überreichte am Donnerstag Beispielminister Konrad Mustermann an Bürgermeisterin Erika Probst im \
Rathaus der Stadt.

Mit dem Geld richtet die Stadt eine Anlaufstelle für Nachbarschaftshilfe in der Altstadt ein, schult \
ehrenamtliche Lotsen und lädt im Herbst zu drei Bürgerforen ein. Die Anlaufstelle soll im Frühjahr 2025 öffnen \
und an zwei Tagen in der Woche besetzt sein.

Konrad Mustermann: »Eine gute Nachbarschaft ist die beste Vorbeugung. Zschopau zeigt, wie eine kleine Stadt mit \
wenig Geld viel bewegen kann.«

Das Beispielnetz Sichere Kommune hat inzwischen 141 Kommunen beraten und 38 Kooperationsvereinbarungen geschlossen.

Teilen

© Beispielzeitung 2024
"""

# Another release of the same ministry on another subject: it shares a boilerplate paragraph, nothing more.
OTHER = """Medieninformation

Erfundenes Ministerium für Beispielfragen

Ihr Ansprechpartner
Bruno Beispiel

12.10.2024

Beispielnetz berät Oederan zur Sicherheit auf dem Schulweg

In Oederan haben Eltern, Schulen und die Stadtverwaltung mit dem Beispielnetz Sichere Kommune über sichere \
Schulwege gesprochen. Drei Kreuzungen sollen Schülerlotsen bekommen, eine Haltestelle wird heller beleuchtet.

Die Beratung ist für die Städte und Gemeinden kostenfrei.

Hinweis: Diese Meldung hat das pressdb-Projekt für seine Tests geschrieben; Ministerium, Programm, Personen und \
Zahlen sind erfunden.
"""


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    meta = {"sample": True, "source": "written for pressdb's tests; ministry, people and figures are invented"}
    (folder / f"{name.split('.')[0]}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def _pdf(text: str) -> bytes:
    pytest.importorskip("fpdf")
    pytest.importorskip("reportlab")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from corpus.make_pdfs import parse_seed, render

    return render(parse_seed(text))


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    _write(folder, "beispiel-2024-09-12-zschopau.txt", RELEASE)
    _write(folder, "beispiel-2024-09-12-zschopau.pdf", _pdf(RELEASE))
    _write(folder, "zeitung-2024-09-13-zschopau.txt", REPRINT)
    _write(folder, "beispiel-2024-10-12-oederan.txt", OTHER)
    return folder


@pytest.fixture(scope="module")
def archive(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    result = build([corpus_dir(), samples], path, jobs=1)
    assert result.failed == 0, result.errors
    return path


@pytest.fixture(scope="module")
def ds(archive: Path) -> Any:
    return make_datasette(archive)


def _query(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _rows(ds: Any, path: str, **params: str) -> list[dict[str, Any]]:
    async def fetch() -> httpx.Response:
        return await ds.client.get(path + ".json", params={"_shape": "array", **params})

    response = asyncio.run(fetch())
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def _page(ds: Any, path: str) -> str:
    async def fetch() -> httpx.Response:
        return await ds.client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200
    return response.text


def _release_of(archive: Path, filename: str) -> int:
    return int(_query(archive, "SELECT release_id FROM documents WHERE filename = ?", (filename,))[0][0])


# ---------------------------------------------------------------- releases, renditions, reproductions


def test_text_pdf_and_reprint_are_one_release(archive: Path) -> None:
    docs = _query(
        archive,
        "SELECT filename, release_id, release_role, copied_share, sample FROM documents"
        " WHERE filename LIKE '%zschopau%' ORDER BY filename",
    )
    assert {d[1] for d in docs} == {docs[0][1]}
    roles = {d[0]: (d[2], d[3]) for d in docs}
    assert roles["beispiel-2024-09-12-zschopau.txt"] == ("rendition", None)
    assert roles["beispiel-2024-09-12-zschopau.pdf"] == ("rendition", None)
    role, share = roles["zeitung-2024-09-13-zschopau.txt"]
    assert role == "reproduction" and 0.6 <= share < 1.0
    assert all(d[4] == 1 for d in docs)  # marked as samples by their .meta.json
    (release,) = _query(
        archive,
        "SELECT title, release_date, renditions, reproductions, sample FROM releases WHERE id = ?",
        (docs[0][1],),
    )
    assert release == (
        "Zschopau erhält 27.400 Euro für das Beispielprojekt Sichere Nachbarschaft",
        "2024-09-12",
        2,
        1,
        1,
    )


def test_a_release_sharing_only_boilerplate_is_another_release(archive: Path) -> None:
    assert _release_of(archive, "beispiel-2024-10-12-oederan.txt") != _release_of(
        archive, "beispiel-2024-09-12-zschopau.txt"
    )


def test_seed_as_text_and_pdf_is_one_release(archive: Path) -> None:
    for seed in ("smi-2023-04-25-meerane", "smi-2021-02-17-grossenhain"):
        assert _release_of(archive, f"{seed}.txt") == _release_of(archive, f"{seed}.pdf")
    assert _query(archive, "SELECT COUNT(*) FROM releases WHERE sample = 0")[0][0] == 2
    assert _query(archive, "SELECT COUNT(*) FROM releases WHERE sample = 1")[0][0] == 4  # two bundled, two here


def test_the_bundled_samples_name_no_real_authority(archive: Path) -> None:
    rows = _query(archive, "SELECT issuer, text FROM documents WHERE filename LIKE 'pressdb-%'")
    assert len(rows) == 2
    for issuer, text in rows:
        assert issuer == "Erfundenes Ministerium für Beispielfragen"
        assert "Staatsministerium" not in text and "Staatssekretär" not in text and "»" not in text
        assert "erfunden" in text


# ---------------------------------------------------------------- facts count once


def test_a_grant_in_headline_body_pdf_and_reprint_sums_once(archive: Path, ds: Any) -> None:
    mentions = _query(archive, "SELECT COUNT(*) FROM money WHERE recipient_ags = ?", (ZSCHOPAU,))[0][0]
    assert mentions == 5  # headline and body of text and PDF, the reprint's body
    grants = _query(
        archive, "SELECT year, amount_cents, mentions, releases FROM grants WHERE recipient_ags = ?", (ZSCHOPAU,)
    )
    assert grants == [("2024", 2_740_000, 5, 1)]
    (row,) = _rows(ds, "/archive/grants_by_commune_and_year", commune="Zschopau", year="")
    assert (row["year"], row["grants"], row["total_eur"]) == ("2024", 1, 27400.0)
    per_year = _rows(ds, "/archive/grants_per_year", commune="Zschopau")
    assert [(r["year"], r["kind"], r["total_eur"]) for r in per_year] == [("2024", "grant", 27400.0)]
    (stats,) = _rows(ds, "/archive/commune_stats", ags=ZSCHOPAU)
    assert (stats["releases"], stats["grants"]) == (2, 1)  # this release (three documents) and the bundled table


def test_a_statistic_stated_in_three_documents_is_one_statement(archive: Path, ds: Any) -> None:
    release_id = _release_of(archive, "beispiel-2024-09-12-zschopau.txt")
    statements = _query(
        archive, "SELECT value, mentions FROM figure_statements WHERE release_id = ? AND value = 141", (release_id,)
    )
    assert statements == [(141.0, 3)]
    hits = _rows(ds, "/archive/check_figure", value="141", word="Kommunen")
    assert sum(1 for h in hits if h["title"].startswith("Zschopau")) == 1
    history = _rows(ds, "/archive/history_of_a_figure", measure="beispielnetz-sichere-kommune:kommune:beraten")
    assert all(h["statements"] == 1 for h in history)


# ---------------------------------------------------------------- each release once on every page


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Nachbarschaftshilfe", "Zschopau erhält"),
        ("Sicherheitsanalyse", "Die 50. »ASSKomm«-Kooperationsvereinbarung"),
    ],
)
def test_search_shows_each_release_from_one_document(ds: Any, query: str, title: str) -> None:
    hits = _rows(ds, "/archive/search", q=query)
    mine = [h for h in hits if h["title"].startswith(title)]
    assert mine and len({h["document_id"] for h in mine}) == 1
    assert len({h["snippet"] for h in mine}) == len(mine)


@pytest.mark.parametrize(("commune", "title"), [("Zschopau", "Zschopau erhält"), ("Meerane", "Die 50.")])
def test_releases_mentioning_a_commune_once(ds: Any, commune: str, title: str) -> None:
    found = [
        r for r in _rows(ds, "/archive/releases_mentioning_commune", commune=commune) if r["title"].startswith(title)
    ]
    assert len(found) == 1


def test_check_a_seed_figure_once(ds: Any) -> None:
    hits = _rows(ds, "/archive/check_figure", value="141", word="Kommunen")
    assert sum(1 for h in hits if h["release_date"] == "2023-04-25") == 1


@pytest.mark.parametrize(("name", "title"), [("Konrad Mustermann", "Zschopau erhält"), ("Jörg Schmeißer", "Die 50.")])
def test_person_page_lists_each_release_once(archive: Path, ds: Any, name: str, title: str) -> None:
    person_id = _query(archive, "SELECT id FROM people WHERE name = ?", (name,))[0][0]
    html = _page(ds, f"/-/pressdb/person/{person_id}")
    mentions = html.split("<h2>Signed</h2>")[0]
    rows = re.findall(r"<tr><td>[^<]*</td><td><a [^>]*>([^<]*)</a>", mentions)
    assert [r for r in rows if r.startswith(title)] == [next(r for r in rows if r.startswith(title))]
    signed = _rows(ds, "/archive/people_and_what_they_signed", name=name.split()[-1])
    assert len([s for s in signed if s["title"].startswith(title)]) <= 1


def test_findings_name_each_release_once_and_never_a_reprint_beside_its_release(archive: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(audit_command, ["--db", str(archive), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    zschopau = _release_of(archive, "beispiel-2024-09-12-zschopau.txt")
    assert all(zschopau not in f["release_ids"] for f in findings)
    # the seed's own inconsistency (the 50th agreement, 49 agreements in its background paragraph): once
    (finding,) = findings
    assert finding["kind"] == "ordinal_vs_count" and len(set(finding["release_ids"])) == 1
    sources = {d["source"] for d in finding["releases"][0]["documents"]}
    assert {Path(s).name for s in sources} == {"smi-2023-04-25-meerane.txt", "smi-2023-04-25-meerane.pdf"}
    assert finding["releases"][0]["date"] == "2023-04-25"


def test_document_view_shows_renditions_reprints_and_the_sample_mark(archive: Path, ds: Any) -> None:
    txt, reprint = (
        _query(archive, "SELECT id FROM documents WHERE filename = ?", (name,))[0][0]
        for name in ("beispiel-2024-09-12-zschopau.txt", "zeitung-2024-09-13-zschopau.txt")
    )
    html = _page(ds, f"/-/pressdb/document/{txt}")
    assert "Beispiel (erfunden)" in html
    assert "beispiel-2024-09-12-zschopau.pdf" in html and "zeitung-2024-09-13-zschopau.txt" in html
    html = _page(ds, f"/-/pressdb/document/{reprint}")
    assert "Gibt wieder" in html and "% dieses Textes stammen aus ihr" in html  # the page speaks German (ui15)
    home = _page(ds, "/-/pressdb/")
    assert "Beispiel (erfunden)" in home and "Radebeul gründet einen Kommunalen Präventionsrat" in home
    seed = _query(archive, "SELECT id FROM documents WHERE filename = 'smi-2023-04-25-meerane.txt'")[0][0]
    assert "Beispiel (erfunden)" not in _page(ds, f"/-/pressdb/document/{seed}")


# ---------------------------------------------------------------- incremental, order, never by name


def test_an_added_document_is_compared_without_rehashing_the_archive(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    build([samples / "beispiel-2024-09-12-zschopau.txt", samples / "beispiel-2024-10-12-oederan.txt"], path, jobs=1)
    # Signatures are computed where the text is extracted: in the (forked) worker processes. Each call leaves
    # a line in a file, which the parent reads back.
    calls = tmp_path / "signature-calls.txt"
    original = releases.signature

    def counted(text: str) -> Any:
        with calls.open("a", encoding="utf-8") as fh:
            fh.write(f"{len(text)}\n")
        return original(text)

    monkeypatch.setattr(releases, "signature", counted)
    build([samples / "zeitung-2024-09-13-zschopau.txt"], path, jobs=1)
    hashed = calls.read_text(encoding="utf-8").split()
    assert len(hashed) == 1  # the new document only
    assert _query(path, "SELECT COUNT(*) FROM document_signatures")[0][0] == 3
    assert _release_of(path, "zeitung-2024-09-13-zschopau.txt") == _release_of(path, "beispiel-2024-09-12-zschopau.txt")


def test_the_original_arriving_after_its_reprint_takes_its_place(samples: Path, tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    build([samples / "zeitung-2024-09-13-zschopau.txt"], path, jobs=1)
    build([samples / "beispiel-2024-09-12-zschopau.txt"], path, jobs=1)
    roles = dict(_query(path, "SELECT filename, release_role FROM documents"))
    assert roles == {"zeitung-2024-09-13-zschopau.txt": "reproduction", "beispiel-2024-09-12-zschopau.txt": "rendition"}
    (canonical,) = _query(path, "SELECT d.filename FROM releases r JOIN documents d ON d.id = r.document_id")
    assert canonical == ("beispiel-2024-09-12-zschopau.txt",)


def test_file_names_decide_nothing(tmp_path: Path) -> None:
    """Two different releases under twin names stay two; twins under unrelated names are one."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _write(a, "release.txt", RELEASE)
    _write(b, "release.txt", OTHER)
    _write(b, "x.txt", RELEASE.replace("heute", "am Donnerstag"))
    path = tmp_path / "archive.db"
    build([a, b], path, jobs=1)
    rows = dict(_query(path, "SELECT source, release_id FROM documents"))
    assert rows[str(a / "release.txt")] != rows[str(b / "release.txt")]
    assert rows[str(a / "release.txt")] == rows[str(b / "x.txt")]


def test_removing_a_document_keeps_its_release_whole(samples: Path, tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("beispiel-2024-09-12-zschopau.txt", "zeitung-2024-09-13-zschopau.txt"):
        (folder / name).write_bytes((samples / name).read_bytes())
    build([folder], path, jobs=1)
    (folder / "beispiel-2024-09-12-zschopau.txt").write_text(OTHER, encoding="utf-8")  # the file now holds another
    build([folder], path, jobs=1)
    releases_now = _query(path, "SELECT r.id, d.filename FROM releases r JOIN documents d ON d.id = r.document_id")
    assert len(releases_now) == 2  # the reprint keeps a release; the changed file is a release of its own
    assert _query(path, "PRAGMA foreign_key_check") == []


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (RELEASE, RELEASE, (1.0, 1.0, 1.0)),
        (OTHER, RELEASE, None),
    ],
)
def test_compare(new: str, old: str, expected: tuple[float, float, float] | None) -> None:
    jaccard, share_new, share_old = releases.compare(new, old)
    if expected is None:
        assert jaccard < 0.2 and share_new < releases.REPRODUCTION_SHARE
    else:
        assert (jaccard, share_new, share_old) == expected


def test_signature_estimates_similarity() -> None:
    a, b, c = (releases.signature(t) for t in (RELEASE, REPRINT, OTHER))
    assert a and b and c
    assert releases.estimated_jaccard(a.minhash, b.minhash) > 0.4
    assert releases.estimated_jaccard(a.minhash, c.minhash) < 0.2
    assert set(a.buckets) & set(b.buckets)  # LSH makes the reprint a candidate
    assert releases.signature("Zu kurz.") is None


def test_a_match_found_beforehand_stands_unless_its_document_is_gone(samples: Path, tmp_path: Path) -> None:
    """``assign`` with a worker's prior match (extract/shards.py) places a document as a full comparison does."""
    from extract.build import process_path
    from extract.read import sha256
    from extract.store import _delete_document

    path = tmp_path / "archive.db"
    build([samples / "beispiel-2024-09-12-zschopau.txt", samples / "beispiel-2024-09-12-zschopau.pdf"], path, jobs=1)
    reprint = samples / "zeitung-2024-09-13-zschopau.txt"
    rows = process_path(str(reprint), sha256(reprint.read_bytes()), None)
    doc, sig = rows.document, rows.signature
    assert sig is not None
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        prior = releases.prior_match(conn, doc["id"], doc["text"], sig)
        conn.execute("COMMIT")
        assert prior.match is not None and prior.upto == 2
        full = releases.best_match(conn, doc["id"], doc["text"], sig)
        assert releases._match(conn, doc["id"], doc["text"], sig, prior) == full == prior.match
        # Nothing below the bound matches: the match comes from the signatures above it.
        empty = releases.Prior(0, None)
        assert releases._match(conn, doc["id"], doc["text"], sig, empty) == full
        # The prior match's document is deleted since: the other rendition, below the bound too, is found.
        conn.execute("BEGIN")
        _delete_document(conn, prior.match.document_id)
        again = releases._match(conn, doc["id"], doc["text"], sig, prior)
        assert again is not None and again.document_id != prior.match.document_id
        assert again == releases.best_match(conn, doc["id"], doc["text"], sig)
        conn.execute("ROLLBACK")
    finally:
        conn.close()

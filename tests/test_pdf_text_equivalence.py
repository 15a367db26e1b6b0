"""The PDF and the text version of each seed release give the same release metadata and the same facts.

Spans may differ (the PDF reader orders the letterhead and body differently from
the text extraction the seeds came from); values must not. After a build, every
fact row of a PDF document points to its page and box.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extract.build import build
from extract.pipeline import process
from extract.read import read_path
from extract.records import Extraction

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = ["smi-2021-02-17-grossenhain", "smi-2023-04-25-meerane"]
RELEASE_FIELDS = ("date", "title", "issuer", "contact_name", "contact_phone", "contact_fax", "contact_email")
# The facts a user relies on, by value: (kind, attributes of the record).
FACT_VALUES: dict[str, tuple[str, ...]] = {
    "communes": ("ags",),
    "people": ("name", "role", "relation"),
    "quotes": ("speaker",),
    "money": ("amount", "kind", "recipient_ags"),
    "figures": ("value", "unit", "measure"),
    "ordinals": ("value",),
    "dates": ("value", "granularity"),
    "agreements": ("commune_ags", "date", "signatories"),
}
FACT_TABLES = [
    "commune_mentions",
    "person_mentions",
    "quotes",
    "dates",
    "money",
    "figures",
    "ordinals",
    "agreements",
]


@cache
def _extraction(path: Path) -> Extraction:
    return process(read_path(path)).extraction


def _values(extraction: Extraction, kind: str) -> Counter[tuple[Any, ...]]:
    attrs = FACT_VALUES[kind]
    return Counter(tuple(getattr(fact, a) for a in attrs) for fact in getattr(extraction, kind))


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("field", RELEASE_FIELDS)
def test_release_metadata_is_the_same(name: str, field: str) -> None:
    text = _extraction(CORPUS / f"{name}.txt").release
    pdf = _extraction(CORPUS / f"{name}.pdf").release
    assert getattr(text, field) is not None
    assert getattr(pdf, field) == getattr(text, field)


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("kind", list(FACT_VALUES))
def test_facts_have_the_same_values(name: str, kind: str) -> None:
    text = _values(_extraction(CORPUS / f"{name}.txt"), kind)
    pdf = _values(_extraction(CORPUS / f"{name}.pdf"), kind)
    assert pdf == text


def test_both_seeds_state_facts_of_every_kind_that_matters() -> None:
    # Guards the comparison above against passing on two empty lists.
    for name in SEEDS:
        ex = _extraction(CORPUS / f"{name}.txt")
        assert ex.communes and ex.people and ex.dates and ex.agreements and ex.figures


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    db = tmp_path_factory.mktemp("archive") / "archive.db"
    result = build([str(CORPUS)], db, jobs=1)
    assert result.failed == 0, result.errors
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_row_from_a_pdf_has_a_page_and_a_box(archive: sqlite3.Connection, table: str) -> None:
    rows = archive.execute(
        f"SELECT t.*, d.pages AS doc_pages FROM {table} t JOIN documents d ON d.id = t.document_id "
        "WHERE d.format = 'pdf'"
    ).fetchall()
    assert rows
    for row in rows:
        where = f"{table} {row['text']!r} at {row['char_start']}"
        assert row["page"] is not None and 1 <= row["page"] <= row["doc_pages"], where
        if row["char_start"] == -1:
            continue  # the letterhead contact: in the sidebar, not in the clean text; its page is still known
        for col in ("x0", "top", "x1", "bottom"):
            assert row[col] is not None, f"{where}: {col}"
        assert row["x0"] < row["x1"] and row["top"] < row["bottom"], where


def test_the_letterhead_contact_row_points_to_the_sidebar(archive: sqlite3.Connection) -> None:
    rows = archive.execute(
        "SELECT p.page, p.x0, p.char_start FROM person_mentions p JOIN documents d ON d.id = p.document_id "
        "WHERE d.format = 'pdf' AND p.relation = 'contact' AND p.char_start = -1"
    ).fetchall()
    assert rows
    for row in rows:
        assert row["page"] == 1

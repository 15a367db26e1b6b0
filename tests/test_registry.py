"""The person registry across releases: one row per person, namesakes apart, roles over time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from extract.build import build

RELEASES = {
    "2019.txt": "06.02.2019\n\nNeue Präventionsräte im Vogtland\n\n"
    "Staatsminister Prof. Dr. Roland Wöller besuchte heute Plauen. Bürgermeister Schneider "
    "stellte die Pläne vor.",
    "2022.txt": "11.01.2022\n\nWerdau tritt dem Netzwerk bei\n\n"
    "Innenminister Roland Wöller gratulierte der Stadt Werdau. Auch Landrat Schneider war "
    "dabei.",
    "2023.txt": "27.01.2023\n\nZittau wird Mitglied\n\n"
    "Innenminister Armin Schuster und Oberbürgermeister Thomas Zenker sprachen in Zittau.",
}


def _archive(tmp_path: Path) -> sqlite3.Connection:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in RELEASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "a.db"
    assert build([folder], db, jobs=1).failed == 0
    return sqlite3.connect(db)


def test_one_person_across_releases_and_namesakes_by_surname_kept_apart(tmp_path: Path) -> None:
    conn = _archive(tmp_path)
    woeller = conn.execute("SELECT COUNT(DISTINCT person_id) FROM person_mentions WHERE name = 'Roland Wöller'")
    assert woeller.fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM people WHERE name = 'Roland Wöller'").fetchone()[0] == 1
    schneiders = conn.execute("SELECT COUNT(*) FROM people WHERE surname = 'Schneider'").fetchone()[0]
    assert schneiders == 2  # a surname alone never merges across releases


def test_roles_over_time(tmp_path: Path) -> None:
    conn = _archive(tmp_path)
    roles = conn.execute(
        "SELECT role, release_date FROM person_roles WHERE name = 'Roland Wöller' ORDER BY release_date"
    ).fetchall()
    assert roles == [("Staatsminister", "2019-02-06"), ("Innenminister", "2022-01-11")]
    ministers = conn.execute(
        "SELECT name FROM person_roles WHERE role = 'Innenminister' ORDER BY release_date"
    ).fetchall()
    assert ministers == [("Roland Wöller",), ("Armin Schuster",)]

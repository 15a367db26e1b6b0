"""The shipped gazetteer: lookups, and a cross-check against the shared reference data."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from extract.gazetteer import GAZETTEER_DIR, load_gazetteer
from extract.gazetteer_import import _dms_to_degrees, landkreis_name, short_name

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DESTATIS = SHARED / "destatis"


@pytest.mark.parametrize(
    ("official", "short", "sorbian"),
    [
        ("Chemnitz, Stadt", "Chemnitz", None),
        ("Bautzen / Budyšin, Stadt", "Bautzen", "Budyšin"),
        ("Weißwasser/O.L., Stadt / Běła Woda", "Weißwasser/O.L.", "Běła Woda"),
        ("Zschopau, Stadt, Motorradstadt", "Zschopau", None),
        ("Quitzdorf am See / Kwetanecy pri jezoru", "Quitzdorf am See", "Kwetanecy pri jezoru"),
    ],
)
def test_short_name(official: str, short: str, sorbian: str | None) -> None:
    assert short_name(official) == (short, sorbian)


@pytest.mark.parametrize(
    ("official", "kind", "expected"),
    [
        ("Zwickau", "Landkreis", "Landkreis Zwickau"),
        ("Erzgebirgskreis", "Landkreis", "Erzgebirgskreis"),
        ("Chemnitz, Stadt", "Kreisfreie Stadt", "Chemnitz"),
    ],
)
def test_landkreis_name(official: str, kind: str, expected: str) -> None:
    assert landkreis_name(official, kind) == expected


def test_dms_coordinates_become_degrees() -> None:
    assert _dms_to_degrees(12.5527) == pytest.approx(12 + 55 / 60 + 27 / 3600)


def test_counts_and_meta() -> None:
    gazetteer = load_gazetteer()
    assert sum(c.current for c in gazetteer.communes) == 418
    assert len(gazetteer.kreise) == 13
    assert gazetteer.meta["source"] == "Statistisches Bundesamt (Destatis), GV-ISys"
    assert gazetteer.meta["gebietsstand"] == "2024-12-31"


@pytest.mark.parametrize(
    ("ags", "name", "kind", "kreis_ags"),
    [
        ("14612000", "Dresden", "Kreisfreie Stadt", "14612"),
        ("14627060", "Großenhain", "Große Kreisstadt", "14627"),
        ("14628050", "Bannewitz", "Gemeinde", "14628"),
        ("14522150", "Frankenberg/Sa.", "Stadt", "14522"),
    ],
)
def test_by_ags(ags: str, name: str, kind: str, kreis_ags: str) -> None:
    commune = load_gazetteer().by_ags(ags)
    assert commune is not None
    assert (commune.name, commune.kind, commune.kreis_ags) == (name, kind, kreis_ags)


def test_dissolved_commune_knows_its_successor_and_validity() -> None:
    gazetteer = load_gazetteer()
    aue = gazetteer.by_ags("14521030")
    assert aue is not None and not aue.current and aue.successor_ags == "14521035"
    assert aue.valid_on(date(2015, 1, 1)) and not aue.maybe_valid_on(date(2022, 1, 1))
    ostrau = gazetteer.by_ags("14522450")
    assert ostrau is not None and ostrau.valid_to == "2022-12-31" and ostrau.successor_ags == "14522275"
    assert gazetteer.current("14522450").name == "Jahnatal"  # type: ignore[union-attr]


def test_verband_members() -> None:
    gazetteer = load_gazetteer()
    schleife = next(v for v in gazetteer.verbaende if v.current and v.name == "Schleife")
    assert {c.name for c in gazetteer.members(schleife.verband_ars)} == {"Schleife", "Trebendorf", "Groß Düben"}


def _rows(name: str) -> list[dict[str, str]]:
    if not (SHARED / name).exists():
        pytest.skip("shared reference data not available")
    with (SHARED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cross_check_current_communes() -> None:
    gazetteer = load_gazetteer()
    rows = _rows("sachsen_gemeinden_2024-12-31.csv")
    assert {r["ags"] for r in rows} == {c.ags for c in gazetteer.communes if c.current}
    for row in rows:
        commune = gazetteer.by_ags(row["ags"])
        assert commune is not None
        assert (commune.name, commune.name_official, commune.kreis_ags, commune.landkreis) == (
            row["name"],
            row["name_gv"],
            row["kreis_ags"],
            row["landkreis"],
        ), row["ags"]
        assert commune.kind == row["kind_detailed"], row["ags"]
        assert commune.lat == pytest.approx(float(row["lat"]), abs=1e-5)
        assert commune.lon == pytest.approx(float(row["lon"]), abs=1e-5)
        assert commune.population == int(row["population"])


def test_cross_check_history_and_successors() -> None:
    gazetteer = load_gazetteer()
    rows = _rows("sachsen_gemeinden_history_2009-2025.csv")
    assert {r["ags"] for r in rows} == {c.ags for c in gazetteer.communes}
    dissolved = [r for r in rows if r["current_2024"] != "True"]
    agree = sum(gazetteer.by_ags(r["ags"]).successor_ags in r["successor_ags"].split(";") for r in dissolved)  # type: ignore[union-attr]
    # Successors between snapshots are inferred from area and distance; most must agree with the reference.
    assert agree / len(dissolved) >= 0.85


def test_cross_check_verbaende() -> None:
    gazetteer = load_gazetteer()
    for row in _rows("sachsen_gemeindeverbaende_2024-12-31.csv"):
        verband = gazetteer.verband(row["verband_ars"])
        assert verband is not None and verband.current
        assert (verband.name, verband.kind) == (row["name"], row["kind"])
        assert list(verband.members_ags) == row["members_ags"].split(";")


def test_importer_rebuilds_the_shipped_files(tmp_path: Path) -> None:
    if not DESTATIS.exists():
        pytest.skip("Destatis files not available")
    from extract.gazetteer_import import build_gazetteer

    summary = build_gazetteer(DESTATIS, tmp_path)
    assert summary["current_communes"] == 418
    shipped = GAZETTEER_DIR / "communes.jsonl"
    assert (tmp_path / "communes.jsonl").read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")

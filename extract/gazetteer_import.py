"""Build the project's gazetteer of Saxony from the official Destatis GV-ISys Excel files.

Reads every ``AuszugGV*.xlsx`` (the register of all municipalities at a year or
quarter end) and every ``Gebietsaenderungen*.xlsx`` (the year's mergers with
their exact dates) in a folder, and writes ``communes.jsonl``, ``kreise.jsonl``,
``verbaende.jsonl`` and ``meta.json``. Several register snapshots together give
every municipality that existed since the oldest one, when it disappeared and
into which municipality; where a change list gives the exact date it is used,
otherwise validity is bounded by the snapshots (see ``meta.json``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

SOURCE = "Statistisches Bundesamt (Destatis), GV-ISys"
LICENCE = "Vervielfältigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet"
LAND = "14"  # Sachsen

REGISTER_GLOB = "AuszugGV*.xlsx"
CHANGES_GLOB = "Gebietsaenderungen*.xlsx"
GROSSE_KREISSTAEDTE = Path(__file__).parent / "data" / "gazetteer" / "grosse_kreisstaedte.jsonl"

# The register sheet's fixed column layout (unchanged 2009-2024).
COL_SATZART, COL_TK, COL_LAND, COL_RB, COL_KREIS, COL_VB, COL_GEM, COL_NAME = range(8)
COL_AREA, COL_POP, COL_PLZ, COL_LON, COL_LAT = 8, 9, 13, 14, 15

SATZ_KREIS, SATZ_VERBAND, SATZ_GEMEINDE = "40", "50", "60"
KIND_BY_TK = {"61": "Kreisfreie Stadt", "63": "Stadt", "64": "Gemeinde"}
KREIS_KIND_BY_TK = {
    "41": "Kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
VERBAND_KIND_BY_TK = {
    "52": "Amt",
    "53": "Samtgemeinde",
    "54": "Verwaltungsgemeinschaft",
    "55": "Verwaltungsgemeinschaft",
    "56": "Verwaltungsverband",
    "57": "Verbandsgemeinde",
    "58": "Mitgliedsgemeinde",
}

STAND_RE = re.compile(r"am\s+(\d{2})\.(\d{2})\.(\d{4})")
DATE_RE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
ANY_DATE_RE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
SORBIAN_SEP = " / "
AREA_TOLERANCE_KM2 = 1.0  # area figures are rounded and re-surveyed between snapshots
CHANGE_DISSOLUTION = "1"  # Änderungsart 1: the municipality is dissolved into / merged with another


@dataclass
class _Row:
    ags: str
    name_official: str
    kind: str
    kreis_ags: str
    verband_ars: str | None
    area_km2: float | None
    population: int | None
    plz: str | None
    lat: float | None
    lon: float | None


@dataclass
class _Snapshot:
    stand: date
    population_date: date | None
    path: Path
    kreise: dict[str, tuple[str, str]] = field(default_factory=dict)  # kreis_ags -> (official name, kind)
    verbaende: dict[str, tuple[str, str]] = field(default_factory=dict)  # verband ars -> (name, kind)
    gemeinden: dict[str, _Row] = field(default_factory=dict)


@dataclass(frozen=True)
class _Change:
    ags_old: str
    ags_new: str
    effective: date


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _data_sheet(workbook: Any) -> Any:
    """The sheet with the data: the one that is not the cover ("Inhalt", "Deckblatt")."""
    for sheet in workbook.worksheets:
        if sheet.title not in ("Inhalt", "Deckblatt"):
            return sheet
    raise ValueError("no data sheet")


def _iso(text: str) -> date | None:
    m = DATE_RE.match(text.strip())
    return date(int(m[3]), int(m[2]), int(m[1])) if m else None


def _any_date(text: str) -> date | None:
    m = ANY_DATE_RE.search(text)
    return date(int(m[3]), int(m[2]), int(m[1])) if m else None


def _number(value: Any) -> float | None:
    text = _text(value).replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _dms_to_degrees(value: float) -> float:
    """12.5527 written as degrees.minutesseconds -> 12.9242 degrees."""
    degrees = math.floor(value)
    rest = round((value - degrees) * 10000)
    return degrees + (rest // 100) / 60 + (rest % 100) / 3600


def _is_dms(values: list[float]) -> bool:
    # Decimal degrees almost never have both two-digit groups below 60 in hundreds of rows
    # (the register rounds some seconds up to 60, so 60 is allowed there).
    for value in values:
        rest = round((value - math.floor(value)) * 10000)
        if rest // 100 >= 60 or rest % 100 > 60:
            return False
    return bool(values)


def read_register(path: Path, land: str = LAND) -> _Snapshot:
    """Read one AuszugGV workbook: the Kreise, Verbände and municipalities of one Land."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(_data_sheet(workbook).iter_rows(values_only=True))
    finally:
        workbook.close()
    header = " ".join(_text(c) for row in rows[:6] for c in row if c is not None)
    stands = [date(int(y), int(m), int(d)) for d, m, y in STAND_RE.findall(header)]
    if not stands:
        raise ValueError(f"{path.name}: no 'Gebietsstand am TT.MM.JJJJ' in the header")
    # The population's reference date stands in the sub-header above the population column.
    sub_header = rows[4][COL_AREA : COL_POP + 1] if len(rows) > 4 else ()
    population_dates = [d for d in (_any_date(_text(c)) for c in sub_header) if d]
    snapshot = _Snapshot(stand=stands[0], population_date=population_dates[-1] if population_dates else None, path=path)
    coords: list[tuple[str, float, float]] = []
    for row in rows:
        if len(row) <= COL_LAT or _text(row[COL_LAND]) != land:
            continue
        satz, tk, name = _text(row[COL_SATZART]), _text(row[COL_TK]), _text(row[COL_NAME])
        kreis_ags = land + _text(row[COL_RB]) + _text(row[COL_KREIS])
        if satz == SATZ_KREIS:
            snapshot.kreise[kreis_ags] = (name, KREIS_KIND_BY_TK.get(tk, "Kreis"))
        elif satz == SATZ_VERBAND and tk in VERBAND_KIND_BY_TK:
            snapshot.verbaende[kreis_ags + _text(row[COL_VB])] = (name, VERBAND_KIND_BY_TK[tk])
        elif satz == SATZ_GEMEINDE:
            ags = kreis_ags + _text(row[COL_GEM])
            verband_ars = kreis_ags + _text(row[COL_VB])
            lon, lat = _number(row[COL_LON]), _number(row[COL_LAT])
            population = _number(row[COL_POP])
            snapshot.gemeinden[ags] = _Row(
                ags=ags,
                name_official=name,
                kind=KIND_BY_TK.get(tk, "Gemeinde"),
                kreis_ags=kreis_ags,
                verband_ars=verband_ars,
                area_km2=_number(row[COL_AREA]),
                population=int(population) if population is not None else None,
                plz=_text(row[COL_PLZ]) or None,
                lat=lat,
                lon=lon,
            )
            if lat is not None and lon is not None:
                coords.append((ags, lat, lon))
    for ags, verband in ((a, r.verband_ars) for a, r in snapshot.gemeinden.items()):
        if verband not in snapshot.verbaende:
            snapshot.gemeinden[ags].verband_ars = None  # verbandsfrei: its "Verband" is itself
    if _is_dms([v for _, lat, lon in coords for v in (lat, lon)]):
        for ags, lat, lon in coords:
            snapshot.gemeinden[ags].lat, snapshot.gemeinden[ags].lon = _dms_to_degrees(lat), _dms_to_degrees(lon)
    return snapshot


def read_changes(path: Path, land: str = LAND) -> list[_Change]:
    """Read one Gebietsaenderungen workbook: the dissolutions of municipalities with their dates."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(_data_sheet(workbook).iter_rows(values_only=True))
    finally:
        workbook.close()
    changes: list[_Change] = []
    for row in rows:
        if len(row) < 13 or _text(row[1]) != "Gemeinde":
            continue
        ags_old, kind, ags_new = _text(row[3]), _text(row[5]), _text(row[9])
        effective = _iso(_text(row[12])) or _iso(_text(row[11]))
        if ags_old[:2] == land and kind == CHANGE_DISSOLUTION and ags_new and ags_new != ags_old and effective:
            changes.append(_Change(ags_old=ags_old, ags_new=ags_new, effective=effective))
    return changes


def short_name(name_official: str) -> tuple[str, str | None]:
    """Split an official name into the short German name and the Sorbian name."""
    # "Weißwasser/O.L., Stadt / Běła Woda", "Bautzen / Budyšin, Stadt", "Zschopau, Stadt, Motorradstadt"
    name, sorbian = name_official, None
    if SORBIAN_SEP in name:
        name, sorbian = (part.strip() for part in name.split(SORBIAN_SEP, 1))
        name = name + sorbian[sorbian.index(",") :] if "," in sorbian else name
        sorbian = sorbian.split(",", 1)[0].strip()
    return name.split(",", 1)[0].strip(), sorbian


def landkreis_name(name_official: str, kind: str) -> str:
    """The Kreis as it is spoken of: 'Landkreis Zwickau', 'Erzgebirgskreis', 'Chemnitz'."""
    name = name_official.split(",", 1)[0].strip()
    if kind == "Landkreis" and not name.endswith("kreis"):
        return f"Landkreis {name}"
    return name


def _distance(a: _Row, b: _Row) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    return math.hypot((a.lat or 0) - (b.lat or 0), ((a.lon or 0) - (b.lon or 0)) * 0.64)  # cos(50°)


def _successors(before: _Snapshot, after: _Snapshot) -> dict[str, str]:
    """Who took over each municipality dissolved between two snapshots.

    Area is conserved: a dissolved municipality goes to a neighbour in its Kreis whose
    area grew by at least its own (a new municipality grew by all of its area);
    among those, the nearest centre wins. Largest first, so big ones claim first.
    """
    gone = sorted(
        (r for a, r in before.gemeinden.items() if a not in after.gemeinden), key=lambda r: -(r.area_km2 or 0)
    )
    growth: dict[str, float] = {}
    for ags, row in after.gemeinden.items():
        old = before.gemeinden.get(ags)
        delta = (row.area_km2 or 0) - (old.area_km2 or 0 if old else 0)
        if delta > AREA_TOLERANCE_KM2:
            growth[ags] = delta
    result: dict[str, str] = {}
    for row in gone:
        same_kreis = [a for a in after.gemeinden if after.gemeinden[a].kreis_ags == row.kreis_ags]
        fitting = [a for a in same_kreis if growth.get(a, 0) >= (row.area_km2 or 0) - AREA_TOLERANCE_KM2]
        pool = fitting or [a for a in same_kreis if a in growth] or same_kreis
        if not pool:
            continue
        best = min(pool, key=lambda a: _distance(row, after.gemeinden[a]))
        result[row.ags] = best
        growth[best] = growth.get(best, 0) - (row.area_km2 or 0)
    return result


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_grosse_kreisstaedte() -> set[str]:
    if not GROSSE_KREISSTAEDTE.exists():
        return set()
    with GROSSE_KREISSTAEDTE.open(encoding="utf-8") as handle:
        return {json.loads(line)["ags"] for line in handle if line.strip()}


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _commune_records(snapshots: list[_Snapshot], changes: list[_Change]) -> Iterator[dict[str, Any]]:
    latest = snapshots[-1]
    grosse = _load_grosse_kreisstaedte()
    exact_end = {c.ags_old: c for c in changes}
    exact_start: dict[str, date] = {}
    for change in changes:
        exact_start[change.ags_new] = min(change.effective, exact_start.get(change.ags_new, change.effective))
    successors: dict[str, str] = {}
    for before, after in zip(snapshots, snapshots[1:], strict=False):
        successors.update(_successors(before, after))
    all_ags = sorted({ags for snap in snapshots for ags in snap.gemeinden})
    for ags in all_ags:
        seen = [i for i, snap in enumerate(snapshots) if ags in snap.gemeinden]
        first, last = seen[0], seen[-1]
        last_snap = snapshots[last]
        row = last_snap.gemeinden[ags]
        name, sorbian = short_name(row.name_official)
        # Population and area from the newest snapshot that has them.
        valid_from: date | None = None
        if ags in exact_start and (first == 0 or snapshots[first - 1].stand < exact_start[ags]):
            valid_from = exact_start[ags]
        elif first > 0:
            valid_from = snapshots[first - 1].stand + timedelta(days=1)  # earliest possible start
        valid_to: date | None = None
        gone_by: date | None = None  # the first date on which it certainly no longer existed
        successor: str | None = None
        if last < len(snapshots) - 1:
            ended = exact_end.get(ags)
            if ended is not None:
                valid_to, successor, gone_by = ended.effective - timedelta(days=1), ended.ags_new, ended.effective
            else:
                valid_to = last_snap.stand  # last date the register shows it; gone by the next snapshot
                successor, gone_by = successors.get(ags), snapshots[last + 1].stand
        kreis_name, kreis_kind = last_snap.kreise.get(row.kreis_ags, ("", ""))
        verband = last_snap.verbaende.get(row.verband_ars or "")
        kind = row.kind
        if ags in grosse and kind == "Stadt":
            kind = "Große Kreisstadt"
        names_seen = sorted({snap.gemeinden[ags].name_official for snap in snapshots if ags in snap.gemeinden})
        yield {
            "ags": ags,
            "name": name,
            "name_official": row.name_official,
            "name_sorbian": sorbian,
            "names_official_history": names_seen,
            "kind": kind,
            "kreis_ags": row.kreis_ags,
            "landkreis": landkreis_name(kreis_name, kreis_kind),
            "verband_ars": row.verband_ars if verband else None,
            "verband": verband[0] if verband else None,
            "verband_kind": verband[1] if verband else None,
            "lat": round(row.lat, 6) if row.lat is not None else None,
            "lon": round(row.lon, 6) if row.lon is not None else None,
            "area_km2": row.area_km2,
            "population": row.population,
            "population_date": last_snap.population_date.isoformat() if last_snap.population_date else None,
            "plz": row.plz,
            "valid_from": valid_from.isoformat() if valid_from else None,
            "valid_to": valid_to.isoformat() if valid_to else None,
            "gone_by": gone_by.isoformat() if gone_by else None,
            "successor_ags": successor,
            "first_seen": snapshots[first].stand.isoformat(),
            "last_seen": last_snap.stand.isoformat(),
            "current": ags in latest.gemeinden,
        }


def _kreis_records(snapshots: list[_Snapshot]) -> Iterator[dict[str, Any]]:
    latest = snapshots[-1]
    for kreis_ags, (official, kind) in sorted(latest.kreise.items()):
        members = [r for r in latest.gemeinden.values() if r.kreis_ags == kreis_ags]
        yield {
            "kreis_ags": kreis_ags,
            "name": landkreis_name(official, kind),
            "name_official": official,
            "kind": kind,
            "n_gemeinden": len(members),
            "population": sum(r.population or 0 for r in members),
        }


def _verband_records(snapshots: list[_Snapshot]) -> Iterator[dict[str, Any]]:
    all_ars = sorted({ars for snap in snapshots for ars in snap.verbaende})
    for ars in all_ars:
        seen = [snap for snap in snapshots if ars in snap.verbaende]
        last = seen[-1]
        name, kind = last.verbaende[ars]
        members = sorted(r.ags for r in last.gemeinden.values() if r.verband_ars == ars)
        yield {
            "verband_ars": ars,
            "name": name,
            "kind": kind,
            "kreis_ags": ars[:5],
            "members_ags": members,
            "members": [short_name(last.gemeinden[a].name_official)[0] for a in members],
            "first_seen": seen[0].stand.isoformat(),
            "last_seen": last.stand.isoformat(),
            "current": last is snapshots[-1],
        }


def build_gazetteer(source_dir: Path, out_dir: Path, land: str = LAND) -> dict[str, Any]:
    """Read the GV-ISys files in source_dir, write the gazetteer into out_dir, return a summary."""
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    register_files = sorted(source_dir.glob(REGISTER_GLOB))
    if not register_files:
        raise FileNotFoundError(f"{source_dir}: no {REGISTER_GLOB} (the Destatis GV-ISys register extract)")
    snapshots = sorted((read_register(p, land) for p in register_files), key=lambda s: s.stand)
    change_files = sorted(source_dir.glob(CHANGES_GLOB))
    changes = [c for p in change_files for c in read_changes(p, land)]
    out_dir.mkdir(parents=True, exist_ok=True)
    n_communes = _write_jsonl(out_dir / "communes.jsonl", _commune_records(snapshots, changes))
    n_kreise = _write_jsonl(out_dir / "kreise.jsonl", _kreis_records(snapshots))
    n_verbaende = _write_jsonl(out_dir / "verbaende.jsonl", _verband_records(snapshots))
    latest = snapshots[-1]
    meta = {
        "source": SOURCE,
        "licence": LICENCE,
        "land": land,
        "gebietsstand": latest.stand.isoformat(),
        "population_date": latest.population_date.isoformat() if latest.population_date else None,
        "build_date": date.today().isoformat(),
        "snapshots": [s.stand.isoformat() for s in snapshots],
        "files": [{"name": p.name, "sha256": _sha256(p)} for p in register_files + change_files],
        "kind_grosse_kreisstadt": (
            "GV-ISys does not flag Große Kreisstädte for Saxony; kind 'Große Kreisstadt' comes from "
            "extract/data/gazetteer/grosse_kreisstaedte.jsonl (secondary list, Saxon Große Kreisstädte)"
        ),
        "validity": (
            "valid_from/valid_to are exact where a Gebietsaenderungen file gives the date; otherwise "
            "valid_from is the day after the last snapshot without the municipality (earliest possible) "
            "and valid_to the last snapshot that shows it; successor_ags then is the nearest neighbour "
            "in the same Kreis whose area grew by the next snapshot"
        ),
        "communes": n_communes,
        "current_communes": len(latest.gemeinden),
        "kreise": n_kreise,
        "verbaende": n_verbaende,
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


if __name__ == "__main__":  # pragma: no cover - the lead wires `pressdb gazetteer build`
    import sys

    print(json.dumps(build_gazetteer(Path(sys.argv[1]), Path(sys.argv[2])), ensure_ascii=False, indent=2))

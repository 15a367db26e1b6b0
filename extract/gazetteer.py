"""The municipalities of Saxony: the gazetteer the project builds from Destatis GV-ISys.

The files in ``extract/data/gazetteer/`` are written by
``extract.gazetteer_import.build_gazetteer``; this module only reads them
(once per process) and answers lookups by AGS, by name, by Kreis and by
Verwaltungsgemeinschaft, and which key was valid on a given date. It also
derives every surface form a release may print for a municipality or a
Landkreis (``surface_forms``, ``kreis_forms``), which the span ruler in
``extract.nlp`` matches and ``extract.fields.communes`` resolves.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

GAZETTEER_DIR = Path(__file__).parent / "data" / "gazetteer"

# "Frankenberg/Sa.", "Reichenbach im Vogtland", "Hartmannsdorf b. Kirchberg", "Sohland a. d. Spree",
# "Krauschwitz i.d. O.L.", "Neustadt in Sachsen", "Quitzdorf am See": press releases drop the qualifier.
QUALIFIER_RE = re.compile(r"\s*(?:/.*|\s(?:b\.|bei|a\.|am|an der|im|in|i\.\s?d\.)\s.*)$")
KREIS_WORDS = ("Landkreis", "Landkreises", "Landkreis'", "Kreis", "Kreises")
GENITIVE_ENDS = ("s", "ß", "x", "z")
ADJECTIVE_RULE = "adjective"


@dataclass(frozen=True, slots=True)
class Commune:
    """One municipality as the register shows it (current or dissolved since the first snapshot)."""

    ags: str
    name: str  # short name as registered, qualifier kept: "Frankenberg/Sa."
    name_official: str  # "Frankenberg/Sa., Stadt, Garnisonsstadt"
    name_sorbian: str | None
    kind: str  # Gemeinde, Stadt, Große Kreisstadt, Kreisfreie Stadt
    kreis_ags: str
    landkreis: str
    verband_ars: str | None
    verband: str | None
    verband_kind: str | None
    lat: float | None
    lon: float | None
    area_km2: float | None
    population: int | None
    population_date: str | None
    plz: str | None
    valid_from: str | None  # ISO; None: existed before the first snapshot
    valid_to: str | None  # ISO; None: still exists
    successor_ags: str | None
    first_seen: str
    last_seen: str
    current: bool
    names_official_history: tuple[str, ...] = ()  # every official name the snapshots show
    gone_by: str | None = None  # ISO; first date it certainly no longer existed (valid_to < end <= gone_by)

    @property
    def is_town(self) -> bool:
        """A Stadt of any kind (the word 'Stadt' can refer to it)."""
        return self.kind != "Gemeinde"

    def valid_on(self, day: date | None) -> bool:
        """Whether the register may still (or already) have had this key on that day."""
        if day is None:
            return self.current
        iso = day.isoformat()
        # valid_from is the earliest possible start; a key seen at a snapshot existed then.
        if self.valid_from is not None and iso < self.valid_from:
            return False
        return self.valid_to is None or iso <= self.valid_to

    def maybe_valid_on(self, day: date) -> bool:
        """Whether the key may have been valid that day, where the register only bounds its end."""
        iso = day.isoformat()
        if self.valid_from is not None and iso < self.valid_from:
            return False
        return self.gone_by is None or iso < self.gone_by


@dataclass(frozen=True, slots=True)
class Kreis:
    """A Landkreis or kreisfreie Stadt (5-digit key)."""

    kreis_ags: str
    name: str  # "Landkreis Zwickau", "Erzgebirgskreis", "Chemnitz"
    name_official: str
    kind: str  # Landkreis, Kreisfreie Stadt
    n_gemeinden: int
    population: int

    @property
    def ags(self) -> str:
        """The Kreis key, under the name every record uses for its key."""
        return self.kreis_ags

    @property
    def short(self) -> str:
        """The Kreis without the word Landkreis: 'Zwickau', 'Erzgebirgskreis'."""
        return self.name.removeprefix("Landkreis ")


@dataclass(frozen=True, slots=True)
class Verband:
    """A Verwaltungsgemeinschaft or Verwaltungsverband with its member municipalities."""

    verband_ars: str
    name: str
    kind: str
    kreis_ags: str
    members_ags: tuple[str, ...]
    members: tuple[str, ...]
    first_seen: str
    last_seen: str
    current: bool


class Gazetteer:
    """Lookups over the shipped gazetteer."""

    def __init__(self, communes: list[Commune], kreise: list[Kreis], verbaende: list[Verband], meta: dict[str, Any]):
        self.communes = communes
        self.kreise = kreise
        self.verbaende = verbaende
        self.meta = meta
        self._by_ags = {c.ags: c for c in communes}
        self._kreis_by_ags = {k.kreis_ags: k for k in kreise}
        self._by_name: dict[str, list[Commune]] = defaultdict(list)
        for commune in communes:
            for name in {commune.name, commune.name_sorbian}:
                if name:
                    self._by_name[name].append(commune)
        self._verband_by_ars = {v.verband_ars: v for v in verbaende}

    def by_ags(self, ags: str) -> Commune | None:
        """The municipality with this 8-digit AGS, dissolved ones included."""
        return self._by_ags.get(ags)

    def kreis(self, kreis_ags: str) -> Kreis | None:
        """The Kreis with this 5-digit key."""
        return self._kreis_by_ags.get(kreis_ags)

    def by_name(self, name: str) -> list[Commune]:
        """Municipalities registered under exactly this short or Sorbian name."""
        return list(self._by_name.get(name, ()))

    def verband(self, verband_ars: str) -> Verband | None:
        """The Verwaltungsgemeinschaft or -verband with this 9-digit key."""
        return self._verband_by_ars.get(verband_ars)

    def members(self, verband_ars: str) -> list[Commune]:
        """The member municipalities of a Verwaltungsgemeinschaft or -verband."""
        verband = self._verband_by_ars.get(verband_ars)
        return [self._by_ags[a] for a in verband.members_ags] if verband else []

    def current(self, ags: str) -> Commune | None:
        """The municipality that holds this key's area today (follows successors)."""
        commune = self._by_ags.get(ags)
        seen: set[str] = set()
        while commune is not None and not commune.current and commune.successor_ags and commune.ags not in seen:
            seen.add(commune.ags)
            commune = self._by_ags.get(commune.successor_ags.split(";")[0])
        return commune


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@functools.cache
def load_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    """The shipped gazetteer (read once per process)."""
    communes = [
        Commune(**{**row, "names_official_history": tuple(row.get("names_official_history", ()))})
        for row in _read_jsonl(directory / "communes.jsonl")
    ]
    kreise = [Kreis(**row) for row in _read_jsonl(directory / "kreise.jsonl")]
    verbaende = [
        Verband(**{**row, "members_ags": tuple(row["members_ags"]), "members": tuple(row["members"])})
        for row in _read_jsonl(directory / "verbaende.jsonl")
    ]
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    return Gazetteer(communes, kreise, verbaende, meta)


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a municipality and how it was derived."""

    ags: str
    rule: str  # name, base, sorbian, genitive, adjective, former


def base_name(name: str) -> str:
    """The name without its official qualifier: 'Frankenberg/Sa.' -> 'Frankenberg'."""
    base = QUALIFIER_RE.sub("", name).strip()
    if base.startswith("Stadt "):  # "Stadt Wehlen" is written "Wehlen" too
        base = base[len("Stadt ") :]
    return base


def _adjectives(name: str) -> set[str]:
    """Adjectival forms: 'Meerane' -> 'Meeraner', 'Dresden' -> 'Dresdner', 'Pirna' -> 'Pirnaer'."""
    if " " in name or not name[-1:].isalpha():
        return set()
    if name.endswith("e"):
        return {name + "r"}
    if name.endswith("en"):
        return {name + "er", name[:-2] + "ner"}
    return {name + "er"}


def _genitive(name: str) -> str | None:
    return None if name.endswith(GENITIVE_ENDS) else name + "s"


@functools.cache
def surface_forms() -> dict[str, tuple[Form, ...]]:
    """Every surface form of every municipality, with the AGS it may stand for."""
    forms: dict[str, list[Form]] = defaultdict(list)

    def add(text: str | None, ags: str, rule: str) -> None:
        if text and len(text) > 2 and all(f.ags != ags for f in forms[text]):
            forms[text].append(Form(ags, rule))

    for commune in load_gazetteer().communes:
        names = [(commune.name, "name")]
        base = base_name(commune.name)
        if base != commune.name:
            names.append((base, "base"))
        if commune.name.startswith("St. "):
            names.append(("Sankt " + commune.name[4:], "name"))
        if commune.name_sorbian:
            names.append((commune.name_sorbian, "sorbian"))
        for official in commune.names_official_history:
            former = official.split(" / ")[0].split(",")[0].strip()
            if former != commune.name:
                names.append((former, "former"))
        for text, rule in names:
            add(text, commune.ags, rule)
        # Genitive and adjective from the registered name and from the name without its qualifier.
        inflectable = names[:2] if len(names) > 1 and names[1][1] == "base" else names[:1]
        for text, _ in inflectable:
            add(_genitive(text), commune.ags, "genitive")
            for adjective in _adjectives(text):
                add(adjective, commune.ags, ADJECTIVE_RULE)
    return {text: tuple(found) for text, found in forms.items()}


@functools.cache
def kreis_forms() -> dict[str, Kreis]:
    """'Landkreis Zwickau', 'Landkreises Zwickau', 'Erzgebirgskreis', 'Mittelsachsen' -> the Kreis."""
    forms: dict[str, Kreis] = {}
    gazetteer = load_gazetteer()
    for kreis in gazetteer.kreise:
        if kreis.kind != "Landkreis":
            continue
        short = kreis.short
        if short.endswith("kreis"):
            forms[short] = kreis
            forms[short + "es"] = kreis
        else:
            for word in KREIS_WORDS:
                forms[f"{word} {short}"] = kreis
            if " " not in short and not gazetteer.by_name(short):
                forms[short] = kreis  # Mittelsachsen, Nordsachsen: a Kreis by name alone
    return forms

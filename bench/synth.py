"""Synthetic press releases in the Saxon ministries' layout, with known ground truth.

Each release is written from sentence templates of the genre (signings of
cooperation agreements, grants, statistics, quotes, background paragraphs)
filled with municipalities from the project's gazetteer, invented people,
amounts, figures and dates. Beside each document ``<name>.txt`` / ``<name>.pdf``
lies ``<name>.truth.json`` with what a perfect extractor would report, in the
extraction contract of ../shared/gold/README.md (release, communes, people,
signatories, money, figures, agreements). The same seed gives the same bytes.

The templates are written for this generator; no sentence is taken from a
real release. PDFs are rendered by corpus/make_pdfs.py's ``render`` (imported,
not copied), so they have the ministry's main column, sidebar and page footer.

Usage:

    python bench/synth.py 1000 --out bench/out/synth --seed 7 [--pdf] [--size 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from extract.german import MONTH_LIST
from extract.german import NUMBER_WORDS as GERMAN_NUMBER_WORDS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # corpus/ imports as a namespace package
GAZETTEER = ROOT / "extract" / "data" / "gazetteer" / "communes.jsonl"
KREISE = ROOT / "extract" / "data" / "gazetteer" / "kreise.jsonl"
if str(ROOT) not in sys.path:  # run as a script from a checkout: the package sits beside bench/
    sys.path.insert(0, str(ROOT))
DEFAULT_SIZE = 5000  # characters: a typical ministry release

# Used only while the gazetteer data is missing (AGS from the official register).
FALLBACK_COMMUNES = [
    ("14612000", "Dresden"),
    ("14713000", "Leipzig"),
    ("14511000", "Chemnitz"),
    ("14524330", "Zwickau"),
    ("14627060", "Großenhain"),
    ("14524150", "Meerane"),
    ("14522170", "Freiberg"),
    ("14627210", "Riesa"),
    ("14625020", "Bautzen"),
    ("14626110", "Görlitz"),
    ("14523320", "Plauen"),
    ("14627140", "Meißen"),
    ("14628270", "Pirna"),
    ("14729140", "Delitzsch"),
    ("14730110", "Eilenburg"),
    ("14730310", "Torgau"),
]
FALLBACK_FIRST = [
    "Anja",
    "Bernd",
    "Claudia",
    "Dirk",
    "Elke",
    "Frank",
    "Grit",
    "Heiko",
    "Ines",
    "Jens",
    "Katrin",
    "Lutz",
    "Manuela",
    "Nico",
    "Petra",
    "Ralf",
    "Sabine",
    "Thomas",
    "Ulrike",
    "Volker",
    "Yvonne",
    "Andreas",
    "Birgit",
    "Carsten",
    "Daniela",
    "Falk",
    "Heike",
    "Matthias",
    "Kerstin",
    "Steffen",
]
SURNAMES = [
    "Albrecht",
    "Bergmann",
    "Dietrich",
    "Ebert",
    "Förster",
    "Gräfe",
    "Haase",
    "Jähnig",
    "Kästner",
    "Lorenz",
    "Mende",
    "Neubert",
    "Opitz",
    "Pfützner",
    "Quaas",
    "Rietschel",
    "Seifert",
    "Tränkner",
    "Uhlig",
    "Voigt",
    "Wendt",
    "Zschoche",
    "Bräuer",
    "Fiedler",
    "Göhler",
    "Hänel",
    "Kretzschmar",
    "Lindner",
    "Möbius",
    "Nitzsche",
    "Pätzold",
    "Reichelt",
    "Schubert",
    "Teichmann",
    "Weigel",
    "Zenker",
]
MINISTRIES = [
    ("Sächsisches Staatsministerium des Innern", "smi"),
    ("Sächsisches Staatsministerium für Soziales und Gesellschaftlichen Zusammenhalt", "sms"),
    ("Sächsisches Staatsministerium für Kultus", "smk"),
]
# Offices as (masculine, feminine) forms; the text uses the one that fits the person's first name.
STATE_ROLES = [
    ("Staatssekretär", "Staatssekretärin"),
    ("Innenminister", "Innenministerin"),
    ("Staatsminister", "Staatsministerin"),
]
LPR_ROLE = (
    "Geschäftsführer des Landespräventionsrates Sachsen",
    "Geschäftsführerin des Landespräventionsrates Sachsen",
)
MAYOR_ROLES = [("Bürgermeister", "Bürgermeisterin"), ("Oberbürgermeister", "Oberbürgermeisterin")]
POLICE_ROLE = ("Leiter des Polizeireviers", "Leiterin des Polizeireviers")
PROGRAMMES = [
    "Allianz Sichere Sächsische Kommunen",
    "Landesprogramm Weltoffenes Sachsen",
    "Förderrichtlinie Kommunale Prävention",
]
TOPICS = [
    "Sachbeschädigungen durch Graffiti",
    "Vermüllung öffentlicher Plätze",
    "Lärm in den Abendstunden",
    "Einbrüche in Gartenanlagen",
    "Vandalismus an Haltestellen",
    "Drogenkonsum im Stadtpark",
    "Gewalt unter Jugendlichen",
    "Unfälle auf Schulwegen",
]
PROJECTS = [
    "eine Kampagne für saubere Spielplätze",
    "eine mobile Jugendsozialarbeit",
    "ein Nachtcafé für Jugendliche",
    "eine Beleuchtung des Bahnhofsvorplatzes",
    "ein Bürgertelefon für Hinweise",
    "Workshops zur Medienkompetenz an Oberschulen",
    "einen Präventionstag auf dem Marktplatz",
]
# (unit as printed, singular-free phrase after the number)
COUNTED = [
    ("Kommunen", "{n} Kommunen wurden bisher beraten"),
    ("Sicherheitsanalysen", "{n} Sicherheitsanalysen sind abgeschlossen"),
    ("Kooperationsvereinbarungen", "{n} Kooperationsvereinbarungen wurden bislang geschlossen"),
    ("Teilnehmende", "an den Workshops nahmen {n} Teilnehmende teil"),
    ("Fragebögen", "{n} Fragebögen kamen ausgefüllt zurück"),
    ("Präventionsräte", "in {n} Städten und Gemeinden arbeiten inzwischen {n2} Präventionsräte"),
    ("Projekte", "{n} Projekte erhielten eine Förderung"),
]
NUMBER_WORDS = {v: w for w, v in GERMAN_NUMBER_WORDS.items() if 2 <= v <= 12}
MONTHS = MONTH_LIST
FILLER = [
    "Die Stadtverwaltung will die Ergebnisse im Herbst mit den Ortschaftsräten besprechen und daraus konkrete "
    "Schritte ableiten.",
    "Vereine, Schulen und Kirchgemeinden sollen von Anfang an einbezogen werden, damit die Maßnahmen im Alltag "
    "der Menschen ankommen.",
    "Dabei geht es weniger um zusätzliche Kontrollen als um Orte, an denen sich die Bewohnerinnen und Bewohner "
    "wieder gern aufhalten.",
    "Eine Arbeitsgruppe aus Verwaltung, Polizei und Jugendhilfe trifft sich regelmäßig und berichtet dem "
    "Stadtrat über den Stand.",
    "Die Erfahrungen anderer Kommunen zeigen, dass ein langer Atem nötig ist, bis sich das Sicherheitsgefühl "
    "messbar verbessert.",
    "Auf der Internetseite der Stadt können Bürgerinnen und Bürger Hinweise geben und sich über die nächsten "
    "Termine informieren.",
    "Fachleute des Landespräventionsrates begleiten die Arbeit vor Ort, moderieren Sitzungen und vermitteln "
    "Kontakte zu Fachstellen.",
    "Ein Schwerpunkt liegt auf der Beteiligung junger Menschen, die eigene Vorschläge für ihre Wohnviertel "
    "einbringen können.",
    "Die Kommune prüft außerdem, wie sich Beleuchtung, Sichtachsen und Aufenthaltsqualität an belebten Plätzen "
    "verbessern lassen.",
    "Wie es weitergeht, soll in einem öffentlichen Forum diskutiert werden, zu dem alle Interessierten "
    "eingeladen sind.",
]
QUOTES = [
    "Prävention gelingt nur, wenn alle an einem Tisch sitzen und Verantwortung für ihren Ort übernehmen.",
    "Wir wollen Probleme früh erkennen und gemeinsam lösen, bevor sie sich verfestigen.",
    "Die Unterstützung des Freistaates hilft uns, gute Ideen aus der Bürgerschaft schnell umzusetzen.",
    "Sicherheit ist mehr als Polizeipräsenz: Sie entsteht durch Nachbarschaft, Vertrauen und gepflegte Orte.",
    "Mit der Vereinbarung bekommt unsere Arbeit einen verlässlichen Rahmen und fachliche Begleitung.",
]
SMI_LOWER = [
    ["Hausanschrift:", "Sächsisches Staatsministerium", "des Innern", "Wilhelm-Buck-Straße 2", "01097 Dresden"],
    ["www.smi.sachsen.de"],
    ["Zu erreichen mit den Straßenbahnlinien 3, 6, 7, 8, 9, 11 und 13. Haltestelle Carolaplatz."],
    [
        "* Kein Zugang für verschlüsselte elektronische Dokumente. Zugang für qualifiziert elektronisch signierte "
        "Dokumente nur unter den auf www.lsf.sachsen.de/eSignatur.html vermerkten Voraussetzungen."
    ],
]


# ---------------------------------------------------------------- data


@functools.cache
def communes() -> list[tuple[str, str, bool]]:
    """(AGS, name, is a town) of current municipalities whose name is written the same in running text."""
    try:
        from extract.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer module is not there yet: a few real towns
        return [(ags, name, True) for ags, name in FALLBACK_COMMUNES]
    gaz = load_gazetteer()
    # A town that shares its name with its Landkreis is ambiguous in running text; leave it out.
    kreis_names = {k.short for k in gaz.kreise if k.kind != "Kreisfreie Stadt"}
    out = [
        (c.ags, c.name, c.is_town)
        for c in gaz.communes
        if c.current
        and len(gaz.by_name(c.name)) == 1
        and c.name not in kreis_names
        and not any(ch in c.name for ch in "/(),")
    ]
    return sorted(out) or [(ags, name, True) for ags, name in FALLBACK_COMMUNES]


@functools.cache
def first_names() -> dict[str, list[str]]:
    """First names by gender ("f", "m"): the project's lexicon, gendered by gender-guesser, or a short list."""
    out: dict[str, list[str]] = {"f": [], "m": []}
    try:
        from gender_guesser.detector import Detector

        from extract.fields.people.lexicon import first_names as lexicon
    except ImportError:
        lexicon = None
    if lexicon is not None:
        detector = Detector(case_sensitive=True)
        for name in sorted(lexicon()):
            gender = detector.get_gender(name, "germany")
            if name.isalpha() and gender in ("female", "male"):
                out[gender[0]].append(name)
    if min(len(v) for v in out.values()) < 10:
        out = {"f": FALLBACK_FIRST[0::2], "m": FALLBACK_FIRST[1::2]}
    return out


def _make_pdfs() -> ModuleType:
    from corpus import make_pdfs  # the checkout root is on sys.path (top of this file)

    return make_pdfs


# ---------------------------------------------------------------- one release


@dataclass
class Truth:
    """What a perfect extractor reports for one release (the contract's fields)."""

    date: dt.date
    title: str = ""
    communes: dict[str, str] = field(default_factory=dict)
    people: dict[str, str | None] = field(default_factory=dict)
    signatories: list[str] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self, source: str) -> dict[str, Any]:
        return {
            "source": source,
            "release": {"date": self.date.isoformat(), "title": self.title},
            "communes": [{"ags": a, "name": n} for a, n in sorted(self.communes.items())],
            "people": [{"name": n, "role": r} for n, r in self.people.items()],
            "signatories": [{"name": n} for n in self.signatories],
            "money": self.money,
            "figures": self.figures,
            "agreements": self.agreements,
            "error": None,
        }


@dataclass
class Synthetic:
    """One generated release: its parts for the layout, and its truth."""

    name: str
    issuer: str
    contact: str
    contact_label: str
    title: str
    paragraphs: list[str]
    truth: Truth

    def text(self) -> str:
        """The release as the ministry's text export prints it (letterhead first, sidebar cut into the body)."""
        date = self.truth.date.strftime("%d.%m.%Y")
        head = [
            "Medieninformation",
            self.issuer,
            f"{self.contact_label}\n{self.contact}",
            "Durchwahl\nTelefon +49 351 564 30400\nTelefax +49 351 564 30409",
            "presse@smi.sachsen.de*",
            date,
            self.title,
        ]
        body = list(self.paragraphs)
        # The text export puts the lower sidebar after the first page's last paragraph.
        cut = min(len(body), 4)
        sidebar = "\n\n".join("\n".join(block) for block in SMI_LOWER)
        return "\n\n".join(head + body[:cut] + [sidebar] + body[cut:]) + "\n"

    def pdf(self) -> bytes:
        """The release rendered in the ministry's PDF layout."""
        mp = _make_pdfs()
        release = mp.Release(
            kind="Medieninformation",
            issuer=self.issuer,
            contact=[
                [self.contact_label, self.contact],
                ["Durchwahl", "Telefon +49 351 564 30400", "Telefax +49 351 564 30409"],
                ["presse@smi.sachsen.de*"],
                [self.truth.date.strftime("%d.%m.%Y")],
            ],
            title=self.title,
            body=list(self.paragraphs),
            lower_sidebar=SMI_LOWER,
            date=self.truth.date.strftime("%d.%m.%Y"),
        )
        return bytes(mp.render(release))


class _Writer:
    """Fills templates and records the facts each one states."""

    def __init__(self, rng: random.Random, date: dt.date) -> None:
        self.rng = rng
        self.truth = Truth(date=date)
        self.used_people: set[str] = set()

    def person(self, roles: tuple[str, str] | None) -> tuple[str, str, bool]:
        """A new person: name, role in the right gender, and whether the person is female."""
        female = self.rng.random() < 0.5
        role = (roles[1] if female else roles[0]) if roles else ""
        while True:
            name = f"{self.rng.choice(first_names()['f' if female else 'm'])} {self.rng.choice(SURNAMES)}"
            if name not in self.used_people:
                self.used_people.add(name)
                self.truth.people[name] = role or None
                return name, role, female

    def commune(self) -> tuple[str, str, bool]:
        ags, name, is_town = self.rng.choice(communes())
        self.truth.communes[ags] = name
        return ags, name, is_town

    def euros(self, kind: str, recipient: str | None) -> str:
        rng = self.rng
        style = rng.randrange(4)
        if style == 0:
            value = rng.randrange(20, 900) * 50
            shown = f"{value:,}".replace(",", ".") + " Euro"
        elif style == 1:
            value = rng.randrange(1000, 60000)
            shown = f"{value:,}".replace(",", ".") + ",- Euro"
        elif style == 2:
            tenths = rng.randrange(11, 49)
            value = tenths * 100_000
            shown = f"{tenths // 10},{tenths % 10} Millionen Euro"
        else:
            value = rng.randrange(2, 9) * 1_000_000
            shown = f"rund {value // 1_000_000} Mio. €"
        self.truth.money.append({"amount": float(value), "currency": "EUR", "kind": kind, "recipient_ags": recipient})
        return shown

    def figure(self, unit: str, low: int = 2, high: int = 400, words: bool = True) -> str:
        value = self.rng.randrange(low, high)
        self.truth.figures.append({"value": value, "unit": unit})
        if words and value in NUMBER_WORDS and self.rng.random() < 0.6:
            return NUMBER_WORDS[value]
        return f"{value:,}".replace(",", ".")

    def long_date(self, day: dt.date) -> str:
        return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _signing(w: _Writer, ags: str, town: str, is_town: bool) -> list[str]:
    rng = w.rng
    mayor, mayor_role, _ = w.person(rng.choice(MAYOR_ROLES) if is_town else MAYOR_ROLES[0])
    lpr, lpr_role, lpr_female = w.person(LPR_ROLE)
    state, state_role, _ = w.person(rng.choice(STATE_ROLES))
    programme = rng.choice(PROGRAMMES)
    w.truth.signatories += [mayor, lpr]
    same_day = rng.random() < 0.6
    when = w.truth.date if same_day else w.truth.date - dt.timedelta(days=rng.randrange(1, 6))
    w.truth.agreements.append({"commune_ags": ags, "date": when.isoformat()})
    opening = "Heute haben" if same_day else f"Am {w.long_date(when)} haben"
    first = (
        f"{opening} {mayor_role} {mayor} und {'die' if lpr_female else 'der'} {lpr_role}, {lpr}, "
        f"im Beisein von {state_role} {state} "
        f"eine Kooperationsvereinbarung im Rahmen der Landesstrategie »{programme}« unterzeichnet. "
        f"{town} will damit die Zusammenarbeit von Verwaltung, Polizei und Zivilgesellschaft auf eine "
        f"feste Grundlage stellen."
    )
    topic, topic2 = rng.sample(TOPICS, 2)
    second = (
        f"Anlass sind Beschwerden über {topic} und {topic2}. Die Vereinbarung sieht vor, dass zunächst "
        f"eine Sicherheitsanalyse erstellt wird, aus der die {'Stadt' if is_town else 'Gemeinde'} "
        f"gemeinsam mit den Fachleuten des Landes passende Maßnahmen entwickelt."
    )
    quote = f"{state_role} {state}: »{rng.choice(QUOTES)} {town} zeigt, wie das gehen kann.«"
    return [first, second, quote]


def _grant(w: _Writer, ags: str, town: str, is_town: bool) -> list[str]:
    rng = w.rng
    amount = w.euros("grant", ags)
    project = rng.choice(PROJECTS)
    year = w.truth.date.year
    return [
        f"Der Freistaat unterstützt die {'Stadt' if is_town else 'Gemeinde'} {town} im Jahr {year} "
        f"mit {amount} für {project}. Das Geld stammt aus der Förderrichtlinie Kommunale Prävention "
        f"und deckt einen Großteil der Sachkosten."
    ]


def _statistics(w: _Writer) -> list[str]:
    rng = w.rng
    picks = rng.sample(COUNTED, 3)
    parts = []
    for unit, phrase in picks:
        if "{n2}" in phrase:
            shown = w.figure("Städten und Gemeinden", 5, 90, words=False)
            shown2 = w.figure(unit, 5, 90)
            parts.append(phrase.format(n=shown, n2=shown2))
        else:
            parts.append(phrase.format(n=w.figure(unit)))
    share = w.figure("Prozent", 10, 95, words=False)
    text = (
        f"Seit dem Start der Landesstrategie ist das Netzwerk stetig gewachsen: {parts[0]}, {parts[1]}, und "
        f"{parts[2]}. In einer Umfrage gaben {share} Prozent der befragten Kommunen an, die Beratung weiter "
        f"nutzen zu wollen."
    )
    return [text[0].upper() + text[1:]]


def _budget(w: _Writer) -> list[str]:
    year = w.truth.date.year
    amount = w.euros("budget", None)
    return [
        f"Für individuelle Präventionsstrategien stellt der Freistaat Sachsen auch im Jahr {year} "
        f"Fördermittel in Höhe von {amount} bereit. Anträge nimmt der Landespräventionsrat entgegen."
    ]


def _costs(w: _Writer, town: str) -> list[str]:
    amount = w.euros("other", None)
    return [
        f"Die Schäden durch Schmierereien an öffentlichen Gebäuden in {town} beliefen sich im vergangenen "
        f"Jahr auf {amount}. Die Stadt hofft, diese Summe durch Vorbeugung deutlich zu senken."
    ]


def _neighbours(w: _Writer, town: str) -> list[str]:
    others = list(dict.fromkeys(w.commune()[1] for _ in range(w.rng.randrange(2, 4))))
    if len(others) < 2:
        return []
    listed = ", ".join(others[:-1]) + " und " + others[-1]
    return [
        f"Wie {town} arbeiten auch {listed} mit dem Landespräventionsrat zusammen. Die Kommunen tauschen "
        f"ihre Erfahrungen bei einem jährlichen Treffen aus."
    ]


def _police_quote(w: _Writer, town: str) -> list[str]:
    name, role, _ = w.person(POLICE_ROLE)
    return [f"{name}, {role} in {town}, ergänzt: »{w.rng.choice(QUOTES)}«"]


FILLER_SUBJECTS = [
    "Die Stadtverwaltung",
    "Der Ortschaftsrat",
    "Das Ordnungsamt",
    "Die Schulsozialarbeit",
    "Der Jugendclub",
    "Die Wohnungsgenossenschaft",
    "Der Sportverein",
    "Die Kirchgemeinde",
    "Der Seniorenbeirat",
    "Die Bürgerinitiative",
    "Das Quartiersmanagement",
    "Die Stadtbibliothek",
]
FILLER_ACTIONS = [
    "will {obj}{tail} angehen",
    "hat {obj}{tail} zum Thema einer Sitzung gemacht",
    "sucht{tail} nach Wegen gegen {obj}",
    "sammelt{tail} Hinweise zu {obj}",
    "bietet{tail} Gesprächsrunden zu {obj} an",
    "sieht bei {obj} noch Handlungsbedarf",
    "berichtet von ersten Erfolgen gegen {obj}",
]
FILLER_TAILS = [
    "",
    " in den kommenden Wochen",
    " noch vor den Sommerferien",
    " gemeinsam mit der Polizei",
    " mit Unterstützung von Ehrenamtlichen",
    " im Rahmen eines Modellprojekts",
]


def _filler(rng: random.Random) -> str:
    """A background paragraph that states no fact of the contract."""
    sentences = rng.sample(FILLER, 2)
    for _ in range(2):
        action = rng.choice(FILLER_ACTIONS).format(obj=rng.choice(TOPICS), tail=rng.choice(FILLER_TAILS))
        sentences.append(f"{rng.choice(FILLER_SUBJECTS)} {action}.")
    rng.shuffle(sentences)
    return " ".join(sentences)


FIRST_DAY = dt.date(2018, 1, 1)
SPAN_DAYS = 7 * 365  # the releases' dates: seven years from FIRST_DAY


def make_release(
    index: int, seed: int, size: int = DEFAULT_SIZE, first: dt.date = FIRST_DAY, days: int = SPAN_DAYS
) -> Synthetic:
    """The ``index``-th release of the corpus with this ``seed`` (independent of the others), dated within the
    ``days`` from ``first``."""
    rng = random.Random(f"{seed}:{index}")
    day = first + dt.timedelta(days=rng.randrange(0, days))
    w = _Writer(rng, day)
    issuer, slug = MINISTRIES[0] if rng.random() < 0.7 else rng.choice(MINISTRIES)
    ags, town, is_town = w.commune()
    kind = rng.randrange(3)
    if kind == 0:
        title = f"{town} schließt sich dem Präventionsnetzwerk an"
        paragraphs = _signing(w, ags, town, is_town) + _grant(w, ags, town, is_town)
    elif kind == 1:
        title = f"Fördermittel für mehr Sicherheit in {town}"
        paragraphs = _grant(w, ags, town, is_town) + _police_quote(w, town)
    else:
        title = f"Kommunale Prävention: Zwischenbilanz mit Beispiel {town}"
        paragraphs = _statistics(w) + _neighbours(w, town)
    extras = [lambda: _statistics(w), lambda: _budget(w), lambda: _costs(w, town), lambda: _neighbours(w, town)]
    rng.shuffle(extras)
    for extra in extras[: rng.randrange(1, 3)]:
        paragraphs += extra()
    # Background paragraphs without facts bring the release to its size.
    while sum(len(p) + 2 for p in paragraphs) + len(title) + 300 < size:
        paragraphs.append(_filler(rng))
    w.truth.title = title
    contact, _, contact_female = w.person(None)  # the letterhead gives a label, not an office
    label = "Ihre Ansprechpartnerin" if contact_female else "Ihr Ansprechpartner"
    name = f"{slug}-{day.isoformat()}-synth-{index:06d}"
    return Synthetic(
        name=name,
        issuer=issuer,
        contact=contact,
        contact_label=label,
        title=title,
        paragraphs=paragraphs,
        truth=w.truth,
    )


def releases(
    n: int, seed: int = 1, size: int = DEFAULT_SIZE, first: dt.date = FIRST_DAY, days: int = SPAN_DAYS
) -> Iterator[Synthetic]:
    """The first ``n`` releases of the corpus with this ``seed`` (dated within the ``days`` from ``first``)."""
    for i in range(n):
        yield make_release(i, seed, size, first, days)


def write_corpus(
    out: Path,
    n: int,
    *,
    seed: int = 1,
    pdf: bool = False,
    text: bool = True,
    size: int = DEFAULT_SIZE,
    truth: bool = True,
) -> list[Path]:
    """Write ``n`` releases (and their truth) into ``out``; return the document paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for rel in releases(n, seed, size):
        for wanted, suffix in ((text, ".txt"), (pdf, ".pdf")):
            if not wanted:
                continue
            path = out / f"{rel.name}{suffix}"
            if suffix == ".txt":
                path.write_text(rel.text(), encoding="utf-8")
            else:
                path.write_bytes(rel.pdf())
            paths.append(path)
        if truth:
            (out / f"{rel.name}.truth.json").write_text(
                json.dumps(rel.truth.as_json(f"{rel.name}.txt"), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many releases")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "synth")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="characters per release (about)")
    parser.add_argument("--pdf", action="store_true", help="also render each release as a PDF")
    parser.add_argument("--no-text", action="store_true", help="no .txt files")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.n, seed=args.seed, pdf=args.pdf, text=not args.no_text, size=args.size)
    print(f"{len(paths)} documents in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A small hand-made archive for the Datasette tests: three releases, every fact table filled.

The rows go through extract.store.write_document like the real build's, so the
archive has the exact schema of schema/schema.sql. The texts are written for the
tests, modelled on the ministry's releases; one of them carries ``<script>`` to
prove that every page escapes what it shows.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from extract import summaries
from extract.store import DocumentRows, open_archive, stem_text, write_document

SCRIPT = "<script>alert(1)</script>"

COMMUNES = [
    # ags, name, kind, kreis_ags, landkreis, lat, lon, population
    ("14524190", "Meerane", "Stadt", "14524", "Zwickau", 50.8508, 12.4639, 13600),
    ("14627060", "Großenhain", "Große Kreisstadt", "14627", "Meißen", 51.2891, 13.5322, 18200),
    ("14713000", "Leipzig", "Kreisfreie Stadt", "14713", "Leipzig", 51.3397, 12.3731, 616000),
    ("14511000", "Chemnitz", "Kreisfreie Stadt", "14511", "Chemnitz", 50.8278, 12.9214, 248000),
]
KREISE = [
    ("14524", "Zwickau", "Landkreis"),
    ("14627", "Meißen", "Landkreis"),
    ("14713", "Leipzig", "Kreisfreie Stadt"),
    ("14511", "Chemnitz", "Kreisfreie Stadt"),
]

MEERANE_TEXT = (
    "Die 50. Kooperationsvereinbarung – Meerane tritt dem Präventionsnetzwerk bei\n\n"
    "Heute haben der Meeraner Bürgermeister Jörg Schmeißer und Sven Forkert, Geschäftsführer des "
    "Landespräventionsrates, im Beisein von Staatssekretär Dr. Frank Pfeil eine Kooperationsvereinbarung "
    "unterzeichnet.\n\n"
    "Staatssekretär Dr. Frank Pfeil: »Meerane ist die 50. Kommune im Netzwerk.«\n\n"
    "In Meerane wird eine Sicherheitsanalyse durchgeführt.\n\n"
    "Der Landespräventionsrat hat inzwischen 141 Kommunen beraten und 25 Sicherheitsanalysen durchgeführt. "
    "Im Jahr 2023 stehen Fördermittel in Höhe von 1,1 Millionen Euro bereit."
)
GROSSENHAIN_TEXT = (
    "Großenhain nun Mitglied im Netzwerk\n\n"
    "Am 17. Februar 2021 unterzeichneten der Oberbürgermeister Dr. Sven Mißbach und Sven Forkert eine "
    "Kooperationsvereinbarung.\n\n"
    "Das Projekt der Stadt Großenhain wird mit 21.150 Euro gefördert.\n\n"
    "Der Landespräventionsrat hat bereits 102 Kommunen beraten. Auch in Leipzig und Chemnitz wirken "
    "Präventionsräte."
)
SCRIPT_TEXT = (
    f"Sicherheit im Netz {SCRIPT}\n\n"
    f"Eine Webseite zeigte den Code {SCRIPT} statt der Meldung. "
    "Der Landespräventionsrat hat 150 Kommunen beraten.\n\n"
    "Chemnitz erhält 5.000 Euro für die Aufklärung."
)


def _identity(name: str) -> tuple[str, str, str]:
    """(registry key, name, surname), as store.DocumentRows expects per person_mentions and quotes row."""
    return " ".join(name.casefold().split()), name, name.split()[-1]


SENTENCE_END_RE = re.compile(r"\n+|(?<=[a-zäöüß][.!?])(?<!Dr\.)\s+(?=[A-ZÄÖÜ»])|(?<=«)\s+")


def _sentences(text: str) -> list[dict[str, Any]]:
    out = []
    start = 0
    for m in [*SENTENCE_END_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > start:
            s = text[start:end]
            out.append(
                {
                    "n": len(out),
                    "char_start": start,
                    "char_end": end,
                    "page": None,
                    "text": s,
                    "text_stemmed": stem_text(s),
                }
            )
        start = m.end() if m else end
    return out


class _Doc:
    """Builds the fact rows of one text, finding each fact's span by its wording."""

    def __init__(self, text: str, page: int | None = None) -> None:
        self.text = text
        self.page = page
        self.sentences = _sentences(text)
        self.tables: dict[str, list[dict[str, Any]]] = {"sentences": self.sentences}
        self.person_keys: list[tuple[str, str, str]] = []
        self.quote_keys: list[tuple[str, str, str]] = []

    def add(self, table: str, needle: str, occurrence: int = 0, **fields: Any) -> None:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(needle, start + 1)
        end = start + len(needle)
        n = max(i for i, s in enumerate(self.sentences) if s["char_start"] <= start)
        row = {
            "sentence_n": n,
            "text": needle,
            "char_start": start,
            "char_end": end,
            "raw_start": start,
            "raw_end": end,
            "page": self.page,
            "x0": None,
            "top": None,
            "x1": None,
            "bottom": None,
            "rule": fields.pop("rule", "test"),
        }
        row.update(fields)
        self.tables.setdefault(table, []).append(row)
        if table == "person_mentions":
            self.person_keys.append(_identity(row["name"]))
        if table == "quotes":
            self.quote_keys.append(_identity(row["speaker"]))

    def rows(
        self, doc_id: str, source: str, release_date: str, title: str, fmt: str = "text", pages: int | None = None
    ) -> DocumentRows:
        document = {
            "id": doc_id,
            "source": source,
            "filename": Path(source).name,
            "format": fmt,
            "encoding": "utf-8",
            "issuer": "Sächsisches Staatsministerium des Innern",
            "kind": "Medieninformation",
            "release_date": release_date,
            "year": int(release_date[:4]),
            "title": title,
            "contact_name": "Martin Strunden",
            "contact_role": "Ihr Ansprechpartner",
            "contact_phone": "+49 351 564 30400",
            "contact_fax": None,
            "contact_email": "presse@smi.sachsen.de",
            "pages": pages,
            "raw_text": self.text,
            "text": self.text,
            "notes": "[]",
            "error": None,
        }
        return DocumentRows(
            document=document, tables=self.tables, person_keys=self.person_keys, quote_keys=self.quote_keys
        )


def _meerane() -> DocumentRows:
    d = _Doc(MEERANE_TEXT, page=1)
    d.add("commune_mentions", "Meerane", ags="14524190", kreis_ags="14524", level="gemeinde", name="Meerane")
    d.add(
        "commune_mentions",
        "Meeraner",
        ags="14524190",
        kreis_ags="14524",
        level="gemeinde",
        name="Meerane",
        rule="adjective",
    )
    d.add(
        "person_mentions",
        "Jörg Schmeißer",
        name="Jörg Schmeißer",
        role="Bürgermeister",
        organisation="Stadt Meerane",
        commune_ags="14524190",
        relation="signatory",
    )
    d.add(
        "person_mentions",
        "Sven Forkert",
        name="Sven Forkert",
        role="Geschäftsführer",
        organisation="Landespräventionsrat Sachsen",
        relation="signatory",
    )
    d.add(
        "person_mentions",
        "Dr. Frank Pfeil",
        name="Frank Pfeil",
        titles="Dr.",
        role="Staatssekretär",
        relation="witness",
    )
    d.add("quotes", "Meerane ist die 50. Kommune im Netzwerk.", speaker="Frank Pfeil", speaker_role="Staatssekretär")
    d.add("dates", "Heute", value="2023-04-25", granularity="day", inferred=1, rule="relative")
    d.add("dates", "Im Jahr 2023", value="2023-01-01", end_value="2023-12-31", granularity="year")
    d.add(
        "money",
        "1,1 Millionen Euro",
        amount_cents=110_000_000,
        kind="budget",
        year="2023",
        purpose="kommunale Prävention",
        funder="Freistaat Sachsen",
    )
    d.add(
        "figures",
        "141 Kommunen",
        value=141,
        unit="Kommunen",
        lemma="Kommune",
        predicate="beraten",
        programme="ASSKomm",
        measure="asskomm:kommune:beraten",
        qualifier="inzwischen",
        as_of="2023-04-25",
    )
    d.add(
        "figures",
        "25 Sicherheitsanalysen",
        value=25,
        unit="Sicherheitsanalysen",
        lemma="Sicherheitsanalyse",
        predicate="durchgeführt",
        programme="ASSKomm",
        measure="asskomm:sicherheitsanalyse:durchgeführt",
        as_of="2023-04-25",
    )
    d.add(
        "ordinals",
        "50. Kommune",
        value=50,
        orders="Kommune",
        scope="Netzwerk",
        measure="asskomm:kooperationsvereinbarung:geschlossen",
    )
    d.add(
        "agreements",
        "Kooperationsvereinbarung",
        occurrence=1,
        event_key="14524190:2023-04-25:asskomm",
        commune_ags="14524190",
        commune="Meerane",
        date="2023-04-25",
        kind="Kooperationsvereinbarung",
        programme="ASSKomm",
        status="signed",
        ordinal=50,
        partners=json.dumps(["Stadt Meerane", "Landespräventionsrat Sachsen"], ensure_ascii=False),
        signatories=json.dumps(["Jörg Schmeißer", "Sven Forkert"], ensure_ascii=False),
        witnesses=json.dumps(["Frank Pfeil"], ensure_ascii=False),
    )
    return d.rows(
        "a" * 64,
        "corpus/smi-2023-04-25-meerane.txt",
        "2023-04-25",
        "Die 50. Kooperationsvereinbarung – Meerane tritt dem Präventionsnetzwerk bei",
        fmt="pdf",
        pages=2,
    )


def _grossenhain() -> DocumentRows:
    d = _Doc(GROSSENHAIN_TEXT)
    d.add("commune_mentions", "Großenhain", ags="14627060", kreis_ags="14627", level="gemeinde", name="Großenhain")
    d.add("commune_mentions", "Leipzig", ags="14713000", kreis_ags="14713", level="gemeinde", name="Leipzig")
    d.add("commune_mentions", "Chemnitz", ags="14511000", kreis_ags="14511", level="gemeinde", name="Chemnitz")
    d.add(
        "person_mentions",
        "Dr. Sven Mißbach",
        name="Sven Mißbach",
        titles="Dr.",
        role="Oberbürgermeister",
        commune_ags="14627060",
        relation="signatory",
    )
    d.add(
        "person_mentions",
        "Sven Forkert",
        name="Sven Forkert",
        role="Geschäftsführer",
        organisation="Landespräventionsrat Sachsen",
        relation="signatory",
    )
    d.add("dates", "17. Februar 2021", value="2021-02-17", granularity="day")
    d.add(
        "money",
        "21.150 Euro",
        amount_cents=2_115_000,
        kind="grant",
        recipient="Stadt Großenhain",
        recipient_ags="14627060",
        year="2021",
        purpose="Präventionsprojekt",
    )
    d.add(
        "figures",
        "102 Kommunen",
        value=102,
        unit="Kommunen",
        lemma="Kommune",
        predicate="beraten",
        programme="ASSKomm",
        measure="asskomm:kommune:beraten",
        qualifier="bereits",
        as_of="2021-02-17",
    )
    d.add(
        "agreements",
        "Kooperationsvereinbarung",
        event_key="14627060:2021-02-17:asskomm",
        commune_ags="14627060",
        commune="Großenhain",
        date="2021-02-17",
        kind="Kooperationsvereinbarung",
        programme="ASSKomm",
        status="signed",
        ordinal=None,
        partners=json.dumps(["Stadt Großenhain", "Landespräventionsrat Sachsen"], ensure_ascii=False),
        signatories=json.dumps(["Sven Mißbach", "Sven Forkert"], ensure_ascii=False),
        witnesses="[]",
    )
    return d.rows(
        "b" * 64, "corpus/smi-2021-02-17-grossenhain.txt", "2021-02-17", "Großenhain nun Mitglied im Netzwerk"
    )


def _script() -> DocumentRows:
    d = _Doc(SCRIPT_TEXT)
    d.add("commune_mentions", "Chemnitz", ags="14511000", kreis_ags="14511", level="gemeinde", name="Chemnitz")
    d.add(
        "figures",
        "150 Kommunen",
        value=150,
        unit="Kommunen",
        lemma="Kommune",
        predicate="beraten",
        programme="ASSKomm",
        measure="asskomm:kommune:beraten",
        as_of="2022-06-01",
    )
    d.add(
        "money",
        "5.000 Euro",
        amount_cents=500_000,
        kind="grant",
        recipient="Chemnitz",
        recipient_ags="14511000",
        year="2022",
        purpose=f"Aufklärung {SCRIPT}",
    )
    d.add("person_mentions", "Sicherheit", name=SCRIPT, role=SCRIPT, relation="mentioned")
    return d.rows("c" * 64, "corpus/test-2022-06-01-script.txt", "2022-06-01", f"Sicherheit im Netz {SCRIPT}")


def make_archive(path: Path) -> Path:
    """Create a small archive at ``path`` with gazetteer, three releases and one finding."""
    db = open_archive(path)
    with db.conn:
        db.conn.executemany("INSERT OR IGNORE INTO kreise (kreis_ags, name, kind) VALUES (?, ?, ?)", KREISE)
        db.conn.executemany(
            "INSERT OR IGNORE INTO communes (ags, name, kind, kreis_ags, landkreis, lat, lon, population)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            COMMUNES,
        )
    for rows in (_grossenhain(), _script(), _meerane()):
        write_document(db, rows)
    summaries.refresh(db)  # as a build ends: the pages read the summary tables
    ids = [r[0] for r in db.execute("SELECT id FROM figures WHERE measure = 'asskomm:kommune:beraten' ORDER BY as_of")]
    releases = {r[0]: r[1] for r in db.execute("SELECT id, release_id FROM documents")}
    with db.conn:
        db.conn.execute(
            "INSERT INTO findings (kind, measure, release_ids, release_dates, release_titles, sources, document_ids,"
            ' fact_ids, "values", sentences, first_date, last_date, explanation)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "count_decreases",
                "asskomm:kommune:beraten",
                json.dumps([releases["c" * 64], releases["a" * 64]]),
                json.dumps(["2022-06-01", "2023-04-25"]),
                json.dumps(["Sicherheit im Netz", "Die 50. Kooperationsvereinbarung"]),
                json.dumps(["corpus/test-2022-06-01-script.txt", "corpus/test-2023-04-25-meerane.txt"]),
                json.dumps(["c" * 64, "a" * 64]),
                json.dumps(ids[1:]),
                json.dumps([150, 141]),
                json.dumps(
                    [
                        "Der Landespräventionsrat hat 150 Kommunen beraten.",
                        "Der Landespräventionsrat hat inzwischen 141 Kommunen beraten.",
                    ],
                    ensure_ascii=False,
                ),
                "2022-06-01",
                "2023-04-25",
                "Eine laufende Summe kann nicht sinken: die frühere Meldung nennt 150 Kommunen, die spätere nur 141.",
            ),
        )
    db.conn.close()
    return path


def build_corpus(path: Path) -> str | None:
    """Build the bundled corpus into ``path`` with `pressdb build`; the build's error output if it failed."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "extract.cli", "build", "--db", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not path.exists():
        return result.stderr[-2000:] or result.stdout[-2000:] or f"exit status {result.returncode}"
    return None

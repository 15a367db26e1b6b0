"""Benchmark: the project's date finder against dateparser's search over the same texts, in one run.

Texts are ~5 KB German release-like documents generated here (seed-release paragraphs,
when the seeds are found, plus sentences with random dates), never the dev corpus.

    python bench/bench_dates.py [--docs 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from dateparser.search import search_dates

from extract.fields.dates import extract_dates
from extract.german import MONTH_LIST
from extract.nlp import make_doc
from extract.records import ReleaseInfo

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "corpus", ROOT.parent / "shared" / "seeds")
MONTHS = MONTH_LIST
TEMPLATES = [
    "Am {d}.{m:02d}.{y} unterzeichneten der Bürgermeister und der Geschäftsführer eine Vereinbarung.",
    "Die Stadt ist am {d}. {mn} {y} als {n}. Kommune dem Verbund beigetreten.",
    "Unter dem Dach der Anfang {y} gegründeten Allianz berät der Landespräventionsrat {n} Kommunen.",
    "Landesweit stehen im aktuellen Doppelhaushalt etwa {n},{d} Millionen Euro zur Verfügung.",
    "Bis Ende {mn} {y} sollen die Fragebögen ausgewertet sein, sagte der Minister heute in Dresden.",
    "Im Herbst {y} folgt eine Befragung; Rückfragen unter Telefon +49 351 564-{n}{d}.",
    "Die Veranstaltung findet vom {d}. bis {d2}. {mn} {y} im Rathaus, Markt {n}, statt.",
    "Seit {y} gilt nach § {d} der Richtlinie eine Förderquote von {n},5 Prozent.",
    "Am Mittwoch trafen sich die Partner um 14 Uhr, die Straßenbahnlinien {d} und {n} halten vor dem Haus.",
    "Im {q}. Quartal {y} beginnt die zweite Phase, die Frist endet am {d}. {mn}.",
]


def _texts(n: int, rng: random.Random) -> list[tuple[str, date]]:
    seeds = [p.read_text(encoding="utf-8") for d in SEED_DIRS if d.is_dir() for p in sorted(d.glob("*.txt"))]
    paragraphs = [p for s in seeds for p in s.split("\n\n") if len(p) > 80]
    out = []
    for _ in range(n):
        base = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        parts: list[str] = []
        while sum(len(p) for p in parts) < 5000:
            if paragraphs and rng.random() < 0.3:
                parts.append(rng.choice(paragraphs))
                continue
            d = rng.randrange(1, 27)
            parts.append(
                rng.choice(TEMPLATES).format(
                    d=d,
                    d2=d + 2,
                    m=rng.randrange(1, 13),
                    mn=rng.choice(MONTHS),
                    y=rng.randrange(2010, 2025),
                    n=rng.randrange(2, 150),
                    q=rng.randrange(1, 5),
                )
            )
        out.append(("\n\n".join(parts)[:5200], base))
    return out


def main() -> None:
    """Print per-document medians for both finders and their ratio."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = _texts(args.docs, random.Random(args.seed))
    docs = [(make_doc(t), ReleaseInfo(date=b)) for t, b in texts]  # tokenisation is not part of either finder
    ours, theirs, tokenise = [], [], []
    found_ours = found_theirs = 0
    for (doc, release), (text, base) in zip(docs, texts, strict=True):
        t0 = time.perf_counter()
        found_ours += len(extract_dates(doc, release))
        t1 = time.perf_counter()
        hits = search_dates(text, languages=["de"], settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": base_dt(base)})
        t2 = time.perf_counter()
        make_doc(text)
        t3 = time.perf_counter()
        found_theirs += len(hits or [])
        ours.append(t1 - t0)
        theirs.append(t2 - t1)
        tokenise.append(t3 - t2)
    mo, mt, mk = statistics.median(ours), statistics.median(theirs), statistics.median(tokenise)
    print(f"documents: {len(texts)}, median size {statistics.median(len(t) for t, _ in texts):.0f} chars")
    print(f"extract_dates          median {mo * 1000:8.2f} ms/doc  ({found_ours} dates)")
    print(f"dateparser search_dates median {mt * 1000:8.2f} ms/doc  ({found_theirs} hits)")
    print(f"spaCy pipeline (make_doc) median {mk * 1000:6.2f} ms/doc")
    print(f"ratio search_dates / extract_dates: {mt / mo:.1f}x; extract_dates / tokenisation: {mo / mk:.2f}")


def base_dt(base: date):  # noqa: ANN201 - datetime for dateparser's RELATIVE_BASE
    from datetime import datetime

    return datetime(base.year, base.month, base.day)


if __name__ == "__main__":
    main()

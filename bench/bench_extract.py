"""Benchmark: extraction cost per document (read, clean, nlp, every field), against tokenizing alone.

The work is the full pipeline that ``pressdb extract`` runs for each file, over synthetic
releases (bench/synth.py) or over the files given. Its baseline, run in the same process
and interleaved repeat by repeat, is spaCy's tokenizer over the same clean texts: the ratio
of the two says how much the rules cost on top of the unavoidable, and stays comparable
between machines and between two checkouts (run this script in each to compare versions).

    python bench/bench_extract.py [--docs 200] [--repeats 5] [PATH ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from extract.clean import clean
from extract.nlp import get_nlp
from extract.pipeline import process
from extract.read import RawDocument, read_path

HERE = Path(__file__).resolve().parent


def _bench() -> Any:
    sys.path.insert(0, str(HERE))
    import bench  # the shared corpus generator, cache and timers of bench.py

    return bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files to extract (default: synthetic releases)")
    parser.add_argument("--docs", type=int, default=200, help="synthetic releases when no paths are given")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    paths = args.paths or _bench().corpus(args.docs)
    raws: list[RawDocument] = [read_path(p) for p in paths]
    texts = [clean(r).text for r in raws]
    nlp = get_nlp()
    process(raws[0])  # warm: lexicons, gazetteer, lookups

    def extract_all() -> None:
        for raw in raws:
            process(raw)

    def tokenize_all() -> None:
        for text in texts:
            nlp.make_doc(text)

    times = _bench().alternating_cpu_runs({"extract": extract_all, "tokenize": tokenize_all}, args.repeats)
    n = len(raws)
    chars = sum(len(t) for t in texts)
    ext = statistics.median(times["extract"])
    tok = statistics.median(times["tokenize"])
    ratios = [e / t for e, t in zip(times["extract"], times["tokenize"], strict=True)]
    print(f"documents: {n}, clean characters: {chars:,} ({chars / n:,.0f} per document)")
    print(f"extract (read excluded): median {ext / n * 1000:.2f} ms CPU per document, {n / ext:.1f} documents/s")
    print(f"tokenizer baseline:      median {tok / n * 1000:.2f} ms CPU per document")
    print(
        f"ratio extract/tokenizer: median {statistics.median(ratios):.2f} (per repeat: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + ")"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

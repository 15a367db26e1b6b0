"""Response times of every archive page: `pressdb serve` in a subprocess, httpx on loopback, p50 and p95.

Usage: python bench/bench_pages.py --db archive.db [--requests 50]
Build the archive first, e.g. `pressdb build corpus ../shared/corpus/dev --db /tmp/pages.db`.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import httpx

TARGET_P95_MS = 100.0  # issue #17: every page at a million releases


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def pages(db: Path) -> dict[str, str]:
    """One URL per kind of page, with parameters taken from the archive itself."""
    conn = sqlite3.connect(db)
    name = db.stem
    one = lambda sql: (conn.execute(sql).fetchone() or [None])[0]  # noqa: E731
    doc = one("SELECT id FROM documents WHERE format = 'pdf' AND error IS NULL ORDER BY length(text) DESC LIMIT 1")
    text_doc = one("SELECT id FROM documents WHERE format != 'pdf' AND error IS NULL ORDER BY length(text) DESC")
    ags = one("SELECT ags FROM commune_mentions WHERE ags IS NOT NULL GROUP BY ags ORDER BY COUNT(*) DESC LIMIT 1")
    person = one("SELECT person_id FROM person_mentions GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1")
    measure = one("SELECT measure FROM figures GROUP BY measure ORDER BY COUNT(*) DESC LIMIT 1")
    conn.close()
    q = urllib.parse.quote
    return {
        "start page /": "/",
        "tables of the archive": f"/{name}",
        "releases": f"/{name}/releases",
        "grants (its summary's page)": f"/{name}/grants",
        "statements (its summary's page)": f"/{name}/figure_statements",
        "signings (its summary's page)": f"/{name}/agreement_events",
        "people and what they signed": f"/{name}/people_and_what_they_signed?name=",
        "history_of_a_figure": f"/{name}/history_of_a_figure?measure={q(measure)}",
        "documents table": f"/{name}/documents",
        "search": f"/{name}/search?q=Kommunen",
        "document view (PDF, with pages)": f"/-/pressdb/document/{doc}",
        "document view (longest text)": f"/-/pressdb/document/{text_doc}",
        "page image (cached)": f"/-/pressdb/page/{doc}/1.png",
        "person page": f"/-/pressdb/person/{person}",
        "commune page": f"/-/pressdb/commune/{ags}",
        "map of communes": f"/{name}/map_of_communes?commune=",
        "statistics": "/-/pressdb/statistics",
        "statistic": f"/-/pressdb/statistic?measure={q(measure)}",
        "figure check page": "/-/pressdb/check?q=" + q("21.150 Euro"),
        "check_figure": f"/{name}/check_figure?value=141&word=Kommunen",
        "grants_per_year": f"/{name}/grants_per_year?commune=",
        "network_timeline": f"/{name}/network_timeline?programme=",
        "findings_by_kind": f"/{name}/findings_by_kind?kind=&measure=&since=",
        "feed of new releases": f"/{name}/feed_new_releases.atom",
        "German 404": "/-/pressdb/document/abc",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    port = _free_port()
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "serve", "--db", str(args.db), "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/-/pressdb/")
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("pressdb serve did not come up", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            worst = 0.0
            print(f"| page | status | p50 ms | p95 ms | target p95 < {TARGET_P95_MS:.0f} |")
            print("| --- | --- | --- | --- | --- |")
            for label, url in pages(args.db).items():
                times = []
                status = 0
                for _ in range(args.requests):
                    started = time.perf_counter()
                    status = client.get(url, follow_redirects=True).status_code
                    times.append((time.perf_counter() - started) * 1000)
                times.sort()
                p50 = statistics.median(times)
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                worst = max(worst, p95)
                verdict = "met" if p95 < TARGET_P95_MS else "missed"
                print(f"| {label} | {status} | {p50:.1f} | {p95:.1f} | {verdict} |")
            print(f"\nworst p95: {worst:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

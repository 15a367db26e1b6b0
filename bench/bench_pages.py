"""Response times of every archive page: `pressdb serve` in a subprocess, httpx on loopback, p50 and p95.

Usage: python bench/bench_pages.py --db archive.db [--requests 50] [--bench-pages] [--baseline CHECKOUT] [--only LABEL]
Build the archive first, e.g. `pressdb build corpus ../shared/corpus/dev --db /tmp/pages.db`.

--bench-pages times the pages of bench/bench.py's Datasette section (every table page and canned query, the
document, person, commune and statistic pages) instead of this script's shorter list.
--baseline CHECKOUT serves the same archive a second time from another checkout of pressdb (e.g. made with
`git worktree add /tmp/base main` or `git archive main | tar -x -C /tmp/base`) and alternates the requests
between the two servers, request by request: on a machine shared with other work, both see the same load,
and the ratio of their medians says what the change did.
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


def _serve(db: Path, checkout: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`pressdb serve` of ``db`` from the code in ``checkout``, on a free port: the process and its address."""
    import os

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "serve", "--db", str(db.resolve()), "--port", str(port)],
        cwd=checkout,
        env=dict(os.environ, PYTHONPATH=str(checkout)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return server, f"http://127.0.0.1:{port}"


def _wait(client: httpx.Client, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 120
    while True:
        try:
            client.get("/-/pressdb/")
            return True
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                return False
            time.sleep(0.2)


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def bench_pages(db: Path, requests: int) -> dict[str, list[str]]:
    """The pages bench/bench.py times, each as the list of URLs it requests in turn."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    return bench.pages(db, random.Random(bench.SEED), requests)


def compare(db: Path, baseline: Path, requests: int, urls: dict[str, list[str]]) -> int:
    """Each page from this checkout and from ``baseline``, alternating request by request."""
    root = Path(__file__).resolve().parent.parent
    servers = [_serve(db, root), _serve(db, baseline)]
    try:
        clients = [httpx.Client(base_url=base, timeout=60, follow_redirects=True) for _, base in servers]
        if not all(_wait(c, s) for c, (s, _) in zip(clients, servers, strict=True)):
            print("pressdb serve did not come up", file=sys.stderr)
            return 1
        print(
            "| page | status | this p50 | this p95 | baseline p50 | baseline p95 | p50 ratio |"
            f" this p95 < {TARGET_P95_MS:.0f} |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, page_urls in urls.items():
            for client in clients:  # warm-up, as bench.py does
                for url in page_urls[:3]:
                    client.get(url)
            times: list[list[float]] = [[], []]
            statuses: set[int] = set()
            for i in range(requests):
                url = page_urls[i % len(page_urls)]
                for k in (0, 1) if i % 2 == 0 else (1, 0):
                    started = time.perf_counter()
                    statuses.add(clients[k].get(url).status_code)
                    times[k].append((time.perf_counter() - started) * 1000)
            this, base = (statistics.median(t) for t in times)
            verdict = "met" if _p95(times[0]) < TARGET_P95_MS else "missed"
            print(
                f"| {label} | {','.join(map(str, sorted(statuses)))} | {this:.1f} | {_p95(times[0]):.1f} | {base:.1f} |"
                f" {_p95(times[1]):.1f} | {this / base:.2f} | {verdict} |",
                flush=True,
            )
        for client in clients:
            client.close()
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=30)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--bench-pages", action="store_true", help="the pages of bench/bench.py's Datasette section")
    parser.add_argument("--baseline", type=Path, help="another checkout to serve the archive from, alternating")
    parser.add_argument("--only", action="append", help="only the pages whose label contains this (repeatable)")
    args = parser.parse_args()
    urls = (
        bench_pages(args.db, args.requests)
        if args.bench_pages
        else {label: [url] for label, url in pages(args.db).items()}
    )
    if args.only:
        urls = {label: u for label, u in urls.items() if any(part in label for part in args.only)}
    if args.baseline is not None:
        return compare(args.db, args.baseline.resolve(), args.requests, urls)
    root = Path(__file__).resolve().parent.parent
    server, base = _serve(args.db, root)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            if not _wait(client, server):
                print("pressdb serve did not come up", file=sys.stderr)
                return 1
            worst = 0.0
            print(f"| page | status | p50 ms | p95 ms | target p95 < {TARGET_P95_MS:.0f} |")
            print("| --- | --- | --- | --- | --- |")
            for label, page_urls in urls.items():
                times = []
                status = 0
                for i in range(args.requests):
                    started = time.perf_counter()
                    status = client.get(page_urls[i % len(page_urls)], follow_redirects=True).status_code
                    times.append((time.perf_counter() - started) * 1000)
                p50 = statistics.median(times)
                p95 = _p95(times)
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

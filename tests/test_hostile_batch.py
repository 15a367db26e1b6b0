"""A folder of every hostile file next to good releases: the build ends in time, in bounded memory, all good stored.

`pressdb build` runs as a separate process with two workers and a 20 s time
limit. While it runs, the memory of the build and its workers is sampled every
50 ms (the sum of their proportional set sizes, PSS: pages the forked workers
share with the parent counted once; and the largest single RSS). It must end
within (number of files x time limit), with peak memory under 1 GB, every good
release stored without error and every hostile file recorded with its error
or, for the crafted texts pressdb can read, stored. Run with ``-s`` to see the
figures.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import hostile_factory
import pdf_factory
import psutil
import pytest
from robustness_factory import ROOT, synth_corpus

TIMEOUT = 20.0
GIB = 1024**3
HEAD = "Medieninformation\n\n12.09.2022\n\nHilfe für Riesa\n\nDie Stadt Riesa erhält 45.000 Euro.\n\n"


def _hostile(folder: Path) -> tuple[set[str], set[str]]:
    """Write the hostile files; return the names that must fail and those pressdb reads."""
    failing = {
        "h-length-loop.pdf": hostile_factory.length_loop(),
        "h-flate-bomb.pdf": hostile_factory.flate_bomb(1000),
        "h-truncated.pdf": pdf_factory.truncated(),
        "h-encrypted.pdf": pdf_factory.encrypted("geheim"),
        "h-scan.pdf": pdf_factory.image_only(),
        "h-html-named.pdf": pdf_factory.html_named_pdf(),
        "h-empty.txt": b"",
        "h-nul.txt": b"\x00" * 50_000,
        "h-long.txt": (HEAD + "Die Gemeinde prüft Maßnahmen. " * 40_000).encode(),
    }
    read = {
        "h-parens.txt": (HEAD + "(" * 20_000).encode(),
        "h-guillemets.txt": (HEAD + "»" * 5_000).encode(),
        "h-euro.txt": (HEAD + '"5 Euro "' * 2_700).encode(),
        "h-utf16.txt": (HEAD + "Förderung für Weißwasser.").encode("utf-16"),
        "h-page.html": (
            "<!DOCTYPE html><html><head><title>Riesa</title></head><body><nav>Start</nav><article><h1>Hilfe"
            "</h1><p>Die Stadt Riesa erhält 45.000 Euro für ihren Jugendclub, teilte das Ministerium mit.</p>"
            "</article></body></html>"
        ).encode(),
    }
    for name, data in {**failing, **read}.items():
        (folder / name).write_bytes(data)
    with open(folder / "h-huge.txt", "wb") as f:
        f.truncate(3_000_000_000)  # sparse
    failing_names = set(failing) | {"h-huge.txt"}
    with open(os.fsencode(folder) + b"/h-caf\xe9.txt", "wb") as f:
        f.write(HEAD.encode())
    return failing_names, set(read) | {"h-caf\\xe9.txt"}


def _sample(proc: subprocess.Popen[bytes]) -> tuple[int, int]:
    """The sum of PSS and the largest RSS of the build and its workers now (0 for processes gone)."""
    pss = rss = 0
    try:
        parent = psutil.Process(proc.pid)
        procs = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        pss += getattr(info, "pss", info.rss)
        rss = max(rss, info.rss)
    return pss, rss


@pytest.mark.slow
def test_a_folder_of_hostile_files_builds_in_time_and_memory(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = synth_corpus(folder / "good", 20, seed=5)
    for path in ROOT.joinpath("corpus").iterdir():
        if path.suffix in (".txt", ".pdf"):
            shutil.copy(path, folder / "good" / path.name)
            good.append(folder / "good" / path.name)
    failing, readable = _hostile(folder)
    files = len(good) + len(failing) + len(readable)
    db = tmp_path / "archive.db"
    command = [sys.executable, "-m", "extract.cli", "build", str(folder), "--db", str(db), "-q", "--jobs", "2"]
    started = time.monotonic()
    proc = subprocess.Popen(
        [*command, "--timeout", str(TIMEOUT)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        pss, rss = _sample(proc)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.05)
        assert time.monotonic() - started < files * TIMEOUT, "the build ran past files x time limit"
    seconds = time.monotonic() - started
    out, err = proc.communicate()
    print(
        f"\n{files} files ({len(good)} good, {len(failing)} hostile that fail, {len(readable)} crafted but readable): "
        f"{seconds:.1f} s (limit {files * TIMEOUT:.0f} s), peak PSS of build and workers {peak_pss / 2**20:.0f} MB, "
        f"largest RSS {peak_rss / 2**20:.0f} MB"
    )
    assert proc.returncode == 1, err
    assert f"{len(failing)} failed" in out.decode(), out
    assert peak_pss < GIB
    with sqlite3.connect(db) as conn:
        rows = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT filename, error, (SELECT count(*) FROM sentences s WHERE s.document_id = d.id) FROM documents d"
            )
        }
    for path in good:
        assert rows[path.name][0] is None and rows[path.name][1] > 0, path.name
    for name in failing:
        assert rows[name][0] and name in rows[name][0], name
    for name in readable:
        assert rows[name][0] is None, (name, rows[name])
    assert b"Traceback" not in err

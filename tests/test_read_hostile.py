"""Files made to break the readers: each gets a message that says what happened, to which file, what to do."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import hostile_factory
import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.errors import BinaryDocument, DocumentTimeout, UnreadableDocument
from extract.read import file_sha256, read_bytes, read_path
from extract.read.pdf import read_pdf
from extract.read.pdfguard import inflate_limit

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "corpus" / "smi-2021-02-17-grossenhain.txt"
RELEASE = (
    "Medieninformation\n\n12.09.2022\n\nGrößere Förderung für Präventionsarbeit in Weißwasser\n\n"
    "Die Große Kreisstadt Weißwasser erhält für ihr Projekt »Straßenfußball« in diesem Jahr 14.500 Euro. "
    "Oberbürgermeisterin Jutta Beispielfrau sagte: „Wir freuen uns über die Unterstützung.“\n"
)
# Read in a child process with a deadline, so that a reader that hangs fails the test instead of stopping it.
# The peak memory is the child's VmHWM (getrusage's maxrss would keep the parent's peak across fork and exec).
CHILD = """
import re, sys
from extract.read import read_path
try:
    read_path(sys.argv[1])
    print("READ")
except Exception as exc:
    print(type(exc).__name__ + ": " + str(exc))
try:
    with open("/proc/self/status") as status:
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)) // 1024)
except OSError:
    print(0)
"""


def _read_in_child(path: Path, seconds: float = 60) -> tuple[str, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=seconds, env=env
    )
    line, rss = done.stdout.strip().splitlines()[-2:]
    return line, int(rss)


def test_a_length_reference_loop_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "loop.pdf"
    path.write_bytes(hostile_factory.length_loop())
    line, _ = _read_in_child(path, seconds=60)
    assert line.startswith(f"UnreadableDocument: {path}: damaged PDF")
    assert "loop (6 0 R -> 7 0 R -> 6 0 R)" in line and "qpdf" in line


def test_a_compression_bomb_is_refused_as_one_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile_factory.flate_bomb(megabytes=300))
    line, rss_mb = _read_in_child(path)
    assert line.startswith(f"DecompressionBomb: {path}: refused as a decompression bomb")
    assert "no text layer" not in line and "MB" in line and "qpdf" in line
    assert rss_mb < 64 + inflate_limit(path.stat().st_size) // 1_000_000 + 250, rss_mb  # not the 300 MB it holds


def test_the_inflate_limit_grows_with_the_file_within_bounds() -> None:
    assert inflate_limit(10_000) == 64_000_000
    assert inflate_limit(2_000_000) == 100_000_000
    assert inflate_limit(25_000_000) == 256_000_000


def test_a_sound_compressed_pdf_is_read() -> None:
    assert read_pdf(hostile_factory.flate_page(), "ok.pdf").text == "Die Stadt Riesa erhaelt 45.000 Euro."


def test_a_time_limit_inside_pdfminer_is_not_called_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfminer.pdfinterp import PDFPageInterpreter

    def stop(*args: object, **kwargs: object) -> None:
        raise DocumentTimeout("time limit")

    monkeypatch.setattr(PDFPageInterpreter, "process_page", stop)
    with pytest.raises(DocumentTimeout):
        read_pdf(hostile_factory.flate_page(), "slow.pdf")


def test_the_size_is_checked_before_the_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(30_000_000)  # sparse: 30 MB by its size, nothing on disk

    def no_reading(*args: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(os, "read", no_reading)
    for call in (lambda: read_path(path), lambda: file_sha256(path)):
        with pytest.raises(UnreadableDocument) as info:
            call()
        assert str(info.value) == (
            f"{path}: 30 MB is more than the 25 MB a release may have; "
            "split the file, or raise the limit with --max-size"
        )


def test_file_sha256_is_the_document_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(RELEASE.encode())
    assert file_sha256(path) == read_path(path).sha256


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnreadableDocument, match="not a regular file"):
        read_path(path)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(codec: str) -> None:
    data = RELEASE.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + RELEASE).encode(codec)
    raw = read_bytes(data, "release.txt")
    assert raw.format == "text" and raw.text.lstrip("\ufeff") == RELEASE
    assert raw.encoding in ("utf-16", "utf-32")


def test_utf16_without_its_mark_is_named_as_such() -> None:
    with pytest.raises(BinaryDocument) as info:
        read_bytes(RELEASE.encode("utf-16-le"), "release.txt")
    assert str(info.value).startswith("release.txt: looks like UTF-16-LE text without its byte-order mark")
    assert "iconv -f UTF-16-LE -t UTF-8" in str(info.value)


@pytest.mark.parametrize("where", [5, 9000, 20000], ids=["start", "after-8kb", "far-in"])
def test_stray_nul_bytes_are_stripped_with_a_note(where: int) -> None:
    text = RELEASE + "Weitere Informationen folgen. " * 1000
    data = text.encode("utf-8")
    data = data[:where] + b"\x00\x00" + data[where:]
    raw = read_bytes(data, "release.txt")
    assert "\x00" not in raw.text and raw.text == text
    assert "removed 2 NUL characters (they would cut full-text search off)" in raw.notes


def test_a_text_full_of_nul_bytes_is_refused_with_a_message() -> None:
    text = (RELEASE + "Weitere Informationen folgen. " * 400).encode("utf-8")
    data = text[:9000] + b"\x00" * 2000 + text[9000:]
    with pytest.raises(BinaryDocument) as info:
        read_bytes(data, "release.txt")
    assert str(info.value).startswith("release.txt: 2000 NUL characters in the text")


def test_a_build_of_hostile_files_records_each_and_stores_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a-good.txt")
    (folder / "b-loop.pdf").write_bytes(hostile_factory.length_loop())
    (folder / "c-bomb.pdf").write_bytes(hostile_factory.flate_bomb(megabytes=100))
    (folder / "d-utf16.txt").write_bytes(RELEASE.encode("utf-16"))
    (folder / "e-nul.txt").write_bytes(RELEASE.encode("utf-8") * 60 + b"\x00" + RELEASE.encode("utf-8"))
    db = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "--jobs", "1", "--quiet"])
    assert result.exit_code == 1, result.output
    assert "3 added" in result.stdout and "2 failed" in result.stdout
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT filename, error FROM documents"))
        sentences = dict(
            conn.execute(
                "SELECT d.filename, count(s.n) FROM documents d"
                " LEFT JOIN sentences s ON s.document_id = d.id GROUP BY d.id"
            )
        )
    assert "damaged PDF" in rows["b-loop.pdf"] and "decompression bomb" in rows["c-bomb.pdf"]
    assert rows["a-good.txt"] is None and rows["d-utf16.txt"] is None and rows["e-nul.txt"] is None
    assert sentences["b-loop.pdf"] == sentences["c-bomb.pdf"] == 0
    assert sentences["a-good.txt"] > 0 and sentences["d-utf16.txt"] > 0 and sentences["e-nul.txt"] > 0

"""Files made to break a reader, written byte by byte by the tests themselves, and a batch to put one in."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

from pdf_factory import raw_pdf

ROOT = Path(__file__).resolve().parent.parent
GOOD = [ROOT / "corpus" / "smi-2021-02-17-grossenhain.txt", ROOT / "corpus" / "smi-2023-04-25-meerane.txt"]


def batch_with(tmp_path: Path, name: str, data: bytes) -> Path:
    """A folder with a good release before and after the bad file ``name`` (the build goes in name order)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD[0], folder / "a-good.txt")
    (folder / name).write_bytes(data)
    shutil.copy(GOOD[1], folder / "c-good.txt")
    return folder


TEXT_OPS = b"BT /F1 12 Tf 72 720 Td (Die Stadt Riesa erhaelt 45.000 Euro.) Tj ET"


def _page(contents: bytes, extra: list[bytes] | None = None) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            contents,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *(extra or []),
        ]
    )


def length_loop() -> bytes:
    """A content stream whose /Length is a reference to a reference back to the first: 6 0 R -> 7 0 R -> 6 0 R."""
    stream = b"<< /Length 6 0 R >>\nstream\n" + TEXT_OPS + b"\nendstream"
    return _page(stream, [b"7 0 R", b"6 0 R"])


def flate_bomb(megabytes: int = 200) -> bytes:
    """A page whose compressed content stream of some 200 kB inflates to ``megabytes`` MB of spaces."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(b" " * 1_000_000) for _ in range(megabytes)]
    parts.append(packer.compress(TEXT_OPS))
    parts.append(packer.flush())
    data = b"".join(parts)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _page(stream)


def flate_page(text_ops: bytes = TEXT_OPS) -> bytes:
    """A sound page with a compressed content stream, far within any budget."""
    data = zlib.compress(text_ops)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _page(stream)

"""An installed, non-editable wheel carries everything pressdb reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_schema_metadata_corpus_and_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("pressdb-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "extract/schema.sql",
        "extract/metadata.yml",
        "extract/py.typed",
        "extract/corpus/smi-2021-02-17-grossenhain.txt",
        "extract/corpus/smi-2023-04-25-meerane.pdf",
        "extract/data/gazetteer/communes.jsonl",
        "extract/data/gazetteer/meta.json",
        "extract/data/roles.jsonl",
        "extract/templates/pressdb_document.html",
    ):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "pressdb = extract.cli:cli" in text and "extract.datasette_plugin" in text

"""Shared fixtures and the --update-golden option."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench/ and corpus/ import as namespace packages in tests
CORPUS = ROOT / "corpus"
SEEDS = {
    "grossenhain": CORPUS / "smi-2021-02-17-grossenhain.txt",
    "meerane": CORPUS / "smi-2023-04-25-meerane.txt",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json for review")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, Path]:
    return SEEDS

"""Files that ship with pressdb: the schema, the Datasette metadata, the bundled corpus.

In a source checkout they sit at the top level (schema/, metadata.yml, corpus/); an
installed wheel carries copies inside the package (see pyproject.toml, force-include).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _find(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    return candidates[0]


def schema_path() -> Path:
    return _find(CHECKOUT / "schema" / "schema.sql", PACKAGE / "schema.sql")


def metadata_path() -> Path:
    return _find(CHECKOUT / "metadata.yml", PACKAGE / "metadata.yml")


def corpus_dir() -> Path:
    return _find(CHECKOUT / "corpus", PACKAGE / "corpus")


def data_dir() -> Path:
    return PACKAGE / "data"

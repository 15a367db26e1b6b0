"""Addresses of the plugin's pages, and what a visitor sees of a release's source."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

ROUTE = "/-/pressdb"


def document_url(datasette: Any, document_id: str, anchor: str | None = None) -> str:
    """The document view of a release, optionally scrolled to an anchor."""
    url = datasette.urls.path(f"{ROUTE}/document/{document_id}")
    return f"{url}#{anchor}" if anchor else url


def commune_url(datasette: Any, ags: str, anchor: str | None = None) -> str:
    url = datasette.urls.path(f"{ROUTE}/commune/{ags}")
    return f"{url}#{anchor}" if anchor else url


def person_url(datasette: Any, person_id: Any) -> str:
    return str(datasette.urls.path(f"{ROUTE}/person/{person_id}"))


def statistic_url(datasette: Any, measure: str) -> str:
    return str(datasette.urls.path(f"{ROUTE}/statistic?" + urllib.parse.urlencode({"measure": measure})))


def shown_source(source: str | None, filename: str | None = None) -> str:
    """What a visitor sees of where a release came from: its public address, else its file name, never a path."""
    if not source:
        return filename or ""
    if re.match(r"^https?://", source):
        return source
    return filename or source.replace("\\", "/").rsplit("/", 1)[-1]

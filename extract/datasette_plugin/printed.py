"""The printed pages of a PDF release: finding its file, rendering a page as PNG, the cache of rendered pages."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from datasette import Response

from extract.datasette_plugin.rendering import _not_found, _require_archive


def _pdf_path(datasette: Any, document: dict[str, Any]) -> Path | None:
    """The PDF a document was read from, if it can still be found (as given, beside the archive, in corpus/)."""
    if document.get("format") != "pdf":
        return None
    from extract.resources import corpus_dir

    source = Path(str(document.get("source") or ""))
    db = next((d for d in datasette.databases.values() if d.path), None)
    candidates = [source]
    if db is not None:
        candidates.append(Path(db.path).resolve().parent / source)
    candidates.append(corpus_dir() / str(document.get("filename") or ""))
    for path in candidates:
        if path.is_file() and _sha256(path) == document["id"]:
            return path
    return None


@functools.lru_cache(maxsize=512)
def _sha256_cached(path: str, size: int, mtime: int) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha256(path: Path) -> str:
    st = path.stat()
    return _sha256_cached(str(path.resolve()), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _page_sizes(path: str, mtime: int) -> tuple[tuple[float, float], ...]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(path)
    try:
        return tuple(tuple(pdf[i].get_size()) for i in range(len(pdf)))  # type: ignore[misc]
    finally:
        pdf.close()


class _PageCache:
    """Rendered page images, least recently used dropped first, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.items: dict[tuple[str, int], bytes] = {}

    def get(self, key: tuple[str, int]) -> bytes | None:
        png = self.items.pop(key, None)
        if png is not None:
            self.items[key] = png  # most recent last
        return png

    def put(self, key: tuple[str, int], png: bytes) -> None:
        self.items[key] = png
        while sum(len(v) for v in self.items.values()) > self.max_bytes and len(self.items) > 1:
            self.items.pop(next(iter(self.items)))

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.items.values())


PAGE_CACHE = _PageCache(32 * 1024 * 1024)
PAGE_SCALE = 1.5  # 108 dpi: readable beside the text, ~150 KB per page


def render_page(path: Path, page: int) -> bytes:
    """Page ``page`` (from 1) of a PDF as PNG."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        image = pdf[page - 1].render(scale=PAGE_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)  # a third faster than the default, a fifth bigger
        return out.getvalue()
    finally:
        pdf.close()


async def page_image(datasette: Any, request: Any) -> Response:
    """One printed page of a PDF release as PNG, rendered once and cached."""
    import asyncio

    db = await _require_archive(datasette)
    doc_id, page = request.url_vars["id"], int(request.url_vars["page"])
    key = (doc_id, page)
    png = PAGE_CACHE.get(key)
    if png is None:
        found = (await db.execute("SELECT id, source, filename, format FROM documents WHERE id = ?", [doc_id])).first()
        if found is None:
            raise _not_found(f"Keine Meldung mit der Kennung {doc_id}.")
        path = _pdf_path(datasette, dict(found))
        if path is None:
            raise _not_found("Die PDF-Datei dieser Meldung liegt dem Server nicht vor.")
        try:
            png = await asyncio.get_running_loop().run_in_executor(None, render_page, path, page)
        except IndexError:
            raise _not_found(f"Die Meldung hat keine Seite {page}.") from None
        PAGE_CACHE.put(key, png)
    return Response(png, content_type="image/png", headers={"Cache-Control": "max-age=3600"})

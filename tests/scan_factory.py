"""Scans made from the project's own PDFs: every page rendered to an image and saved as an image-only PDF."""

from __future__ import annotations

import io
from pathlib import Path


def scan_of(pdf: Path | bytes, dpi: int = 200) -> bytes:
    """An image-only PDF of ``pdf``: each page rendered in grey at ``dpi`` and stored as a JPEG page (Pillow)."""
    import pypdfium2 as pdfium

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    doc = pdfium.PdfDocument(data)
    try:
        images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=85)
    return out.getvalue()

"""Saved web pages: the visible text, block by block, without scripts, styles and navigation."""

from __future__ import annotations

from html.parser import HTMLParser

from extract.read import RawDocument, sha256
from extract.read.text import decode

_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figcaption",
    "blockquote",
    "title",
    "dd",
    "dt",
    "table",
}
_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head", "form", "button", "iframe"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def read_html(data: bytes, source: str) -> RawDocument:
    markup, encoding = decode(data, source)
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = "".join(collector.parts)
    return RawDocument(
        source=source,
        sha256=sha256(data),
        format="html",
        text=text,
        encoding=encoding,
        notes=["html: visible text of the page; offsets refer to that text, not to the markup"],
    )

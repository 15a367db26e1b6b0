"""Saved web pages: the article by trafilatura, its date by htmldate, every character mapped back to the markup.

trafilatura tells the article from the page's furniture (navigation, teaser
lists, comments, cookie banners, footers) and gives its title, author and site
name; htmldate gives the publication date. trafilatura normalises the text it
returns, so each of its blocks (headline, paragraph, list item, table row) is
found again in the page's own visible text with all whitespace ignored, and
every character keeps the offset of the markup character it came from
(``RawDocument.markup``, an :class:`~extract.offsets.OffsetMap` from raw text
to markup). The raw text is the title, a dateline, then the article's blocks
separated by blank lines: the layout the text releases have, so that the
cleaner and the release fields read a web page as they read a text.
"""

from __future__ import annotations

import html
import logging
import re
from array import array
from collections.abc import Iterator
from datetime import date
from difflib import SequenceMatcher
from html.parser import HTMLParser
from typing import Any

from extract.errors import NoArticleText, UnreadableDocument
from extract.german import MONTH_LIST
from extract.offsets import OffsetMap, Segment
from extract.read import RawDocument, sha256
from extract.read.text import decode, strip_nuls

# The libraries log what they discard; without a handler Python would print it on stderr, between our own lines.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
_BLOCKS = frozenset({"head", "p", "item", "cell", "quote", "code", "list", "row", "table", "div"})
_SPACE_RE = re.compile(r"\s+")
_LINE_BREAK = "\ue000"  # stands for <br> while whitespace is normalised (a private-use character, not space)
_BREAK_RE = re.compile(" ?\ue000 ?")
_WORD_RE = re.compile(r"\S+")
_ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_ATTR_RE = r"""\b{name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))"""
_CONTENT_RE = re.compile(_ATTR_RE.format(name="content"), re.IGNORECASE)
_DATETIME_RE = re.compile(_ATTR_RE.format(name="datetime"), re.IGNORECASE)
_HREF_RE = re.compile(_ATTR_RE.format(name="href"), re.IGNORECASE)
_URL_RE = re.compile(r"^https?://[^\s/]+\S*$")
MIN_ARTICLE_WORDS = 15  # fewer words than any release has: a menu, a banner, an error page
_TITLE_WITHIN = 4  # the article's own first blocks that may already be its headline (after a kicker, a date)
_TOP_BLOCKS = 12  # a dateline the article prints stands among its first blocks
_FUZZY_MIN = 0.6  # a block found only fuzzily must match at least this share of its characters


class _Visible(HTMLParser):
    """The page's visible characters without whitespace, each with the markup range it came from.

    Text in the body comes first, then what the page shows outside it (the ``<title>``, the values of
    ``<meta content>`` and ``<time datetime>``), so that a search finds the body's words before those.
    """

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.body: list[str] = []
        self.body_at = array("q")
        self.extra: list[str] = []
        self.extra_at = array("q")
        self.wide: dict[tuple[bool, int], int] = {}  # (in extra, index) -> markup end, for entities and attributes
        self.skip = 0
        self.in_title = 0
        self.canonical: str | None = None
        self.og_url: str | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _add(self, text: str, start: int, end: int | None) -> None:
        """Add ``text`` found at markup ``start``; ``end`` given: every character stands for the whole range."""
        chars, at = (self.extra, self.extra_at) if self.in_title else (self.body, self.body_at)
        for m in _WORD_RE.finditer(text):
            if end is None:
                chars.append(m.group())
                at.extend(range(start + m.start(), start + m.end()))
            else:
                for ch in m.group():
                    self.wide[bool(self.in_title), len(at)] = end
                    chars.append(ch)
                    at.append(start)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._add(data, self._pos(), None)

    def _reference(self) -> None:
        if self.skip:
            return
        start = self._pos()
        m = _ENTITY_RE.match(self.markup, start)
        if m:
            self._add(html.unescape(m.group()), start, m.end())

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "title":
            self.in_title += 1
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href")
        elif tag == "meta" and values.get("property", values.get("name", "")).lower() == "og:url":
            self.og_url = self.og_url or values.get("content")
        pattern = _CONTENT_RE if tag == "meta" else _DATETIME_RE if tag == "time" else None
        tag_text = self.get_starttag_text()
        if pattern is None or not tag_text:
            return
        m = pattern.search(tag_text)
        if m:
            group = next(g for g in ("dq", "sq", "bare") if m.group(g) is not None)
            start = self._pos() + m.start(group)
            self.in_title += 1  # attribute values go with the text outside the body
            value = m.group(group)
            self._add(html.unescape(value), start, start + len(value) if "&" in value else None)
            self.in_title -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = max(0, self.in_title - 1)


class _Page:
    """The squeezed visible text of a page and a way to find a block of text in it."""

    def __init__(self, markup: str) -> None:
        parser = _Visible(markup)
        try:
            parser.feed(markup)
            parser.close()
        except (AssertionError, ValueError, IndexError):  # malformed declarations; keep what was read
            pass
        self.text = "".join(parser.body) + "".join(parser.extra)
        self.starts = parser.body_at + parser.extra_at
        n_body = len(parser.body_at)
        self.ends = {(n_body if extra else 0) + i: end for (extra, i), end in parser.wide.items()}
        self.canonical = parser.canonical
        self.og_url = parser.og_url

    def span(self, i: int) -> tuple[int, int]:
        start = self.starts[i]
        return start, self.ends.get(i, start + 1)

    def locate(self, block: str, cursor: int) -> tuple[list[tuple[int, int] | None], int, bool]:
        """Per character of ``block`` its markup range (None for whitespace and characters not found),
        where the match ended, and whether it was found exactly."""
        key = "".join(block.split())
        spans: list[tuple[int, int] | None] = [None] * len(block)
        if not key:
            return spans, cursor, True
        places = [i for i, ch in enumerate(block) if not ch.isspace()]
        at = self.text.find(key, cursor)
        if at < 0:
            at = self.text.find(key)
        if at >= 0:
            for k, i in enumerate(places):
                spans[i] = self.span(at + k)
            return spans, at + len(key), True
        # trafilatura changed a character or two (or joined text from two places): align what matches.
        matched = self._fuzzy(key, cursor) or self._fuzzy(key, 0)
        if matched is None:
            return spans, cursor, False
        end = cursor
        for k, j in matched:
            spans[places[k]] = self.span(j)
            end = j + 1
        return spans, end, False

    def _fuzzy(self, key: str, cursor: int) -> list[tuple[int, int]] | None:
        window = self.text[cursor : cursor + 3 * len(key) + 200]
        matcher = SequenceMatcher(None, key, window, autojunk=False)
        pairs = [(b.a + k, cursor + b.b + k) for b in matcher.get_matching_blocks() for k in range(b.size)]
        return pairs if len(pairs) >= _FUZZY_MIN * len(key) else None


def _blocks(body: Any) -> Iterator[str]:
    """The article's blocks from trafilatura's XML body: headlines, paragraphs, list items, table rows."""
    if body is None:
        return
    parts: list[str] = []

    def flush() -> Iterator[str]:
        text = _BREAK_RE.sub("\n", _SPACE_RE.sub(" ", "".join(parts))).strip()
        parts.clear()
        if text:
            yield text

    def walk(el: Any) -> Iterator[str]:
        if el.tag == "row":  # a table row stays one line, its cells apart
            cells = [_SPACE_RE.sub(" ", "".join(c.itertext())).strip() for c in el]
            line = "\t".join(c for c in cells if c)
            if line:
                yield line
            return
        if el.text:
            parts.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                pass  # comments and processing instructions
            elif child.tag == "lb":  # a line break (<br>) inside a paragraph: an address, a letterhead
                parts.append(_LINE_BREAK)
            elif child.tag in _BLOCKS or any(d.tag in _BLOCKS for d in child.iterdescendants()):
                yield from flush()
                yield from walk(child)
            else:
                parts.append("".join(child.itertext()))
            if child.tail:
                parts.append(child.tail)
        yield from flush()

    yield from walk(body)


class _Text:
    """Raw text and its map to the markup, written in lock-step."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int] | None] = []
        self.length = 0

    def add(self, text: str, spans: list[tuple[int, int] | None] | None = None) -> None:
        self.parts.append(text)
        self.spans.extend(spans if spans is not None else [None] * len(text))
        self.length += len(text)

    def offsets(self, markup_length: int) -> OffsetMap:
        """Runs of characters copied one to one become one linear segment each; an entity (``&amp;``) maps its
        character to the whole reference; an inserted character maps to the point after what came before."""
        segments: list[Segment] = []
        start = 0
        run: tuple[str, int, int] | None = None  # kind ("copy", "wide", "insert"), raw start, raw end
        point = 0
        for i, span in enumerate(self.spans):
            if span is None:
                kind, a, b = "insert", point, point
            else:
                a, b = span
                kind = "copy" if b - a == 1 else "wide"
                point = b
            if run is not None:
                if kind == "copy" and run[0] == "copy" and a == run[2]:
                    run = ("copy", run[1], b)
                    continue
                if kind == "insert" and run[0] == "insert" and a == run[1]:
                    continue
                segments.append(Segment(start, i, run[1], run[2]))
            start, run = i, (kind, a, b)
        if run is not None:
            segments.append(Segment(start, len(self.spans), run[1], run[2]))
        return OffsetMap(segments, self.length, markup_length)


def read_html(data: bytes, source: str) -> RawDocument:
    """Read a saved web page: the article's text, title, author, site, date and canonical address."""
    markup, encoding = decode(data, source)
    markup, stripped = strip_nuls(markup, source)
    try:
        import htmldate
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError as exc:  # a dependency; only a broken installation lacks it
        raise UnreadableDocument(
            f"{source}: cannot read web pages, '{exc.name}' is not installed; run pip install 'pressdb' again"
        ) from exc
    try:
        found = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
        tree = load_html(markup)
        published_iso = (
            htmldate.find_date(tree, original_date=True, outputformat="%Y-%m-%d") if tree is not None else None
        )
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:  # lxml on pathological markup
        raise UnreadableDocument(
            f"{source}: the web page cannot be parsed ({type(exc).__name__}); save the page again "
            "(in the browser: Save page as, HTML only) or copy the release's text into a .txt file"
        ) from exc
    blocks = list(_blocks(getattr(found, "body", None))) if found is not None else []
    if sum(len(block.split()) for block in blocks) < MIN_ARTICLE_WORDS:
        raise NoArticleText(
            f"{source}: the web page has no article text (only navigation, boilerplate or an empty body); "
            "save the page of the release itself, or copy the release's text into a .txt file"
        )

    page = _Page(markup)
    out = _Text()
    missing = 0
    title = (getattr(found, "title", None) or "").strip() or None
    # The headline stands above the article, as in a release (a name of one or two words is a section's).
    if title and title not in blocks[:_TITLE_WITHIN] and len(title.split()) >= 3:
        spans, _, _ = page.locate(title, 0)
        out.add(title, spans)
        out.add("\n\n")
    published = date.fromisoformat(published_iso) if published_iso else None
    if published is not None and not _states(blocks[:_TOP_BLOCKS], published):
        out.add(*_dateline(page, published))
        out.add("\n\n")
    cursor = 0
    for i, block in enumerate(blocks):
        if i:
            out.add("\n\n")
        spans, cursor, exact = page.locate(block, cursor)
        if not exact:
            missing += sum(1 for ch, s in zip(block, spans, strict=True) if s is None and not ch.isspace())
        out.add(block, spans)

    raw = RawDocument(
        source=source,
        sha256=sha256(data),
        format="html",
        text="".join(out.parts),
        encoding=encoding,
        url=_absolute(page.canonical) or _absolute(page.og_url) or _absolute(getattr(found, "url", None)),
        title=title,
        author=(getattr(found, "author", None) or None),
        site_name=(getattr(found, "sitename", None) or None),
        published=published,
        markup=out.offsets(len(markup)),
    )
    raw.notes.append("html: the article as trafilatura found it; offsets refer to that text, mapped to the markup")
    if raw.url:
        raw.notes.append(f"html: the page's canonical address is {raw.url}")
    if missing:
        raw.notes.append(f"html: {missing} characters of the article were not found in the page's visible text")
    if stripped:
        raw.notes.append(stripped)
    return raw


def _dateline(page: _Page, published: date) -> tuple[str, list[tuple[int, int] | None]]:
    """The publication date as a dateline the release fields read, mapped to where the page states it."""
    forms = _date_forms(published)
    for form in forms:  # printed on the page: the dateline is that text, character by character
        key = "".join(form.split())
        at = page.text.find(key)
        if at >= 0:
            spans, _, _ = page.locate(form, at)
            return form, spans
    text = forms[0]  # only in the markup's metadata: every character points to the value there
    at = page.text.find(published.isoformat())
    if at < 0:
        return text, [None] * len(text)
    whole = (page.span(at)[0], page.span(at + len(published.isoformat()) - 1)[1])
    return text, [whole] * len(text)


def _date_forms(published: date) -> list[str]:
    """How a page prints a date: 12.03.2024, 12.3.2024, 12. März 2024, 12. März 2024."""
    month = MONTH_LIST[published.month - 1]
    d, m, y = published.day, published.month, published.year
    return [f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d}. {month} {y}", f"{d:02d}. {month} {y}"]


def _states(blocks: list[str], published: date) -> bool:
    """Whether the article's first blocks hold a dateline of their own: a line that starts with the date, or
    with a place and the date (``Dresden, 12. März 2024``); then it needs none of ours."""
    forms = "|".join(re.escape(form) for form in _date_forms(published))
    dateline = re.compile(rf"^(?:[A-ZÄÖÜ][\w./ -]{{1,40}},\s*(?:den\s+)?)?(?:{forms})(?!\d)")
    return any(dateline.match(line.strip()) for block in blocks for line in block.split("\n"))


def _absolute(url: str | None) -> str | None:
    """An absolute http(s) address, or None (a relative canonical link names no public address)."""
    if not url:
        return None
    url = url.strip()
    return url if _URL_RE.match(url) else None

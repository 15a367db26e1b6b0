"""Page furniture: the lines of a saved web page (or its text) that are not the release.

Text taken from a ministry's, a town's or a newspaper's web page carries what the
site puts around every article: skip links and breadcrumbs, section labels above
the headline, buttons (``Merken``, ``Teilen``, ``Druckansicht öffnen``), reading
times (``2 Min.``), counters (``00 Kommentare``), advertisements, comment forms,
``+++ ticker +++`` lines, photo credits, and lists of other articles (``Mehr zum
Thema`` and the teasers after the body). None of it is the release: no commune,
person, figure, amount or title may come from it.

Furniture is recognised by its form (a line made only of interface words, a
counter, a credit) and by its position (a short label directly above the
headline, a run of headlines after the last paragraph), never by one site's
wording. The cleaner removes what ``find_furniture`` returns, for text and HTML
alike; each hit says what kind of furniture it is, so the removal is explained.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from extract.lines import Line, text_lines
from extract.resources import data_dir

FURNITURE_FILE = "furniture.jsonl"

READING_TIME_RE = re.compile(
    r"^(?:Lesezeit\s*:?\s*)?(?:ca\.\s*)?\d{1,2}\s*(?:Min\.?|Minuten?)(?:\s+Lesezeit)?$", re.IGNORECASE
)
COUNTER_RE = re.compile(r"^\d+\s*(?:Kommentare?|Likes?|Shares?|Aufrufe|Views|Reaktionen|Bilder|Fotos)?$", re.IGNORECASE)
TICKER_RE = re.compile(r"^\+{3}[^+]{1,100}\+{3}$")  # a short ticker item; a lead framed by +++ is text
CREDIT_LINE_RE = re.compile(
    r"^(?:©|\(c\)\s|Copyright\b|Fotos?\s*:|Bild\s*:|Bildquelle\s*:|Bildnachweis\s*:|Bildrechte\s*:"
    r"|Foto\s*\(|Quelle\s*:\s*(?:Foto|Bild))",
    re.IGNORECASE,
)
# A credit at the end of a caption: "... bei der Unterzeichnung. © Anna Beispiel", "(Foto: Stadt)".
INLINE_CREDIT_RE = re.compile(
    r"\((?:Fotos?|Bild|Bildquelle|Foto\s*/\s*Grafik)\s*:[^()\n]{1,160}\)|(?:©|\bFotos?\s*:)[^\n©]{1,80}$",
    re.MULTILINE,
)
REPEATED_RE = re.compile(r"^(\w{3,})(?:\s*\1){2,}$")
PLACEHOLDER_RE = re.compile(r"^[\w-]*\[[A-Z0-9_]+\]$")  # cms[SKYSCRAPER], ad slots
PHONE_ONLY_RE = re.compile(r"^(?!\d{4}-\d{2}-\d{2}$)\+?\d[\d ]*[/()-][\d /()-]*\d$")
BREADCRUMB_RE = re.compile(
    r"^(?:Sie sind hier\s*:.*|(?:Startseite|Home|Start)\s*(?:[>›|/»]\s*[^>›|/»]{1,60}){1,8})$", re.IGNORECASE
)
NUMBERED_ITEM_RE = re.compile(r"^(\d{1,2})\.\s+(\S.{0,80})$")
HOME_RE = re.compile(r"^(?:Home|Startseite|Start)$", re.IGNORECASE)
LIST_ITEM_RE = re.compile(r"^(?:[•*–-]|\d{1,2}[.)]\s|[a-z]\)\s)")
WORD_RE = re.compile(r"[\wÄÖÜäöüß][\wÄÖÜäöüß.'’-]*")
LABEL_TOKEN_RE = re.compile(r"^(?:[A-ZÄÖÜ][\wÄÖÜäöüß.'’-]*|[+|/&·•–-])$")
DATELINE_RE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}\.\s+[A-ZÄÖÜ][a-zä]+\s+\d{4}\b")
CONTACT_RE = re.compile(r"@|\bTel(?:efon)?\b|\bFax\b|\b\d{5}\s+[A-ZÄÖÜ]|\bKontakt\b|\bwww\.", re.IGNORECASE)
# A comma before a subordinate clause makes a sentence (a cut-off paragraph), not a headline.
CLAUSE_RE = re.compile(r",\s+(?:der|die|das|dem|den|dass|wie|weil|wenn|als|ob|um|so)\b")
# A caption naming people with their office stands at the end of many releases: it is text.
PERSON_HINT_RE = re.compile(
    r"(?:meister|minister|präsident|landrat|landrätin|direktor|leiter|sprecher|vorsitzende|führer)(?:in)?\b"
    r"|\b(?:Dr|Prof)\.|\bUnterzeichnung\b",
    re.IGNORECASE,
)
LONG_LINE = 200
LABEL_LINE_MAX = 80  # a row of buttons and links is short; prose is not searched for them
TOP_LINES = 14  # section labels stand among the first lines of a page
RELATED_MAX = 12  # a list of other articles is not longer than this many lines
TEASER_MAX = 150  # a teaser headline is shorter than this
TEASERS_MIN = 3  # two short lines after the body may be a byline and a caption; three headlines are a list


@dataclass(frozen=True, slots=True)
class Furniture:
    """A span of page furniture in a text, and what kind of furniture it is."""

    start: int
    end: int
    kind: str


@functools.cache
def _labels() -> dict[str, str]:
    """Interface words (``Merken``, ``Druckansicht öffnen``) by lower-cased label, with their kind."""
    out: dict[str, str] = {}
    with (data_dir() / FURNITURE_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out[row["label"].lower()] = row["kind"]
    return out


@functools.cache
def _label_re() -> re.Pattern[str]:
    labels = sorted(_labels(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(label) for label in labels) + r")(?!\w)", re.IGNORECASE)


def _form(line: str) -> str | None:
    """The kind of furniture a line is by its form alone, or None."""
    if len(line) > LONG_LINE:  # prose: only a credit or a breadcrumb trail can be this long
        return "credit" if CREDIT_LINE_RE.match(line) else None
    if READING_TIME_RE.match(line):
        return "reading_time"
    if COUNTER_RE.match(line):
        return "counter"
    if TICKER_RE.match(line) and not re.search(r"[.!?]\s+[A-ZÄÖÜ]", line):
        return "ticker"
    if CREDIT_LINE_RE.match(line):
        return "credit"
    if REPEATED_RE.match(line) or PLACEHOLDER_RE.match(line):
        return "placeholder"
    if PHONE_ONLY_RE.match(line):
        return "phone"
    if BREADCRUMB_RE.match(line):
        return "breadcrumb"
    labels = _label_re().findall(line) if len(line) <= LABEL_LINE_MAX else None
    if labels:
        rest = _label_re().sub(" ", line)
        if not re.sub(r"[\s\d|·•/,.:()\-–—]+", "", rest):
            return _labels().get(labels[0].lower(), "control")
    return None


def _words(line: str) -> list[str]:
    return WORD_RE.findall(line)


def _is_paragraph(line: str) -> bool:
    """Body text: long, or ending like a sentence."""
    return len(line) > TEASER_MAX or bool(re.search(r"[a-zäöüß0-9)»«\"“”][.!?][»«\"“”)]?$", line))


def _is_headline(line: str) -> bool:
    return len(_words(line)) >= 3 and not _is_paragraph(line) and not line.endswith((":", ","))


def _is_label(line: str) -> bool:
    """A section label: a capitalised word (``Sachsen``), or words joined by a sign (``SZ + Görlitz``)."""
    tokens = line.split()
    words = [t for t in tokens if WORD_RE.match(t)]
    return (
        1 <= len(words) <= 2
        and (len(words) == 1 or len(tokens) > len(words))
        and all(LABEL_TOKEN_RE.match(t) for t in tokens)
        and not DATELINE_RE.search(line)
        and not line.endswith((":", "."))
    )


def _is_short_label(line: str) -> bool:
    """Two capitalised words (``Kabel Journal``, but also a person's name): a label only above another label."""
    tokens = line.split()
    return len(tokens) == 2 and all(LABEL_TOKEN_RE.match(t) and WORD_RE.match(t) for t in tokens)


def _numbered_breadcrumbs(lines: list[Line], found: dict[int, str]) -> None:
    """``1. Home`` / ``2. Region`` / ``3. Sachsen``: a numbered trail that starts at the home page."""
    i = 0
    while i < min(len(lines), TOP_LINES):
        m = NUMBERED_ITEM_RE.match(lines[i].text)
        if m and m.group(1) == "1" and HOME_RE.match(m.group(2).strip()):
            j, n = i, 1
            while j < len(lines) and (m := NUMBERED_ITEM_RE.match(lines[j].text)) and int(m.group(1)) == n:
                found[j] = "breadcrumb"
                j, n = j + 1, n + 1
            i = j
        else:
            i += 1


def _related(lines: list[Line], found: dict[int, str]) -> None:
    """A ``Mehr zum Thema`` heading and the article headlines listed under it."""
    for i in range(len(lines)):
        if found.get(i) != "related":
            continue
        j = i + 1
        while j < len(lines) and j <= i + RELATED_MAX:
            text = lines[j].text
            if j in found:
                j += 1
                continue
            if _is_paragraph(text) or CONTACT_RE.search(text):
                break
            found[j] = "related"
            j += 1


def _section_labels(lines: list[Line], found: dict[int, str]) -> None:
    """Short labels directly above the headline (``Sachsen``, ``Görlitz``, ``Regionalnachrichten``).

    A label followed by the article's buttons (``Merken``) opens the article's own header: what stands above
    it at the top of the page (a masthead line, the site's tagline) is the site's, not the release's.
    """
    top = [i for i in range(min(len(lines), TOP_LINES)) if i not in found and not DATELINE_RE.search(lines[i].text)]
    if not top:
        return
    run = _label_run(lines, found, top[0])
    if run:
        for k in run:
            found[k] = "section_label"
        return
    for pos, start in enumerate(top[1:], 1):
        if _is_label(lines[start].text) and _buttons_follow(lines, found, start):
            run = _label_run(lines, found, start)
            if run and not any(_is_paragraph(lines[i].text) for i in top[:pos]):
                for k in run:
                    found[k] = "section_label"
                for i in top[:pos]:
                    found[i] = "masthead"
            return


def _buttons_follow(lines: list[Line], found: dict[int, str], i: int) -> bool:
    """The line after ``i`` is one of the article's buttons (``Merken``, ``Teilen``)."""
    return i + 1 < len(lines) and found.get(i + 1) in ("control", "social")


def _label_run(lines: list[Line], found: dict[int, str], begin: int) -> list[int] | None:
    """The labels from ``begin`` on that stand directly above a headline, or None."""
    top = [i for i in range(begin, min(len(lines), TOP_LINES)) if i not in found]
    run: list[int] = []
    for pos, i in enumerate(top):
        text = lines[i].text
        following = lines[top[pos + 1]].text if pos + 1 < len(top) else ""
        if _is_label(text) or (_is_short_label(text) and _is_label(following)):
            run.append(i)
            continue
        if run and _is_headline(text) and len(_words(text)) > 2:
            return run
        if not DATELINE_RE.search(text):
            return None  # the first line that is neither label nor dateline is the headline or the body
        run = []
    return None


def _teasers(lines: list[Line], found: dict[int, str]) -> None:
    """Headlines of other articles listed after the last paragraph of the body."""
    tail: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if i in found:
            continue
        text = lines[i].text
        if _is_paragraph(text):
            if len(tail) >= TEASERS_MIN:  # the run ends at the body's last paragraph
                for k in tail:
                    found[k] = "teaser"
            return
        if (
            not _is_headline(text)
            or CONTACT_RE.search(text)
            or LIST_ITEM_RE.match(text)
            or CLAUSE_RE.search(text)
            or PERSON_HINT_RE.search(text)
        ):
            return  # a closing contact block, a list of the body, a caption: not a teaser list
        tail.append(i)


def find_furniture(text: str) -> list[Furniture]:
    """Every span of page furniture in ``text``, sorted: whole lines, and credits at the end of captions."""
    lines = text_lines(text)
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        kind = _form(line.text)
        if kind:
            found[i] = kind
    _numbered_breadcrumbs(lines, found)
    _related(lines, found)
    _section_labels(lines, found)
    _teasers(lines, found)
    spans = [Furniture(lines[i].start, lines[i].end, kind) for i, kind in found.items()]
    whole = {(s.start, s.end) for s in spans}
    for m in INLINE_CREDIT_RE.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if m.group().startswith(("©", "Foto")) and (start == m.start() and start > 0 and text[start - 1] != "\n"):
            continue  # "©" glued to a word is not a credit after a caption
        line_start = text.rfind("\n", 0, start) + 1
        if not any(a <= start and m.end() <= b for a, b in whole) and text[line_start:start].strip():
            spans.append(Furniture(start, m.end(), "credit"))
    return sorted(spans, key=lambda s: s.start)

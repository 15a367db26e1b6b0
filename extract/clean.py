"""RawDocument -> CleanText: the release's own words, with a map back to every raw character.

Text taken out of the ministries' PDFs carries the letterhead (Medieninformation,
ministry, press contact, phone, e-mail, date) and the sidebar (Hausanschrift,
address, web site, tram lines, the e-signature note) wherever the extraction
put them, even in the middle of a sentence. The cleaner recognises these blocks
by what their lines are (labels, phone numbers, postcodes, street addresses),
not by one ministry's wording, removes them, keeps what they say about the
release as metadata, and rejoins the sentence they cut. Web-page furniture
(see ``extract.furniture``: buttons, labels, counters, credits, teaser lists) goes too.

Each step is a list of edits applied with ``apply_edits``, so the OffsetMap
composes step by step and every clean character maps back to the raw one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.furniture import Furniture, find_furniture
from extract.offsets import Edit, OffsetMap, apply_edits
from extract.read import RawDocument
from extract.read.text import MOJIBAKE_RE


@dataclass(slots=True)
class Letterhead:
    """What the letterhead and sidebar say about the release, with raw spans of each value."""

    kind: str | None = None
    issuer: str | None = None
    contact_name: str | None = None
    contact_label: str | None = None  # Ansprechpartner, Pressesprecherin, Pressekontakt
    contact_phone: str | None = None
    contact_fax: str | None = None
    contact_email: str | None = None
    date_text: str | None = None
    address: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> raw span


@dataclass(slots=True)
class CleanText:
    """The cleaned text, its map back to the raw text, and what cleaning learned."""

    text: str
    offsets: OffsetMap
    raw: RawDocument
    letterhead: Letterhead
    removed: list[tuple[int, int, str]] = field(default_factory=list)  # raw spans removed, with why
    notes: list[str] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.raw_span(start, end)


# ---------------------------------------------------------------- line kinds

KIND_RE = re.compile(
    r"^(Medieninformation|Pressemitteilung|Presseinformation|Medienmitteilung|Pressemeldung|Mitteilung)"
    r"(\s+Nr\.?\s*\d+(/\d+)?)?:?$",
    re.IGNORECASE,
)
ISSUER_RE = re.compile(
    r"^(?:[\wÄÖÜäöüß.-]+\s+){0,3}(Staatsministerium|Ministerium|Staatskanzlei|Landespräventionsrat|Landesamt"
    r"|Landesdirektion|Polizeidirektion|Stadtverwaltung|Landratsamt|Senatsverwaltung|Staatsregierung)\b[^.!?]{0,80}$"
)
CONTACT_LABEL_RE = re.compile(
    r"^(Ihr|Ihre)?\s*(Ansprechpartner(?:in)?|Pressesprecher(?:in)?|Pressekontakt|Kontakt)\s*:?$", re.IGNORECASE
)
CONTACT_INLINE_RE = re.compile(
    r"^(?:Ihr|Ihre)?\s*(?:Ansprechpartner(?:in)?|Pressesprecher(?:in)?|Pressekontakt)\s*:\s*(?P<v>\S.{1,60})$",
    re.IGNORECASE,
)
DURCHWAHL_RE = re.compile(r"^Durchwahl\s*:?$", re.IGNORECASE)
PHONE_RE = re.compile(r"^(?:Telefon|Tel\.?|Fon)\s*:?\s*(?P<v>\+?[\d][\d\s/().-]{4,})$", re.IGNORECASE)
FAX_RE = re.compile(r"^(?:Telefax|Fax)\s*:?\s*(?P<v>\+?[\d][\d\s/().-]{4,})$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^(?:E-?Mail\s*:?\s*)?(?P<v>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*\*?$", re.IGNORECASE)
DATE_LINE_RE = re.compile(r"^(?P<v>\d{1,2}\.\s?\d{1,2}\.\s?\d{4})$")

ADDRESS_LABEL_RE = re.compile(
    r"^(Hausanschrift|Postanschrift|Besucheranschrift|Lieferanschrift|Dienstsitz|Anschrift)\b\s*:?", re.IGNORECASE
)
STREET_RE = re.compile(
    r"^[A-ZÄÖÜ][\wÄÖÜäöüß.\- ]{2,45}(straße|str\.|weg|platz|allee|ring|gasse|ufer|damm|markt|hof)"
    r"\s+\d{1,4}\s?[a-z]?(\s*[-–]\s*\d{1,4})?$",
    re.IGNORECASE,
)
POSTCODE_RE = re.compile(r"^(D-)?\d{5}\s+[A-ZÄÖÜ][\wÄÖÜäöüß. /-]{1,40}$")
WEB_RE = re.compile(r"^(www\.|https?://)\S+$", re.IGNORECASE)
# Notes of several lines that end with a full stop: directions and the e-signature note.
NOTE_START_RE = re.compile(
    r"^(\*\s*)?(Zu erreichen|Kein Zugang|Erreichbar|Straßenbahn|Buslinie|Parkmöglichkeit|Barrierefrei"
    r"|Verkehrsverbindung)",
    re.IGNORECASE,
)
CONTINUATION_RE = re.compile(r"^(des|der|für|und|im|in)\b")

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
LIGATURE_RE = re.compile("[" + "".join(LIGATURES) + "]")
CR_RE = re.compile("\r")
SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
DROP_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]|\\*\\*|\r(?=\n)")
HYPHEN_RE = re.compile(r"(?<=[a-zäöüß])-[ \t]*\n[ \t]*(?=[a-zäöüß])")
SENTENCE_END = '.!?:;«»"“”)'


# ---------------------------------------------------------------- steps


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for every line; end excludes the newline."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line.strip()
        pos += len(line) + 1


def _repair_mojibake(text: str) -> list[Edit]:
    edits = []
    for m in MOJIBAKE_RE.finditer(text):
        for codec in ("cp1252", "latin-1"):
            try:
                fixed = m.group().encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            edits.append(Edit(m.start(), m.end(), fixed))
            break
    return edits


def _normalise_characters(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), " ") for m in SPACES_RE.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in DROP_RE.finditer(text)]
    edits += [Edit(m.start(), m.end(), LIGATURES[m.group()]) for m in LIGATURE_RE.finditer(text)]
    edits += [Edit(m.start(), m.end(), "\n") for m in CR_RE.finditer(text)]
    return _dedupe(edits)


def _dedupe(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _header_kind(line: str) -> str | None:
    """Which letterhead element a line is, if any."""
    for name, rx in (
        ("kind", KIND_RE),
        ("contact_label", CONTACT_LABEL_RE),
        ("contact_inline", CONTACT_INLINE_RE),
        ("durchwahl", DURCHWAHL_RE),
        ("phone", PHONE_RE),
        ("fax", FAX_RE),
        ("email", EMAIL_RE),
        ("date", DATE_LINE_RE),
        ("issuer", ISSUER_RE),
    ):
        if rx.match(line):
            return name
    return None


def _read_letterhead_line(kind: str, line: str, start: int, end: int, head: Letterhead) -> None:
    offset = start

    def put(attr: str, value: str, rx: re.Pattern[str] | None = None) -> None:
        if getattr(head, attr):
            return
        setattr(head, attr, value.strip())
        if rx is not None:
            m = rx.match(line)
            head.spans[attr] = (offset + m.start("v"), offset + m.end("v")) if m else (start, end)
        else:
            head.spans[attr] = (start, end)

    if kind == "kind":
        put("kind", line.rstrip(":"))
    elif kind == "issuer":
        put("issuer", line)
    elif kind == "phone":
        put("contact_phone", PHONE_RE.match(line).group("v"), PHONE_RE)  # type: ignore[union-attr]
    elif kind == "fax":
        put("contact_fax", FAX_RE.match(line).group("v"), FAX_RE)  # type: ignore[union-attr]
    elif kind == "email":
        put("contact_email", EMAIL_RE.match(line).group("v"), EMAIL_RE)  # type: ignore[union-attr]
    elif kind == "date":
        put("date_text", line)
    elif kind == "contact_inline":
        put("contact_name", CONTACT_INLINE_RE.match(line).group("v"), CONTACT_INLINE_RE)  # type: ignore[union-attr]


def _letterhead_blocks(text: str, head: Letterhead) -> list[tuple[int, int]]:
    """Runs of letterhead lines (at least two elements, one of them a label), anywhere in the text."""
    blocks: list[tuple[int, int]] = []
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        kind = _header_kind(line) if line else None
        if kind not in ("kind", "contact_label", "contact_inline", "issuer"):
            i += 1
            continue
        found: list[tuple[str, int, int, str]] = []
        j = i
        last = i
        expect_name = False
        while j < len(lines):
            s, e, ln = lines[j]
            if not ln:
                j += 1
                continue
            k = _header_kind(ln)
            if k is None and expect_name and len(ln) <= 60 and not ln.endswith("."):
                k = "contact_name"
            if k is None and found and found[-1][0] == "issuer" and CONTINUATION_RE.match(ln):
                k = "issuer_continued"
            if k is None:
                break
            expect_name = k == "contact_label"
            found.append((k, s, e, ln))
            last = j
            j += 1
            if k == "date":
                break
        kinds = {k for k, *_ in found}
        labelled = kinds & {"kind", "contact_label", "contact_inline"}
        if labelled and len(found) >= 2:
            for k, s, e, ln in found:
                if k == "contact_label" and not head.contact_label:
                    head.contact_label = re.sub(r"^(Ihr|Ihre)\s+|\s*:$", "", ln)
                elif k == "contact_name":
                    if not head.contact_name:
                        lead = len(text[s:e]) - len(text[s:e].lstrip())
                        head.contact_name = ln
                        head.spans["contact_name"] = (s + lead, s + lead + len(ln))
                elif k == "issuer_continued":
                    if head.issuer and head.spans.get("issuer", (0, 0))[1] <= s:
                        head.issuer = f"{head.issuer} {ln}"
                        head.spans["issuer"] = (head.spans["issuer"][0], e)
                else:
                    _read_letterhead_line(k, ln, s + (len(text[s:e]) - len(text[s:e].lstrip())), e, head)
            blocks.append((lines[i][0], lines[last][1]))
            i = last + 1
        else:
            i += 1
    return blocks


def _sidebar_blocks(text: str, head: Letterhead) -> list[tuple[int, int]]:
    """Address blocks: a label such as Hausanschrift, then address, web, directions and notes."""
    blocks: list[tuple[int, int]] = []
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        if not ADDRESS_LABEL_RE.match(lines[i][2]):
            i += 1
            continue
        last = i
        j = i + 1
        address: list[str] = []
        in_note = False
        prev_kind = "label"
        while j < len(lines):
            _, _, ln = lines[j]
            if not ln:
                in_note = False
                j += 1
                continue
            if in_note:
                kind = "note"
            elif NOTE_START_RE.match(ln):
                kind, in_note = "note", True
            elif ISSUER_RE.match(ln):
                kind = "issuer"
            elif prev_kind == "issuer" and CONTINUATION_RE.match(ln):
                kind = "issuer"
            elif STREET_RE.match(ln) or POSTCODE_RE.match(ln):
                kind = "address"
                address.append(ln)
            elif WEB_RE.match(ln):
                kind = "web"
            else:
                break
            if in_note and ln.endswith("."):
                in_note = False
            prev_kind = kind
            last = j
            j += 1
        if last > i:
            blocks.append((lines[i][0], lines[last][1]))
            if address and not head.address:
                head.address = ", ".join(address)
            i = last + 1
        else:
            i += 1
    return blocks


def _furniture(text: str) -> tuple[list[Edit], list[Furniture]]:
    """Edits removing page furniture: whole lines with their line break, credits inside a caption's line."""
    found = find_furniture(text)
    edits = []
    for f in found:
        start, end = f.start, f.end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if not text[line_start:start].strip() and not text[end:line_end].strip():
            # a whole line goes with its line break; the paragraph breaks around it stay
            start, end = line_start, min(line_end + 1, len(text))
        edits.append(Edit(start, end, ""))
    return edits, found


def _cut(text: str, blocks: list[tuple[int, int]], *, rejoin: bool = True) -> list[Edit]:
    """Edits removing each block and, with ``rejoin``, joining the sentence it cut.

    Without ``rejoin`` (whole lines of page furniture) the line break stays.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(blocks):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    edits = []
    for start, end in merged:
        a = start
        while a > 0 and text[a - 1].isspace():
            a -= 1
        b = end
        while b < len(text) and text[b].isspace():
            b += 1
        before = text[a - 1] if a > 0 else ""
        after = text[b] if b < len(text) else ""
        breaks = text[a:start].count("\n") + text[end:b].count("\n")
        if not before or not after:
            joiner = ""
        elif not rejoin:
            joiner = "\n" if breaks else " "
        elif before in SENTENCE_END:
            joiner = "\n\n"  # a block between paragraphs keeps the paragraph break
        elif before == "-" and after.islower():
            a -= 1  # a word hyphenated across the block: "Präventions-" + "arbeit"
            joiner = ""
        else:
            joiner = " "  # a sentence the block cut: rejoin it
        edits.append(Edit(a, b, joiner))
    return edits


def _whitespace(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "") for m in re.finditer(r"[ ]+(?=\n)|(?<=\n)[ ]+", text)]
    edits += [Edit(m.start(), m.end(), " ") for m in re.finditer(r"(?<=\S) {2,}(?=\S)", text)]
    edits += [Edit(m.start(), m.end(), "\n\n") for m in re.finditer(r"\n[ \n]*\n", text) if m.group() != "\n\n"]
    lead = len(text) - len(text.lstrip())
    if lead:
        edits.append(Edit(0, lead, ""))
    trail = len(text) - len(text.rstrip())
    if trail:
        edits.append(Edit(len(text) - trail, len(text), ""))
    return _dedupe(edits)


def _hyphenation(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "") for m in HYPHEN_RE.finditer(text)]


# ---------------------------------------------------------------- the cleaner


def clean(raw: RawDocument) -> CleanText:
    """Clean one raw document; the result maps every character back to ``raw.text``."""
    text = raw.text
    offsets = OffsetMap.identity(len(text))
    head = Letterhead()
    removed: list[tuple[int, int, str]] = []
    notes: list[str] = []

    def step(edits: list[Edit]) -> None:
        nonlocal text, offsets
        if edits:
            text, inner = apply_edits(text, edits)
            offsets = inner.then(offsets)

    def remove(blocks: list[tuple[int, int]], why: str, *, rejoin: bool = True) -> None:
        removed.extend((*offsets.raw_span(a, b), why) for a, b in blocks)
        step(_cut(text, blocks, rejoin=rejoin))

    # Regions the reader placed by position (the PDF sidebar, running headers and footers) go
    # first: their text is metadata, not body.
    for region in raw.regions:
        if region.kind == "sidebar":
            found = Letterhead()
            part = text[region.start : region.end]
            _letterhead_blocks(part, found)
            _sidebar_blocks(part, found)
            _adopt(head, found, shift=region.start)
    positioned = [r for r in raw.regions if r.kind != "body"]
    removed.extend((r.start, r.end, f"layout: {r.kind}") for r in positioned)
    step(_cut(text, [(r.start, r.end) for r in positioned]))

    mojibake = _repair_mojibake(text)
    if mojibake:
        notes.append(f"repaired {len(mojibake)} mojibake sequences (UTF-8 read as cp1252/latin-1)")
    step(mojibake)
    step(_normalise_characters(text))

    found = Letterhead()
    blocks = _merge_blocks(_letterhead_blocks(text, found) + _sidebar_blocks(text, found))
    _adopt(head, found, offsets=offsets)
    remove(blocks, "letterhead")
    edits, furniture = _furniture(text)
    removed.extend((*offsets.raw_span(f.start, f.end), f"furniture: {f.kind}") for f in furniture)
    step(edits)
    step(_hyphenation(text))
    step(_whitespace(text))
    return CleanText(text=text, offsets=offsets, raw=raw, letterhead=head, removed=removed, notes=raw.notes + notes)


def _merge_blocks(blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(blocks):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _adopt(head: Letterhead, found: Letterhead, *, shift: int = 0, offsets: OffsetMap | None = None) -> None:
    """Copy values ``found`` has and ``head`` lacks, with their spans turned into raw offsets."""
    for name in (
        "kind",
        "issuer",
        "contact_name",
        "contact_label",
        "contact_phone",
        "contact_fax",
        "contact_email",
        "date_text",
        "address",
    ):
        value = getattr(found, name)
        if value and not getattr(head, name):
            setattr(head, name, value)
            if name in found.spans:
                a, b = found.spans[name]
                head.spans[name] = offsets.raw_span(a, b) if offsets else (a + shift, b + shift)

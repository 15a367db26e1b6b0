"""What a release says about itself: its date of publication, headline, issuer and press contact.

The release date is the dateline, never an event date from the body: the
letterhead date (``17.02.2021``), a date line above or below the headline
(``25.06.2021``, ``27.08.2013, 18:15 Uhr — Erstveröffentlichung``,
``Mi, 06.07.2022 , 10:24 Uhr``, ``7. Dezember 2010 | Themenbereich``,
``Dresden, 21. März 2017``); failing those, an explicit date the text gives
for "heute" (``am heutigen 25. Juni 2021``), or a source line
(``Pressemitteilung vom 12. Februar 2020``).
"""

from __future__ import annotations

import re
from datetime import date

from extract.clean import CleanText
from extract.german import LONG_DATE_RE, MONTH_NAMES, MONTHS, NUMERIC_DATE_RE, ends_with_abbreviation, make_date
from extract.lines import Line, text_lines
from extract.records import ReleaseInfo

_DATE = rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}|\d{{1,2}}\.\s*(?:{MONTH_NAMES})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_LINE_DATE = rf"(?:{_DATE}|\d{{1,2}}\.\d{{1,2}}\.\d{{2}}(?!\d))"  # a line that is only a date may print "12.03.24"
ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = r"(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s*"
DATELINE_RES = (
    # 25.06.2021 | Mi, 06.07.2022 , 10:24 Uhr | 27.08.2013, 18:15 Uhr — Erstveröffentlichung (aktuell)
    (
        "dateline",
        re.compile(
            rf"^(?:{_WEEKDAY})?(?P<d>{_LINE_DATE})\s*(?:,?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*Uhr)?)?"
            r"\s*(?:\(\s*\d{1,2}\.\s*KW\s*\))?\s*(?:[—–|-].*)?$",
            re.IGNORECASE,
        ),
    ),
    # Dresden, 21. März 2017 (a place, then the date, at the start of a line)
    ("place_dateline", re.compile(rf"^(?P<place>[A-ZÄÖÜ][\wäöüß./ -]{{1,40}}),\s*(?:den\s+)?(?P<d>{_DATE})\b")),
    # Veröffentlicht am 26.10.2020 | veröffentlicht am: 26.10.2020 | Stand: 03.11.2022, 10:15 Uhr |
    # Pressemitteilung vom 12. März 2019 | Datum: 12.03.2019
    (
        "published_line",
        re.compile(
            rf"^(?:(?:zuletzt\s+)?(?:veröffentlicht|aktualisiert|erschienen|publiziert|erstellt|eingestellt)"
            rf"(?:\s+am)?|Stand|Datum(?:\s+der\s+Veröffentlichung)?|Veröffentlichungsdatum"
            rf"|(?:Presse|Medien)?(?:mitteilung|information|meldung|Meldung|Nachricht|Artikel|Beitrag)\w*"
            rf"(?:\s+(?:Nr\.\s*)?\d+\s*/\s*\d+)?\s+vom)\s*:?\s*"
            rf"(?:{_WEEKDAY})?(?P<d>{_DATE})",
            re.IGNORECASE,
        ),
    ),
)
TODAY_RE = re.compile(
    rf"\b(?:am\s+)?heut(?:e|igen|iger|ige)\b[^.\n]{{0,25}}?[\[(,]?\s*(?:Tag\s*)?[\[(]?(?P<d>{_DATE})", re.IGNORECASE
)
SOURCE_LINE_RE = re.compile(
    rf"\b(?:Presse|Medien)(?:mitteilung|information|meldung)\w*\s+(?:Nr\.\s*\S+\s+)?vom\s+(?P<d>{_DATE})",
    re.IGNORECASE,
)
# An authority's name: a ministry, an office, a police directorate, a town's administration.
_ORG_HEAD = (
    r"(?:Staatsministerium|Bundesministerium|Ministerium|Staatskanzlei|Senatskanzlei|Senatsverwaltung"
    r"|Staatsregierung|Landesregierung|Landespräventionsrat|Landeskriminalamt|Landesamt|Landesdirektion"
    r"|Landespolizeidirektion|Polizeidirektion|Polizeipräsidium|Polizeiinspektion|Regierungspräsidium"
    r"|Landratsamt|Kreisverwaltung|Stadtverwaltung|Gemeindeverwaltung|Bezirksamt|Rechnungshof"
    r"|Oberlandesgericht|Landgericht|Amtsgericht|Verwaltungsgericht|Staatsanwaltschaft|Generalstaatsanwaltschaft)"
)
ORG_HEAD_RE = re.compile(rf"{_ORG_HEAD}\b")
# The words of the name around its head: "Sächsisches Staatsministerium" + "des Innern".
ORG_BEFORE_RE = re.compile(r"(?:(?:[A-ZÄÖÜ][\wäöüß.-]*|des|der|für|und|im|in)\s+){0,4}$")
ORG_AFTER_RE = re.compile(r"(?:\s+(?:des|der|für|und|im|in|[A-ZÄÖÜ][\wäöüß.-]*)){0,6}")
# Quelle: Sächsisches Staatsministerium für Kultus | Herausgeber: ... | Pressemitteilung des Landratsamtes ...
SOURCE_ORG_RE = re.compile(
    r"^(?:Quelle|Herausgeber(?:in)?|Herausgegeben von|Verantwortlich)\s*:?\s*(?P<org>\S.{2,120})$"
    r"|\b(?:Presse|Medien)(?:mitteilung|information|meldung)\w*\s+(?:des|der|vom)\s+(?P<org2>[A-ZÄÖÜ].{2,120})$",
    re.MULTILINE,
)
CONTACT_HEAD_RE = re.compile(r"^(?:Kontakt|Pressekontakt|Pressestelle|Ansprechpartner(?:in)?)\s*:?$", re.IGNORECASE)
# "Schwerin (dpa) -", "Von RND/dpa": the agency that issued the report.
AGENCY_RE = re.compile(
    r"\|\s*(?P<c>dpa|epd|KNA|AFP|ddp|dapd|Reuters)\s*$|"
    r"\((?P<a>dpa|epd|KNA|AFP|ddp|dapd|Reuters)(?:/\w+)?\)|^Von\s+(?:\w+/)?(?P<b>dpa|epd|KNA|AFP)\b",
    re.MULTILINE,
)
TOWN_ISSUER_RE = re.compile(r"^(?:Stadt|Gemeinde|Große Kreisstadt|Landkreis|Stadtverwaltung|Gemeindeverwaltung)\s+\S")
_TITLE_MAX = 220
_TOP_LINES = 12  # the dateline and headline stand among the first lines


def parse_date(text: str) -> date | None:
    """A date printed as ``17.02.2021``, ``25. April 2023`` or ``2023-04-25``."""
    m = ISO_DATE_RE.search(text)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = NUMERIC_DATE_RE.search(text)
    if m:
        return make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = LONG_DATE_RE.search(text)
    if m:
        return make_date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def _is_paragraph(line: str) -> bool:
    """Body text rather than a headline: long, or more than one sentence (``Mio. Euro`` ends none)."""
    if len(line) > _TITLE_MAX:
        return True
    return any(
        not ends_with_abbreviation(line[: m.start() + 3]) for m in re.finditer(r"[a-zäöüß]{2}[.!?]\s+[A-ZÄÖÜ]", line)
    )


def _short_headline(lines: list[Line], i: int) -> bool:
    """A two-word headline: with a verb or participle (``Übereinkommen geschlossen``), or over the body."""
    words = lines[i].text.split()
    if len(words) != 2 or lines[i].text.endswith((".", ":", ",")):
        return False
    following = lines[i + 1].text if i + 1 < len(lines) else ""
    body_follows = _is_paragraph(following) or (len(following.split()) >= 6 and following.endswith("."))
    return any(w[:1].islower() for w in words) or words[0].endswith(":") or body_follows


def _headline(lines: list[Line], dateline: int | None) -> Line | None:
    """The first headline-like line before the body starts."""
    candidates: list[Line] = []
    for i, line in enumerate(lines[:_TOP_LINES]):
        if i == dateline:
            continue
        if _is_paragraph(line.text):
            break
        words = line.text.split()
        short = len(words) < 3 and not (not candidates and _short_headline(lines, i))
        if short or line.text.endswith((":", ",")) or any(rx.match(line.text) for _, rx in DATELINE_RES):
            continue
        candidates.append(line)
        if len(candidates) == 2:
            break
    if not candidates:
        return None
    first = candidates[0]
    if len(candidates) == 2:
        second = candidates[1].text
        # A breadcrumb glued to the headline ("StartSicherheitNeues Mitglied ..."): the next line repeats it.
        if first.text.endswith(second) and first.text != second:
            return candidates[1]
    return first


def extract_release(cleaned: CleanText) -> ReleaseInfo:
    """Release date, title, issuer, kind and contact of one cleaned document."""
    head = cleaned.letterhead
    lines = text_lines(cleaned.text)
    value: date | None = None
    date_text = date_rule = None
    date_span: tuple[int, int] | None = None
    dateline_index: int | None = None
    place: str | None = None

    if head.date_text:
        value, date_text, date_rule = parse_date(head.date_text), head.date_text, "letterhead"
    if value is None:
        for i, line in enumerate(lines[:_TOP_LINES]):
            for rule, rx in DATELINE_RES:
                m = rx.match(line.text)
                if m and (found := parse_date(m.group("d"))):
                    value, date_text, date_rule = found, m.group("d"), rule
                    date_span = (line.start + m.start("d"), line.start + m.end("d"))
                    dateline_index = i
                    place = m.groupdict().get("place")
                    break
            if value or _is_paragraph(line.text):
                break  # the dateline stands above the body (or opens its first paragraph)
    if value is None:
        for rule, rx in (("today", TODAY_RE), ("source_line", SOURCE_LINE_RE)):
            m = rx.search(cleaned.text)
            if m and (found := parse_date(m.group("d"))):
                value, date_text, date_rule = found, m.group("d"), rule
                date_span = (m.start("d"), m.end("d"))
                break

    title = _headline(lines, dateline_index)
    issuer = head.issuer or _issuer(cleaned.text, lines, place)
    contact_role = head.contact_label or ("Ansprechpartner" if head.contact_name else None)
    return ReleaseInfo(
        date=value,
        date_text=date_text,
        date_rule=date_rule,
        date_span=date_span,
        title=title.text if title else None,
        title_span=(title.start, title.end) if title else None,
        issuer=issuer,
        kind=head.kind or ("web page" if cleaned.raw.format == "html" else None),
        contact_name=head.contact_name,
        contact_role=contact_role,
        contact_span=head.spans.get("contact_name"),
        contact_phone=head.contact_phone,
        contact_fax=head.contact_fax,
        contact_email=head.contact_email,
    )


def _org(text: str) -> str | None:
    """The authority a phrase names, trimmed to its name (the head word found first: a search for the whole
    name at every position of every line costs more than all the rest of the release's metadata)."""
    m = ORG_HEAD_RE.search(text)
    if not m:
        return None
    window = text[max(0, m.start() - 80) : m.start()]
    before = ORG_BEFORE_RE.search(window)
    start = m.start() - (len(window) - before.start()) if before else m.start()
    after = ORG_AFTER_RE.match(text, m.end())
    end = after.end() if after else m.end()
    org = re.sub(r"^(?:Von|Vom|Quelle)\s+", "", text[start:end].strip(" .,;:"))
    return re.sub(r"\s+(?:des|der|für|und|im|in)$", "", org) or None


def _issuer(text: str, lines: list[Line], place: str | None) -> str | None:
    """Who issued a release whose letterhead names nobody: a source line, the contact block, the dateline."""
    for m in SOURCE_ORG_RE.finditer(text):
        named = (m.group("org") or m.group("org2") or "").strip()
        org = _org(named) or (named if TOWN_ISSUER_RE.match(named) else None)
        if org:
            return org
    for i, line in enumerate(lines):
        if CONTACT_HEAD_RE.match(line.text):
            for follow in lines[i + 1 : i + 3]:
                if (org := _org(follow.text)) and len(follow.text) <= len(org) + 2:
                    return org
    if place and TOWN_ISSUER_RE.match(place):
        return place.strip()
    for line in lines[:_TOP_LINES] + lines[-_TOP_LINES:]:
        if (org := _org(line.text)) and len(line.text) <= len(org) + 2:
            return org  # a line that is only an authority's name, above the headline or in the footer
    for line in lines[:_TOP_LINES]:
        if agency := AGENCY_RE.search(line.text):
            return agency.group("a") or agency.group("b") or agency.group("c")
    return None

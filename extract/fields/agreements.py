"""Agreements: each Saxon municipality's signing of an agreement that a release reports.

A release reports a signing in a sentence with a signing verb (``unterzeichneten``,
``unterschrieben``, ``besiegelt``) or a joining verb (``beigetreten``, ``tritt ... bei``)
in a release that names an agreement. The municipality is the one that signs: a
town named as an actor of such a sentence (not a place where it happened, not part
of an organisation's name), the town whose mayor signs, or the members of a
Städtebund or Verwaltungsgemeinschaft that signs.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from extract.nlp import doc_text
from extract.records import (
    Agreement,
    CommuneMention,
    DateMention,
    Ordinal,
    PersonMention,
    ReleaseInfo,
)
from extract.resources import data_dir
from extract.tables import in_table, table_rows

TERMS_FILE = "agreement_terms.jsonl"

# Finite and participle forms only, lower case: the nouns (Unterzeichnung, Unterzeichner) report no act.
SIGN_RE = re.compile(
    r"\b(?:unterzeichn(?:e|en|est|et|ete|eten|etet)|unterschr(?:ieb|ieben|eibt|eiben)"
    r"|besiegel(?:t|te|ten|n)|abgezeichnet)\b"
    # A noun phrase that places something at or after a signing reports one: a caption
    # "... bei der Unterzeichnung der Kooperationsvereinbarung", "Seit der Unterzeichnung im Mai ...".
    r"|\b(?:[Bb]ei|[Nn]ach|[Ss]eit)\s+der\s+(?:feierlichen\s+)?Unterzeichnung\b"
)
# "beigetreten", "beitreten", and the separable "tritt/treten/trat/traten ... bei" at the end of a clause;
# "schließt sich ... an", "hat sich ... angeschlossen", "wird Teil des Netzwerkes", "ist nun Mitglied".
JOIN_RE = re.compile(
    r"\b(?:beigetreten|beitreten|beitritt|beitraten|beitrat|beizutreten|angeschlossen)\b"
    r"|\b(?:tritt|treten|trat|traten|tretet)\b[^.!?]*?\bbei\b(?=\s*(?:[.,;:!?»«\"“”–)-]|$))"
    r"|\bschl(?:ießt|ießen|oss|ossen)\s+sich\b[^.!?]*?\ban\b(?=\s*(?:[.,;:!?»«\"“”–)-]|$))"
    r"|\b(?:wird|werden|wurde|wurden)\s+(?:\w+\s+){0,2}?(?:Teil|Mitglied)\b"
    r"|\b(?:ist|sind)\s+(?:jetzt|nun|nunmehr|seit\s+\w+)\s+(?:auch\s+)?(?:offiziell\s+)?(?:Teil|Mitglied)\b"
)
# Cheap tests before the full patterns: a part of every agreement's name, of every signing or joining word.
KIND_HINT_RE = re.compile(r"ereinbarung|ertr[aä]g|artnerschaft|bkommen|Charta|Letters? of Intent|rklärung|Memorandum")
ACT_HINT_RE = re.compile(
    r"nterz|nterschr|esiegel|bgezeichnet|chl[io]|tret|tritt|trat|angeschl|Teil\b|Mitglied", re.IGNORECASE
)
# "schlossen ... eine Kooperationsvereinbarung", "ist ... geschlossen worden": a signing when the
# sentence names an agreement (a school or a road is closed too).
CLOSE_RE = re.compile(r"\b(?:schl(?:ießen|ießt|oss|ossen)|geschlossen|abgeschlossen)\b")
# The noun that reports a signing: "war Schauplatz der Unterzeichnung der Kooperationsvereinbarung",
# "Die Unterzeichnung einer Vereinbarung fand in Oybin statt" (the agreement must be named right after it).
SIGNING_NOUN_RE = re.compile(r"\bUnterzeichnung\s+(?:der|des|einer|eines|dieser|dieses)\s+")
# Announcements: a modal or future auxiliary governing an infinitive of signing, or a coming day.
PLANNED_RE = re.compile(
    r"\b(?:soll|sollen|sollte|sollten|wird|werden|will|wollen|möchte|möchten|plant|planen"
    r"|beabsichtigt|beabsichtigen)\b[^.!?]*?\b(?:unterzeichnen|unterschreiben|beitreten|besiegeln|schließen"
    r"|unterzeichnet\s+werden|unterschrieben\s+werden|besiegelt\s+werden|geschlossen\s+werden"
    r"|erfolgen|stattfinden)\b"
    r"|\b(?:am|zum|im)\s+(?:kommenden|nächsten|morgigen)\s+\w+|\bmorgen\b|\bdemnächst\b|\bin\s+Kürze\b"
    r"|\bkünftig\b|\b(?:geplante|vorgesehene|bevorstehende)n?\s+Unterzeichnung\b|\bist\s+geplant\b"
)
TODAY_RE = re.compile(
    r"\b(?:[Hh]eute|[Aa]m\s+heutigen\s+(?:Tag|Vormittag|Nachmittag|Abend|Morgen|Montag|Dienstag|Mittwoch"
    r"|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag))\b"
)
# A finite auxiliary: "hat ... unterzeichnet" reports a past signing; "besiegelt" alone may be present tense.
AUXILIARY_RE = re.compile(r"\b(?:hat|haben|hatte|hatten|wurde|wurden|ist|sind|war|waren|worden)\b")
PRESENT_SIGN_RE = re.compile(
    r"\b(?:unterzeichnet|unterzeichnen|besiegelt|besiegeln|schließt|schließen|unterschreibt)\b"
)
# "17 Kooperationsvereinbarungen unterzeichnet": a count of signings is a statistic, not a report of one.
COUNTED_RE = re.compile(r"(?:\d[\d.]*|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+(?:\S+\s+)?$")
GROUP_RE = re.compile(
    r"\b(?:Städtebund(?:es|s)?|Städteverbund(?:es|s)?|Verwaltungsgemeinschaft|Verwaltungsverband(?:es|s)?"
    r"|Gemeindeverband(?:es|s)?)\s+(?:»|„|\")?(?P<name>[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?)"
)
# A town after these is a place (in Torgau, im Rodewischer Rathaus, nach den Städten Görlitz ...);
# "zwischen der Stadt Riesa und der Polizeidirektion" names the parties, so "zwischen" is not here.
LOCATION_BEFORE_RE = re.compile(
    r"\b(?:[Ii]n|[Ii]m|[Aa]us|[Nn]ach|[Bb]ei|[Vv]or|[Aa]b|[Uu]m|[Nn]ahe)\s+"
    r"(?:(?:der|dem|den|die|das|des)\s+)?(?:[A-ZÄÖÜ][\w./-]*\s+){0,2}$"
)
# A town after these is part of an organisation's name (Polizeidirektion Zwickau, Landkreis Görlitz).
ORG_BEFORE_RE = re.compile(
    r"\b(?:Polizei|Polizeidirektion|Polizeirevier\w*|Polizeipräsidium|Polizeistützpunkt\w*|Landkreis\w*|Revier\w*"
    r"|Sparkasse|Hochschule|Fachhochschule|Universität|TU|HTW|Klinikum|Landratsamt|Amtsgericht|Landgericht)"
    r"\s+(?:\w+\s+)?$"
)
COORD_RE = re.compile(r"\s*(?:,|und|sowie|oder|,\s*und)\s*")
# What an ordinal of signings orders: "die 50. Kommune", "die 50. ASSKomm-Kooperationsvereinbarung".
ORDINAL_ORDERS_RE = re.compile(
    r"^(?:[\w»«]+-)?(?:Kommune|Kooperationsvereinbarung|Vereinbarung|Stadt|Gemeinde|Mitglied|Mitgliedskommune"
    r"|Unterzeichnung|Partnerschaft|Sicherheitspartnerschaft)$"
)
WINDOW = 3  # sentences around a signing in which its municipality may be named when the signing names none


@dataclass(frozen=True, slots=True)
class _Term:
    pattern: re.Pattern[str]
    value: str


@functools.cache
def _terms() -> dict[str, tuple[_Term, ...]]:
    """The lexicon of kinds, programmes, partners, joining targets and town offices."""
    out: dict[str, list[_Term]] = {}
    with (data_dir() / TERMS_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.setdefault(row["type"], []).append(_Term(re.compile(row["pattern"]), row["value"]))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _alternation(kind: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in _terms()[kind]))


@dataclass(slots=True)
class _Signing:
    """A sentence that reports a signing."""

    index: int
    start: int
    end: int
    planned: bool
    day: date | None  # the day it states (a full date or "heute")
    dated: bool  # it states some date, perhaps not a full one
    kind: str | None
    lead_day: date | None = None  # "Der 26. Oktober 2020 ist ein wichtiger Tag. ... unterzeichneten ...": the day
    # the sentence before it states, in the same paragraph


@dataclass(slots=True)
class _Signer:
    ags: str
    name: str
    start: int
    end: int
    rule: str
    via: str | None = None
    sentences: list[_Signing] = field(default_factory=list)
    day: date | None = None  # a full date in the sentence that names the town, when the signing has none


def extract_agreements(
    doc: Doc,
    release: ReleaseInfo,
    communes: list[CommuneMention],
    people: list[PersonMention],
    dates: list[DateMention],
    ordinals: list[Ordinal],
) -> list[Agreement]:
    """One Agreement per Saxon municipality that signs an agreement the release reports."""
    text = doc_text(doc)
    if not KIND_HINT_RE.search(text) or not _alternation("kind").search(text):
        return []
    bounds = [(s.start_char, s.end_char) for s in doc.sents if not s.text.isspace()]
    starts = [b[0] for b in bounds]
    signings = _signings(text, bounds, release, dates)
    if not signings:
        return []
    rows = table_rows(text)
    gemeinden = [c for c in communes if c.level == "gemeinde" and not in_table(rows, c.start)]
    actors = _actors(text, gemeinden)
    signers: dict[str, _Signer] = {}

    def add(signer: _Signer, signing: _Signing) -> None:
        known = signers.setdefault(signer.ags, signer)
        if signing not in known.sentences:
            known.sentences.append(signing)

    for signing in signings:
        for m in actors:
            if signing.start <= m.start < signing.end:
                add(_Signer(m.ags, m.name, m.start, m.end, "signing_sentence", m.via), signing)
        for p in people:
            if (
                p.commune_ags
                and signing.start <= p.start < signing.end
                and p.relation in ("signatory", "quoted", "mentioned")
            ):
                if p.role and _alternation("office").search(p.role):
                    add(_Signer(p.commune_ags, _name_of(p.commune_ags, gemeinden), p.start, p.end, "mayor"), signing)
        for group in GROUP_RE.finditer(text, signing.start, signing.end):
            for m in _members(text, group.group("name"), gemeinden, actors, bounds):
                add(_Signer(m.ags, m.name, m.start, m.end, "group_member", group.group(0)), signing)
    if not signers:
        for signing in signings:
            focus = _focus(actors, bounds, release, signing.index)
            if focus is not None:
                day = _day_at(focus.start, bounds, starts, dates, release)
                add(_Signer(focus.ags, focus.name, focus.start, focus.end, "focus", day=day), signing)
    return _agreements(text, signers, signings, release, people, ordinals, bounds, starts)


def _signings(
    text: str, bounds: list[tuple[int, int]], release: ReleaseInfo, dates: list[DateMention]
) -> list[_Signing]:
    """The sentences that report a signing (or announce one)."""
    kind_re, join_re = _alternation("kind"), _alternation("join")
    rows = table_rows(text)
    out: list[_Signing] = []
    for i, (start, end) in enumerate(bounds):
        sentence = text[start:end]
        if not ACT_HINT_RE.search(sentence) or in_table(rows, start):
            continue  # no word of signing or joining; or a table row, which states figures and reports no signing
        sign, close = SIGN_RE.search(sentence), CLOSE_RE.search(sentence)
        noun, joins = SIGNING_NOUN_RE.search(sentence), JOIN_RE.search(sentence)
        if not (sign or close or noun or joins):
            continue
        named = kind_re.search(sentence)
        signs = sign or (named and close) or (noun and _noun_names_agreement(sentence, kind_re))
        if not signs and not joins:
            continue
        if named and COUNTED_RE.search(sentence[: named.start()]) and not _names_one(sentence, named.start()):
            continue  # "17 Kooperationsvereinbarungen wurden unterzeichnet": a statistic
        near = text[bounds[max(0, i - 1)][0] : bounds[min(len(bounds) - 1, i + 1)][1]]
        if not (kind_re.search(near) or (joins and join_re.search(sentence))):
            continue  # something else was signed (a Förderbescheid, the Golden Book)
        in_sentence = [d for d in dates if start <= d.start < end]
        day = next((d.value for d in in_sentence if d.granularity == "day" and not d.inferred), None)
        if day is None and TODAY_RE.search(sentence) and release.date is not None:
            day = release.date
        planned = bool(PLANNED_RE.search(sentence)) or (
            day is not None and release.date is not None and day > release.date
        )
        kind = next((t.value for t in _terms()["kind"] if t.pattern.search(sentence)), None)
        lead_day = None
        if i > 0 and "\n\n" not in text[bounds[i - 1][1] : start]:
            before = [d for d in dates if bounds[i - 1][0] <= d.start < bounds[i - 1][1]]
            lead_day = next(
                (
                    d.value
                    for d in before
                    if d.granularity == "day" and not d.inferred and (release.date is None or d.value <= release.date)
                ),
                None,
            )
        signing = _Signing(i, start, end, planned, day, bool(in_sentence) or day is not None, kind, lead_day)
        out.append(signing)
    # "Die Stadt besiegelt ihre Zusammenarbeit. Am kommenden Montag soll der Vertrag geschlossen werden.":
    # an undated signing in the present tense is the announcement the next sentence dates.
    for a, b in zip(out, out[1:], strict=False):
        sentence = text[a.start : a.end]
        if (
            b.index == a.index + 1
            and b.planned
            and not a.planned
            and not a.dated
            and PRESENT_SIGN_RE.search(sentence)
            and not AUXILIARY_RE.search(sentence)
        ):
            a.planned = True
    return out


def _noun_names_agreement(sentence: str, kind_re: re.Pattern[str]) -> bool:
    """``Unterzeichnung der (neuen) Kooperationsvereinbarung``: the agreement within three words of the noun."""
    return any(kind_re.search(" ".join(sentence[m.end() :].split()[:3])) for m in SIGNING_NOUN_RE.finditer(sentence))


def _names_one(sentence: str, at: int) -> bool:
    """``eine``/``die`` right before the agreement: one signing, even if a number stands earlier."""
    return bool(re.search(r"\b(?:eine|einen|die|den|der|ihre|seine)\s+(?:\S+\s+)?$", sentence[:at]))


def _actors(text: str, communes: list[CommuneMention]) -> list[CommuneMention]:
    """Mentions that name a town as an actor: not a place, not part of an organisation's name."""
    office_re = _alternation("office")
    out: list[CommuneMention] = []
    prev_end, prev_ok = -1, False
    for m in communes:
        before = text[max(0, m.start - 60) : m.start]
        if prev_end >= 0 and COORD_RE.fullmatch(text[prev_end : m.start]):
            ok = prev_ok  # "in Görlitz und Zittau": a list shares its head
        elif ORG_BEFORE_RE.search(before) or LOCATION_BEFORE_RE.search(before):
            ok = False
        elif _adjectival(m):
            # adjectival: "der Meeraner Bürgermeister" acts, "im Rodewischer Rathaus" is a place
            ok = bool(office_re.search(m.text)) or bool(office_re.match(text[m.end : m.end + 40].lstrip()))
        else:
            ok = True
        if ok:
            out.append(m)
        prev_end, prev_ok = m.end, ok
    return out


def _adjectival(m: CommuneMention) -> bool:
    """``Meeraner``, ``Rodewischer``: the printed form's last word is not the name's."""
    word = m.text.split()[-1] if m.text.split() else m.text
    base = re.split(r"[/,(]", m.name)[0].split()[-1]
    return word.endswith("er") and word != base and len(word) > len(base)


def _members(
    text: str, group: str, communes: list[CommuneMention], actors: list[CommuneMention], bounds: list[tuple[int, int]]
) -> list[CommuneMention]:
    """The members of a named group: mentions made through it, or towns listed beside its name."""
    via = [m for m in communes if m.via and group in m.via]
    if via:
        return via
    out: list[CommuneMention] = []
    for start, end in bounds:
        if group not in text[start:end]:
            continue
        listed = [m for m in actors if start <= m.start < end]
        if len(listed) >= 2:
            out.extend(listed)
    return out


def _focus(
    actors: list[CommuneMention], bounds: list[tuple[int, int]], release: ReleaseInfo, index: int
) -> CommuneMention | None:
    """The town named most often around a signing that names none itself, or in the headline."""
    lo = bounds[max(0, index - WINDOW)][0]
    hi = bounds[min(len(bounds) - 1, index + WINDOW)][1]
    head = release.title_span or (0, bounds[min(len(bounds) - 1, 2)][1])
    near = [m for m in actors if lo <= m.start < hi or head[0] <= m.start < head[1]]
    if not near:
        return None
    counts: dict[str, int] = {}
    for m in near:
        counts[m.ags] = counts.get(m.ags, 0) + 1
    best = max(counts.values())
    return next(m for m in near if counts[m.ags] == best)


def _day_at(
    offset: int, bounds: list[tuple[int, int]], starts: list[int], dates: list[DateMention], release: ReleaseInfo
) -> date | None:
    """A full date stated in the sentence at ``offset``, not after the release."""
    start, end = bounds[bisect.bisect_right(starts, offset) - 1]
    for d in dates:
        if start <= d.start < end and d.granularity == "day" and not d.inferred:
            if release.date is None or d.value <= release.date:
                return d.value
    return None


def _name_of(ags: str, communes: list[CommuneMention]) -> str:
    return next((m.name for m in communes if m.ags == ags), ags)


def _agreements(
    text: str,
    signers: dict[str, _Signer],
    signings: list[_Signing],
    release: ReleaseInfo,
    people: list[PersonMention],
    ordinals: list[Ordinal],
    bounds: list[tuple[int, int]],
    starts: list[int],
) -> list[Agreement]:
    """Records for the signers: date, kind, programme, partners, people, ordinal."""
    # The day of the release's signing, for a town whose own sentence states no date at all: only when the
    # release reports signings on one day (a page with two releases reports two).
    days = {s.day for s in signings if s.day is not None and not s.planned}
    main_day = next(iter(days)) if len(days) == 1 else None
    kinds = [s.kind for s in signings if s.kind]
    signed_count = len({a for a, s in signers.items() if any(not x.planned for x in s.sentences)})
    out: list[Agreement] = []
    for signer in signers.values():
        own = sorted(signer.sentences, key=lambda s: s.index)
        planned = all(s.planned for s in own)
        pool = [s for s in own if s.planned == planned]
        day = next((s.day for s in pool if s.day is not None), None)
        if day is None and not any(s.dated for s in pool) and not planned:
            day = next((s.lead_day for s in pool if s.lead_day), None) or main_day or signer.day
        lo = bounds[max(0, own[0].index - 1)][0]
        hi = bounds[min(len(bounds) - 1, own[-1].index + 1)][1]
        context = text[lo:hi]
        kind = next((s.kind for s in pool if s.kind), kinds[0] if kinds else "Vereinbarung")
        programme = _first_value("programme", context) or _first_value("programme", text)
        partners = tuple(dict.fromkeys(_all_values("partner", context)))
        signatories = tuple(dict.fromkeys(p.name for p in people if p.relation == "signatory" and lo <= p.start < hi))
        witnesses = tuple(dict.fromkeys(p.name for p in people if p.relation == "witness" and lo <= p.start < hi))
        ordinal = _ordinal(signer, ordinals, bounds, starts, signed_count)
        out.append(
            Agreement(
                text=text[signer.start : signer.end],
                start=signer.start,
                end=signer.end,
                rule=signer.rule + (":planned" if planned else ""),
                commune_ags=signer.ags,
                commune=signer.name,
                date=day,
                kind=kind,
                programme=programme,
                status="planned" if planned else "signed",
                ordinal=ordinal,
                partners=partners,
                signatories=signatories,
                witnesses=witnesses,
            )
        )
    return sorted(out, key=lambda a: (a.start, a.commune_ags))


def _first_value(kind: str, text: str) -> str | None:
    for term in _terms()[kind]:
        if term.pattern.search(text):
            return term.value
    return None


def _all_values(kind: str, text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for term in _terms()[kind]:
        for m in term.pattern.finditer(text):
            found.append((m.start(), term.value.format(**m.groupdict())))
    return [v for _, v in sorted(found)]


def _ordinal(
    signer: _Signer, ordinals: list[Ordinal], bounds: list[tuple[int, int]], starts: list[int], signed_count: int
) -> int | None:
    """The statewide rank the release gives this signing (die 50. Kommune); a rank within a Kreis is not kept."""
    fitting = [o for o in ordinals if ORDINAL_ORDERS_RE.match(o.orders) and not o.scope and o.value > 1]
    if not fitting:
        return None
    if signed_count != 1:
        # several towns sign: only an ordinal in a sentence that names this town is its own
        mine = {bisect.bisect_right(starts, s.start) - 1 for s in signer.sentences}
        mine.add(bisect.bisect_right(starts, signer.start) - 1)
        fitting = [o for o in fitting if bisect.bisect_right(starts, o.start) - 1 in mine]
    fitting.sort(key=lambda o: (o.measure is None, o.start))
    return fitting[0].value if fitting else None

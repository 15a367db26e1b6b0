"""Commune mentions: every Saxon municipality a release refers to, linked to its AGS.

A span ruler built once from the gazetteer marks every surface form of every
municipality (registered name, name without its qualifier, Sorbian name,
genitive, adjectival form) and of every Landkreis. Rules then drop names that
are only part of an organisation's name, decide between municipalities that
share a name (the Kreise the text names or points to, the kind word in front)
and pick the key valid on the release date.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span

from extract.gazetteer import (
    ADJECTIVE_RULE,
    GAZETTEER_DIR,
    Commune,
    Kreis,
    base_name,
    kreis_forms,
    load_gazetteer,
    surface_forms,
)
from extract.nlp import COMMUNE_SPANS_KEY, LABEL_COMMUNE, LABEL_GROUP, LABEL_KREIS, doc_text
from extract.records import CommuneMention, ReleaseInfo

CONTEXT_FILE = GAZETTEER_DIR / "context.jsonl"

POSTCODE_RE = re.compile(r"^\d{5}$")
ORG_NAME_MAX_TOKENS = 5
# Tokens that may stand inside an organisation's name between its head and the place:
# "SG Olympia 1896 Leipzig", "TSV »Vorwärts« Mylau", "FV Blau-Weiß Hartmannsdorf".
ORG_NAME_FILLER_RE = re.compile(r"(?:1[89]|20)\d\d|[-»«„“\"'&]|\d+\.")
APOSTROPHES = ("'", "’")
# "Polizeidirektion Zwickau" points to the Kreise it serves; "Polizeirevier Aue" to its town's Kreis.
POLICE_RE = re.compile(r"\b(?P<kind>Polizeidirektion(?:en)?|PD|Polizeireviers?|Reviers?)\s+(?P<place>[A-ZÄÖÜ][\w.-]+)")
KREIS_PLURALS = ("Landkreise", "Landkreisen", "Kreise", "Kreisen")
LIST_JOINERS = (",", "und", "sowie", "oder", "/")
LIST_FILLERS = ("mit", "dem", "den", "der", "bewerbungen", "projekten")
# A name followed by its qualifier: "Frankenberg (Eder)", "Coswig/Anhalt", "Neukirchen im Saarland".
QUALIFIER_AFTER_RE = re.compile(
    r"\s*(?:\(\s*(?P<paren>[A-ZÄÖÜ][\w.-]*(?:\s[A-ZÄÖÜ][\w.-]*)?)\s*\)|/\s*(?P<slash>[A-ZÄÖÜ][\w.-]*)"
    r"|,?\s(?:am|an der|in der|im|in|bei)\s+(?P<prep>[A-ZÄÖÜ][\w.-]*))"
)
# "im Landkreis Waldeck-Frankenberg", "(Kreis Fulda)": a Kreis named right after the town.
KREIS_AFTER_RE = re.compile(
    r"\s*(?:\(|,)?\s*(?:im|in dem|aus dem)?\s*(?:Land)?[Kk]reis(?:es)?\s+(?P<kreis>[A-ZÄÖÜ][\w-]*)"
)
SAXON_SIGNAL_RE = re.compile(r"\b(?:Sachsen(?!-Anhalt)|Sachsens|[Ss]ächsisch\w*|Freistaat(?:e?s)?\s+Sachsen)\b")
FOREIGN_BEFORE_TOKENS = 3
YEAR_RE = re.compile(r"(?<![\d.,])(20[0-4]\d)(?![\d.,]\d)")
FOREIGN_TEXT_MIN = 2  # one passing comparison with another Land does not make a release about it
ORTSTEIL_AFTER_RE = re.compile(r"(?:,\s*(?:ein|einem|der|heute)\s+|\s*\(\s*)(?:Orts|Stadt|Gemeinde)teils?\b")
# Kreisfreie Städte are named as such in any release; other names in a release about another Land are its towns.
SAFE_IN_FOREIGN_TEXT = ("Kreisfreie Stadt",)


@dataclass(frozen=True, slots=True)
class _Context:
    org_heads: frozenset[str]
    not_after_adjective: frozenset[str]
    office_elsewhere: frozenset[str]
    kind_town: frozenset[str]
    kind_gemeinde: frozenset[str]
    name_tails: frozenset[str]  # "Dresden Elbland", "Leipzig Region": a place that opens a region's name
    legal_forms: frozenset[str]  # "GmbH", "e. V.": a company's or club's name ends here
    regions: dict[str, tuple[str, ...]]
    police: dict[str, tuple[str, ...]]
    other_land_re: re.Pattern[str]  # a Land other than Saxony, as a name or an adjective
    other_land_adjectives: frozenset[str]
    foreign_qualifiers: frozenset[str]
    saxon_qualifiers: frozenset[str]


@functools.cache
def _context() -> _Context:
    rows = [json.loads(line) for line in Path(CONTEXT_FILE).read_text(encoding="utf-8").splitlines() if line.strip()]
    by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_type[str(row["type"])].append(row)

    def words(kind: str) -> frozenset[str]:
        return frozenset(str(r["word"]) for r in by_type[kind])

    def kreise(kind: str) -> dict[str, tuple[str, ...]]:
        return {str(r["word"]): tuple(r["kreise"]) for r in by_type[kind]}  # type: ignore[arg-type]

    return _Context(
        org_heads=words("org_head"),
        not_after_adjective=words("not_after_adjective"),
        office_elsewhere=words("office_elsewhere"),
        kind_town=words("kind_town"),
        kind_gemeinde=words("kind_gemeinde"),
        name_tails=words("name_tail"),
        legal_forms=words("legal_form"),
        regions=kreise("region"),
        police=kreise("police_district"),
        other_land_re=_other_land_re(words("other_land"), words("other_land_adjective")),
        other_land_adjectives=words("other_land_adjective"),
        foreign_qualifiers=frozenset(w.lower() for w in words("foreign_qualifier") | words("other_land")),
        saxon_qualifiers=frozenset(w.lower() for w in words("saxon_qualifier")),
    )


def _other_land_re(names: frozenset[str], adjectives: frozenset[str]) -> re.Pattern[str]:
    """Names of other Länder and their adjectives ('hessische', 'Berliner'), not in street names."""
    names_alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    adj_alt = "|".join(re.escape(a) for a in sorted(adjectives, key=len, reverse=True))
    street = r"(?!\s+(?:Straße|Str\.|Platz|Allee|Ring|Chaussee|Tor|Weg)\b)"
    return re.compile(
        rf"(?<![\w-])(?:(?:{names_alt})(?![\w-])|(?i:(?:nord|süd|ost|west|mittel)?(?:{adj_alt})\w*)){street}"
    )


def _token_key(text: str) -> str:
    """A token lower-cased with a genitive ending removed: 'Volkstheaters' -> 'volkstheater'."""
    key = text.lower()
    for ending in ("es", "s"):
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)]
    return key


@functools.cache
def _suffix_re(heads: frozenset[str]) -> re.Pattern[str]:
    """One regex for 'ends with one of these heads' (compound nouns: 'Pleißental-Klinik', 'Polizeidirektion')."""
    long_heads = sorted((re.escape(h) for h in heads if len(h) > 4), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(long_heads)})$")


def _is_org_head(text: str, heads: frozenset[str]) -> bool:
    """Whether a token names an organisation: 'Polizeidirektion', 'Pleißental-Klinik', 'TU'."""
    lower = text.lower()
    key = _token_key(text)
    return lower in heads or key in heads or bool(_suffix_re(heads).search(lower) or _suffix_re(heads).search(key))


def _kind_hint(doc: Doc, span: Span, ctx: _Context) -> str | None:
    """'town' or 'gemeinde' from the word in front: 'Stadt Zwickau', 'Gemeinde Bannewitz'."""
    if span.start == 0:
        return None
    word = doc[span.start - 1].text.lower()
    if word in ctx.kind_town:
        return "town"
    if word in ctx.kind_gemeinde:
        return "gemeinde"
    return None


def _valid(candidates: list[Commune], day: date | None) -> list[Commune]:
    """The candidates whose key was (or may have been) valid on the day."""
    if day is None:
        return [c for c in candidates if c.current]
    # Between two register snapshots a dissolution date is only bounded: keep what may have existed.
    # A name whose municipality was certainly gone is an Ortsteil by then, and Ortsteile are not counted.
    return [c for c in candidates if c.valid_on(day)] or [c for c in candidates if c.maybe_valid_on(day)]


def _choose(candidates: list[tuple[Commune, str]], kreis_votes: Counter[str], hint: str | None) -> tuple[Commune, str]:
    """Decide between municipalities sharing a name: kind word, Kreise in the text, exact name, size."""

    def score(item: tuple[Commune, str]) -> float:
        commune, rule = item
        value = 2.0 * kreis_votes.get(commune.kreis_ags, 0)
        if hint == "town":
            value += 3.0 if commune.is_town else -3.0
        elif hint == "gemeinde":
            value += 3.0 if not commune.is_town else -1.0
        value += 0.5 if rule in ("name", "sorbian") else 0.0
        value += 0.1 * math.log10(max(commune.population or 1, 1))
        return value

    return max(candidates, key=score)


def _kreis_votes(doc: Doc, kreis_spans: list[Span], unique: list[Commune], ctx: _Context) -> Counter[str]:
    """How strongly the text points to each Kreis: named Kreise, police districts, regions, unambiguous towns."""
    votes: Counter[str] = Counter()
    gazetteer = load_gazetteer()
    for span in kreis_spans:
        votes[kreis_forms()[span.text].kreis_ags] += 2
    for commune in unique:
        votes[commune.kreis_ags] += 1
    text = doc_text(doc)
    for match in POLICE_RE.finditer(text):
        if match["kind"].startswith("Polizeidirektion") or match["kind"] == "PD":
            for kreis_ags in ctx.police.get(match["place"], ()):
                votes[kreis_ags] += 1
        elif gazetteer.by_name(match["place"]):
            votes[gazetteer.by_name(match["place"])[0].kreis_ags] += 1
    for word, kreise in ctx.regions.items():
        if word in text:
            for kreis_ags in kreise:
                votes[kreis_ags] += 2
    return votes


def _inside_org_name(doc: Doc, span: Span, heads: frozenset[str]) -> bool:
    """Whether the name ends an organisation's name: 'Polizeidirektion Zwickau', 'SG Olympia 1896 Leipzig'."""
    i = span.start - 1
    for _ in range(ORG_NAME_MAX_TOKENS):
        if i < 0:
            return False
        token = doc[i]
        if _is_org_head(token.text, heads):
            return True
        # Walk back only through the words of one name ("St.", "Johannes", "-", a founding year).
        if token.is_sent_start or not (token.text[:1].isupper() or ORG_NAME_FILLER_RE.fullmatch(token.text)):
            return False
        i -= 1
    return False


def _legal_form_after(doc: Doc, span: Span, legal_forms: frozenset[str]) -> bool:
    """Whether a company's or club's legal form closes the name: 'Dresdner Industrieanlagen GmbH', 'Riesa e. V.'."""
    for token in doc[span.end : span.end + ORG_NAME_MAX_TOKENS]:
        if token.text in legal_forms:
            return True
        if token.is_sent_start or not (token.text[:1].isupper() or ORG_NAME_FILLER_RE.fullmatch(token.text)):
            return False
    return False


def _skip_reason(doc: Doc, span: Span, rule: str, ctx: _Context) -> str | None:
    """Why a name at this place is not a mention of the municipality, if it is not."""
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if _inside_org_name(doc, span, ctx.org_heads) or _legal_form_after(doc, span, ctx.legal_forms):
        return "organisation"
    if nxt is not None and nxt.text in ctx.name_tails:
        return "organisation"  # "Dresden Elbland": a tourism region named after the city
    if prev is not None and POSTCODE_RE.match(prev.text):
        return "address"
    if prev is not None and prev.lower_ in ("von", "aus", "in") and span.start > 1:
        if _token_key(doc[span.start - 2].text) in ctx.office_elsewhere:
            return "office elsewhere"  # "der Revierführer von Werdau"
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt is not None and nxt.text == "(" and after is not None and after.lower_ in ("ot", "ortsteil"):
        return "ortsteil"  # "Hermsdorf (OT von Ottendorf-Okrilla)"
    if _foreign_here(doc, span, ctx):
        return "other land"
    if rule != ADJECTIVE_RULE and ORTSTEIL_AFTER_RE.match(doc_text(doc), span.end_char):
        return "ortsteil"  # "Hartmannsdorf, ein Ortsteil von Lichtenau"; "Krauschwitzer Ortsteil" is the town
    if nxt is not None and (rule == "genitive" or nxt.text in APOSTROPHES):
        # "Görlitz' Polizeipräsident", "Plauens Polizeichef": an office elsewhere, named after the town it serves.
        noun = doc[span.end + 1] if nxt.text in APOSTROPHES and span.end + 1 < len(doc) else nxt
        if _is_org_head(noun.text, ctx.not_after_adjective) or _token_key(noun.text) in ctx.office_elsewhere:
            return "office elsewhere"
    if rule == ADJECTIVE_RULE:
        # "Meeraner Bürgermeister" is the town; "der Zwickauer Polizeipräsident" and a surname are not.
        if nxt is None or not nxt.text[:1].isupper() or not nxt.is_alpha:
            return "adjective without noun"
        if _is_org_head(nxt.text, ctx.not_after_adjective):
            return "office elsewhere"
    return None


@functools.cache
def _saxon_kreis_words() -> frozenset[str]:
    """First words of the Saxon Kreise's short names: 'Zwickau', 'Sächsische', 'Mittelsachsen'."""
    return frozenset(k.short.split()[0].split("-")[0] for k in load_gazetteer().kreise)


def _foreign_here(doc: Doc, span: Span, ctx: _Context) -> bool:
    """Whether the words around the name place it in another Land: 'Frankenberg (Eder)', 'das bayerische Neukirchen'."""
    text = doc_text(doc)
    after = text[span.end_char : span.end_char + 60]
    qualifier = QUALIFIER_AFTER_RE.match(after)
    if qualifier:
        word = (qualifier["paren"] or qualifier["slash"] or qualifier["prep"] or "").lower()
        if word in ctx.foreign_qualifiers or (word and ctx.other_land_re.fullmatch(word)):
            return True
    kreis = KREIS_AFTER_RE.match(after)
    if kreis and kreis["kreis"].split("-")[0] not in _saxon_kreis_words():
        return True  # "Frankenberg im Landkreis Waldeck-Frankenberg"
    # An adjective of another Land in front, within the same phrase: "die nordhessische Stadt", "Berliner Bezirk".
    for i in range(span.start - 1, max(-1, span.start - 1 - FOREIGN_BEFORE_TOKENS), -1):
        token = doc[i]
        if token.is_punct or token.lower_ in ("und", "sowie", "oder") or doc[i + 1].is_sent_start:
            break
        if token.text[:1].islower() or token.text in ctx.other_land_adjectives or token.lower_.endswith("er"):
            if ctx.other_land_re.fullmatch(token.text):
                return True
    return False


def _foreign_text(text: str, ctx: _Context) -> bool:
    """Whether the release is about another Land: it names other Länder more often than Saxony."""
    foreign = len(ctx.other_land_re.findall(text))
    return foreign >= FOREIGN_TEXT_MIN and foreign > len(SAXON_SIGNAL_RE.findall(text))


def _saxon_support(doc: Doc, span: Span, commune: Commune, rule: str, kreis_spans: list[Span]) -> bool:
    """Whether the mention says it is the Saxon town: its qualifier, Sorbian name, a Saxon word or Kreis nearby."""
    qualified = span.text == commune.name != base_name(commune.name)  # "Frankenberg/Sa." as printed
    if commune.kind in SAFE_IN_FOREIGN_TEXT or rule.endswith("sorbian") or qualified:
        return True
    sent = span.sent
    if any(k.start >= sent.start and k.end <= sent.end for k in kreis_spans):
        return True
    return bool(SAXON_SIGNAL_RE.search(doc_text(doc)[sent.start_char : sent.end_char]))


def _kreis_list_items(doc: Doc, spans: list[Span]) -> set[int]:
    """Starts of names listed after a plural 'Landkreise': 'in die Landkreise Görlitz und Bautzen'."""
    kreis_names = {k.short for k in load_gazetteer().kreise if k.kind == "Landkreis"}
    starts: set[int] = set()
    listing = False
    last_end = -1
    for span in spans:
        prev = doc[span.start - 1].text if span.start > 0 else ""
        joined = (
            listing
            and span.start > last_end
            and all(
                t.text in LIST_JOINERS or t.like_num or t.lower_ in LIST_FILLERS for t in doc[last_end : span.start]
            )
        )
        if prev in KREIS_PLURALS or joined:
            if span.text in kreis_names:
                starts.add(span.start)
                listing, last_end = True, span.end
                continue
        if span.start > last_end:
            listing = False
    return starts


def _longest(spans: list[Span]) -> list[Span]:
    """Drop spans inside a longer one ('Mittelsachsen' inside 'Landkreis Mittelsachsen')."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _kreis_mention(span: Span, kreis: Kreis, rule: str) -> CommuneMention:
    """A mention of a Landkreis, keyed by its 5-digit Kreis key."""
    return CommuneMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        rule=rule,
        ags=kreis.kreis_ags,
        name=kreis.name,
        level="kreis",
    )


def extract_communes(doc: Doc, release: ReleaseInfo) -> list[CommuneMention]:
    """Every mention of a Saxon municipality (and of a Landkreis, level 'kreis'), sorted by start."""
    gazetteer = load_gazetteer()
    ctx = _context()
    forms = surface_forms()
    spans = sorted(doc.spans.get(COMMUNE_SPANS_KEY, []), key=lambda s: (s.start, -(s.end - s.start)))
    kreis_spans = _longest([s for s in spans if s.label_ == LABEL_KREIS])
    group_spans = [s for s in spans if s.label_ == LABEL_GROUP]
    covered = {i for s in kreis_spans for i in range(s.start, s.end)}
    group_heads = {s.start + 1: s for s in group_spans}

    # Longest match wins where forms overlap ("Frankenberg/Sa." over "Frankenberg").
    chosen: list[Span] = []
    last_end = -1
    for span in spans:
        if span.label_ != LABEL_COMMUNE or span.start < last_end or span.start in covered:
            continue
        chosen.append(span)
        last_end = span.end

    listed_kreise = _kreis_list_items(doc, chosen)
    day, estimated = release.date, False
    if day is None:  # an undated release is as old as the latest year it names, if it names one
        years = [int(y) for y in YEAR_RE.findall(doc_text(doc))]
        day, estimated = (date(max(years), 12, 31), True) if years else (None, False)
    pending: list[tuple[Span, list[tuple[Commune, str]], str | None]] = []
    kreis_mentions: list[CommuneMention] = []
    for span in chosen:
        found = forms.get(span.text, ())
        rule = found[0].rule if found else "name"
        if span.start in listed_kreise:
            kreis_mentions.append(_kreis_mention(span, kreis_forms()[f"Landkreis {span.text}"], "landkreis_list"))
            continue
        # "VG Naunhof" names the group, unless its members follow: "Verwaltungsgemeinschaft Schleife/ Trebendorf".
        if span.start in group_heads:
            if not (span.end < len(doc) and doc[span.end].text in ("/", ",")):
                continue
        elif _skip_reason(doc, span, rule, ctx):
            continue
        communes = [gazetteer.by_ags(f.ags) for f in found]
        known = [c for c in communes if c is not None]
        valid = {c.ags for c in _valid(known, day) or (_valid(known, None) if estimated else [])}
        candidates = [(c, f.rule) for c, f in zip(communes, found, strict=True) if c is not None and c.ags in valid]
        if candidates:
            pending.append((span, candidates, _kind_hint(doc, span, ctx)))

    unique = [cands[0][0] for _, cands, _ in pending if len(cands) == 1]
    votes: Counter[str] = Counter()
    if any(len(cands) > 1 for _, cands, _ in pending):  # the context is only needed for shared names
        votes = _kreis_votes(doc, kreis_spans, unique, ctx)
        votes.update({m.ags: 2 for m in kreis_mentions})
    foreign_text = _foreign_text(doc_text(doc), ctx)
    mentions: list[CommuneMention] = []
    for span, candidates, hint in pending:
        commune, rule = candidates[0] if len(candidates) == 1 else _choose(candidates, votes, hint)
        if foreign_text and not _saxon_support(doc, span, commune, rule, kreis_spans):
            continue  # "Neukirchen" in a release about Hessian towns is a Hessian town
        if hint:
            rule = f"kind_prefix+{rule}"
        mentions.append(
            CommuneMention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                rule=rule,
                ags=commune.ags,
                name=commune.name,
                via=_group_of(doc, span, commune, group_spans),
            )
        )
    for span in kreis_spans:
        mentions.append(_kreis_mention(span, kreis_forms()[span.text], "landkreis"))
    return sorted(mentions + kreis_mentions, key=lambda m: (m.start, m.end))


def _group_of(doc: Doc, span: Span, commune: Commune, groups: list[Span]) -> str | None:
    """The named group (VG, Städtebund) whose members the sentence spells out, if this is one of them."""
    for group in groups:
        if group.start >= span.start or group.sent.start != span.sent.start:
            continue
        name = group[-1].text
        word = group[0].text.removesuffix("es")
        verbaende = load_gazetteer().verbaende
        if word == "Städtebund" or any(v.name == name and commune.ags in v.members_ags for v in verbaende):
            return f"{word} {name}"
    return None

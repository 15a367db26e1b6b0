"""Measure keys: programme, counted noun's lemma and predicate joined into a key stable across releases."""

from __future__ import annotations

import functools
import re
import unicodedata

from extract.fields.figures.lexicon import _lexicon
from extract.fields.figures.tokens import QUOTES
from extract.german import MONTHS
from extract.records import ReleaseInfo


def fold_key(text: str) -> str:
    """A lowercase ASCII key part: umlauts spelled out, spaces as hyphens."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _measure(programme: str | None, lemma: str | None, predicate: str | None) -> str:
    return ":".join(fold_key(part or "") for part in (programme, lemma, predicate))


def _strip_programme(lemma: str, programme: str | None) -> tuple[str, str | None]:
    """``ASSKomm-Coaching-Prozess`` -> (``Coaching-Prozess``, ``ASSKomm``): a prefix names the programme."""
    head, sep, rest = lemma.partition("-")
    if sep and rest:
        named = _lexicon().programme_by_pattern.get(head.strip(QUOTES))
        if named:
            return rest, named[0]
    return lemma, programme


# ---- statistics that mean one thing: a running total, a count for one period, another Land's programme
# A running total: what has been reached so far. It keeps the plain key, which ordinals are compared with.
RUNNING_TOTAL_RE = re.compile(
    r"\b(?:inzwischen|mittlerweile|bislang|bisher|seither|nunmehr|bis heute|bis jetzt|insgesamt seit"
    r"|[Ss]eit (?:dem |der |ihrem |seinem )?(?:Start|Beginn|Gründung|Bestehen|Jahr \d{4}|\d{4}))\b"
)
# A year that names the period counted (2023 wurden ..., im Jahr 2023), not a date, a start or a deadline.
PERIOD_YEAR_RE = re.compile(r"(?<![\d.])(?<!\d\.\s)((?:19|20)\d{2})(?![\d.,-])")
_NOT_PERIOD_WORDS = "|".join(["seit", "bis", "ab", "nach", "vor", "ende", "mitte", "anfang", "stand", *MONTHS])
NOT_PERIOD_BEFORE_RE = re.compile(rf"\b(?:{_NOT_PERIOD_WORDS})\.?\s*:?\s*$", re.IGNORECASE)
THIS_YEAR_RE = re.compile(r"\b(?:in diesem Jahr|dieses Jahr|im laufenden Jahr|seit Jahresbeginn|heuer)\b", re.I)
LAST_YEAR_RE = re.compile(
    r"\b(?:im vergangenen Jahr|im letzten Jahr|im Vorjahr|vergangenes Jahr|letztes Jahr)\b", re.IGNORECASE
)
INCREMENT_RE = re.compile(r"\b(?:neu|neue[nmrs]?|weitere[nmrs]?|zusätzlich(?:e[nmrs]?)?|erstmals)\b", re.I)
OTHER_LAENDER = (
    ("hessen", re.compile(r"\b(?:Hessen|[Hh]essisch\w*)\b")),
    ("saarland", re.compile(r"\b(?:Saarland\w*|[Ss]aarländisch\w*|Saar-\w+)\b")),
    ("bayern", re.compile(r"\b(?:Bayern|[Bb]ayerisch\w*)\b")),
    ("thueringen", re.compile(r"\b(?:Thüringen|[Tt]hüringisch\w*)\b")),
    ("brandenburg", re.compile(r"\b(?:Land Brandenburg|[Bb]randenburgisch\w*)\b")),
    ("niedersachsen", re.compile(r"\b(?:Niedersachsen|[Nn]iedersächsisch\w*)\b")),
    ("nordrhein-westfalen", re.compile(r"\b(?:Nordrhein-Westfalen|NRW|nordrhein-westfälisch\w*)\b")),
    ("baden-wuerttemberg", re.compile(r"\b(?:Baden-Württemberg|baden-württembergisch\w*)\b")),
    ("rheinland-pfalz", re.compile(r"\b(?:Rheinland-Pfalz|rheinland-pfälzisch\w*)\b")),
    ("sachsen-anhalt", re.compile(r"\bSachsen-Anhalt\w*")),
    ("schleswig-holstein", re.compile(r"\bSchleswig-Holstein\w*")),
    ("mecklenburg-vorpommern", re.compile(r"\b(?:Mecklenburg-Vorpommern|mecklenburg-vorpommersch\w*)\b")),
)
SAXONY_RE = re.compile(r"\b(?:Sachsen(?!-Anhalt)\w*|[Ss]ächsisch\w*|Freistaat)\b")


@functools.lru_cache(maxsize=8)
def _document_land(text: str) -> str | None:
    """The other Land a release is about, when it names that Land more often than Saxony."""
    counts = [(len(pattern.findall(text)), land) for land, pattern in OTHER_LAENDER]
    most, land = max(counts)
    return land if most >= 2 and most > len(SAXONY_RE.findall(text)) else None


def _measure_key(
    programme: str | None,
    lemma: str | None,
    predicate: str | None,
    text: str,
    sent_start: int,
    sent_end: int,
    lo: int,
    hi: int,
    release: ReleaseInfo,
) -> str:
    """The measure key of a figure whose clause is ``text[lo:hi]`` in the sentence from ``sent_start``.

    ``asskomm:kommune:beraten`` is the running total; a count for one period gets ``:zeitraum-2023``, a count
    of additions without a period (neu, weitere) ``:zuwachs``, and another Land's statistic ``:land-hessen``:
    ``2023 wurden 58 Kommunen neu beraten`` is never compared with ``inzwischen 141 Kommunen beraten``.
    """
    key = _measure(programme, lemma, predicate)
    upto = text[sent_start:hi]  # a year or a cue early in the sentence governs every count it coordinates
    period = None
    if not RUNNING_TOTAL_RE.search(upto):
        year = next(
            (
                m
                for m in PERIOD_YEAR_RE.finditer(upto)
                if not NOT_PERIOD_BEFORE_RE.search(upto[max(0, m.start() - 12) : m.start()])
            ),
            None,
        )
        this_year = release.date.year if release.date else None
        if year:
            period = f"zeitraum-{year.group(1)}"
        elif THIS_YEAR_RE.search(upto) and this_year:
            period = f"zeitraum-{this_year}"
        elif LAST_YEAR_RE.search(upto) and this_year:
            period = f"zeitraum-{this_year - 1}"
        elif INCREMENT_RE.search(text[lo:hi]):
            period = "zuwachs"
    if period:
        key = f"{key}:{period}"
    sentence = text[sent_start:sent_end]
    land = next((name for name, pattern in OTHER_LAENDER if pattern.search(sentence)), None)
    land = land or _document_land(text)
    return f"{key}:land-{land}" if land else key

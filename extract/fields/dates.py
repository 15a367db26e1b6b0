"""Dates: every date a release states, with its granularity, resolved against the release date.

Candidates come from the project's own compiled patterns (fast, and they never
read ``die`` as a weekday or ``+49 351`` as a date). Each pattern captures every
part of the date, so the value is computed here, relative to the release date
and never the clock. dateparser (German, day first, the release date as
relative base) is the reference the tests hold these values against
(``parse_with_dateparser``), not the hot path: one uncached ``dateparser.parse``
costs about 3 ms, more than the whole extraction may spend on a 5 KB release,
and it does not read periods such as ``Anfang 2019`` or ``2. Quartal 2021``.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Doc

from extract.german import MONTH_NAMES, MONTHS, WEEKDAYS, make_date
from extract.nlp import doc_text
from extract.records import DateMention, Granularity, ReleaseInfo

_M = rf"(?:{MONTH_NAMES})"
_Y = r"(?:19|20)\d{2}"
_WEEKDAY = r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag"
_ORD = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "1.": 1, "2.": 2, "3.": 3, "4.": 4}
_SEASONS = {"frühjahr": (3, 5), "frühling": (3, 5), "sommer": (6, 8), "herbst": (9, 11), "winter": (12, 2)}
_RELATIVE = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}

# Ordered: the first alternative that matches at a position wins, longer forms first.
# Every form starts a word, so one cheap look-behind rejects most positions before the alternatives run.
DATE_RE = re.compile(
    rf"(?<![\wäöüß])(?:"
    rf"(?P<range>(?:[Vv]om|[Vv]on)\s+(?P<r_d1>\d{{1,2}})\.\s*(?:(?P<r_m1>{_M})\s*)?(?:bis(?:\s+zum)?|–|-)\s*"
    rf"(?P<r_d2>\d{{1,2}})\.\s*(?P<r_m2>{_M})(?:\s+(?P<r_y>{_Y}))?)(?!\d)"
    rf"|(?P<heutigen>[Aa]m\s+heutigen\s+(?:(?:{_WEEKDAY}),?\s+(?:dem\s+)?)?(?:Tag\b|(?=\d)))"
    rf"|(?P<iso>\b(?P<i_y>{_Y})-(?P<i_m>[01]\d)(?:-(?P<i_d>[0-3]\d))?)(?![\d-])"
    rf"|(?P<mrange>(?:[Vv]on\s+)?(?P<mr_m1>{_M})\s+bis\s+(?:zum\s+)?(?P<mr_m2>{_M})\s+(?P<mr_y>{_Y}))(?!\d)"
    rf"|(?<![\d.])(?P<num>(?P<n_d>\d{{1,2}})\.\s?(?P<n_m>\d{{1,2}})\.\s?(?P<n_y>\d{{4}}|\d{{2}}))(?![\d]|[.,]\d)"
    # "am 25.06." without a year: only after a word that introduces a date, else "3.5." may be a section number.
    rf"|(?:[Aa]m|vom|zum|bis|ab|den|dem|seit)\s+(?P<dm>(?P<dm_d>\d{{1,2}})\.(?P<dm_m>\d{{1,2}})\.)(?![\d\w])"
    rf"|(?<![\d.])(?P<long>(?P<l_d>\d{{1,2}})\.\s*(?P<l_m>{_M})(?:\s+(?P<l_y>{_Y}))?)(?![\w])"
    rf"|(?P<part>\b(?P<p_w>Anfang|Mitte|Ende)\s+(?:(?P<p_m>{_M})\s+)?(?P<p_y>{_Y}))(?!\d)"
    rf"|(?P<quarter>\b(?P<q_n>[1-4]\.|ersten|zweiten|dritten|vierten)\s*Quartal(?:s)?\s+(?:des\s+Jahres\s+)?(?P<q_y>{_Y}))"
    rf"|(?P<half>\b(?P<h_n>[12]\.|ersten|zweiten)\s*Halbjahr(?:es|s)?\s+(?:des\s+Jahres\s+)?(?P<h_y>{_Y}))"
    rf"|(?P<season>\b(?P<s_w>Frühjahr|Frühling|Sommer|Herbst|Winter)\s+(?P<s_y>{_Y}))(?!\d)"
    rf"|(?P<month>\b(?P<m_m>{_M})\s+(?P<m_y>{_Y}))(?!\d)"
    # Leads open a sentence too ("Seit 2019", "Bis 2025"); a full stop may follow the year, a decimal may not.
    rf"|(?P<year>\b(?P<y_lead>(?i:im\s+Jahre?|seit(?:\s+dem\s+Jahr)?|ab|bis|in\s+den\s+Jahren"
    rf"|zwischen|für|für\s+das\s+Jahr|von|vor|nach|und|in|Jahr(?:es|e)?))\s+(?P<y_y>{_Y}))(?![\d,/]|\.\d)"
    rf"|(?P<yearpair>\b{_Y})(?=\s*(?:und|bis|–|-|/)\s*(?:{_Y}|\d{{2}}\b))"
    # A year alone dates something after a verb or adverb ("hatte 2018 das Gesetz"), or heads a line ("2023: ...");
    # before a noun it more often counts ("als 2000 Teilnehmer"), after a noun it names ("Zukunftspakt 2030").
    rf"|(?<=[a-zäöüß] )(?P<bare>{_Y})(?![\d,/%]|\.\d)(?=\s*[,.;:!?)]|\s+[a-zäöüß])"
    rf"|(?m:^)(?P<headyear>{_Y})(?=:\s)"
    rf"|(?P<rel>\b(?:[Hh]eute|[Gg]estern|[Vv]orgestern)\b)"
    rf"|(?P<weekday>\b(?:[Aa]m\s+(?:vergangenen\s+|letzten\s+)?|[Vv]ergangenen\s+|[Ll]etzten\s+)(?P<w_d>{_WEEKDAY})\b(?!,?\s*(?:den\s+|dem\s+)?\d))"
    rf")"
)
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}


def extract_dates(doc: Doc, release: ReleaseInfo) -> list[DateMention]:
    """Every date the text states (``17.02.2021``, ``Ende Juni 2021``, ``heute``, ``am Mittwoch``)."""
    text = doc_text(doc)
    base = release.date
    out: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        found = _resolve(m, base)
        if found is None:
            continue
        value, end_value, granularity, inferred, rule, start = found
        end = m.end()
        out.append(
            DateMention(
                text=text[start:end],
                start=start,
                end=end,
                rule=rule,
                value=value,
                end_value=end_value,
                granularity=granularity,
                inferred=inferred,
            )
        )
    return out


_Resolved = tuple[date, "date | None", Granularity, bool, str, int]


def _resolve(m: re.Match[str], base: date | None) -> _Resolved | None:
    """Value, last day, granularity, inferred flag, rule and start of one candidate."""
    g = m.group
    if g("range"):
        year = int(g("r_y")) if g("r_y") else (base.year if base else None)
        if year is None:
            return None
        m2 = MONTHS[g("r_m2").lower()]
        m1 = MONTHS[g("r_m1").lower()] if g("r_m1") else m2
        first, last = make_date(year, m1, int(g("r_d1"))), make_date(year, m2, int(g("r_d2")))
        if first is None or last is None or last < first:
            return None
        return first, last, "range", not g("r_y"), "date:range", m.start()
    if g("heutigen"):
        if not g("heutigen").rstrip().endswith("Tag"):
            return None  # "am heutigen 25. Juni 2021": the date itself follows and is matched next
        return (base, None, "day", False, "date:heutigen_tag", m.start()) if base else None
    if g("iso"):
        year, month = int(g("i_y")), int(g("i_m"))
        if not 1 <= month <= 12:
            return None
        if g("i_d"):
            value = make_date(year, month, int(g("i_d")))
            return (value, None, "day", False, "date:iso", m.start()) if value else None
        first, last = _month(year, month)
        return first, last, "month", False, "date:iso_month", m.start()
    if g("mrange"):
        year = int(g("mr_y"))
        m1, m2 = MONTHS[g("mr_m1").lower()], MONTHS[g("mr_m2").lower()]
        if m2 < m1:  # no range: the month with the year is the date
            first, last = _month(year, m2)
            return first, last, "month", False, "date:month", m.start("mr_m2")
        return _month(year, m1)[0], _month(year, m2)[1], "range", False, "date:month_range", m.start()
    if g("dm"):
        if base is None:
            return None
        value = make_date(base.year, int(g("dm_m")), int(g("dm_d")))
        return (value, None, "day", True, "date:day_month_numeric", m.start("dm")) if value else None
    if g("num"):
        value = make_date(int(g("n_y")), int(g("n_m")), int(g("n_d")))
        return (value, None, "day", False, "date:numeric", m.start()) if value else None
    if g("long"):
        if g("l_y"):
            value = make_date(int(g("l_y")), MONTHS[g("l_m").lower()], int(g("l_d")))
            return (value, None, "day", False, "date:long", m.start()) if value else None
        if base is None:
            return None
        value = make_date(base.year, MONTHS[g("l_m").lower()], int(g("l_d")))
        return (value, None, "day", True, "date:day_month", m.start()) if value else None
    if g("part"):
        year = int(g("p_y"))
        if g("p_m"):
            first, last = _month(year, MONTHS[g("p_m").lower()])
            return first, last, "month", False, "date:part_month", m.start()
        return date(year, 1, 1), date(year, 12, 31), "year", False, "date:part_year", m.start()
    if g("quarter"):
        q, year = _ORD[g("q_n")], int(g("q_y"))
        first = date(year, 3 * q - 2, 1)
        return first, _month(year, 3 * q)[1], "quarter", False, "date:quarter", m.start()
    if g("half"):
        h, year = _ORD[g("h_n")], int(g("h_y"))
        return date(year, 6 * h - 5, 1), _month(year, 6 * h)[1], "half", False, "date:half", m.start()
    if g("season"):
        a, b = _SEASONS[g("s_w").lower()]
        year = int(g("s_y"))
        last = _month(year + 1 if b < a else year, b)[1]
        return date(year, a, 1), last, "season", False, "date:season", m.start()
    if g("month"):
        first, last = _month(int(g("m_y")), MONTHS[g("m_m").lower()])
        return first, last, "month", False, "date:month", m.start()
    if g("year"):
        year = int(g("y_y"))
        rule = "date:since" if g("y_lead").lower().startswith("seit") else "date:year"
        start = m.start("y_y") if rule == "date:year" else m.start()  # "im Jahr 2021" -> "2021"; keep "seit 2015"
        return date(year, 1, 1), date(year, 12, 31), "year", False, rule, start
    for name in ("yearpair", "bare", "headyear"):
        if g(name):
            year = int(g(name))
            return date(year, 1, 1), date(year, 12, 31), "year", False, f"date:{name}", m.start()
    if g("rel"):
        if base is None:
            return None
        value = base + timedelta(days=_RELATIVE[g("rel").lower()])
        return value, None, "day", False, "date:relative", m.start()
    if g("weekday"):
        if base is None:
            return None
        wd = WEEKDAYS[g("w_d").lower()]
        back = (base.weekday() - wd) % 7 or 7
        return base - timedelta(days=back), None, "day", True, "date:weekday", m.start()
    return None


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=4096)
def parse_with_dateparser(span: str, base: date | None) -> date | None:
    """dateparser's reading of a day span relative to the release date (cached; the reference for tests)."""
    settings: dict[str, object] = dict(_DATEPARSER_SETTINGS)
    # Without a release date a fixed base keeps the function pure; only spans with a year reach here then.
    settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day) if base else datetime(2000, 1, 1)
    parsed = dateparser.parse(re.sub(r"\s+", " ", span), languages=["de"], settings=settings)
    return parsed.date() if parsed else None

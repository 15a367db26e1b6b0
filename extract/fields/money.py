"""Money: every euro amount in German notation, exact, with what it pays for.

Amounts are found by one compiled pattern (digits with German separators, an
optional scale word such as ``Mio.``, a number word such as ``eine Million``,
the currency before or after). What the amount is (grant, budget, cost) is read
from the words of its clause: who receives it (a commune mention passed in, a
named institution, a list entry ``Name: 1,2 Mio. Euro``), whether money is
handed over (``übergibt``, ``Fördermittelbescheid``, ``erhält``) or a programme
provides it (``zur Verfügung``, ``bereit``, ``Haushalt``), or whether it is a cost.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc

from extract.german import number_word
from extract.nlp import doc_text
from extract.records import CommuneMention, Money, MoneyKind, ReleaseInfo

_DIGITS = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:Milliarden|Milliarde|Mrd|Millionen|Million|Mio|Tausend|Tsd)\.?"
_CURRENCY = r"Euro|EUR|€"
# Words that can be number words ("eine", "Fünf", "zweihundert"); others must not swallow "EUR 21.150".
_WORD = (
    r"(?i:[a-zäöüß]*(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zig|ßig|hundert|tausend)"
    r"[a-zäöüß]{0,3})"
)

# One pattern, three shapes: "1,3 Mio. Euro", "eine Million Euro", "EUR 21.150".
MONEY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<num>{_DIGITS})(?P<dash>,[-–]{{1,2}})?|(?P<word>{_WORD})(?P<half>\s+halbe)?)"
    rf"(?:\s*(?P<scale>{_SCALE}))?\s*(?P<cur>{_CURRENCY})(?![\wäöüß])"
    rf"|(?<![\w])(?P<pcur>EUR|€)\s*(?P<pnum>{_DIGITS})(?P<pdash>,[-–]{{1,2}})?(?:\s*(?P<pscale>{_SCALE}))?(?![\d])"
)
CURRENCY_RE = re.compile(rf"(?<![\wäöüß])(?:{_CURRENCY})(?![\wäöüß])")
# The lower bound of a range whose upper bound carries the currency: "zwischen 5.000 und 10.000 Euro".
RANGE_LOW_RE = re.compile(
    rf"(?:\b(?P<q>zwischen|von)\s+)?(?<![\w.,])(?P<num>{_DIGITS})(?:\s*(?P<scale>{_SCALE}))?\s*(?:und|bis|–|-)\s*$"
)
QUALIFIER_RE = re.compile(
    r"(?:\b(?:rund|etwa|ca\.|circa|zirka|über|mehr\s+als|bis\s+zu|knapp|fast|insgesamt|gut|maximal|höchstens"
    r"|mindestens|weniger\s+als|nahezu|annähernd|ungefähr|zusammen|je|jeweils|weitere|zusätzlich|bisher"
    r"|bislang|derzeit|nur|lediglich|exakt|genau)\s+)+$",
    re.IGNORECASE,
)
# Vague amounts such as "mehrere Tausend Euro" are no amount.
VAGUE_RE = re.compile(r"\b(?:mehrere|einige|etliche|viele|wenige|paar|zig)\s+$", re.IGNORECASE)
PERIOD_AFTER_RE = re.compile(
    r"\s*(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|im\s+Jahr(?!\s+\d)|monatlich|pro\s+Monat|je\s+Monat"
    r"|(?:je|pro)\s+(?:Einwohner(?:in)?|Kopf|Person|Kind|Schüler|Teilnehmer\w*|Gemeinde|Kommune|Platz|Tag|Stunde|Quadratmeter))(?![\wäöüß])",
    re.IGNORECASE,
)
PERIOD_BEFORE_RE = re.compile(r"\b(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|monatlich|pro\s+Monat)\s+$", re.IGNORECASE)
YEAR_RE = re.compile(
    r"\b(?P<lead>im\s+(?:Haushalts)?[Jj]ahr|für\s+das\s+(?:Haushalts)?[Jj]ahr|(?:im\s+)?(?:aktuellen\s+)?"
    r"(?:Doppel)?[Hh]aushalt(?:splan)?|in\s+den\s+Jahren|für|in|ab)\s+(?P<y>(?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?)"
    r"(?![\d.,])"
)
FUNDER_RE = re.compile(
    r"\b(?:(?:Bund\s+und\s+)?Freistaat(?:\s+Sachsen)?|Bundesregierung|Bund|Land(?:\s+Sachsen)?|Landesregierung"
    r"|Staatsregierung|Europäische\s+Union|EU|[A-ZÄÖÜ][\wäöüß-]*[Mm]inisterium(?:\s+\w+){0,3}?|Landkreis\s+[A-ZÄÖÜ][\w-]+"
    r"|Kulturstiftung(?:\s+des\s+Freistaates(?:\s+Sachsen)?)?)\b"
)
PURPOSE_RE = re.compile(
    r"\s*(?:(?:an\s+)?(?:Förder\w*|Mittel\w*|Zuschu\w*|Zuwendung\w*)\s+)?(?P<p>(?:für|zur|zum)\s+(?!(?:19|20)\d{2}\b|Verfügung\b)[^,.;:()–\n]{3,160})"
)
PURPOSE_TRAIL_RE = re.compile(
    r"\s+(?:bereit\w*|zur\s+Verfügung\b.*|gefördert\b.*|ausgezahlt|ausbezahlt|übergeben|bewilligt|erhalten"
    r"|zugewiesen|beschlossen|investiert|unterstützt|stehen|steht|fließen|und\s+durch\b.*|im\s+Jahr\s+\d{4}.*|und|sowie)$"
)

COST_RE = re.compile(
    r"\b(?:\w*[Kk]osten|kostet|kosteten|\w*[Ss]chaden|\w*[Ss]chäden|Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*"
    r"|Gebühr\w*|Preis|Eintritt\w*|Bagatellgrenze|Investitionsvolumen|Bausumme|(?:Gesamt|Sach|Waren)?[Ww]ert(?:e[ns]?)?"
    r"|Beute|erbeut\w*|gestohlen\w*|entwendet\w*|Diebesgut)\b"
)
FINE_RE = re.compile(r"\b(?:Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*)\b")
BUDGET_RE = re.compile(
    r"\b(?:zur\s+Verfügung|bereit(?:stehen|gestellt|stellen|zustellen|steht|stehen)?|\w*[Hh]aushalt\w*|Gesamtvolumen"
    r"|Vorausermächtigung\w*|Budget|Etat|Fonds|Kassenmittel|(?:[Jj]e|[Pp]ro)\s+(?:Einwohner|Kopf)|Pauschale\w*|pauschal)\b"
)
# Handing money to a recipient: a grant even where the recipient is named only nearby.
GRANT_STRONG_RE = re.compile(
    r"\b(?:erh[äa]lt|erhalten|erhielt\w*|bekomm\w*|bekam\w*|übergeb\w*|übergibt|übergab\w*|überreich\w*"
    r"|\w*[Bb]escheid\w*|beteiligt\s+sich|beteiligte\s+sich|zugesprochen|bewilligt\w*|geht\s+an|gehen\s+an)\b"
)
GRANT_WEAK_RE = re.compile(
    r"\b(?:[Gg]eförder\w*|förder[nt]|unterstütz\w*|Fördermittel\w*|Fördergeld\w*|Förderung|Zuschu\w*|Zuwendung\w*"
    r"|finanziert|mitfinanziert|profitier\w*|gibt|gab|geben|zahlt\w*|zahlen|gehen|geht|gingen|fließ\w*|floss\w*"
    r"|entf[äa]ll\w*)\b"
)
# A recipient named by kind: "Freiwillige Feuerwehr Lunzenau", "Oberschule", "Kirchgemeinde".
# Singular forms only: "Krankenhäusern" in general names no recipient.
INSTITUTION_RE = re.compile(
    r"\b(?:Freiwillige[nr]?\s+Feuerwehr|\w*[Ff]euerwehr\b|\w*[Ss]chule\b|Gymnasium|Kita\b|Kindertagesstätte\b"
    r"|Kindergarten\b|\w*[Vv]erein\b|Kirch(?:en)?gemeinde\b|Pfarrei\b|\w*[Kk]linik\b|\w*[Kk]rankenhaus\b|Stiftung\b"
    r"|\w*[Vv]erband\b|Museum\b|Theater\b|Bibliothek\b|GmbH|e\.\s?V\.)"
)
# Institutions of the town itself: the commune named with them receives the money.
MUNICIPAL_RE = re.compile(
    r"\b(?:Stadt|Gemeinde|Große[nr]?\s+Kreisstadt|Kreisstadt|Stadtverwaltung|Gemeindeverwaltung|Freiwillige[nr]?"
    r"\s+Feuerwehr|\w*[Ff]euerwehr\w*|\w*[Ss]chule|Gymnasium|Kita|Kindertagesstätte|Kindergarten|Bauhof|Rathaus"
    r"|Bürgermeister\w*|Oberbürgermeister\w*)\b"
)
NON_MUNICIPAL_RE = re.compile(
    r"(?:[Kk]linik\w*|[Kk]rankenh[äa]us\w*|[Zz]entrum|Sparkasse|Universität|Hochschule|\bTU\b|Polizeidirektion"
    r"|Landkreis|Landratsamt|Kirch(?:en)?gemeinde|\w*[Vv]erein\w*|[Vv]erband|Stiftung|GmbH|Theater\w*)(?:\s+[^\s,;]+){0,3}\s+$"
)
# Spending its own money ("gibt ... für Schulen aus") hands nothing to a recipient.
SPEND_RE = re.compile(r"\b(?:gibt|gab|geben|gaben)\b[^,.;:]*\baus\b|\bausgegeben\b|\bausgeben\b")
# "vier Kulturdenkmälern", "drei Schulen": a handful of recipients named by number.
COUNTED_RE = re.compile(
    r"(?<![\d,.])\b(?P<n>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d{1,2})\s+(?:\w+\s+)?[A-ZÄÖÜ][\wäöüß-]+"
)
LIST_ITEM_RE = re.compile(r"^\s*[-–•*·]\s*(?P<name>[^:\n]{3,120}?)\s*:\s*$")
FOR_RECIPIENT_RE = re.compile(r"^\s*(?:für|an)\s+(?:die\s+|den\s+|das\s+)?(?P<r>[A-ZÄÖÜ][^,.;:()–\n]{2,80})")
DEICTIC_RE = re.compile(r"\b(?:hier|dort|vor\s+Ort)\b")
# "Dresden (dpa/sn) - ...": the place of the dateline receives nothing.
DATELINE_AFTER_RE = re.compile(r"\s*(?:\([^()\n]{0,30}\))?\s*[-–]\s")
DEFINITE_PROJECT_RE = re.compile(
    r"\b(?:[Dd]as|[Dd]ieses|[Dd]er|[Dd]ie|[Dd]en)\s+(?:\w+\s+)?\w*(?:[Pp]rojekt|[Vv]orhaben|[Kk]ampagne)\b"
)
CLAUSE_BREAK_RE = re.compile(r"[;:–]|,\s")
# "48.500 Euro; davon erhält Plauen 30.000 Euro": the first amount is a total that the next one shares out.
SHARE_NEXT_RE = re.compile(r"[^.;!?]*?(?:[;,:–]\s*|[.!?]\s+)(?:davon|hiervon|wovon|darunter)\b[^.;!?]*$", re.IGNORECASE)
# The share itself: "davon übernimmt der Freistaat 520.000 Euro".
SHARE_RE = re.compile(r"(?:^|[;,:–]\s*|[.!?]\s+)(?:davon|hiervon|wovon|darunter)\b[^.;!?]*$", re.IGNORECASE)
# Recipients counted in the amount's clause: "für 17 Dorfgemeinschaftshäuser", "an 14 Feuerwehren".
COUNTED_FOR_RE = re.compile(
    r"\b(?:für|an)\s+(?:die\s+|den\s+)?(?:insgesamt\s+)?(?P<n>\d{1,4}|[a-zäöüß]+)\s+(?:[a-zäöüß][\wäöüß-]*\s+)?"
    r"(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)"
)
# Nouns after a number that count no recipients ("für 17 Millionen", "für zwei Jahre").
NOT_RECIPIENT_NOUN_RE = re.compile(
    r"(?:Euro|EUR|Mio|Mrd|Million\w*|Milliard\w*|Tausend|Prozent|Jahr\w*|Monat\w*|Woche\w*|Tag\w*|Stunde\w*"
    r"|Kilometer\w*|Meter\w*|Einwohner\w*)"
)
# A commune named as the place where something happens ("heute in Markneukirchen"), not as who receives.
LOCATIVE_BEFORE_RE = re.compile(r"\b[Ii][nm]\s+(?:der\s+(?:Stadt|Gemeinde)\s+)?$")

_SCALES: dict[str, Decimal] = {
    "milliarden": Decimal(10) ** 9,
    "milliarde": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9,
    "millionen": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "mio": Decimal(10) ** 6,
    "tausend": Decimal(1000),
    "tsd": Decimal(1000),
}
_MAX_COUNTED = 10  # more named-by-number recipients than this is a programme, not one act of granting
_LOOKBACK = 60
_SHARE_REACH = 160  # how far after a total its "davon" share may follow


def extract_money(doc: Doc, release: ReleaseInfo, communes: list[CommuneMention]) -> list[Money]:
    """Every euro amount (``21.150,- Euro``, ``1,3 Mio. €``, ``eine Million Euro``) with kind and recipient."""
    text = doc_text(doc)
    hits = _find_amounts(text)
    if not hits:
        return []
    # Communes abbreviated with a full stop ("Adorf/Vogtl.") end no sentence.
    sents = _sentences(doc, text, {c.end for c in communes if c.text.endswith(".")})
    starts = [s for s, _ in sents]
    towns = sorted((c for c in communes if c.level == "gemeinde" and c.start >= 0), key=lambda c: c.start)
    datelines = _dateline_towns(text, towns, sents)
    towns = [t for t in towns if t.start not in datelines]
    town_starts = [c.start for c in towns]
    districts = [c for c in communes if c.level == "kreis" and c.start >= 0]
    out: list[Money] = []
    for i, (start, end, amount, amount_max, rule, qualifier) in enumerate(hits):
        si = max(bisect.bisect_right(starts, start) - 1, 0)
        s_start, s_end = sents[si] if sents else (0, len(text))
        prev_end = max([h[1] for h in hits[:i] if h[1] <= start and h[1] > s_start] or [s_start])
        next_start = min([h[0] for h in hits[i + 1 :] if h[0] >= end and h[0] < s_end] or [s_end])
        following = hits[i + 1][0] if i + 1 < len(hits) else -1
        total = end < following < end + _SHARE_REACH and bool(SHARE_NEXT_RE.match(text, end, following))
        ctx = _Context(text, start, end, s_start, s_end, prev_end, next_start, total)
        kind, recipient, ags = _classify(ctx, towns, town_starts, sents, si, districts)
        out.append(
            Money(
                text=text[start:end],
                start=start,
                end=end,
                rule=rule,
                amount=amount,
                amount_max=amount_max,
                qualifier=qualifier,
                period=_period(text, start, end, qualifier),
                kind=kind,
                recipient=recipient,
                recipient_ags=ags,
                purpose=_purpose(text, end, _next_town(town_starts, end, next_start)),
                year=_year(text, s_start, s_end, start),
                funder=_funder(text[s_start:s_end]),
            )
        )
    return sorted(out, key=lambda m: m.start)


class _Context:
    """Where an amount stands: its sentence and the stretch since the previous amount and to the next."""

    __slots__ = ("text", "start", "end", "s_start", "s_end", "before", "after", "sentence", "before_start", "total")

    def __init__(
        self, text: str, start: int, end: int, s_start: int, s_end: int, prev_end: int, next_start: int, total: bool
    ):
        self.text, self.start, self.end, self.s_start, self.s_end = text, start, end, s_start, s_end
        self.total = total  # the next amount shares this one out ("davon erhält ...")
        self.before_start = prev_end
        self.before = text[prev_end:start]
        self.after = text[end:next_start]
        self.sentence = text[s_start:s_end]


def _sentences(doc: Doc, text: str, abbreviated: set[int]) -> list[tuple[int, int]]:
    """Sentence bounds as character offsets, read from the token array (iterating doc.sents is slow)."""
    arr = doc.to_array(["SENT_START", "IDX"])
    starts = arr[arr[:, 0] == 1][:, 1].tolist() if len(arr) else []
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    # A "sentence" opening in lower case follows an abbreviation ("die Stadt Adorf/Vogtl. rund 95.000 Euro").
    starts = [a for k, a in enumerate(starts) if k == 0 or not _abbreviation_split(text, a, abbreviated)]
    ends = [*starts[1:], len(text)]
    return [(a, a + len(text[a:b].rstrip())) for a, b in zip(starts, ends, strict=True)]


def _abbreviation_split(text: str, at: int, abbreviated: set[int]) -> bool:
    head = text[max(0, at - 3) : at].rstrip()
    return head.endswith(".") and (text[at : at + 1].islower() or at - 3 + len(head) in abbreviated)


def _candidates(text: str) -> list[re.Match[str]]:
    """MONEY_RE matches, looked for only around a currency word (scanning every position is slow)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for cur in CURRENCY_RE.finditer(text):
        lo, hi = max(0, cur.start() - _LOOKBACK), min(len(text), cur.end() + 40)
        for m in MONEY_RE.finditer(text, lo, hi):
            if cur.start() in (m.start("cur"), m.start("pcur")):
                found[m.span()] = m
    return [found[k] for k in sorted(found)]


def _find_amounts(text: str) -> list[tuple[int, int, Decimal, Decimal | None, str, str | None]]:
    """(start, end, amount, amount_max, rule, qualifier) for every amount, range bounds listed one by one."""
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]] = []
    for m in _candidates(text):
        if m.group("pcur"):
            value = _number(m.group("pnum"), m.group("pscale"))
            rule = "money:currency_first"
        elif m.group("num"):
            value = _number(m.group("num"), m.group("scale"))
            rule = "money:scaled" if m.group("scale") else "money:digits"
        else:
            value = _word_number(m.group("word"), bool(m.group("half")), m.group("scale"))
            rule = "money:number_word"
            if value is not None and VAGUE_RE.search(text, max(0, m.start() - 20), m.start()):
                value = None
        if value is None:
            continue
        before = text[max(0, m.start() - _LOOKBACK) : m.start()]
        low = RANGE_LOW_RE.search(before) if not m.group("pcur") else None
        low_value = None
        if low:
            scale = low.group("scale") or m.group("scale")
            low_value = _number(low.group("num"), scale)
        if low and low_value is not None and low_value < value:
            ls = m.start() - len(before) + low.start("num")
            le = m.start() - len(before) + (low.end("scale") if low.group("scale") else low.end("num"))
            q = _qualifier(text, ls) or low.group("q")
            hits.append((ls, le, low_value, value, "money:range_low", q))
            hits.append((m.start(), m.end(), value, None, "money:range_high", low.group("q") or q))
            continue
        hits.append((m.start(), m.end(), value, None, rule, _qualifier(text, m.start())))
    return hits


def _number(digits: str, scale: str | None) -> Decimal | None:
    """Exact euros from German digits and an optional scale word."""
    plain = re.sub(r"[.\u00a0\u202f ]", "", digits).replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value.normalize() if value == value.to_integral_value() else value


def _word_number(word: str, half: bool, scale: str | None) -> Decimal | None:
    """Euros from a number word: ``eine Million``, ``Fünf Millionen``, ``eine halbe Million``."""
    n = number_word(word)
    if n is None:
        return None
    value = Decimal(n) / 2 if half else Decimal(n)
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value


def _qualifier(text: str, start: int) -> str | None:
    m = QUALIFIER_RE.search(text, max(0, start - _LOOKBACK), start)
    if not m:
        return None
    words = re.sub(r"\s+", " ", m.group(0).strip()).lower()
    # "Bescheid über mehr als 13.000 Euro": before another qualifier, "über" is the preposition.
    return words[5:] if words.startswith("über ") else words


def _period(text: str, start: int, end: int, qualifier: str | None) -> str | None:
    m = PERIOD_AFTER_RE.match(text, end, min(len(text), end + 40))
    if m:
        return re.sub(r"\s+", " ", m.group("p"))
    head = text[max(0, start - _LOOKBACK) : start]
    if qualifier:
        head = head[: len(head.rstrip()) - len(qualifier)] if head.rstrip().endswith(qualifier) else head
    m = PERIOD_BEFORE_RE.search(head.rstrip() + " ")
    return re.sub(r"\s+", " ", m.group("p")) if m else None


def _next_town(town_starts: list[int], end: int, limit: int) -> int:
    """Where the purpose after an amount stops: at the next commune ("... und Pausa-Mühltroff 1,4 Mio.")."""
    i = bisect.bisect_left(town_starts, end)
    return min(town_starts[i], limit) if i < len(town_starts) else limit


def _year(text: str, s_start: int, s_end: int, at: int) -> str | None:
    """The year or budget period the sentence gives, the one nearest the amount."""
    best: tuple[int, str] | None = None
    for m in YEAR_RE.finditer(text, s_start, s_end):
        dist = abs(m.start() - at)
        if best is None or dist < best[0]:
            best = (dist, re.sub(r"\s+", "", m.group("y")))
    return best[1] if best else None


def _funder(sentence: str) -> str | None:
    m = FUNDER_RE.search(sentence)
    return m.group(0) if m else None


def _purpose(text: str, end: int, limit: int) -> str | None:
    m = PURPOSE_RE.match(text, end, limit)
    if not m:
        return None
    purpose = PURPOSE_TRAIL_RE.sub("", m.group("p").strip())
    return purpose if len(purpose) > 4 else None


def _classify(
    ctx: _Context,
    towns: list[CommuneMention],
    town_starts: list[int],
    sents: list[tuple[int, int]],
    si: int,
    districts: list[CommuneMention],
) -> tuple[MoneyKind, str | None, str | None]:
    """Kind, recipient text and recipient AGS of one amount, from the words of its clause."""
    near_before = ctx.before[-80:]
    clause_after = CLAUSE_BREAK_RE.split(ctx.after, maxsplit=1)[0]
    if COST_RE.search(near_before) or COST_RE.search(clause_after[:40]):
        return ("fine" if FINE_RE.search(near_before + clause_after[:40]) else "cost"), None, None
    # A list entry "- Krankenhaus X: 2,6 Millionen Euro": the name before the colon receives it.
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    item = LIST_ITEM_RE.match(ctx.text[line_start : _strip_qualifier_start(ctx)])
    if item:
        name = item.group("name").strip()
        found = _distinct(_town_in(towns, town_starts, line_start, ctx.start))
        ags = found[0].ags if len(found) == 1 and _municipal(ctx.text, line_start, found[0]) else None
        return "grant", name, ags
    if ctx.total:
        return "total", None, None
    # An amount in a "davon" clause is a share of a total: given to whoever that clause names.
    strong = GRANT_STRONG_RE.search(ctx.sentence) or SHARE_RE.search(ctx.before)
    weak = None if SPEND_RE.search(ctx.sentence) else GRANT_WEAK_RE.search(ctx.sentence)
    for_rec = FOR_RECIPIENT_RE.match(ctx.after)
    # The commune that receives: named since the previous amount, else up to the next one.
    seg_towns = _distinct(_town_in(towns, town_starts, ctx.before_start, ctx.start))
    counted = _counted_recipients(near_before, clause_after)
    if counted and all(_locative(ctx.text, t) for t in seg_towns):
        # Money for many counted recipients: a commune named here is only where it is handed over.
        n, phrase = counted
        return ("budget", None, None) if n > _MAX_COUNTED else ("grant", phrase, None)
    district = _last_in(districts, ctx.before_start, ctx.start)
    if district is not None and (strong or weak) and all(t.start < district.start for t in seg_towns):
        return "grant", district.text, None  # a Landkreis has no AGS of a municipality
    if not seg_towns:
        # Named after the amount, in its own clause ("mit 95.000 Euro unterstützt das Land die Gemeinde X").
        seg_towns = _distinct(_town_in(towns, town_starts, ctx.end, ctx.end + len(clause_after)))
    budget = BUDGET_RE.search(ctx.sentence)
    if len(seg_towns) == 1 and (strong or weak or for_rec):
        town = seg_towns[0]
        ags = town.ags if _municipal(ctx.text, max(ctx.s_start, town.start - 80), town) else None
        return "grant", _recipient_text(ctx.text, town), ags
    if len(seg_towns) > 1 and (strong or weak):
        return "grant", ", ".join(t.text for t in seg_towns), None
    if not seg_towns and SHARE_RE.search(ctx.before) and FUNDER_RE.search(ctx.before):
        # "Gesamtkosten von 650.000 Euro, davon übernimmt der Freistaat 520.000 Euro": the share is granted.
        prev = _previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return "grant", _recipient_text(ctx.text, prev), prev.ags
    if budget:
        return "budget", None, None
    if for_rec and INSTITUTION_RE.search(for_rec.group("r")):
        return "grant", for_rec.group("r").strip(), None
    if strong or (weak and DEICTIC_RE.search(ctx.sentence)):
        prev = _previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return "grant", _recipient_text(ctx.text, prev), prev.ags
        inst = INSTITUTION_RE.search(ctx.sentence)
        return "grant", inst.group(0) if inst else None, None
    if weak:
        inst = INSTITUTION_RE.search(ctx.sentence)
        named = _counted(ctx.sentence)
        if inst or named:
            return "grant", (inst.group(0) if inst else named), None
        prev = _previous_town(towns, town_starts, sents, si, ctx) if _definite_project(ctx) else None
        if prev is not None:
            return "grant", _recipient_text(ctx.text, prev), prev.ags
    return "budget", None, None


def _strip_qualifier_start(ctx: _Context) -> int:
    q = QUALIFIER_RE.search(ctx.text, max(ctx.s_start, ctx.start - _LOOKBACK), ctx.start)
    return q.start() if q else ctx.start


def _town_in(towns: list[CommuneMention], town_starts: list[int], lo: int, hi: int) -> list[CommuneMention]:
    a = bisect.bisect_left(town_starts, lo)
    b = bisect.bisect_left(town_starts, hi)
    return towns[a:b]


def _dateline_towns(text: str, towns: list[CommuneMention], sents: list[tuple[int, int]]) -> set[int]:
    """Starts of communes that open a sentence as its dateline (``Dresden (dpa/sn) - ...``)."""
    sent_starts = {s for s, _ in sents}
    out: set[int] = set()
    for t in towns:
        line_start = text.rfind("\n", 0, t.start) + 1
        if (t.start in sent_starts or not text[line_start : t.start].strip()) and DATELINE_AFTER_RE.match(text, t.end):
            out.add(t.start)
    return out


def _distinct(towns: list[CommuneMention]) -> list[CommuneMention]:
    seen: dict[str, CommuneMention] = {}
    for t in towns:
        seen.setdefault(t.ags, t)
    return list(seen.values())


def _municipal(text: str, lo: int, town: CommuneMention) -> bool:
    """False where the commune only names a hospital, club or other body that is not the town's own."""
    return not NON_MUNICIPAL_RE.search(text[max(lo, town.start - 60) : town.start])


def _recipient_text(text: str, town: CommuneMention) -> str:
    """The commune with the office or institution named with it: ``Freiwillige Feuerwehr Lunzenau``."""
    head = text[max(0, town.start - 40) : town.start].split(".")[-1]
    found = list(MUNICIPAL_RE.finditer(head))
    if found and not re.search(r",|\bund\b|\bsowie\b|\boder\b", head[found[-1].end() :]):
        first = found[-1]
        for m in reversed(found[:-1]):  # "Oberbürgermeister der Stadt": keep the whole chain
            if re.fullmatch(r"\s+(?:der|des|die|dem|den)\s+", head[m.end() : first.start()]):
                first = m
        return text[town.start - len(head) + first.start() : town.end]
    return town.text


def _counted_recipients(before: str, after: str) -> tuple[int, str] | None:
    """(count, phrase) of recipients counted next to an amount: ``für 17 Dorfgemeinschaftshäuser``."""
    for part in (after, before):
        for m in COUNTED_FOR_RE.finditer(part):
            n_text = m.group("n")
            n = int(n_text) if n_text.isdigit() else number_word(n_text)
            if n is None or n < 2 or 1900 <= n <= 2100 or NOT_RECIPIENT_NOUN_RE.match(m.group("noun")):
                continue
            return n, m.group(0)
    return None


def _last_in(mentions: list[CommuneMention], lo: int, hi: int) -> CommuneMention | None:
    inside = [m for m in mentions if lo <= m.start < hi]
    return inside[-1] if inside else None


def _locative(text: str, town: CommuneMention) -> bool:
    """True where the commune is named as a place (``heute in Markneukirchen``)."""
    return bool(LOCATIVE_BEFORE_RE.search(text, max(0, town.start - 30), town.start))


def _counted(sentence: str) -> str | None:
    for m in COUNTED_RE.finditer(sentence):
        n = m.group("n")
        value = int(n) if n.isdigit() else number_word(n)
        amount_like = re.match(r"\d+\s+(?:Mio|Mil|Mrd|Euro|EUR|Tsd|Tau)", m.group(0))
        if value is not None and 2 <= value <= _MAX_COUNTED and not amount_like:
            return m.group(0)
    return None


def _definite_project(ctx: _Context) -> bool:
    """A sentence about one particular project ("Das eingereichte Projekt wird ... gefördert")."""
    return bool(DEFINITE_PROJECT_RE.search(ctx.sentence))


def _previous_town(
    towns: list[CommuneMention], town_starts: list[int], sents: list[tuple[int, int]], si: int, ctx: _Context
) -> CommuneMention | None:
    """The one commune of the sentence itself, else of one of the two sentences before it."""
    for j in range(si, max(si - 3, -1), -1):
        lo, hi = sents[j] if sents else (ctx.s_start, ctx.s_end)
        found = _distinct(_town_in(towns, town_starts, lo, hi))
        if len(found) == 1 and _municipal(ctx.text, lo, found[0]):
            return found[0]
        if found:
            return None
    return None

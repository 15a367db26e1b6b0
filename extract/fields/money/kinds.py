"""What an amount is (grant, budget, cost), decided by who receives it.

Clause by clause (``classify``): a cost word, a list entry, a share in brackets,
an addressee (``an die Kirchgemeinde``), a body named with ``mit``, a commune of
the clause, a named club or body, a group (``die Landkreise``). Across the
release (``settle``): one fact named twice, the parts of a grant, a release
about one town, a headline that sums up the grants.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extract.fields.money.amounts import LOOKBACK, QUALIFIER_RE
from extract.fields.money.clause import (
    Context,
    Decision,
    distinct,
    last_in,
    locative,
    municipal,
    previous_town,
    town_in,
)
from extract.fields.money.phrases import (
    ACTION_HEAD_RE,
    CLUB,
    CLUB_RE,
    FUNDER_RE,
    GROUP_WORDS,
    INSTITUTION_RE,
    RECIPIENT_WORD_RE,
    is_purpose,
    joined_names,
    line_end,
    name_start,
    noun_phrase,
    org_text,
    recipient_text,
)
from extract.german import number_word
from extract.records import CommuneMention, MoneyKind

COST_RE = re.compile(
    r"\b(?:\w*[Kk]osten|kostet|kosteten|\w*[Ss]chaden|\w*[Ss]chäden|Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*"
    r"|Gebühr\w*|Preis|Eintritt\w*|Bagatellgrenze|\w*[Ii]nvestitions(?:volumen|summe)|Bausumme"
    r"|(?:Gesamt|Sach|Waren)?[Ww]ert(?:e[ns]?)?|Umsatz\w*|Umsätze\w*|\w*[Ee]inkommen\w*|\w*[Ee]innahmen|Schulden\w*|Miete\w*"
    r"|Ticket\w*|erhältlich|Gehalt|Gehälter\w*|Lohn|Löhne\w*|Rente\w*|Gewinn\w*|Verlust\w*"
    r"|Beute|erbeut\w*|gestohlen\w*|entwendet\w*|Diebesgut|Eigenanteil\w*|(?:deren|dessen)\s+(?:Gesamt)?(?:Umfang|Volumen))\b"
)


FINE_RE = re.compile(r"\b(?:Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*)\b")


BUDGET_RE = re.compile(
    r"\b(?:zur\s+Verfügung|bereit(?:stehen|gestellt|stellen|zustellen|steht|stehen)?|\w*[Hh]aushalt\w*|Gesamtvolumen"
    r"|Vorausermächtigung\w*|Budget|Etat|Fonds|Kassenmittel|(?:[Jj]e|[Pp]ro)\s+(?:Einwohner|Kopf)|\w*[Pp]auschale\w*|pauschal"
    r"|ausgestattet|umfasst|\w*[Vv]olumen|landesweit|sachsenweit|bundesweit)\b"
)


# Handing money to a recipient: a grant even where the recipient is named only nearby.
GRANT_STRONG_RE = re.compile(
    r"\b(?:erh[äa]lt|erhalten|erhielt\w*|bekomm\w*|bekam\w*|übergeb\w*|übergibt|übergab\w*|überreich\w*"
    r"|\w*[Bb]escheid\w*|beteiligt\s+sich|beteiligte\s+sich|zugesprochen|bewilligt\w*|geht\s+an|gehen\s+an"
    r"|in\s+Empfang|entgegen(?:genommen|nehmen|nahm\w*))\b"
)


GRANT_WEAK_RE = re.compile(
    r"\b(?:[Gg]eförder\w*|förder[nt]|unterstütz\w*|Fördermittel\w*|Fördergeld\w*|\w*[Ff]örderung|Zusch[uü]\w*|Zuwendung\w*"
    r"|finanziert|mitfinanziert|profitier\w*|gibt|gab|geben|zahlt\w*|zahlen|gehen|geht|gingen|fließ\w*|floss\w*"
    r"|entf[äa]ll\w*)\b"
)


# Spending its own money ("gibt ... für Schulen aus") hands nothing to a recipient.
SPEND_RE = re.compile(r"\b(?:gibt|gab|geben|gaben)\b[^;:]*?\baus\b|\bausgegeben\b|\bausgeben\b")


# "vier Kulturdenkmälern", "drei Schulen": a handful of recipients named by number.
COUNTED_RE = re.compile(
    r"(?<![\d,.])\b(?P<n>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d{1,2})\s+(?:\w+\s+)?[A-ZÄÖÜ][\wäöüß-]+"
)


LIST_ITEM_RE = re.compile(r"^\s*[-–•*·]\s*(?P<name>[^:\n]{3,120}?)\s*:\s*$")


FOR_RECIPIENT_RE = re.compile(r"^\s*(?:für|an)\s+(?:die\s+|den\s+|das\s+)?(?P<r>[A-ZÄÖÜ][^,.;:()–\n]{2,80})")


DEICTIC_RE = re.compile(r"\b(?:hier|dort|vor\s+Ort)\b")


DEFINITE_PROJECT_RE = re.compile(
    r"\b(?:[Dd]as|[Dd]ieses|[Dd]er|[Dd]ie|[Dd]en)\s+(?:\w+\s+)?\w*(?:[Pp]rojekt|[Vv]orhaben|[Kk]ampagne)\b"
)


CLAUSE_BREAK_RE = re.compile(r"[;:–]|,\s")


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


LIST_JOIN_RE = re.compile(r"\s*(?:,|und|sowie|oder)\s*|\s*,\s*(?:und|sowie)\s*")


FOR_TOWN_RE = re.compile(r"\b[Ff]ür\s+(?:den|die|das|eine[n]?)\s[^,;.:]*$")


# A rate: "20 Euro je Mitglied", "pro Teilnehmer und Tag".
RATE_AFTER_RE = re.compile(r"\s*(?:je|pro)\s+(?!Jahr\b|Monat\b)[A-ZÄÖÜ]")


# Money that goes somewhere: "gehen dabei an", "fließen an".
GOES_TO_RE = re.compile(r"\b(?:geh(?:t|en)|ging(?:en)?|fließ(?:t|en)|floss(?:en)?)\b")


# A body named by its kind and its name: "Sportgemeinschaft Wurgwitz", "SV Motor Sörnewitz", "Förderverein X".
NAMED_BODY_RE = re.compile(
    rf"(?P<np>\b(?:{CLUB}|(?=[A-ZÄÖÜ])\w*(?:[Vv]erein|[Gg]emeinschaft|[Vv]erband)|Kirch(?:en)?gemeinde|Stiftung"
    r"|Stadt|Gemeinde))"
    r"(?=\s+(?:(?:1[89]|20)\d\d\s+)?[A-ZÄÖÜ»„\"])"
)


# A recipient that is not the municipality in its name: a Landrat, a Landkreis, a church, a region, a company.
NON_MUNICIPAL_HEAD_RE = re.compile(
    r"\b(?:Landr(?:at|ätin)|Landkreis\w*|Landratsamt\w*|\w*[Kk]reis(?:es)?|Kirch(?:en)?gemeinde\w*|Region|Reisegebiet\w*"
    r"|Tourismusverband\w*|Zweckverband\w*|Sparkasse|Volksbank|Klinik\w*|Krankenh[äa]us\w*|Universität|Hochschule"
    r"|g?GmbH|e\.\s?V\.|Stiftung|\w*[Vv]erband)\b"
)


GROUP_RE = re.compile(
    rf"\b(?:[Dd]ie|[Dd]en|[Dd]er|[Aa]lle[n]?)\s+(?:(?:[a-zäöüß]+(?:e|en)|kreisfreien|kreisangehörigen)\s+)?{GROUP_WORDS}\b"
    r"(?!\s+(?:[A-ZÄÖÜ][\wäöüß-]+\s*(?:,|und|sowie)))"
)


# "Fördermittelbescheide für die Region Oberlausitz": a recipient named with "für" before the amount.
FOR_BEFORE_RE = re.compile(r"\bfür\s+(?:die|den|das)\s+")


ANTEIL_RE = re.compile(r"\b(?:Landes|Bundes|Förder)anteil\w*")


ANAPHOR_WORD_RE = re.compile(r"Stadt|Gemeinde|Kommune")


ANAPHOR_RE = re.compile(r"\b(?:die|der)\s+(?:Stadt|Gemeinde|Kommune)\b(?!\s+[A-ZÄÖÜ])")


CUMULATIVE_RE = re.compile(r"\bseit\s+(?:19|20)\d{2}\b|\bbisher\b|\bbislang\b")


ADDRESSEE_AFTER_RE = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}?an\s+(?:den|die|das)\s+")


ADDRESSEE_BEFORE_RE = re.compile(r"(?:^|(?<=[.;:!?\n]))\s*An\s+(?:den|die|das)\s+")


ADDRESSEE_GAP_RE = re.compile(r"[^.;:!?]*")


PAREN_NAME_RE = re.compile(r"(?P<name>[A-ZÄÖÜ][\w.\-/]*(?:\s+[A-ZÄÖÜ][\w.\-/]*){0,3})\s*$")


WITH_BEFORE_RE = re.compile(
    r"\b(?:der|die|das|den)\s+(?P<np>(?:[A-ZÄÖÜ][\w.\-„“\"]*|[a-zäöüß]+(?:e|en|er|es))"
    r"(?:(?:\s+|,\s+(?=[A-ZÄÖÜ]))(?:[a-z]?[A-ZÄÖÜ][\w.\-„“\"]*|und|der|des|[a-zäöüß]+(?:e|en|er|es)))*?)"
    r"\s+mit\s+(?:(?:rund|etwa|ca\.|knapp|über|insgesamt|weiteren|zusätzlich|jeweils|je)\s+)*$"
)


COUNTED_SUBJECT_RE = re.compile(
    r"\b(?:\d{1,3}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+(?:[a-zäöüß]+\s+)?"
    r"(?:Gemeinden|Kommunen|Städte|Orte|Vereine|Feuerwehren|Schulen|Landkreise)\b"
)


FUNDING_RE = re.compile(
    r"\b(?:Fördermittel\w*|Fördergeld\w*|Finanzhilfe\w*|Zuschu\w*|Zuschü\w*|Zuwendung\w*|Förderung\w*|Förderbescheid\w*"
    r"|\w*[Pp]rogramm\w*|gefördert|Bund-Länder-\w+)"
)


FOR_PROJECT_RE = re.compile(r"(?:^|\s)[Ff]ür\s+(?:[a-zäöüß.]+\s+){0,2}$")


ENUMERATED_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•*·])\s*(?:[A-Za-zäöüß.]+\s+){0,3}$")


FROM_PROGRAMME_RE = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}?aus\s+(?:dem|den|der)\s+")


PART_MARK_RE = re.compile(r"\b(?:davon|hiervon|darunter|weitere[n]?|zusätzlich\w*|ebenfalls|stamm(?:en|t|te|ten))\b")


_MAX_COUNTED = 10  # more named-by-number recipients than this is a programme, not one act of granting


_MAX_NAMED_COUNTED = 30  # ... unless the release names them (and then not beyond this)


_MIN_NAMED_TOWNS = 3


CONFIDENT = ("list", "paren", "named", "share")


def classify(
    ctx: Context,
    towns: list[CommuneMention],
    town_starts: list[int],
    sents: list[tuple[int, int]],
    si: int,
    districts: list[CommuneMention],
    named_towns: int,
) -> Decision:
    """Kind, recipient text and recipient AGS of one amount, from the words of its clause."""
    near_before = ctx.before[-80:]
    clause_after = CLAUSE_BREAK_RE.split(ctx.after, maxsplit=1)[0]
    if COST_RE.search(near_before) or COST_RE.search(clause_after[:40]):
        kind: MoneyKind = "fine" if FINE_RE.search(near_before + clause_after[:40]) else "cost"
        return Decision(kind, None, None, "cost")
    if RATE_AFTER_RE.match(ctx.text, ctx.end, ctx.after_end):
        return Decision("budget", None, None, "budget")  # "20 Euro je Mitglied": a rate, no single recipient
    # A list entry "- Krankenhaus X: 2,6 Millionen Euro": the name before the colon receives it.
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    item = LIST_ITEM_RE.match(ctx.text[line_start : _strip_qualifier_start(ctx)])
    if item:
        name = item.group("name").strip()
        found = distinct(town_in(towns, town_starts, line_start, ctx.start))
        ags = found[0].ags if len(found) == 1 and municipal(ctx.text, line_start, found[0]) else None
        return Decision("grant", name, ags, "list")
    strong = GRANT_STRONG_RE.search(ctx.sentence) or SHARE_RE.search(ctx.before)
    weak = None if SPEND_RE.search(ctx.sentence) else GRANT_WEAK_RE.search(ctx.sentence)
    # "Reisegebiete Region Leipzig (1,1 Mio. Euro), Vogtland (446.000 Euro)": each name receives its share.
    paren = _paren_recipient(ctx)
    if paren is not None:
        if not (strong or weak or GOES_TO_RE.search(ctx.sentence)):
            return Decision("budget", None, None, "budget")
        return _named(ctx, paren, towns, town_starts, "paren")
    if ctx.total:
        return Decision("total", None, None, "total")
    # "Bescheid über 402.000 Euro an die Kirchgemeinde St. Afra übergeben": the addressee receives it.
    addressee = _addressee(ctx)
    if addressee is not None and (strong or weak or GOES_TO_RE.search(ctx.sentence)):
        if GROUP_RE.match(ctx.text, addressee[0]):
            return Decision("budget", None, None, "group")
        return _named(ctx, addressee, towns, town_starts, "named")
    # "wird der Heilbäderverband mit 176.000 Euro, die Jugendzentren mit 35.000 Euro gefördert".
    partner = _with_recipient(ctx)
    if partner is not None and not _recipient_like(ctx.text[partner[0] : partner[1]], towns, town_starts, partner):
        partner = None  # "fördert den Neustart des Tourismus mit 5 Mio. Euro": what, not whom
    if partner is not None and (strong or weak):
        if GROUP_RE.match(ctx.text, partner[0]) and not _towns_between(towns, town_starts, *partner):
            return Decision("budget", None, None, "group")
        return _named(ctx, partner, towns, town_starts, "named")
    for_rec = FOR_RECIPIENT_RE.match(ctx.after)
    # The commune that receives: named since the previous amount, else up to the next one.
    seg_towns = distinct(town_in(towns, town_starts, ctx.before_start, ctx.start))
    counted = _counted_recipients(near_before, clause_after)
    if counted and all(locative(ctx.text, t) for t in seg_towns):
        # Money for counted recipients: a commune named here is only where it is handed over.
        n, phrase = counted
        # Beyond a handful, counted recipients are one act of granting only where the release names them.
        named = n <= _MAX_COUNTED or (n <= _MAX_NAMED_COUNTED and named_towns >= _MIN_NAMED_TOWNS)
        if not named or CUMULATIVE_RE.search(ctx.sentence):
            return Decision("budget", None, None, "group")
        return Decision("grant", _counted_phrase(phrase), None, "named")
    district = last_in(districts, ctx.before_start, ctx.start)
    if district is not None and (strong or weak) and all(t.start < district.start for t in seg_towns):
        return Decision("grant", district.text, None, "named")  # a Landkreis has no AGS of a municipality
    if not seg_towns:
        # Named after the amount, in its own clause ("mit 95.000 Euro unterstützt das Land die Gemeinde X"),
        # with the towns listed after it ("für Projekte in Kamenz, Elstra und Pulsnitz").
        seg_towns = distinct(_listed(ctx, town_in(towns, town_starts, ctx.end, ctx.after_end), len(clause_after)))
    budget = BUDGET_RE.search(ctx.sentence)
    if seg_towns and all(locative(ctx.text, t) for t in seg_towns) and (strong or weak):
        # "hat heute in Löbau Bescheide für die Region Oberlausitz überreicht": the town is where, not who.
        for m in FOR_BEFORE_RE.finditer(ctx.text, max(ctx.before_start, ctx.s_start), ctx.start):
            np = noun_phrase(ctx.text, m.end(), ctx.start)
            if np and not is_purpose("für " + ctx.text[np[0] : np[1]], False):
                if _recipient_like(ctx.text[np[0] : np[1]], towns, town_starts, np):
                    return _named(ctx, np, towns, town_starts, "named")
    for_town = len(seg_towns) == 1 and FOR_TOWN_RE.search(
        ctx.text, max(ctx.s_start, seg_towns[0].start - 80), seg_towns[0].start
    )
    if len(seg_towns) == 1 and (strong or weak or for_rec or (budget and for_town)):
        # "Für die Kita in Ostritz stellt der Freistaat 800.000 Euro bereit": the town's project receives it.
        town = seg_towns[0]
        if municipal(ctx.text, max(ctx.s_start, town.start - 80), town):
            return Decision("grant", recipient_text(ctx.text, town), town.ags, "named")
        return Decision("grant", org_text(ctx.text, town), None, "named")
    if len(seg_towns) > 1 and (strong or weak):
        return Decision("grant", joined_names(seg_towns), None, "named")
    if not seg_towns and SHARE_RE.search(ctx.before) and FUNDER_RE.search(ctx.before):
        # "Gesamtkosten von 650.000 Euro, davon übernimmt der Freistaat 520.000 Euro": the share is granted.
        prev = previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return Decision("grant", recipient_text(ctx.text, prev), prev.ags, "share")
    # A club or another body named in the clause: "So stehen der Sportgemeinschaft Wurgwitz 71.850 Euro bereit".
    inst = _institution(ctx)
    if inst is not None and (strong or weak or budget or ANTEIL_RE.search(ctx.sentence)):
        return _named(ctx, inst, towns, town_starts, "named")
    if (strong or weak) and GROUP_RE.search(ctx.sentence):
        return Decision("budget", None, None, "group")  # "die Landkreise sollen 162 Millionen Euro erhalten"
    if budget:
        return Decision("budget", None, None, "budget")
    if for_rec and INSTITUTION_RE.search(for_rec.group("r")):
        return Decision("grant", for_rec.group("r").strip(), None, "named")
    anaphor = ANAPHOR_RE.search(ctx.sentence)
    # "Die Gesamtkosten betragen 700.000 Euro, der Freistaat fördert mit 450.000 Euro": a share of the costs.
    after_cost = COST_RE.search(ctx.text, ctx.s_start, ctx.before_start) is not None and ctx.before_start > ctx.s_start
    if strong or (weak and (DEICTIC_RE.search(ctx.sentence) or anaphor or after_cost or _definite_project(ctx))):
        prev = previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return Decision("grant", recipient_text(ctx.text, prev), prev.ags, "named")
    if weak:
        handful = _counted(ctx.sentence)
        if handful:
            return Decision("grant", handful, None, "named")
    if strong or weak:
        # "Die Feuerwehr erhält ...", "Das Museum wird gefördert": a body named by its kind receives it.
        kind_named = INSTITUTION_RE.search(ctx.sentence)
        if kind_named:
            start = name_start(ctx.text, ctx.s_start + kind_named.start(), ctx.s_start)
            np = noun_phrase(ctx.text, start, ctx.s_end)
            return Decision("grant", ctx.text[np[0] : np[1]] if np else kind_named.group(0), None, "named")
    if strong:
        return Decision("budget", None, None, "strong")  # handed over, but to nobody the text names
    return Decision("budget", None, None, "none")


def _named(
    ctx: Context, span: tuple[int, int], towns: list[CommuneMention], town_starts: list[int], basis: str
) -> Decision:
    """A grant to the noun phrase at ``span``: its municipality's AGS where it is one of the town's own."""
    a, b = span
    found = distinct(town_in(towns, town_starts, a, b))
    phrase = ctx.text[a:b]
    ags = None
    if len(found) == 1 and not NON_MUNICIPAL_HEAD_RE.search(phrase) and not CLUB_RE.search(phrase):
        ags = found[0].ags
    return Decision("grant", phrase, ags, basis)


def _recipient_like(phrase: str, towns: list[CommuneMention], town_starts: list[int], span: tuple[int, int]) -> bool:
    """Whether a phrase names a body that can receive money (not a funder, not a project or an activity)."""
    first = re.match(r"[\w-]+", phrase)
    if FUNDER_RE.fullmatch(phrase) or (first and ACTION_HEAD_RE.search(first.group(0))):
        return False
    if ANAPHOR_WORD_RE.fullmatch(phrase):
        return False  # "die Stadt" alone points back to a town named before
    return bool(RECIPIENT_WORD_RE.search(phrase) or town_in(towns, town_starts, *span))


def _listed(ctx: Context, after: list[CommuneMention], reach: int) -> list[CommuneMention]:
    """The towns after the amount in its clause, and those listed right after them."""
    found = [t for t in after if t.start < ctx.end + reach]
    if not found:
        return []
    for t in after[len(found) :]:
        if not LIST_JOIN_RE.fullmatch(ctx.text, found[-1].end, t.start):
            break
        found.append(t)
    return found


def _towns_between(towns: list[CommuneMention], town_starts: list[int], a: int, b: int) -> bool:
    return bool(town_in(towns, town_starts, a, b))


def _addressee(ctx: Context) -> tuple[int, int] | None:
    """``an den Oberbürgermeister der Stadt Dresden`` near the amount, or ``An die Gemeinde X gehen ...``."""
    m = ADDRESSEE_AFTER_RE.match(ctx.text, ctx.end, ctx.after_end)
    if not m:
        m = ADDRESSEE_BEFORE_RE.search(ctx.text, max(ctx.before_start, ctx.start - 120), ctx.start)
        if not m or not ADDRESSEE_GAP_RE.fullmatch(ctx.text, m.end(), ctx.start):
            return None
    return noun_phrase(ctx.text, m.end(), line_end(ctx.text, m.end()))


def _paren_recipient(ctx: Context) -> tuple[int, int] | None:
    """The name right before ``(1,1 Mio. Euro)``."""
    head = ctx.text[max(ctx.s_start, ctx.start - 3) : ctx.start]
    if not head.rstrip().endswith("(") or not ctx.text[ctx.end : ctx.end + 2].lstrip().startswith(")"):
        return None
    close = ctx.text.rfind("(", ctx.s_start, ctx.start)
    m = PAREN_NAME_RE.search(ctx.text, max(ctx.s_start, close - 80), close)
    if not m or not m.group("name")[:1].isupper():
        return None
    return m.start("name"), m.end("name")


def _with_recipient(ctx: Context) -> tuple[int, int] | None:
    """``der Sächsische Heilbäderverband mit 176.000 Euro``: the phrase before ``mit``."""
    m = WITH_BEFORE_RE.search(ctx.text, max(ctx.before_start, ctx.start - 120), ctx.start)
    if not m:
        return None
    return m.start("np"), m.end("np")


def _institution(ctx: Context) -> tuple[int, int] | None:
    """A named body in the amount's clause: ``der Sportgemeinschaft Wurgwitz``, ``Beim SV Motor Sörnewitz``."""
    lo = max(ctx.before_start, ctx.s_start)
    for m in NAMED_BODY_RE.finditer(ctx.text, lo, ctx.after_end):
        return noun_phrase(ctx.text, m.start("np"), max(ctx.after_end, line_end(ctx.text, m.start("np"))))
    return None


def _counted_phrase(phrase: str) -> str:
    return re.sub(r"^(?:für|an)\s+(?:die\s+|den\s+)?(?:insgesamt\s+)?", "", phrase)


def settle(
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]],
    contexts: list[Context],
    decisions: list[Decision],
    towns: list[CommuneMention],
    town_starts: list[int],
    sents: list[tuple[int, int]],
    headline_end: int,
) -> None:
    """Decisions across the release: one fact named twice, parts of a grant, a release about one town."""
    confident = [i for i, d in enumerate(decisions) if d.basis in CONFIDENT and d.kind == "grant"]
    # The same amount named again (the headline, a summary) is the same fact.
    for i, d in enumerate(decisions):
        if d.basis not in ("none", "budget"):
            continue
        same = [j for j in confident if j != i and hits[j][2] == hits[i][2]]
        if same:
            src = decisions[same[0]]
            decisions[i] = Decision(src.kind, src.recipient, src.ags, "same")
    confident = [i for i, d in enumerate(decisions) if d.basis in CONFIDENT and d.kind == "grant"]
    # A part of a grant ("davon 2 Millionen Euro aus dem Programm X", "• 258.000 Euro aus ...") inherits it.
    for i, ctx in enumerate(contexts):
        d = decisions[i]
        if d.basis not in ("none", "budget") or not _part_of_grant(ctx):
            continue
        source = _grant_before(i, hits, contexts, decisions, confident)
        if source is not None:
            decisions[i] = Decision("grant", source.recipient, source.ags, "part")
            continue
        statement = _grant_statement(ctx, towns, town_starts, sents)
        if statement is not None:
            decisions[i] = statement
    # A release about one town: its further funding (Finanzhilfen, Zuschüsse) goes to that town too.
    granted = {decisions[i].ags for i in confident}
    single = next(iter(granted)) if len(granted) == 1 and None not in granted else None
    for i, ctx in enumerate(contexts):
        d = decisions[i]
        if d.basis != "none":
            continue
        here = distinct(town_in(towns, town_starts, ctx.s_start, ctx.s_end))
        funding = FUNDING_RE.search(ctx.sentence)
        if single is not None and funding and all(t.ags == single for t in here):
            town = next((t for t in towns if t.ags == single), None)
            decisions[i] = Decision("grant", town.text if town else None, single, "carried")
        elif confident and len(here) == 1 and FOR_PROJECT_RE.search(ctx.before):
            decisions[i] = Decision("grant", here[0].text, here[0].ags, "carried")
    # A headline amount in a release whose amounts are all grants sums them up.
    body = [j for j in range(len(decisions)) if hits[j][0] >= headline_end]
    body_grants = [j for j in confident if j in body]
    for i, d in enumerate(decisions):
        if hits[i][1] > headline_end or d.basis != "none" or not body_grants:
            continue
        if {decisions[j].kind for j in body} <= {"grant", "cost", "fine"}:
            ags_set = {decisions[j].ags for j in body_grants}
            ags = next(iter(ags_set)) if len(ags_set) == 1 else None
            decisions[i] = Decision("grant", None, ags, "headline")


def _part_of_grant(ctx: Context) -> bool:
    """``1. Rund zwei Millionen Euro aus dem Bund-Länder-Programm``, ``weitere 95.000 Euro aus dem ...``."""
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    enumerated = ENUMERATED_RE.match(ctx.text[line_start : ctx.start]) is not None
    from_programme = FROM_PROGRAMME_RE.match(ctx.text, ctx.end, ctx.after_end) is not None
    marked = PART_MARK_RE.search(ctx.sentence) is not None
    return from_programme and (enumerated or marked or ctx.before_start > ctx.s_start)


def _grant_before(
    i: int,
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]],
    contexts: list[Context],
    decisions: list[Decision],
    confident: list[int],
) -> Decision | None:
    """The nearest grant in the same or one of the two sentences before."""
    si = contexts[i].si
    for j in range(i - 1, -1, -1):
        if decisions[j].kind != "grant" or (j not in confident and decisions[j].basis != "part"):
            continue
        return decisions[j] if si - contexts[j].si <= 2 else None
    return None


def _grant_statement(
    ctx: Context, towns: list[CommuneMention], town_starts: list[int], sents: list[tuple[int, int]]
) -> Decision | None:
    """A sentence just before that reports a grant without an amount: ``13 Gemeinden haben Finanzhilfen erhalten``."""
    for j in range(ctx.si - 1, max(ctx.si - 3, -1), -1):
        lo, hi = sents[j]
        sentence = ctx.text[lo:hi]
        if not (GRANT_STRONG_RE.search(sentence) and FUNDING_RE.search(sentence)):
            continue
        found = distinct(town_in(towns, town_starts, lo, hi))
        if len(found) == 1:
            return Decision("grant", found[0].text, found[0].ags, "part")
        if len(found) > 1 or COUNTED_SUBJECT_RE.search(sentence):
            return Decision("grant", None, None, "part")
    return None


def _strip_qualifier_start(ctx: Context) -> int:
    q = QUALIFIER_RE.search(ctx.text, max(ctx.s_start, ctx.start - LOOKBACK), ctx.start)
    return q.start() if q else ctx.start


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


def _counted(sentence: str) -> str | None:
    for m in COUNTED_RE.finditer(sentence):
        n = m.group("n")
        value = int(n) if n.isdigit() else number_word(n)
        noun = m.group(0).split()[-1]
        if NOT_RECIPIENT_NOUN_RE.fullmatch(noun) or NOT_RECIPIENT_NOUN_RE.fullmatch(m.group(0).split()[1]):
            continue  # "vier Millionen Euro", "zwei Jahren": an amount or a time, not recipients
        if value is not None and 2 <= value <= _MAX_COUNTED:
            return m.group(0)
    return None


def _definite_project(ctx: Context) -> bool:
    """A sentence about one particular project ("Das eingereichte Projekt wird ... gefördert")."""
    return bool(DEFINITE_PROJECT_RE.search(ctx.sentence))

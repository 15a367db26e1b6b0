"""What each person did in a release: signed, witnessed, was quoted.

An active signing verb makes the people its sentence names signatories, ``im Beisein von`` makes witnesses,
a quote attributed by ``Name:``, ``sagte`` or ``so`` makes a quoted speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from extract.fields.people.lexicon import NAME_ABBREVIATIONS, TITLE_TOKENS, UP, first_names, role_form
from extract.fields.people.roles import ADJECTIVE_RE, best_role
from extract.fields.people.spans import Name
from extract.records import Quote

SIGN_VERB_RE = re.compile(
    r"\b(?P<v>[Uu]nterzeichneten|[Uu]nterzeichnete|[Uu]nterzeichnen|[Uu]nterzeichnet|[Uu]nterschrieben"
    r"|[Uu]nterschrieb|[Uu]nterschreiben|[Uu]nterschreibt)\b"
    r"|(?P<b>besiegel\w* mit (?:der|ihrer|seiner|den) Unterschrift)"
    r"|(?P<u>Unterschrift(?:en)? (?:leistete|leisteten|setzte|setzten))"
    r"|(?P<m>[Mm]it (?:ihrer|ihren|seiner|seinen) Unterschrift(?:en)?|setzten? (?:ihre|seine) Unterschrift(?:en)?)"
    # "X und Y besiegelten die Partnerschaft": sealing an agreement the sentence names
    r"|(?P<z>\b(?:besiegelten|besiegelte)\b)"
    # "mit der Unterschrift von X und Y besiegelt": the people after it signed
    r"|(?P<s>Unterschrift(?:en)? (?:von|vom|des|der)\b)"
    # a caption: "X und Y bei der Unterzeichnung": the people right before it signed
    r"|(?P<c>\bbei der Unterzeichnung\b)",
)
# A participle used as an adjective: "die unterzeichnete Vereinbarung", "der unterschriebenen Urkunde".
ATTRIBUTIVE_RE = re.compile(r"\b(?:die|der|den|dem|das|eine|einer|einen|ihre|ihrer|seine|seiner)\s*$")
AGREEMENT_NEXT_RE = re.compile(r"\s+\w*(?:[Vv]ereinbarung|[Pp]artnerschaft|[Vv]ertrag|[Ee]rklärung|[Uu]rkunde)")
# A relative clause on the agreement: "die Vereinbarung, die ... unterzeichneten".
RELATIVE_CLAUSE_RE = re.compile(
    r"\b\w*(?:[Vv]ereinbarung|[Pp]artnerschaft|[Vv]ertrag|[Ee]rklärung|[Uu]rkunde)\w*\s*,\s*(?:die|der|das|den|welche[rns]?)\s"
)
# A signing still to come: "am kommenden Montag unterzeichnen", "unterschreiben morgen".
FUTURE_RE = re.compile(
    r"\b(?:[Aa]m kommenden|[Kk]ommende[nr]? Woche|[Nn]ächste[nr]? Woche|morgen|übermorgen|[Dd]emnächst|[Ii]n Kürze"
    r"|geplant|vorgesehen)\b"
)
PERFECT_AUX_RE = re.compile(r"\b(?:haben|hat|hatten|hatte)\b")
PASSIVE_AUX_RE = re.compile(r"\b(?:wurde|wurden|worden|werden|wird|ist|sind|war|waren)\b")
PLANNED_RE = re.compile(
    r"\b(?:soll|sollen|sollte|sollten|will|wollen|werden|wird|möchte|möchten|kann|können|zu)\s+"
    r"(?:\S+\s+){0,6}?(?:unterzeichnen|unterschreiben|besiegeln)\b|\bzu\s+(?:unterzeichnen|unterschreiben|besiegeln)\b"
    # the verb first: "Unterzeichnen werden X und Y", "Unterschreiben sollen am Montag:"
    r"|\b(?:[Uu]nterzeichnen|[Uu]nterschreiben)\s+(?:soll|sollen|sollte|sollten|will|wollen|werden|wird)\b"
)
PLANNED_PASSIVE_RE = re.compile(r"\b(?:unterzeichnet|unterschrieben|besiegelt)\s+werden\b")
AGREEMENT_NOUN_RE = re.compile(
    r"\b\w*(?:[Vv]ereinbarung|[Pp]artnerschaft|[Vv]ertrag|Letter of Intent|[Ee]rklärung"
    r"|[Uu]rkunde)\w*"
)
# A line that announces the signers as a list below it: "Es unterzeichneten:", "Unterschrieben haben:".
# A line that ends with a colon (few do), and among those the ones that introduce signers.
COLON_LINE_RE = re.compile(r"^[^\n]*:[ \t]*$", re.M)
LIST_SIGN_WORD_RE = re.compile(r"\b(?:[Uu]nterzeichne\w*|[Uu]nterschrie\w*|Unterschriften)\b")
LIST_LINE_MAX = 200  # a longer line is a paragraph, not a list item
WITNESS_RE = re.compile(r"\b(?:[Ii]m Beisein|[Ii]n Anwesenheit|[Ii]n Gegenwart)\b")
TRIGGER_RE = re.compile(rf"{SIGN_VERB_RE.pattern}|{WITNESS_RE.pattern}")
WITNESS_GAP_RE = re.compile(
    rf"^(?:[\s,/]|\b(?:und|sowie|von|vom|des|der|dem|den|die|Herrn?|Frau|vertreten durch|stellv\.)(?!\w)"
    rf"|\b(?:{ADJECTIVE_RE.pattern})\b|[{UP}][\w.-]*|\([^()]*\))*$"
)
# First person signing inside a quote: "wir unterzeichnen", "freuen uns, ... zu unterschreiben".
QUOTE_SIGN_RE = re.compile(
    r"\b(?i:wir|ich|uns)\b[^.!?«»“”„]{0,80}?\b(?:unterzeichnen|unterschreiben|unterzeichne"
    r"|unterschreibe|unterzeichnet haben|unterschrieben haben)\b"
)
QUOTE_PLANNED_RE = re.compile(r"\b(?:werden|wollen|möchten|sollen)\b")
SPEECH_VERBS = frozenset(
    "sagte sagt erklärte erklärt betonte betont so meinte meint ergänzte ergänzt sprach spricht unterstrich "
    "unterstreicht hob bekräftigte bekräftigt fügte lobte lobt dankte dankt freute freut kommentierte".split()
)
SENTENCE_END_RE = re.compile(r"([.!?])[»«“”\"]?\s+(?=[\w„»«\"“(])|\n\s*")
NO_SENTENCE_END = frozenset(
    {
        "Dr",
        "Prof",
        "St",
        "Nr",
        "ca",
        "bzw",
        "vgl",
        "z.B",
        "u.a",
        "Abs",
        "Mio",
        "Mrd",
        "Hl",
        "bspw",
        "ggf",
        "inkl",
        "etc",
        "usw",
        "Str",
        "Tel",
        "i.R",
        "u",
        "z",
        "d.h",
        "v",
        "e.V",
    }
)
QUOTE_CHAR_RE = re.compile(r'[»«„“”"\n]')
QUOTE_PAIRS = {"»": "«", "„": "“”", "“": "”“", "«": "»", '"': '"'}
WORD_AT_RE = re.compile(r"[\w.-]+")
# Passive with an agent: "wurde ... von Bürgermeister X unterzeichnet"; not "im Beisein von", "auf Initiative von".
AGENT_RE = re.compile(
    r"(?<!Beisein )(?<!Anwesenheit )(?<!Gegenwart )(?<!Initiative )(?<!Einladung )"
    r"(?<!Seiten )(?<!Auftrag )\b(?:von|vom)\b"
)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quotations as (inner start, inner end); an unclosed one runs to the end of its paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for hit in QUOTE_CHAR_RE.finditer(text):
        pos, ch = hit.start(), hit.group()
        if ch == "\n" and stack:
            # A quote may continue in the next paragraph only when that one does not open another.
            nxt = text[pos + 1 : pos + 2]
            if not nxt or nxt in QUOTE_PAIRS or text[pos + 1 : pos + 2] == "\n":
                spans.append((stack[0][1], pos))
                stack.clear()
            continue
        if ch == "\n":
            continue
        if stack and ch in QUOTE_PAIRS[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                spans.append((start, pos))
            continue
        if ch in QUOTE_PAIRS and (ch != '"' or not stack):
            if ch == "«" and not stack and "»" not in text[pos : pos + 2000]:
                continue
            stack.append((ch, pos + 1))
    if stack:
        spans.append((stack[0][1], len(text)))
    return [(s, e) for s, e in spans if e - s >= 15]


def attribute_quotes(text: str, names: list[Name], spans: list[tuple[int, int]]) -> list[Quote]:
    """Give each quotation its speaker: ``Name: »...«``, ``»...«, sagte Name``, ``»...«, so Name``."""
    quotes: list[Quote] = []
    name_starts = [name.start for name in names]
    for start, end in spans:
        speaker = _speaker_before(text, names, name_starts, start) or _speaker_after(text, names, name_starts, end)
        if speaker is None:
            continue
        if speaker.relation == "mentioned":
            speaker.relation = "quoted"
        words = text[start:end].strip()
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        role = best_role(speaker.roles)
        quotes.append(
            Quote(
                text=words,
                start=start + lead,
                end=start + lead + len(words),
                rule="quote_attribution",
                speaker=speaker.full,
                speaker_role=role.text if role else None,
            )
        )
        signing = QUOTE_SIGN_RE.search(words)
        if signing and not QUOTE_PLANNED_RE.search(signing.group(0)):
            speaker.relation = "signatory"  # "wir unterzeichnen": the speaker signs
    return quotes


def _speaker_before(text: str, names: list[Name], name_starts: list[int], qstart: int) -> Name | None:
    """``Bürgermeisterin Karin Berndt: »...`` or ``Katja Floß, Leiterin ... ergänzt: »...``."""
    head = text[max(0, qstart - 200) : qstart - 1]
    if not re.search(r":\s*$", head):
        return None
    line_start = text.rfind("\n", 0, qstart - 1) + 1
    pos = bisect.bisect_left(name_starts, qstart) - 1
    if pos < 0 or names[pos].start < line_start:
        return None
    between = text[names[pos].end : qstart - 1]
    if re.search(r"[.!?»«„“”]", between):
        return None
    # The first name on the line is the speaker; later ones sit inside the role complement.
    while (
        pos > 0
        and names[pos - 1].start >= line_start
        and not re.search(r"[:.!?»«„“”]", text[names[pos - 1].end : names[pos].start])
    ):
        pos -= 1
    return names[pos]


def _speaker_after(text: str, names: list[Name], name_starts: list[int], qend: int) -> Name | None:
    """``»...«, sagte Innenminister Armin Schuster`` or ``»...«, so Schuster``."""
    tail = text[qend + 1 : qend + 160]
    m = re.match(r"[,]?\s*(\w+)\b", tail)
    if not m or m.group(1) not in SPEECH_VERBS:
        return None
    pos = bisect.bisect_left(name_starts, qend + 1)
    if pos >= len(names):
        return None
    between = text[qend + 1 : names[pos].start]
    if len(between) > 80 or re.search(r"[.!?»«„“”:;]", between):
        return None
    return names[pos]


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence spans in one line: final punctuation, not abbreviations or ordinals (``25. Juni``).

    Reading ``doc.sents`` would build a Token object per token, which costs more than all rules here.
    """
    bounds = [lo]
    for m in SENTENCE_END_RE.finditer(text, lo, hi):
        if m.group(1) == ".":
            word = text[text.rfind(" ", 0, m.start()) + 1 : m.start()].lstrip("(").rsplit("/", 1)[-1]
            if word.isdigit() or word in NO_SENTENCE_END or len(word) == 1:
                continue
            if word in NAME_ABBREVIATIONS and _continues_after_abbreviation(text, m.end()):
                continue
        bounds.append(m.end())
    bounds.append(hi)
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _continues_after_abbreviation(text: str, pos: int) -> bool:
    """After ``Oelsnitz/Vogtl.`` a name, role, title or lower-case word goes on with the sentence."""
    m = WORD_AT_RE.match(text, pos)
    if not m:
        return False
    word = m.group()
    return word[0].islower() or word in first_names() or word in TITLE_TOKENS or role_form(word) is not None


def signatories_and_witnesses(text: str, names: list[Name], quote_spans: list[tuple[int, int]]) -> None:
    """Signers of an active signing sentence, and the people ``im Beisein von`` (witnesses)."""
    quote_starts = [s for s, _ in quote_spans]

    def in_quote(pos: int) -> bool:
        k = bisect.bisect_right(quote_starts, pos) - 1
        return k >= 0 and quote_spans[k][0] <= pos < quote_spans[k][1]

    # Sentences never cross a line break, so only lines with a signing or witness phrase are split.
    by_line: dict[int, list[Name]] = {}
    for name in names:
        if name.relation == "contact" or in_quote(name.start):
            continue
        by_line.setdefault(text.rfind("\n", 0, name.start) + 1, []).append(name)
    by_sentence: dict[tuple[int, int], list[Name]] = {}
    for line_start, line_names in by_line.items():
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if not TRIGGER_RE.search(text, line_start, line_end):
            continue
        parts = _sentences(text, line_start, line_end)
        sent_starts = [s for s, _ in parts]
        for name in line_names:
            k = max(bisect.bisect_right(sent_starts, name.start) - 1, 0)
            by_sentence.setdefault(parts[k], []).append(name)
    for (s_start, s_end), members in by_sentence.items():
        sentence = text[s_start:s_end]
        witnesses = _listed_after(WITNESS_RE, text, s_start, sentence, members)
        for name in witnesses:
            name.relation = "witness"
        signers = _signers(text, s_start, sentence, members, in_quote)
        for name in signers:
            if name not in witnesses:
                name.relation = "signatory"
    for name in _listed_below(text, names):
        if name.relation in ("mentioned", "quoted"):
            name.relation = "signatory"


def _listed_below(text: str, names: list[Name]) -> list[Name]:
    """``Es unterzeichneten:`` and one signer a line below it, up to the paragraph's end."""
    found: list[Name] = []
    name_starts = [name.start for name in names]
    for m in COLON_LINE_RE.finditer(text):
        line = m.group()
        if not LIST_SIGN_WORD_RE.search(line):
            continue
        if PLANNED_RE.search(line) or FUTURE_RE.search(line) or PLANNED_PASSIVE_RE.search(line):
            continue
        end = m.end() + 1
        while end < len(text):
            nxt = text.find("\n", end)
            nxt = len(text) if nxt < 0 else nxt
            if not text[end:nxt].strip() or nxt - end > LIST_LINE_MAX:
                break
            end = nxt + 1
        lo, hi = bisect.bisect_left(name_starts, m.end()), bisect.bisect_left(name_starts, end)
        found.extend(names[lo:hi])
    return found


def _listed_after(
    pattern: re.Pattern[str], text: str, s_start: int, sentence: str, members: list[Name], *, first: bool = False
) -> list[Name]:
    """The people listed right after each match of ``pattern`` in the sentence (``im Beisein von X und Y``).

    With ``first``, only the list after the first match that names anyone.
    """
    found: list[Name] = []
    for m in pattern.finditer(sentence):
        anchor = s_start + m.end()
        for name in members:
            if name.start < anchor:
                continue
            if not WITNESS_GAP_RE.fullmatch(text[anchor : name.start]):
                break
            found.append(name)
            anchor = name.end
        if first and found:
            break
    return found


def _listed_before(text: str, anchor: int, members: list[Name]) -> list[Name]:
    """The people listed right before ``anchor`` (``Bürgermeisterin X und Landrat Y bei der Unterzeichnung``)."""
    found: list[Name] = []
    for name in reversed(members):
        if name.end > anchor:
            continue
        if not WITNESS_GAP_RE.fullmatch(text[name.end : anchor]):
            break
        found.append(name)
        anchor = name.start
    return found[::-1]


def _signers(
    text: str, s_start: int, sentence: str, members: list[Name], in_quote: Callable[[int], bool]
) -> list[Name]:
    """The people an active signing sentence names, up to the signed document."""
    active = None
    for m in SIGN_VERB_RE.finditer(sentence):
        if in_quote(s_start + m.start()):
            continue
        verb = m.group("v")
        if verb is not None:
            verb = verb.lower()
            if ATTRIBUTIVE_RE.search(sentence, 0, m.start()) and AGREEMENT_NEXT_RE.match(sentence, m.end()):
                continue  # "überreichte die unterzeichnete Vereinbarung": a participle before a noun
        if PLANNED_RE.search(sentence) or FUTURE_RE.search(sentence) or PLANNED_PASSIVE_RE.search(sentence):
            continue
        if m.group("s"):
            return _listed_after(re.compile(re.escape(m.group())), text, s_start, sentence, members, first=True)
        if m.group("c"):
            return _listed_before(text, s_start + m.start(), members)
        if m.group("z") and not AGREEMENT_NOUN_RE.search(sentence):
            continue
        if verb is None:
            active = m
            break
        if verb in ("unterzeichnet", "unterschrieben"):
            if PERFECT_AUX_RE.search(sentence) and not re.search(rf"{verb}\s+(?:worden|werden)\b", sentence):
                active = m
                break
            if not PASSIVE_AUX_RE.search(sentence):
                # present or past tense: "Von Seiten der Polizei unterzeichnet ...", "Gestern unterschrieben ..."
                active = m
                break
            if re.search(rf"{verb}\s+werden\b", sentence, re.I):
                continue  # "soll ... unterzeichnet werden": planned
            # "wurde von Landrat X unterzeichnet": the agents are the signatories
            return _listed_after(AGENT_RE, text, s_start, sentence, members, first=True)
        active = m
        break
    if active is None:
        return []
    # "die Vereinbarung, die Bürgermeister X und Revierleiter Y unterzeichneten": the relative clause's people
    clause = None
    for rel in RELATIVE_CLAUSE_RE.finditer(sentence, 0, active.start()):
        clause = rel
    if clause is not None:
        lo, hi = s_start + clause.end(), s_start + active.start()
        return [name for name in members if lo <= name.start < hi]
    # People after the signed document belong to a later clause ("... die Vereinbarung und bereitete X ...").
    cut = len(text)
    if members:
        first = members[0].end
        for noun in AGREEMENT_NOUN_RE.finditer(sentence):
            if s_start + noun.start() > first:
                cut = s_start + noun.start()
                break
    return [name for name in members if name.start < cut]

"""People: names, roles, organisations, what each person did in a release, and their quotes.

No German NER model exists on the package index, so names are found by rules:
a first-name lexicon followed by a capitalised surname, a role, title or honorific followed
by capitalised tokens, and surname-only repeats of a name given in full elsewhere
in the same release. Roles come from the project's role lexicon (both genders,
inflected forms, compounds such as ``LPR-Geschäftsführer``) with the genitive or
prepositional complement the text gives (``Leiterin des Referats ... der
Polizeidirektion Zwickau``). What a person did is read from the sentence: an
active signing verb makes the people it names signatories, ``im Beisein von``
makes witnesses, a quote attributed by ``Name:``, ``sagte`` or ``so`` makes a
quoted speaker, the letterhead's press contact is a contact.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from extract.nlp import doc_text
from extract.records import CommuneMention, PersonMention, Quote, Relation, ReleaseInfo

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_UP = "A-ZÄÖÜÀ-ÖØ-ÞŁŚŹŻČŠŽ"
_LO = "a-zäöüßà-öø-ÿłśźżčšžćńě"
NAME_TOKEN_RE = re.compile(rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*")
ABBREVIATION_RE = re.compile(rf"[{_UP}][{_UP}a-z]{{1,7}}")  # LPR, CDU, SPD, KPR
# Capitalised nouns that end like this are things, places or bodies, never surnames.
NOUNISH_RE = re.compile(
    r"(?:ungen|heit|heiten|keit|schaft|schaften|tion|tionen|ität|ismus|ierung|straße|platz|allee|kirche|schule"
    r"|gymnasium|haus|hauses|halle|ministerium|ministeriums|direktion|präsidium|verband|verbandes|bund|bundes"
    r"|stiftung|verein|vereins|polizei|revier|reviers|kreis|kreises|stadt|gemeinde|behörde|amt|amtes|amts"
    r"|rat|rates|rats|tag|tages|zentrum|institut|gericht|kommission|netzwerk|programm|projekt|strategie"
    r"|sachsen|land|landes|kommunen|vereinbarung|partnerschaft|preis|[a-zäöü]{2,}ung)$"
)
# A name followed by one of these heads names the thing: "Friedrich Ebert Stiftung", "Erich Kästner Grundschule".
NAMED_AFTER_RE = re.compile(
    r"(?:stiftung|schule|gymnasium|straße|str\.|platz|museum|institut|preis|haus|halle|park|ring|allee|weg|kaserne"
    r"|klinikum|krankenhaus|stadion|brücke|zentrum|center|bibliothek|kirche|turm|medaille|saal|universität|akademie"
    r"|kita|kindergarten|hort|heim|bad|denkmal|quartier|siedlung)$"
)
CREDIT_LINE_RE = re.compile(r"^\s*[(\[]?\s*(?:©|\(c\)|Fotos?\b|Bilder?\b|Quelle\b|Grafik\b|Copyright\b|Foto/)", re.I)
CREDIT_INLINE_RE = re.compile(r"(?:©|\b(?:Fotos?|Bild|Quelle|Grafik)\s*:)[^\n)]*$")
LIST_GAP_RE = re.compile(r"^(?:\s*\([^()\n]{1,60}\))?\s*(?:[,;–]|und|sowie)?\s*(?:und|sowie)?\s*$")
SIGN_VERB_RE = re.compile(
    r"\b(?P<v>[Uu]nterzeichneten|[Uu]nterzeichnete|[Uu]nterzeichnen|[Uu]nterzeichnet|[Uu]nterschrieben"
    r"|[Uu]nterschrieb|[Uu]nterschreiben|[Uu]nterschreibt)\b"
    r"|(?P<b>besiegel\w* mit (?:der|ihrer|seiner|den) Unterschrift)"
    r"|(?P<u>Unterschrift(?:en)? (?:leistete|leisteten|setzte|setzten))",
)
PERFECT_AUX_RE = re.compile(r"\b(?:haben|hat|hatten|hatte)\b")
PASSIVE_AUX_RE = re.compile(r"\b(?:wurde|wurden|worden|werden|wird|ist|sind|war|waren)\b")
PLANNED_RE = re.compile(
    r"\b(?:soll|sollen|sollte|sollten|will|wollen|werden|wird|möchte|möchten|kann|können|zu)\s+"
    r"(?:\S+\s+){0,6}?(?:unterzeichnen|unterschreiben)\b|\bzu\s+(?:unterzeichnen|unterschreiben)\b"
)
AGREEMENT_NOUN_RE = re.compile(
    r"\b\w*(?:[Vv]ereinbarung|[Pp]artnerschaft|[Vv]ertrag|Letter of Intent|[Ee]rklärung"
    r"|[Uu]rkunde)\w*"
)
WITNESS_RE = re.compile(r"\b(?:[Ii]m Beisein|[Ii]n Anwesenheit|[Ii]n Gegenwart)\b")
TRIGGER_RE = re.compile(rf"{SIGN_VERB_RE.pattern}|{WITNESS_RE.pattern}")
WITNESS_GAP_RE = re.compile(
    rf"^(?:[\s,/]|\b(?:und|sowie|von|vom|des|der|dem|den|die|Herrn?|Frau)\b"
    rf"|[{_UP}][\w.-]*|\([^()]*\))*$"
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
ANAPHORA_RE = re.compile(r"(?:^|[.!?]\s+)(?:Dieser|Diese|Er|Sie)\s+(?:ist|war)\s+(?:der|die|dort)?\s*$")
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
LEADING_PREPOSITION_RE = re.compile(r"^(?:von der|von|vom|des|der|für)\s+(?:der\s+|dem\s+)?")
QUOTE_CHAR_RE = re.compile(r'[»«„“”"\n]')
QUOTE_PAIRS = {"»": "«", "„": "“”", "“": "”“", "«": "»", '"': '"'}

TITLE_TOKENS = frozenset({"Dr.", "Prof.", "Professor", "Dr.-Ing.", "Dipl.-Ing.", "med.", "phil.", "jur.", "h.c.", "PD"})
HONORIFICS = frozenset({"Herr", "Herrn", "Frau"})
SAINT_WORDS = frozenset({"St.", "Sankt", "Hl.", "Heilige", "Heiligen", "Heiliger"})
PARTICLES = frozenset({"von", "van", "zu", "de", "di", "da"})
ARTICLES = frozenset({"der", "die", "den", "dem", "des", "Der", "Die", "Den", "Dem", "Des"})
PLURAL_MARKERS = frozenset({"jeweiligen", "beiden", "drei", "vier", "fünf", "anwesenden", "beteiligten"})
MODIFIERS = {
    "stellvertretende": "stellvertretende",
    "stellvertretender": "stellvertretender",
    "stellvertretenden": "stellvertretende",
    "kommissarische": "kommissarische",
    "kommissarischer": "kommissarischer",
    "kommissarischen": "kommissarische",
    "amtierende": "amtierende",
    "amtierender": "amtierender",
    "amtierenden": "amtierende",
    "Erster": "Erster",
    "Erste": "Erste",
    "Ersten": "Erste",
    "Leitender": "Leitender",
    "Leitende": "Leitende",
    "Leitenden": "Leitende",
}
COMPLEMENT_PREPS = frozenset({"des", "der", "vom", "von", "für"})
CHAIN_WORDS = frozenset({"des", "der", "für", "von", "vom"})
NOT_NAMES = frozenset(
    "Allianz Sichere Sächsische Sächsischen Kommunen Kommune Stadt Gemeinde Landkreis Freistaat Sachsen Polizei "
    "Herr Herrn Frau Dr Prof Präventionsrat Landespräventionsrat Heute Am Im In Die Der Das Mit Von Für Nach Bei "
    "Auch Und Sowie Seit Ziel Foto Bild Quelle Januar Februar März April Mai Juni Juli August September Oktober "
    "November Dezember Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Bad Sankt St "
    "CDU SPD FDP Linke Grüne AfD Deutschland Europa Bund Land Mitte Anfang Ende".split()
)
# First words of place names ("Groß Düben", "Klein Priebus") that are also common surnames ("Uwe Klein"):
# a surname only when no capitalised word follows.
PLACE_PREFIXES = frozenset("Groß Klein Neu Alt Ober Nieder Unter Hohen Wendisch Deutsch".split())
# Abbreviations that end a word without ending a sentence: "Oelsnitz/Vogtl.", "Frankenberg/Sa.", "stellv.".
NAME_ABBREVIATIONS = frozenset("Vogtl Erzgeb Sa OL Sächs stellv Stellv ehem geb Ing Dipl".split())
WORD_AT_RE = re.compile(r"[\w.-]+")
APPOSITION_END = frozenset({",", ")", "(", ".", "und", "sowie", ";"})
DETERMINERS = frozenset("ein eine einer einem einen die der dem den des jede jeder keine Eine Ein Die Der".split())
# Passive with an agent: "wurde ... von Bürgermeister X unterzeichnet"; not "im Beisein von", "auf Initiative von".
AGENT_RE = re.compile(
    r"(?<!Beisein )(?<!Anwesenheit )(?<!Gegenwart )(?<!Initiative )(?<!Einladung )"
    r"(?<!Seiten )(?<!Auftrag )\b(?:von|vom)\b"
)


@dataclass(frozen=True, slots=True)
class _RoleForm:
    canonical: str
    kind: str  # office, rank, mandate, contact
    town: bool
    masculine: bool


@dataclass(slots=True)
class _Role:
    text: str  # normalised: nominative head + complement as printed
    kind: str
    town: bool
    plural: bool
    article: bool
    i0: int  # first token (modifier or head)
    i1: int  # token after the phrase
    start: int
    end: int
    organisation: str | None = None
    commune_ags: str | None = None


@dataclass(slots=True)
class _Name:
    i0: int  # first token incl. titles
    i1: int  # token after the name
    start: int
    end: int
    first: str | None
    surname: str
    titles: str | None
    rule: str
    roles: list[_Role] = field(default_factory=list)
    commune_ags: str | None = None
    relation: Relation = "mentioned"
    full: str = ""


@functools.cache
def _first_names() -> frozenset[str]:
    """The project's first-name lexicon."""
    with open(DATA_DIR / "first_names.jsonl", encoding="utf-8") as fh:
        return frozenset(json.loads(line)["name"] for line in fh if line.strip())


@functools.cache
def _role_forms() -> dict[str, _RoleForm]:
    """Every inflected form of every role in the lexicon, mapped to its nominative."""
    forms: dict[str, _RoleForm] = {}
    with open(DATA_DIR / "roles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            entry = json.loads(line)
            masc, fem, kind, town = entry["role"], entry.get("feminine"), entry["kind"], entry["town_office"]
            for form in (masc, *entry.get("forms", ())):
                forms.setdefault(form, _RoleForm(masc, kind, town, True))
            if fem:
                forms.setdefault(fem, _RoleForm(fem, kind, town, False))
                if fem.endswith("in"):
                    forms.setdefault(fem + "nen", _RoleForm(fem, kind, town, False))
            # Abbreviations are given their full form: "OBin Britz" is an Oberbürgermeisterin.
            for abbr, gender in entry.get("abbreviations", {}).items():
                full = masc if gender == "m" or not fem else fem
                forms.setdefault(abbr, _RoleForm(full, kind, town, gender == "m"))
    return forms


def _role_form(word: str) -> _RoleForm | None:
    """The role a token names: a lexicon form, or a compound ending in one (``LPR-Geschäftsführer``)."""
    forms = _role_forms()
    found = forms.get(word)
    if found is None and "-" in word:
        head = forms.get(word.rsplit("-", 1)[1])
        if head is not None and head.canonical not in ("MdL", "MdB", "MdEP") and word.rsplit("-", 1)[1][1:].islower():
            found = _RoleForm(word.rsplit("-", 1)[0] + "-" + head.canonical, head.kind, head.town, head.masculine)
    return found


@functools.lru_cache(maxsize=4096)
def _surname_ok(word: str) -> bool:
    """A token that can be a surname: capitalised, no role, no common thing or place word."""
    return (
        bool(NAME_TOKEN_RE.fullmatch(word))
        and word not in NOT_NAMES
        and _role_form(word) is None
        and not NOUNISH_RE.search(word.lower())
    )


def _surname_at(words: list[str], i: int) -> bool:
    """Whether token ``i`` can be a surname here: ``Uwe Klein`` is a person, ``Klein Priebus`` a place."""
    if not _surname_ok(words[i]):
        return False
    if words[i] in PLACE_PREFIXES and i + 1 < len(words) and NAME_TOKEN_RE.fullmatch(words[i + 1]):
        return False
    return True


def _named_after(text: str, words: list[str], starts: list[int], ends: list[int], k: int) -> bool:
    """Whether the name ending at token ``k`` belongs to a thing named after it (``Erich Kästner Grundschule``)."""
    nxt = k + 1
    return (
        nxt < len(words)
        and words[nxt][:1].isupper()
        and _same_line(text, ends[k], starts[nxt])
        and bool(NAMED_AFTER_RE.search(words[nxt].lower()))
    )


def _same_line(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


def _is_credit(text: str, start: int) -> bool:
    """Whether a name stands in a photo credit (``© SMI/Sven Rogge``, ``Foto: ...``)."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    return bool(CREDIT_LINE_RE.match(prefix) or CREDIT_INLINE_RE.search(prefix) or prefix.rstrip().endswith("/"))


def extract_people(
    doc: Doc, release: ReleaseInfo, communes: Sequence[CommuneMention]
) -> tuple[list[PersonMention], list[Quote]]:
    """Find every named person with role, organisation and relation, and the quotes they are given."""
    text = doc_text(doc)
    # One array call instead of Python-level Token objects: iterating a Doc costs more than the rules.
    starts: list[int] = []
    ends: list[int] = []
    if len(doc):
        spans = doc.to_array([IDX, LENGTH])
        starts = spans[:, 0].tolist()
        ends = (spans[:, 0] + spans[:, 1]).tolist()
    words = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    where = _WordIndex(text, words, starts)
    commune_at = _commune_index(communes)

    names = _find_full_names(text, words, starts, ends, where)
    roles = _find_roles(text, words, starts, ends, where, commune_at)
    names = _role_anchored_names(text, words, starts, ends, roles, names, commune_at)
    names = _honorific_names(text, words, starts, ends, where, names, commune_at)
    names = _surname_repeats(text, words, starts, ends, where, names)
    _link_roles(text, words, starts, ends, names, roles)
    _paren_communes(text, words, starts, ends, names, commune_at)
    _resolve_full_names(names)
    for name in names:
        if any(r.kind == "contact" for r in name.roles):
            name.relation = "contact"

    quote_spans = _quote_spans(text)
    quotes = _attribute_quotes(text, names, quote_spans)
    _signatories_and_witnesses(text, names, quote_spans)

    mentions = [_to_record(text, name) for name in names]
    contact = (release.contact_name or "").strip()
    if _looks_like_name(contact) and not any(m.relation == "contact" for m in mentions):
        mentions.append(
            PersonMention(
                text=contact,
                start=-1,
                end=-1,
                rule="letterhead_contact",
                raw=release.contact_span,
                name=contact,
                surname=contact.split()[-1],
                role=release.contact_role or "Ansprechpartner",
                relation="contact",
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    quotes.sort(key=lambda q: q.start)
    return mentions, quotes


# ---------------------------------------------------------------- names


def _looks_like_name(value: str) -> bool:
    """A letterhead contact worth a person row: two or more capitalised name words."""
    parts = [p for p in value.split() if p not in TITLE_TOKENS]
    return len(parts) >= 2 and all(NAME_TOKEN_RE.fullmatch(p) for p in parts)


def _commune_index(communes: Sequence[CommuneMention]) -> dict[int, CommuneMention]:
    """Communes by each character offset they cover, for token lookups."""
    index: dict[int, CommuneMention] = {}
    for mention in communes:
        if mention.level == "gemeinde" and mention.start >= 0:
            for pos in range(mention.start, mention.end):
                index[pos] = mention
    return index


class _WordIndex:
    """The distinct tokens of a Doc, and where given words occur.

    Occurrences are found with ``str.find`` over the text and checked against the token starts: a few C-level
    scans per looked-up word instead of a Python loop over every token.
    """

    __slots__ = ("vocabulary", "_text", "_words", "_token_at")

    def __init__(self, text: str, words: list[str], starts: list[int]) -> None:
        self.vocabulary = set(words)
        self._text = text
        self._words = words
        self._token_at = dict(zip(starts, range(len(starts)), strict=True))

    def positions(self, words: Iterable[str]) -> list[int]:
        """Every token index of these words, in text order."""
        found: list[int] = []
        text, token_at = self._text, self._token_at
        for word in words:
            if word not in self.vocabulary:
                continue
            pos = text.find(word)
            while pos >= 0:
                i = token_at.get(pos)
                if i is not None and self._words[i] == word:
                    found.append(i)
                pos = text.find(word, pos + len(word))
        found.sort()
        return found


def _titles_before(words: list[str], starts: list[int], ends: list[int], text: str, i: int) -> int:
    """The first token of the academic titles directly before token ``i``."""
    k = i
    while k > 0 and words[k - 1] in TITLE_TOKENS and _same_line(text, ends[k - 1], starts[k]):
        k -= 1
    return k


def _make_name(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    i: int,
    j: int,
    first: str | None,
    surname: str,
    rule: str,
) -> _Name:
    k = _titles_before(words, starts, ends, text, i)
    titles = " ".join(words[k:i]) or None
    return _Name(k, j, starts[k], ends[j - 1], first, surname, titles, rule)


def _find_full_names(text: str, words: list[str], starts: list[int], ends: list[int], where: _WordIndex) -> list[_Name]:
    """First name(s) from the lexicon, an optional particle, and a capitalised surname."""
    firsts = _first_names()
    names: list[_Name] = []
    n = len(words)
    free = 0
    hits = firsts.intersection(where.vocabulary) | {
        word for word in where.vocabulary if "-" in word and all(part in firsts for part in word.split("-"))
    }
    for i in where.positions(hits):
        if i < free:
            continue
        if i > 0 and words[i - 1] in SAINT_WORDS:
            continue  # "St. Johannes Kamenz" names a hospital or church, not a person
        j = i + 1
        # A second first name ("Karl Heinz"), only when a surname follows it.
        if j + 1 < n and words[j] in firsts and _surname_ok(words[j + 1]) and _same_line(text, ends[i], starts[j + 1]):
            j += 1
        k = j
        if k < n and words[k] in PARTICLES:
            k += 1
            if k < n and words[k] in ("der", "den"):
                k += 1
        if (
            k < n
            and _surname_at(words, k)
            and _same_line(text, ends[j - 1], starts[k])
            and not _is_credit(text, starts[i])
            and not _named_after(text, words, starts, ends, k)
        ):
            first = text[starts[i] : ends[j - 1]]
            surname = text[starts[j] : ends[k]] if k > j else words[k]
            names.append(_make_name(text, words, starts, ends, i, k + 1, first, surname, "first_name_lexicon"))
            free = k + 1
    return names


def _role_anchored_names(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    roles: list[_Role],
    names: list[_Name],
    commune_at: dict[int, CommuneMention],
) -> list[_Name]:
    """Names the lexicon does not know, found right after a role: ``Innenminister Beuth``, ``OBin Britz``."""
    taken = {t for name in names for t in range(name.i0, name.i1)}
    firsts = _first_names()
    added: list[_Name] = []
    n = len(words)
    for role in roles:
        i = role.i1
        # An apposition: "der Bürgermeister der Partnerstadt Liberec, Jaroslav Zámečník, ..." needs both names.
        apposition = i < n and words[i] == ","
        if apposition:
            i += 1
        while i < n and (words[i] in TITLE_TOKENS or words[i] in HONORIFICS):
            i += 1
        if i >= n or not _same_line(text, ends[role.i1 - 1], starts[i]):
            continue
        end = _unknown_name_end(text, words, starts, ends, i, taken, commune_at, firsts)
        if end is None or (apposition and not (end == i + 2 and (end >= n or words[end] in APPOSITION_END))):
            continue
        name = _unknown_name(text, words, starts, ends, i, end, "role_then")
        added.append(name)
        taken.update(range(name.i0, name.i1))
    return sorted(names + added, key=lambda nm: nm.start)


def _unknown_name_end(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    i: int,
    taken: set[int],
    commune_at: dict[int, CommuneMention],
    firsts: frozenset[str],
) -> int | None:
    """Where a name the lexicon does not know, starting at word ``i``, ends: one surname or two name words."""
    n = len(words)
    if i in taken or not _surname_at(words, i) or starts[i] in commune_at or _is_credit(text, starts[i]):
        return None
    two = (
        i + 1 < n
        and words[i] not in firsts
        and _surname_at(words, i + 1)
        and i + 1 not in taken
        and _same_line(text, ends[i], starts[i + 1])
        and starts[i + 1] not in commune_at
    )
    return i + 2 if two else i + 1


def _unknown_name(text: str, words: list[str], starts: list[int], ends: list[int], i: int, end: int, how: str) -> _Name:
    """The name found by ``_unknown_name_end``: first name and surname, or a surname alone."""
    if end == i + 2:
        return _make_name(text, words, starts, ends, i, end, words[i], words[i + 1], f"{how}_name")
    return _make_name(text, words, starts, ends, i, end, None, words[i], f"{how}_surname")


def _honorific_names(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    where: _WordIndex,
    names: list[_Name],
    commune_at: dict[int, CommuneMention],
) -> list[_Name]:
    """``Herr Schneider``, ``Frau Dr. Lehmann``, ``Herrn Jaroslav Novák``: an honorific names a person."""
    taken = {t for name in names for t in range(name.i0, name.i1)}
    firsts = _first_names()
    n = len(words)
    added: list[_Name] = []
    for h in where.positions(HONORIFICS):
        if h > 0 and words[h - 1] in DETERMINERS:
            continue  # "eine Frau Mitte 40", "der Frau Bürgermeisterin": a noun, not an honorific
        i = h + 1
        while i < n and words[i] in TITLE_TOKENS:
            i += 1
        if i >= n or not _same_line(text, ends[h], starts[i]):
            continue
        end = _unknown_name_end(text, words, starts, ends, i, taken, commune_at, firsts)
        if end is None:
            continue  # "Herr Bürgermeister Schmidt" is found from the role
        name = _unknown_name(text, words, starts, ends, i, end, "honorific")
        added.append(name)
        taken.update(range(name.i0, name.i1))
    return sorted(names + added, key=lambda nm: nm.start)


def _surname_repeats(
    text: str, words: list[str], starts: list[int], ends: list[int], where: _WordIndex, names: list[_Name]
) -> list[_Name]:
    """Surname-only repeats of a surname the release gives with a first name (``so Vorjohann``)."""
    surnames = {name.surname for name in names if name.first}
    if not surnames:
        return names
    taken = {t for name in names for t in range(name.i0, name.i1)}
    added = [
        _make_name(text, words, starts, ends, i, i + 1, None, words[i], "surname_repeat")
        for i in where.positions(surnames)
        if i not in taken and not _is_credit(text, starts[i])
    ]
    return sorted(names + added, key=lambda nm: nm.start)


def _resolve_full_names(names: list[_Name]) -> None:
    """Give each mention the fullest form of its name in the release."""
    full_by_surname: dict[str, set[str]] = {}
    for name in names:
        if name.first:
            full_by_surname.setdefault(name.surname, set()).add(f"{name.first} {name.surname}")
    for name in names:
        if name.first:
            name.full = f"{name.first} {name.surname}"
        else:
            candidates = full_by_surname.get(name.surname, set())
            name.full = next(iter(candidates)) if len(candidates) == 1 else name.surname


# ---------------------------------------------------------------- roles


def _find_roles(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    where: _WordIndex,
    commune_at: dict[int, CommuneMention],
) -> list[_Role]:
    """Role phrases: optional modifier, the role (or two joined by ``und``), and its complement."""
    roles: list[_Role] = []
    forms = _role_forms()
    n = len(words)
    free = 0
    hits = {word for word in where.vocabulary if "-" in word}.union(forms.keys() & where.vocabulary)
    for i in where.positions(hits):
        form = _role_form(words[i]) if i >= free else None
        if form is None:
            continue
        i0 = i
        head = form.canonical
        if i > 0 and words[i - 1] in MODIFIERS and _same_line(text, ends[i - 1], starts[i]):
            i0 = i - 1
            modifier = MODIFIERS[words[i - 1]]
            if modifier[0].isupper():
                modifier = modifier.rstrip("r") + ("r" if form.masculine else "")
            head = f"{modifier} {head}"
        j = i + 1
        if j + 1 < n and words[j] == "und" and (other := _role_form(words[j + 1])) is not None:
            head = f"{head} und {other.canonical}"
            j += 2
        comp_start, comp_end, j = _complement(text, words, starts, ends, j)
        role_text = head
        organisation = None
        commune_ags = None
        if comp_start is not None and comp_end is not None:
            role_text = f"{head} {text[comp_start:comp_end]}"
            organisation = LEADING_PREPOSITION_RE.sub("", text[comp_start:comp_end])
            hit = next((commune_at[p] for p in range(comp_start, comp_end) if p in commune_at), None)
            if hit is not None and form.town:
                commune_ags = hit.ags
        # An adjectival town before the role: "der Meeraner Bürgermeister".
        if commune_ags is None and form.town and i0 > 0 and starts[i0 - 1] in commune_at:
            commune_ags = commune_at[starts[i0 - 1]].ags
        before = i0 - 1
        while before >= 0 and (
            words[before] in PLURAL_MARKERS
            or starts[before] in commune_at
            or (
                words[before].endswith(("er", "s"))
                and NAME_TOKEN_RE.fullmatch(words[before])
                and words[before] not in ARTICLES
                and _role_form(words[before]) is None
                and words[before] not in _first_names()
            )
        ):
            before -= 1
        article = before >= 0 and words[before] in ARTICLES
        plural = (article and words[before].lower() == "die" and form.masculine) or (
            i0 > 0 and words[i0 - 1] in PLURAL_MARKERS
        )
        roles.append(
            _Role(
                role_text,
                form.kind,
                form.town,
                plural,
                article,
                i0,
                j,
                starts[i0],
                ends[j - 1],
                organisation,
                commune_ags,
            )
        )
        free = j
    return roles


def _complement(
    text: str, words: list[str], starts: list[int], ends: list[int], j: int
) -> tuple[int | None, int | None, int]:
    """The genitive or prepositional phrase after a role: ``des Landespräventionsrats Sachsen``."""
    n = len(words)
    if j >= n or words[j] not in COMPLEMENT_PREPS or not _same_line(text, ends[j - 1], starts[j]):
        return None, None, j
    firsts = _first_names()
    k = j + 1
    if words[j] == "von" and k < n and words[k] in ("der", "dem", "den"):
        k += 1
    last_noun = -1
    while k < n and _same_line(text, ends[k - 1], starts[k]):
        word = words[k]
        if word in firsts and k + 1 < n and _surname_ok(words[k + 1]):
            break
        if _role_form(word) is not None:
            break
        if NAME_TOKEN_RE.fullmatch(word) or ABBREVIATION_RE.fullmatch(word):
            last_noun = k
            k += 1
        elif word == "/" and last_noun == k - 1 and k + 1 < n and NAME_TOKEN_RE.match(words[k + 1]):
            # A town with its region: "von Oelsnitz/Vogtl.", "der Stadt Frankenberg/Sa."
            last_noun = k + 1
            k += 2
            if k < n and words[k] == "." and words[k - 1] in NAME_ABBREVIATIONS and starts[k] == ends[k - 1]:
                last_noun = k
                k += 1
        elif word in CHAIN_WORDS and k + 1 < n and (words[k + 1][:1].isupper() or words[k + 1] in ARTICLES):
            k += 1
        elif re.fullmatch(rf"[{_LO}]+(?:e|en|er|es|em|sten)", word) and k + 1 < n and words[k + 1][:1].isupper():
            k += 1
        else:
            break
        if k - j > 10:
            break
    if last_noun < 0:
        return None, None, j
    return starts[j], ends[last_noun], last_noun + 1


def _link_roles(
    text: str, words: list[str], starts: list[int], ends: list[int], names: list[_Name], roles: list[_Role]
) -> None:
    """Attach each role phrase to the name it introduces, follows, or (plural) to the list it heads."""
    name_starts = [name.i0 for name in names]
    for role in roles:
        pos = bisect.bisect_left(name_starts, role.i1)
        nxt = names[pos] if pos < len(names) else None
        prev_pos = bisect.bisect_right(name_starts, role.i0 - 1) - 1
        prev = names[prev_pos] if prev_pos >= 0 and names[prev_pos].i1 <= role.i0 else None
        gap_next = text[role.end : nxt.start] if nxt else ""
        honorific = r"(?:\s*\b(?:Herrn?|Frau)\b)?"
        direct = nxt is not None and re.fullmatch(rf"\s*{honorific}\s*", gap_next) and "\n" not in gap_next
        if not direct and nxt is not None and _only_roles_between(role, nxt, roles, gap_next):
            direct = True  # "der Leiter des Reviers X, Polizeirat Martin Gebhardt": both roles are his
        comma_next = nxt is not None and re.fullmatch(rf"\s*(?:\([^()\n]{{1,20}}\))?\s*[,:–]{honorific}\s*", gap_next)
        gap_prev = text[prev.end : role.start] if prev else ""
        prev_adjacent = (
            prev is not None and re.fullmatch(r"\s*(?:,|\()?\s*(?:der|die)?\s*", gap_prev) and ("\n" not in gap_prev)
        )
        if prev_adjacent and prev is not None:
            prev_adjacent = _after_name_end(text, prev)
        prev_has_office = prev is not None and any(r.kind == "office" for r in prev.roles)
        target: _Name | None = None
        if direct:
            target = nxt
        elif comma_next and (role.article or not prev_adjacent or prev_has_office):
            target = nxt
        elif prev_adjacent:
            target = prev
        elif comma_next:
            target = nxt
        if target is None:
            target = _anaphora_target(text, names, role)
        if target is None:
            continue
        target.roles.append(role)
        if role.plural and target is nxt:
            last = target
            for other in names[pos + 1 :]:
                if other.roles or not LIST_GAP_RE.fullmatch(text[last.end : other.start]):
                    break
                other.roles.append(role)
                last = other


def _only_roles_between(role: _Role, nxt: _Name, roles: list[_Role], gap: str) -> bool:
    """Whether only a comma and a rank stand between a role and the next name."""
    if "\n" in gap or not gap.lstrip().startswith(","):
        return False
    rest = [r for r in roles if role.end < r.start and r.end <= nxt.start]
    if not rest or any(r.kind != "rank" for r in rest):
        return False  # only a rank may stand between an office and its holder
    pos = role.end
    for other in rest:
        between = gap[pos - role.end : other.start - role.end]
        if not re.fullmatch(r"\s*,?\s*(?:der|die)?\s*", between):
            return False
        pos = other.end
    return not gap[pos - role.end :].strip()


def _anaphora_target(text: str, names: list[_Name], role: _Role) -> _Name | None:
    """``... Herrn Micha Bächle ... eingeladen. Dieser ist Bürgermeister der Stadt X``: the last person named."""
    if not ANAPHORA_RE.search(text[max(0, role.start - 30) : role.start]):
        return None
    pos = bisect.bisect_left([name.start for name in names], role.start) - 1
    return names[pos] if pos >= 0 and role.start - names[pos].end < 300 else None


def _after_name_end(text: str, name: _Name) -> bool:
    """A post-name role must follow the name itself, not a parenthetical that closes a list item."""
    return not text[name.end : name.end + 1] == ")"


def _paren_communes(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    names: list[_Name],
    commune_at: dict[int, CommuneMention],
) -> None:
    """The town of a list item ``Ruben Gehart (Schwarzenberg)`` and the town of a town office."""
    for name in names:
        for role in name.roles:
            if role.commune_ags and role.town:
                name.commune_ags = role.commune_ags
                break
        if name.commune_ags is None and any(r.town for r in name.roles):
            m = re.match(r"\s*\(([^()\n]{2,40})\)", text[name.end : name.end + 45])
            if m:
                hit = commune_at.get(name.end + m.start(1))
                if hit is not None:
                    name.commune_ags = hit.ags


# ---------------------------------------------------------------- quotes


def _quote_spans(text: str) -> list[tuple[int, int]]:
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


def _attribute_quotes(text: str, names: list[_Name], spans: list[tuple[int, int]]) -> list[Quote]:
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
        role = _best_role(speaker.roles)
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


def _speaker_before(text: str, names: list[_Name], name_starts: list[int], qstart: int) -> _Name | None:
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


def _speaker_after(text: str, names: list[_Name], name_starts: list[int], qend: int) -> _Name | None:
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


# ---------------------------------------------------------------- relations


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
    return word[0].islower() or word in _first_names() or word in TITLE_TOKENS or _role_form(word) is not None


def _signatories_and_witnesses(text: str, names: list[_Name], quote_spans: list[tuple[int, int]]) -> None:
    """Signers of an active signing sentence, and the people ``im Beisein von`` (witnesses)."""
    quote_starts = [s for s, _ in quote_spans]

    def in_quote(pos: int) -> bool:
        k = bisect.bisect_right(quote_starts, pos) - 1
        return k >= 0 and quote_spans[k][0] <= pos < quote_spans[k][1]

    # Sentences never cross a line break, so only lines with a signing or witness phrase are split.
    by_line: dict[int, list[_Name]] = {}
    for name in names:
        if name.relation == "contact" or in_quote(name.start):
            continue
        by_line.setdefault(text.rfind("\n", 0, name.start) + 1, []).append(name)
    by_sentence: dict[tuple[int, int], list[_Name]] = {}
    for line_start, line_names in by_line.items():
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if not TRIGGER_RE.search(text, line_start, line_end):
            continue
        sentences = _sentences(text, line_start, line_end)
        sent_starts = [s for s, _ in sentences]
        for name in line_names:
            k = max(bisect.bisect_right(sent_starts, name.start) - 1, 0)
            by_sentence.setdefault(sentences[k], []).append(name)
    for (s_start, s_end), members in by_sentence.items():
        sentence = text[s_start:s_end]
        witnesses = _listed_after(WITNESS_RE, text, s_start, sentence, members)
        for name in witnesses:
            name.relation = "witness"
        signers = _signers(text, s_start, sentence, members, in_quote)
        for name in signers:
            if name not in witnesses:
                name.relation = "signatory"


def _listed_after(
    pattern: re.Pattern[str], text: str, s_start: int, sentence: str, members: list[_Name], *, first: bool = False
) -> list[_Name]:
    """The people listed right after each match of ``pattern`` in the sentence (``im Beisein von X und Y``).

    With ``first``, only the list after the first match that names anyone.
    """
    found: list[_Name] = []
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


def _signers(
    text: str, s_start: int, sentence: str, members: list[_Name], in_quote: Callable[[int], bool]
) -> list[_Name]:
    """The people an active signing sentence names, up to the signed document."""
    active = None
    for m in SIGN_VERB_RE.finditer(sentence):
        if in_quote(s_start + m.start()):
            continue
        verb = m.group("v")
        if verb is not None:
            verb = verb.lower()
        if verb is None:
            active = m
            break
        if PLANNED_RE.search(sentence):
            continue
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
    # People after the signed document belong to a later clause ("... die Vereinbarung und bereitete X ...").
    cut = len(text)
    if members:
        first = members[0].end
        for noun in AGREEMENT_NOUN_RE.finditer(sentence):
            if s_start + noun.start() > first:
                cut = s_start + noun.start()
                break
    return [name for name in members if name.start < cut]


# ---------------------------------------------------------------- output


def _best_role(roles: Iterable[_Role]) -> _Role | None:
    """An office before a rank or mandate; among equals the first given."""
    order = {"office": 0, "contact": 1, "mandate": 2, "rank": 3}
    ranked = sorted(enumerate(roles), key=lambda item: (order.get(item[1].kind, 4), item[0]))
    return ranked[0][1] if ranked else None


def _to_record(text: str, name: _Name) -> PersonMention:
    role = _best_role(name.roles)
    return PersonMention(
        text=text[name.start : name.end],
        start=name.start,
        end=name.end,
        rule=name.rule,
        name=name.full,
        surname=name.surname,
        titles=name.titles,
        role=role.text if role else None,
        organisation=role.organisation if role else None,
        commune_ags=name.commune_ags,
        relation=name.relation,
    )


def summarize_people(mentions: Iterable[PersonMention]) -> list[PersonMention]:
    """One mention per distinct name, carrying the best role the release gives that person."""
    order = {"office": 0, "contact": 1, "mandate": 2, "rank": 3}
    kinds = {form.canonical: form.kind for form in _role_forms().values()}
    best: dict[str, PersonMention] = {}
    for mention in mentions:
        current = best.get(mention.name)
        if current is None:
            best[mention.name] = mention
            continue
        if mention.role and (
            not current.role or _role_rank(mention.role, kinds, order) < _role_rank(current.role, kinds, order)
        ):
            best[mention.name] = mention
    return list(best.values())


def _role_rank(role: str, kinds: dict[str, str], order: dict[str, int]) -> int:
    for word in role.split():
        if word in kinds:
            return order.get(kinds[word], 4)
        tail = word.rsplit("-", 1)[-1]
        if tail in kinds:
            return order.get(kinds[tail], 4)
    return 4

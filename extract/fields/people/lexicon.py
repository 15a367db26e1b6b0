"""What the people rules know about words: first names, role nouns, words that are never names.

First names come from the ``gender-guesser`` package's ``nam_dict.txt`` (see ``first_names``); role nouns
from ``extract/data/roles.jsonl`` and from German word formation (see ``role_form``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
UP = "A-ZÄÖÜÀ-ÖØ-ÞŁŚŹŻČŠŽŘŮŇŤĎĽĹŔİŞĞ"
LO = "a-zäöüßà-öø-ÿłśźżčšžćńěřůňťďľĺŕışğ"
NAME_TOKEN_RE = re.compile(rf"[{UP}][{LO}]+(?:-[{UP}][{LO}]+)*")
ABBREVIATION_RE = re.compile(rf"[{UP}][{UP}a-z]{{1,7}}")  # LPR, CDU, SPD, KPR
# Capitalised nouns that end like this are things, places or bodies, never surnames.
NOUNISH_RE = re.compile(
    r"(?:ungen|heit|heiten|keit|schaft|schaften|tion|tionen|ität|ismus|ierung|straße|platz|allee|kirche|schule"
    r"|gymnasium|haus|hauses|halle|ministerium|ministeriums|direktion|präsidium|verband|verbandes|bund|bundes"
    r"|stiftung|verein|vereins|polizei|revier|reviers|kreis|kreises|stadt|gemeinde|behörde|amt|amtes|amts"
    r"|rat|rates|rats|tag|tages|zentrum|institut|gericht|kommission|netzwerk|programm|projekt|strategie"
    r"|sachsen|land|landes|kommunen|vereinbarung|partnerschaft|preis|dienst|[a-zäöü]{2,}ung)$"
)
# A name followed by one of these heads names the thing: "Friedrich Ebert Stiftung", "Erich Kästner Grundschule".
NAMED_AFTER_RE = re.compile(
    r"(?:stiftung|schule|gymnasium|straße|str\.|platz|museum|institut|preis|haus|halle|park|ring|allee|weg|kaserne"
    r"|klinikum|krankenhaus|stadion|brücke|zentrum|center|bibliothek|kirche|turm|medaille|saal|universität|akademie"
    r"|kita|kindergarten|hort|heim|bad|denkmal|quartier|siedlung)$"
)
CREDIT_WORDS = r"Fotos?|Bilder?|Quelle|Grafik|Bildquelle|Bildnachweis|Fotonachweis|Fotograf(?:in)?|Copyright"
CREDIT_LINE_RE = re.compile(rf"^\s*[(\[]?\s*(?:©|\(c\)|(?:{CREDIT_WORDS})\b|Foto/)", re.I)
CREDIT_INLINE_RE = re.compile(rf"(?:©|\b(?:{CREDIT_WORDS})\s*:)[^\n)]*$")
TITLE_TOKENS = frozenset({"Dr.", "Prof.", "Professor", "Dr.-Ing.", "Dipl.-Ing.", "med.", "phil.", "jur.", "h.c.", "PD"})
HONORIFICS = frozenset({"Herr", "Herrn", "Frau"})
SAINT_WORDS = frozenset({"St.", "Sankt", "Hl.", "Heilige", "Heiligen", "Heiliger"})
PARTICLES = frozenset({"von", "van", "zu", "de", "di", "da"})
ARTICLES = frozenset({"der", "die", "den", "dem", "des", "Der", "Die", "Den", "Dem", "Des"})
NOT_NAMES = frozenset(
    "Allianz Sichere Sächsische Sächsischen Kommunen Kommune Stadt Gemeinde Landkreis Freistaat Sachsen Polizei "
    "Herr Herrn Frau Dr Prof Präventionsrat Landespräventionsrat Heute Am Im In Die Der Das Mit Von Für Nach Bei "
    "Auch Und Sowie Seit Ziel Foto Bild Quelle Januar Februar März April Mai Juni Juli August September Oktober "
    "November Dezember Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Bad Sankt St "
    "CDU SPD FDP Linke Grüne AfD Deutschland Europa Bund Land Mitte Anfang Ende "
    # first names that in this genre are far more often a vehicle make ("Mercedes Sprinter" for the fire brigade)
    "Mercedes".split()
)
# First words of place names ("Groß Düben", "Klein Priebus") that are also common surnames ("Uwe Klein"):
# a surname only when no capitalised word follows.
PLACE_PREFIXES = frozenset("Groß Klein Neu Alt Ober Nieder Unter Hohen Wendisch Deutsch".split())
# Abbreviations that end a word without ending a sentence: "Oelsnitz/Vogtl.", "Frankenberg/Sa.", "stellv.".
NAME_ABBREVIATIONS = frozenset("Vogtl Erzgeb Sa OL Sächs stellv Stellv ehem geb Ing Dipl".split())
# A compound's stem is a word part with a vowel ("Sport", "Amts"), never a bare consonant cluster that would turn
# a surname such as "Schleiter" into a role.
STEM_VOWEL_RE = re.compile("[AEIOUÄÖÜaeiouäöüy]")
# Compounds on a role head that name a thing: ladders and conductors (-leiter), loudspeakers (-sprecher).
NOT_ROLE_RE = re.compile(
    r"(?:dreh|steck|schieb|haken|anstell|klapp|strick|teleskop|hub|bock|dach|feuerwehr|rettungs|halb|supra"
    r"|strom|wärme|blitzab|ab)leiter|lautsprecher$"
)
DETERMINERS = frozenset("ein eine einer einem einen die der dem den des jede jeder keine Eine Ein Die Der".split())
APPOSITION_END = frozenset({",", ")", "(", ".", "und", "sowie", ";"})


@dataclass(frozen=True, slots=True)
class RoleForm:
    canonical: str
    kind: str  # office, rank, mandate, contact
    town: bool
    masculine: bool


# nam_dict.txt (Jörg Michael's name dictionary, shipped in the gender-guesser package) is fixed-width: a gender
# code, the name in columns 3-28, and from column 30 one frequency digit (hex, 1 rare .. D extremely common) per
# country, in this order.
NAM_DICT_COUNTRIES = (
    "great_britain ireland usa italy malta portugal spain france belgium luxembourg the_netherlands east_frisia "
    "germany austria swiss iceland denmark norway sweden finland estonia latvia lithuania poland czech_republic "
    "slovakia hungary romania bulgaria bosnia croatia kosovo macedonia montenegro serbia slovenia albania greece "
    "russia belarus moldova ukraine armenia azerbaijan georgia the_stans turkey arabia israel china india japan "
    "korea vietnam other_countries"
).split()
NAM_NAME = slice(3, 29)
NAM_FREQUENCIES = slice(30, 30 + len(NAM_DICT_COUNTRIES))
NAM_LINE_WIDTH = 88
# East Frisia, Germany, Austria, Switzerland: adjacent columns.
GERMAN_COLUMNS = slice(30 + NAM_DICT_COUNTRIES.index("east_frisia"), 30 + NAM_DICT_COUNTRIES.index("swiss") + 1)
# A German-speaking name at any frequency; any other country's name when it is common there (6 of 13).
COMMON_ELSEWHERE = "6"
# A name this common in Germany stays a first name even where it is also a word ("Ernst", "Horst", "Frank").
VERY_COMMON = "5"
NOUN_ENDINGS = ("n", "en", "e")


def _nam_dict_names() -> dict[str, str]:
    """First names of nam_dict.txt relevant to German texts, with their frequency digit in German-speaking countries.

    The file is fixed-width: the columns are compared as one array of code points, not line by line in Python.
    Frequencies are single hex digits, so they compare as characters (``"1" < "9" < "A" < "D"``).
    """
    import gender_guesser  # the data file ships inside the package; nothing is downloaded

    path = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh.read().split("\n") if line[:1] in "MF?1"]  # "#" comments, "=" equivalents
    codes = np.array(lines, dtype=f"U{NAM_LINE_WIDTH}").view(np.uint32).reshape(len(lines), NAM_LINE_WIDTH)
    german = codes[:, GERMAN_COLUMNS].max(axis=1)
    common = codes[:, NAM_FREQUENCIES].max(axis=1) >= ord(COMMON_ELSEWHERE)
    keep = np.flatnonzero((german > ord(" ")) | common)
    names: dict[str, str] = {}
    for k, code in zip(keep.tolist(), german[keep].tolist(), strict=True):
        name = lines[k][NAM_NAME].rstrip()
        grade = chr(code) if code > ord(" ") else ""
        # "+" joins Asian name parts; a space or a dot makes a multi-word entry, not one token.
        if "+" in name or " " in name or "." in name or (not grade and len(name) < 3):
            continue
        if grade >= names.get(name, ""):
            names[name] = grade
    return names


@functools.cache
def _lemma_lookup() -> Callable[[str], str | None]:
    """The lemma of a German word form, from the lookup lemmatizer's table."""
    from spacy.strings import get_string_id

    from extract.nlp import lemma_table  # the pipeline holds the table already: no second read of the file

    table = lemma_table()
    # The table is a dict keyed by string hashes; its own ``get`` adds a Python call per probe.
    return lambda word: dict.get(table, get_string_id(word))


def _is_word(name: str, lemma_of: Callable[[str], str | None]) -> bool:
    """A name that is also a German word: a lower-case word capitalised at a sentence start (``Will``, ``Rein``),
    or a noun that inflects like one (``Sommern``, ``Rosen``), not only with a name's genitive ``-s``."""
    lower = name.lower()
    return (
        lemma_of(lower) is not None
        or lemma_of(lower + "e") == lower
        or any(lemma_of(name + ending) == name for ending in NOUN_ENDINGS)
    )


@functools.lru_cache(maxsize=8192)
def is_german_word(word: str) -> bool:
    """Whether a capitalised word is also a German word by the lemma table (``Sommer``, ``Linde``)."""
    return _is_word(word, _lemma_lookup())


@functools.cache
def first_names() -> frozenset[str]:
    """First names from nam_dict.txt (Jörg Michael, GNU FDL 1.2, via the gender-guesser package).

    German-speaking names and common international ones, minus words that are also German words, unless the name
    is very common in Germany, and minus the words that are never names (months, weekdays, parties).
    """
    lemma_of = _lemma_lookup()
    return frozenset(
        name
        for name, german in _nam_dict_names().items()
        if name not in NOT_NAMES and (german >= VERY_COMMON or not _is_word(name, lemma_of))
    )


def _role_entries() -> list[dict[str, Any]]:
    with open(DATA_DIR / "roles.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@functools.cache
def role_forms() -> dict[str, RoleForm]:
    """Every inflected form of every role in the lexicon, mapped to its nominative."""
    forms: dict[str, RoleForm] = {}
    for entry in _role_entries():
        bare = entry.get("bare", True)
        if bare is False:
            continue  # a head only in compounds: "Rätin" alone is no role, "Stadträtin" is
        for form, role in _entry_forms(entry):
            if bare is True or not role.masculine:  # "feminine": "Richterin" is a role, "Richter" a surname
                forms.setdefault(form, role)
        # Abbreviations are given their full form: "OBin Britz" is an Oberbürgermeisterin.
        masc, fem, kind, town = entry["role"], entry.get("feminine"), entry["kind"], entry["town_office"]
        for abbr, gender in entry.get("abbreviations", {}).items():
            full = masc if gender == "m" or not fem else fem
            forms.setdefault(abbr, RoleForm(full, kind, town, gender == "m"))
    return forms


def _entry_forms(entry: dict[str, Any]) -> list[tuple[str, RoleForm]]:
    """The forms of one lexicon entry: masculine with its inflections, feminine with its plural."""
    masc, fem, kind, town = entry["role"], entry.get("feminine"), entry["kind"], entry["town_office"]
    out: list[tuple[str, RoleForm]] = []
    if entry.get("compound_head") != "feminine":
        out += [(form, RoleForm(masc, kind, town, True)) for form in (masc, *entry.get("forms", ()))]
    if fem:
        out.append((fem, RoleForm(fem, kind, town, False)))
        if fem.endswith("in"):
            out.append((fem + "nen", RoleForm(fem, kind, town, False)))
    return out


@functools.cache
def _compound_heads() -> tuple[re.Pattern[str], dict[str, RoleForm], frozenset[str]]:
    """German word formation: a role noun heads any compound (``Sportminister``, ``Ausländerbeauftragte``,
    ``Stadträtin``); the heads are the lexicon entries marked ``compound_head``. Also the heads' last four
    letters, a cheap filter before the regex."""
    heads: dict[str, RoleForm] = {}
    for entry in _role_entries():
        if entry.get("compound_head"):
            for form, role in _entry_forms(entry):
                heads.setdefault(form.lower(), role)
    alternatives = "|".join(sorted(heads, key=len, reverse=True))
    pattern = re.compile(rf"([{UP}][{LO}]*?)({alternatives})")
    return pattern, heads, frozenset(head[-4:] for head in heads)


def role_compound_candidates(words: Iterable[str]) -> set[str]:
    """The words that may be compound roles: a set lookup on the ending first, the regex only on those."""
    pattern, _, endings = _compound_heads()
    return {word for word in words if word[-4:] in endings and _compound_role(word) is not None}


@functools.lru_cache(maxsize=8192)
def role_form(word: str) -> RoleForm | None:
    """The role a token names: a lexicon form, a hyphenated compound ending in one (``LPR-Geschäftsführer``),
    or a compound on a role head (``Sportminister``, ``Ausländerbeauftragte``)."""
    forms = role_forms()
    found = forms.get(word)
    if found is None and "-" in word:
        tail = word.rsplit("-", 1)[1]
        head = forms.get(tail) or _compound_role(tail)
        if head is not None and head.canonical not in ("MdL", "MdB", "MdEP") and tail[1:].islower():
            found = RoleForm(word.rsplit("-", 1)[0] + "-" + head.canonical, head.kind, head.town, head.masculine)
    if found is None:
        found = _compound_role(word)
    return found


def _compound_role(word: str) -> RoleForm | None:
    pattern, heads, endings = _compound_heads()
    m = pattern.fullmatch(word) if word[-4:] in endings else None
    if m is None or not STEM_VOWEL_RE.search(m.group(1)) or NOT_ROLE_RE.search(word.lower()):
        return None
    head = heads[m.group(2)]
    return RoleForm(m.group(1) + head.canonical.lower(), head.kind, head.town, head.masculine)


@functools.lru_cache(maxsize=4096)
def surname_ok(word: str) -> bool:
    """A token that can be a surname: capitalised, no role, no common thing or place word."""
    return (
        bool(NAME_TOKEN_RE.fullmatch(word))
        and word not in NOT_NAMES
        and role_form(word) is None
        and not NOUNISH_RE.search(word.lower())
    )


def surname_at(words: list[str], i: int) -> bool:
    """Whether token ``i`` can be a surname here: ``Uwe Klein`` is a person, ``Klein Priebus`` a place."""
    if not surname_ok(words[i]):
        return False
    if words[i] in PLACE_PREFIXES and i + 1 < len(words) and NAME_TOKEN_RE.fullmatch(words[i + 1]):
        return False
    return True


def named_after(text: str, words: list[str], starts: list[int], ends: list[int], k: int) -> bool:
    """Whether the name ending at token ``k`` belongs to a thing named after it (``Erich Kästner Grundschule``)."""
    nxt = k + 1
    return (
        nxt < len(words)
        and words[nxt][:1].isupper()
        and same_line(text, ends[k], starts[nxt])
        and bool(NAMED_AFTER_RE.search(words[nxt].lower()))
    )


def same_line(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


def is_credit(text: str, start: int) -> bool:
    """Whether a name stands in a photo credit (``© SMI/Sven Rogge``, ``Foto: ...``)."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    return bool(CREDIT_LINE_RE.match(prefix) or CREDIT_INLINE_RE.search(prefix) or prefix.rstrip().endswith("/"))

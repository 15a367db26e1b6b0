"""Noun phrases around an amount: who receives it (a clean phrase), what it is for, which year, which funder."""

from __future__ import annotations

import re

from extract.fields.money.clause import Context, next_town, town_in
from extract.german import number_word
from extract.records import CommuneMention

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
    r"\s*(?:(?:an\s+)?(?:Förder\w*|Mittel\w*|Zuschu\w*|Zuwendung\w*)\s+|(?:sind|ist|wird|werden|sollen|soll|fließen"
    r"|fließt|stehen|steht|gehen|geht)\s+(?:[a-zäöüß]+\s+)?)?(?P<p>(?:für|zur|zum)\s+"
    r"(?!(?:19|20)\d{2}\b|Verfügung\b|(?:das|den|die)\s+(?:(?:Haushalts|Programm|Förder)?[Jj]ahre?|Zeitraum)\b)[^,.;:()–\n]{3,160})"
)


PURPOSE_TRAIL_RE = re.compile(
    r"\s+(?:bereit\w*|zur\s+Verfügung\b.*|gefördert\b.*|ausgezahlt|ausbezahlt|übergeben|bewilligt|erhalten"
    r"|zugewiesen|beschlossen|investiert|unterstützt|stehen|steht|fließen|vorgesehen|geplant|eingesetzt|verwendet"
    r"|genutzt|aus|beträgt|betragen|liegt|liegen|sind|ist|wird|werden|an\s+(?:die|den|das|dem)\b.*"
    r"|und\s+durch\b.*|im\s+Jahr\s+\d{4}.*|und|sowie)$"
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


ORG_HEAD_RE = re.compile(
    r"\b[\w.-]*(?:[Kk]linik|[Kk]rankenh[äa]us|[Zz]entrum|Sparkasse|Universität|Hochschule|TU|Landratsamt|[Gg]emeinde"
    r"|[Vv]erein(?!barung)|[Vv]erband|Stiftung|Theater|Landkreis)\w*"
)


CLUB = r"(?:SV|FSV|FV|SG|TSV|SSV|ESV|BSV|PSV|VfB|VfL|FC|SC|TuS|SpVgg|BSG|TSG)"


CLUB_RE = re.compile(rf"\b{CLUB}\b|\w*(?:[Vv]erein(?!barung)|[Ss]portgemeinschaft)\w*")


# Recipients named as a whole group: a programme's means, not a grant ("die Landkreise", "alle Kommunen").
GROUP_WORDS = (
    r"(?:Landkreise[n]?|Städte[n]?|Kommunen|Gemeinden|Feuerwehren|\w*[Vv]ereine[n]?|Schulträger[n]?|Schulen"
    r"|Krankenhäuser[n]?|Träger[n]?|Kitas|Kindertagesstätten|Hochschulen|Landkreise\s+und\s+kreisfreien\s+Städte[n]?)"
)


GROUP_WORD_RE = re.compile(GROUP_WORDS)


# Words that make a phrase a body that can receive money.
RECIPIENT_WORD_RE = re.compile(
    rf"\b{CLUB}\b|\w*(?:[Vv]erein(?!barung)|[Vv]erband|[Gg]esellschaft|GmbH|[Ss]tiftung|[Zz]entr(?:um|en)|[Ee]inrichtung|[Tt]räger"
    r"|[Ss]chule|[Ff]euerwehr|[Gg]ymnasium|[Kk]ita|[Mm]useum|[Tt]heater|[Bb]ibliothek|[Gg]emeinde|[Ss]tadt|Region"
    r"|Landkreis|Kreis)\w*"
    r"|\be\.\s?V\."
)


_NP_TOKEN = (
    r"(?:„[^“”\"\n]{1,60}[“”\"]|»[^«\n]{1,60}«|[A-ZÄÖÜ\"][^\s,;:()]*|\d{1,3}\.(?=\s+[A-ZÄÖÜ])"
    r"|(?:1[89]|20)\d\d(?![\d.,]))"
)


NP_RE = re.compile(
    rf"(?:(?:[a-zäöüß]+(?:e|en|er|es|em)|\d{{1,3}})\s+)?{_NP_TOKEN}"
    rf"(?:\s+(?:(?:der|des|und|von|vom|in|im|am|aus|für)\s+)?{_NP_TOKEN}|\s+[a-zäöüß]+(?:e|en)(?=\s+[A-ZÄÖÜ]))*"
)


NP_TAIL_RE = re.compile(r"\s+(?:der|des|und|von|vom|in|im|am|aus|für|[a-zäöüß]+)$")


LEADING_WORDS_RE = re.compile(r"^(?:(?:für|an|mit|bei|beim|von|vom|der|die|das|den|dem|des)\s+)+", re.IGNORECASE)


AMOUNT_WORD_RE = re.compile(r"\b(?:Euro|EUR|Mio|Millionen?|Milliarden?|Jahren?|Monaten?|Wochen?)\b|€")


PURPOSE_BEFORE_RE = re.compile(
    r"\b(?P<p>(?:für|zur|zum)\s+(?!(?:19|20)\d{2}\b|Verfügung\b|(?:das|den|die)\s+(?:\w*[Jj]ahre?|Zeitraum)\b)"
    r"(?:[^\s,.;:()–]+\s+){0,5}?[^\s,.;:()–]+)"
    r"(?=\s+(?:über|in\s+Höhe\s+von|von|mit|im\s+Wert\s+von)\s"
    r"|\s+(?:(?:rund|etwa|ca\.|knapp|über|mehr\s+als|bis\s+zu|insgesamt|jeweils|weitere)\s+)*$)"
)


PURPOSE_HEAD_RE = re.compile(r"^(?:für|zur|zum)\s+(?:[a-zäöüß-]+\s+){0,3}?(?P<head>[A-ZÄÖÜ„\"][\w„“\"-]*)")


ACTION_HEAD_RE = re.compile(
    r"(?:ung|ungen|bau|baus|erwerb|kauf|käufe|schaffung|umbau|neubau|ausbau|erhalt|betrieb|projekt\w*|maßnahme\w*"
    r"|vorhaben|arbeit\w*|förderung|ersatz)$",
    re.IGNORECASE,
)


def year_of(text: str, s_start: int, s_end: int, at: int) -> str | None:
    """The year or budget period the sentence gives, the one nearest the amount."""
    best: tuple[int, str] | None = None
    for m in YEAR_RE.finditer(text, s_start, s_end):
        dist = abs(m.start() - at)
        if best is None or dist < best[0]:
            best = (dist, re.sub(r"\s+", "", m.group("y")))
    return best[1] if best else None


def funder_of(sentence: str) -> str | None:
    """Who pays, as the sentence names it: ``Freistaat``, ``Bund``, ``Kultusministerium``."""
    m = FUNDER_RE.search(sentence)
    return m.group(0) if m else None


def joined_names(towns: list[CommuneMention]) -> str:
    """Commune names as a German list: ``Riesa, Meißen und Nossen``."""
    names = [t.text for t in towns]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]


def noun_phrase(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``pos`` (after its article): ``Ev.-Luth. Kirchgemeinde St. Afra``."""
    m = NP_RE.match(text, pos, limit)
    if not m:
        return None
    end = m.end()
    last = text[text.rfind(" ", m.start(), end) + 1 : end]
    if last.endswith(".") and len(last) > 5 and "/" not in last:
        end -= 1  # the sentence's full stop, not an abbreviation ("Adorf/Vogtl.", "St.")
    while True:  # drop a dangling connector ("Stadt Dresden und")
        cut = NP_TAIL_RE.search(text, m.start(), end)
        if not cut:
            break
        end = cut.start()
    return (m.start(), end) if end - m.start() >= 3 else None


def line_end(text: str, pos: int) -> int:
    """The end of the line (a sentence split after "Ev.-Luth." does not end a name)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def clean_recipient(recipient: str | None) -> str | None:
    """The recipient as a noun phrase: no leading preposition or article, no trailing connector."""
    if not recipient:
        return None
    phrase = re.sub(r"\s+", " ", recipient).strip(" ,;:–-")
    phrase = LEADING_WORDS_RE.sub("", phrase)
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[: phrase.rfind("(")].rstrip()  # "Bürgermeister Tom Muster (Meerane": the name before
    phrase = re.sub(r"\s+(?:und|sowie|oder|der|des|die|in|im|mit)$", "", phrase)
    if len(phrase) < 3 or not phrase[:1].isalpha() or AMOUNT_WORD_RE.search(phrase):
        return None
    return phrase


def purpose_of(ctx: Context, towns: list[CommuneMention], town_starts: list[int]) -> str | None:
    """What the money is for: ``für die Sanierung der Turnhalle``, ``zur Finanzierung des Breitbandausbaus``."""
    limit = next_town(town_starts, ctx.end, ctx.after_end)
    candidates = [m for m in (PURPOSE_RE.match(ctx.text, ctx.end, limit),) if m]
    candidates += list(PURPOSE_BEFORE_RE.finditer(ctx.text, max(ctx.before_start, ctx.s_start), ctx.start))[::-1]
    for m in candidates:
        purpose = PURPOSE_TRAIL_RE.sub("", m.group("p").strip())
        if len(purpose) > 4 and is_purpose(purpose, bool(town_in(towns, town_starts, m.start("p"), m.end("p")))):
            return purpose
    return None


def is_purpose(purpose: str, names_town: bool) -> bool:
    """``für die Sanierung der Turnhalle`` says what for; ``für zwei Grundschulen``, ``für den SV X`` say for whom."""
    head = PURPOSE_HEAD_RE.match(purpose)
    if head is None:
        return False
    lead = purpose[: head.start("head")].split()[1:]
    if any(w.isdigit() or (number_word(w) or 0) >= 2 for w in lead):
        return False  # counted recipients
    for word in re.findall(r"[A-ZÄÖÜ][\w-]*", purpose[head.start("head") :])[:3]:
        if ACTION_HEAD_RE.search(word):
            return True
        if _is_recipient_word(word):
            return False
    return not names_town


def _is_recipient_word(word: str) -> bool:
    return bool(
        INSTITUTION_RE.fullmatch(word)
        or GROUP_WORD_RE.fullmatch(word)
        or CLUB_RE.fullmatch(word)
        or MUNICIPAL_RE.fullmatch(word)
        or RECIPIENT_WORD_RE.fullmatch(word)
    )


def recipient_text(text: str, town: CommuneMention) -> str:
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


def name_start(text: str, at: int, lo: int) -> int:
    """Walk back over the capitalised words of a name: ``Stadtwerke Pirna GmbH`` from ``GmbH``."""
    for m in reversed(list(re.finditer(r"\S+", text[lo:at]))):
        word = m.group(0)
        if not word[:1].isupper() or word.endswith((".", ",", ":", ";")) and len(word) > 4:
            break
        at = lo + m.start()
    return at


def org_text(text: str, town: CommuneMention) -> str:
    """The body whose name ends with the commune: ``Förderverein der Grundschule Lunzenau``."""
    lo = max(0, town.start - 60)
    heads = list(ORG_HEAD_RE.finditer(text, lo, town.start))
    return text[heads[-1].start() : town.end] if heads else town.text

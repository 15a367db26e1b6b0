"""Names: a first name and a surname, a name after a role or honorific, a surname repeated alone."""

from __future__ import annotations

import re

from extract.fields.people.lexicon import (
    APPOSITION_END,
    DETERMINERS,
    HONORIFICS,
    NAME_TOKEN_RE,
    PARTICLES,
    SAINT_WORDS,
    TITLE_TOKENS,
    UP,
    first_names,
    is_credit,
    is_german_word,
    named_after,
    same_line,
    surname_at,
    surname_ok,
)
from extract.fields.people.spans import Name, Role, WordIndex
from extract.records import CommuneMention

APPOSITION_SPAN = 12  # tokens after a role that may still belong to its bracket or apposition
INITIAL_RE = re.compile(rf"[{UP}]\.")
LIST_OPENERS = frozenset({",", "und", "sowie", ":", "(", ";", "–", "-", "/"})


def looks_like_name(value: str) -> bool:
    """A letterhead contact worth a person row: two or more capitalised name words."""
    parts = [p for p in value.split() if p not in TITLE_TOKENS]
    return len(parts) >= 2 and all(NAME_TOKEN_RE.fullmatch(p) for p in parts)


def _titles_before(words: list[str], starts: list[int], ends: list[int], text: str, i: int) -> int:
    """The first token of the academic titles directly before token ``i``."""
    k = i
    while k > 0 and words[k - 1] in TITLE_TOKENS and same_line(text, ends[k - 1], starts[k]):
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
) -> Name:
    k = _titles_before(words, starts, ends, text, i)
    titles = " ".join(words[k:i]) or None
    return Name(k, j, starts[k], ends[j - 1], first, surname, titles, rule)


def find_full_names(text: str, words: list[str], starts: list[int], ends: list[int], where: WordIndex) -> list[Name]:
    """First name(s) from the lexicon, an optional particle, and a capitalised surname."""
    firsts = first_names()
    names: list[Name] = []
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
        if j + 1 < n and words[j] in firsts and surname_ok(words[j + 1]) and same_line(text, ends[i], starts[j + 1]):
            j += 1
        # A middle initial: "Maria J. Schubert".
        if (
            j + 1 < n
            and INITIAL_RE.fullmatch(words[j])
            and surname_ok(words[j + 1])
            and same_line(text, ends[i], starts[j + 1])
        ):
            j += 1
        k = j
        if k < n and words[k] in PARTICLES:
            k += 1
            if k < n and words[k] in ("der", "den"):
                k += 1
        if (
            k < n
            and surname_at(words, k)
            and same_line(text, ends[j - 1], starts[k])
            and not is_credit(text, starts[i])
            and not named_after(text, words, starts, ends, k)
        ):
            first = text[starts[i] : ends[j - 1]]
            surname = text[starts[j] : ends[k]] if k > j else words[k]
            names.append(_make_name(text, words, starts, ends, i, k + 1, first, surname, "first_name_lexicon"))
            free = k + 1
    return names


def apposition_names(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    roles: list[Role],
    names: list[Name],
    commune_at: dict[int, CommuneMention],
) -> list[Name]:
    """Two name words the lexicon does not know, right before a role in brackets or in apposition:
    ``Berko Thomas (Leiter ...)``, ``Jirka Novák, der Bürgermeister von ...``."""
    taken = {t for name in names for t in range(name.i0, name.i1)}
    added: list[Name] = []
    for role in roles:
        k = role.i0 - 1
        if k >= 0 and words[k] in ("der", "die"):
            k -= 1
        i = k - 2  # the first name word
        if i < 0 or words[k] not in ("(", ",") or i in taken or i + 1 in taken:
            continue
        if not same_line(text, starts[i], starts[role.i0]) or not _list_item_start(text, words, starts, ends, i):
            continue
        if _names_inside(words, role.i1, taken):
            continue  # "Kita Sonnenschein (Leiterin: Anja Roth)": the role introduces the name after it
        first, surname = words[i], words[i + 1]
        if (
            not surname_ok(first)
            or not surname_at(words, i + 1)
            or (first not in first_names() and is_german_word(first))
            or starts[i] in commune_at
            or starts[i + 1] in commune_at
            or is_credit(text, starts[i])
        ):
            continue
        name = _make_name(text, words, starts, ends, i, i + 2, first, surname, "apposition_name")
        added.append(name)
        taken.update(range(name.i0, name.i1))
    return sorted(names + added, key=lambda nm: nm.start)


def _names_inside(words: list[str], i: int, taken: set[int]) -> bool:
    """Whether a name stands after a role before its bracket closes or its apposition ends."""
    for k in range(i, min(i + APPOSITION_SPAN, len(words))):
        if words[k] in APPOSITION_END and words[k] != "(":
            return False
        if k in taken or words[k] in first_names():
            return True
    return False


def _list_item_start(text: str, words: list[str], starts: list[int], ends: list[int], i: int) -> bool:
    """Whether word ``i`` starts a phrase: a line, a list item, or follows a lower-case word (``waren``)."""
    if i == 0 or not same_line(text, ends[i - 1], starts[i]):
        return True
    before = words[i - 1]
    return before in LIST_OPENERS or before[:1].islower()


def role_anchored_names(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    roles: list[Role],
    names: list[Name],
    commune_at: dict[int, CommuneMention],
) -> list[Name]:
    """Names the lexicon does not know, found right after a role: ``Innenminister Beuth``, ``OBin Britz``."""
    taken = {t for name in names for t in range(name.i0, name.i1)}
    firsts = first_names()
    added: list[Name] = []
    n = len(words)
    name_ends = {name.i1 for name in names}
    for role in roles:
        if role.i0 >= 2 and words[role.i0 - 1] == "(" and role.i0 - 1 in name_ends:
            continue  # "Berko Thomas (Leiter Fachdienst ...)": the bracket describes the name before it
        i = role.i1
        # An apposition: "der Bürgermeister der Partnerstadt Liberec, Jaroslav Zámečník, ..." needs both names.
        apposition = i < n and words[i] == ","
        if apposition:
            i += 1
        while i < n and (words[i] in TITLE_TOKENS or words[i] in HONORIFICS):
            i += 1
        if i >= n or not same_line(text, ends[role.i1 - 1], starts[i]):
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
    if i in taken or not surname_at(words, i) or starts[i] in commune_at or is_credit(text, starts[i]):
        return None
    two = (
        i + 1 < n
        and words[i] not in firsts
        and surname_at(words, i + 1)
        and i + 1 not in taken
        and same_line(text, ends[i], starts[i + 1])
        and starts[i + 1] not in commune_at
    )
    return i + 2 if two else i + 1


def _unknown_name(text: str, words: list[str], starts: list[int], ends: list[int], i: int, end: int, how: str) -> Name:
    """The name found by ``_unknown_name_end``: first name and surname, or a surname alone."""
    if end == i + 2:
        return _make_name(text, words, starts, ends, i, end, words[i], words[i + 1], f"{how}_name")
    return _make_name(text, words, starts, ends, i, end, None, words[i], f"{how}_surname")


def honorific_names(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    where: WordIndex,
    names: list[Name],
    commune_at: dict[int, CommuneMention],
) -> list[Name]:
    """``Herr Schneider``, ``Frau Dr. Lehmann``, ``Herrn Jaroslav Novák``: an honorific names a person."""
    taken = {t for name in names for t in range(name.i0, name.i1)}
    firsts = first_names()
    n = len(words)
    added: list[Name] = []
    for h in where.positions(HONORIFICS):
        if h > 0 and words[h - 1] in DETERMINERS:
            continue  # "eine Frau Mitte 40", "der Frau Bürgermeisterin": a noun, not an honorific
        i = h + 1
        while i < n and words[i] in TITLE_TOKENS:
            i += 1
        if i >= n or not same_line(text, ends[h], starts[i]):
            continue
        end = _unknown_name_end(text, words, starts, ends, i, taken, commune_at, firsts)
        if end is None:
            continue  # "Herr Bürgermeister Schmidt" is found from the role
        name = _unknown_name(text, words, starts, ends, i, end, "honorific")
        added.append(name)
        taken.update(range(name.i0, name.i1))
    return sorted(names + added, key=lambda nm: nm.start)


def surname_repeats(
    text: str, words: list[str], starts: list[int], ends: list[int], where: WordIndex, names: list[Name]
) -> list[Name]:
    """Surname-only repeats of a surname the release gives with a first name (``so Vorjohann``)."""
    surnames = {name.surname for name in names if name.first}
    if not surnames:
        return names
    taken = {t for name in names for t in range(name.i0, name.i1)}
    added = [
        _make_name(text, words, starts, ends, i, i + 1, None, words[i], "surname_repeat")
        for i in where.positions(surnames)
        if i not in taken and not is_credit(text, starts[i])
    ]
    return sorted(names + added, key=lambda nm: nm.start)


def resolve_full_names(names: list[Name]) -> None:
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

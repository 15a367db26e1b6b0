"""Roles: the office or function a text gives a person, its complement, and the name it belongs to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from extract.fields.people.lexicon import (
    ABBREVIATION_RE,
    ARTICLES,
    LO,
    NAME_ABBREVIATIONS,
    NAME_TOKEN_RE,
    UP,
    first_names,
    role_compound_candidates,
    role_form,
    role_forms,
    same_line,
    surname_ok,
)
from extract.fields.people.spans import Name, Role, WordIndex
from extract.records import CommuneMention

LIST_GAP_RE = re.compile(r"^(?:\s*\([^()\n]{1,60}\))?\s*(?:[,;–]|und|sowie)?\s*(?:und|sowie)?\s*$")
ANAPHORA_RE = re.compile(r"(?:^|[.!?]\s+)(?:Dieser|Diese|Er|Sie)\s+(?:ist|war)\s+(?:der|die|dort)?\s*$")
LEADING_PREPOSITION_RE = re.compile(r"^(?:von der|von|vom|des|der|für|am|im|beim)\s+(?:der\s+|dem\s+)?")
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
    "stellv.": "stellv.",
    "Vorsitzende": "Vorsitzende",
    "Vorsitzender": "Vorsitzender",
    "Vorsitzenden": "Vorsitzende",
    "designierte": "designierte",
    "designierter": "designierter",
    "designierten": "designierte",
}
# Nominalised adjectives: "der Vorsitzende" is a man, "die Vorsitzende" a woman.
ADJECTIVAL_ROLE_RE = re.compile(r"\b(\w*(?:[Bb]eauftragte|[Vv]orsitzende|[Aa]bgeordnete|[Bb]eigeordnete))(?=\s|$)")
# Adjectives between an article and a role: "der Sächsische Ausländerbeauftragte", "die neue Leiterin".
ADJECTIVE_RE = re.compile(rf"[{UP}{LO}][{LO}]*(?:isch|ig|lich|end|iert|ell|iv|al)e[mnrs]?|neue[mnrs]?")
# Between a name and the role that follows it: "Jan Krause, der Bürgermeister", "Ute Roth (Sächsische Ministerin".
PREV_GAP_RE = re.compile(rf"\s*(?:,|\()?\s*(?:der|die)?\s*(?:(?:{ADJECTIVE_RE.pattern})\s+)*")
APPOSITION_GAP_RE = re.compile(rf"\s*,\s*(?:der|die)\s+(?:(?:{ADJECTIVE_RE.pattern})\s+)*")
ROLE_ORDER = {"office": 0, "contact": 1, "mandate": 2, "rank": 3}
GENERIC_TITLES = frozenset({"Minister", "Ministerin", "Staatsminister", "Staatsministerin"})
COMPLEMENT_PREPS = frozenset({"des", "der", "vom", "von", "für", "am", "im", "beim"})
CHAIN_WORDS = frozenset({"des", "der", "für", "von", "vom"})


def find_roles(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    where: WordIndex,
    commune_at: dict[int, CommuneMention],
) -> list[Role]:
    """Role phrases: optional modifier, the role (or two joined by ``und``), and its _complement."""
    roles: list[Role] = []
    forms = role_forms()
    n = len(words)
    free = 0
    hits = {word for word in where.vocabulary if "-" in word}.union(
        forms.keys() & where.vocabulary, role_compound_candidates(where.vocabulary)
    )
    for i in where.positions(hits):
        form = role_form(words[i]) if i >= free else None
        if form is None:
            continue
        if words[i] in MODIFIERS and i + 1 < n and role_form(words[i + 1]) is not None:
            continue  # "Vorsitzende Richterin": the next role takes it as its modifier
        i0 = i
        head = form.canonical
        modifier = _modifier(words[i - 1]) if i > 0 and same_line(text, ends[i - 1], starts[i]) else None
        if modifier is not None:
            i0 = i - 1
            if modifier[0].isupper():
                modifier = modifier.rstrip("r") + ("r" if form.masculine else "")
            head = f"{modifier} {head}"
        j = i + 1
        if j + 1 < n and words[j] == "und" and (other := role_form(words[j + 1])) is not None:
            head = f"{head} und {other.canonical}"
            j += 2
        retired = _retired_end(words, j)  # "Bürgermeister a. D."
        if retired > j:
            head = f"{head} a. D."
            j = retired
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
            or (ADJECTIVE_RE.fullmatch(words[before]) and role_form(words[before]) is None)
            or (
                words[before].endswith(("er", "s"))
                and NAME_TOKEN_RE.fullmatch(words[before])
                and words[before] not in ARTICLES
                and role_form(words[before]) is None
                and words[before] not in first_names()
            )
        ):
            before -= 1
        article = before >= 0 and words[before] in ARTICLES
        if article and words[before].lower() == "der":
            role_text = _masculine_after_der(role_text)
        plural = (article and words[before].lower() == "die" and form.masculine) or (
            i0 > 0 and words[i0 - 1] in PLURAL_MARKERS
        )
        roles.append(
            Role(
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


def _modifier(word: str) -> str | None:
    """The nominative of a modifier before a role (``stellvertretenden`` -> ``stellvertretende``)."""
    found = MODIFIERS.get(word)
    if found is None and word[:1].isupper():
        found = MODIFIERS.get(word.lower())
    return found


def _retired_end(words: list[str], j: int) -> int:
    """The token after ``a. D.`` (``außer Dienst``) when it follows a role, else ``j``."""
    if j < len(words) and words[j] == "a.D.":
        return j + 1
    if j + 1 < len(words) and words[j] == "a." and words[j + 1] == "D.":
        return j + 2
    return j


def _masculine_after_der(role_text: str) -> str:
    """``der Vorsitzende``, ``der Ausländerbeauftragte``: a nominalised adjective after ``der`` is masculine."""
    return ADJECTIVAL_ROLE_RE.sub(r"\1r", role_text)


def _complement(
    text: str, words: list[str], starts: list[int], ends: list[int], j: int
) -> tuple[int | None, int | None, int]:
    """The genitive or prepositional phrase after a role: ``des Landespräventionsrats Sachsen``."""
    n = len(words)
    if j >= n or words[j] not in COMPLEMENT_PREPS or not same_line(text, ends[j - 1], starts[j]):
        return None, None, j
    firsts = first_names()
    k = j + 1
    if words[j] == "von" and k < n and words[k] in ("der", "dem", "den"):
        k += 1
    last_noun = -1
    while k < n and same_line(text, ends[k - 1], starts[k]):
        word = words[k]
        if word in firsts and k + 1 < n and surname_ok(words[k + 1]):
            break
        if role_form(word) is not None:
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
        elif word == "und" and last_noun == k - 1 and k + 1 < n and words[k + 1][:1].isupper():
            k += 1  # "für Wirtschaft und Bau", "für Kultur und Tourismus"; a role or a name after it stops above
        elif re.fullmatch(rf"[{LO}]+(?:e|en|er|es|em|sten)", word) and k + 1 < n and words[k + 1][:1].isupper():
            k += 1
        else:
            break
        if k - j > 10:
            break
    if last_noun < 0:
        return None, None, j
    return starts[j], ends[last_noun], last_noun + 1


def link_roles(
    text: str, words: list[str], starts: list[int], ends: list[int], names: list[Name], roles: list[Role]
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
        prev_adjacent = prev is not None and PREV_GAP_RE.fullmatch(gap_prev) and ("\n" not in gap_prev)
        if prev_adjacent and prev is not None:
            prev_adjacent = _after_name_end(text, prev)
        prev_has_office = prev is not None and any(r.kind == "office" for r in prev.roles)
        # "Susanne Heise, die Leiterin des Reviers, Olaf Töteberg, der Leiter ...": an apposition with its
        # article belongs to the name before it, unless that name has its office already.
        apposition = prev_adjacent and prev is not None and not prev.roles and APPOSITION_GAP_RE.fullmatch(gap_prev)
        target: Name | None = None
        if direct:
            target = nxt
        elif apposition:
            target = prev
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


def _only_roles_between(role: Role, nxt: Name, roles: list[Role], gap: str) -> bool:
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


def _anaphora_target(text: str, names: list[Name], role: Role) -> Name | None:
    """``... Herrn Micha Bächle ... eingeladen. Dieser ist Bürgermeister der Stadt X``: the last person named."""
    if not ANAPHORA_RE.search(text[max(0, role.start - 30) : role.start]):
        return None
    pos = bisect.bisect_left([name.start for name in names], role.start) - 1
    return names[pos] if pos >= 0 and role.start - names[pos].end < 300 else None


def _after_name_end(text: str, name: Name) -> bool:
    """A post-name role must follow the name itself, not a parenthetical that closes a list item."""
    return not text[name.end : name.end + 1] == ")"


def paren_communes(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    names: list[Name],
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


def best_role(roles: Iterable[Role]) -> Role | None:
    """An office before a rank or mandate; among equals the first given."""
    ranked = sorted(enumerate(roles), key=lambda item: (ROLE_ORDER.get(item[1].kind, 4), item[0]))
    return ranked[0][1] if ranked else None


def role_rank(role: str) -> tuple[int, int]:
    """How telling a role text is: an office before a contact, a mandate, a rank, no role noun last; among
    offices the portfolio (``Innenminister``) before the bare title every minister bears (``Staatsminister``)."""
    for word in role.split():
        form = role_form(word)
        if form is not None:
            return ROLE_ORDER.get(form.kind, 4), int(role in GENERIC_TITLES)
    return 4, 0

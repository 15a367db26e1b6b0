"""Where an amount stands: its sentence, its clause, the communes around it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extract.records import CommuneMention, MoneyKind

NON_MUNICIPAL_RE = re.compile(
    r"(?:[Kk]linik\w*|[Kk]rankenh[äa]us\w*|[Zz]entrum|Sparkasse|Universität|Hochschule|\bTU\b|Polizeidirektion"
    r"|Landkreis|Landratsamt|Kirch(?:en)?gemeinde|\w*[Vv]erein(?:e|s|es|en)?\b|[Vv]erband|Stiftung|GmbH|Theater\w*)(?:\s+[^\s,;]+){0,3}\s+$"
)


# "Dresden (dpa/sn) - ...": the place of the dateline receives nothing.
DATELINE_AFTER_RE = re.compile(
    r"\s*(?:\([^()\n]{0,30}\))?\s*[-–]\s"
    r"|,\s*(?:den\s+)?\d{1,2}\.\s*(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*(?:\d{4}|\d{2})\b"  # "Dresden, 12. März 2019"
)


# A commune named as the place where something happens ("heute in Markneukirchen"), not as who receives.
LOCATIVE_BEFORE_RE = re.compile(r"\b[Ii][nm]\s+(?:der\s+(?:Stadt|Gemeinde)\s+)?$")


@dataclass(slots=True)
class Decision:
    """What one amount is, and on what evidence (``basis``): later passes only overrule weak evidence."""

    kind: MoneyKind
    recipient: str | None
    ags: str | None
    basis: str  # cost, list, paren, total, named, share, group, budget, none


class Context:
    """Where an amount stands: its sentence and the stretch since the previous amount and to the next."""

    __slots__ = (
        "text",
        "start",
        "end",
        "s_start",
        "s_end",
        "before",
        "after",
        "sentence",
        "before_start",
        "after_end",
        "total",
        "si",
    )

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        s_start: int,
        s_end: int,
        prev_end: int,
        next_start: int,
        total: bool,
        si: int,
    ):
        self.text, self.start, self.end, self.s_start, self.s_end = text, start, end, s_start, s_end
        self.si = si
        self.after_end = next_start
        self.total = total  # the next amount shares this one out ("davon erhält ...")
        self.before_start = prev_end
        self.before = text[prev_end:start]
        self.after = text[end:next_start]
        self.sentence = text[s_start:s_end]


def sentence_bounds(doc: Doc, text: str, abbreviated: set[int]) -> list[tuple[int, int]]:
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


def next_town(town_starts: list[int], end: int, limit: int) -> int:
    """Where the purpose after an amount stops: at the next commune ("... und Pausa-Mühltroff 1,4 Mio.")."""
    i = bisect.bisect_left(town_starts, end)
    return min(town_starts[i], limit) if i < len(town_starts) else limit


def town_in(towns: list[CommuneMention], town_starts: list[int], lo: int, hi: int) -> list[CommuneMention]:
    """The commune mentions that start between ``lo`` and ``hi``."""
    a = bisect.bisect_left(town_starts, lo)
    b = bisect.bisect_left(town_starts, hi)
    return towns[a:b]


def dateline_towns(text: str, towns: list[CommuneMention], sents: list[tuple[int, int]]) -> set[int]:
    """Starts of communes that open a sentence as its dateline (``Dresden (dpa/sn) - ...``)."""
    sent_starts = {s for s, _ in sents}
    out: set[int] = set()
    for t in towns:
        line_start = text.rfind("\n", 0, t.start) + 1
        if (t.start in sent_starts or not text[line_start : t.start].strip()) and DATELINE_AFTER_RE.match(text, t.end):
            out.add(t.start)
    return out


def distinct(towns: list[CommuneMention]) -> list[CommuneMention]:
    """One mention per municipality, the first."""
    seen: dict[str, CommuneMention] = {}
    for t in towns:
        seen.setdefault(t.ags, t)
    return list(seen.values())


def municipal(text: str, lo: int, town: CommuneMention) -> bool:
    """False where the commune only names a hospital, club or other body that is not the town's own."""
    return not NON_MUNICIPAL_RE.search(text[max(lo, town.start - 60) : town.start])


def last_in(mentions: list[CommuneMention], lo: int, hi: int) -> CommuneMention | None:
    """The last mention that starts between ``lo`` and ``hi``."""
    inside = [m for m in mentions if lo <= m.start < hi]
    return inside[-1] if inside else None


def locative(text: str, town: CommuneMention) -> bool:
    """True where the commune is named as a place (``heute in Markneukirchen``)."""
    return bool(LOCATIVE_BEFORE_RE.search(text, max(0, town.start - 30), town.start))


def previous_town(
    towns: list[CommuneMention], town_starts: list[int], sents: list[tuple[int, int]], si: int, ctx: Context
) -> CommuneMention | None:
    """The one commune of the sentence itself, else of one of the two sentences before it."""
    for j in range(si, max(si - 3, -1), -1):
        lo, hi = sents[j] if sents else (ctx.s_start, ctx.s_end)
        found = distinct(town_in(towns, town_starts, lo, hi))
        if len(found) == 1 and municipal(ctx.text, lo, found[0]):
            return found[0]
        if found:
            return None
    return None

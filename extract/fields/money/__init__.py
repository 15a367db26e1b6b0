"""Money: every euro amount in German notation, exact, with what it pays for.

``amounts`` finds the amounts (digits with German separators, a scale word such
as ``Mio.``, a number word such as ``eine Million``, the currency before or
after, or a noun that says it is money: ``2,5 Millionen Fördermittel``).
``kinds`` decides what each one is by who receives it: a named recipient makes
a grant (a commune and its own institutions give the AGS; a club, a company, a
region or a Landkreis do not), a programme's or a group's means a budget, a
cost, price, damage or fine is other. ``phrases`` gives the recipient as a
clean noun phrase and the purpose, year and funder; ``clause`` holds where an
amount stands (its sentence, its clause, the communes around it).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from extract.fields.money.amounts import find_amounts, period_of
from extract.fields.money.clause import Context, Decision, dateline_towns, sentence_bounds
from extract.fields.money.kinds import FROM_PROGRAMME_RE, classify, settle
from extract.fields.money.phrases import clean_recipient, funder_of, purpose_of, year_of
from extract.nlp import doc_text
from extract.records import CommuneMention, Money, ReleaseInfo

# "48.500 Euro; davon erhält Plauen 30.000 Euro": the first amount is a total that the next one shares out.
SHARE_NEXT_RE = re.compile(r"[^.;!?]*?(?:[;,:–]\s*|[.!?]\s+)(?:davon|hiervon|wovon|darunter)\b[^.;!?]*$", re.IGNORECASE)


_SHARE_REACH = 160  # how far after a total its "davon" share may follow


def extract_money(doc: Doc, release: ReleaseInfo, communes: list[CommuneMention]) -> list[Money]:
    """Every euro amount (``21.150,- Euro``, ``1,3 Mio. €``, ``eine Million Euro``) with kind and recipient."""
    text = doc_text(doc)
    hits = find_amounts(text)
    if not hits:
        return []
    # Communes abbreviated with a full stop ("Adorf/Vogtl.") end no sentence.
    sents = sentence_bounds(doc, text, {c.end for c in communes if c.text.endswith(".")})
    starts = [s for s, _ in sents]
    towns = sorted((c for c in communes if c.level == "gemeinde" and c.start >= 0), key=lambda c: c.start)
    datelines = dateline_towns(text, towns, sents)
    towns = [t for t in towns if t.start not in datelines]
    town_starts = [c.start for c in towns]
    districts = [c for c in communes if c.level == "kreis" and c.start >= 0]
    named_towns = len({t.ags for t in towns})
    decisions: list[Decision] = []
    contexts: list[Context] = []
    # Only the hits near the sentence can bound an amount's clause: found by bisection, so that a text full
    # of amounts costs time linear in them, not quadratic.
    hit_starts = [h[0] for h in hits]
    longest = max(h[1] - h[0] for h in hits)
    for i, (start, end, _amount, _amount_max, _rule, _qualifier) in enumerate(hits):
        si = max(bisect.bisect_right(starts, start) - 1, 0)
        s_start, s_end = sents[si] if sents else (0, len(text))
        lo = bisect.bisect_left(hit_starts, s_start - longest, 0, i)
        hi = bisect.bisect_left(hit_starts, s_end, i + 1)
        prev_end = max([h[1] for h in hits[lo:i] if h[1] <= start and h[1] > s_start] or [s_start])
        next_start = min([h[0] for h in hits[i + 1 : hi] if h[0] >= end and h[0] < s_end] or [s_end])
        following = hits[i + 1][0] if i + 1 < len(hits) else -1
        total = end < following < end + _SHARE_REACH and bool(SHARE_NEXT_RE.match(text, end, following))
        # "2 Mio. Euro, davon 1,2 Mio. Euro aus dem Programm X" breaks a grant down by source: no total.
        total = total and not FROM_PROGRAMME_RE.match(text, hits[i + 1][1], s_end)
        ctx = Context(text, start, end, s_start, s_end, prev_end, next_start, total, si)
        contexts.append(ctx)
        decisions.append(classify(ctx, towns, town_starts, sents, si, districts, named_towns))
    headline = _headline_end(text, release)
    settle(hits, contexts, decisions, towns, town_starts, sents, headline)
    out: list[Money] = []
    for (start, end, amount, amount_max, rule, qualifier), ctx, d in zip(hits, contexts, decisions, strict=True):
        out.append(
            Money(
                text=text[start:end],
                start=start,
                end=end,
                rule=rule,
                amount=amount,
                amount_max=amount_max,
                qualifier=qualifier,
                period=period_of(text, start, end, qualifier),
                kind=d.kind,
                recipient=clean_recipient(d.recipient),
                recipient_ags=d.ags,
                purpose=purpose_of(ctx, towns, town_starts),
                year=year_of(text, ctx.s_start, ctx.s_end, start),
                funder=funder_of(ctx.sentence),
            )
        )
    return sorted(out, key=lambda m: m.start)


def _headline_end(text: str, release: ReleaseInfo) -> int:
    """Where the headline ends in the clean text (0 where there is none)."""
    if release.title_span and 0 <= release.title_span[1] <= len(text):
        if text[release.title_span[0] : release.title_span[1]] == release.title:
            return release.title_span[1]
    if release.title:
        at = text.find(release.title, 0, 2000)
        if at >= 0:
            return at + len(release.title)
    return 0

"""People: names, roles, organisations, what each person did in a release, and their quotes.

No German NER model exists on the package index, so names are found by rules (``names``): a first name from
a maintained first-name dataset followed by a capitalised surname, a role, title or honorific followed by
capitalised tokens, and surname-only repeats of a name given in full elsewhere in the same release. Roles
(``roles``) come from the project's role lexicon and from German word formation (compounds on ``-minister``,
``-leiter``, ``-beauftragte`` ...) with the genitive or prepositional complement the text gives. What a
person did (``relations``) is read from the sentence: signatory, witness, quoted speaker; the letterhead's
press contact is a contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from extract.fields.people.names import (
    apposition_names,
    find_full_names,
    honorific_names,
    looks_like_name,
    resolve_full_names,
    role_anchored_names,
    surname_repeats,
)
from extract.fields.people.relations import attribute_quotes, quote_spans, signatories_and_witnesses
from extract.fields.people.roles import best_role, find_roles, link_roles, paren_communes, role_rank
from extract.fields.people.spans import Name, WordIndex, commune_index
from extract.nlp import doc_text
from extract.records import CommuneMention, PersonMention, Quote, ReleaseInfo

__all__ = ["extract_people", "summarize_people"]


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
    where = WordIndex(text, words, starts)
    commune_at = commune_index(communes)

    names = find_full_names(text, words, starts, ends, where)
    roles = find_roles(text, words, starts, ends, where, commune_at)
    names = apposition_names(text, words, starts, ends, roles, names, commune_at)
    names = role_anchored_names(text, words, starts, ends, roles, names, commune_at)
    names = honorific_names(text, words, starts, ends, where, names, commune_at)
    names = surname_repeats(text, words, starts, ends, where, names)
    link_roles(text, words, starts, ends, names, roles)
    paren_communes(text, words, starts, ends, names, commune_at)
    resolve_full_names(names)
    for name in names:
        if any(r.kind == "contact" for r in name.roles):
            name.relation = "contact"

    quoted = quote_spans(text)
    quotes = attribute_quotes(text, names, quoted)
    signatories_and_witnesses(text, names, quoted)

    mentions = [_to_record(text, name) for name in names]
    contact = (release.contact_name or "").strip()
    if looks_like_name(contact) and not any(m.relation == "contact" for m in mentions):
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


def _to_record(text: str, name: Name) -> PersonMention:
    role = best_role(name.roles)
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
    best: dict[str, PersonMention] = {}
    for mention in mentions:
        current = best.get(mention.name)
        if current is None:
            best[mention.name] = mention
            continue
        if mention.role and (not current.role or role_rank(mention.role) < role_rank(current.role)):
            best[mention.name] = mention
    return list(best.values())

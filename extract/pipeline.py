"""One document through the house: read -> clean -> nlp -> fields -> Extraction."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extract.clean import CleanText, clean
from extract.errors import TextTooLong
from extract.fields.agreements import extract_agreements
from extract.fields.communes import extract_communes
from extract.fields.dates import extract_dates
from extract.fields.figures import extract_figures, extract_ordinals
from extract.fields.money import extract_money
from extract.fields.people import extract_people
from extract.fields.release import extract_release
from extract.nlp import get_nlp, make_doc
from extract.read import RawDocument
from extract.records import Extraction


@dataclass(slots=True)
class Processed:
    raw: RawDocument
    clean: CleanText
    doc: Doc
    extraction: Extraction


def process(raw: RawDocument) -> Processed:
    """Clean, parse and extract every field of one raw document.

    A text longer than the pipeline's ``max_length`` (spaCy's default, a million characters: some 300 pages,
    where a release has two) is refused with ``TextTooLong``: such a file is a book, a dump or a crafted one.
    """
    cleaned = clean(raw)
    limit = get_nlp().max_length
    if len(cleaned.text) > limit:
        raise TextTooLong(
            f"{raw.source}: {len(cleaned.text):,} characters is more than the {limit:,} characters pressdb reads "
            "as one release; a release has a few thousand: split the file into its releases"
        )
    release = extract_release(cleaned)
    doc = make_doc(cleaned)
    dates = extract_dates(doc, release)
    communes = extract_communes(doc, release)
    people, quotes = extract_people(doc, release, communes)
    money = extract_money(doc, release, communes)
    figures = extract_figures(doc, release, money, dates)
    ordinals = extract_ordinals(doc, release)
    agreements = extract_agreements(doc, release, communes, people, dates, ordinals)
    extraction = Extraction(
        release=release,
        dates=dates,
        communes=communes,
        people=people,
        quotes=quotes,
        money=money,
        figures=figures,
        ordinals=ordinals,
        agreements=agreements,
    )
    return Processed(raw=raw, clean=cleaned, doc=doc, extraction=extraction)

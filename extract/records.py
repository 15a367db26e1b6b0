"""Typed records, one frozen dataclass per kind of fact.

Every fact carries the verbatim ``text``, its ``start`` and ``end`` in the
clean text and the ``rule`` that found it; the store adds the document id,
raw offsets, page and box from the OffsetMap. Values are typed: ``Decimal``
for amounts and figures (never floats that round), ``date`` for dates, ``str``
for AGS keys (8 digits, never integers: leading zeros matter elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Granularity = Literal["day", "month", "quarter", "season", "half", "year", "range"]
Relation = Literal["signatory", "witness", "quoted", "contact", "mentioned"]
MoneyKind = Literal["grant", "budget", "total", "part", "fine", "cost", "other"]
AgreementStatus = Literal["signed", "planned"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """What every extracted fact has: where it stands and which rule found it."""

    text: str
    start: int  # in the clean text; -1 for facts read from the letterhead, which is not part of it
    end: int
    rule: str
    raw: tuple[int, int] | None = None  # raw span, set where the fact stands outside the clean text


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseInfo:
    """What a release says about itself: dateline, headline, issuer, press contact."""

    date: date | None = None
    date_text: str | None = None
    date_rule: str | None = None
    date_span: tuple[int, int] | None = None  # in the clean text, when the dateline is part of it
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuer: str | None = None
    kind: str | None = None  # Medieninformation, Pressemitteilung, web page, news item
    contact_name: str | None = None
    contact_role: str | None = None  # the letterhead's label: Ansprechpartner, Pressesprecherin
    contact_span: tuple[int, int] | None = None  # raw span of the contact's name in the letterhead
    contact_phone: str | None = None
    contact_fax: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention(Fact):
    """A date the text states: ``17.02.2021``, ``Ende Juni 2021``, ``heute``."""

    value: date  # the first day of the period it names
    end_value: date | None = None  # the last day, for periods and ranges
    granularity: Granularity = "day"
    inferred: bool = False  # year or day taken from the release date, not printed


@dataclass(frozen=True, slots=True, kw_only=True)
class CommuneMention(Fact):
    """A Saxon municipality (or a Landkreis, level ``kreis``) the text refers to."""

    ags: str  # 8 digits for a municipality, 5 for a Kreis
    name: str  # the gazetteer's short name
    level: Literal["gemeinde", "kreis"] = "gemeinde"
    via: str | None = None  # the group it was named through (Städtebund, Verwaltungsgemeinschaft)


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonMention(Fact):
    """A named person, with the role the text gives and what they did in the release."""

    name: str  # fullest form in the release, without academic titles or honorifics
    surname: str
    titles: str | None = None  # Dr., Prof. Dr.
    role: str | None = None
    organisation: str | None = None
    commune_ags: str | None = None  # where the role is an office of a town
    relation: Relation = "mentioned"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Fact):
    """A quotation attributed to a named speaker; ``text`` is the quoted words."""

    speaker: str
    speaker_role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Money(Fact):
    """A euro amount, exact, with what it pays for."""

    amount: Decimal  # euros; the lower end of a range
    amount_max: Decimal | None = None  # the upper end of a range
    currency: str = "EUR"
    qualifier: str | None = None  # rund, etwa, über, mehr als, bis zu, knapp
    period: str | None = None  # jährlich, pro Jahr
    kind: MoneyKind = "other"
    recipient: str | None = None
    recipient_ags: str | None = None
    purpose: str | None = None
    year: str | None = None  # 2021, 2019/20
    funder: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(Fact):
    """A statistic: a number that counts or measures a named thing."""

    value: Decimal
    value_max: Decimal | None = None  # the upper end of a range
    unit: str  # the counted noun as printed, or %
    lemma: str | None = None  # the counted noun's lemma
    predicate: str | None = None  # beraten, konstituiert, geschlossen ...
    programme: str | None = None  # ASSKomm, Landespräventionsrat ...
    measure: str  # stable key across releases: programme:lemma:predicate
    qualifier: str | None = None  # über, rund, ca., bereits, insgesamt ...
    as_of: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Ordinal(Fact):
    """An ordinal: ``die 50. Kommune``, ``fünfte Kommune aus dem Landkreis Mittelsachsen``."""

    value: int
    orders: str  # what it orders (Kommune, Kooperationsvereinbarung)
    scope: str | None = None  # Sachsen, Landkreis ..., this year
    measure: str | None = None  # the figure measure it can be compared with


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement(Fact):
    """One municipality's signing of an agreement that a release reports."""

    commune_ags: str
    commune: str
    date: date | None = None
    kind: str = "Kooperationsvereinbarung"
    programme: str | None = None
    status: AgreementStatus = "signed"
    ordinal: int | None = None
    partners: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    witnesses: tuple[str, ...] = ()


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    release: ReleaseInfo
    dates: list[DateMention] = field(default_factory=list)
    communes: list[CommuneMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    ordinals: list[Ordinal] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)

"""Agreements: which municipality signs, when, and whether the signing happened or is announced."""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract.fields.agreements import extract_agreements
from extract.fields.communes import extract_communes
from extract.fields.dates import extract_dates
from extract.fields.figures import extract_ordinals
from extract.fields.people import extract_people
from extract.nlp import make_doc
from extract.records import CommuneMention, DateMention, Ordinal, PersonMention, ReleaseInfo

RELEASE = ReleaseInfo(date=date(2024, 3, 12))
# name as printed -> (AGS, gazetteer name); hand-made stand-ins for the commune extractor
TOWNS = {
    "Meeraner": ("14524190", "Meerane"),
    "Meerane": ("14524190", "Meerane"),
    "Großenhain": ("14627060", "Großenhain"),
    "Torgau": ("14730310", "Torgau"),
    "Rodewischer": ("14523320", "Rodewisch"),
    "Rodewisch": ("14523320", "Rodewisch"),
    "Auerbach": ("14523020", "Auerbach/Vogtl."),
    "Lengenfeld": ("14523170", "Lengenfeld"),
    "Görlitz": ("14626110", "Görlitz"),
    "Zittau": ("14626610", "Zittau"),
    "Weißwasser": ("14626600", "Weißwasser/O.L."),
    "Zwickauer": ("14524330", "Zwickau"),
    "Zwickau": ("14524330", "Zwickau"),
    "Schneeberg": ("14521530", "Schneeberg"),
    "Lößnitz": ("14521370", "Lößnitz"),
    "Leipzig": ("14713000", "Leipzig"),
}
TOWN_RE = re.compile(r"\b(" + "|".join(sorted(TOWNS, key=len, reverse=True)) + r")\b")
DATE_RE = re.compile(r"\b(\d{1,2})\. (März|April) (\d{4})\b")
MONTH = {"März": 3, "April": 4}


def _run(text: str, *, people: list[PersonMention] = (), ordinals: list[Ordinal] = ()):  # type: ignore[assignment]
    doc = make_doc(text)
    communes = []
    for m in TOWN_RE.finditer(text):
        ags, name = TOWNS[m.group(1)]
        via = "Städtebund Silberberg" if "Städtebund" in text and name in ("Schneeberg", "Lößnitz") else None
        communes.append(
            CommuneMention(text=m.group(1), start=m.start(), end=m.end(), rule="test", ags=ags, name=name, via=via)
        )
    dates = [
        DateMention(
            text=m.group(0),
            start=m.start(),
            end=m.end(),
            rule="test",
            value=date(int(m.group(3)), MONTH[m.group(2)], int(m.group(1))),
        )
        for m in DATE_RE.finditer(text)
    ]
    return extract_agreements(doc, RELEASE, communes, list(people), dates, list(ordinals))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the town whose mayor signs, dated "heute"
        (
            "Heute haben der Meeraner Bürgermeister und der Geschäftsführer des Landespräventionsrates eine "
            "Kooperationsvereinbarung unterzeichnet.",
            [("Meerane", date(2024, 3, 12), "signed")],
        ),
        # a full date in the sentence wins over "heute" elsewhere
        (
            "Am 5. März 2024 unterzeichneten die Oberbürgermeisterin der Stadt Torgau und der Polizeipräsident "
            "eine Kooperationsvereinbarung.",
            [("Torgau", date(2024, 3, 5), "signed")],
        ),
        # tritt ... bei, in a release that reports the signing; the place of the ceremony is no signer
        (
            "Auerbach und Lengenfeld treten heute der Allianz bei. Im Rodewischer Ratssaal wurde eine "
            "Kooperationsvereinbarung unterzeichnet.",
            [("Auerbach/Vogtl.", date(2024, 3, 12), "signed"), ("Lengenfeld", date(2024, 3, 12), "signed")],
        ),
        # an earlier signing named in passing counts, without a date; the police directorate is no town
        (
            "Nachdem Görlitz im Jahr 2020 die Kooperationsvereinbarung unterzeichnet hat, ist nun auch Weißwasser "
            "dem Verbund beigetreten, so die Polizeidirektion Zwickau.",
            [("Görlitz", None, "signed"), ("Weißwasser/O.L.", None, "signed")],
        ),
        # a Städtebund signs: one agreement per member named through it
        (
            "Der Städtebund Silberberg unterzeichnet heute eine Kooperationsvereinbarung. Zum Städtebund gehören "
            "Schneeberg und Lößnitz.",
            [("Lößnitz", date(2024, 3, 12), "signed"), ("Schneeberg", date(2024, 3, 12), "signed")],
        ),
        # announced signings are planned, not signed
        (
            "Am kommenden Montag soll in Leipzig die Kooperationsvereinbarung mit der Stadt Zwickau unterzeichnet "
            "werden.",
            [("Zwickau", None, "planned")],
        ),
        (
            "Der Großenhain Oberbürgermeister wird die Vereinbarung am 2. April 2024 unterzeichnen.",
            [("Großenhain", date(2024, 4, 2), "planned")],
        ),
    ],
)
def test_signing_towns(text: str, expected: list[tuple[str, date | None, str]]) -> None:
    found = sorted((a.commune, a.date, a.status) for a in _run(text))
    assert found == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # no agreement is signed
        "Die Stadt Torgau hat am 5. März 2024 einen Förderbescheid erhalten.",
        # something else is signed, no agreement anywhere
        "Der Bürgermeister von Torgau unterzeichnete heute das Goldene Buch der Stadt.",
        # a signing with no Saxon municipality
        "Heute haben das Innenministerium und der Landesfußballverband eine Kooperationsvereinbarung unterzeichnet.",
        # only the place of the ceremony is named
        "Im Rodewischer Rathaus wurde heute eine Kooperationsvereinbarung mit drei Kommunen unterschrieben.",
        # a town in a police officer's title is not the signer
        "Heute haben der Zwickauer Polizeipräsident und der Landespräventionsrat eine Vereinbarung unterzeichnet.",
    ],
)
def test_no_agreement(text: str) -> None:
    assert _run(text) == []


def test_details_of_a_signing() -> None:
    text = (
        "Die 50. Kooperationsvereinbarung: Meerane tritt dem Netzwerk bei.\n\n"
        "Heute haben der Meeraner Bürgermeister Jörg Beispiel, die Polizeidirektion Zwickau und der "
        "Landespräventionsrat im Beisein von Staatssekretär Max Muster eine Kooperationsvereinbarung im "
        "Rahmen der Allianz Sichere Sächsische Kommunen (ASSKomm) unterzeichnet."
    )
    signer_at = text.index("Jörg Beispiel")
    witness_at = text.index("Max Muster")
    people = [
        PersonMention(
            text="Jörg Beispiel",
            start=signer_at,
            end=signer_at + 13,
            rule="t",
            name="Jörg Beispiel",
            surname="Beispiel",
            role="Bürgermeister",
            commune_ags="14524190",
            relation="signatory",
        ),
        PersonMention(
            text="Max Muster",
            start=witness_at,
            end=witness_at + 10,
            rule="t",
            name="Max Muster",
            surname="Muster",
            role="Staatssekretär",
            relation="witness",
        ),
    ]
    ordinals = [
        Ordinal(
            text="50. Kooperationsvereinbarung", start=4, end=32, rule="t", value=50, orders="Kooperationsvereinbarung"
        )
    ]
    (agreement,) = _run(text, people=people, ordinals=ordinals)
    assert agreement.commune_ags == "14524190"
    assert agreement.date == date(2024, 3, 12)
    assert agreement.kind == "Kooperationsvereinbarung"
    assert agreement.programme == "ASSKomm"
    assert agreement.partners == ("Polizeidirektion Zwickau", "Landespräventionsrat Sachsen")
    assert agreement.signatories == ("Jörg Beispiel",)
    assert agreement.witnesses == ("Max Muster",)
    assert agreement.ordinal == 50
    assert text[agreement.start : agreement.end] == agreement.text


def test_records_sorted_and_one_per_town() -> None:
    text = (
        "Torgau unterzeichnet Kooperationsvereinbarung.\n\n"
        "Am 5. März 2024 hat die Stadt Torgau die Kooperationsvereinbarung unterzeichnet. "
        "Auch Görlitz hat die Vereinbarung unterschrieben."
    )
    found = _run(text)
    assert [a.commune for a in found] == ["Torgau", "Görlitz"]
    assert found[0].date == date(2024, 3, 5)


# Held-out passages in the genre, run through the real commune, people, date and ordinal extractors.
# (text, [(AGS, ISO date or None)]) of the signings reported as done; release of Tuesday 12 March 2024.
GENRE = [
    (
        "Heute haben Oberbürgermeister Max Beispiel und der Präsident der Polizeidirektion Leipzig die "
        "Kooperationsvereinbarung für die Stadt Torgau unterzeichnet.",
        [("14730310", "2024-03-12")],
    ),
    (
        "Am 4. März 2024 wurde in Riesa eine Kooperationsvereinbarung zwischen der Stadt Riesa und der "
        "Polizeidirektion Dresden unterzeichnet.",
        [("14627230", "2024-03-04")],
    ),
    (
        "Die Sicherheitspartnerschaft mit der Gemeinde Bannewitz wurde heute im Rathaus besiegelt.",
        [("14628050", "2024-03-12")],
    ),
    (
        "Am Dienstag unterzeichnete die Große Kreisstadt Delitzsch die Kooperationsvereinbarung mit dem "
        "Landespräventionsrat.",
        [("14730070", None)],
    ),
    (
        "Heute haben die Städte Oschatz und Eilenburg eine Kooperationsvereinbarung mit der Polizeidirektion "
        "Leipzig unterzeichnet.",
        [("14730230", "2024-03-12"), ("14730110", "2024-03-12")],
    ),
    (
        "Die Bürgermeister von Thum und Ehrenfriedersdorf unterschrieben am 1. März 2024 die Vereinbarung.",
        [("14521640", "2024-03-01"), ("14521160", "2024-03-01")],
    ),
    (
        "Nachdem Görlitz im Jahr 2020 die Kooperationsvereinbarung unterzeichnet hat, folgt nun Zittau. "
        "Zittau hat heute die Vereinbarung unterzeichnet.",
        [("14626110", None), ("14626610", "2024-03-12")],
    ),
    ("Die Stadt Pirna wird am kommenden Montag die Kooperationsvereinbarung unterzeichnen.", []),
    ("Die Kooperationsvereinbarung mit Freital soll im Herbst unterzeichnet werden.", []),
    ("Auch Radebeul möchte die Vereinbarung noch in diesem Jahr unterzeichnen.", []),
    ("Heute hat der Landkreis Meißen eine Kooperationsvereinbarung mit dem Landespräventionsrat unterzeichnet.", []),
    ("Landrat Ralf Muster unterzeichnete heute für den Erzgebirgskreis die Sicherheitspartnerschaft.", []),
    (
        "Heute hat die hessische Stadt Frankenberg (Eder) eine Kooperationsvereinbarung mit dem Land Hessen "
        "unterzeichnet.",
        [],
    ),
    (
        "Die Stadt Neukirchen im Saarland hat heute eine Sicherheitspartnerschaft unterzeichnet. Das "
        "saarländische Innenministerium begrüßt den Beitritt zum saarländischen Programm.",
        [],
    ),
    ("Der Oberbürgermeister von Plauen unterzeichnete heute das Goldene Buch.", []),
    ("Die Stadt Döbeln erhielt heute einen Förderbescheid über 20.000 Euro.", []),
    (
        "Foto: Bürgermeisterin Anna Probe (Stadt Wilthen) und Polizeipräsident Tim Test bei der "
        "Unterzeichnung der Kooperationsvereinbarung am 6. März 2024.",
        [("14625630", "2024-03-06")],
    ),
    (
        "Heute unterzeichneten die Gemeinden Crostwitz, Panschwitz-Kuckau sowie Ralbitz-Rosenthal die "
        "Kooperationsvereinbarung.",
        [("14625080", "2024-03-12"), ("14625440", "2024-03-12"), ("14625500", "2024-03-12")],
    ),
    (
        "In Dresden unterzeichnete heute die Gemeinde Priestewitz die Kooperationsvereinbarung.",
        [("14627200", "2024-03-12")],
    ),
    (
        "Der Freitaler Oberbürgermeister hat am heutigen Tag die Kooperationsvereinbarung unterschrieben.",
        [("14628110", "2024-03-12")],
    ),
    (
        "Seit der Unterzeichnung der Kooperationsvereinbarung am 12. Mai 2022 gehört Markkleeberg zur Allianz.",
        [("14729260", "2022-05-12")],
    ),
    ("Die Stadt Kamenz/Kamjenc hat heute die Kooperationsvereinbarung unterzeichnet.", [("14625250", "2024-03-12")]),
]


@pytest.mark.parametrize(("text", "expected"), GENRE)
def test_genre_passages(text: str, expected: list[tuple[str, str | None]]) -> None:
    doc = make_doc(text)
    communes = extract_communes(doc, RELEASE)
    people, _ = extract_people(doc, RELEASE, communes)
    found = extract_agreements(
        doc, RELEASE, communes, people, extract_dates(doc, RELEASE), extract_ordinals(doc, RELEASE)
    )
    signed = sorted((a.commune_ags, a.date.isoformat() if a.date else None) for a in found if a.status == "signed")
    assert signed == sorted(expected)

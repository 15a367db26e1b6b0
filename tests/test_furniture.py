"""Page furniture is recognised by form and position, and nothing of it reaches a field."""

from __future__ import annotations

import pytest

from extract.clean import clean
from extract.furniture import find_furniture
from extract.pipeline import process
from extract.read import read_bytes

BODY = (
    "Die Gemeinde Musterhausen erhält vom Freistaat 12.000 Euro für ein neues Feuerwehrauto. "
    "Das teilte die Verwaltung am Montag mit."
)


def _kinds(text: str) -> dict[str, str]:
    return {text[f.start : f.end].strip(): f.kind for f in find_furniture(text)}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Merken", "control"),
        ("Teilen", "control"),
        ("Link zur Seite versenden Druckansicht öffnen", "control"),
        ("Direkt zum Inhalt springen", "skip"),
        ("1. Navigation", "skip"),
        ("2 Min.", "reading_time"),
        ("Lesezeit: 4 Minuten", "reading_time"),
        ("00 Kommentare", "counter"),
        ("17", "counter"),
        ("Anzeige", "advert"),
        ("- Anzeige -", "advert"),
        ("Facebook | Twitter | WhatsApp | E-Mail", "social"),
        ("+++ Baustelle in der Hauptstraße +++", "ticker"),
        ("© Beispielstadt/Erika Probe", "credit"),
        ("Foto: Max Knipser", "credit"),
        ("Bildquelle: Archiv", "credit"),
        ("Startseite > Politik > Sachsen", "breadcrumb"),
        ("Sie sind hier: Aktuelles", "breadcrumb"),
        ("BildBildBildBild", "placeholder"),
        ("cms[LEADERBOARD]", "placeholder"),
        ("0351 / 123-456", "phone"),
    ],
)
def test_a_furniture_line_is_recognised_by_its_form(line: str, kind: str) -> None:
    text = f"Ein Titel der Meldung über die Sache\n{line}\n{BODY}"
    assert _kinds(text).get(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Teilen Sie uns Ihre Meinung bis zum 3. Mai mit.",  # a sentence that starts with a button's word
        "+++ Der Stadtrat hat am Dienstag beschlossen, die Grundschule zu sanieren. Die Kosten trägt die Stadt. +++",
        "Anzeige gegen Unbekannt erstattet",
        "Quelle: Sächsisches Staatsministerium für Soziales",  # a source line names the issuer
        "Herausgeber: Stadtverwaltung Musterhausen",
        "12 neue Stellen",
    ],
)
def test_text_that_only_looks_like_furniture_stays(line: str) -> None:
    text = f"Ein Titel der Meldung über die Sache\n\n{line}\n\n{BODY}"
    assert line not in _kinds(text)


def test_a_credit_at_the_end_of_a_caption_goes_and_the_caption_stays() -> None:
    text = (
        "Titel der Meldung über die Sache\n\n"
        "Bürgermeister Max Probe bei der Übergabe (Foto: Stadt Musterhausen)\n"
        "Landrätin Erika Muster im Gespräch. © Anna Knipser\n\n" + BODY
    )
    cleaned = clean(read_bytes(text.encode(), "x.txt"))
    assert "Bürgermeister Max Probe bei der Übergabe\n" in cleaned.text
    assert "Landrätin Erika Muster im Gespräch.\n" in cleaned.text
    assert "Foto" not in cleaned.text and "Knipser" not in cleaned.text


@pytest.mark.parametrize(
    ("head", "labels"),
    [
        ("Riesa\nMerken\nNeue Feuerwache für die Stadt eröffnet", ["Riesa"]),
        ("SZ + Riesa\nNeue Feuerwache für die Stadt eröffnet", ["SZ + Riesa"]),
        (
            "Musterblatt Region\nRegionales\nNeue Feuerwache für die Stadt eröffnet",
            ["Musterblatt Region", "Regionales"],
        ),
    ],
)
def test_section_labels_above_the_headline_are_furniture(head: str, labels: list[str]) -> None:
    kinds = _kinds(f"{head}\n\n{BODY}")
    assert [k for k, v in kinds.items() if v == "section_label"] == labels


@pytest.mark.parametrize(
    "head",
    [
        "Feuerwache eröffnet",  # a two-word headline over the body
        "Sicherheitsanalyse Riesa",  # two capitalised words over the body
        "Max Probe\nNeue Feuerwache für die Stadt eröffnet",  # a name above a headline is not a label
        "Riesa gegen Graffiti\nNeue Feuerwache für die Stadt eröffnet",
    ],
)
def test_a_short_headline_is_not_a_label(head: str) -> None:
    kinds = _kinds(f"{head}\n\n{BODY}")
    assert "section_label" not in kinds.values()


def test_the_site_tagline_above_a_label_with_buttons_is_masthead() -> None:
    text = "Ein Angebot aus dem Verlagsnetzwerk Muster\nRiesa\nMerken\n\nNeue Feuerwache für Zeithain\n\n" + BODY
    kinds = _kinds(text)
    assert kinds["Ein Angebot aus dem Verlagsnetzwerk Muster"] == "masthead"
    assert kinds["Riesa"] == "section_label"
    assert "Neue Feuerwache für Zeithain" not in kinds


def test_a_headline_above_a_caption_label_is_not_masthead() -> None:
    text = "Neue Feuerwache für Zeithain\nFoto\nFeuerwehrleute vor dem neuen Gebäude\n\n" + BODY
    assert "masthead" not in _kinds(text).values()


def test_breadcrumbs_numbered_from_the_home_page() -> None:
    text = "1. Home\n2. Regionales\n3. Sachsen\n4. Neue Feuerwache\nNeue Feuerwache eröffnet\n\n" + BODY
    kinds = _kinds(text)
    assert [k for k, v in kinds.items() if v == "breadcrumb"] == [
        "1. Home",
        "2. Regionales",
        "3. Sachsen",
        "4. Neue Feuerwache",
    ]


def test_a_numbered_list_of_the_body_is_not_a_breadcrumb() -> None:
    text = (
        "Neue Feuerwache eröffnet\n\nDas Geld verteilt sich so:\n"
        "1. Riesa erhält den größten Teil\n2. Zeithain den Rest\n"
    )
    assert "breadcrumb" not in _kinds(text).values()


def test_related_articles_and_teasers_after_the_body() -> None:
    text = (
        "Neue Feuerwache eröffnet\n\n" + BODY + "\n\nMehr zum Thema\nStraßenfest lockt viele Besucher nach Riesa\n"
        "Neue Buslinie verbindet Zeithain und Glaubitz\n\n" + BODY + "\n\n"
        "Oldtimer-Treffen auf dem Marktplatz in Großenhain\n\nBaustelle an der Brücke in Strehla dauert länger\n\n"
        "Stadtrat beschließt neuen Haushalt für Nünchritz\n"
    )
    kinds = _kinds(text)
    assert kinds["Straßenfest lockt viele Besucher nach Riesa"] == "related"
    assert kinds["Stadtrat beschließt neuen Haushalt für Nünchritz"] == "teaser"
    assert kinds["Oldtimer-Treffen auf dem Marktplatz in Großenhain"] == "teaser"


@pytest.mark.parametrize(
    "tail",
    [
        # a closing caption with people and a byline
        "Bürgermeister Max Probe und Landrätin Erika Muster bei der Übergabe\nText und Fotos von Anna Knipser",
        # the end of a list of the body
        "Die Mittel verteilen sich so:\n• Riesa für die Turnhalle\n• Zeithain für den Sportplatz\n"
        "• Strehla für das Bad",
        # a cut-off paragraph
        "Neue Fragen\nDer Fragebogen, der an 1000 zufällig ausgewählte Einwohner geht, wurde überarbeitet und",
    ],
)
def test_the_end_of_the_body_is_not_a_teaser_list(tail: str) -> None:
    text = "Neue Feuerwache eröffnet\n\n" + BODY + "\n\n" + tail + "\n"
    assert "teaser" not in _kinds(text).values()


def test_no_fact_comes_from_furniture() -> None:
    page = (
        "Direkt zum Inhalt springen\nStartseite > Region > Riesa\nRiesa\nMerken\n"
        "Neue Feuerwache für Zeithain eröffnet\n2 Min.\nTeilen\n00 Kommentare\n"
        "+++ 3 Verletzte bei Unfall in Meißen +++\n\n"
        + BODY
        + "\n\nMehr zum Thema\nGroßenhain feiert 800 Jahre\nStrehla bekommt 20 neue Parkplätze\n"
    )
    processed = process(read_bytes(page.encode(), "sample-furniture.txt"))
    ex = processed.extraction
    assert ex.release.title == "Neue Feuerwache für Zeithain eröffnet"
    assert {c.name for c in ex.communes if c.level == "gemeinde"} == {"Zeithain"}
    assert not [f for f in ex.figures if f.value in (2, 0, 3, 800, 20)]

"""Reading text and cleaning it: encodings, mojibake, letterhead and sidebar blocks, furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.clean import clean
from extract.errors import BinaryDocument, EmptyDocument
from extract.read import read_bytes, read_path

LETTERHEAD = (
    "\n\nMedieninformation\n\nSächsisches Staatsministerium für Kultus\n\nIhre Ansprechpartnerin\nAnna Beispiel\n\n"
    "Durchwahl\nTelefon +49 351 564 12345\nTelefax +49 351 564 12346\n\npresse@smk.sachsen.de*\n\n03.05.2024\n\n"
)
SIDEBAR = (
    "\n\nHausanschrift:\n**Sächsisches Staatsministerium\nfür Kultus**\nCarolaplatz 1\n01097 Dresden\n\n"
    "www.smk.sachsen.de\n\nZu erreichen mit den\nStraßenbahnlinien 3, 7, 8\nHaltestelle Carolaplatz.\n\n"
    "* Kein Zugang für verschlüsselte\nelektronische Dokumente.\n\n"
)


def _release(body_before: str, body_after: str) -> bytes:
    return (LETTERHEAD + "Neue Schulsozialarbeit in Pirna\n\n" + body_before + SIDEBAR + body_after).encode()


def test_letterhead_becomes_metadata_and_leaves_the_text() -> None:
    cleaned = clean(read_bytes(_release("Der Freistaat fördert zwei Stellen.", "Mehr dazu im Herbst."), "a.txt"))
    head = cleaned.letterhead
    assert head.kind == "Medieninformation"
    assert head.issuer == "Sächsisches Staatsministerium für Kultus"
    assert head.contact_name == "Anna Beispiel"
    assert head.contact_label == "Ansprechpartnerin"
    assert head.contact_phone == "+49 351 564 12345"
    assert head.contact_fax == "+49 351 564 12346"
    assert head.contact_email == "presse@smk.sachsen.de"
    assert head.date_text == "03.05.2024"
    assert cleaned.text.startswith("Neue Schulsozialarbeit in Pirna")
    for gone in ("Medieninformation", "Durchwahl", "Telefax", "Hausanschrift", "Straßenbahnlinien", "Kein Zugang"):
        assert gone not in cleaned.text
    raw = cleaned.raw.text
    a, b = head.spans["contact_name"]
    assert raw[a:b] == "Anna Beispiel"


def test_sidebar_that_cuts_a_sentence_is_removed_and_the_sentence_rejoined() -> None:
    cleaned = clean(read_bytes(_release("Das Projekt ist ein tragender", "Pfeiler der Schule."), "a.txt"))
    assert "Das Projekt ist ein tragender Pfeiler der Schule." in cleaned.text


def test_sidebar_between_paragraphs_keeps_the_paragraph_break() -> None:
    cleaned = clean(read_bytes(_release("Erster Absatz endet hier.", "Zweiter Absatz."), "a.txt"))
    assert "Erster Absatz endet hier.\n\nZweiter Absatz." in cleaned.text


def test_word_hyphenated_across_the_sidebar_is_joined() -> None:
    cleaned = clean(read_bytes(_release("Die Präventions-", "arbeit beginnt."), "a.txt"))
    assert "Die Präventionsarbeit beginnt." in cleaned.text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Die Kommunal-\nprävention wirkt.", "Die Kommunalprävention wirkt."),
        ("Sachsen-\nAnhalt ist Nachbar.", "Sachsen-\nAnhalt ist Nachbar."),  # a real hyphen before a capital stays
        ("Die \ufb01nanzielle Hilfe", "Die finanzielle Hilfe"),
        ("zwei\u00a0Städte", "zwei Städte"),
        ("Weg\u00adweiser", "Wegweiser"),
        ("Der **Bürgermeister** sprach.", "Der Bürgermeister sprach."),
        ("a  b\t c   \n\n\n\nd", "a b c\n\nd"),
    ],
)
def test_character_and_whitespace_normalisation(raw: str, expected: str) -> None:
    assert clean(read_bytes(raw.encode(), "x.txt")).text == expected


@pytest.mark.parametrize(
    "line",
    ["© SMI/SvenRogge", "zurück zum Seitenanfang", "- Anzeige -", "426", "1. Navigation"],
)
def test_page_furniture_lines_are_removed(line: str) -> None:
    cleaned = clean(read_bytes(f"Ein Titel der Meldung\n{line}\nDer Text der Meldung.".encode(), "x.txt"))
    assert line not in cleaned.text
    assert cleaned.text == "Ein Titel der Meldung\nDer Text der Meldung."


def test_every_copied_clean_character_maps_back_to_the_same_raw_character(seeds: dict[str, Path]) -> None:
    for path in seeds.values():
        cleaned = clean(read_path(path))
        checked = 0
        for i, ch in enumerate(cleaned.text):
            j = cleaned.offsets.raw_offset(i)
            if j is None or ch.isspace():
                continue
            assert cleaned.raw.text[j] == ch, (path.name, i)
            checked += 1
        assert checked > 0.95 * len(cleaned.text.replace(" ", "").replace("\n", ""))


def test_seed_sidebar_is_gone_and_the_cut_sentence_rejoined(seeds: dict[str, Path]) -> None:
    cleaned = clean(read_path(seeds["grossenhain"]))
    assert "ein tragender Pfeiler und für mich besonders wichtig." in cleaned.text
    assert "Hausanschrift" not in cleaned.text and "Carolaplatz" not in cleaned.text
    meerane = clean(read_path(seeds["meerane"]))
    assert "Mit der Unterzeichnung der Kooperationsvereinbarung eröffnen sich" in meerane.text
    assert "**" not in meerane.text


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("Präventionsrat in Großenhain – „Sicherheit“".encode(), "utf-8"),
        ("Präventionsrat in Großenhain – „Sicherheit“".encode("cp1252"), "cp1252"),
        ("Präventionsrat in Großenhain".encode("latin-1"), "cp1252"),  # latin-1 letters decode alike in cp1252
        (b"\xef\xbb\xbf" + "Präventionsrat".encode(), "utf-8"),
    ],
)
def test_text_encodings_are_detected(data: bytes, encoding: str) -> None:
    raw = read_bytes(data, "x.txt")
    assert raw.encoding == encoding
    assert clean(raw).text.startswith("Präventionsrat")


def test_mojibake_is_repaired_and_recorded() -> None:
    text = "Präventionsrat in Großenhain – „Sicherheit“ für Bürger"
    broken = text.encode("utf-8").decode("cp1252").encode("utf-8")
    raw = read_bytes(broken, "x.txt")
    assert any("mojibake" in note for note in raw.notes)
    cleaned = clean(raw)
    assert cleaned.text == text
    assert any("mojibake" in note for note in cleaned.notes)
    i = cleaned.text.index("Großenhain")
    a, b = cleaned.offsets.raw_span(i, i + len("Großenhain"))
    assert raw.text[a:b] == "GroÃŸenhain"


@pytest.mark.parametrize(
    "data, error, words",
    [
        (b"", EmptyDocument, "empty"),
        (b"   \n\n", EmptyDocument, "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, BinaryDocument, "binary"),
    ],
)
def test_unreadable_input_raises_a_clear_error(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as info:
        read_bytes(data, "broken.txt")
    assert str(info.value).startswith("broken.txt:") and words in str(info.value)

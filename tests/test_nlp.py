"""Sentence boundaries: paragraphs and headlines split, abbreviations do not."""

from __future__ import annotations

import pytest

from extract.nlp import doc_text, make_doc


@pytest.mark.parametrize(
    "text, sentences",
    [
        (
            "Die Stadt Adorf/Vogtl. erhält 95.000 Euro. Das ist gut.",
            ["Die Stadt Adorf/Vogtl. erhält 95.000 Euro.", "Das ist gut."],
        ),
        (
            "Es kamen u. a. der Landrat bzw. die Landrätin. Dann ging es los.",
            ["Es kamen u. a. der Landrat bzw. die Landrätin.", "Dann ging es los."],
        ),
        ("Neue Wege in Pirna\nDer Stadtrat hat beschlossen.", ["Neue Wege in Pirna", "Der Stadtrat hat beschlossen."]),
        ("Erster Absatz ohne Punkt\n\nZweiter Absatz.", ["Erster Absatz ohne Punkt", "Zweiter Absatz."]),
        (
            "Am 25. April 2023 unterzeichnete Prof. Dr. Anna Beispiel den Vertrag.",
            ["Am 25. April 2023 unterzeichnete Prof. Dr. Anna Beispiel den Vertrag."],
        ),
    ],
)
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    assert [s.text.strip() for s in make_doc(text).sents] == sentences


def test_doc_text_is_the_text() -> None:
    doc = make_doc("Zwei Sätze. Hier.")
    assert doc_text(doc) == "Zwei Sätze. Hier." == doc.text

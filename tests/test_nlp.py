"""Sentence boundaries: paragraphs and headlines split, abbreviations do not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extract.nlp import COMMUNE_SPANS_KEY, LABEL_COMMUNE, LABEL_KREIS, doc_text, make_doc


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


def test_pipeline_does_not_import_the_fields() -> None:
    """nlp builds the commune ruler from the gazetteer; no field module is loaded to build the pipeline."""
    code = (
        "import sys; from extract.nlp import make_doc; make_doc('In Pirna.'); "
        "print(sorted(m for m in sys.modules if m.startswith('extract.fields')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_commune_ruler_marks_forms() -> None:
    doc = make_doc("Der Meeraner Bürgermeister fuhr nach Frankenberg/Sa. und in den Landkreis Zwickau.")
    found = {(s.text, s.label_) for s in doc.spans[COMMUNE_SPANS_KEY]}
    assert {
        ("Meeraner", LABEL_COMMUNE),
        ("Frankenberg/Sa.", LABEL_COMMUNE),
        ("Landkreis Zwickau", LABEL_KREIS),
    } <= found

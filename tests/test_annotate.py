"""The document view marks every stretch of text with exactly the facts that cover it, in linear time."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.datasette_plugin.documents import _Fact, annotate

TEXT = "Die Gemeinde Zeithain erhält 12.000 Euro für die Feuerwehr. Bürgermeister Max Probe freut sich sehr."
KINDS = ("money", "figure", "commune", "person")


def _fact(i: int, start: int, end: int, kind: str) -> _Fact:
    return _Fact(table=kind + "s", kind=kind, id=i, start=start, end=end, page=None, label="", detail="", relation=None)


def _naive_cover(facts: list[_Fact], a: int, b: int) -> list[str]:
    return [f.anchor for f in facts if f.start <= a and f.end >= b]


spans = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 30), st.sampled_from(KINDS)), min_size=0, max_size=25
)


@settings(max_examples=200, deadline=None)
@given(spans)
def test_each_mark_carries_exactly_the_facts_covering_its_stretch(raw: list[tuple[int, int, str]]) -> None:
    facts = [_fact(i, s, min(len(TEXT), s + n), k) for i, (s, n, k) in enumerate(raw)]
    html = str(annotate(TEXT, facts, lambda f: f"/row/{f.id}"))
    bounds = sorted({0, len(TEXT), *(f.start for f in facts), *(f.end for f in facts)})
    marks = re.findall(r'<mark class="[^"]*" title="[^"]*" data-facts="([^"]*)"', html)
    expected = [" ".join(c) for a, b in zip(bounds, bounds[1:], strict=False) if (c := _naive_cover(facts, a, b))]
    assert marks == expected
    assert html.count('class="label') == len(facts)


def test_many_facts_are_all_labelled() -> None:
    text = "Zeithain " * 4000
    facts = [_fact(i, 9 * i, 9 * i + 8, "commune") for i in range(4000)]
    html = str(annotate(text, facts, lambda f: f"/row/{f.id}"))
    assert html.count("<mark ") == 4000 and html.count('class="label') == 4000

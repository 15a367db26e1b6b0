"""The OffsetMap: every clean character maps back to the raw character it came from."""

from __future__ import annotations

import random

import pytest

from extract.offsets import Edit, Layout, OffsetMap, apply_edits


def test_identity_maps_each_offset_to_itself() -> None:
    m = OffsetMap.identity(5)
    assert [m.raw_offset(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert m.raw_span(1, 4) == (1, 4)


def test_deletion_and_insertion() -> None:
    text = "ein tragender Pfeiler\nSIDEBAR\nund für mich"
    start = text.index("\nSIDEBAR")
    end = text.index("und")
    new, m = apply_edits(text, [Edit(start, end, " ")])
    assert new == "ein tragender Pfeiler und für mich"
    i = new.index("und")
    assert text[m.raw_offset(i)] == "u"
    assert m.raw_offset(i) == end
    # the joining space was inserted for a removed block: it maps to the whole block
    j = new.index(" und")
    assert m.raw_span(j, j + 1) == (start, end)


def test_replacement_of_other_length_maps_to_the_whole_source() -> None:
    text = "Die \ufb01nanzielle Förderung"
    new, m = apply_edits(text, [Edit(4, 5, "fi")])
    assert new == "Die finanzielle Förderung"
    assert m.raw_span(4, 6) == (4, 5)
    assert m.raw_offset(new.index("Förderung")) == text.index("Förderung")


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, ""), Edit(2, 4, "")])


@pytest.mark.parametrize("seed", range(20))
def test_composed_maps_round_trip(seed: int) -> None:
    """After several random deletion steps every surviving character still maps to itself."""
    rng = random.Random(seed)
    raw = "".join(rng.choice("abcdefghij \n") for _ in range(300))
    tags = list(range(len(raw)))  # which raw index each current character came from
    text, offsets = raw, OffsetMap.identity(len(raw))
    for _ in range(4):
        edits = []
        pos = 0
        while pos < len(text) - 5:
            a = pos + rng.randint(0, 20)
            b = a + rng.randint(1, 4)
            if b >= len(text):
                break
            edits.append(Edit(a, b, ""))
            pos = b + 1
        new, inner = apply_edits(text, edits)
        keep = [i for i in range(len(text)) if not any(e.start <= i < e.end for e in edits)]
        tags = [tags[i] for i in keep]
        text, offsets = new, inner.then(offsets)
    assert len(tags) == len(text)
    for i, ch in enumerate(text):
        assert offsets.raw_offset(i) == tags[i]
        assert raw[tags[i]] == ch


def test_layout_locates_page_and_box() -> None:
    layout = Layout()
    for i in range(4):
        layout.append(1, (10.0 + i, 20.0, 11.0 + i, 30.0))
    layout.append(0, None)  # an inserted line break
    for i in range(3):
        layout.append(2, (50.0 + i, 100.0, 51.0 + i, 110.0))
    box = layout.locate(5, 8)
    assert box is not None and box.page == 2 and box.x0 == 50.0 and box.x1 == 53.0
    first = layout.locate(0, 8)
    assert first is not None and first.page == 1  # a span across pages is placed on its first page
    assert layout.locate(4, 5) is None

"""Segments for highlighting: overlapping passages stay readable."""

from explorer.highlight import Segment, segments


def test_no_spans_is_one_plain_segment() -> None:
    assert segments(10, []) == [Segment(0, 10, ())]


def test_overlapping_spans() -> None:
    # text 0..20; a covers 2..10, b covers 6..14
    assert segments(20, [("a", 2, 10), ("b", 6, 14)]) == [
        Segment(0, 2, ()),
        Segment(2, 6, ("a",)),
        Segment(6, 10, ("a", "b")),
        Segment(10, 14, ("b",)),
        Segment(14, 20, ()),
    ]


def test_nested_and_touching_spans() -> None:
    assert segments(10, [("outer", 0, 10), ("inner", 3, 5), ("next", 10, 10)]) == [
        Segment(0, 3, ("outer",)),
        Segment(3, 5, ("outer", "inner")),
        Segment(5, 10, ("outer",)),
    ]


def test_html_escapes_the_text_and_stripes_overlaps() -> None:
    from explorer.highlight import to_html

    text = "a <b>bold</b> claim & more"
    out = to_html(text, [("x#1", 2, 13), ("y#1", 9, 19)], {"x#1": "#332288", "y#1": "#DDCC77"},
                  {"x#1": "X thesis", "y#1": "Y <thesis>"}, selected="x#1")
    assert "<b>" not in out and "&lt;b&gt;bold" in out and "&amp; more" in out
    assert out.count("<mark") == 3  # x alone, x and y together, y alone
    assert 'id="passage"' in out and out.count('id="passage"') == 1
    assert "linear-gradient(180deg, rgba(51, 34, 136, 0.35) 0%" in out
    assert 'title="X thesis | Y &lt;thesis&gt;"' in out

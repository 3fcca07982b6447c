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

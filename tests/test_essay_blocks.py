"""The essay plan's blocks (explorer/essay/blocks.py): the one list both renderers walk; a quotation inside quotation marks."""


from explorer import essay


def test_quoted_turns_inner_quotation_marks_single() -> None:
    assert essay.quoted('an end to \u201charebrained scheming\u201d and\n "hasty decisions"') == (
        "\u201can end to \u2018harebrained scheming\u2019 and \u2018hasty decisions\u2019\u201d")

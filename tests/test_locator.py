"""Where a passage stands in its source as published: paragraphs counted under the source's headings."""

from pathlib import Path

from explorer import locator
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    "A Title Without a Full Stop\n"          # the title: not a paragraph
    "\n"
    "The first paragraph says something plain.\n"
    "A caption of a picture\n"              # a caption: not a paragraph
    "What Happened?\n"                      # a heading (listed)
    "The harvest failed in the autumn of 1963.\n"
    "[kw]Index residue line (1964)\n"       # index terms: not a paragraph
    "The second paragraph under the heading, which runs on for a long while without any stop at the end of it at all\n"
    "States.\n"                             # a word carried over: belongs to the paragraph before
)


def test_paragraphs_are_counted_under_their_headings() -> None:
    found = locator.paragraphs(TEXT, ["What Happened?"])
    assert [(p.heading, p.number, TEXT[p.start:p.end][:20]) for p in found] == [
        (None, 1, "The first paragraph "), ("What Happened?", 1, "The harvest failed i"),
        ("What Happened?", 2, "The second paragraph")]
    assert locator.place(TEXT, ["What Happened?"], TEXT.index("harvest")).words == (
        "para. 1 under \u201cWhat Happened?\u201d")
    assert locator.place(TEXT, ["What Happened?"], TEXT.index("States.")).locator == "2 under \u201cWhat Happened?\u201d"
    assert locator.place(TEXT, [], TEXT.index("harvest")).words == "para. 2"
    assert locator.place(TEXT, [], 0) is None  # in the title, before any paragraph


def test_a_heading_not_in_the_text_is_reported(small_case: Path) -> None:
    body = (small_case / "sources.yaml").read_text(encoding="utf-8")
    (small_case / "sources.yaml").write_text(body.replace("    title: Alpha\n",
                                                          "    title: Alpha\n    headings: [Nowhere]\n"),
                                             encoding="utf-8")
    case, problems = load_case(small_case)
    assert [str(p) for p in problems] == [
        ("sources.yaml:2: sources[0].headings[0]: the heading `Nowhere` is not a line of texts/alpha.txt; write each "
        "heading exactly as its line stands in the text, or leave it out (warning)")]
    assert "alpha" in case.sources


def test_real_passages_are_located_by_heading_and_paragraph() -> None:
    case, problems = load_case(ROOT / "claims")
    assert problems == []
    first = case.theses["lost_prestige"].evidence[0]  # "By 1964, discontent among the party faithful ..."
    assert locator.locate(case, first.source, first.span).words == "para. 1 under \u201cWhat Happened?\u201d"
    located = [locator.locate(case, e.source, e.span) for _, e in case.passages() if e.span]
    assert all(p is not None for p in located)
    # the wiki article: every passage after its first heading is located under one of its seven headings
    wiki = {p.heading for (_, e), p in zip([x for x in case.passages() if x[1].span], located, strict=True)
            if e.source == "dailyhistory"}
    assert wiki - {None} <= set(case.sources["dailyhistory"].headings) and len(wiki - {None}) >= 5

"""The essay outline: which passages, which notes, the suggested order, and the Markdown and Word files."""

import io
import re
import textwrap
from pathlib import Path

import pytest
from conftest import FILES, write_case
from docx import Document
from docx.shared import Inches

from explorer import essay, weigh
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent

# A third thesis for the small case, linked to `prestige`, and a historian who argues `prestige`.
ARMY = """\
id: army
title: The army's anger
statement: The army turned against the leader because he cut its budget.
summary: The cuts angered the army.
scope: structural
evidence:
  - source: alpha
    quote: The army disliked the cuts.
    stance: supports
    strength: 2
    note: The army's mood.
links:
  - thesis: prestige
    relation: reinforces
    note: Angry generals made the retreat look worse.
"""
ROE = """\
  - id: roe
    name: Richard Roe
    views:
      - summary: Blames Cuba.
        source: beta
        quote: Abroad, the retreat over Cuba was a humiliation.
        thesis: prestige
"""


@pytest.fixture
def case(tmp_path: Path):
    folder = write_case(tmp_path / "case", {"theses/army.yaml": ARMY,
                                            "historians.yaml": textwrap.dedent(FILES["historians.yaml"]) + ROE})
    loaded, problems = load_case(folder)
    assert problems == []
    return loaded


@pytest.fixture
def outline(case):
    # background given a point, so that the counter-argument can quote harvest#2 (a background passage)
    return essay.build_outline(case, "harvest", ["prestige", "army"], "prestige", points={"context": 1})


@pytest.fixture(scope="module")
def claims():
    loaded, problems = load_case(ROOT / "claims")
    assert problems == []
    return loaded


def test_passages_and_note_numbers(outline) -> None:
    """Default weights: alpha is trusted 0.8, beta (a student essay with one factual error) 0.24."""
    intro = outline.introduction
    assert [(q.ref, q.footnote, q.line) for q in intro.evidence] == [("harvest#1", 1, 1)]
    assert [(s.thesis, [(q.ref, q.footnote) for q in s.quotations]) for s in outline.sections] == [
        ("prestige", [("prestige#1", 2)]),
        ("army", [("army#1", 3)]),
    ]
    counter = outline.counter
    rivals = [(r.name, r.source, r.summary, r.footnote) for r in counter.rivals]
    assert rivals == [("Richard Roe", "beta", "Blames Cuba.", 4)]
    # prestige#1 also disputes the harvest, but it is already quoted: each passage is quoted once
    assert [(q.ref, q.stance, q.footnote, q.weight) for q in counter.quotations] == [("harvest#2", "disputes", 5, 0.24)]
    assert [(n.number, n.source, n.line) for n in outline.notes] == [
        (1, "alpha", 1), (2, "beta", 1), (3, "alpha", 3), (4, "beta", 1), (5, "beta", 2)]


def test_notes_are_chicago_full_then_short(outline) -> None:
    assert [n.text.text for n in outline.notes] == [
        "\u201cAlpha,\u201d n.d., l. 1.",
        "\u201cBeta\u201d (Student essay, n.d.), l. 1.",
        "\u201cAlpha,\u201d l. 3.",
        "\u201cBeta,\u201d l. 1.",
        "\u201cBeta,\u201d l. 2.",
    ]
    assert [b.markdown for b in outline.bibliography] == [
        "Doe, Jane. *Gamma*, 1990.", "\u201cAlpha,\u201d n.d.", "\u201cBeta.\u201d Student essay, n.d."]
    assert outline.bibliography_sources == ("gamma_book", "alpha", "beta")  # cited, plus further reading


def test_suggested_order_and_where_the_student_departs(outline, case) -> None:
    intro = outline.introduction
    assert (intro.thesis, intro.rank, intro.of) == ("harvest", 1, 3)
    assert intro.factors == ("prestige", "army")
    assert intro.suggested == ("army", "prestige")
    assert [d.text for d in intro.departures] == [
        ("1st place: you chose \u201cLost prestige\u201d (ranked 3rd); the weighting suggests "
        "\u201cThe army's anger\u201d (ranked 2nd)."),
        ("2nd place: you chose \u201cThe army's anger\u201d (ranked 2nd); the weighting suggests "
        "\u201cLost prestige\u201d (ranked 3rd)."),
    ]
    assert intro.order_note == ("Your order departs from the current weighting in 2 places. That is your call to "
                                "make: say in the essay why you take the factors in this order.")
    assert outline.weighting == "the order of the ranking by the evidence model with your weights, trusts and points"
    default = essay.build_outline(case, "harvest", ["prestige", "army"], "prestige")
    assert default.weighting == "the order of the ranking by the evidence model with the default weights and trusts"


def test_suggest_order_for_the_planner(case) -> None:
    assert essay.suggest_order(case, ["prestige", "army", "harvest"]) == ("harvest", "army", "prestige")
    assert essay.suggest_order(case, ["prestige", "nope", "army"]) == ("army", "prestige")
    assert essay.suggest_order(case, ["prestige", "army"], trust={"alpha": 0}) == ("prestige", "army")


def test_an_order_that_follows_the_weighting(case) -> None:
    intro = essay.build_outline(case, "harvest", ["army", "prestige"], "prestige").introduction
    assert intro.departures == ()
    assert intro.order_note == "Your order follows the current weighting: the stronger-backed factors come first."


def test_topic_sentences_and_links(outline, case) -> None:
    first, last = outline.sections
    assert first.topic_sentence == "First, the leader fell because of Cuba."
    assert last.topic_sentence == "Finally, the army turned against the leader because he cut its budget."
    # the link is recorded in army.yaml (army -> prestige) and read either way round
    assert (first.link.to, first.link.relation, first.link.source_thesis) == ("army", "reinforces", "army")
    assert first.link.text == ("The case records that \u201cThe army's anger\u201d reinforces "
                               "\u201cLost prestige\u201d: Angry generals made the retreat look worse.")
    assert last.link is None
    bare = essay.build_outline(case, "army", ["harvest", "prestige"], "prestige").sections[0].link
    assert bare.text == "The case records that \u201cThe harvest\u201d competes with \u201cLost prestige\u201d."
    unlinked = essay.build_outline(case, "prestige", ["army", "harvest"], "army").sections[0].link
    assert unlinked.relation is None
    assert unlinked.text == ("No link between \u201cThe army's anger\u201d and \u201cThe harvest\u201d is recorded in "
                             "the case: in your own words, how did one bear on the other?")


def test_a_source_trusted_0_is_never_quoted(case) -> None:
    outline = essay.build_outline(case, "harvest", ["prestige", "army"], "prestige", trust={"beta": 0})
    prestige = outline.sections[0]
    assert prestige.quotations == ()
    assert prestige.prompt.startswith("No passage recorded in the case supports this factor")
    assert outline.weighting.endswith("with your weights, trusts and points")
    assert "beta" not in {q.source for q in outline.quotations}


def test_a_ranking_from_the_dashboard_gives_the_order(case) -> None:
    ranking = weigh.weigh(case, model="ach", samples=0)
    outline = essay.build_outline(case, "harvest", ["prestige", "army"], "prestige", ranking=ranking)
    assert outline.introduction.suggested == tuple(t.id for t in ranking.theses if t.id != "harvest")
    assert outline.weighting == "the order of the ranking by the ACH model with the weights and trusts in use"


def test_prompts_say_the_writing_is_the_students(outline) -> None:
    assert outline.scaffold.startswith("This is a plan to write from, not an essay.")
    prompts = [outline.introduction.prompt, outline.counter.prompt, outline.conclusion]
    prompts += [s.prompt for s in outline.sections]
    assert all("(write this yourself)" in p for p in prompts)


def test_on_the_real_case_two_or_three_strongest_and_never_twice(claims) -> None:
    outline = essay.build_outline(claims, "lost_prestige", ["personal_style", "china_split", "agriculture",
                                                            "reorganisation"], "hardliner_backlash")
    refs = [q.ref for q in outline.quotations]
    assert len(refs) == len(set(refs))
    assert [q.footnote for q in outline.quotations] == sorted(q.footnote for q in outline.quotations)
    for section in outline.sections:
        weights = [q.weight for q in section.quotations]
        assert 2 <= len(weights) <= 3
        assert weights == sorted(weights, reverse=True)
        if len(weights) == 3:
            assert weights[2] >= 0.5 * weights[0]
    assert [r.name for r in outline.counter.rivals] == ["Martin Page"]
    assert len(outline.notes) == max(q.footnote for q in outline.quotations)
    cited = {n.source for n in outline.notes}
    assert set(outline.bibliography_sources) == cited | {"conquest_1967", "khrushchev_remembers",
                                                         "sergei_khrushchev_1990", "medvedev_1984", "richter_1994",
                                                         "tatu_1969", "taubman_2003"}


@pytest.mark.parametrize(("thesis", "factors", "counter", "problems"), [
    ("harvst", ["prestige"], "army", [("thesis", ("unknown thesis `harvst` (did you mean `harvest`?); use one of: "
                                                 "army, harvest, prestige"))]),
    ("harvest", ["prestige", "prestige"], "army", [("factors", ("factor `prestige` is given twice; list each factor "
                                                               "once"))]),
    ("harvest", ["prestige"], "harvest", [("counter", ("the counter-argument `harvest` is the main thesis; pick a "
                                                      "rival thesis to answer"))]),
    ("harvest", ["harvest", "army"], "prestige", [("factors", ("factor `harvest` is the main thesis; the factors are "
                                                              "the other theses that contribute to it"))]),
    ("harvest", [], "prestige", [("factors", ("no factors given; name at least one other thesis as a contributing "
                                             "factor"))]),
    ("harvest", ["armyy"], "prestije", [
        ("factors", "unknown thesis `armyy` (did you mean `army`?); use one of: army, harvest, prestige"),
        ("counter", "unknown thesis `prestije` (did you mean `prestige`?); use one of: army, harvest, prestige")]),
])
def test_bad_plans(case, thesis, factors, counter, problems) -> None:
    assert essay.check_plan(case, thesis, factors, counter) == problems
    with pytest.raises(essay.OutlineError) as error:
        essay.build_outline(case, thesis, factors, counter)
    assert error.value.problems == problems
    assert str(error.value) == "; ".join(message for _, message in problems)


def test_markdown(outline) -> None:
    text = essay.to_markdown(outline)
    assert text.startswith("# Essay plan: Why did the leader fall?\n\n*This is a plan to write from, not an essay.")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Introduction", "## 1. Lost prestige", "## 2. The army's anger",
                        "## Counter-argument: Lost prestige", "## Conclusion", "## Notes", "## Bibliography"]
    assert "> \u201cAbroad, the retreat over Cuba was a humiliation.\u201d[^2]" in text
    assert "**Who argues it.** Richard Roe: Blames Cuba.[^4]" in text
    markers = re.findall(r"\[\^(\d+)\](?!:)", text)
    definitions = re.findall(r"^\[\^(\d+)\]: ", text, flags=re.MULTILINE)
    assert sorted(set(markers), key=int) == definitions == ["1", "2", "3", "4", "5"]
    assert "[^2]: \u201cBeta\u201d (Student essay, n.d.), l. 1." in text
    assert text.endswith("- Doe, Jane. *Gamma*, 1990.\n- \u201cAlpha,\u201d n.d.\n"
                         "- \u201cBeta.\u201d Student essay, n.d.\n")


def test_docx_read_back_by_python_docx(outline) -> None:
    doc = Document(io.BytesIO(essay.to_docx(outline)))
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Essay plan: Why did the leader fall?"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Introduction", "1. Lost prestige", "2. The army's anger", "Counter-argument: Lost prestige",
                        "Conclusion", "Notes", "Bibliography"]
    quotes = [p for p in paragraphs if p.style.name == "Quote"]
    assert [p.text for p in quotes] == [
        "\u201cThe harvest of 1963 failed.\u201d1", "\u201cAbroad, the retreat over Cuba was a humiliation.\u201d2",
        "\u201cThe army disliked the cuts.\u201d3", "\u201cAt home, the harvest was fine.\u201d5"]
    assert all(p.runs[-1].font.superscript for p in quotes)
    texts = [p.text for p in paragraphs]
    notes = texts[texts.index("Notes") + 2: texts.index("Bibliography")]
    assert notes == ["1. \u201cAlpha,\u201d n.d., l. 1.", "2. \u201cBeta\u201d (Student essay, n.d.), l. 1.",
                     "3. \u201cAlpha,\u201d l. 3.", "4. \u201cBeta,\u201d l. 1.", "5. \u201cBeta,\u201d l. 2."]
    start = texts.index("Bibliography") + 1
    bibliography = paragraphs[start:]
    assert [p.text for p in bibliography] == ["Doe, Jane. Gamma, 1990.", "\u201cAlpha,\u201d n.d.",
                                              "\u201cBeta.\u201d Student essay, n.d."]
    book = bibliography[0]
    runs = [(r.text, bool(r.italic)) for r in book.runs]
    assert runs == [("Doe, Jane. ", False), ("Gamma", True), (", 1990.", False)]
    assert book.paragraph_format.left_indent == Inches(0.5)
    assert book.paragraph_format.first_line_indent == -Inches(0.5)
    rival = next(p for p in paragraphs if p.text.startswith("Who argues it."))
    assert rival.runs[-1].text == "4" and rival.runs[-1].font.superscript


def test_topic_sentence_keeps_names_capitalised(claims) -> None:
    words = essay._lower_words(claims)
    assert essay.topic_sentence(claims.theses["agriculture"], 0, 3, words).startswith("First, Khrushchev fell")
    assert essay.topic_sentence(claims.theses["hardliner_backlash"], 1, 3, words).startswith("Second, conservatives")
    assert essay.topic_sentence(claims.theses["end_of_terror"], 2, 3, words).startswith("Finally, Khrushchev could be")
    assert essay.topic_sentence(claims.theses["china_split"], 0, 1, words).startswith("In addition, Khrushchev's")


def test_quoted_turns_inner_quotation_marks_single() -> None:
    assert essay.quoted('an end to \u201charebrained scheming\u201d and\n "hasty decisions"') == (
        "\u201can end to \u2018harebrained scheming\u2019 and \u2018hasty decisions\u2019\u201d")


def test_ordinal() -> None:
    assert [essay.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_the_outline_shows_case_text_as_text(hostile_case: Path) -> None:
    """The outline's Markdown (shown in the app and downloaded) reads as the case's words; the Word file takes
    them as they are, a title past Word's 255 characters for a document property cut short there."""
    from hostile import EVIL, hostile, interpreted, seen

    loaded, problems = load_case(hostile_case)
    assert problems == []
    outline = essay.build_outline(loaded, "harvest", ["prestige"], "prestige")
    md = essay.to_markdown(outline)
    assert interpreted(md) == []
    assert seen(md).startswith(f"# Essay plan: {hostile('Why did the leader fall?')}\n")
    assert md.count(EVIL) == 0 and seen(md).count(EVIL) >= 5
    doc = Document(io.BytesIO(essay.to_docx(outline)))
    assert doc.paragraphs[0].text == f"Essay plan: {hostile('Why did the leader fall?')}"
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")

"""How the score works: every criterion, strength, stance, source kind and test of the ranking is explained from
the vocabulary, with the engine's own numbers, in words a 16-year-old reads (Flesch-Kincaid grade 10 at most,
measured with textstat)."""

from __future__ import annotations

import re

import pytest
import textstat

from explorer import answer, guide, weigh
from explorer.load import load_case
from explorer.vocabulary import CRITERIA_TABLE, ROBUSTNESS, SOURCE_KINDS, STANCES, STRENGTHS

GRADE = 10  # a reader of 15-16


def grade(markdown: str) -> float:
    return textstat.flesch_kincaid_grade(re.sub(r"[*_`\[\]#]", "", markdown))


@pytest.fixture(scope="module")
def case():
    return load_case("claims")[0]


def test_every_word_of_the_vocabulary_is_explained(case) -> None:
    text = " ".join(s.body for s in guide.sections(case))
    for c in CRITERIA_TABLE.values():
        assert f"**{c.label}**: {c.description}. By default it counts {c.weight:g}" in text
    for level, s in STRENGTHS.items():
        assert f"**{s.label.capitalize()}** (strength {level}): {s.plain}. It counts {s.points:g} points" in text
    for s in STANCES.values():
        assert f"**{s.label.capitalize()}**: {s.plain}." in text
    for k in SOURCE_KINDS.values():
        assert f"**{k.label}**: starts at {k.base_trust:.2f}, because it is {k.why}." in text
    for k in ROBUSTNESS.values():
        assert f"**{k.label.capitalize()}**: {k.description}." in text


def test_the_worked_example_is_the_engines_arithmetic() -> None:
    passages = next(s for s in guide.sections() if s.anchor == "passages").body
    full = weigh.passage_weight("supports", 3, 0.5)
    half = weigh.passage_weight("qualifies", 3, 0.5)
    assert f"counts 3 × 0.50 = {full:.1f}; if it only limits the explanation, half of that, {half:.2f}." in passages


def test_each_quoted_source_says_why_it_has_its_trust(case) -> None:
    trust = next(s for s in guide.sections(case) if s.anchor == "trust").body
    assert ("- **Khrushchev Falls from Power**: trust 0.56. Reference work: an unsigned article in a reference book, "
            "edited and checked, but with no author to answer for it. A source of this kind starts at 0.80 out of 1. "
            "Recorded faults (bits of an index left in the text (4); detail out of its time (2); factual "
            "error (13); garbled text (1)) bring it down to 0.56.") in trust
    assert "Scholarly monograph" not in trust.split("The sources quoted in this case:")[1]  # books are cited only


def test_without_a_case_there_is_no_source_list() -> None:
    trust = next(s for s in guide.sections() if s.anchor == "trust").body
    assert "The sources quoted in this case" not in trust


@pytest.mark.parametrize("anchor", [s.anchor for s in guide.sections()])
def test_each_section_reads_at_grade_ten_or_below(case, anchor: str) -> None:
    section = next(s for s in guide.sections(case) if s.anchor == anchor)
    assert grade(section.body) <= GRADE, (anchor, grade(section.body))


def test_the_answer_and_the_plain_vocabulary_read_at_grade_ten_or_below(case) -> None:
    m = weigh.matrices(case)
    said = answer.answer(weigh.weigh(m, samples=2000), m, {s: case.source_name(s) for s in case.sources})
    assert grade(" ".join([said.headline, *said.reasons])) <= GRADE
    lines = ([f"{c.label}: {c.description}." for c in CRITERIA_TABLE.values()]
             + [f"{x.plain}." for x in (*STRENGTHS.values(), *STANCES.values())]
             + [f"It is {k.why}." for k in SOURCE_KINDS.values()] + [f"{k.description}." for k in ROBUSTNESS.values()])
    assert grade(" ".join(lines)) <= GRADE


def test_the_line_above_the_passages_the_ranking_turns_on_reads_at_grade_ten_or_below(case) -> None:
    points = answer.turning_points(weigh.weigh(weigh.matrices(case), samples=0), case)
    for on_thesis in (False, True):
        assert grade(answer.turning_intro(points, on_thesis)) <= GRADE
        assert grade(answer.turning_none(on_thesis)) <= GRADE

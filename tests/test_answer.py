"""The plain answer: hand-made cases for a clear winner, a narrow lead, a tie (in each method), the methods
disagreeing, distrust of one source moving the top, and the tests of the ranking disagreeing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer import answer, weigh
from explorer.load import load_case
from explorer.model import BearsOn, Case
from explorer.weighting import Weighting
from tests.test_weigh import case_of, passage, source, thesis, three_theses

NAMES = {"s1": "The First Book", "s2": "The Wiki Page", "s": "The Source"}


def told(case: Case, samples: int = 0, **kw) -> answer.Answer:
    m = weigh.matrices(case)
    return answer.answer(weigh.weigh(m, samples=samples, **kw), m, NAMES)


def with_firsts(ranking: weigh.Ranking, firsts: dict[str, dict[str, int]], samples: int = 100) -> weigh.Ranking:
    """The ranking with hand-set robustness: for each kind, how many of `samples` put each thesis first."""
    ids = tuple(sorted(t.id for t in ranking.theses))
    robust = {}
    for kind, counts in firsts.items():
        table = np.zeros((len(ids), len(ids)), dtype=np.int64)
        for i, tid in enumerate(ids):
            table[i, 0] = counts.get(tid, 0)
            table[i, 1] = samples - counts.get(tid, 0)
        robust[kind] = weigh.Robustness(ids, ranking.model, kind, samples, 0, 0.35, table)
    return dataclasses.replace(ranking, robustness=robust, samples=samples)


def clear_case() -> Case:
    # a: two explicit claims from two fully trusted sources, one of them denying b; b: one relevant passage
    return case_of([
        thesis("a", [passage("a#1", "s1", "supports", 3, b="disputes"), passage("a#2", "s2", "supports", 3)]),
        thesis("b", [passage("b#1", "s1", "supports", 2)]),
    ], [source("s1"), source("s2")])


def test_a_clear_winner_is_called_clear() -> None:
    # a: support 6/30 = 0.2, corroboration 2/3 x 0.5 = 0.333: 0.53;  b: 2/30 + 1/3 x 0.5 - 3/30 x 0.5 = 0.18
    m = weigh.matrices(clear_case())
    ranking = with_firsts(weigh.weigh(m, samples=0), {"settings": {"a": 100}, "evidence": {"a": 85, "b": 15},
                                                        "coding": {"a": 97, "b": 3}})
    said = answer.answer(ranking, m, NAMES)
    assert said.verdict == "clear" and said.settled
    assert said.headline == ("“Thesis A” comes first, and clearly: a score of 0.53 against 0.18 for “Thesis B”, "
                             "the next; it stays first in at least 85% of every test of the ranking.")
    assert said.reasons == ()


def test_the_same_case_with_real_samples_is_clear() -> None:
    said = told(clear_case(), samples=2000)
    assert said.verdict == "clear"


def test_a_narrow_lead_says_how_often_it_holds() -> None:
    m = weigh.matrices(clear_case())
    ranking = with_firsts(weigh.weigh(m, samples=0), {"settings": {"a": 90}, "evidence": {"a": 60, "b": 40},
                                                        "coding": {"a": 70, "b": 30}})
    said = answer.answer(ranking, m, NAMES)
    assert said.verdict == "narrow" and said.settled
    assert said.headline == ("“Thesis A” comes first, but narrowly (a score of 0.53 against 0.18 for “Thesis B”, "
                             "the next).")
    assert said.reasons == ("It stays first only 60% of the time with a random pick of the passages.",)


def test_a_challenger_under_one_test_leaves_it_unsettled() -> None:
    m = weigh.matrices(clear_case())
    ranking = with_firsts(weigh.weigh(m, samples=0), {"settings": {"a": 90}, "evidence": {"a": 60, "b": 40},
                                                        "coding": {"a": 41, "b": 59}})
    said = answer.answer(ranking, m, NAMES)
    assert said.verdict == "unsettled" and not said.settled
    assert said.headline == ("“Thesis A” comes first, but narrowly (a score of 0.53 against 0.18 for "
                             "“Thesis B”, the next).")  # the words of a narrow lead: a teacher saw two near-synonyms
    assert said.reasons == (
        ("But a slightly different reading of the evidence puts “Thesis B” first more often than the leader (59% of the time, "
        "when the passages are read a little differently)."),
        "So the recorded sources do not settle it: that is what the debate is for.",
    )


def test_a_tie_is_called_a_tie() -> None:
    twins = case_of([thesis(t, [passage(f"{t}#1", "s", "supports", 2)]) for t in ("zeta", "alpha")], [source("s")])
    said = told(twins)
    assert said.verdict == "tie" and not said.settled
    # 2/30 + 1/3 x 0.5 = 0.233 each
    assert said.headline == "“Thesis ALPHA” and “Thesis ZETA” tie for first place, with a score of 0.23 each."
    assert said.reasons == (
        "The recorded sources do not separate them: that is what the debate is for.",
        "The other way of ranking, “Least contradicted (ACH)”, which counts only the evidence against each explanation, cannot choose: 2 explanations tie there.",
    )


def test_a_tie_in_ach_says_how_the_list_breaks_it() -> None:
    # nothing is against either: ACH ties them and lists first the one with more evidence for it
    case = case_of([thesis("a", [passage("a#1", "s", "supports", 2)]),
                    thesis("b", [passage("b#1", "s", "supports", 3)])], [source("s")])
    said = told(case, model="ach")
    assert said.verdict == "tie"
    assert said.headline == ("2 explanations tie for first place: “Thesis B” and “Thesis A” both have no trusted "
                             "evidence against them. “Thesis B” is listed first only because more evidence is for it.")
    assert said.reasons[-1].endswith("puts “Thesis B” first.")


def test_the_methods_disagreeing_is_said() -> None:
    # a: much for it, a little against (from b#1); b: a little for it, nothing against. Evidence: a; ACH: b.
    case = case_of([
        thesis("a", [passage("a#1", "s", "supports", 3), passage("a#2", "s", "supports", 3)]),
        thesis("b", [passage("b#1", "s", "supports", 2, a=BearsOn(stance="qualifies", strength=2))]),
    ], [source("s")])
    said = told(case)
    assert said.verdict == "untested"  # no samples: no test of the ranking to call it clear or narrow
    assert said.headline.startswith("“Thesis A” comes first on these settings (a score of")
    assert said.reasons == (
        "The other way of ranking, “Least contradicted (ACH)”, which counts only the evidence against each explanation, puts “Thesis B” first.",)


def test_distrust_of_one_source_is_named() -> None:
    # a rests on s2 alone; without s2, b (on s1) comes first
    case = case_of([thesis("a", [passage("a#1", "s2", "supports", 3), passage("a#2", "s2", "supports", 3)]),
                    thesis("b", [passage("b#1", "s1", "supports", 2)])], [source("s1"), source("s2")])
    said = told(case)
    assert "If you do not trust The Wiki Page at all, “Thesis B” comes first instead." in said.reasons
    assert not any("The First Book" in r for r in said.reasons)  # distrusting s1 leaves a first


def test_no_evidence_that_counts() -> None:
    case = case_of([thesis("a", [passage("a#1", "s", "disputes", 2)]), thesis("b", [])], [source("s")])
    said = told(case)
    assert said.verdict == "nothing" and not said.settled


def test_an_empty_case() -> None:
    said = told(Case(folder="(test)"))
    assert (said.verdict, said.headline) == ("empty", "This case has no explanations yet.")


def test_the_worked_sum_adds_up() -> None:
    # b: 16/120 + 1/6 + 0.375 - 2/120 = 79/120 (tests/test_weigh.py works it out)
    ranking = weigh.weigh(three_theses(), Weighting.of(three_theses(), trust={"s2": 0.5}), samples=0)
    assert ranking.theses[0].id == "b"
    assert answer.worked_sum(ranking.theses[0]) == (
        "0.13 for the passages for it + 0.17 because several sources agree + 0.38 for historians who argue it "
        "− 0.02 for the passages against it = 0.66")


def test_the_worked_sum_of_a_thesis_with_nothing_against_it() -> None:
    ranking = weigh.weigh(three_theses(), Weighting.of(three_theses(), trust={"s2": 0.5}), samples=0)
    result = next(t for t in ranking.theses if t.id == "c")
    # c: 0.05 + 1/12 + 0 - 0 = 0.1333: 0.05 + 0.08 = 0.13
    assert answer.worked_sum(result) == (
        "0.05 for the passages for it + 0.08 because several sources agree + 0.00 for historians who argue it "
        "− 0.00 for the passages against it = 0.13")


def test_turning_points_name_each_passage_once() -> None:
    ranking = weigh.weigh(three_theses(), Weighting.of(three_theses(), trust={"s2": 0.5}), samples=0)
    points = answer.turning_points(ranking, {"b#1": "“Words of b#1.” (S1)"}.get)
    refs = [p.ref for p in points]
    assert len(refs) == len(set(refs))
    assert set(refs) == {p.ref for p in ranking.pivotal} | {j.ref for j in ranking.judgements}
    first = points[0]
    assert first.ref == "b#1" and first.name == "“Words of b#1.” (S1)"
    assert first.changes[0] == "Without it, “Thesis A” would come first instead of “Thesis B”."


@pytest.fixture(scope="module")
def khrushchev():
    case, _ = load_case("claims")
    m = weigh.matrices(case)
    return case, m, weigh.weigh(m)


def test_on_the_default_case_the_answer_is_honest(khrushchev) -> None:
    case, m, ranking = khrushchev
    said = answer.answer(ranking, m, {s: case.source_name(s) for s in case.sources})
    first = ranking.theses[0].title
    assert said.headline.startswith(f"“{first}”")
    # whatever the case says, where another explanation comes first more often under some test, it is named
    for r in ranking.robustness.values():
        best = r.p_first.idxmax()
        if best != ranking.theses[0].id:
            assert not said.settled
            assert any(case.theses[best].title in reason for reason in said.reasons)


def test_the_worked_sum_says_when_rounding_shows() -> None:
    result = weigh.ThesisResult("x", "X", 1, 0.3, {"support": 0.104, "corroboration": 0.104, "backing": 0.104,
                                                  "contestation": -0.012}, {}, 1.0, 0.0, None, None, ())
    # 0.10 + 0.10 + 0.10 - 0.01 = 0.29, but the score is 0.30
    assert answer.worked_sum(result) == (
        "0.10 for the passages for it + 0.10 because several sources agree + 0.10 for historians who argue it "
        "− 0.01 for the passages against it = 0.30 (each figure rounded)")


def test_without_figures_yet_the_lead_is_said_and_the_figures_promised() -> None:
    m = weigh.matrices(clear_case())
    said = answer.answer(weigh.weigh(m, samples=0), m, NAMES, pending=True)
    assert said.verdict == "untested"
    assert said.headline == ("“Thesis A” comes first on these settings (a score of 0.53 against 0.18 for “Thesis B”, "
                             "the next).")
    assert said.reasons == (answer.PENDING,)
    assert told(clear_case()).reasons == ()  # no samples asked for: nothing is promised


def test_a_clear_lead_that_the_other_method_disputes_is_narrow_without_a_low_figure() -> None:
    case = case_of([
        thesis("a", [passage("a#1", "s", "supports", 3), passage("a#2", "s", "supports", 3)]),
        thesis("b", [passage("b#1", "s", "supports", 2, a=BearsOn(stance="qualifies", strength=2))]),
    ], [source("s")])
    m = weigh.matrices(case)
    ranking = with_firsts(weigh.weigh(m, samples=0), {k: {"a": 100} for k in ("settings", "evidence", "coding")})
    said = answer.answer(ranking, m, NAMES)
    assert said.verdict == "narrow"
    assert said.headline == ("“Thesis A” comes first and stays first in at least 100% of every test (a score of "
                             "0.35 against 0.23 for “Thesis B”, the next), but the other way of ranking does not "
                             "agree.")  # not "narrowly" beside figures of 100%
    assert said.reasons == ("The other way of ranking, “Least contradicted (ACH)”, which counts only the evidence against each explanation, puts “Thesis B” first.",)


def test_how_often_the_ranking_was_redone_is_said_per_way_when_the_counts_differ() -> None:
    m = weigh.matrices(clear_case())
    ranking = with_firsts(weigh.weigh(m, samples=0), {"settings": {"a": 100}, "evidence": {"a": 100},
                                                        "coding": {"a": 100}})
    assert answer.redone(ranking) == "The ranking was redone 100 times in each of three ways"
    robust = dict(ranking.robustness)
    robust["coding"] = dataclasses.replace(robust["coding"], samples=2000, counts=robust["coding"].counts * 20)
    assert answer.redone(dataclasses.replace(ranking, robustness=robust)) == (
        "The ranking was redone in three ways, each until its figures were known to within 1 percentage point "
        "either way: 100 times with the sliders moved at random near yours, 100 times with a random pick of the "
        "passages and 2,000 times when the passages are read a little differently")


def test_the_line_above_the_turning_points_agrees_with_its_number() -> None:
    assert answer.turning_intro(1) == ("1 passage decides the top of the ranking: take one away, or read it "
                                       "differently, and the top changes. These are the points a debate turns on.")
    assert answer.turning_intro(3).startswith("3 passages decide the top of the ranking")
    assert answer.turning_intro(1, on_thesis=True).startswith("1 passage bearing on it decides the top")
    assert answer.turning_intro(2, on_thesis=True).endswith("These are what a debate about it should argue over.")


def test_the_ways_of_redoing_the_ranking_are_said_under_their_column_names() -> None:
    assert answer.ways() == (
        "Sliders moved at random: the weights and trusts set again at random, most within a third of yours. "
        "A random pick of passages: the recorded passages picked again at random, so that some count twice and "
        "others not at all. Read differently: now and then a passage read as a step stronger or weaker, or as only "
        "limiting an explanation.")

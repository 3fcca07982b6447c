"""The plain answer: hand-made cases for a clear winner, a narrow lead, a tie (in each method), the methods
disagreeing, distrust of one source moving the top, and the tests of the ranking disagreeing."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from explorer import answer, weigh
from explorer.load import load_case
from explorer.model import BearsOn, Case
from explorer.weighting import Weighting, strongest_passages
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
    assert said.reasons == ("It stays first only 60% of the time with some passages left out at random and others counted twice.",)


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


def test_turning_points_say_each_change_once_with_every_reading_that_makes_it() -> None:
    # b#1 and b#2 left out, read against b, or as background: a comes first (tests/test_weigh.py works it out);
    # c#1 read as supporting a, not qualifying it, does the same
    ranking = weigh.weigh(three_theses(), Weighting.of(three_theses(), trust={"s2": 0.5}), samples=0)
    points = answer.turning_points(ranking, three_theses())
    assert [(p.ref, p.name) for p in points] == [("b#1", "“Words of b#1.” (S1)"), ("b#2", "“Words of b#2.” (S1)"),
                                                 ("c#1", "“Words of c#1.” (S2)")]
    assert points[0].changes == (
        ("“Thesis A” would come first instead of “Thesis B” if this passage were left out, or read as disputing or "
        "qualifying “Thesis B” instead of supporting it, or as background to it instead of relevant."),)
    assert points[0].turns[0].listed == (
        "“Thesis A” would come first instead of “Thesis B” if this passage were:",
        ("left out", ("or read as disputing or qualifying “Thesis B” instead of supporting it, or as background to it "
                     "instead of relevant.")))
    assert len(points[0].turns[0].changes) == 4  # left out, disputing, qualifying, background: said once
    assert points[2].changes == (("“Thesis A” would come first instead of “Thesis B” if this passage were read as "
                                 "supporting “Thesis A” instead of qualifying it."),)
    assert points[2].turns[0].listed == (points[2].changes[0], ())  # one way: said in the line itself
    assert answer.turning_intro(points) == (
        "3 passages would each put another explanation first if left out or read differently. They are listed "
        "strongest first: start with the first few when you choose what to debate.")


def five_theses() -> tuple[Case, Weighting]:
    """Support alone, in 30ths: a 5 (a#1 2, a#2 3), b 4, c 3, d 3 (c#1's 3 bears on it too), e 1 (from h, 0.5)."""
    case = case_of([
        thesis("a", [passage("a#1", "s", "supports", 2), passage("a#2", "s", "supports", 3)]),
        thesis("b", [passage("b#1", "s", "supports", 2), passage("b#2", "s", "supports", 2)]),
        thesis("c", [passage("c#1", "s", "supports", 3, d="supports")]),
        thesis("d", [passage("d#1", "s", "supports", 1)]),
        thesis("e", [passage("e#1", "h", "supports", 2)]),
    ], [source("s"), source("h")])
    return case, Weighting.of(case, {"support": 1, "corroboration": 0, "backing": 0, "contestation": 0},
                              trust={"h": 0.5})


def test_a_new_leader_comes_first_then_the_strongest_and_each_change_says_the_places_that_move() -> None:
    case, w = five_theses()
    ranking = weigh.weigh(case, w, samples=0)
    assert [t.id for t in ranking.theses] == ["a", "b", "c", "d", "e"]  # c before d by id
    points = answer.turning_points(ranking, case)
    # a#2 (3) before a#1 (2), though recorded after it: the strongest first; then c#1 (3), b#1, b#2 (2), d#1 (0)
    assert [p.ref for p in points] == ["a#2", "a#1", "c#1", "b#1", "b#2", "d#1"]
    assert {p.ref: p.changes for p in points} == {
        # without a#2, a 2: b 4 first. A step weaker (2), a 4 ties b and stays first by id: not said
        "a#2": (("“Thesis B” would come first instead of “Thesis A” if this passage were left out, or read as "
                "disputing or qualifying “Thesis A” instead of supporting it."),),
        "a#1": (("“Thesis B” would come first instead of “Thesis A” if this passage were left out, or read as "
                "disputing or qualifying “Thesis A” instead of supporting it, or as background to it instead of "
                "relevant."),),
        "c#1": (  # without it c 0 and d 0: a b e c d; read against c, c 0 alone: a b d e c; relevant to c: c 2 < d 3
            ("“Thesis E” would move up from 5th to 3rd place and “Thesis C” down from 3rd to 4th if this passage were "
            "left out."),
            ("“Thesis D” would move up from 4th to 3rd place and “Thesis C” down from 3rd to 5th if this passage were "
            "read as disputing or qualifying “Thesis C” instead of supporting it."),
            ("“Thesis C” and “Thesis D” would swap 3rd and 4th place if this passage were read as relevant to "
            "“Thesis C” instead of explicit.")),
        "b#1": (("“Thesis C” would move up from 3rd to 2nd place, “Thesis D” up from 4th to 3rd and “Thesis B” down "
                "from 2nd to 4th if this passage were left out, or read as disputing or qualifying “Thesis B” instead "
                "of supporting it, or as background to it instead of relevant."),),
        "b#2": (("“Thesis C” would move up from 3rd to 2nd place, “Thesis D” up from 4th to 3rd and “Thesis B” down "
                "from 2nd to 4th if this passage were left out, or read as disputing or qualifying “Thesis B” instead "
                "of supporting it, or as background to it instead of relevant."),),
        "d#1": (("“Thesis D” would move up from 4th to 2nd place, “Thesis B” down from 2nd to 3rd and “Thesis C” down "
                "from 3rd to 4th if this passage were read as relevant to “Thesis D” instead of background."),),  # d 5
    }
    assert answer.turning_intro(points) == (
        "2 passages would each put another explanation first if left out or read differently, and 4 others would "
        "only change who comes 2nd or 3rd. The 2 come first below, the strongest first: start with them when you "
        "choose what to debate.")


def test_two_places_that_trade_are_said_as_a_swap() -> None:
    def change(order_after: tuple[str, ...]) -> weigh.Pivotal:
        return weigh.Pivotal("x#1", "x", "s", {"x": "supports"}, ("a", "b", "c"), order_after[:3], ("a", "b", "c", "d"),
                             order_after)

    titles = {t: f"Thesis {t.upper()}" for t in "abcd"}
    assert answer.change_in_words(change(("a", "c", "b", "d")), titles) == (
        "“Thesis B” and “Thesis C” would swap 2nd and 3rd place")
    assert answer.change_in_words(change(("a", "b", "d", "c")), titles) == (
        "“Thesis C” and “Thesis D” would swap 3rd and 4th place")
    assert answer.change_in_words(change(("a", "d", "b", "c")), titles) == (
        "“Thesis D” would move up from 4th to 2nd place, “Thesis B” down from 2nd to 3rd and “Thesis C” down from 3rd "
        "to 4th")
    assert answer.change_in_words(change(("d", "a", "b", "c")), titles) == (
        "“Thesis D” would come first instead of “Thesis A”")  # a new leader: said alone


def test_the_line_above_the_turning_points_counts_both_kinds_and_says_where_to_start() -> None:
    def points(first: int, others: int) -> list[answer.TurningPoint]:
        def point(leads: bool) -> answer.TurningPoint:
            moved = ("b", "a", "c") if leads else ("a", "c", "b")
            return answer.TurningPoint("x#1", "x", (answer.Turn("…", ("left out",), (weigh.Pivotal(
                "x#1", "x", "s", {"x": "supports"}, ("a", "b", "c"), moved, ("a", "b", "c"), moved),)),))
        return [point(True)] * first + [point(False)] * others

    assert answer.turning_intro(points(1, 0)) == (
        "1 passage would put another explanation first if left out or read differently: start with it when you "
        "choose what to debate.")
    assert answer.turning_intro(points(1, 2)) == (
        "1 passage would put another explanation first if left out or read differently, and 2 others would only "
        "change who comes 2nd or 3rd. It comes first below: start with it when you choose what to debate.")
    assert answer.turning_intro(points(2, 1)) == (
        "2 passages would each put another explanation first if left out or read differently, and 1 other would only "
        "change who comes 2nd or 3rd. The 2 come first below, the strongest first: start with them when you choose "
        "what to debate.")
    assert answer.turning_intro(points(0, 1)) == (
        "No single passage, left out or read differently, would put another explanation first, but 1 would change "
        "who comes 2nd or 3rd: start with it when you choose what to debate.")
    assert answer.turning_intro(points(0, 5), on_thesis=True) == (
        "No single passage bearing on it, left out or read differently, would put another explanation first, but 5 "
        "would change who comes 2nd or 3rd. They are listed strongest first: start with the first few when you "
        "choose what to debate.")
    assert answer.turning_intro(points(3, 39), on_thesis=True).startswith(
        "3 passages bearing on it would each put another explanation first if left out or read differently, and 39 "
        "others")
    assert answer.turning_none() == ("None: no single passage, left out or read differently, would change the top "
                                     "three or their order.")
    assert answer.turning_none(on_thesis=True).startswith("None: no single passage bearing on it, left out")


@pytest.fixture(scope="module")
def khrushchev():
    case, _ = load_case("claims")
    m = weigh.matrices(case)
    return case, m, weigh.weigh(m)


def test_on_the_default_case_each_passage_and_each_change_is_said_once_a_new_leader_and_the_strongest_first(
        khrushchev) -> None:
    case, _, ranking = khrushchev
    points = answer.turning_points(ranking, case)
    changes = [*ranking.pivotal, *ranking.judgements]
    refs = [p.ref for p in points]
    assert len(refs) == len(set(refs)) and set(refs) == {c.ref for c in changes}
    # every change the engine finds is said in exactly one line, under its passage, with the line's own result
    said = [c for p in points for t in p.turns for c in t.changes]
    assert len(said) == len(changes) and {id(c) for c in said} == {id(c) for c in changes}
    titles = {t.id: t.title for t in ranking.theses}
    for point in points:
        assert len({t.result for t in point.turns}) == len(point.turns)  # readings with one result: one line
        assert all(c.ref == point.ref and answer.change_in_words(c, titles) == t.result
                   for t in point.turns for c in t.changes)
        assert [t.first_changes for t in point.turns] == sorted((t.first_changes for t in point.turns), reverse=True)
        assert all(len(set(t.ways)) == len(t.ways) <= 1 + len(titles) for t in point.turns)
    # a new leader first, then the strongest first (by the passage's bearings where its first change is made)
    leads = [p.first_changes for p in points]
    assert leads == sorted(leads, reverse=True)
    about = {p.ref: {tid for c in p.turns[0].changes
                     for tid in (c.stances if isinstance(c, weigh.Pivotal) else (c.thesis,))} for p in points}
    for group in (True, False):
        mine = [p.ref for p in points if p.first_changes == group]
        assert mine == strongest_passages(case, {ref: about[ref] for ref in mine}, ranking.weighting)
    # nothing a student reads names an id or a reference
    words = " ".join(line for p in points for t in p.turns for line in (t.words, t.listed[0], *t.listed[1]))
    assert not re.search(r"#\d|\b[a-z]+_[a-z_]+\b", words)
    assert not any(tid in words for tid in titles)


def test_on_the_default_case_three_passages_would_put_another_explanation_first(khrushchev) -> None:
    case, _, ranking = khrushchev
    points = answer.turning_points(ranking, case)
    assert answer.turning_intro(points) == (
        "3 passages would each put another explanation first if left out or read differently, and 39 others would "
        "only change who comes 2nd or 3rd. The 3 come first below, the strongest first: start with them when you "
        "choose what to debate.")
    setbacks, erratic = "“Setbacks abroad and the loss of prestige, Cuba above all”", \
        "“His erratic personal and administrative style”"
    backlash, confidence = "“Backlash of party hardliners against his reforms”", \
        "“A loss of confidence in him as leader, beyond any one grievance”"
    first = points[0]
    assert first.name.startswith("“By 1964, discontent among the party faithful")
    assert [t.listed for t in first.turns] == [
        (f"{erratic} would come first instead of {setbacks} if this passage were:",
         ("left out", (f"or read as disputing or qualifying {setbacks} instead of supporting it, or as background to it "
                      "instead of relevant."))),
        ((f"{backlash} and {confidence} would swap 3rd and 4th place if this passage were read as relevant to "
         f"{confidence} instead of background."), ())]
    # the other 39 each swap 3rd and 4th place, and say so in one line
    assert all(t.result == f"{backlash} and {confidence} would swap 3rd and 4th place"
               for p in points[3:] for t in p.turns)
    assert all(len(p.turns) == 1 for p in points[3:])


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
        "The ranking was redone in three ways: with the sliders moved at random near yours (100 times), with some "
        "passages left out at random and others counted twice (100 times) and when the passages are read a little "
        "differently (2,000 times)")


def test_the_ways_of_redoing_the_ranking_are_said_under_their_column_names() -> None:
    assert answer.ways() == (
        "Sliders moved at random: the weights and trusts set again at random, most within a third of yours. "
        "Passages left out or doubled: the recorded passages picked again at random, so that some count twice and "
        "others not at all. Read differently: now and then a passage read as a step stronger or weaker, or as only "
        "limiting an explanation.")

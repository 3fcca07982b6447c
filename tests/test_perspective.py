"""Class perspectives: hand-worked numbers on the small case (tests/conftest.py) with its third thesis, `army`.

The small case on the engine's defaults (support 1, corroboration 0.5, backing 0.5, contestation 0.5; trust alpha
0.8, beta 0.25 less 4% for its factual error = 0.24; background passages count 0):

    harvest   support 2 x 0.8 = 1.6 -> 1.6/30; corroboration alpha 0.8/3 x 0.5; backing Doe (gamma, 1.0) 1/2 x 0.5
              = 0.053333 + 0.133333 + 0.25 = 0.436667
    army      support 1.6/30 + corroboration 0.8/3 x 0.5 = 0.186667
    prestige  support 3 x 0.24 = 0.72 -> 0.024; corroboration 0.24/3 x 0.5 = 0.04; = 0.064
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ARMY, write_case
from pydantic import ValidationError

from explorer.classroom import perspective as pv
from explorer.classroom.perspective import Perspective, Setting
from explorer.load import load_case


@pytest.fixture
def case(tmp_path: Path):
    loaded, problems = load_case(write_case(tmp_path / "case", {"theses/army.yaml": ARMY}))
    assert [p for p in problems if p.level == "error"] == []
    return loaded


DEFAULTS = Perspective()
TRUSTS_BETA = Perspective(trust={"beta": 1.0})  # prestige 0.1 + 1/3 x 0.5 = 0.266667: second
NO_BACKING = Perspective(weights={"backing": 0})  # harvest 0.186667 = army: tied for first
BOTH = Perspective(trust={"beta": 0.5}, weights={"backing": 0})  # prestige 0.05 + 0.083333 = 0.133333: third
ORDER = Perspective(order=("prestige", "harvest"))
CLASS = [DEFAULTS, TRUSTS_BETA, NO_BACKING, BOTH, ORDER]


def test_a_weighting_ranks_by_the_engine_and_an_order_is_its_own(case) -> None:
    assert pv.ranking_of(case) == ("harvest", "army", "prestige")
    assert pv.ranking_of(case, DEFAULTS) == ("harvest", "army", "prestige")
    assert pv.ranking_of(case, TRUSTS_BETA) == ("harvest", "prestige", "army")
    assert pv.ranking_of(case, NO_BACKING) == ("army", "harvest", "prestige")
    assert pv.ranking_of(case, BOTH) == ("army", "harvest", "prestige")
    assert pv.ranking_of(case, ORDER) == ("prestige", "harvest", "army")  # army, left out, after it


def test_equal_scores_share_a_place(case) -> None:
    assert pv.places_of(case, NO_BACKING) == {"army": 1, "harvest": 1, "prestige": 3}  # 0.186667 each
    assert [pv.place_words(t, pv.places_of(case, NO_BACKING)) for t in ("army", "harvest", "prestige")] == [
        "=1st", "=1st", "3rd"]
    assert pv.places_of(case, ORDER) == {"prestige": 1, "harvest": 2, "army": 3}
    # tau-b with the tie: harvest-army tied in one, so (2 agreeing - 0) / sqrt(3 x 2) = 0.816497
    assert pv.kendall_tau(pv.places_of(case, NO_BACKING), pv.places_of(case)) == pytest.approx(2 / 6 ** 0.5, abs=1e-9)
    nothing = Perspective(weights={"support": 0, "corroboration": 0, "backing": 0, "contestation": 0})
    distrust = Perspective(trust={sid: 0.0 for sid in pv.weighed_sources(case)})
    for every_score_0 in (nothing, distrust):
        assert pv.places_of(case, every_score_0) == {"army": 1, "harvest": 1, "prestige": 1}
        assert pv.all_tied(pv.places_of(case, every_score_0))
        assert pv.kendall_tau(pv.places_of(case, every_score_0), pv.places_of(case)) is None  # no order to compare
    assert not pv.all_tied(pv.places_of(case, NO_BACKING))


def test_perspectives_are_bounded_and_in_the_engines_vocabulary(case) -> None:
    assert Perspective(points={"context": 1}).points == {1: 1.0}  # the name strength 1 had
    assert Perspective(points={"background": 1}).points == {1: 1.0}
    assert Perspective.model_validate_json(BOTH.model_dump_json()) == BOTH
    assert Perspective.model_validate_json(Perspective(points={1: 1}).model_dump_json()).points == {1: 1.0}
    for bad, says in [({"weights": {"support": 6}}, "out of range; use a number from 0 to 5"),
                      ({"weights": {"suport": 1}}, "unknown criterion `suport` (did you mean `support`?)"),
                      ({"points": {"backgrond": 1}}, "unknown strength `backgrond` (did you mean `background`?)"),
                      ({"trust": {"alpha": 1.5}}, "out of range; use a number from 0 to 1"),
                      ({"trust": {"alpha": float("nan")}}, "out of range"),
                      ({"order": ["harvest", "harvest"]}, "in the order twice"),
                      ({"order": []}, "at least one explanation"),
                      ({"order": ["harvest"], "trust": {"alpha": 1}}, "a weighting or an order, not both"),
                      ({"points": [1]}, "points must map a strength (background, relevant, explicit) to a number"),
                      ({"points": {"context": "lots"}}, "out of range; use a number from 0 to 10"),
                      ({"colour": "red"}, "Extra inputs are not permitted")]:
        with pytest.raises(ValidationError, match=re.escape(says)):
            Perspective.model_validate(bad)
    with pytest.raises(pv.PerspectiveError, match="unknown source `gama`"):
        pv.check(case, Perspective(trust={"gama": 1}))
    with pytest.raises(pv.PerspectiveError, match="`china` is not one of the explanations in this debate"):
        pv.check(case, Perspective(order=("china",)))


def test_kendall_tau_b() -> None:
    assert pv.kendall_tau(("h", "a", "p"), ("h", "a", "p")) == 1.0
    assert pv.kendall_tau(("h", "a", "p"), ("a", "h", "p")) == pytest.approx(1 / 3, abs=1e-9)  # (2 - 1) / 3 pairs
    assert pv.kendall_tau(("h", "a", "p"), ("p", "a", "h")) == -1.0
    assert pv.kendall_tau(("a", "b", "c", "d"), ("b", "a", "d", "c")) == pytest.approx(1 / 3, abs=1e-9)  # (4-2)/6
    assert pv.kendall_tau(("h", "a", "p"), ("a", "x")) is None  # one thesis in common: no pair
    assert pv.kendall_tau(("h",), ("h",)) is None
    assert pv.kendall_tau(("h", "a", "p"), ("p", "h")) == -1.0  # only the shared theses count


def test_firsts_and_the_class_median(case) -> None:
    rankings = [pv.places_of(case, p) for p in CLASS]
    # NO_BACKING and BOTH tie harvest and army for first: each counts for both
    assert pv.firsts(rankings, pv.ranking_of(case)) == {"harvest": 4, "army": 2, "prestige": 1}
    assert pv.shared_firsts(rankings) == 2
    median = pv.class_median(case, CLASS)  # the order has no settings; four weightings: the mean of the middle two
    assert median.weights == {"support": 1.0, "corroboration": 0.5, "backing": 0.25, "contestation": 0.5}
    assert median.trust == {"alpha": 0.8, "beta": 0.37, "gamma_book": 1.0}  # 0.24 0.24 | 0.5 1.0
    assert median.points == {1: 0.0, 2: 2.0, 3: 3.0}
    # harvest 0.053333 + 0.133333 + 0.125 = 0.311667; army 0.186667; prestige 1.11/30 + 0.37/6 = 0.098667
    assert pv.rank(case, median) == ("harvest", "army", "prestige")
    assert pv.class_median(case, [ORDER]) is None


def test_the_class_ranking_by_mean_place_counts_orders_and_ties(case) -> None:
    together = pv.class_ranking([pv.places_of(case, p) for p in CLASS], pv.ranking_of(case))
    # places 1 1 =1.5 =1.5 2 for harvest (a tie for first spans places 1 and 2), 2 3 1.5 1.5 3 for army,
    # 3 2 3 3 1 for prestige
    assert together.mean_place == {"harvest": 1.4, "army": 2.2, "prestige": 2.4}
    assert together.places == {"harvest": 1, "army": 2, "prestige": 3} and together.count == 5
    # three students who all put harvest first, and whose typical settings put prestige first
    split = [Perspective(trust={"alpha": 0.0}), Perspective(trust={"alpha": 0.0, "beta": 1.0}, weights={"backing": 2}),
             Perspective(trust={"beta": 1.0})]
    # harvest 0.25, 1.0, 0.436667 against prestige 0.064, 0.266667, 0.266667
    assert [pv.places_of(case, p)["harvest"] for p in split] == [1, 1, 1]
    middle = pv.class_median(case, split)  # alpha 0, beta 1, backing 0.5: harvest 0.25 (backing only), prestige
    assert (middle.trust["alpha"], middle.trust["beta"], middle.weights["backing"]) == (0.0, 1.0, 0.5)
    assert pv.places(case, middle) == {"prestige": 1, "harvest": 2, "army": 3}  # 0.1 + 0.166667 = 0.266667 first
    assert pv.class_ranking([pv.places_of(case, p) for p in split], pv.ranking_of(case)).places == {
        "harvest": 1, "prestige": 2, "army": 3}
    even = pv.class_ranking([("a", "b"), ("b", "a")], ["a", "b"])
    assert even.mean_place == {"a": 1.5, "b": 1.5} and even.places == {"a": 1, "b": 1}
    assert pv.class_ranking([], ["a"]) is None


def test_the_widest_spread_is_the_largest_share_of_its_scale(case) -> None:
    widest = pv.widest_spread(case, CLASS)
    # trust in beta: 0.24 0.24 0.5 1.0 -> quartiles 0.24 and 0.5 + 0.25 x 0.5 = 0.625; 0.385 of 0..1
    assert (widest.setting, widest.low, widest.high, widest.share) == (Setting("trust", "beta"), 0.24, 0.625, 0.385)
    second = pv.spreads(case, CLASS)[1]  # backing: 0 0 0.5 0.5 -> 0 and 0.5, 0.1 of 0..5
    assert (second.setting, second.low, second.high, second.share) == (Setting("weight", "backing"), 0.0, 0.5, 0.1)
    assert pv.label(case, widest.setting) == "Trust in Beta"
    assert pv.label(case, second.setting) == "How much “Historians who argue it (scholarly backing)” counts"
    assert pv.label(case, Setting("points", "1")) == "What a background passage counts for"
    assert pv.widest_spread(case, [ORDER]) is None
    assert (widest.count, second.count, widest.middle_half) == (4, 4, True)


def test_small_classes_show_the_lowest_and_highest_and_the_switch_its_own_scale(case) -> None:
    widest = pv.widest_spread(case, [DEFAULTS, TRUSTS_BETA])  # two weighings: 0.24 and 1.0, not interpolated
    assert (widest.setting.key, widest.low, widest.high, widest.count, widest.middle_half) == (
        "t_beta", 0.24, 1.0, 2, False)
    assert [s for s in pv.spreads(case, [TRUSTS_BETA]) if s.share > 0] == []  # one weighing: no spread
    on = Perspective(points={"context": pv.BACKGROUND_ON})
    switch = next(s for s in pv.spreads(case, [on, on, DEFAULTS, DEFAULTS]) if s.setting.is_switch)
    # on its own 0..1 scale: 0 0 1 1 -> quartiles 0 and 1, the whole scale (on the 0..10 points scale, 0.1)
    assert (switch.low, switch.high, switch.share, switch.on, switch.count) == (0.0, 1.0, 1.0, 2, 4)
    assert pv.widest_spread(case, [on, on, DEFAULTS, DEFAULTS]).setting.is_switch
    # its middle value is the majority's, not 0.5: two of four is no majority, three of four is
    assert pv.class_median(case, [on, on, DEFAULTS, DEFAULTS]).points[1] == 0.0
    assert pv.class_median(case, [on, on, on, DEFAULTS]).points[1] == pv.BACKGROUND_ON


def test_the_passages_that_decide_between_the_top_two(case) -> None:
    found = pv.deciding_passages(case, pv.weighting(case), ("harvest", "prestige"))
    # each passage left out and the case scored again. harvest#1 (alpha, relevant, for harvest) is harvest's only
    # substantive passage: without it harvest loses its support 1.6/30 x 1 = 0.053333 and its corroboration (alpha
    # its only source) 0.8/3 x 0.5 = 0.133333: 0.186667. prestige#1 (beta, explicit, for prestige): 0.024 + 0.04
    assert [(d.ref, d.weight, d.effect, d.difference) for d in found] == [
        ("harvest#1", {"harvest": 1.6, "prestige": 0.0}, {"harvest": 0.186666667, "prestige": 0.0}, 0.186666667),
        ("prestige#1", {"harvest": 0.0, "prestige": 0.72}, {"harvest": 0.0, "prestige": 0.064}, -0.064)]
    assert found[0].quote == "The harvest of 1963 failed." and found[0].source == "alpha"
    background = pv.weighting(case, Perspective(points={"context": 1}))
    found = pv.deciding_passages(case, background, ("harvest", "prestige"))
    # now background counts 1: prestige#1 also disputes harvest (1 x 0.24 against, x 0.5 / 30 = -0.004): -0.068;
    # prestige#2 (alpha) qualifies prestige: 0.4 against, -0.006667; harvest#2 (beta) disputes harvest -0.004 and
    # qualifies prestige 0.12 against, -0.002: -0.002
    assert [(d.ref, d.difference) for d in found] == [("harvest#1", 0.186666667), ("prestige#1", -0.068),
                                                      ("prestige#2", 0.006666667), ("harvest#2", -0.002)]
    assert found[1].weight == {"harvest": -0.24, "prestige": 0.72}
    assert len(pv.deciding_passages(case, background, ("harvest", "prestige"), most=2)) == 2
    for_harvest, for_prestige = pv.deciding_sides(case, background, ("harvest", "prestige"), each=1)
    assert ([d.ref for d in for_harvest], [d.ref for d in for_prestige]) == (["harvest#1"], ["prestige#1"])
    for_harvest, for_prestige = pv.deciding_sides(case, background, ("harvest", "prestige"))
    assert ([d.ref for d in for_harvest], [d.ref for d in for_prestige]) == (["harvest#1", "prestige#2"],
                                                                             ["prestige#1", "harvest#2"])


def test_the_setting_that_makes_the_biggest_difference(case) -> None:
    effect = pv.biggest_difference(case, BOTH)  # against the engine's defaults
    # backing put back to 0.5: harvest 0.436667 first again, one pair swapped; beta put back to 0.24: no change
    assert (effect.setting, effect.mine, effect.reference, effect.ranking, effect.swapped) == (
        Setting("weight", "backing"), 0.0, 0.5, ("harvest", "army", "prestige"), 1)
    assert [(e.setting.key, e.swapped) for e in pv.effects(case, BOTH)] == [("w_backing", 1), ("t_beta", 0)]
    effect = pv.biggest_difference(case, TRUSTS_BETA)
    assert (effect.setting.key, effect.mine, effect.reference, effect.swapped) == ("t_beta", 1.0, 0.24, 1)
    assert pv.biggest_difference(case, DEFAULTS) is None
    # beta trusted 0.5 alone leaves the engine's ranking as it is: the setting differs, but moves no pair
    assert [(e.setting.key, e.swapped) for e in pv.effects(case, Perspective(trust={"beta": 0.5}))] == [("t_beta", 0)]
    assert pv.biggest_difference(case, Perspective(trust={"beta": 0.5})) is None
    # the combination: alpha 0, beta 0.75, support 0.5 give harvest 0.25 (backing only), prestige 2.25/30 x 0.5 +
    # 0.75/3 x 0.5 = 0.1625, army 0: prestige above army. Alpha put back alone: army 0.16, still below; beta put
    # back: prestige 0.052, still above army's 0; support put back: prestige 0.2. No single setting moves it
    together = Perspective(trust={"alpha": 0.0, "beta": 0.75}, weights={"support": 0.5})
    assert pv.places_of(case, together) == {"harvest": 1, "prestige": 2, "army": 3}
    assert [(e.setting.key, e.swapped) for e in pv.effects(case, together)] == [
        ("t_alpha", 0), ("t_beta", 0), ("w_support", 0)]
    assert pv.biggest_difference(case, together) is None
    assert pv.biggest_difference(case, ORDER) is None
    median = pv.class_median(case, CLASS)  # against the class: beta 0.37, backing 0.25
    assert [(e.setting.key, e.reference, e.swapped) for e in pv.effects(case, TRUSTS_BETA, median)] == [
        ("t_beta", 0.37, 1), ("w_backing", 0.25, 0)]


def test_before_and_after_pairs_the_students_who_answered_both(case) -> None:
    moved = pv.change(case, [("p1", DEFAULTS), ("p2", NO_BACKING), ("p3", TRUSTS_BETA)],
                      [("p2", BOTH), ("p3", ORDER), ("p4", TRUSTS_BETA)])
    assert (moved.count_before, moved.count_after, moved.paired) == (3, 3, 2)  # p2 and p3 answered both
    # p2: army = harvest first, then again; p3: harvest first, then prestige (its order)
    assert moved.firsts_before == {"harvest": 2, "army": 1, "prestige": 0}
    assert moved.firsts_after == {"harvest": 1, "army": 1, "prestige": 1}
    assert moved.firsts_shift == {"harvest": -1, "army": 0, "prestige": 1}
    # average places before: harvest (1.5 + 1) / 2 = 1.25, army (1.5 + 3) / 2, prestige (3 + 2) / 2 = 2.5
    assert moved.class_before.mean_place == {"harvest": 1.25, "army": 2.25, "prestige": 2.5}
    assert moved.class_after.mean_place == {"harvest": 1.75, "army": 2.25, "prestige": 2.0}
    assert moved.tau == pytest.approx(1 / 3, abs=1e-9)  # harvest army prestige -> harvest prestige army: (2 - 1) / 3
    # only p2 weighed both times: beta 0.24 -> 0.5
    assert moved.moved == [(Setting("trust", "beta"), 0.24, 0.5)]
    empty = pv.change(case, [("p1", DEFAULTS)], [("p2", ORDER)])
    assert (empty.paired, empty.class_before, empty.tau, empty.moved) == (0, None, None, [])


def test_the_students_page_says_why_each_source_starts_where_it_does(case) -> None:
    # beta is a student essay (0.25) with one factual error (4% off): 0.24
    assert pv.trust_help(case.sources["beta"]) == (
        "Student essay: a student's essay, useful for what it reports historians saying, not as an authority. A "
        "source of this kind starts at 0.25 out of 1. Recorded faults (factual error (1)) bring it down to 0.24. "
        "Default 0.24.")
    assert pv.trust_help(case.sources["alpha"]).startswith("Reference work: an unsigned article in a reference book")
    assert pv.BACKGROUND_SWITCH == "Background passages count as evidence"
    assert pv.background_help() == (
        "A background passage sets the scene but does not argue for or against (counts for nothing unless you give "
        "it points). The engine counts it for nothing; switched on, it counts 1 point, against 2 for a relevant "
        "passage.")
    assert pv.criterion_help("corroboration") == (
        "How many different trusted sources make a point for it. The engine gives it a weight of 0.5.")
    for words in (pv.trust_help(s) for s in case.sources.values()):
        assert "_" not in words and "context" not in words

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

from explorer import perspective as pv
from explorer.load import load_case
from explorer.perspective import Perspective, Setting


@pytest.fixture
def case(tmp_path: Path):
    loaded, problems = load_case(write_case(tmp_path / "case", {"theses/army.yaml": ARMY}))
    assert [p for p in problems if p.level == "error"] == []
    return loaded


DEFAULTS = Perspective()
TRUSTS_BETA = Perspective(trust={"beta": 1.0})  # prestige 0.1 + 1/3 x 0.5 = 0.266667: second
NO_BACKING = Perspective(weights={"backing": 0})  # harvest 0.186667 = army: the tie goes to the first id, army
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


def test_perspectives_are_bounded_and_in_the_engines_vocabulary(case) -> None:
    assert Perspective(points={"context": 1}).points == {1: 1.0}
    assert Perspective.model_validate_json(BOTH.model_dump_json()) == BOTH
    assert Perspective.model_validate_json(Perspective(points={1: 1}).model_dump_json()).points == {1: 1.0}
    for bad, says in [({"weights": {"support": 6}}, "out of range; use a number from 0 to 5"),
                      ({"weights": {"suport": 1}}, "unknown criterion `suport` (did you mean `support`?)"),
                      ({"points": {"background": 1}}, "unknown strength `background`"),
                      ({"trust": {"alpha": 1.5}}, "out of range; use a number from 0 to 1"),
                      ({"trust": {"alpha": float("nan")}}, "out of range"),
                      ({"order": ["harvest", "harvest"]}, "in the order twice"),
                      ({"order": []}, "at least one explanation"),
                      ({"order": ["harvest"], "trust": {"alpha": 1}}, "a weighting or an order, not both"),
                      ({"points": [1]}, "points must map a strength"),
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
    rankings = [pv.ranking_of(case, p) for p in CLASS]
    assert pv.firsts(rankings, pv.ranking_of(case)) == {"harvest": 2, "army": 2, "prestige": 1}
    median = pv.class_median(case, CLASS)  # the order has no settings; four weightings: the mean of the middle two
    assert median.weights == {"support": 1.0, "corroboration": 0.5, "backing": 0.25, "contestation": 0.5}
    assert median.trust == {"alpha": 0.8, "beta": 0.37, "gamma_book": 1.0}  # 0.24 0.24 | 0.5 1.0
    assert median.points == {1: 0.0, 2: 2.0, 3: 3.0}
    # harvest 0.053333 + 0.133333 + 0.125 = 0.311667; army 0.186667; prestige 1.11/30 + 0.37/6 = 0.098667
    assert pv.rank(case, median) == ("harvest", "army", "prestige")
    assert pv.class_median(case, [ORDER]) is None


def test_the_widest_spread_is_the_largest_share_of_its_scale(case) -> None:
    widest = pv.widest_spread(case, CLASS)
    # trust in beta: 0.24 0.24 0.5 1.0 -> quartiles 0.24 and 0.5 + 0.25 x 0.5 = 0.625; 0.385 of 0..1
    assert (widest.setting, widest.low, widest.high, widest.share) == (Setting("trust", "beta"), 0.24, 0.625, 0.385)
    second = pv.spreads(case, CLASS)[1]  # backing: 0 0 0.5 0.5 -> 0 and 0.5, 0.1 of 0..5
    assert (second.setting, second.low, second.high, second.share) == (Setting("weight", "backing"), 0.0, 0.5, 0.1)
    assert pv.label(case, widest.setting) == "Trust in Beta"
    assert pv.label(case, second.setting) == "How much “Scholarly backing” counts"
    assert pv.label(case, Setting("points", "1")) == "What a background passage counts for"
    assert pv.widest_spread(case, [ORDER]) is None


def test_the_passages_that_decide_between_the_top_two(case) -> None:
    found = pv.deciding_passages(case, pv.weighting(case), ("harvest", "prestige"))
    # harvest#1: alpha, relevant, supports harvest: 2 x 0.8 = 1.6, a part of 1.6 x 1 / 30 in its score
    # prestige#1: beta, explicit, supports prestige: 3 x 0.24 = 0.72, a part of 0.024; background counts nothing
    assert [(d.ref, d.weight, d.part, d.difference) for d in found] == [
        ("harvest#1", {"harvest": 1.6, "prestige": 0.0}, {"harvest": 0.053333333, "prestige": 0.0}, 0.053333333),
        ("prestige#1", {"harvest": 0.0, "prestige": 0.72}, {"harvest": 0.0, "prestige": 0.024}, -0.024)]
    assert found[0].quote == "The harvest of 1963 failed." and found[0].source == "alpha"
    background = pv.weighting(case, Perspective(points={"context": 1}))
    found = pv.deciding_passages(case, background, ("harvest", "prestige"))
    # now background counts 1: prestige#1 disputes harvest (1 x 0.24, against, x 0.5 / 30 = -0.004);
    # prestige#2 (alpha) qualifies prestige: 1 x 0.8 x 0.5 = 0.4 against, -0.006667; harvest#2 (beta) disputes
    # harvest -0.004 and qualifies prestige 0.12 -> -0.002
    assert [(d.ref, d.difference) for d in found] == [("harvest#1", 0.053333333), ("prestige#1", -0.028),
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
    assert pv.biggest_difference(case, ORDER) is None
    median = pv.class_median(case, CLASS)  # against the class: beta 0.37, backing 0.25
    assert [(e.setting.key, e.reference, e.swapped) for e in pv.effects(case, TRUSTS_BETA, median)] == [
        ("t_beta", 0.37, 1), ("w_backing", 0.25, 0)]


def test_before_and_after(case) -> None:
    moved = pv.change(case, [DEFAULTS, NO_BACKING], [TRUSTS_BETA, BOTH, ORDER])
    assert moved.firsts_before == {"harvest": 1, "army": 1, "prestige": 0}
    assert moved.firsts_after == {"harvest": 1, "army": 1, "prestige": 1}
    assert moved.firsts_shift == {"harvest": 0, "army": 0, "prestige": 1}
    # before: backing median 0.25 -> harvest, army, prestige; after: beta 0.75 -> prestige 0.075 + 0.125 = 0.2
    assert moved.median_before == ("harvest", "army", "prestige")
    assert moved.median_after == ("harvest", "prestige", "army")
    assert moved.tau == pytest.approx(1 / 3, abs=1e-9)
    assert moved.moved == [(Setting("trust", "beta"), 0.24, 0.75)]
    empty = pv.change(case, [], [ORDER])
    assert (empty.median_before, empty.median_after, empty.tau, empty.moved) == (None, None, None, [])

"""The reader's settings as one value, and the one order of "strongest first"."""

from __future__ import annotations

import pytest
from conftest import write_case

from explorer.load import load_case
from explorer.model import BearsOn
from explorer.weighting import (
    POINTS_KEY,
    TRUST_KEY,
    WEIGHT_KEY,
    WeighError,
    Weighting,
    backed,
    backing_reach,
    bearings,
    key_bounds,
    strongest_passages,
)
from tests.test_weigh import case_of, passage, source, thesis


def test_weighting_of_fills_the_defaults_and_checks_each_value(small_case) -> None:
    case, _ = load_case(small_case)
    w = Weighting.of(case, {"support": 2.0}, {"relevant": 1}, {"alpha": 0.5})
    assert w.weights["support"] == 2.0 and w.weights["contestation"] == 0.5  # the default
    assert w.points == {1: 0.0, 2: 1.0, 3: 3.0}
    assert w.trust["alpha"] == 0.5
    with pytest.raises(WeighError, match="weight 9 for `support` is out of range; use a number from 0 to 5"):
        Weighting.of(case, {"support": 9})
    with pytest.raises(WeighError, match="unknown source `gamma`"):
        Weighting.of(case, trust={"gamma": 0.5})


def test_keys_name_every_setting_and_bound_it(small_case) -> None:
    case, _ = load_case(small_case)
    keys = Weighting.of(case).keys()
    assert keys[WEIGHT_KEY.format("support")] == 1.0
    assert keys[POINTS_KEY.format(3)] == 3.0
    assert set(keys) >= {TRUST_KEY.format(sid) for sid in case.sources}
    assert key_bounds("w_support") == (0.0, 5.0)
    assert key_bounds("p_2") == (0.0, 10.0)
    assert key_bounds("t_alpha") == (0.0, 1.0)


def test_bearings_put_the_heavier_first_then_the_stronger_then_the_home_thesis_then_the_recorded_order(
        small_case) -> None:
    # Twelve passages of equal weight under one thesis: the recorded order decides, so #10 comes after #2 (a sort
    # of the references as text would put "x#10" before "x#2").
    passages = "".join(f"  - source: alpha\n    quote: Reason number {n} is given.\n    stance: supports\n"
                       f"    strength: 2\n    note: One of twelve.\n" for n in range(1, 13))
    folder = write_case(small_case, {"theses/harvest.yaml": (small_case / "theses" / "harvest.yaml").read_text()
                                     .split("evidence:")[0] + "evidence:\n" + passages})
    (folder / "texts" / "alpha.txt").write_text("".join(f"Reason number {n} is given.\n" for n in range(1, 13)))
    case, problems = load_case(folder)
    assert [p for p in problems if "harvest" in str(p.file)] == []
    refs = [b.ref for b in bearings(case, "harvest", stances=("supports",))]
    assert refs[:3] == ["harvest#1", "harvest#2", "harvest#3"]
    assert refs.index("harvest#2") < refs.index("harvest#10")
    # a heavier passage goes first whatever its place
    w = Weighting.of(case, points={"relevant": 2})
    assert all(b.weight == pytest.approx(2 * w.trust["alpha"]) for b in bearings(case, "harvest", w, ("supports",)))


def test_backing_reach_says_which_explanations_the_historians_slider_can_move(small_case) -> None:
    case, _ = load_case(small_case)
    assert backed(case) == ["harvest"]  # Jane Doe, a historian, named for it; no one for “Lost prestige”
    assert backing_reach(case) == ("In this case a source names historians for one explanation only, “The harvest”, "
                                   "so this slider moves only its score.")
    nobody = case.model_copy(update={"theses": {tid: t.model_copy(update={"proponents": []})
                                                for tid, t in case.theses.items()}})
    assert backed(nobody) == []
    assert backing_reach(nobody) == ("In this case no source names a historian for any explanation, so this slider "
                                     "changes nothing here.")
    both = case.model_copy(update={"theses": {tid: t.model_copy(update={"proponents": case.theses["harvest"].proponents})
                                              for tid, t in case.theses.items()}})
    assert backed(both) == ["harvest", "prestige"] and backing_reach(both) == ""  # every explanation: nothing to say
    third = case.theses["prestige"].model_copy(update={"id": "army", "title": "The army's anger"})
    three = both.model_copy(update={"theses": {**both.theses, "army": third}})
    assert backing_reach(three) == ("In this case sources name historians for 2 of the 3 explanations, so this "
                                    "slider moves only their scores.")


def test_backing_reach_counts_only_scholars(small_case) -> None:
    """A journalist named for a view is shown but not counted as scholarly backing: the slider cannot move it."""
    case, _ = load_case(small_case)
    journalist = case.historians["doe"].model_copy(update={"kind": "journalist"})
    case = case.model_copy(update={"historians": {**case.historians, "doe": journalist}})
    assert backed(case) == []


def test_passages_are_put_strongest_first_by_their_strongest_bearing_on_the_theses_given_for_each() -> None:
    # weights (points x trust): a#1 2 on a; a#2 3 x 0.5 = 1.5 on a; b#1 background (0) on b but explicit (3) on a
    case = case_of([thesis("a", [passage("a#1", "s", "supports", 2), passage("a#2", "h", "supports", 3)]),
                    thesis("b", [passage("b#1", "s", "supports", 1, a=BearsOn(stance="supports", strength=3))])],
                   [source("s"), source("h")])
    w = Weighting.of(case, trust={"h": 0.5})
    assert strongest_passages(case, {"a#2": {"a"}, "a#1": {"a"}, "b#1": {"a", "b"}}, w) == ["b#1", "a#1", "a#2"]
    assert strongest_passages(case, {"a#2": {"a"}, "a#1": {"a"}, "b#1": {"b"}}, w) == ["a#1", "a#2", "b#1"]
    # the same weight: the stronger strength first (a#2 trusted 2/3: 3 x 2/3 = 2, as a#1's 2 x 1)
    assert strongest_passages(case, {"a#1": {"a"}, "a#2": {"a"}}, Weighting.of(case, trust={"h": 2 / 3})) == [
        "a#2", "a#1"]
    # a passage with no bearing on the theses given for it goes last
    assert strongest_passages(case, {"a#1": {"b"}, "a#2": {"a"}}, w) == ["a#2", "a#1"]
    # the one order: on one thesis, the same as `bearings`
    assert strongest_passages(case, dict.fromkeys(("a#1", "a#2", "b#1"), ("a",)), w) == [
        b.ref for b in bearings(case, "a", w)]


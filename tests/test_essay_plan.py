"""The essay plan's choices (explorer/essay/plan.py): the planner's defaults, the order offered for information, bad plans refused."""

# ruff: noqa: F811 (the shared fixtures of essay_cases, imported here, are the tests' parameters)

import pytest
from essay_cases import case  # noqa: F401 (fixtures)

from explorer import essay
from explorer.weighting import Weighting


def test_suggest_order_for_the_planner(case) -> None:
    assert essay.suggest_order(case, ["prestige", "army", "harvest"]) == ("harvest", "army", "prestige")
    assert essay.suggest_order(case, ["prestige", "nope", "army"]) == ("army", "prestige")
    assert (essay.suggest_order(case, ["prestige", "army"], weighting=Weighting.of(case, trust={"alpha": 0}))
            == ("prestige", "army"))


ORDER = ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize(("order", "thesis", "factors", "counter", "plan"), [
    # first visit: the three best-ranked others as factors, the next as the counter-argument
    (ORDER, "a", None, None, (("b", "c", "d"), "e")),
    (ORDER, "c", None, None, (("a", "b", "d"), "e")),
    # few theses: the counter-argument is the last of the others, never also a factor
    (["a", "b", "c"], "a", None, None, (("b",), "c")),
    (["a", "b", "c", "d"], "b", None, None, (("a", "c"), "d")),
    (["a", "b"], "a", None, None, (("b",), None)),
    # a counter-argument the student chose is kept, and the default factors leave it out
    (ORDER, "a", None, "c", (("b", "d", "e"), "c")),
    # the main thesis was a factor (the student switched to it): new factors, without the counter-argument
    (ORDER, "b", ["b", "c", "d"], "c", (("a", "d", "e"), "c")),
    # the main thesis was the counter-argument: a new one, not among the kept factors
    (ORDER, "e", ["b", "c", "d"], "e", (("b", "c", "d"), "a")),
    # the student's choices are kept as they are, even an empty list of factors (check_plan says why)
    (ORDER, "a", ["d", "b"], "f", (("d", "b"), "f")),
    (ORDER, "a", [], "f", ((), "f")),
    # a factor of another case: the defaults again
    (ORDER, "a", ["zz"], None, (("b", "c", "d"), "e")),
])
def test_the_planners_defaults(order, thesis, factors, counter, plan) -> None:
    assert essay.default_plan(order, thesis, factors, counter) == plan
    chosen, rival = plan
    if factors is None or thesis in factors:
        assert thesis not in chosen and rival != thesis and rival not in chosen


@pytest.mark.parametrize(("thesis", "factors", "counter", "problems"), [
    ("harvst", ["prestige"], "army", [("thesis", ("unknown thesis `harvst` (did you mean `harvest`?); use one of: "
                                                 "army, harvest, prestige"))]),
    ("harvest", ["prestige", "prestige"], "army", [("factors", ("factor `prestige` is given twice; list each factor "
                                                               "once"))]),
    ("harvest", ["prestige"], "harvest", [("counter", ("the counter-argument `harvest` is the main thesis; pick a "
                                                      "rival thesis to answer"))]),
    ("harvest", ["harvest", "army"], "prestige", [("factors", ("factor `harvest` is the main thesis; the factors are "
                                                              "the other theses that contribute to it"))]),
    ("harvest", ["prestige", "army"], "army", [("counter", (
        "the counter-argument `army` is also one of your factors; a factor supports your thesis and the "
        "counter-argument is a rival to answer: pick another counter-argument or drop the factor"))]),
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

"""The student's choices for a plan: checked (an unknown thesis, a repeated factor, a counter-argument that is
also a factor), the planner's defaults, and the weighting a plan is made with (the order the recorded evidence
backs the theses in, offered for information only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer import weigh
from explorer.model import Case
from explorer.vocabulary import MODELS
from explorer.weighting import Weighting

DEFAULT_FACTORS = 3  # how many factors the planner offers by default


def check_plan(case: Case, thesis: str, factors: Sequence[str], counter: str | None,
               names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Every problem with a plan, as (field, message): field is thesis, factors or counter. A known thesis is
    named by its id (`lost_prestige`, for the command line) or, given `names`, by its title in quotes (a page)."""
    known = sorted(case.theses)
    problems = []

    def named(tid: str) -> str:
        return f"“{names[tid]}”" if names and tid in names else f"`{tid}`"

    if thesis not in case.theses:
        problems.append(("thesis", weigh.unknown("thesis", thesis, known)))
    if not factors:
        problems.append(("factors", "no factors given; name at least one other thesis as a contributing factor"))
    seen: set[str] = set()
    for factor in factors:
        if factor not in case.theses:
            problems.append(("factors", weigh.unknown("thesis", factor, known)))
        elif factor == thesis:
            problems.append(("factors", (f"factor {named(factor)} is the main thesis; the factors are the other theses "
                                        "that contribute to it")))
        elif factor in seen:
            problems.append(("factors", f"factor {named(factor)} is given twice; list each factor once"))
        elif thesis in case.theses and case.question_of(factor) != case.question_of(thesis):
            problems.append(("factors", (f"factor {named(factor)} answers another question of the case; the factors "
                                        "answer the question your thesis answers")))
        seen.add(factor)
    if counter is not None:
        if counter not in case.theses:
            problems.append(("counter", weigh.unknown("thesis", counter, known)))
        elif counter == thesis:
            problems.append(("counter", (f"the counter-argument {named(counter)} is the main thesis; pick a rival "
                                        "thesis to answer")))
        elif thesis in case.theses and case.question_of(counter) != case.question_of(thesis):
            problems.append(("counter", (f"the counter-argument {named(counter)} answers another question of the "
                                        "case; pick a rival that answers the question your thesis answers")))
        elif counter in factors:
            problems.append(("counter", (f"the counter-argument {named(counter)} is also one of your factors; a factor "
                                        "supports your thesis and the counter-argument is a rival to answer: pick "
                                        "another counter-argument or drop the factor")))
    return problems


@dataclass(frozen=True)
class Weighed:
    """The weighting a plan is made with: the theses in the order it ranks them, the reader's settings (for the
    weight of each passage), and how the plan says which order it is."""

    order: tuple[str, ...]
    settings: Weighting
    description: str


def weighed(case: Case, ranking: weigh.Ranking | None, weighting: Weighting | None) -> Weighed:
    if ranking is not None:
        how = MODELS[ranking.model].label
        return Weighed(tuple(t.id for t in ranking.theses), ranking.weighting,
                       f"the order in which the explorer ranks them, “{how}”, on the sliders as you set them")
    scored = weigh.scores(case, weighting)
    changed = weighting is not None and weighting != Weighting.of(case)
    return Weighed(scored.order, scored.weighting,
                      f"the order in which the explorer ranks them, “{MODELS['evidence'].label}”, on "
                      + ("the sliders as you set them" if changed else "the default settings"))


def suggest_order(case: Case, factors: Sequence[str], ranking: weigh.Ranking | None = None,
                  weighting: Weighting | None = None) -> tuple[str, ...]:
    """The factors in the order the recorded evidence backs them (the best-ranked first), offered for
    information. Ids that are not theses of the case are left out."""
    rank = {tid: i for i, tid in enumerate(weighed(case, ranking, weighting).order)}
    return tuple(sorted((f for f in dict.fromkeys(factors) if f in rank), key=rank.__getitem__))


def default_plan(order: Sequence[str], thesis: str, factors: Sequence[str] | None = None,
                 counter: str | None = None, most: int = DEFAULT_FACTORS) -> tuple[tuple[str, ...], str | None]:
    """The planner's defaults for a main thesis, given the theses in the order of the weighting: the factors
    and the counter-argument, never the main thesis and never the same thesis as both.

    `factors` and `counter` are the student's choices so far, kept when they still make sense (none is the
    main thesis, each is in `order`). Without a counter-argument, it is the best-ranked rival after the
    `most` best-ranked other theses (or the last of them, when there are fewer), or, when factors are kept,
    the best-ranked thesis that is not one of them; None when no thesis is left. Without factors, they are
    the `most` best-ranked other theses that are not the counter-argument."""
    others = [t for t in dict.fromkeys(order) if t != thesis]
    if counter not in others:
        counter = None
    if factors is not None and all(f in others for f in factors):
        if counter is None:
            counter = next((t for t in others if t not in factors), None)
        return tuple(factors), counter
    if counter is None and len(others) >= 2:
        counter = others[min(most, len(others) - 1)]
    return tuple(t for t in others if t != counter)[:most], counter

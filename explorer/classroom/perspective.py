"""A student's own perspective on the evidence, and the class's, in the engine's own terms. Pure: no I/O.

A `Perspective` is what a student sends from their phone besides the vote: either a *weighting* (how much they
trust each source, whether background passages count, how much each criterion counts: the settings the
weighing engine takes, named as it names them) or their own *order* of the explanations. A weighting's ranking
is the engine's ranking on those settings; an order is its own ranking.

What the console and the student's page show, each a function here:

- `ranking_of` / `places_of`: a perspective's ranking of the theses of a case (the engine's, for a weighting);
  places keep ties (scores equal to 9 decimals share a place, shown "=1st"); a weighting on which every score is
  0 (every criterion's weight 0, or every trust 0) ties every thesis;
- `kendall_tau`: how alike two rankings are, Kendall's tau-b (scipy.stats.kendalltau, variant "b", which allows
  for ties): 1 the same order, -1 the reverse, 0 no relation; None when fewer than two theses are in both, or
  when either ranking ties them all;
- `firsts`: how many rankings put each thesis first (a tie for first counts for each; `shared_firsts` says how
  many rankings had one);
- `class_ranking`: the class's ranking from every student's own ranking, weighings and orders alike, by mean
  place (a Borda count);
- `class_median`: the class's typical settings, the median of each setting over the class's weightings (a student
  who left a setting alone counts with its default; the background switch on only when more than half switched
  it on); the engine on them is a second class ranking, which need not put first what any student put first;
- `spreads`: how far the class is apart on each setting: the interquartile range (the middle half of the class)
  from SMALL_CLASS weighings, the lowest and highest values below, as a share of the setting's scale so that a
  trust (0..1), a weight (0..5) and the background switch (off 0, on 1) compare;
- `deciding_passages`: the recorded passages that move the gap between two theses' scores most when left out, on
  a weighting (the engine scores the case again without each; `deciding_sides`: the best of them on either side);
- `biggest_difference`: of the settings on which a weighting differs from a reference, the one that changes the
  order of most pairs of its ranking when it alone is put back to the reference's value; None when none does;
- `change`: from before the debate to after, over the students who answered both polls: the firsts, the class
  ranking by average place, and the typical settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from scipy.stats import kendalltau

from explorer import weigh
from explorer.model import Case, Source, source_names
from explorer.problem import ExplorerError
from explorer.text import ordinal
from explorer.vocabulary import (
    CRITERIA,
    CRITERIA_TABLE,
    DEFAULT_POINTS,
    POINTS_MAX,
    STANCES,
    STRENGTH_LEVELS,
    STRENGTH_NAMES,
    STRENGTHS,
    WEIGHT_MAX,
)
from explorer.weighting import Weighting

BACKGROUND = min(STRENGTHS)  # the strength level of a background passage (1)
DEFAULT_BACKGROUND = DEFAULT_POINTS[BACKGROUND]  # 0: background is not support
BACKGROUND_ON = 1.0  # what a background passage counts for when a student says it counts (relevant is 2)
MOST_SOURCES = 200
MOST_THESES = 12


class PerspectiveError(ExplorerError, ValueError):
    """A perspective that does not fit the case (an unknown source or thesis); the message names it."""


class Perspective(BaseModel):
    """One student's weighting or order. Settings left out are the engine's defaults (trust: the case's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[str, float] = Field(default_factory=dict)  # criterion -> 0..WEIGHT_MAX
    points: dict[int, float] = Field(default_factory=dict)  # strength level -> 0..POINTS_MAX
    trust: dict[str, float] = Field(default_factory=dict, max_length=MOST_SOURCES)  # source id -> 0..1
    order: tuple[str, ...] | None = Field(default=None, max_length=MOST_THESES)  # their own order, best first

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        checked = weigh.check_weights(value)
        return {name: checked[name] for name in value}

    @field_validator("points", mode="before")
    @classmethod
    def _points(cls, value: object) -> dict[int, float]:
        if not isinstance(value, Mapping):
            # a ValueError, not a TypeError: pydantic reports only the former as a validation error
            raise ValueError(f"points must map a strength ({', '.join(STRENGTH_NAMES.values())}) to a number")  # noqa: TRY004
        checked = weigh.check_points(value)
        return {level: checked[level] for level in sorted({STRENGTH_LEVELS[str(k)] for k in value})}

    @field_validator("trust")
    @classmethod
    def _trust(cls, value: dict[str, float]) -> dict[str, float]:
        for sid, trust in value.items():
            if not (0.0 <= trust <= 1.0):  # also refuses NaN
                raise ValueError(f"trust {trust!r} for `{sid}` is out of range; use a number from 0 to 1")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Perspective:
        if self.order is not None:
            if self.weights or self.points or self.trust:
                raise ValueError("a perspective is a weighting or an order, not both")
            if not self.order:
                raise ValueError("an order needs at least one explanation")
            if len(set(self.order)) != len(self.order):
                raise ValueError("an explanation is in the order twice; put each in once")
        return self

    @property
    def is_order(self) -> bool:
        return self.order is not None


def check(case: Case, perspective: Perspective) -> Perspective:
    """The perspective, or PerspectiveError when it names a source or a thesis the case does not have."""
    for sid in perspective.trust:
        if sid not in case.sources:
            raise PerspectiveError(weigh.unknown("source", sid, list(case.sources)))
    for tid in perspective.order or ():
        if tid not in case.theses:
            raise PerspectiveError(f"`{tid}` is not one of the explanations in this debate")
    return perspective


# --- settings: every one a perspective can set, named and labelled ------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting of the engine: a criterion's weight, what a strength of passage counts for, or a source's trust."""

    kind: str  # weight | points | trust
    name: str  # the criterion, the strength level (as text) or the source id

    @property
    def key(self) -> str:
        """Its name in the dashboard's settings and links: w_support, p_1, t_alpha."""
        return {"weight": "w_", "points": "p_", "trust": "t_"}[self.kind] + self.name

    @property
    def is_switch(self) -> bool:
        """Whether it is the on/off switch of what a background passage counts for (the student's page sets it to
        0 or BACKGROUND_ON)."""
        return self.kind == "points" and self.name == str(BACKGROUND)

    @property
    def scale(self) -> float:
        """The width of its range, so that settings compare: a switch's is 0..1 (off, on)."""
        if self.is_switch:
            return 1.0
        return {"weight": WEIGHT_MAX, "points": POINTS_MAX, "trust": 1.0}[self.kind]


def weighed_sources(case: Case) -> list[str]:
    """The sources whose trust moves a score: those of the passages and of the historians' attributions, in the
    order of sources.yaml."""
    cited = {e.source for _, e in case.passages()} | {p.source for t in case.theses.values() for p in t.proponents}
    return [sid for sid in case.sources if sid in cited]


def settings_list(case: Case) -> list[Setting]:
    """Every setting that moves a score, in the order the console lists them: the criteria, what background
    counts for, then the trust in each source that is weighed (see weighed_sources)."""
    return ([Setting("weight", c) for c in CRITERIA] + [Setting("points", str(BACKGROUND))]
            + [Setting("trust", sid) for sid in weighed_sources(case)])


# --- the student's page, in words: every label and help of its settings ------------------------------------

BACKGROUND_SWITCH = f"{STRENGTHS[BACKGROUND].label.capitalize()} passages count as evidence"


def background_help() -> str:
    """The help of the background switch: what such a passage is, and what the switch changes."""
    relevant = STRENGTHS[BACKGROUND + 1]
    return (f"A {STRENGTHS[BACKGROUND].label} passage {STRENGTHS[BACKGROUND].plain}. The engine counts it for "
            f"nothing; switched on, it counts {BACKGROUND_ON:g} point, against {relevant.points:g} for a "
            f"{relevant.label} passage.")


def criterion_help(name: str) -> str:
    """A criterion's help: what it measures, in the vocabulary's words, and its default weight."""
    c = CRITERIA_TABLE[name]
    return f"{c.description[:1].upper()}{c.description[1:]}. The engine gives it a weight of {c.weight:g}."


def trust_help(source: Source) -> str:
    """Why a source starts at its trust (weigh.trust_reason: what a source of its kind is, and the faults recorded
    against it), and where the engine starts: the words of the dashboard's own trust sliders."""
    return f"{weigh.trust_reason(source)} Default {weigh.source_trust(source):.2f}."


def label(case: Case, setting: Setting) -> str:
    """A setting in plain words: 'How much Support counts', 'What background counts for', 'Trust in Alpha'."""
    if setting.kind == "weight":
        return f"How much “{CRITERIA_TABLE[setting.name].label}” counts"
    if setting.kind == "points":
        return f"What a {STRENGTHS[int(setting.name)].label} passage counts for"
    return f"Trust in {source_names(case.sources).get(setting.name, setting.name)}"


def weighting(case: Case, perspective: Perspective | None = None) -> Weighting:
    """The settings in full: the perspective's, and the defaults for the rest (None: the engine's defaults)."""
    p = perspective or Perspective()
    return Weighting.of(case, p.weights, p.points, {sid: t for sid, t in p.trust.items() if sid in case.sources})


# --- rankings -------------------------------------------------------------------------------------------

Places = dict[str, int]  # thesis -> its place, 1 the best; theses with equal scores share the better place: 1, 1, 3


def rank(case: Case, chosen: Weighting) -> tuple[str, ...]:
    """The engine's ranking of the case's theses on these settings, best first (equal scores: the first id first;
    see `places` for the ties)."""
    return weigh.scores(case, chosen).order


def places(case: Case, chosen: Weighting) -> Places:
    """The engine's places on these settings, in the order of `rank`: scores rounded to 9 decimals, and theses
    with equal scores share a place (1, 1, 3). A weighting on which every score is 0 (every criterion's weight 0,
    or every trust 0) ties every thesis."""
    return _ranked(case, chosen)[1]


def _ranked(case: Case, chosen: Weighting) -> tuple[tuple[str, ...], Places]:
    """`rank` and `places` from one scoring of the case."""
    found = weigh.scores(case, chosen)
    score = {t: round(float(found.score[t]), 9) for t in found.order}
    return tuple(found.order), {t: 1 + sum(1 for u in found.order if score[u] > score[t]) for t in found.order}


def ranking_of(case: Case, perspective: Perspective | None = None) -> tuple[str, ...]:
    """A perspective's ranking of the case's theses, best first. A weighting: the engine's ranking on it (None:
    on the defaults). An order: its own, the theses of the case it leaves out after it, in the engine's default
    order; theses the case does not have are dropped."""
    if perspective is None or not perspective.is_order:
        return rank(case, weighting(case, perspective))
    listed = tuple(t for t in perspective.order if t in case.theses)
    return listed + tuple(t for t in rank(case, weighting(case)) if t not in listed)


def places_of(case: Case, perspective: Perspective | None = None) -> Places:
    """A perspective's places: a weighting's are the engine's (`places`, ties kept); an order's are its own, one
    thesis to a place (see `ranking_of`)."""
    if perspective is None or not perspective.is_order:
        return places(case, weighting(case, perspective))
    return {t: i for i, t in enumerate(ranking_of(case, perspective), start=1)}


def as_places(ranking: Mapping[str, int] | Sequence[str]) -> Places:
    """Places from places, or from a ranking without ties (best first)."""
    if isinstance(ranking, Mapping):
        return dict(ranking)
    return {t: i for i, t in enumerate(ranking, start=1)}


def place_words(thesis: str, ranking: Mapping[str, int] | Sequence[str]) -> str:
    """A thesis's place in words, '=1st' when it shares it; '' when the ranking does not place it."""
    found = as_places(ranking)
    if thesis not in found:
        return ""
    shared = sum(1 for p in found.values() if p == found[thesis]) > 1
    return ("=" if shared else "") + ordinal(found[thesis])


def all_tied(ranking: Mapping[str, int] | Sequence[str]) -> bool:
    """Whether a ranking of two or more theses puts them all in the same place."""
    found = as_places(ranking)
    return len(found) > 1 and len(set(found.values())) == 1


def kendall_tau(first: Mapping[str, int] | Sequence[str], second: Mapping[str, int] | Sequence[str]) -> float | None:
    """Kendall's tau-b of two rankings over the theses they share (scipy.stats.kendalltau, variant "b", which
    allows for ties), rounded to 9 decimals; None when they share fewer than two theses (a correlation needs a
    pair) or when either ranking ties every shared thesis (there is no order to compare)."""
    a, b = as_places(first), as_places(second)
    shared = [t for t in a if t in b]
    x, y = [a[t] for t in shared], [b[t] for t in shared]
    if len(shared) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    statistic = float(kendalltau(x, y, variant="b").statistic)
    return None if math.isnan(statistic) else round(statistic, 9) + 0.0


def firsts(rankings: Sequence[Mapping[str, int] | Sequence[str]], theses: Sequence[str]) -> dict[str, int]:
    """How many rankings put each thesis first, for every thesis given (0 when none did). A ranking with a tie
    for first counts for each thesis in the tie (see `shared_firsts`)."""
    out = {t: 0 for t in theses}
    for ranking in rankings:
        for thesis, place in as_places(ranking).items():
            if place == 1 and thesis in out:
                out[thesis] += 1
    return out


def shared_firsts(rankings: Sequence[Mapping[str, int] | Sequence[str]]) -> int:
    """How many rankings put more than one thesis first."""
    return sum(1 for r in rankings if sum(1 for p in as_places(r).values() if p == 1) > 1)


@dataclass(frozen=True)
class ClassRanking:
    """The class's ranking built from every student's own ranking (weighings and orders alike): each thesis's
    average place (a Borda count), the smaller the better."""

    count: int  # the rankings it rests on
    mean_place: dict[str, float]  # a place shared by a tie counts as the mean of the places it spans: 1, 1 -> 1.5
    places: Places  # by average place; equal means share a place
    order: tuple[str, ...]  # by average place, equal means in the order of the theses given


def spanned(ranking: Mapping[str, int] | Sequence[str]) -> dict[str, float]:
    """Each thesis's place with a tie counted as the mean of the places it spans: places 1, 1, 3 give 1.5, 1.5, 3."""
    found = as_places(ranking)
    size = {p: sum(1 for q in found.values() if q == p) for p in set(found.values())}
    return {t: p + (size[p] - 1) / 2 for t, p in found.items()}


def class_ranking(rankings: Sequence[Mapping[str, int] | Sequence[str]],
                  theses: Sequence[str]) -> ClassRanking | None:
    """The class's ranking by average place over the students' rankings (None without any). A thesis a ranking leaves
    out counts as placed after all it places."""
    if not rankings:
        return None
    spans = [spanned(r) for r in rankings]
    mean = {t: round(sum(s.get(t, len(s) + 1) for s in spans) / len(spans), 9) + 0.0 for t in theses}
    order = tuple(sorted(theses, key=lambda t: mean[t]))
    return ClassRanking(len(spans), mean, {t: 1 + sum(1 for u in theses if mean[u] < mean[t]) for t in order}, order)


# --- the class ------------------------------------------------------------------------------------------


def weightings(case: Case, perspectives: Sequence[Perspective]) -> list[Weighting]:
    """The class's weightings in full (orders have no settings and are left out)."""
    return [weighting(case, p) for p in perspectives if not p.is_order]


def switched_on(values: Sequence[float]) -> int:
    """How many of a switch's values (what background counts for) are on."""
    return sum(1 for v in values if v > 0)


def class_median(case: Case, perspectives: Sequence[Perspective]) -> Weighting | None:
    """The class's typical settings: each setting's median over the class's weightings (a setting a student left
    alone counts with its default; the median of an even number is the mean of the middle two). The background
    switch is on or off: on (at the median of those who switched it on) only when more than half switched it on.
    None when no one sent a weighting; orders have no settings and do not count."""
    full = weightings(case, perspectives)
    if not full:
        return None
    median = weighting(case)
    for setting in settings_list(case):
        values = [w.value(setting) for w in full]
        if setting.is_switch:
            on = [v for v in values if v > 0]
            middle = float(np.median(on)) if 2 * len(on) > len(values) else 0.0
        else:
            middle = float(np.median(values))
        median = median.with_value(setting, round(middle, 9) + 0.0)
    return median


SMALL_CLASS = 4  # below this many weighings, a spread is the lowest and highest value, not the middle half


@dataclass(frozen=True)
class Spread:
    setting: Setting
    low: float  # the lower quartile; the lowest value below SMALL_CLASS weighings; a switch: 0 off, 1 on
    high: float  # the upper quartile; the highest value below SMALL_CLASS weighings
    share: float  # (high - low) / the setting's scale (a switch's is 0..1)
    count: int  # the weighings it rests on
    on: int | None = None  # a switch: how many of them switched it on

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def middle_half(self) -> bool:
        """Whether low and high are quartiles (the middle half of the class) rather than the lowest and highest."""
        return self.count >= SMALL_CLASS


def spreads(case: Case, perspectives: Sequence[Perspective]) -> list[Spread]:
    """Every setting's spread over the class's weightings, the widest first (ties in the order of settings_list).
    From SMALL_CLASS weighings, the quartiles by linear interpolation (numpy's default: with five students, the
    second and fourth values); below, the lowest and highest values. The background switch counts as 0 (off) or 1
    (on), on its own 0..1 scale."""
    full = weightings(case, perspectives)
    if not full:
        return []
    out = []
    for setting in settings_list(case):
        values = [w.value(setting) for w in full]
        on = None
        if setting.is_switch:
            on = switched_on(values)
            values = [1.0 if v > 0 else 0.0 for v in values]
        if len(values) >= SMALL_CLASS:
            low, high = (round(float(q), 9) + 0.0 for q in np.percentile(values, [25, 75]))
        else:
            low, high = min(values) + 0.0, max(values) + 0.0
        out.append(Spread(setting, low, high, round((high - low) / setting.scale, 9) + 0.0, len(values), on))
    return sorted(out, key=lambda s: -s.share)


def widest_spread(case: Case, perspectives: Sequence[Perspective]) -> Spread | None:
    """The setting on which the class disagrees most, or None without weightings."""
    found = spreads(case, perspectives)
    return found[0] if found else None


@dataclass(frozen=True)
class Deciding:
    """A recorded passage and what leaving it out does to the scores of two theses on one weighting."""

    ref: str
    source: str
    recorded_under: str  # the thesis whose claim file records it
    quote: str
    weight: dict[str, float]  # thesis -> the passage's weight on it (weigh.passage_weight), signed: against < 0
    effect: dict[str, float]  # thesis -> its score with the passage less its score without it (9 decimals)

    @property
    def difference(self) -> float:
        """What the passage adds to the gap between the first thesis's score and the second's: > 0 it helps the
        first, < 0 the second."""
        first, second = self.effect
        return round(self.effect[first] - self.effect[second], 9) + 0.0


def without(case: Case, ref: str) -> Case:
    """The case with one recorded passage left out (with the bearing it records on other theses)."""
    return case.model_copy(update={"theses": {
        tid: t.model_copy(update={"evidence": [e for e in t.evidence if e.ref != ref]})
        for tid, t in case.theses.items()}})


def deciding_passages(case: Case, chosen: Weighting, top_two: Sequence[str], most: int = 5) -> list[Deciding]:
    """The recorded passages that move the gap between two theses' scores most when left out, on a weighting: each
    passage bearing on either is left out and the case scored again by the engine, so that corroboration, backing
    and the caps of the scales count as they do in the scores. Passages whose leaving out does not move the gap
    are left out; the largest move first, then in case order."""
    a, b = top_two

    def score(of: Case) -> dict[str, float]:
        found = weigh.scores(of, chosen).score
        return {a: float(found[a]), b: float(found[b])}

    full = score(case)
    out = []
    for thesis, evidence in case.passages():
        bearings = {t: sb for t, sb in evidence.stances(thesis.id).items() if t in (a, b)}
        if not bearings:
            continue
        trust = chosen.trust.get(evidence.source, 0.0)
        weight = {a: 0.0, b: 0.0}
        for target, (stance, strength) in bearings.items():
            sign = -1 if STANCES[stance].against else 1
            weight[target] = round(sign * weigh.passage_weight(stance, strength, trust, chosen.points), 9) + 0.0
        less = score(without(case, evidence.ref))
        effect = {t: round(full[t] - less[t], 9) + 0.0 for t in (a, b)}
        found = Deciding(evidence.ref, evidence.source, thesis.id,
                         case.words(evidence.source, evidence.span, evidence.quote), weight, effect)
        if found.difference:
            out.append(found)
    return sorted(out, key=lambda d: -abs(d.difference))[:most]


def deciding_sides(case: Case, chosen: Weighting, top_two: Sequence[str],
                   each: int = 3) -> tuple[list[Deciding], list[Deciding]]:
    """The deciding passages, up to `each` on either side: those that widen the first thesis's lead, and those that
    narrow it, the largest move first (so that a debate sees both sides' best)."""
    found = deciding_passages(case, chosen, top_two, most=len(case.passages()))
    return [d for d in found if d.difference > 0][:each], [d for d in found if d.difference < 0][:each]


@dataclass(frozen=True)
class Effect:
    """What putting one setting of a weighting back to a reference's value does to its ranking."""

    setting: Setting
    mine: float
    reference: float
    ranking: tuple[str, ...]  # the ranking with that setting put back
    swapped: int  # pairs of theses whose order changes (a tie made or broken counts)


def swapped_pairs(first: Mapping[str, int] | Sequence[str], second: Mapping[str, int] | Sequence[str]) -> int:
    """How many pairs of theses two rankings order differently: put in opposite orders, or tied in one and not in
    the other."""
    a, b = as_places(first), as_places(second)
    shared = [t for t in a if t in b]
    sign = lambda x: (x > 0) - (x < 0)
    return sum(1 for i, x in enumerate(shared) for y in shared[i + 1:]
               if sign(a[x] - a[y]) != sign(b[x] - b[y]))


def effects(case: Case, perspective: Perspective, reference: Perspective | Weighting | None = None) -> list[Effect]:
    """For each setting on which the weighting differs from the reference (None: the engine's defaults): its
    ranking with that setting alone put back to the reference's value. The setting that swaps most pairs first;
    ties by the largest change of value as a share of the setting's scale, then in the order of settings_list.
    Empty for an order, or when the weighting is the reference's."""
    if perspective.is_order:
        return []
    mine = weighting(case, perspective)
    ref = reference if isinstance(reference, Weighting) else weighting(case, reference)
    own = places(case, mine)
    out = []
    for setting in settings_list(case):
        if math.isclose(mine.value(setting), ref.value(setting), abs_tol=1e-9):
            continue
        back = mine.with_value(setting, ref.value(setting))
        ranking, placed = _ranked(case, back)
        out.append(Effect(setting, mine.value(setting), ref.value(setting), ranking, swapped_pairs(own, placed)))
    order = {s: i for i, s in enumerate(settings_list(case))}
    return sorted(out, key=lambda e: (-e.swapped, -abs(e.mine - e.reference) / e.setting.scale, order[e.setting]))


def biggest_difference(case: Case, perspective: Perspective,
                       reference: Perspective | Weighting | None = None) -> Effect | None:
    """The setting that makes the biggest difference between a weighting's ranking and the reference's (see
    `effects`): None when no setting, put back alone, changes the order of any pair (the ranking is the
    reference's, or it is the combination of settings that moves it)."""
    return biggest_of(effects(case, perspective, reference))


def biggest_of(found: list[Effect]) -> Effect | None:
    """The first of `effects` when it changes the order of any pair, else None."""
    return found[0] if found and found[0].swapped else None


# --- before and after -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """From before the debate to after, over the students who answered both polls (paired by participant)."""

    count_before: int  # students in the poll before the debate
    count_after: int
    paired: int  # students who answered both
    firsts_before: dict[str, int]  # among the paired
    firsts_after: dict[str, int]
    class_before: ClassRanking | None  # the paired students' class ranking (average place)
    class_after: ClassRanking | None
    tau: float | None  # between the two class rankings
    moved: list[tuple[Setting, float, float]]  # settings whose middle value (the paired weighings') changed

    @property
    def firsts_shift(self) -> dict[str, int]:
        return {t: self.firsts_after.get(t, 0) - self.firsts_before.get(t, 0)
                for t in dict.fromkeys([*self.firsts_before, *self.firsts_after])}


def change(case: Case, before: Sequence[tuple[str, Perspective]], after: Sequence[tuple[str, Perspective]]) -> Change:
    """From before the debate to after, over the students who answered both polls (rows are (participant,
    perspective); a participant's last row in a poll counts): how many of them put each thesis first, their class
    ranking by average place, and the typical settings of those who weighed both times that moved (largest move, as a
    share of its scale, first)."""
    theses = rank(case, weighting(case))
    first, second = dict(before), dict(after)
    both = [p for p in first if p in second]
    r1 = [places_of(case, first[p]) for p in both]
    r2 = [places_of(case, second[p]) for p in both]
    c1, c2 = class_ranking(r1, theses), class_ranking(r2, theses)
    weighed = [p for p in both if not first[p].is_order and not second[p].is_order]
    m1 = class_median(case, [first[p] for p in weighed])
    m2 = class_median(case, [second[p] for p in weighed])
    moved = []
    if m1 and m2:
        moved = [(s, m1.value(s), m2.value(s)) for s in settings_list(case)
                 if not math.isclose(m1.value(s), m2.value(s), abs_tol=1e-9)]
        moved.sort(key=lambda m: -abs(m[2] - m[1]) / m[0].scale)
    return Change(len(first), len(second), len(both), firsts(r1, theses), firsts(r2, theses), c1, c2,
                  kendall_tau(c1.places, c2.places) if c1 and c2 else None, moved)

"""A student's own perspective on the evidence, and the class's, in the engine's own terms. Pure: no I/O.

A `Perspective` is what a student sends from their phone besides the vote: either a *weighting* (how much they
trust each source, whether background passages count, how much each criterion counts: the settings the
weighing engine takes, named as it names them) or their own *order* of the explanations. A weighting's ranking
is the engine's ranking on those settings; an order is its own ranking.

What the console and the student's page show, each a function here:

- `ranking_of`: a perspective's ranking of the theses of a case (the engine's, for a weighting);
- `kendall_tau`: how alike two rankings are, Kendall's tau-b (scipy.stats.kendalltau, variant "b"): 1 the same
  order, -1 the reverse, 0 no relation; None when fewer than two theses are in both. Rankings have no ties,
  so tau-b here equals tau-a: (agreeing pairs - disagreeing pairs) / all pairs;
- `firsts`: how many rankings put each thesis first;
- `class_median`: the median of each setting over the class's weightings (a student who left a setting alone
  counts with its default), and so the class's weighting;
- `widest_spread`: the setting on which the class disagrees most: the largest interquartile range (the middle
  half of the class), as a share of the setting's scale so that a trust (0..1) and a weight (0..5) compare;
- `deciding_passages`: the passages whose part in the score differs most between two theses, on a weighting
  (`deciding_sides`: the best of them on either side);
- `biggest_difference`: of the settings on which a weighting differs from a reference, the one that moves its
  ranking most when it alone is put back to the reference's value;
- `change`: from before the debate to after: the firsts, the class's median ranking and settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from scipy.stats import kendalltau

from explorer import weigh
from explorer.model import Case, source_names
from explorer.vocabulary import (
    CRITERIA,
    CRITERIA_TABLE,
    DEFAULT_POINTS,
    POINTS_MAX,
    STANCES,
    STRENGTH_LEVELS,
    STRENGTHS,
    WEIGHT_MAX,
)

BACKGROUND = min(STRENGTHS)  # the strength level of a background passage (1)
DEFAULT_BACKGROUND = DEFAULT_POINTS[BACKGROUND]  # 0: background is not support
BACKGROUND_ON = 1.0  # what a background passage counts for when a student says it counts (relevant is 2)
MOST_SOURCES = 200
MOST_THESES = 12


class PerspectiveError(ValueError):
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
            raise ValueError("points must map a strength (context, relevant, explicit) to a number")  # noqa: TRY004
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
    def scale(self) -> float:
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


def label(case: Case, setting: Setting) -> str:
    """A setting in plain words: 'How much Support counts', 'What background counts for', 'Trust in Alpha'."""
    if setting.kind == "weight":
        return f"How much “{CRITERIA_TABLE[setting.name].label}” counts"
    if setting.kind == "points":
        return f"What a {STRENGTHS[int(setting.name)].label} passage counts for"
    return f"Trust in {source_names(case.sources).get(setting.name, setting.name)}"


@dataclass(frozen=True)
class Weighting:
    """A perspective's settings in full, as weigh.scores takes them."""

    weights: dict[str, float]
    points: dict[int, float]
    trust: dict[str, float]

    def value(self, setting: Setting) -> float:
        if setting.kind == "weight":
            return self.weights[setting.name]
        if setting.kind == "points":
            return self.points[int(setting.name)]
        return self.trust[setting.name]

    def with_value(self, setting: Setting, value: float) -> Weighting:
        weights, points, trust = dict(self.weights), dict(self.points), dict(self.trust)
        if setting.kind == "weight":
            weights[setting.name] = value
        elif setting.kind == "points":
            points[int(setting.name)] = value
        else:
            trust[setting.name] = value
        return Weighting(weights, points, trust)

    def perspective(self) -> Perspective:
        return Perspective(weights=self.weights, points=self.points, trust=self.trust)


def weighting(case: Case, perspective: Perspective | None = None) -> Weighting:
    """The settings in full: the perspective's, and the defaults for the rest (None: the engine's defaults)."""
    p = perspective or Perspective()
    return Weighting(weigh.check_weights(p.weights), weigh.check_points(p.points),
                     weigh.trusts(case, {sid: t for sid, t in p.trust.items() if sid in case.sources}))


# --- rankings -------------------------------------------------------------------------------------------


def rank(case: Case, chosen: Weighting) -> tuple[str, ...]:
    """The engine's ranking of the case's theses on these settings, best first."""
    return weigh.scores(case, chosen.weights, chosen.trust, chosen.points).order


def ranking_of(case: Case, perspective: Perspective | None = None) -> tuple[str, ...]:
    """A perspective's ranking of the case's theses, best first. A weighting: the engine's ranking on it (None:
    on the defaults). An order: its own, the theses of the case it leaves out after it, in the engine's default
    order; theses the case does not have are dropped."""
    if perspective is None or not perspective.is_order:
        return rank(case, weighting(case, perspective))
    listed = tuple(t for t in perspective.order if t in case.theses)
    return listed + tuple(t for t in rank(case, weighting(case)) if t not in listed)


def kendall_tau(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Kendall's tau-b of two rankings over the theses they share (scipy.stats.kendalltau, variant "b"), rounded
    to 9 decimals; None when they share fewer than two theses (a correlation needs a pair)."""
    shared = [t for t in first if t in second]
    if len(shared) < 2:
        return None
    x = [first.index(t) for t in shared]
    y = [list(second).index(t) for t in shared]
    statistic = float(kendalltau(x, y, variant="b").statistic)
    return None if math.isnan(statistic) else round(statistic, 9) + 0.0


def firsts(rankings: Sequence[Sequence[str]], theses: Sequence[str]) -> dict[str, int]:
    """How many rankings put each thesis first, for every thesis given (0 when none did)."""
    out = {t: 0 for t in theses}
    for ranking in rankings:
        if ranking and ranking[0] in out:
            out[ranking[0]] += 1
    return out


# --- the class ------------------------------------------------------------------------------------------


def weightings(case: Case, perspectives: Sequence[Perspective]) -> list[Weighting]:
    """The class's weightings in full (orders have no settings and are left out)."""
    return [weighting(case, p) for p in perspectives if not p.is_order]


def class_median(case: Case, perspectives: Sequence[Perspective]) -> Weighting | None:
    """Each setting's median over the class's weightings (a setting a student left alone counts with its default);
    None when no one sent a weighting. The median of an even number is the mean of the middle two."""
    full = weightings(case, perspectives)
    if not full:
        return None
    median = weighting(case)
    for setting in settings_list(case):
        median = median.with_value(setting, round(float(np.median([w.value(setting) for w in full])), 9) + 0.0)
    return median


@dataclass(frozen=True)
class Spread:
    setting: Setting
    low: float  # the lower quartile
    high: float  # the upper quartile
    share: float  # (high - low) / the setting's scale

    @property
    def width(self) -> float:
        return self.high - self.low


def spreads(case: Case, perspectives: Sequence[Perspective]) -> list[Spread]:
    """Every setting's spread over the class's weightings, the widest first (ties in the order of settings_list).
    Quartiles by linear interpolation (numpy's default): with five students, the second and fourth values."""
    full = weightings(case, perspectives)
    if not full:
        return []
    out = []
    for setting in settings_list(case):
        values = [w.value(setting) for w in full]
        low, high = (round(float(q), 9) + 0.0 for q in np.percentile(values, [25, 75]))
        out.append(Spread(setting, low, high, round((high - low) / setting.scale, 9) + 0.0))
    return sorted(out, key=lambda s: -s.share)


def widest_spread(case: Case, perspectives: Sequence[Perspective]) -> Spread | None:
    """The setting on which the class disagrees most, or None without weightings."""
    found = spreads(case, perspectives)
    return found[0] if found else None


@dataclass(frozen=True)
class Deciding:
    """A passage and what it counts for in the scores of two theses on one weighting."""

    ref: str
    source: str
    recorded_under: str  # the thesis whose claim file records it
    quote: str
    weight: dict[str, float]  # thesis -> the passage's weight on it (weigh.passage_weight), signed: against < 0
    part: dict[str, float]  # thesis -> its part of the thesis's score: weight x criterion weight / criterion full

    @property
    def difference(self) -> float:
        """Its part in the first thesis's score less its part in the second's."""
        first, second = self.part
        return round(self.part[first] - self.part[second], 9) + 0.0


def deciding_passages(case: Case, chosen: Weighting, top_two: Sequence[str], most: int = 5) -> list[Deciding]:
    """The passages that decide between two theses on a weighting: those whose part in the two scores differs most
    (supporting passages count in support, disputing and qualifying ones in contestation, each on its criterion's
    scale and weight; the caps of the scale are not applied, as a single passage never reaches them). Passages
    that count the same for both (or nothing) are left out; the largest difference first, then in case order."""
    a, b = top_two
    out = []
    for thesis, evidence in case.passages():
        bearings = {t: sb for t, sb in evidence.stances(thesis.id).items() if t in (a, b)}
        if not bearings:
            continue
        trust = chosen.trust.get(evidence.source, 0.0)
        weight, part = {a: 0.0, b: 0.0}, {a: 0.0, b: 0.0}
        for target, (stance, strength) in bearings.items():
            w = weigh.passage_weight(stance, strength, trust, chosen.points)
            criterion = "contestation" if STANCES[stance].against else "support"
            sign = CRITERIA_TABLE[criterion].sign
            weight[target] = round(sign * w, 9) + 0.0
            part[target] = round(sign * w * chosen.weights[criterion] / CRITERIA_TABLE[criterion].full, 9) + 0.0
        found = Deciding(evidence.ref, evidence.source, thesis.id, case.words(evidence.source, evidence.span,
                                                                             evidence.quote), weight, part)
        if found.difference:
            out.append(found)
    return sorted(out, key=lambda d: -abs(d.difference))[:most]


def deciding_sides(case: Case, chosen: Weighting, top_two: Sequence[str],
                   each: int = 3) -> tuple[list[Deciding], list[Deciding]]:
    """The deciding passages, up to `each` on either side: those that count more for the first thesis, and those
    that count more for the second, the largest difference first (so that a debate sees both sides' best)."""
    found = deciding_passages(case, chosen, top_two, most=len(case.passages()))
    return [d for d in found if d.difference > 0][:each], [d for d in found if d.difference < 0][:each]


@dataclass(frozen=True)
class Effect:
    """What putting one setting of a weighting back to a reference's value does to its ranking."""

    setting: Setting
    mine: float
    reference: float
    ranking: tuple[str, ...]  # the ranking with that setting put back
    swapped: int  # pairs of theses whose order changes


def swapped_pairs(first: Sequence[str], second: Sequence[str]) -> int:
    """How many pairs of theses two rankings (of the same theses) put in opposite orders."""
    where = {t: i for i, t in enumerate(second)}
    shared = [t for t in first if t in where]
    return sum(1 for i, x in enumerate(shared) for y in shared[i + 1:] if where[x] > where[y])


def effects(case: Case, perspective: Perspective, reference: Perspective | Weighting | None = None) -> list[Effect]:
    """For each setting on which the weighting differs from the reference (None: the engine's defaults): its
    ranking with that setting alone put back to the reference's value. The setting that swaps most pairs first;
    ties by the largest change of value as a share of the setting's scale, then in the order of settings_list.
    Empty for an order, or when the weighting is the reference's."""
    if perspective.is_order:
        return []
    mine = weighting(case, perspective)
    ref = reference if isinstance(reference, Weighting) else weighting(case, reference)
    own = rank(case, mine)
    out = []
    for setting in settings_list(case):
        if math.isclose(mine.value(setting), ref.value(setting), abs_tol=1e-9):
            continue
        moved = rank(case, mine.with_value(setting, ref.value(setting)))
        out.append(Effect(setting, mine.value(setting), ref.value(setting), moved, swapped_pairs(own, moved)))
    order = {s: i for i, s in enumerate(settings_list(case))}
    return sorted(out, key=lambda e: (-e.swapped, -abs(e.mine - e.reference) / e.setting.scale, order[e.setting]))


def biggest_difference(case: Case, perspective: Perspective,
                       reference: Perspective | Weighting | None = None) -> Effect | None:
    """The setting that makes the biggest difference between a weighting's ranking and the reference's (see
    `effects`), or None."""
    found = effects(case, perspective, reference)
    return found[0] if found else None


# --- before and after -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    firsts_before: dict[str, int]
    firsts_after: dict[str, int]
    median_before: tuple[str, ...] | None  # the ranking of the class's median weighting
    median_after: tuple[str, ...] | None
    tau: float | None  # between the two median rankings
    moved: list[tuple[Setting, float, float]]  # settings whose class median changed: (setting, before, after)

    @property
    def firsts_shift(self) -> dict[str, int]:
        return {t: self.firsts_after.get(t, 0) - self.firsts_before.get(t, 0)
                for t in dict.fromkeys([*self.firsts_before, *self.firsts_after])}


def change(case: Case, before: Sequence[Perspective], after: Sequence[Perspective]) -> Change:
    """From before the debate to after: how many put each thesis first, the ranking of the class's median
    weighting and the settings whose median moved (largest move, as a share of its scale, first)."""
    theses = rank(case, weighting(case))
    first = firsts([ranking_of(case, p) for p in before], theses)
    second = firsts([ranking_of(case, p) for p in after], theses)
    m1, m2 = class_median(case, before), class_median(case, after)
    r1 = rank(case, m1) if m1 else None
    r2 = rank(case, m2) if m2 else None
    moved = []
    if m1 and m2:
        moved = [(s, m1.value(s), m2.value(s)) for s in settings_list(case)
                 if not math.isclose(m1.value(s), m2.value(s), abs_tol=1e-9)]
        moved.sort(key=lambda m: -abs(m[2] - m[1]) / m[0].scale)
    return Change(first, second, r1, r2, kendall_tau(r1, r2) if r1 and r2 else None, moved)


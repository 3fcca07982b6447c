"""The answer in plain words: what the weighing says, how sure it is, and what would change it.

Built only from the engine's own figures (a `weigh.Ranking` and the case's matrices), so it stays true for any
case: a clear lead is called clear, a narrow one narrow, a tie a tie (in either method), and where the tests
of the ranking disagree about who comes first the answer says that the recorded sources do not settle it.
Pure: no I/O, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from explorer.model import Case
from explorer.text import listed, ordinal, plural
from explorer.vocabulary import CRITERIA, CRITERIA_TABLE, KINDS_SHOWN, MODELS, ROBUSTNESS, STANCES, STRENGTHS
from explorer.weigh import (
    KINDS,
    Judgement,
    Matrices,
    Pivotal,
    Ranking,
    ThesisResult,
    Weighting,
    ach,
    first_without_each_source,
    scores,
)
from explorer.weighting import strongest_passages

CLEAR = 0.75  # a lead is clear when the first explanation stays first in at least this share of every test
DIGITS = 9  # scores are compared after rounding to 9 decimals, as the engine ranks them

# What the answer calls itself: one word a test and a page can rely on.
VERDICTS = ("empty", "nothing", "tie", "clear", "narrow", "unsettled", "untested")
PENDING = "Still testing how sure this is: the figures follow in a moment."


@dataclass(frozen=True)
class Answer:
    verdict: str  # one of VERDICTS
    headline: str  # one sentence: who leads and how firmly
    reasons: tuple[str, ...]  # what else the figures say: who else comes first, and under what change
    settled: bool  # False when the recorded sources do not settle which explanation comes first


def _titled(title: str) -> str:
    return f"“{title}”"


_listed = listed  # 'A', 'A and B', 'A, B and C


def _key(result: ThesisResult, model: str) -> tuple[float, float]:
    """What the ranking sorts on, best = largest, rounded as the engine rounds."""
    if model == "evidence":
        return round(result.score, DIGITS), 0.0
    return round(-result.inconsistency, DIGITS), round(result.raw["support"], DIGITS)


def tied_first(ranking: Ranking) -> list[ThesisResult]:
    """The explanations that share first place on the method's own measure (for ACH: the same weight of
    evidence against them, before the tie is broken by the evidence for them). One when there is no tie."""
    if not ranking.theses:
        return []
    top = _key(ranking.theses[0], ranking.model)[0]
    return [t for t in ranking.theses if _key(t, ranking.model)[0] == top]


def _leaders(m: Matrices, model: str, weighting: Weighting) -> list[str]:
    """Every thesis that shares first place under a method, on the method's own measure."""
    if model == "evidence":
        score = scores(m, weighting).score.round(DIGITS)
        return [tid for tid in score.index if score[tid] == score.max()]
    against = ach(m, weighting).inconsistency.round(DIGITS)
    return [tid for tid in against.index if against[tid] == against.min()]


def _first_most_often(ranking: Ranking, kind: str) -> tuple[str, float]:
    """Under one test, the thesis that comes first most often and how often (ties to the ranking's order)."""
    shares = ranking.robustness[kind].p_first
    order = [t.id for t in ranking.theses]
    best = max(order, key=lambda tid: (round(float(shares[tid]), DIGITS), -order.index(tid)))
    return best, float(shares[best])


def _distrust(m: Matrices, ranking: Ranking, names: Mapping[str, str]) -> list[str]:
    """For each quotable source in turn, trusted not at all: the sentence saying who would then come first,
    where that is another explanation (alone)."""
    titles = {t.id: t.title for t in ranking.theses}
    leader = ranking.theses[0].id
    moved = first_without_each_source(m, ranking.weighting, ranking.model)
    return [f"If you do not trust {names.get(source, source)} at all, {_titled(titles[new[0]])} comes first instead."
            for source, new in moved.items() if len(new) == 1 and new[0] != leader]


def answer(ranking: Ranking, m: Matrices, source_names: Mapping[str, str], pending: bool = False) -> Answer:
    """The plain answer for a ranking: who leads and how firmly, what often puts another explanation first (a
    different reading of the evidence, a different choice of passages, other weights, distrust of one source,
    the other method), and whether the recorded sources settle it. Without robustness figures the lead is only
    said, not judged ("untested"); `pending` says that the figures are on their way."""
    if not ranking.theses:
        return Answer("empty", "This case has no explanations yet.", (), True)
    titles = {t.id: t.title for t in ranking.theses}
    if ranking.model == "evidence" and ranking.note:
        return Answer("nothing", "On these settings no explanation has evidence that counts for it, so none "
                      "comes first.", ("Give the criteria or the passages some weight with the sliders.",), False)
    other = "ach" if ranking.model == "evidence" else "evidence"
    other_leaders = _leaders(m, other, ranking.weighting)
    other_words = (f"The other way of ranking, “{MODELS[other].label}”, {MODELS[other].gist}, "
                   + (f"puts {_titled(titles[other_leaders[0]])} first." if len(other_leaders) == 1 else
                      f"cannot choose: {len(other_leaders)} explanations tie there."))
    tied = tied_first(ranking)
    if len(tied) > 1:
        names = _listed([_titled(t.title) for t in tied])
        if ranking.model == "evidence":
            head = f"{names} tie for first place, with a score of {tied[0].score:.2f} each."
        else:
            measure = (f"the same weight of trusted evidence against them ({tied[0].inconsistency:.2f})"
                       if tied[0].inconsistency else "no trusted evidence against them")
            head = (f"{len(tied)} explanations tie for first place: {names} {'both' if len(tied) == 2 else 'all'} "
                    f"have {measure}. "
                    f"{_titled(tied[0].title)} is listed first only because more evidence is for it.")
        return Answer("tie", head, ("The recorded sources do not separate them: that is what the debate is for.",
                                     other_words), False)
    first, second = ranking.theses[0], ranking.theses[1] if len(ranking.theses) > 1 else None
    if second is None:
        return Answer("clear", f"{_titled(first.title)} is the only explanation in this case.", (), True)
    if ranking.model == "evidence":
        gap = f"a score of {first.score:.2f} against {second.score:.2f} for {_titled(second.title)}, the next"
    else:
        gap = (f"{first.inconsistency:.2f} of trusted evidence against it, against {second.inconsistency:.2f} "
               f"for {_titled(second.title)}, the next")
    reasons: list[str] = []
    challengers = []
    for kind in KINDS if ranking.robustness else ():
        best, share = _first_most_often(ranking, kind)
        if best != first.id:
            challengers.append((kind, best, share))
            reasons.append(f"But {ROBUSTNESS[kind].change} puts {_titled(titles[best])} first more often "
                           f"than the leader ({share:.0%} of the time, {ROBUSTNESS[kind].label}).")
    reasons += _distrust(m, ranking, source_names)
    if other_leaders != [first.id]:
        reasons.append(other_words)
    lowest = min((float(r.p_first[first.id]), k) for k, r in ranking.robustness.items()) if ranking.robustness \
        else None
    if lowest is None:
        verdict, settled = "untested", True
        head = f"{_titled(first.title)} comes first on these settings ({gap})."
        if pending:
            reasons.insert(0, PENDING)
    elif challengers:
        verdict, settled = "unsettled", False
        head = f"{_titled(first.title)} comes first, but narrowly ({gap})."  # as a narrow lead: the reasons say more
        reasons.append("So the recorded sources do not settle it: that is what the debate is for.")
    elif lowest is not None and lowest[0] >= CLEAR and other_leaders == [first.id]:
        verdict, settled = "clear", True
        head = (f"{_titled(first.title)} comes first, and clearly: {gap}; it stays first in at least "
                f"{lowest[0]:.0%} of every test of the ranking.")
    else:
        verdict, settled = "narrow", True
        if lowest[0] < CLEAR:
            head = f"{_titled(first.title)} comes first, but narrowly ({gap})."
            reasons.insert(0, f"It stays first only {lowest[0]:.0%} of the time {ROBUSTNESS[lowest[1]].label}.")
        else:  # firm in every test: only the other method disputes it (a teacher read "narrowly" beside 88-99%)
            head = (f"{_titled(first.title)} comes first and stays first in at least {lowest[0]:.0%} of every test "
                    f"({gap}), but the other way of ranking does not agree.")
    return Answer(verdict, head, tuple(reasons), settled)


def worked_sum(result: ThesisResult) -> str:
    """A score written out as the sum it is: '0.50 for the passages for it + 0.24 because several sources
    agree + 0.00 for historians who argue it − 0.03 for the passages against it = 0.71'. Where the rounded parts
    do not add up to the rounded score, it says that each figure is rounded."""
    terms, shown = [], 0.0
    for i, criterion in enumerate(CRITERIA):
        value = result.parts[criterion]
        minus = value < 0 or CRITERIA_TABLE[criterion].sign < 0
        words = f"{abs(value):.2f} {CRITERIA_TABLE[criterion].in_sum}"
        terms.append(words if i == 0 and not minus else f"{'−' if minus else '+'} {words}")
        shown += -round(abs(value), 2) if minus else round(abs(value), 2)
    text = " ".join(terms) + f" = {result.score:.2f}"
    if not np.isclose(round(shown, 2), round(result.score, 2)):
        text += " (each figure rounded)"
    return text


def change_in_words(change: Pivotal | Judgement, titles: Mapping[str, str]) -> str:
    """What a change does to the ranking, said against the ranking as it is: '“X” would come first instead of “Y”'
    when the leader changes; else the places of the top three that change: '“X” and “Y” would swap 3rd and 4th
    place' when two explanations trade places, '“X” would move up from 5th to 3rd place and “Y” down from 3rd to
    4th' otherwise."""
    before, after = change.order_before, change.order_after
    name = lambda tid: _titled(titles.get(tid, tid))
    if before[0] != after[0]:
        return f"{name(after[0])} would come first instead of {name(before[0])}"
    was, now = {t: i for i, t in enumerate(before)}, {t: i for i, t in enumerate(after)}
    top = len(change.before)
    moved = [t for t in before if was[t] != now[t] and min(was[t], now[t]) < top]
    if len(moved) == 2 and (now[moved[0]], now[moved[1]]) == (was[moved[1]], was[moved[0]]):
        return f"{name(moved[0])} and {name(moved[1])} would swap {ordinal(was[moved[0]] + 1)} and " \
               f"{ordinal(was[moved[1]] + 1)} place"
    moved.sort(key=now.get)
    steps = [f"{'up' if now[t] < was[t] else 'down'} from {ordinal(was[t] + 1)} to {ordinal(now[t] + 1)}"
             for t in moved]
    return _listed([f"{name(moved[0])} would move {steps[0]} place",
                    *(f"{name(t)} {step}" for t, step in zip(moved[1:], steps[1:], strict=True))])


def _or(items: list[str]) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _ways(changes: list[Pivotal | Judgement], titles: Mapping[str, str]) -> tuple[str, ...]:
    """The ways of leaving out or reading one passage that make one change, each explanation's readings said once:
    ('left out', 'read as disputing or qualifying “X” instead of supporting it, or as background to it instead of
    relevant', 'read as relevant to “Y” instead of background')."""
    ways = ["left out"] if any(isinstance(c, Pivotal) for c in changes) else []
    judged = [c for c in changes if isinstance(c, Judgement)]
    rank = {tid: i for i, tid in enumerate(titles)}
    for tid in sorted({j.thesis for j in judged}, key=lambda t: (rank.get(t, len(rank)), t)):  # in the ranking's order
        named, readings = _titled(titles.get(tid, tid)), []
        stances = [j for j in judged if j.thesis == tid and j.field == "stance"]
        if stances:
            new = _or([STANCES[s].heading.lower() for s in STANCES if any(j.new == s for j in stances)])
            readings.append(f"as {new} {named} instead of {STANCES[stances[0].old].heading.lower()} it")
            named = "it"
        steps = [j for j in judged if j.thesis == tid and j.field == "strength"]
        if steps:
            new = _or([STRENGTHS[k].about for k in STRENGTHS if any(int(j.new) == k for j in steps)])
            readings.append(f"as {new} {named} instead of {STRENGTHS[int(steps[0].old)].name}")
        ways.append("read " + ", or ".join(readings))
    return tuple(ways)


@dataclass(frozen=True)
class Turn:
    """One change that a passage can make to the top of the ranking, with every way of leaving it out or reading it
    that makes it."""

    result: str  # what would change, against the ranking as it is: '“X” would come first instead of “Y”'
    ways: tuple[str, ...]  # how: ('left out', 'read as disputing “Y” instead of supporting it')
    changes: tuple[Pivotal | Judgement, ...]  # the engine's changes it says, each with the same result

    @property
    def words(self) -> str:
        """In one sentence: '“X” would come first instead of “Y” if this passage were left out, or read as ...'."""
        return f"{self.result} {IF_THIS} {', or '.join(self.ways)}."

    @property
    def listed(self) -> tuple[str, tuple[str, ...]]:
        """As a line and the ways under it, where there are several: ('“X” would come first instead of “Y” if this
        passage were:', ('left out', 'or read as disputing “Y” instead of supporting it.')); one way is said in the
        line itself (`words`), under no items."""
        if len(self.ways) == 1:
            return self.words, ()
        return f"{self.result} {IF_THIS}:", (self.ways[0], *(f"or {way}" for way in self.ways[1:-1]),
                                              f"or {self.ways[-1]}.")

    @property
    def first_changes(self) -> bool:
        """Would another explanation come first?"""
        return self.changes[0].first_changes  # the same for each: only a change of the leader is said so


IF_THIS = "if this passage were"


@dataclass(frozen=True)
class TurningPoint:
    """One passage the ranking turns on, with each change of the top that leaving it out or reading it differently
    would make, each once: a change of the leader first."""

    ref: str  # for the command line and links; never shown as text
    name: str  # its first words and its source
    turns: tuple[Turn, ...]

    @property
    def changes(self) -> tuple[str, ...]:
        """Each change in one plain sentence."""
        return tuple(turn.words for turn in self.turns)

    @property
    def first_changes(self) -> bool:
        """Would it put another explanation first (left out, or read in some way)?"""
        return any(turn.first_changes for turn in self.turns)


def turning_points(ranking: Ranking, case: Case) -> list[TurningPoint]:
    """Pivotal passages and pivotal judgements grouped by passage, each passage once and each change it can make
    once, with every reading of it that makes that change. The passages that can put another explanation first
    come first, then those that only change who comes 2nd or 3rd; within each, the strongest first (the one order
    of "strongest", explorer.weighting), each passage by its strongest bearing where its first change is made: on
    the explanation it is read anew for, or on any it bears on when it is left out."""
    titles = {t.id: t.title for t in ranking.theses}
    grouped: dict[str, dict[str, list[Pivotal | Judgement]]] = {}
    for change in (*ranking.pivotal, *ranking.judgements):
        grouped.setdefault(change.ref, {}).setdefault(change_in_words(change, titles), []).append(change)
    points = {ref: TurningPoint(ref, case.passage_name(ref), tuple(sorted(
        (Turn(result, _ways(changes, titles), tuple(changes))
         for result, changes in by_result.items()), key=lambda turn: not turn.first_changes)))
        for ref, by_result in grouped.items()}
    about = {ref: {tid for change in point.turns[0].changes for tid in _about(change)} for ref, point in points.items()}
    strongest = strongest_passages(case, about, ranking.weighting)
    return sorted((points[ref] for ref in strongest), key=lambda point: not point.first_changes)


def _about(change: Pivotal | Judgement) -> tuple[str, ...]:
    """The theses a change is about: every one the passage bears on when it is left out, else the one read anew."""
    return tuple(change.stances) if isinstance(change, Pivotal) else (change.thesis,)


CHANGED = "left out or read differently"  # what happens to a passage the ranking turns on


def turning_intro(points: list[TurningPoint], on_thesis: bool = False) -> str:
    """The line above the passages a ranking turns on (`turning_points`): how many would put another explanation
    first, how many would only change who comes 2nd or 3rd, and where to start; `on_thesis` for an explanation's own
    page (the passages bearing on it)."""
    first = sum(point.first_changes for point in points)
    others = len(points) - first
    here = " bearing on it" if on_thesis else ""
    start = "start with {} when you choose what to debate."
    if not first:
        said = (f"No single passage{here}, {CHANGED}, would put another explanation first, but {others} would change "
                "who comes 2nd or 3rd")
    else:
        said = (f"{plural(first, 'passage')}{here} would {'each ' if first > 1 else ''}put another explanation first "
                f"if {CHANGED}")
        if others:
            said += f", and {others} other{'s' if others > 1 else ''} would only change who comes 2nd or 3rd. " + (
                f"The {first} come first below, the strongest first: {start.format('them')}" if first > 1 else
                f"It comes first below: {start.format('it')}")
            return said
    if first + others == 1:
        return f"{said}: {start.format('it')}"
    return f"{said}. They are listed strongest first: {start.format('the first few')}"


def turning_none(on_thesis: bool = False) -> str:
    """The line in place of the passages a ranking turns on when there are none."""
    here = " bearing on it" if on_thesis else ""
    return f"None: no single passage{here}, {CHANGED}, would change the top three or their order."


def ways() -> str:
    """What each way of redoing the ranking does, headed by its column's name, in the columns' order: the help a
    table of its figures gives where its heads carry no tooltip."""
    return " ".join(f"{ROBUSTNESS[kind].column}: {ROBUSTNESS[kind].description}." for kind in KINDS_SHOWN)


def redone(ranking: Ranking) -> str:
    """How many times the ranking was redone in each way, in words: 'The ranking was redone 10,000 times in each of
    three ways' or, where a sampling stopped once its figures were known closely enough, each way's own count."""
    counts = [r.samples for r in ranking.robustness.values()] or [ranking.samples]
    if len(set(counts)) == 1:
        return f"The ranking was redone {counts[0]:,} times in each of three ways"
    each = _listed([f"{ROBUSTNESS[kind].label} ({r.samples:,} times)" for kind, r in ranking.robustness.items()])
    return f"The ranking was redone in three ways: {each}"  # the ways first, the counts after (a teacher's review)

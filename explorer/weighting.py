"""The reader's settings (a `Weighting`: criterion weights, what a passage of each strength counts for, trust in
each source), the checks on them, and the two rules every module weighs passages by: `passage_weight` (what one
passage counts for on one thesis) and `bearings` (the passages on a thesis, strongest first, in one order).

Pure: no streamlit, no I/O. The engine (weigh), the briefs, the essay plan, the argument maps, the tables, the
class's perspectives and the pages all take their settings and their "strongest first" from here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from explorer.model import Case, Evidence, Source
from explorer.problem import ExplorerError
from explorer.vocabulary import (
    CRITERIA,
    DEFAULT_POINTS,
    DEFAULT_WEIGHTS,
    DEFECT_KINDS,
    DEFECT_PENALTY_MAX,
    MODELS,
    POINTS_MAX,
    ROBUSTNESS,
    SOURCE_KINDS,
    STANCES,
    STRENGTH_LEVELS,
    STRENGTH_NAMES,
    WEIGHT_MAX,
    WRITER_KINDS,
    unknown,
)

DECIMALS = 9  # weights and scores are compared after rounding to this many decimals

class WeighError(ExplorerError, ValueError):
    """A weight, trust, model or sample count the engine cannot use; the message names it and what is allowed."""


# --- trust, weights and the weight of a passage -----------------------------------------------------------


def default_trust(source: Source) -> float:
    """Trust from the kind, less each defect's penalty (0.04 for a factual error or anachronism, 0.02 for any
    other; at most 30% off), rounded to 2 decimals."""
    penalty = min(DEFECT_PENALTY_MAX, sum(DEFECT_KINDS[d.kind].penalty for d in source.defects))
    return math.floor(SOURCE_KINDS[source.kind].base_trust * (1 - penalty) * 100 + 0.5 + 1e-9) / 100


def source_trust(source: Source) -> float:
    """The trust set in sources.yaml, or else the default for the kind and defects."""
    return float(source.trust) if source.trust is not None else default_trust(source)


def faults(source: Source) -> str:
    """The defects recorded against a source, each kind once with how many: 'factual error (2); garbled text (1)';
    '' when none is recorded."""
    counts: dict[str, int] = {}
    for defect in source.defects:
        counts[DEFECT_KINDS[defect.kind].label] = counts.get(DEFECT_KINDS[defect.kind].label, 0) + 1
    return "; ".join(f"{label} ({n})" for label, n in counts.items())


def trust_words(source: Source) -> str:
    """Why a source can be trusted or doubted, in plain words and without a number (for a student's brief): what
    a source of its kind is, and the faults recorded against it."""
    kind = SOURCE_KINDS[source.kind]
    found = faults(source)
    return f"{kind.label}: {kind.why}." + (f" Recorded faults: {found}." if found else "")


def trust_reason(source: Source) -> str:
    """Why a source starts at its trust, in one or two plain sentences: its kind, what that kind is, and the
    defects recorded against it (the words of `trust_words`, with the numbers)."""
    kind = SOURCE_KINDS[source.kind]
    said = f"{kind.label}: {kind.why}. A source of this kind starts at {kind.base_trust:.2f} out of 1."
    if source.defects:
        listed = faults(source)
        said += (f" Recorded faults ({listed}) bring it down to {default_trust(source):.2f}." if
                 default_trust(source) < kind.base_trust else f" Recorded faults: {listed}.")
    if source.trust is not None and not math.isclose(float(source.trust), default_trust(source)):
        said += f" The case sets it at {float(source.trust):.2f}."
    return said


def scholarly(case: Case, historian_id: str) -> bool:
    """Whether a writer counts as scholarly backing: a historian or another scholar (vocabulary.WRITER_KINDS); a
    writer the case does not describe counts as a historian, as before writers had kinds."""
    historian = case.historians.get(historian_id)
    return historian is None or WRITER_KINDS[historian.kind].scholarly


def backed(case: Case) -> list[str]:
    """The explanations a source names a scholar for (a proponent who counts: `scholarly`), in the case's order: the
    only ones whose score “Historians who argue it” can move."""
    return [tid for tid, thesis in case.theses.items() if any(scholarly(case, p.historian) for p in thesis.proponents)]


def backing_reach(case: Case) -> str:
    """What the scholarly-backing slider can move in this case, said where it moves fewer than all the explanations:
    a reader who tries it and sees one bar move out of eleven would think it broken."""
    found, total = backed(case), len(case.theses)
    if len(found) == total:
        return ""
    if not found:
        return "In this case no source names a historian for any explanation, so this slider changes nothing here."
    if len(found) == 1:
        return (f"In this case a source names historians for one explanation only, “{case.theses[found[0]].title}”, "
                "so this slider moves only its score.")
    return (f"In this case sources name historians for {len(found)} of the {total} explanations, so this slider "
            "moves only their scores.")


def counted_sources(case: Case) -> set[str]:
    """The sources whose trust can move a score: those a passage quotes or a proponent's attribution cites. The
    trust of any other source (a book listed only as further reading) changes nothing."""
    return ({e.source for _, e in case.passages()}
            | {p.source for t in case.theses.values() for p in t.proponents})


def trusts(case: Case, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Source id -> trust: sources.yaml's value or the default, then the reader's overrides (checked)."""
    out = {sid: source_trust(source) for sid, source in case.sources.items()}
    for sid, value in (overrides or {}).items():
        check_trust(sid, value, out)
        out[sid] = float(value)
    return out


def passage_weight(stance: str, strength: int, trust: float, points: Mapping[int, float] | None = None) -> float:
    """What one passage counts for on one thesis: the points for its strength (by default a background
    passage 0, a relevant one 2, an explicit causal claim 3) x the trust of its source x its stance's share
    (a qualification counts half: it limits a claim without denying it). Never negative; whether it counts
    for or against the thesis is its stance's side. The engine, the briefs, the essay outline and the
    exports all weigh passages with this function."""
    return (DEFAULT_POINTS if points is None else points)[strength] * trust * STANCES[stance].counts


def check_trust(source_id: str, value: float, known: Mapping[str, object] | tuple[str, ...]) -> None:
    if source_id not in known:
        raise WeighError(unknown("source", source_id, list(known)))
    if not _in_range(value, 1.0):
        raise WeighError(f"trust {value!r} for `{source_id}` is out of range; use a number from 0 to 1")


def check_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default weights, with the given ones in their place (each checked): criterion -> weight."""
    out = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise WeighError(unknown("criterion", name, CRITERIA))
        if not _in_range(value, WEIGHT_MAX):
            raise WeighError(f"weight {value!r} for `{name}` is out of range; use a number from 0 to 5")
        out[name] = float(value)
    return out


def check_points(points: Mapping[str | int, float] | None = None) -> dict[int, float]:
    """What a passage of each strength counts for: strength -> points (default: background 0, relevant 2,
    explicit 3). Strengths may be named by number (1, 2, 3) or by word (context, relevant, explicit)."""
    out = dict(DEFAULT_POINTS)
    for name, value in (points or {}).items():
        level = STRENGTH_LEVELS.get(str(name))
        if level is None:
            raise WeighError(unknown("strength", str(name), list(STRENGTH_NAMES.values())))
        if not _in_range(value, POINTS_MAX):
            raise WeighError(f"points {value!r} for `{name}` passages are out of range; use a number from 0 to 10")
        out[level] = float(value)
    return out


def check_model(model: str) -> str:
    if model not in MODELS:
        raise WeighError(unknown("model", model, list(MODELS)))
    return model


def check_kind(kind: str) -> str:
    if kind not in ROBUSTNESS:
        raise WeighError(unknown("kind of robustness", kind, list(ROBUSTNESS)))
    return kind


def _in_range(value: object, top: float) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0.0 <= value <= top


# --- the reader's settings as one value ---------------------------------------------------------------------

# The address keys of the settings (a shared link keeps the settings that differ from the defaults).
WEIGHT_KEY = "w_{}"
POINTS_KEY = "p_{}"
TRUST_KEY = "t_{}"


@dataclass(frozen=True)
class Weighting:
    """The reader's settings in full: criterion -> weight, strength -> points, source -> trust (every source of
    the case, defaults included). Made by `Weighting.of`, which checks every value."""

    weights: dict[str, float]
    points: dict[int, float]
    trust: dict[str, float]

    @classmethod
    def of(cls, case: Case, weights: Mapping[str, float] | None = None,
           points: Mapping[str | int, float] | None = None, trust: Mapping[str, float] | None = None) -> Weighting:
        """The defaults, with the given settings in their place (each checked; a trust for a source the case
        does not have is refused)."""
        return cls(check_weights(weights), check_points(points), trusts(case, trust))

    def value(self, setting) -> float:
        """One setting's value; `setting` has a `kind` (weight, points or trust) and a `name`."""
        if setting.kind == "weight":
            return self.weights[setting.name]
        if setting.kind == "points":
            return self.points[int(setting.name)]
        return self.trust[setting.name]

    def with_value(self, setting, value: float) -> Weighting:
        """The same settings with one changed."""
        weights, points, trust = dict(self.weights), dict(self.points), dict(self.trust)
        if setting.kind == "weight":
            weights[setting.name] = value
        elif setting.kind == "points":
            points[int(setting.name)] = value
        else:
            trust[setting.name] = value
        return Weighting(weights, points, trust)

    def keys(self) -> dict[str, float]:
        """Every setting under its address key."""
        out = {WEIGHT_KEY.format(c): v for c, v in self.weights.items()}
        out.update({POINTS_KEY.format(k): v for k, v in self.points.items()})
        out.update({TRUST_KEY.format(sid): v for sid, v in self.trust.items()})
        return out


def key_bounds(key: str) -> tuple[float, float]:
    """The range an address key's value must lie in."""
    if key.startswith(WEIGHT_KEY.format("")):
        return 0.0, WEIGHT_MAX
    if key.startswith(POINTS_KEY.format("")):
        return 0.0, POINTS_MAX
    return 0.0, 1.0


# --- the passages on a thesis, strongest first --------------------------------------------------------------


@dataclass(frozen=True)
class Bearing:
    """One passage as it bears on one thesis under a weighting."""

    ref: str
    home: str  # the thesis it is recorded under
    evidence: Evidence
    stance: str
    strength: int
    weight: float
    order: int  # its place among the case's passages, as recorded
    thesis: str = ""  # the thesis it bears on

    def strongest(self) -> tuple:
        """Its key in the one order of "strongest first" (the smaller first): the heavier weight first (compared
        to 9 decimals), then the stronger strength, then a passage recorded under the thesis itself before one
        recorded elsewhere, then the order in which the case records them."""
        return -round(self.weight, DECIMALS), -self.strength, self.home != self.thesis, self.order


def _bearings_of(case: Case, weighting: Weighting | None, keep) -> list[Bearing]:
    """Every bearing of every passage for which `keep(ref, thesis_id, stance)` holds, in the case's order."""
    w = weighting or Weighting.of(case)
    out = []
    for order, (home, evidence) in enumerate(case.passages()):
        ref = evidence.ref or f"{home.id}#{order}"
        for thesis_id, (stance, strength) in evidence.stances(home.id).items():
            if keep(ref, thesis_id, stance):
                weight = passage_weight(stance, strength, w.trust.get(evidence.source, 0.0), w.points)
                out.append(Bearing(ref, home.id, evidence, stance, strength, weight, order, thesis_id))
    return out


def bearings(case: Case, thesis_id: str, weighting: Weighting | None = None,
             stances: tuple[str, ...] | None = None) -> list[Bearing]:
    """The passages that bear on a thesis (recorded under it or under another thesis's bears_on), optionally only
    those with one of `stances`, strongest first. The one order every list of "strongest" passages uses
    (`Bearing.strongest`)."""
    found = _bearings_of(case, weighting,
                         lambda _, tid, stance: tid == thesis_id and (stances is None or stance in stances))
    return sorted(found, key=Bearing.strongest)


def strongest_passages(case: Case, on: Mapping[str, Collection[str]], weighting: Weighting | None = None) -> list[str]:
    """Passages (by reference), strongest first by the same order, each by its strongest bearing on the theses given
    for it (passage ref -> thesis ids); a passage with no such bearing goes last, by its reference."""
    best: dict[str, tuple] = {}
    for b in _bearings_of(case, weighting, lambda ref, tid, _: tid in on.get(ref, ())):
        best[b.ref] = min(best.get(b.ref, b.strongest()), b.strongest())
    return sorted(on, key=lambda ref: (ref not in best, best.get(ref, ()), ref))

"""The weighing models: how much the evidence recorded in a case backs each thesis.

Pure functions over a loaded Case: numpy and pandas, no streamlit, no I/O. Every number can be traced to
passages, trusts and weights that a reader can see and change (the README explains the model in
plain words).

- Trust: each source has a trust in 0..1, from its kind and its defects unless sources.yaml sets one.
- Each passage bears on its own thesis and on the theses in its bears_on, with a stance and a strength.
- Criteria per thesis (raw), each then divided by its largest value over the theses (0..1):
    support        sum of strength x trust over the passages that support the thesis
    corroboration  sum of trust over the distinct sources with a supporting passage (a source counts once)
    backing        sum over the distinct historians who argue the thesis of the trust of the source that
                   attributes the view (the best-trusted one, when several do)
    contestation   sum of strength x trust over the passages that dispute the thesis, plus half of it over
                   the passages that qualify it: a qualification limits a claim without denying it
- score = the weighted sum of the normalised criteria, contestation counted against; shares = the positive
  scores as shares of their sum (equal shares, with a note, when no score is positive).
- ACH (Heuer): the passage x thesis matrix (+1 supports, -1 disputes, -0.5 qualifies, NaN not assessed);
  a thesis's inconsistency is its raw contestation; a passage's diagnosticity is (max - min) / 2 of its
  row, a blank counting 0.
- Robustness: weights and trusts drawn around the reader's choice; how often each thesis ranks first.
- Pivotal passages: those whose removal changes the first thesis or the order of the top three.

Rankings put the higher score first (ACH: the lower inconsistency, then the more support); ties go to the
thesis whose id comes first in alphabetical order. Scores are compared after rounding to 9 decimals, so
that floating-point noise never decides a tie.

A passage or a proponent whose source is not in the case counts with trust 0; a bears_on entry naming a
thesis that is not in the case is ignored (the loader reports both).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explorer.criteria import (  # noqa: F401 - the names are part of this module's interface
    CRITERIA,
    DEFAULT_POINTS,
    DEFAULT_WEIGHTS,
    MODELS,
    POINTS_MAX,
    SAMPLES,
    STRENGTH_LEVELS,
    STRENGTH_NAMES,
    WEIGHT_MAX,
    unknown,
)
from explorer.model import Case, Source

BASE_TRUST: dict[str, float] = {
    "scholarly_monograph": 1.0,
    "reference_work": 0.8,
    "memoir": 0.7,
    "encyclopedia_summary": 0.55,
    "wiki_article": 0.4,
    "student_essay": 0.25,
}
SERIOUS_DEFECTS = frozenset({"factual_error", "anachronism"})
QUALIFIES = 0.5  # a qualifying passage counts half as much against a thesis as a disputing one
ACH_VALUES: dict[str, float] = {"supports": 1.0, "disputes": -1.0, "qualifies": -0.5}
SPREAD = 0.35  # sigma of the multiplicative lognormal noise of robustness: x exp(0.35 Z), about x/÷ 1.42
MEMORY = 200_000_000  # bytes a chunk of robustness samples or pivotal checks may use
DECIMALS = 9  # scores are compared after rounding to this many decimals
_QUANTUM = 10.0**DECIMALS
NO_POSITIVE = "no thesis has a positive score, so every thesis gets an equal share"

_SIGN = np.array([1.0, 1.0, 1.0, -1.0])
_SUPPORTS, _DISPUTES, _QUALIFIES = 0, 1, 2
_STANCES = ("supports", "disputes", "qualifies")
_STANCE_CODE = {stance: code for code, stance in enumerate(_STANCES)}
Progress = Callable[[float], None]


class WeighError(ValueError):
    """A weight, trust, model or sample count the engine cannot use; the message names it and what is allowed."""


# --- trust and weights -----------------------------------------------------------------------------


def default_trust(source: Source) -> float:
    """Trust from the kind, less 0.04 per factual error or anachronism and 0.02 per other defect (at most
    30% off), rounded to 2 decimals."""
    serious = sum(d.kind in SERIOUS_DEFECTS for d in source.defects)
    other = len(source.defects) - serious
    penalty = min(0.3, 0.04 * serious + 0.02 * other)
    return math.floor(BASE_TRUST[source.kind] * (1 - penalty) * 100 + 0.5 + 1e-9) / 100


def source_trust(source: Source) -> float:
    """The trust set in sources.yaml, or else the default for the kind and defects."""
    return float(source.trust) if source.trust is not None else default_trust(source)


def trusts(case: Case, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Source id -> trust: sources.yaml's value or the default, then the reader's overrides (checked)."""
    out = {sid: source_trust(source) for sid, source in case.sources.items()}
    for sid, value in (overrides or {}).items():
        check_trust(sid, value, out)
        out[sid] = float(value)
    return out


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


def check_model(model: str) -> str:
    if model not in MODELS:
        raise WeighError(unknown("model", model, MODELS))
    return model


def _in_range(value: object, top: float) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0.0 <= value <= top


# --- the case as arrays ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Matrices:
    """A case compiled for weighing. Theses are sorted by id (so ties go to the first id); sources are the
    case's, then any unknown source a passage cites (trust 0). Matrices are source x thesis."""

    theses: tuple[str, ...]
    titles: tuple[str, ...]
    sources: tuple[str, ...]
    known: int  # the first `known` sources are the case's; overrides may only name them
    base_trust: np.ndarray  # (S,) sources.yaml's trust or the default
    refs: tuple[str, ...]  # passage references, thesis by thesis
    passage_thesis: np.ndarray  # (P,) the thesis whose claim file records the passage
    passage_source: np.ndarray  # (P,)
    entry_passage: np.ndarray  # (E,) one entry per (passage, thesis it bears on), grouped by passage
    entry_thesis: np.ndarray  # (E,)
    entry_stance: np.ndarray  # (E,) 0 supports, 1 disputes, 2 qualifies
    entry_strength: np.ndarray  # (E,)
    supports: np.ndarray  # (S, T) summed strength of the supporting passages
    contests: np.ndarray  # (S, T) summed strength of the disputing passages + 0.5 x the qualifying ones
    support_count: np.ndarray  # (S, T) how many supporting passages
    backers: np.ndarray  # (S, T) historians whose view on the thesis only this source attributes
    shared_backers: tuple[tuple[int, np.ndarray], ...]  # (thesis, sources) for views attributed by several
    points: dict[int, float]  # what a passage of each strength counts for
    stacked: np.ndarray = field(repr=False)  # (S, 4T): the four criteria side by side

    @property
    def size(self) -> tuple[int, int, int]:
        return len(self.theses), len(self.sources), len(self.refs)

    def trust_vector(self, overrides: Mapping[str, float] | None = None) -> np.ndarray:
        tau = self.base_trust.copy()
        index = {sid: i for i, sid in enumerate(self.sources[: self.known])}
        for sid, value in (overrides or {}).items():
            check_trust(sid, value, index)
            tau[index[sid]] = float(value)
        return tau


def check_points(points: Mapping[str | int, float] | None = None) -> dict[int, float]:
    """What a passage of each strength counts for: strength -> points (default: its strength).
    Strengths may be named by number (1, 2, 3) or by word (context, relevant, explicit)."""
    out = dict(DEFAULT_POINTS)
    for name, value in (points or {}).items():
        level = STRENGTH_LEVELS.get(str(name))
        if level is None:
            raise WeighError(unknown("strength", str(name), list(STRENGTH_NAMES.values())))
        if not _in_range(value, POINTS_MAX):
            raise WeighError(f"points {value!r} for `{name}` passages are out of range; use a number from 0 to 10")
        out[level] = float(value)
    return out


def matrices(case: Case | Matrices, points: Mapping[str | int, float] | None = None) -> Matrices:
    """Compile a case into the arrays every model works on (done once per call of the public functions).
    `points` says what a passage of each strength counts for (see check_points)."""
    if isinstance(case, Matrices):
        return case
    value_of = check_points(points)
    theses = tuple(sorted(case.theses))
    t_index = {tid: i for i, tid in enumerate(theses)}
    sources = list(case.sources)
    s_index = {sid: i for i, sid in enumerate(sources)}
    known = len(sources)

    def source_of(sid: str) -> int:
        if sid not in s_index:
            s_index[sid] = len(sources)
            sources.append(sid)
        return s_index[sid]

    refs: list[str] = []
    p_thesis: list[int] = []
    p_source: list[int] = []
    e_passage: list[int] = []
    e_thesis: list[int] = []
    e_stance: list[int] = []
    e_strength: list[int] = []
    views: dict[tuple[int, str], set[int]] = {}
    for tid in theses:
        thesis = case.theses[tid]
        for number, evidence in enumerate(thesis.evidence, start=1):
            p = len(refs)
            refs.append(evidence.ref or f"{tid}#{number}")
            p_thesis.append(t_index[tid])
            p_source.append(source_of(evidence.source))
            for other, (stance, strength) in evidence.stances(tid).items():
                if other in t_index:
                    e_passage.append(p)
                    e_thesis.append(t_index[other])
                    e_stance.append(_STANCE_CODE[stance])
                    e_strength.append(value_of[strength])
        for proponent in thesis.proponents:
            views.setdefault((t_index[tid], proponent.historian), set()).add(source_of(proponent.source))

    n_t, n_s = len(theses), len(sources)
    ep, et = np.array(e_passage, dtype=np.intp), np.array(e_thesis, dtype=np.intp)
    es, eg = np.array(e_stance, dtype=np.int8), np.array(e_strength, dtype=float)
    psrc = np.array(p_source, dtype=np.intp)
    esrc = psrc[ep] if len(ep) else np.zeros(0, dtype=np.intp)
    supports = np.zeros((n_s, n_t))
    contests = np.zeros((n_s, n_t))
    count = np.zeros((n_s, n_t), dtype=np.int64)
    sup, dis, qua = es == _SUPPORTS, es == _DISPUTES, es == _QUALIFIES
    np.add.at(supports, (esrc[sup], et[sup]), eg[sup])
    np.add.at(contests, (esrc[dis], et[dis]), eg[dis])
    np.add.at(contests, (esrc[qua], et[qua]), QUALIFIES * eg[qua])
    np.add.at(count, (esrc[sup], et[sup]), 1)
    backers = np.zeros((n_s, n_t))
    shared = []
    for (t, _historian), srcs in views.items():
        if len(srcs) == 1:
            backers[next(iter(srcs)), t] += 1
        else:
            shared.append((t, np.array(sorted(srcs), dtype=np.intp)))
    base = np.array([source_trust(case.sources[sid]) for sid in sources[:known]] + [0.0] * (n_s - known))
    corroborates = (count > 0).astype(float)
    return Matrices(
        theses=theses,
        titles=tuple(case.theses[tid].title for tid in theses),
        sources=tuple(sources),
        known=known,
        base_trust=base,
        refs=tuple(refs),
        passage_thesis=np.array(p_thesis, dtype=np.intp),
        passage_source=psrc,
        entry_passage=ep,
        entry_thesis=et,
        entry_stance=es,
        entry_strength=eg,
        supports=supports,
        contests=contests,
        support_count=count,
        backers=backers,
        shared_backers=tuple(shared),
        points=value_of,
        stacked=np.concatenate([supports, corroborates, backers, contests], axis=1),
    )


# --- the arithmetic, shared by every model so that the same numbers come out the same way -------------


def _raw(m: Matrices, tau: np.ndarray) -> np.ndarray:
    """Raw criteria for trust vectors tau (..., S): (..., 4, T)."""
    n_t = len(m.theses)
    raw = (tau @ m.stacked).reshape(tau.shape[:-1] + (4, n_t))
    for t, srcs in m.shared_backers:
        raw[..., 2, t] += tau[..., srcs].max(axis=-1)
    return raw


def _top(raw: np.ndarray) -> np.ndarray:
    """Each criterion's largest raw value over the theses: (..., 4, 1)."""
    if raw.shape[-1] == 0:
        return np.zeros(raw.shape[:-1] + (1,))
    return raw.max(axis=-1, keepdims=True)


def _parts(raw: np.ndarray, top: np.ndarray, wsign: np.ndarray) -> np.ndarray:
    """weight x raw / largest (0 when the largest is 0), contestation negative: (..., 4, T)."""
    shape = np.broadcast_shapes(raw.shape, top.shape)
    norm = np.divide(raw, top, out=np.zeros(shape), where=top > 0)
    return norm * wsign[..., :, None] + 0.0  # + 0.0 turns -0.0 into 0.0


def _total(parts: np.ndarray) -> np.ndarray:
    return parts[..., 0, :] + parts[..., 1, :] + parts[..., 2, :] + parts[..., 3, :]


def _score(raw: np.ndarray, top: np.ndarray, wsign: np.ndarray) -> np.ndarray:
    """The same as _total(_parts(...)), bit for bit, one criterion at a time (less memory)."""
    shape = np.broadcast_shapes(raw.shape, top.shape)[:-2] + raw.shape[-1:]
    score = np.zeros(shape)
    for c in range(4):
        top_c = top[..., c, :]
        score += np.divide(raw[..., c, :], top_c, out=np.zeros(shape), where=top_c > 0) * wsign[..., c, None]
    return score + 0.0


def _keys(model: str, raw: np.ndarray, top: np.ndarray, wsign: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """What the ranking sorts on, best = largest: (primary, secondary or None), in units of 1e-9 (rounded)."""
    if model == "evidence":
        with np.errstate(over="ignore"):  # weight / largest: one coefficient per criterion, then one product
            coef = np.divide(wsign[..., :, None], top, out=np.zeros(np.broadcast_shapes(top.shape, wsign.shape + (1,))),
                             where=top > 0)[..., 0]
        if np.isfinite(coef).all():
            score = np.einsum("...ct,...c->...t", raw, coef)
        else:  # a largest value so small (below 1e-308) that weight / largest overflows
            score = _score(raw, top, wsign)
        return np.rint(score * _QUANTUM), None
    return np.rint(-raw[..., 3, :] * _QUANTUM), np.rint(raw[..., 0, :] * _QUANTUM)


def _order(primary: np.ndarray, secondary: np.ndarray | None) -> np.ndarray:
    """Thesis indices, best first, along the last axis: the larger primary key first, then the larger
    secondary key, then the lower index (the first id)."""
    if secondary is None:
        return _descending(primary)
    by_secondary = _descending(secondary)
    return np.take_along_axis(by_secondary, _descending(np.take_along_axis(primary, by_secondary, -1)), -1)


def _descending(key: np.ndarray) -> np.ndarray:
    """A stable sort, largest first, along the last axis. Keys are whole numbers (units of 1e-9), so one
    integer -key x n + position sorts by key and then by position, faster than a stable argsort."""
    n = key.shape[-1]
    if n and np.abs(key).max(initial=0) * n < 2**62:
        return np.sort((-key).astype(np.int64) * n + np.arange(n), axis=-1) % n
    return np.argsort(-key, axis=-1, kind="stable")


def _wsign(weights: Mapping[str, float]) -> np.ndarray:
    return np.array([weights[c] for c in CRITERIA]) * _SIGN


# --- scores (the evidence model) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """The evidence model for one choice of weights and trusts. Frames are indexed by thesis id."""

    weights: dict[str, float]
    raw: pd.DataFrame  # thesis x criterion
    normalised: pd.DataFrame  # thesis x criterion, 0..1
    parts: pd.DataFrame  # thesis x criterion: weight x normalised, contestation negative; rows sum to score
    score: pd.Series
    share: pd.Series
    order: tuple[str, ...]  # best first
    note: str | None  # set when no score is positive (the shares are then equal)


def scores(case: Case | Matrices, weights: Mapping[str, float] | None = None,
           trust: Mapping[str, float] | None = None) -> Scores:
    """Criteria, parts, scores and shares of every thesis. `trust` overrides sources' trusts by id."""
    m = matrices(case)
    weights = check_weights(weights)
    raw = _raw(m, m.trust_vector(trust))
    top = _top(raw)
    parts = _parts(raw, top, _wsign(weights))
    score = _total(parts)
    share, note = _shares(score)
    order = _order(*_keys("evidence", raw, top, _wsign(weights)))
    index = pd.Index(m.theses, name="thesis")
    frame = lambda values: pd.DataFrame(values.T, index=index, columns=list(CRITERIA))  # noqa: E731
    norm = np.divide(raw, top, out=np.zeros(raw.shape), where=top > 0)
    return Scores(weights, frame(raw), frame(norm), frame(parts), pd.Series(score, index=index, name="score"),
                  pd.Series(share, index=index, name="share"), tuple(m.theses[i] for i in order), note)


def _shares(score: np.ndarray) -> tuple[np.ndarray, str | None]:
    positive = np.maximum(score, 0.0)
    total = positive.sum()
    if total > 0:
        return positive / total, None
    if len(score) == 0:
        return positive, None
    return np.full(len(score), 1.0 / len(score)), NO_POSITIVE


# --- ACH ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ach:
    """Heuer's Analysis of Competing Hypotheses over the recorded passages."""

    inconsistency: pd.Series  # by thesis: strength x trust of disputing passages + 0.5 x qualifying ones
    support: pd.Series  # by thesis: strength x trust of supporting passages (breaks ties)
    diagnosticity: pd.Series  # by passage ref, 0..1
    order: tuple[str, ...]  # least inconsistent first


def ach(case: Case | Matrices, trust: Mapping[str, float] | None = None) -> Ach:
    m = matrices(case)
    raw = _raw(m, m.trust_vector(trust))
    order = _order(*_keys("ach", raw, _top(raw), _SIGN))
    index = pd.Index(m.theses, name="thesis")
    return Ach(pd.Series(raw[3], index=index, name="inconsistency"),
               pd.Series(raw[0], index=index, name="support"),
               pd.Series(_diagnosticity(m), index=pd.Index(m.refs, name="passage"), name="diagnosticity"),
               tuple(m.theses[i] for i in order))


def ach_matrix(case: Case | Matrices) -> pd.DataFrame:
    """Passage ref x thesis id: +1 supports, -1 disputes, -0.5 qualifies, NaN where the passage is not
    assessed against the thesis (counted as 0 in diagnosticity)."""
    m = matrices(case)
    values = np.full((len(m.refs), len(m.theses)), np.nan)
    values[m.entry_passage, m.entry_thesis] = np.array([ACH_VALUES[s] for s in _STANCES])[m.entry_stance]
    return pd.DataFrame(values, index=pd.Index(m.refs, name="passage"), columns=pd.Index(m.theses, name="thesis"))


def _diagnosticity(m: Matrices) -> np.ndarray:
    """(largest - smallest value of each passage's row) / 2, a thesis not assessed counting 0."""
    n_t, n_p = len(m.theses), len(m.refs)
    value = np.array([ACH_VALUES[s] for s in _STANCES])[m.entry_stance]
    high = np.full(n_p, -np.inf)
    low = np.full(n_p, np.inf)
    np.maximum.at(high, m.entry_passage, value)
    np.minimum.at(low, m.entry_passage, value)
    assessed = np.bincount(m.entry_passage, minlength=n_p)
    blank = assessed < n_t  # some thesis not assessed: its 0 is in the row
    high = np.where(blank, np.maximum(high, 0.0), high)
    low = np.where(blank, np.minimum(low, 0.0), low)
    return (high - low) / 2 + 0.0


# --- robustness --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Robustness:
    """How the ranking moves when weights and trusts are drawn around the reader's choice."""

    theses: tuple[str, ...]
    model: str
    samples: int
    seed: int
    spread: float
    counts: np.ndarray  # (T, T): counts[t, r] = samples in which thesis t ranks r + 1

    @property
    def p_first(self) -> pd.Series:
        """Share of the samples in which each thesis ranks first (sums to 1)."""
        return pd.Series(self.counts[:, :1].sum(axis=1) / self.samples, index=pd.Index(self.theses, name="thesis"),
                         name="p_first")

    @property
    def rank_shares(self) -> pd.DataFrame:
        """Thesis x rank (1..n): share of the samples in which the thesis has that rank (rows sum to 1)."""
        return pd.DataFrame(self.counts / self.samples, index=pd.Index(self.theses, name="thesis"),
                            columns=pd.RangeIndex(1, len(self.theses) + 1, name="rank"))


def robustness(case: Case | Matrices, weights: Mapping[str, float] | None = None,
               trust: Mapping[str, float] | None = None, samples: int = SAMPLES, seed: int = 0,
               spread: float = SPREAD, model: str = "evidence", progress: Progress | None = None,
               memory: int = MEMORY) -> Robustness:
    """Draw `samples` weightings and trusts around the given ones and rank the theses under each.

    Each weight and each trust is multiplied by exp(spread x Z), Z standard normal, drawn independently
    (a lognormal with its median at the reader's value; with spread 0.35 about half the draws are within
    x/÷ 1.27 and 95% within x/÷ 2); trusts are then clipped to 0..1. A weight or trust of 0 stays 0.
    The ACH model only uses the trusts. Samples are processed in chunks of at most `memory` bytes, and
    `progress(fraction done)` is called after each. The same seed gives the same result, whatever the chunks.
    """
    m = matrices(case)
    check_model(model)
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        raise WeighError(f"samples {samples!r} is not a whole number of 1 or more")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise WeighError(f"seed {seed!r} is not a whole number of 0 or more")
    if not (isinstance(spread, (int, float)) and 0 <= spread <= 3):
        raise WeighError(f"spread {spread!r} is out of range; use a number from 0 to 3")
    wsign = _wsign(check_weights(weights))
    tau = m.trust_vector(trust)
    n_t, n_s, _ = m.size
    counts = np.zeros((n_t, n_t), dtype=np.int64)
    weight_rng, trust_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    per_sample = 8 * (n_s + 14 * n_t + 8)
    chunk = max(1, min(samples, memory // per_sample))
    slots = np.arange(n_t)
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        w = wsign * np.exp(spread * weight_rng.standard_normal((n, 4)))
        t = np.clip(tau * np.exp(spread * trust_rng.standard_normal((n, n_s))), 0.0, 1.0)
        if n_t and model == "ach":  # only inconsistency and support matter: half the work of _raw
            order = _order(np.rint(-(t @ m.contests) * _QUANTUM), np.rint((t @ m.supports) * _QUANTUM))
        elif n_t:
            raw = _raw(m, t)
            order = _order(*_keys(model, raw, _top(raw), w))
        if n_t:
            counts += np.bincount((order * n_t + slots).ravel(), minlength=n_t * n_t).reshape(n_t, n_t)
        done += n
        if progress is not None:
            progress(done / samples)
    return Robustness(m.theses, model, samples, seed, float(spread), counts)


# --- pivotal passages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pivotal:
    """A passage whose removal changes the first thesis or the order of the top three."""

    ref: str
    thesis: str  # the claim file that records it
    source: str
    stances: dict[str, str]  # every thesis it bears on -> its stance there
    before: tuple[str, ...]  # the top (three) before, best first
    after: tuple[str, ...]  # the top (three) without this passage

    @property
    def first_changes(self) -> bool:
        return self.before[0] != self.after[0]

    @property
    def flips(self) -> str:
        if self.first_changes:
            return f"first: {self.before[0]} -> {self.after[0]}"
        top = {1: "top", 2: "top two", 3: "top three"}[len(self.before)]
        return f"{top} order: {', '.join(self.before)} -> {', '.join(self.after)}"


def pivotal(case: Case | Matrices, weights: Mapping[str, float] | None = None,
            trust: Mapping[str, float] | None = None, model: str = "evidence",
            memory: int = MEMORY) -> list[Pivotal]:
    """The passages whose removal changes which thesis ranks first or the order of the top three.

    Removing a passage lowers only the raw criteria of the theses it bears on. When that leaves every
    criterion's largest value as it was, the other theses keep their scores and only the passage's own
    theses are re-scored (all passages at once, as arrays). Only a passage that lowers some criterion's
    largest value (it bears on the thesis holding it) changes every normalised value: those few are
    re-scored in full. A passage's contribution is subtracted, which is exact to about 1e-16 of the largest
    raw value: far below the 1e-9 at which scores are compared, for trusts as people set them (0, or 0.001
    and more). A passage from a source trusted 0 is never pivotal.
    """
    m = matrices(case)
    check_model(model)
    wsign = _wsign(check_weights(weights))
    tau = m.trust_vector(trust)
    n_t, _, n_p = m.size
    if n_t < 2 or n_p == 0:
        return []
    k = min(3, n_t)
    raw = _raw(m, tau)
    top = _top(raw)[:, 0]  # (4,)
    primary, secondary = _keys(model, raw, top[:, None], wsign)
    base = _order(primary, secondary)
    head = base[:k]

    # each entry (passage, thesis) with the thesis's raw criteria once the passage is gone
    ep, et, es, eg = m.entry_passage, m.entry_thesis, m.entry_stance, m.entry_strength
    esrc = m.passage_source[ep]
    weight = eg * tau[esrc]
    delta = np.zeros((4, len(ep)))
    delta[0] = np.where(es == _SUPPORTS, -weight, 0.0)
    delta[1] = np.where((es == _SUPPORTS) & (m.support_count[esrc, et] == 1), -tau[esrc], 0.0)
    delta[3] = np.where(es == _DISPUTES, -weight, np.where(es == _QUALIFIES, -QUALIFIES * weight, 0.0))
    after = np.maximum(raw[:, et] + delta, 0.0)

    # the same as padded arrays, one row per passage: affected thesis (-1 if none) and its new criteria
    n_entries = np.bincount(ep, minlength=n_p)
    width = max(1, int(n_entries.max()))
    slot = np.arange(len(ep)) - np.concatenate([[0], np.cumsum(n_entries)[:-1]])[ep]
    hit = np.full((n_p, width), -1, dtype=np.intp)
    hit[ep, slot] = et
    new = np.zeros((n_p, 4, width))
    new[ep, :, slot] = after.T

    # the fast path: the other theses keep their keys; merge the first k of them with the re-scored ones
    span = base[: min(k + width, n_t)]
    free = ~(hit[:, :, None] == span[None, None, :]).any(axis=1)  # (P, len(span))
    pick = np.argsort(~free, axis=1, kind="stable")[:, :k]
    rows = np.arange(n_p)[:, None]
    kept = span[pick]
    kept_ok = free[rows, pick]
    new_primary, new_secondary = _keys(model, new, top[None, :, None], wsign)
    cand = np.concatenate([kept, hit], axis=1)
    ok = np.concatenate([kept_ok, hit >= 0], axis=1)
    c_primary = np.where(ok, np.concatenate([primary[kept], new_primary], axis=1), -np.inf)
    c_secondary = (np.zeros_like(c_primary) if secondary is None
                   else np.where(ok, np.concatenate([secondary[kept], new_secondary], axis=1), -np.inf))
    c_index = np.where(ok, cand, n_t)
    best = np.lexsort((c_index, -c_secondary, -c_primary), axis=-1)[:, :k]
    new_head = c_index[rows, best]

    if model == "evidence":  # the slow path, for passages that lower some criterion's largest value
        outside = _largest_unaffected(raw, hit, width)
        changed = (np.maximum(outside, new.max(axis=2)) != top[None, :]).any(axis=1)
        which = np.flatnonzero(changed)
        step = max(1, memory // (8 * 8 * n_t))
        for start in range(0, len(which), step):
            chunk = which[start:start + step]
            full = np.repeat(raw[None], len(chunk), axis=0)
            i, j = np.nonzero(hit[chunk] >= 0)
            full[i, :, hit[chunk][i, j]] = new[chunk[i], :, j]
            keys = _keys(model, full, _top(full), wsign)
            new_head[chunk] = _order(*keys)[:, :k]

    moved = np.flatnonzero((new_head != head[None, :]).any(axis=1))
    before = tuple(m.theses[i] for i in head)
    starts = np.concatenate([[0], np.cumsum(n_entries)])
    out = []
    for p in moved:
        entries = slice(starts[p], starts[p + 1])
        stances = {m.theses[t]: _STANCES[s] for t, s in zip(et[entries], es[entries], strict=True)}
        out.append(Pivotal(m.refs[p], m.theses[m.passage_thesis[p]], m.sources[m.passage_source[p]], stances,
                           before, tuple(m.theses[i] for i in new_head[p])))
    return out


def _largest_unaffected(raw: np.ndarray, hit: np.ndarray, width: int) -> np.ndarray:
    """For each passage and criterion, the largest raw value among the theses the passage does not bear on
    (0 if it bears on all): (P, 4). The first of each criterion's top width + 1 theses that is free."""
    n_t = raw.shape[1]
    depth = min(width + 1, n_t)
    leaders = np.argsort(-raw, axis=1, kind="stable")[:, :depth]  # (4, depth)
    leaders = np.concatenate([leaders, np.full((4, 1), -2)], axis=1)  # a sentinel no passage bears on
    values = np.concatenate([np.take_along_axis(raw, leaders[:, :-1], axis=1), np.zeros((4, 1))], axis=1)
    taken = (hit[:, None, None, :] == leaders[None, :, :, None]).any(axis=-1)  # (P, 4, depth + 1)
    first = np.argmin(taken, axis=-1)  # the first not taken
    return values[np.arange(4)[None, :], first]


# --- everything at once --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThesisResult:
    id: str
    title: str
    rank: int  # 1 = first, under the model asked for
    score: float  # the evidence model's score
    parts: dict[str, float]  # criterion -> weight x normalised value (contestation negative)
    raw: dict[str, float]  # criterion -> raw value
    share: float
    inconsistency: float  # ACH: strength x trust of the passages against it (qualifying ones half)
    p_first: float | None  # None when no samples were drawn
    rank_distribution: tuple[float, ...] | None  # share of samples at rank 1..n
    pivotal: tuple[Pivotal, ...]  # pivotal passages that bear on this thesis


@dataclass(frozen=True)
class Ranking:
    model: str
    weights: dict[str, float]
    points: dict[int, float]  # strength -> what a passage of that strength counts for
    trust: dict[str, float]  # source id -> trust used
    samples: int
    seed: int
    spread: float
    theses: tuple[ThesisResult, ...]  # in rank order
    pivotal: tuple[Pivotal, ...]
    diagnosticity: pd.Series  # by passage ref
    note: str | None

    def tables(self) -> dict[str, pd.DataFrame]:
        """The ranking as DataFrames, for the dashboard and exports."""
        ids = pd.Index([t.id for t in self.theses], name="thesis")
        ranking = pd.DataFrame({
            "rank": [t.rank for t in self.theses],
            "title": [t.title for t in self.theses],
            "score": [t.score for t in self.theses],
            "share": [t.share for t in self.theses],
            "inconsistency": [t.inconsistency for t in self.theses],
            "p_first": [t.p_first if t.p_first is not None else np.nan for t in self.theses],
        }, index=ids)
        parts = pd.DataFrame([t.parts for t in self.theses], index=ids, columns=list(CRITERIA))
        raw = pd.DataFrame([t.raw for t in self.theses], index=ids, columns=list(CRITERIA))
        n = len(self.theses)
        dist = pd.DataFrame([t.rank_distribution or [np.nan] * n for t in self.theses], index=ids,
                            columns=pd.RangeIndex(1, n + 1, name="rank"))
        piv = pd.DataFrame({"passage": [p.ref for p in self.pivotal], "thesis": [p.thesis for p in self.pivotal],
                            "source": [p.source for p in self.pivotal], "flips": [p.flips for p in self.pivotal]})
        return {"ranking": ranking, "parts": parts, "criteria": raw, "rank_distribution": dist,
                "pivotal": piv, "diagnosticity": self.diagnosticity.to_frame()}


def weigh(case: Case | Matrices, weights: Mapping[str, float] | None = None,
          trust: Mapping[str, float] | None = None, model: str = "evidence", samples: int = SAMPLES,
          seed: int = 0, spread: float = SPREAD, progress: Progress | None = None) -> Ranking:
    """Scores, ACH, robustness (skipped when samples is 0) and pivotal passages, thesis by thesis."""
    m = matrices(case)
    check_model(model)
    weights = check_weights(weights)
    tau = m.trust_vector(trust)
    s = scores(m, weights, trust)
    a = ach(m, trust)
    order = s.order if model == "evidence" else a.order
    robust = robustness(m, weights, trust, samples, seed, spread, model, progress) if samples else None
    pivots = tuple(pivotal(m, weights, trust, model))
    position = {tid: i for i, tid in enumerate(m.theses)}
    results = []
    for rank, tid in enumerate(order, start=1):
        i = position[tid]
        results.append(ThesisResult(
            id=tid, title=m.titles[i], rank=rank, score=float(s.score[tid]),
            parts={c: float(s.parts.at[tid, c]) for c in CRITERIA},
            raw={c: float(s.raw.at[tid, c]) for c in CRITERIA},
            share=float(s.share[tid]), inconsistency=float(a.inconsistency[tid]),
            p_first=float(robust.counts[i, 0] / samples) if robust else None,
            rank_distribution=tuple((robust.counts[i] / samples).tolist()) if robust else None,
            pivotal=tuple(p for p in pivots if tid in p.stances)))
    return Ranking(model, weights, dict(m.points), {sid: float(tau[j]) for j, sid in enumerate(m.sources[: m.known])},
                   samples, seed, spread, tuple(results), pivots, a.diagnosticity, s.note)

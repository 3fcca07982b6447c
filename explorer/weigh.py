"""The weighing models: how much the evidence recorded in a case backs each thesis.

Pure functions over a loaded Case: numpy and pandas, no streamlit, no I/O. Every number can be traced to
passages, trusts and weights that a reader can see and change (the README explains the model in
plain words).

- Trust: each source has a trust in 0..1, from its kind and its defects unless sources.yaml sets one.
- Each passage bears on its own thesis and on the theses in its bears_on, with a stance and a strength.
- A passage's weight on a thesis (`passage_weight`, the one rule every module calls): the points for its
  strength x the trust of its source, halved when it qualifies the thesis. By default a background
  (strength 1) passage has 0 points: it is shown everywhere and counts for nothing.
- Criteria per thesis (raw), each put on a fixed scale, raw / full capped at 1 (vocabulary.CRITERIA_TABLE),
  so that a criterion's value means the same whatever the other theses have:
    support        sum of the weights of the passages that support the thesis
    corroboration  sum of trust over the distinct sources with a supporting passage that counts (weight
                   above 0 at full trust): a source counts once, and background does not corroborate
    backing        sum over the distinct historians who argue the thesis of the trust of the source that
                   attributes the view (the best-trusted one, when several do)
    contestation   sum of the weights of the passages that dispute or qualify the thesis
- score = the weighted sum of the scaled criteria, contestation counted against; shares = the positive
  scores as shares of their sum (equal shares, with a note, when no score is positive).
- ACH (Heuer): the passage x thesis matrix (+1 supports, -1 disputes, -0.5 qualifies, NaN not assessed);
  a thesis's inconsistency is its raw contestation; a passage's diagnosticity is (max - min) / 2 of its
  row, a blank counting 0.
- Robustness, three kinds, each seeded and vectorised: of the settings (weights and trusts redrawn), of
  the evidence (passages resampled with replacement) and of the coding (strengths moved a step, stances
  softened to qualifies); how often each thesis ranks first under each.
- Pivotal passages: those whose removal changes the first thesis or the order of the top three. Pivotal
  judgements: the single coding changes (one bearing's stance, or its strength one step) that do.

Rankings put the higher score first (ACH: the lower inconsistency, then the more support); ties go to the
thesis whose id comes first in alphabetical order. Scores are compared after rounding to 9 decimals, so
that floating-point noise never decides a tie.

A passage or a proponent whose source is not in the case counts with trust 0; a bears_on entry naming a
thesis that is not in the case is ignored (the loader reports both).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import sparse
from threadpoolctl import threadpool_limits

from explorer.model import Case
from explorer.vocabulary import (
    CRITERIA,
    CRITERIA_TABLE,
    DEFAULT_POINTS,
    DEFAULT_WEIGHTS,
    MODELS,
    POINTS_MAX,
    ROBUSTNESS,
    SAMPLES,
    STANCES,
    STRENGTHS,
    WEIGHT_MAX,
    unknown,
)
from explorer.weighting import (  # re-exported: the settings and the weight of a passage live in weighting
    DECIMALS,
    Bearing,
    WeighError,
    Weighting,
    bearings,
    check_kind,
    check_model,
    check_points,
    check_trust,
    check_weights,
    counted_sources,
    default_trust,
    passage_weight,
    scholarly,
    source_trust,
    trust_reason,
    trusts,
)

__all__ = ["CRITERIA", "DEFAULT_POINTS", "DEFAULT_WEIGHTS", "MODELS", "POINTS_MAX", "SAMPLES", "WEIGHT_MAX",
           "Bearing", "WeighError", "Weighting", "bearings", "check_kind", "check_model", "check_points", "check_trust",
           "check_weights", "counted_sources", "default_trust", "passage_weight", "scholarly", "source_trust", "trust_reason",
           "trusts", "unknown"]

# The samplings' matrix products are small and many: BLAS's own threads gain nothing on them and, on a busy 2-core
# machine, fight the other work for the cores. Held to one thread, the three samplings of a 100-thesis case took
# 0.95 s against 1.97 s with the other core busy (the same on the default case: 88 ms against 87 ms).
BLAS_THREADS = 1
SPREAD = 0.35  # sigma of the multiplicative lognormal noise of the settings: x exp(0.35 Z), about x/÷ 1.42
STEP_CHANCE = 0.2  # coding jitter: the chance that a bearing's strength moves one step (half up, half down)
SOFTEN_CHANCE = 0.1  # coding jitter: the chance that a supporting or disputing bearing is read as qualifying
_CHANGE = 1 - (1 - STEP_CHANCE) * (1 - SOFTEN_CHANCE)  # the chance that anything changes in a bearing
# What may happen to one bearing in a coding draw: (strength step, softened). A cell drawn (chance _CHANGE) gets
# one outcome from a whole number u drawn in 0.._SLOTS-1: _OUTCOME_BY_SLOT[qualifying, u]. The chances are exact
# fractions, so each outcome fills a whole number of slots and gets exactly its chance.
_OUTCOMES: tuple[tuple[int, bool], ...] = ((0, False), (-1, False), (1, False), (0, True), (-1, True), (1, True))


def _outcome_slots() -> tuple[int, np.ndarray]:
    step, soften = Fraction(str(STEP_CHANCE)), Fraction(str(SOFTEN_CHANCE))
    change = 1 - (1 - step) * (1 - soften)
    move, soft = step * (1 - soften) / change, (1 - step) * soften / change  # move only; soften only
    both, qualifying_move = 1 - move - soft, step / change  # a qualifying bearing cannot soften, only move
    bands = ([(1, move / 2), (2, move / 2), (3, soft), (4, both / 2), (5, both / 2)],
             [(1, qualifying_move / 2), (2, qualifying_move / 2), (0, 1 - qualifying_move)])
    slots = math.lcm(*(share.denominator for band in bands for _, share in band))
    table = np.array([np.repeat([o for o, _ in band], [int(share * slots) for _, share in band]) for band in bands])
    return slots, table


_SLOTS, _OUTCOME_BY_SLOT = _outcome_slots()
BLOCK = 125  # evidence and coding draws come in blocks of this many samples, each with its own stream
_DIVISORS = tuple(d for d in range(1, BLOCK + 1) if BLOCK % d == 0)  # the sizes a chunk of settings draws may take
STOP_EVERY = 1000  # a sampling with a stopping rule checks it after every this many samples (a multiple of BLOCK)
MARGIN = 0.01  # the sampling error the pages state: each share of first places within 1 percentage point
MEMORY = 200_000_000  # bytes a chunk of settings samples or of pivotal checks may use
_QUANTUM = 10.0**DECIMALS
NO_POSITIVE = "no thesis has a positive score, so every thesis gets an equal share"
KINDS: tuple[str, ...] = tuple(ROBUSTNESS)  # settings, evidence, coding

_STANCES: tuple[str, ...] = tuple(STANCES)
_STANCE_CODE = {stance: code for code, stance in enumerate(_STANCES)}
_SUPPORTS, _QUALIFIES = _STANCE_CODE["supports"], _STANCE_CODE["qualifies"]
_AGAINST = np.array([STANCES[s].against for s in _STANCES])
_SIGN = np.array([CRITERIA_TABLE[c].sign for c in CRITERIA])
_FULL = np.array([CRITERIA_TABLE[c].full for c in CRITERIA])
_LEVELS = tuple(sorted(STRENGTHS))
Progress = Callable[[float], None]


# --- the case as arrays ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Matrices:
    """A case compiled for weighing. Theses are sorted by id (so ties go to the first id); sources are the
    case's, then any unknown source a passage cites (trust 0). Matrices are source x thesis. An entry is one
    bearing of one passage on one thesis; entries are grouped by passage."""

    theses: tuple[str, ...]
    titles: tuple[str, ...]
    sources: tuple[str, ...]
    known: int  # the first `known` sources are the case's; overrides may only name them
    base_trust: np.ndarray  # (S,) sources.yaml's trust or the default
    refs: tuple[str, ...]  # passage references, thesis by thesis
    passage_thesis: np.ndarray  # (P,) the thesis whose claim file records the passage
    passage_source: np.ndarray  # (P,)
    entry_passage: np.ndarray  # (E,)
    entry_thesis: np.ndarray  # (E,)
    entry_stance: np.ndarray  # (E,) index into vocabulary.STANCES
    entry_strength: np.ndarray  # (E,) 1..3
    entry_weight: np.ndarray  # (E,) passage_weight at trust 1
    counts_table: np.ndarray  # (stances, 4): passage_weight at trust 1 by stance and strength (column 0 unused)
    supports: np.ndarray  # (S, T) summed weight (at trust 1) of the supporting passages
    contests: np.ndarray  # (S, T) summed weight (at trust 1) of the disputing and qualifying passages
    support_count: np.ndarray  # (S, T) how many supporting passages count (weight above 0)
    backers: np.ndarray  # (S, T) historians whose view on the thesis only this source attributes
    shared_backers: tuple[tuple[int, np.ndarray], ...]  # (thesis, sources) for views attributed by several
    points: dict[int, float]  # what a passage of each strength counts for
    stacked: np.ndarray = field(repr=False)  # (S, 4T): the four criteria side by side

    @property
    def size(self) -> tuple[int, int, int]:
        return len(self.theses), len(self.sources), len(self.refs)

    def digest(self) -> str:
        """A fingerprint of everything the engine reads here, for a cache of figures drawn from it: two
        compilations of the same case (and points) give the same digest, any change of the case another."""
        h = hashlib.blake2b(digest_size=16)
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                h.update(f"{f.name}:{value.dtype}{value.shape}".encode())
                h.update(np.ascontiguousarray(value).tobytes())
            elif f.name == "shared_backers":
                for thesis, sources in value:
                    h.update(f"{thesis}:".encode() + np.ascontiguousarray(sources).tobytes())
            else:
                h.update(f"{f.name}:{value!r}".encode())
        return h.hexdigest()

    @property
    def entry_source(self) -> np.ndarray:
        return self.passage_source[self.entry_passage]

    def trust_vector(self, overrides: Mapping[str, float] | None = None) -> np.ndarray:
        tau = self.base_trust.copy()
        index = {sid: i for i, sid in enumerate(self.sources[: self.known])}
        for sid, value in (overrides or {}).items():
            check_trust(sid, value, index)
            tau[index[sid]] = float(value)
        return tau


def matrices(case: Case | Matrices, points: Mapping[str | int, float] | None = None) -> Matrices:
    """Compile a case into the arrays every model works on (done once per call of the public functions). A ranking
    compares the theses of one question: a case whose theses answer several is compiled on its main question's
    (pass `case.within(question)` for another).
    `points` says what a passage of each strength counts for (see check_points). Compiled matrices are
    returned as they are; asking them for other points is a programming error."""
    if isinstance(case, Matrices):
        if points is not None and check_points(points) != case.points:
            raise ValueError("these matrices were compiled with other points; compile the case again")
        return case
    value_of = check_points(points)
    if len({case.question_of(tid) for tid in case.theses}) > 1:
        case = case.within()  # the theses of one question only: how it could happen never ranks beside why
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
                    e_strength.append(strength)
        for proponent in thesis.proponents:
            if not scholarly(case, proponent.historian):
                continue  # a journalist or a participant is shown, never counted as scholarly backing
            views.setdefault((t_index[tid], proponent.historian), set()).add(source_of(proponent.source))

    table = np.zeros((len(_STANCES), max(_LEVELS) + 1))
    for code, stance in enumerate(_STANCES):
        for level in _LEVELS:
            table[code, level] = passage_weight(stance, level, 1.0, value_of)
    n_t, n_s = len(theses), len(sources)
    ep, et = np.array(e_passage, dtype=np.intp), np.array(e_thesis, dtype=np.intp)
    es, el = np.array(e_stance, dtype=np.intp), np.array(e_strength, dtype=np.intp)
    ew = table[es, el]
    psrc = np.array(p_source, dtype=np.intp)
    esrc = psrc[ep] if len(ep) else np.zeros(0, dtype=np.intp)
    supports = np.zeros((n_s, n_t))
    contests = np.zeros((n_s, n_t))
    count = np.zeros((n_s, n_t), dtype=np.int64)
    sup, against = es == _SUPPORTS, _AGAINST[es] if len(es) else np.zeros(0, dtype=bool)
    np.add.at(supports, (esrc[sup], et[sup]), ew[sup])
    np.add.at(contests, (esrc[against], et[against]), ew[against])
    counted = sup & (ew > 0)
    np.add.at(count, (esrc[counted], et[counted]), 1)
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
        entry_strength=el,
        entry_weight=ew,
        counts_table=table,
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


def _scaled(raw: np.ndarray) -> np.ndarray:
    """Each criterion on its fixed scale: raw / full, capped at 1: (..., 4, T)."""
    return np.minimum(raw / _FULL[:, None], 1.0)


def _parts(raw: np.ndarray, wsign: np.ndarray) -> np.ndarray:
    """weight x scaled value, contestation negative: (..., 4, T)."""
    return _scaled(raw) * wsign[..., :, None] + 0.0  # + 0.0 turns -0.0 into 0.0


def _total(parts: np.ndarray) -> np.ndarray:
    return parts[..., 0, :] + parts[..., 1, :] + parts[..., 2, :] + parts[..., 3, :]


def _keys(model: str, raw: np.ndarray, wsign: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """What the ranking sorts on, best = largest: (primary, secondary or None), in units of 1e-9 (rounded)."""
    if model == "evidence":
        return np.rint(_total(_parts(raw, wsign)) * _QUANTUM), None
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
    normalised: pd.DataFrame  # thesis x criterion: raw / full, capped at 1
    parts: pd.DataFrame  # thesis x criterion: weight x normalised, contestation negative; rows sum to score
    score: pd.Series
    share: pd.Series
    order: tuple[str, ...]  # best first
    note: str | None  # set when no score is positive (the shares are then equal)


def scores(case: Case | Matrices, weights: Mapping[str, float] | None = None,
           trust: Mapping[str, float] | None = None, points: Mapping[str | int, float] | None = None) -> Scores:
    """Criteria, parts, scores and shares of every thesis. `trust` overrides sources' trusts by id."""
    m = matrices(case, points)
    weights = check_weights(weights)
    wsign = _wsign(weights)
    raw = _raw(m, m.trust_vector(trust))
    parts = _parts(raw, wsign)
    score = _total(parts)
    share, note = _shares(score)
    order = _order(*_keys("evidence", raw, wsign))
    index = pd.Index(m.theses, name="thesis")
    frame = lambda values: pd.DataFrame(values.T, index=index, columns=list(CRITERIA))
    return Scores(weights, frame(raw), frame(_scaled(raw)), frame(parts), pd.Series(score, index=index, name="score"),
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

    inconsistency: pd.Series  # by thesis: the weights of the disputing and qualifying passages
    support: pd.Series  # by thesis: the weights of the supporting passages (breaks ties)
    diagnosticity: pd.Series  # by passage ref, 0..1
    order: tuple[str, ...]  # least inconsistent first


def ach(case: Case | Matrices, trust: Mapping[str, float] | None = None,
        points: Mapping[str | int, float] | None = None) -> Ach:
    m = matrices(case, points)
    raw = _raw(m, m.trust_vector(trust))
    order = _order(*_keys("ach", raw, _SIGN))
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
    values[m.entry_passage, m.entry_thesis] = _ach_values()[m.entry_stance]
    return pd.DataFrame(values, index=pd.Index(m.refs, name="passage"), columns=pd.Index(m.theses, name="thesis"))


def _ach_values() -> np.ndarray:
    return np.array([STANCES[s].ach for s in _STANCES])


def _diagnosticity(m: Matrices) -> np.ndarray:
    """(largest - smallest value of each passage's row) / 2, a thesis not assessed counting 0. A bearing that
    counts for nothing (background, by default) is not assessed: a passage tells between theses only by what
    it counts for."""
    n_t, n_p = len(m.theses), len(m.refs)
    counts = m.entry_weight > 0
    value = _ach_values()[m.entry_stance[counts]]
    passage = m.entry_passage[counts]
    high = np.full(n_p, -np.inf)
    low = np.full(n_p, np.inf)
    np.maximum.at(high, passage, value)
    np.minimum.at(low, passage, value)
    assessed = np.bincount(passage, minlength=n_p)
    blank = assessed < n_t  # some thesis not assessed: its 0 is in the row
    high = np.where(blank, np.maximum(high, 0.0), high)
    low = np.where(blank, np.minimum(low, 0.0), low)
    return (high - low) / 2 + 0.0


# --- robustness --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Robustness:
    """How the ranking moves when the settings, the evidence or its coding are drawn again."""

    theses: tuple[str, ...]
    model: str
    kind: str  # settings, evidence or coding (vocabulary.ROBUSTNESS)
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
    def margin(self) -> pd.Series:
        """The sampling error of p_first: half the width of its 95% interval (Wilson's), by thesis."""
        return pd.Series([sampling_error(int(c), self.samples) for c in self.counts[:, :1].sum(axis=1)],
                         index=pd.Index(self.theses, name="thesis"), name="margin")

    @property
    def rank_shares(self) -> pd.DataFrame:
        """Thesis x rank (1..n): share of the samples in which the thesis has that rank (rows sum to 1)."""
        return pd.DataFrame(self.counts / self.samples, index=pd.Index(self.theses, name="thesis"),
                            columns=pd.RangeIndex(1, len(self.theses) + 1, name="rank"))


def sampling_error(hits: int, samples: int) -> float:
    """Half the width of the 95% Wilson interval of hits / samples: about ±1% at 10,000 samples near 50%,
    and still honest at 0% and 100%."""
    if samples <= 0:
        return float("nan")
    z = 1.959963984540054
    p = hits / samples
    return float(z * math.sqrt(p * (1 - p) / samples + z * z / (4 * samples * samples)) / (1 + z * z / samples))


def robustness(case: Case | Matrices, weights: Mapping[str, float] | None = None,
               trust: Mapping[str, float] | None = None, points: Mapping[str | int, float] | None = None,
               samples: int = SAMPLES, seed: int = 0, spread: float = SPREAD, model: str = "evidence",
               kind: str = "settings", progress: Progress | None = None, memory: int = MEMORY,
               margin: float | None = None) -> Robustness:
    """Draw `samples` variations of one kind and rank the theses under each.

    - settings: each weight and each trust is multiplied by exp(spread x Z), Z standard normal, drawn
      independently (a lognormal with its median at the reader's value; with spread 0.35 about half the
      draws are within x/÷ 1.27 and 95% within x/÷ 2); trusts are then clipped to 0..1. A weight or trust of
      0 stays 0. The ACH model only uses the trusts.
    - evidence: as many passages as were recorded, drawn with replacement from them (a bootstrap): a
      passage may count twice or not at all. Proponents are not passages and stay.
    - coding: each bearing of a passage on a thesis, independently: its strength moves one step with
      chance STEP_CHANCE (up or down, equally; a step off the scale is no change), and a supporting or
      disputing stance is read as qualifying with chance SOFTEN_CHANCE.

    Settings are drawn in chunks of at most about `memory` bytes; evidence and coding in fixed blocks of BLOCK
    samples, block b from the seed, the kind and b, so that a longer run extends a shorter one with the same
    seed. `progress(fraction done)` is called after each chunk or block. The same seed gives the same result,
    whatever the memory.

    `margin` is a stopping rule: after each STOP_EVERY samples, stop once the sampling error of every thesis's
    share of first places (`sampling_error`) is at most `margin`, so that `samples` becomes a most. The draws
    made are the first ones of the full run (same seed, same blocks), so the result is the full run's cut short.
    A case with many theses, each first in few draws, needs far fewer draws for the same error.
    """
    with threadpool_limits(limits=BLAS_THREADS):
        return _robustness(case, weights, trust, points, samples, seed, spread, model, kind, progress, memory, margin)


def _settled(counts: np.ndarray, done: int, margin: float | None) -> bool:
    """Whether a sampling may stop: every thesis's share of first places is known within `margin`."""
    if margin is None or done < STOP_EVERY or done % STOP_EVERY:
        return False
    return all(sampling_error(int(c), done) <= margin for c in counts[:, 0])


def _robustness(case, weights, trust, points, samples, seed, spread, model, kind, progress, memory,
                margin=None) -> Robustness:
    m = matrices(case, points)
    check_model(model)
    check_kind(kind)
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
    slots = np.arange(n_t)

    def tally(order: np.ndarray) -> None:
        counts.__iadd__(np.bincount((order * n_t + slots).ravel(), minlength=n_t * n_t).reshape(n_t, n_t))

    if kind == "settings":
        weight_rng, trust_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
        # a chunk divides BLOCK, so that every STOP_EVERY samples ends a chunk whatever the memory
        chunk = max(d for d in _DIVISORS if d <= max(1, min(samples, memory // (8 * (n_s + 14 * n_t + 8)))))
        for done in range(0, samples, chunk):
            if _settled(counts, done, margin):
                samples = done
                break
            n = min(chunk, samples - done)
            w = wsign * np.exp(spread * weight_rng.standard_normal((n, 4)))
            t = np.clip(tau * np.exp(spread * trust_rng.standard_normal((n, n_s))), 0.0, 1.0)
            if n_t and model == "ach":  # only inconsistency and support matter: half the work of _raw
                tally(_order(np.rint(-(t @ m.contests) * _QUANTUM), np.rint((t @ m.supports) * _QUANTUM)))
            elif n_t:
                tally(_order(*_keys(model, _raw(m, t), w)))
            if progress is not None:
                progress(min(done + n, samples) / samples)
    else:  # blocks of BLOCK samples, block b drawn from the seed, the kind and b: the same whatever the memory
        draws = _Draws(m, tau)
        for done in range(0, samples, BLOCK):
            if _settled(counts, done, margin):
                samples = done
                break
            n = min(BLOCK, samples - done)
            rng = np.random.default_rng([seed, KINDS.index(kind), done // BLOCK])
            if n_t:
                raw = draws.resampled(rng, n) if kind == "evidence" else draws.recoded(rng, n)
                tally(_order(*_keys(model, raw, wsign)))
            if progress is not None:
                progress(min(done + n, samples) / samples)
    return Robustness(m.theses, model, kind, samples, seed, float(spread), counts)


class _Draws:
    """Raw criteria of a case whose passages or codings are drawn again, many draws at once, at fixed trust.

    Support and contestation are sums of the entries' (bearings') weights; corroboration adds the trust of
    each (source, thesis) group with at least one counting supporting entry; backing does not change.
    A bootstrap draw sums passages with a matrix product (times each passage is drawn x its weight on
    each thesis); a coding draw changes about a quarter of the entries, so only the changes are summed
    (with bincount), on top of the recorded coding."""

    def __init__(self, m: Matrices, tau: np.ndarray) -> None:
        self.m = m
        _, n_s, _ = m.size
        esrc = m.entry_source
        self.trust = tau[esrc]  # (E,)
        sup = m.entry_stance == _SUPPORTS
        self._by_passage: np.ndarray | None = None  # built on the first bootstrap draw
        # (source, thesis) groups of the supporting entries: only these can corroborate, whatever the draw
        supporting = np.flatnonzero(sup)
        key = m.entry_thesis[supporting] * n_s + esrc[supporting]
        order = np.argsort(key, kind="stable")
        self.supporting = supporting[order]
        group_ids, self.group_starts = _groups(key[order])
        self.entry_group = np.full(len(m.entry_passage), -1, dtype=np.intp)
        self.entry_group[self.supporting] = np.repeat(np.arange(len(group_ids)), np.diff(
            np.append(self.group_starts, len(self.supporting))))
        # the trust each group's source adds to its thesis; groups are sorted by thesis, so the groups of one thesis
        # are a run that one reduceat sums (a dense groups x theses product cost most of a draw on large cases)
        self.group_trust = tau[group_ids % max(1, n_s)]
        group_thesis = group_ids // max(1, n_s)
        self.corroborated, self.thesis_starts = _groups(group_thesis)
        counting = sup & (m.entry_weight > 0)
        self.group_count = np.bincount(self.entry_group[counting], minlength=len(group_ids))
        self.counting = np.flatnonzero(counting[self.supporting])  # positions in self.supporting that count
        self.base = _raw(m, tau)  # (4, T)
        self.outcomes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # worked out on the first coding draw

    def corroboration(self, present: np.ndarray) -> np.ndarray:
        """(n, groups) of 0/1 (whether each (source, thesis) group has a counting supporting entry in a draw) ->
        (n, T): the trust each thesis gets from the sources that corroborate it."""
        out = np.zeros((len(present), len(self.m.theses)))
        if len(self.corroborated):
            out[:, self.corroborated] = np.add.reduceat(present * self.group_trust, self.thesis_starts, axis=1)
        return out

    def by_passage(self) -> sparse.csc_matrix:
        """Thesis column (support, then contestation) -> the weight of each passage on it: (2T, P), sparse (a
        passage bears on a few theses), so that a draw's sums cost the bearings, not passages x theses."""
        if self._by_passage is None:
            m, n_t = self.m, len(self.m.theses)
            value = m.entry_weight * self.trust
            sup = m.entry_stance == _SUPPORTS
            against = _AGAINST[m.entry_stance]
            rows = np.concatenate([m.entry_thesis[sup], n_t + m.entry_thesis[against]])
            cols = np.concatenate([m.entry_passage[sup], m.entry_passage[against]])
            self._by_passage = sparse.csr_matrix((np.concatenate([value[sup], value[against]]), (rows, cols)),
                                                 shape=(2 * n_t, len(m.refs)))
        return self._by_passage

    def resampled(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n bootstrap draws of the passages: (n, 4, T)."""
        m, n_t = self.m, len(self.m.theses)
        n_p = len(m.refs)
        raw = np.repeat(self.base[None], n, axis=0)
        if n_p == 0:
            return raw
        picks = rng.integers(0, n_p, size=(n, n_p), dtype=np.int32)
        times = np.bincount((picks + (np.arange(n, dtype=np.int64) * n_p)[:, None]).ravel(),
                            minlength=n * n_p).reshape(n, n_p)
        sums = (self.by_passage() @ times.T.astype(float)).T
        raw[:, 0], raw[:, 3] = sums[:, :n_t], sums[:, n_t:]
        counting = self.supporting[self.counting]
        if len(counting):
            present = np.zeros((n, len(self.group_count)))
            drawn = times[:, m.entry_passage[counting]] > 0
            groups, starts = _groups(self.entry_group[counting])
            present[:, groups] = np.maximum.reduceat(drawn, starts, axis=1)
            raw[:, 1] = self.corroboration(present)
        return raw

    def recoded(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n draws of the coding: (n, 4, T). Each entry's strength moves one step with chance STEP_CHANCE (up
        or down, equally; a step off the scale is no change) and, independently, a supporting or disputing
        stance softens to qualifying with chance SOFTEN_CHANCE. Only the changed bearings are drawn: over the
        n x E (draw, entry) cells, the gaps between the cells where something may change (chance _CHANGE)
        are geometric, and one whole number per such cell picks its outcome (_OUTCOMES), whose effect on
        the criteria was worked out once per entry."""
        m, n_t = self.m, len(self.m.theses)
        e = len(m.entry_passage)
        raw = np.repeat(self.base[None], n, axis=0)
        if e == 0:
            return raw
        if self.outcomes is None:
            self.outcomes = self._outcomes()
        support, contest, corroborates = self.outcomes
        cell = _events(rng, n * e, _CHANGE)
        entry = cell % e
        draw = cell // e
        qualifying = (m.entry_stance == _QUALIFIES).astype(np.intp)[entry]
        outcome = _OUTCOME_BY_SLOT[qualifying, rng.integers(0, _SLOTS, size=len(cell))]
        at = draw * n_t + m.entry_thesis[entry]
        raw[:, 0] += np.bincount(at, weights=support[entry, outcome], minlength=n * n_t).reshape(n, n_t)
        raw[:, 3] += np.bincount(at, weights=contest[entry, outcome], minlength=n * n_t).reshape(n, n_t)
        moved = corroborates[entry, outcome]
        hit = np.flatnonzero(moved)
        if len(hit):
            groups = len(self.group_count)
            counted = np.bincount(draw[hit] * groups + self.entry_group[entry[hit]], weights=moved[hit],
                                  minlength=n * groups)
            present = (self.group_count[None, :] + counted.reshape(n, groups)) > 0
            raw[:, 1] = self.corroboration(present)
        return np.maximum(raw, 0.0)

    def _outcomes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per entry and outcome (_OUTCOMES): the change of its weight in support and in contestation, and
        of its group's count of counting supporting entries (-1, 0 or +1): three (E, outcomes) arrays."""
        m = self.m
        old_w = m.entry_weight
        support = np.zeros((len(old_w), len(_OUTCOMES)))
        contest = np.zeros_like(support)
        corroborates = np.zeros_like(support)
        was = (m.entry_stance == _SUPPORTS) & (old_w > 0)
        for o, (step, soften) in enumerate(_OUTCOMES):
            stance = np.where(soften & (m.entry_stance != _QUALIFIES), _QUALIFIES, m.entry_stance)
            strength = np.clip(m.entry_strength + step, _LEVELS[0], _LEVELS[-1])
            new_w = m.counts_table[stance, strength]
            support[:, o] = (np.where(stance == _SUPPORTS, new_w, 0.0)
                             - np.where(m.entry_stance == _SUPPORTS, old_w, 0.0)) * self.trust
            contest[:, o] = (np.where(_AGAINST[stance], new_w, 0.0) - np.where(_AGAINST[m.entry_stance], old_w, 0.0)
                             ) * self.trust
            now = (stance == _SUPPORTS) & (new_w > 0)
            corroborates[:, o] = np.where(self.entry_group >= 0, now.astype(float) - was, 0.0)
        return support, contest, corroborates


def _events(rng: np.random.Generator, cells: int, chance: float) -> np.ndarray:
    """The cells 0..cells-1 where an event of the given chance happens, each independently: the gaps
    between events are geometric."""
    out = []
    at = -1
    while True:
        expected = (cells - at) * chance
        gaps = rng.geometric(chance, size=int(expected + 6 * math.sqrt(expected + 1) + 16))
        found = at + np.cumsum(gaps)
        out.append(found[found < cells])
        if found[-1] >= cells:
            return np.concatenate(out)
        at = int(found[-1])


def _groups(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of a sorted array and where each run starts."""
    if len(sorted_keys) == 0:
        return sorted_keys.astype(np.intp), np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    return sorted_keys[starts].astype(np.intp), starts


# --- pivotal passages and pivotal judgements -----------------------------------------------------------


def _flips(before: tuple[str, ...], after: tuple[str, ...], names: Mapping[str, str] | None = None) -> str:
    """'first: a -> b' or 'top three order: a, b, c -> a, c, b', with ids or, given names, the theses' names."""
    name = (lambda tid: names.get(tid, tid)) if names else (lambda tid: tid)
    if before[0] != after[0]:
        return f"first: {name(before[0])} -> {name(after[0])}"
    top = {1: "top", 2: "top two", 3: "top three"}[len(before)]
    return f"{top} order: {', '.join(map(name, before))} -> {', '.join(map(name, after))}"


def changes_in_words(before: tuple[str, ...], after: tuple[str, ...], names: Mapping[str, str]) -> str:
    """What a change does to the top of the ranking, in plain words: 'X would come first instead of Y' or
    'the top three would read X, Z, Y'."""
    if before[0] != after[0]:
        return f"“{names.get(after[0], after[0])}” would come first instead of “{names.get(before[0], before[0])}”"
    top = {1: "top", 2: "top two", 3: "top three"}[len(after)]
    return f"the {top} would read " + ", ".join(f"“{names.get(t, t)}”" for t in after)


class _ChangesTheTop:
    """What a change does to the top (three) of the ranking: `before` and `after`, best first."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def first_changes(self) -> bool:
        return self.before[0] != self.after[0]

    @property
    def flips(self) -> str:
        return _flips(self.before, self.after)


@dataclass(frozen=True)
class Pivotal(_ChangesTheTop):
    """A passage whose removal changes the first thesis or the order of the top three."""

    ref: str
    thesis: str  # the claim file that records it
    source: str
    stances: dict[str, str]  # every thesis it bears on -> its stance there
    before: tuple[str, ...]  # the top (three) before, best first
    after: tuple[str, ...]  # the top (three) without this passage


@dataclass(frozen=True)
class Judgement(_ChangesTheTop):
    """One coding judgement (a passage's stance on one thesis, or its strength there one step up or down)
    whose change alone changes the first thesis or the order of the top three."""

    ref: str
    thesis: str  # the thesis the judgement is about
    home: str  # the claim file that records the passage
    source: str
    field: str  # "stance" or "strength"
    old: str  # as recorded: "supports", or "3"
    new: str  # the other reading
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def change(self) -> str:
        """'stance supports -> qualifies' or 'strength 3 -> 2'."""
        return f"{self.field} {self.old} -> {self.new}"

    @property
    def reading(self) -> str:
        """In plain words: 'read as qualifying, not supporting' or 'read as relevant, not explicit causal
        claim'."""
        if self.field == "stance":
            return f"read as {STANCES[self.new].heading.lower()}, not {STANCES[self.old].heading.lower()}"
        old, new = int(self.old), int(self.new)
        return f"read as {STRENGTHS[new].label}, not {STRENGTHS[old].label}"


@dataclass(frozen=True, eq=False)
class _Top:
    """What the pivotal searches start from: the scored case and its top k (three, or every thesis)."""

    wsign: np.ndarray
    tau: np.ndarray
    raw: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray | None
    base: np.ndarray  # every thesis, best first
    k: int
    head: np.ndarray  # base[:k]


def _setup(m: Matrices, weights, trust, model: str, k: int = 3) -> _Top | None:
    """The case scored under the settings, or None when there is no top to change (fewer than two theses,
    or no passage). `k`: how many of the top the searches follow (at most every thesis)."""
    check_model(model)
    wsign = _wsign(check_weights(weights))
    tau = m.trust_vector(trust)
    n_t, _, n_p = m.size
    if n_t < 2 or n_p == 0:
        return None
    raw = _raw(m, tau)
    primary, secondary = _keys(model, raw, wsign)
    base = _order(primary, secondary)
    k = min(k, n_t)
    return _Top(wsign, tau, raw, primary, secondary, base, k, base[:k])


def _new_heads(model: str, base: np.ndarray, primary: np.ndarray, secondary: np.ndarray | None, wsign: np.ndarray,
               hit: np.ndarray, new: np.ndarray, k: int) -> np.ndarray:
    """The top k after changes that each touch a few theses. `hit` (C, W) lists the theses a change touches
    (-1 for none), `new` (C, 4, W) their raw criteria after it. A thesis's score depends on its own criteria
    alone (each is on a fixed scale), so the other theses keep their keys: the first k of them in the base
    order are merged with the re-scored ones."""
    n_t = len(base)
    width = hit.shape[1]
    span = base[: min(k + width, n_t)]
    free = ~(hit[:, :, None] == span[None, None, :]).any(axis=1)  # (C, len(span))
    pick = np.argsort(~free, axis=1, kind="stable")[:, :k]
    rows = np.arange(len(hit))[:, None]
    kept = span[pick]
    kept_ok = free[rows, pick]
    new_primary, new_secondary = _keys(model, new, wsign)
    cand = np.concatenate([kept, hit], axis=1)
    ok = np.concatenate([kept_ok, hit >= 0], axis=1)
    c_primary = np.where(ok, np.concatenate([primary[kept], new_primary], axis=1), -np.inf)
    c_secondary = (np.zeros_like(c_primary) if secondary is None
                   else np.where(ok, np.concatenate([secondary[kept], new_secondary], axis=1), -np.inf))
    c_index = np.where(ok, cand, n_t)
    best = np.lexsort((c_index, -c_secondary, -c_primary), axis=-1)[:, :k]
    return c_index[rows, best]


def pivotal(case: Case | Matrices, weights: Mapping[str, float] | None = None,
            trust: Mapping[str, float] | None = None, points: Mapping[str | int, float] | None = None,
            model: str = "evidence", memory: int = MEMORY) -> list[Pivotal]:
    """The passages whose removal changes which thesis ranks first or the order of the top three.

    Removing a passage lowers only the raw criteria of the theses it bears on, and each criterion is on a
    fixed scale, so only those theses are re-scored (all passages at once, as arrays). A passage's
    contribution is subtracted, which is exact to about 1e-16 of the largest raw value: far below the 1e-9
    at which scores are compared. A passage that counts for nothing (background by default, or from a
    source trusted 0) is never pivotal.
    """
    m = matrices(case, points)
    top = _setup(m, weights, trust, model)
    if top is None:
        return []
    new_head, n_entries = _heads_without_each(m, top, model, memory)
    et, es = m.entry_thesis, m.entry_stance
    moved = np.flatnonzero((new_head != top.head[None, :]).any(axis=1))
    before = tuple(m.theses[i] for i in top.head)
    starts = np.concatenate([[0], np.cumsum(n_entries)])
    out = []
    for p in moved:
        entries = slice(starts[p], starts[p + 1])
        stances = {m.theses[t]: _STANCES[s] for t, s in zip(et[entries], es[entries], strict=True)}
        out.append(Pivotal(m.refs[p], m.theses[m.passage_thesis[p]], m.sources[m.passage_source[p]], stances,
                           before, tuple(m.theses[i] for i in new_head[p])))
    return sorted(out, key=lambda p: not p.first_changes)


def orders_without_each(case: Case | Matrices, weights: Mapping[str, float] | None = None,
                        trust: Mapping[str, float] | None = None, points: Mapping[str | int, float] | None = None,
                        model: str = "evidence", memory: int = MEMORY) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The whole ranking, best first, and for each passage the whole ranking without it (passage ref -> order),
    by the same re-scoring as `pivotal`: what a debate team needs to know which passages hold it up and which
    hold a rival above it. Empty when there is no ranking to change (fewer than two theses, or no passage)."""
    m = matrices(case, points)
    top = _setup(m, weights, trust, model, k=len(m.theses))
    if top is None:
        return tuple(m.theses), {}
    new_head, _ = _heads_without_each(m, top, model, memory)
    return (tuple(m.theses[i] for i in top.head),
            {m.refs[p]: tuple(m.theses[i] for i in row) for p, row in enumerate(new_head)})


def _heads_without_each(m: Matrices, top: _Top, model: str, memory: int) -> tuple[np.ndarray, np.ndarray]:
    """For each passage, the top k without it (passages x k), and how many bearings each passage has."""
    n_p = len(m.refs)
    ep, et, es = m.entry_passage, m.entry_thesis, m.entry_stance
    esrc = m.entry_source
    weight = m.entry_weight * top.tau[esrc]
    delta = np.zeros((4, len(ep)))
    supporting = es == _SUPPORTS
    delta[0] = np.where(supporting, -weight, 0.0)
    delta[1] = np.where(supporting & (m.entry_weight > 0) & (m.support_count[esrc, et] == 1), -top.tau[esrc], 0.0)
    delta[3] = np.where(_AGAINST[es], -weight, 0.0)
    after = np.maximum(top.raw[:, et] + delta, 0.0)

    # the same as padded arrays, one row per passage: affected thesis (-1 if none) and its new criteria
    n_entries = np.bincount(ep, minlength=n_p)
    width = max(1, int(n_entries.max()))
    slot = np.arange(len(ep)) - np.concatenate([[0], np.cumsum(n_entries)[:-1]])[ep]
    hit = np.full((n_p, width), -1, dtype=np.intp)
    hit[ep, slot] = et
    new = np.zeros((n_p, 4, width))
    new[ep, :, slot] = after.T
    return _chunked_heads(model, top, hit, new, memory), n_entries


def _chunked_heads(model: str, top: _Top, hit: np.ndarray, new: np.ndarray, memory: int) -> np.ndarray:
    """_new_heads over the changes in chunks of about `memory` bytes."""
    step = max(1, memory // (8 * 16 * (top.k + hit.shape[1]) * 4))
    return np.concatenate([_new_heads(model, top.base, top.primary, top.secondary, top.wsign, hit[i:i + step],
                                      new[i:i + step], top.k) for i in range(0, len(hit), step)]
                          or [np.zeros((0, top.k), dtype=np.intp)])


def pivotal_judgements(case: Case | Matrices, weights: Mapping[str, float] | None = None,
                       trust: Mapping[str, float] | None = None, points: Mapping[str | int, float] | None = None,
                       model: str = "evidence", memory: int = MEMORY) -> list[Judgement]:
    """The single coding judgements whose change alone changes the first thesis or the order of the top
    three: for every bearing of every passage on a thesis, each other stance, and the strength one step up
    and one step down (within 1..3). Those that change the first thesis come first, then in the order of
    the passages."""
    m = matrices(case, points)
    top = _setup(m, weights, trust, model)
    if top is None:
        return []
    alternatives = [(s, None) for s in range(len(_STANCES))] + [(None, -1), (None, 1)]
    entry, stance, strength, is_stance = [], [], [], []
    for new_stance, step in alternatives:
        if new_stance is not None:
            keep = np.flatnonzero(m.entry_stance != new_stance)
            stance.append(np.full(len(keep), new_stance))
            strength.append(m.entry_strength[keep])
        else:
            moved = m.entry_strength + step
            keep = np.flatnonzero((moved >= _LEVELS[0]) & (moved <= _LEVELS[-1]))
            stance.append(m.entry_stance[keep])
            strength.append(moved[keep])
        entry.append(keep)
        is_stance.append(np.full(len(keep), new_stance is not None))
    ce, cs, cg, c_is_stance = (np.concatenate(x) for x in (entry, stance, strength, is_stance))
    order = np.argsort(ce, kind="stable")
    ce, cs, cg, c_is_stance = ce[order], cs[order], cg[order], c_is_stance[order]
    et, esrc = m.entry_thesis[ce], m.entry_source[ce]
    old_s, old_g = m.entry_stance[ce], m.entry_strength[ce]
    t = top.tau[esrc]
    old_w, new_w = m.counts_table[old_s, old_g], m.counts_table[cs, cg]
    old_counts = (old_s == _SUPPORTS) & (old_w > 0)
    new_counts = (cs == _SUPPORTS) & (new_w > 0)
    n_counting = m.support_count[esrc, et]
    delta = np.zeros((4, len(ce)))
    delta[0] = np.where(cs == _SUPPORTS, new_w * t, 0.0) - np.where(old_s == _SUPPORTS, old_w * t, 0.0)
    delta[1] = np.where(old_counts & ~new_counts & (n_counting == 1), -t, 0.0) + np.where(
        ~old_counts & new_counts & (n_counting == 0), t, 0.0)
    delta[3] = np.where(_AGAINST[cs], new_w * t, 0.0) - np.where(_AGAINST[old_s], old_w * t, 0.0)
    after = np.maximum(top.raw[:, et] + delta, 0.0)
    new_head = _chunked_heads(model, top, et[:, None], after.T[:, :, None], memory)
    changed = np.flatnonzero((new_head != top.head[None, :]).any(axis=1))
    before = tuple(m.theses[i] for i in top.head)
    out = []
    for c in changed:
        p = m.entry_passage[ce[c]]
        field_name = "stance" if c_is_stance[c] else "strength"
        old, new = ((_STANCES[old_s[c]], _STANCES[cs[c]]) if c_is_stance[c] else (str(old_g[c]), str(cg[c])))
        out.append(Judgement(m.refs[p], m.theses[et[c]], m.theses[m.passage_thesis[p]], m.sources[esrc[c]],
                             field_name, old, new, before, tuple(m.theses[i] for i in new_head[c])))
    return sorted(out, key=lambda j: not j.first_changes)


# --- everything at once --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThesisResult:
    id: str
    title: str
    rank: int  # 1 = first, under the model asked for
    score: float  # the evidence model's score
    parts: dict[str, float]  # criterion -> weight x scaled value (contestation negative)
    raw: dict[str, float]  # criterion -> raw value
    share: float
    inconsistency: float  # ACH: the weights of the passages against it
    p_first: float | None  # settings redrawn; None when no samples were drawn
    rank_distribution: tuple[float, ...] | None  # share of samples (settings redrawn) at rank 1..n
    pivotal: tuple[Pivotal, ...]  # pivotal passages that bear on this thesis
    p_first_evidence: float | None = None  # passages resampled
    p_first_coding: float | None = None  # coding varied

    def first(self, kind: str) -> float | None:
        """How often it comes first under one kind of robustness."""
        return {"settings": self.p_first, "evidence": self.p_first_evidence, "coding": self.p_first_coding}[kind]


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
    judgements: tuple[Judgement, ...] = ()
    robustness: dict[str, Robustness] = field(default_factory=dict)  # by kind; empty when samples is 0

    def first_in(self, thesis: str | None = None) -> str:
        """How often a thesis (by default the first) comes first, in words: its figure when the settings are
        redrawn and, when another kind is lower, the weakest too: 'first in 70% (±0.9%) when the sliders are
        redrawn, 61% (±1.0%) when the passages are redrawn'. Empty without samples."""
        weakest = self.weakest(thesis)
        if weakest is None:
            return ""
        tid = thesis or self.theses[0].id
        settings = self.robustness.get("settings")
        parts = []
        if settings is not None:
            parts.append(f"{settings.p_first[tid]:.0%} (±{settings.margin[tid]:.1%}) {ROBUSTNESS['settings'].label}")
        kind, share, margin = weakest
        if kind != "settings":
            parts.append(f"{share:.0%} (±{margin:.1%}) {ROBUSTNESS[kind].label}")
        return "first in " + ", ".join(parts)

    def weakest(self, thesis: str | None = None) -> tuple[str, float, float] | None:
        """For a thesis (by default the first): the kind of robustness under which it comes first least often,
        that share and its sampling error (None without samples or theses)."""
        if not self.robustness or not self.theses:
            return None
        tid = thesis or self.theses[0].id
        kind = min(self.robustness, key=lambda k: (self.robustness[k].p_first[tid], KINDS.index(k)))
        r = self.robustness[kind]
        return kind, float(r.p_first[tid]), float(r.margin[tid])

    def tables(self) -> dict[str, pd.DataFrame]:
        """The ranking as DataFrames, for the dashboard and exports."""
        ids = pd.Index([t.id for t in self.theses], name="thesis")
        ranking = pd.DataFrame({
            "rank": [t.rank for t in self.theses],
            "title": [t.title for t in self.theses],
            "score": [t.score for t in self.theses],
            "share": [t.share for t in self.theses],
            "inconsistency": [t.inconsistency for t in self.theses],
            **{f"p_first{'' if k == 'settings' else '_' + k}": [
                np.nan if t.first(k) is None else t.first(k) for t in self.theses] for k in KINDS},
        }, index=ids)
        parts = pd.DataFrame([t.parts for t in self.theses], index=ids, columns=list(CRITERIA))
        raw = pd.DataFrame([t.raw for t in self.theses], index=ids, columns=list(CRITERIA))
        n = len(self.theses)
        dist = pd.DataFrame([t.rank_distribution or [np.nan] * n for t in self.theses], index=ids,
                            columns=pd.RangeIndex(1, n + 1, name="rank"))
        piv = pd.DataFrame({"passage": [p.ref for p in self.pivotal], "thesis": [p.thesis for p in self.pivotal],
                            "source": [p.source for p in self.pivotal], "flips": [p.flips for p in self.pivotal]})
        judged = pd.DataFrame({"passage": [j.ref for j in self.judgements],
                               "thesis": [j.thesis for j in self.judgements],
                               "change": [j.change for j in self.judgements],
                               "flips": [j.flips for j in self.judgements]})
        return {"ranking": ranking, "parts": parts, "criteria": raw, "rank_distribution": dist,
                "pivotal": piv, "judgements": judged, "diagnosticity": self.diagnosticity.to_frame()}


def weigh(case: Case | Matrices, weights: Mapping[str, float] | None = None,
          trust: Mapping[str, float] | None = None, model: str = "evidence", samples: int = SAMPLES,
          seed: int = 0, spread: float = SPREAD, progress: Progress | None = None,
          points: Mapping[str | int, float] | None = None) -> Ranking:
    """Scores, ACH, the three robustness samplings (skipped when samples is 0), pivotal passages and
    pivotal judgements, thesis by thesis."""
    m = matrices(case, points)
    check_model(model)
    weights = check_weights(weights)
    tau = m.trust_vector(trust)
    s = scores(m, weights, trust)
    a = ach(m, trust)
    order = s.order if model == "evidence" else a.order
    robust: dict[str, Robustness] = {}
    for i, kind in enumerate(KINDS if samples else ()):
        step = (lambda done, i=i: progress((i + done) / len(KINDS))) if progress else None
        robust[kind] = robustness(m, weights, trust, samples=samples, seed=seed, spread=spread, model=model,
                                  kind=kind, progress=step)
    pivots = tuple(pivotal(m, weights, trust, model=model))
    judged = tuple(pivotal_judgements(m, weights, trust, model=model))
    position = {tid: i for i, tid in enumerate(m.theses)}
    parts, raw = s.parts.to_dict("index"), s.raw.to_dict("index")  # one conversion, not one lookup a cell
    score, share, against = s.score.to_dict(), s.share.to_dict(), a.inconsistency.to_dict()
    results = []
    for rank, tid in enumerate(order, start=1):
        results.append(ThesisResult(
            id=tid, title=m.titles[position[tid]], rank=rank, score=float(score[tid]),
            parts={c: float(parts[tid][c]) for c in CRITERIA}, raw={c: float(raw[tid][c]) for c in CRITERIA},
            share=float(share[tid]), inconsistency=float(against[tid]),
            p_first=None, rank_distribution=None, pivotal=tuple(p for p in pivots if tid in p.stances)))
    ranking = Ranking(model, weights, dict(m.points), {sid: float(tau[j]) for j, sid in enumerate(m.sources[: m.known])},
                      0, seed, spread, tuple(results), pivots, a.diagnosticity, s.note, judged, {})
    return with_robustness(ranking, robust) if robust else ranking


def first_without_each_source(case: Case | Matrices, weights: Mapping[str, float] | None = None,
                              trust: Mapping[str, float] | None = None, model: str = "evidence",
                              points: Mapping[str | int, float] | None = None) -> dict[str, tuple[str, ...]]:
    """For each of the case's sources trusted above 0, the theses that would share first place if it were
    trusted not at all (one thesis when there is no tie), on the model's own measure; all at once."""
    m = matrices(case, points)
    tau = m.trust_vector(trust)
    trusted = [j for j in range(m.known) if tau[j] > 0]
    if not trusted or not m.theses:
        return {}
    taus = np.repeat(tau[None], len(trusted), axis=0)
    taus[np.arange(len(trusted)), trusted] = 0.0
    primary, _ = _keys(model, _raw(m, taus), _wsign(check_weights(weights)))
    best = primary.max(axis=1, keepdims=True)
    return {m.sources[j]: tuple(m.theses[t] for t in np.flatnonzero(row)) for j, row in zip(trusted, primary == best)}


def with_robustness(ranking: Ranking, robust: Mapping[str, Robustness]) -> Ranking:
    """The ranking with the robustness figures drawn for it, so that a page can show the ranking first and add how
    sure it is when the samplings are done. Its `samples` are the first kind's (with a stopping rule, each kind
    may have stopped after a different number: each Robustness keeps its own)."""
    first_kind = next(iter(robust.values()), None)
    samples = first_kind.samples if first_kind else 0
    position = {tid: i for i, tid in enumerate(first_kind.theses)} if first_kind else {}
    results = []
    for t in ranking.theses:
        i = position.get(t.id, 0)
        first = {k: float(r.counts[i, 0] / r.samples) for k, r in robust.items()}
        results.append(replace(
            t, p_first=first.get("settings"), p_first_evidence=first.get("evidence"),
            p_first_coding=first.get("coding"),
            rank_distribution=tuple((robust["settings"].counts[i] / robust["settings"].samples).tolist())
            if "settings" in robust
            else None))
    return replace(ranking, samples=samples, spread=first_kind.spread if first_kind else ranking.spread,
                   seed=first_kind.seed if first_kind else ranking.seed, theses=tuple(results), robustness=dict(robust))

"""Robustness: the three samplings (the settings redrawn, the passages redrawn, the coding varied), seeded and
vectorised."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import sparse
from threadpoolctl import threadpool_limits

from explorer.model import Case
from explorer.vocabulary import (
    ROBUSTNESS,
    SAMPLES,
)
from explorer.weigh.arrays import (
    _AGAINST,
    _LEVELS,
    _QUALIFIES,
    _QUANTUM,
    _SUPPORTS,
    MEMORY,
    Matrices,
    Progress,
    _keys,
    _order,
    _raw,
    _wsign,
    matrices,
)
from explorer.weighting import (
    WeighError,
    Weighting,
    check_kind,
    check_model,
)

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
KINDS: tuple[str, ...] = tuple(ROBUSTNESS)  # settings, evidence, coding


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


def robustness(case: Case | Matrices, weighting: Weighting | None = None, samples: int = SAMPLES, seed: int = 0, spread: float = SPREAD, model: str = "evidence",
               kind: str = "settings", progress: Progress | None = None, memory: int = MEMORY,
               margin: float | None = None) -> Robustness:
    """Draw `samples` variations of one kind and rank the theses under each, around a weighting (None: the case's
    defaults).

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
        return _robustness(case, weighting, samples, seed, spread, model, kind, progress, memory, margin)


def _settled(counts: np.ndarray, done: int, margin: float | None) -> bool:
    """Whether a sampling may stop: every thesis's share of first places is known within `margin`."""
    if margin is None or done < STOP_EVERY or done % STOP_EVERY:
        return False
    return all(sampling_error(int(c), done) <= margin for c in counts[:, 0])


def _robustness(case, weighting, samples, seed, spread, model, kind, progress, memory, margin=None) -> Robustness:
    m = matrices(case, weighting)
    check_model(model)
    check_kind(kind)
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        raise WeighError(f"samples {samples!r} is not a whole number of 1 or more")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise WeighError(f"seed {seed!r} is not a whole number of 0 or more")
    if not (isinstance(spread, (int, float)) and 0 <= spread <= 3):
        raise WeighError(f"spread {spread!r} is out of range; use a number from 0 to 3")
    wsign = _wsign(weighting)
    tau = m.trust_vector(weighting)
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

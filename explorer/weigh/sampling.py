"""Robustness: the three samplings (the settings redrawn, the passages redrawn, the coding varied), seeded and
vectorised."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np
import pandas as pd
from scipy import sparse
from threadpoolctl import ThreadpoolController

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
# What may happen to one bearing in a coding draw: (strength step, softened), the first "nothing". Each (draw, bearing)
# cell gets one byte, 0..255; the bytes from _SLOTS up are drawn again (until none is left), and the byte u left picks
# the outcome _OUTCOME_BY_SLOT[u]. The chances are exact fractions (hundredths), so each outcome fills a whole number
# of the _SLOTS slots and gets exactly its chance; the slots of a change come first (u < _CHANGED). A qualifying
# bearing cannot soften: for it, softening is no change (its step, if any, still happens).
_OUTCOMES: tuple[tuple[int, bool], ...] = ((0, False), (-1, False), (1, False), (0, True), (-1, True), (1, True))


def _outcome_slots() -> tuple[int, int, np.ndarray]:
    step, soften = Fraction(str(STEP_CHANCE)), Fraction(str(SOFTEN_CHANCE))
    chances = [(1 - step if s == 0 else step / 2) * (soften if soft else 1 - soften) for s, soft in _OUTCOMES]
    unit = math.lcm(*(c.denominator for c in chances))
    if unit > 256:
        raise ValueError("the coding chances need finer slots than a byte gives")
    slots = unit * (256 // unit)  # as many slots as a byte holds: fewer bytes drawn again
    order = list(range(1, len(_OUTCOMES))) + [0]  # the changes first, nothing last
    table = np.repeat(np.array(order, dtype=np.uint8), [int(chances[o] * slots) for o in order])
    return slots, int(slots - chances[0] * slots), table


_SLOTS, _CHANGED, _OUTCOME_BY_SLOT = _outcome_slots()
BLOCK = 125  # evidence and coding draws come in blocks of this many samples, each with its own stream
_DIVISORS = tuple(d for d in range(1, BLOCK + 1) if BLOCK % d == 0)  # the sizes a chunk of settings draws may take
STOP_EVERY = BLOCK  # a sampling with a stopping rule checks it after every this many samples (a divisor of BLOCK's
# multiples: every block ends at a check), from FIRST_LOOK samples on
FIRST_LOOK = 1000  # the fewest samples a sampling with a stopping rule draws
MARGIN = 0.01  # the sampling error the pages state: each share of first places within 1 percentage point
KINDS: tuple[str, ...] = tuple(ROBUSTNESS)  # settings, evidence, coding
KEEP = 200_000_000  # bytes of drawn criteria kept for reruns that change only the weights (see _kept_draws)
_kept: OrderedDict[tuple, dict[int, tuple]] = OrderedDict()
_kept_lock = threading.Lock()
_AHEAD = 8  # kept blocks ranked at once
_ROW_BY_ROW = 1000  # passages from which a bootstrap counts each draw's picks apart (measured: 4x at 20,000)


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


@cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries numpy loaded, found once (a search on every call cost about 2 ms, a rerun's third)."""
    return ThreadpoolController()


def _sampling_errors(hits: np.ndarray, samples: int) -> np.ndarray:
    """sampling_error of every count at once (the same formula, as arrays)."""
    z = 1.959963984540054
    p = hits / samples
    return z * np.sqrt(p * (1 - p) / samples + z * z / (4 * samples * samples)) / (1 + z * z / samples)


def robustness(case: Case | Matrices, weighting: Weighting | None = None,
               samples: int = SAMPLES, seed: int = 0, spread: float = SPREAD, model: str = "evidence",
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

    `margin` is a stopping rule: from FIRST_LOOK samples on, after each STOP_EVERY samples, stop once the
    sampling error of every thesis's share of first places (`sampling_error`) is at most `margin`, so that
    `samples` becomes a most. The draws
    made are the first ones of the full run (same seed, same blocks), so the result is the full run's cut short.
    A case with many theses, each first in few draws, needs far fewer draws for the same error.
    """
    with _blas().limit(limits=BLAS_THREADS):
        return _robustness(case, weighting, samples, seed, spread, model, kind, progress, memory, margin)


def _kept_draws(m: Matrices, tau: np.ndarray | None, how: tuple, size: int, memory: int) -> dict[int, tuple] | None:
    """What was drawn so far for this case, these trusts (None: drawn for any trusts) and this sampling (`how`), by
    first sample: kept so that a rerun that changes only the weights (or, for draws made for any trusts, only the
    weights and trusts) ranks the same draws again instead of drawing them again (what a draw gives does not depend
    on the weights). None when a whole run (`size` bytes) would take more than a
    quarter of KEEP or more than `memory`. When all that is kept takes more than KEEP bytes, the samplings used
    longest ago are dropped (so at most KEEP and one run are kept)."""
    if size > min(KEEP // 4, memory):
        return None
    key = (m.digest(), b"" if tau is None else tau.tobytes(), how)
    with _kept_lock:
        found = _kept.get(key)
        if found is None:
            found = _kept[key] = {}
        _kept.move_to_end(key)
        while len(_kept) > 1 and sum(a.nbytes for blocks in _kept.values() for drawn in blocks.values() for a in drawn) > KEEP:
            _kept.popitem(last=False)
    return found


def _keep(kept: dict[int, tuple], done: int, drawn: tuple) -> None:
    with _kept_lock:  # never while another thread sums what is kept
        kept[done] = drawn


def _settled(counts: np.ndarray, done: int, margin: float | None) -> bool:
    """Whether a sampling may stop: every thesis's share of first places is known within `margin`."""
    if margin is None or done < FIRST_LOOK or done % STOP_EVERY:
        return False
    return bool((_sampling_errors(counts[:, 0], done) <= margin).all())


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
    n_t = len(m.theses)
    counts = np.zeros((n_t, n_t), dtype=np.int64)
    slots = np.arange(n_t)

    def tally(order: np.ndarray) -> None:
        counts.__iadd__(np.bincount((order * n_t + slots).ravel(), minlength=n_t * n_t).reshape(n_t, n_t))

    draw = _settings if kind == "settings" else _blocks
    samples = draw(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, tally)
    return Robustness(m.theses, model, kind, samples, seed, float(spread), counts)


def _settings(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, tally) -> int:
    """The settings redrawn, in chunks (see robustness), up to _AHEAD chunks ranked at once within the memory;
    the samples drawn."""
    n_t, n_s, _ = m.size
    weight_rng, trust_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    # a chunk divides BLOCK, so that every STOP_EVERY samples ends a chunk whatever the memory
    per_sample = 8 * (n_s + 14 * n_t + 8)
    chunk = max(d for d in _DIVISORS if d <= max(1, min(samples, memory // per_sample)))
    at_once = max(1, min(_AHEAD, memory // (4 * chunk * per_sample)))  # a quarter of the memory for those ranked at once
    kept = _kept_draws(m, tau, (kind, seed, float(spread), chunk), samples * 4 * n_t * 8,
                       memory) if model == "evidence" else None

    def keys_of(done: int, n: int) -> tuple[np.ndarray, np.ndarray | None]:
        """The next chunk's ranking keys: its weights drawn, its trusts drawn (or its criteria kept)."""
        w = wsign * np.exp(spread * weight_rng.standard_normal((n, 4)))
        raw = kept.get(done, (None,))[0] if kept is not None else None
        if raw is not None and len(raw) == n:
            trust_rng.standard_normal((n, n_s))  # the stream moves on as when they are drawn
            return _keys(model, raw, w)
        t = np.clip(tau * np.exp(spread * trust_rng.standard_normal((n, n_s))), 0.0, 1.0)
        if model == "ach":  # only inconsistency and support matter: half the work of _raw
            return np.rint(-(t @ m.contests) * _QUANTUM), np.rint((t @ m.supports) * _QUANTUM)
        raw = _raw(m, t)
        if kept is not None:
            _keep(kept, done, (raw,))
        return _keys(model, raw, w)

    ahead: list[np.ndarray] = []
    for done in range(0, samples, chunk):
        if _settled(counts, done, margin):
            samples = done
            break
        n = min(chunk, samples - done)
        if n_t and not ahead:
            starts = range(done, min(samples, done + at_once * chunk), chunk)
            keys = [keys_of(at, min(chunk, samples - at)) for at in starts]
            order = _order(np.concatenate([k[0] for k in keys]),
                           None if keys[0][1] is None else np.concatenate([k[1] for k in keys]))
            ahead = np.split(order, np.cumsum([len(k[0]) for k in keys])[:-1])
        if n_t:
            tally(ahead.pop(0))
        if progress is not None:
            progress(min(done + n, samples) / samples)
    return samples


def _blocks(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, tally) -> int:
    """The passages or the coding drawn again, in blocks of BLOCK samples, block b from the seed, the kind and b (the
    same whatever the memory); the samples drawn.

    A small case's draws are summed by (thesis, source) group at full trust (_Grouped) and kept whatever the trusts
    and weights: a rerun that moves any slider but the points ranks them again. A larger case's draws are summed
    straight into criteria at the reader's trusts (_Draws), kept for reruns that move only a weight when they fit
    (see _kept_draws); the largest are not kept."""
    grouped = _Grouped(m)
    if samples * grouped.draw_bytes <= min(KEEP // 4, memory):
        source, kept = grouped, _kept_draws(m, None, (kind, seed), samples * grouped.draw_bytes, memory)
    else:
        source = _Draws(m, tau)
        kept = _kept_draws(m, tau, (kind, seed), samples * 4 * len(m.theses) * 8, memory)
    to_criteria = grouped.at_trust(m, tau) if source is grouped else (lambda drawn: drawn[0])
    # the criteria at these trusts, kept too when the draws are kept by group: a rerun that moves only a weight
    # then only ranks
    at_trust = _kept_draws(m, tau, ("criteria", kind, seed), samples * 4 * len(m.theses) * 8, memory) \
        if source is grouped and kept is not None else None

    def criteria(at: int, drawn: tuple) -> np.ndarray:
        found = at_trust.get(at) if at_trust is not None else None
        if found is None or len(found[0]) != len(drawn[0]):
            found = (to_criteria(drawn),)
            if at_trust is not None:
                _keep(at_trust, at, found)
        return found[0]

    def ranked_from(done: int) -> list[np.ndarray]:
        """The orders of the block starting at `done` and, when they are kept, of the next ones (up to _AHEAD blocks
        ranked at once: a rerun over kept draws is mostly ranking, and ranking many small blocks costs the calls)."""
        run = []
        for at in range(done, min(samples, done + _AHEAD * BLOCK), BLOCK):
            n = min(BLOCK, samples - at)
            drawn = kept.get(at) if kept is not None else None
            if drawn is None or len(drawn[0]) != n:
                if run:
                    break  # not kept: drawn on its own turn
                rng = np.random.default_rng([seed, KINDS.index(kind), at // BLOCK])
                drawn = source.resampled(rng, n) if kind == "evidence" else source.recoded(rng, n)
                if kept is not None:
                    _keep(kept, at, drawn)
                run.append(criteria(at, drawn))
                break
            run.append(criteria(at, drawn))
        order = _order(*_keys(model, np.concatenate(run), wsign))
        return np.split(order, np.cumsum([len(r) for r in run])[:-1])

    ahead: list[np.ndarray] = []
    for done in range(0, samples, BLOCK):
        if _settled(counts, done, margin):
            samples = done
            break
        n = min(BLOCK, samples - done)
        if len(m.theses):
            ahead = ahead or ranked_from(done)
            tally(ahead.pop(0))
        if progress is not None:
            progress(min(done + n, samples) / samples)
    return samples

class _Grouped:
    """The draws of the passages or of the coding summed by (thesis, source) group at full trust: (support,
    contestation, whether the group has a counting supporting bearing), each (n, groups). Trust multiplies a
    group's sums as a whole, so the same draws serve any trusts (`criteria`); a group-level draw costs 24 bytes
    a group, so only small cases keep them. The draws are those of _Draws (the same streams)."""

    def __init__(self, m: Matrices) -> None:
        self.m = m
        _, n_s, _ = m.size
        ids, self.entry_group = np.unique(m.entry_thesis * n_s + m.entry_source, return_inverse=True)
        self.group_thesis, self.group_source = ids // max(1, n_s), ids % max(1, n_s)
        self.draw_bytes = 24 * len(ids)
        self._sums: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._by_passage: sparse.csr_matrix | None = None
        self._effects: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def sums(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The recorded coding's group sums: support, contestation and counting supporting bearings."""
        if self._sums is None:
            m, n_g, g = self.m, len(self.group_thesis), self.entry_group
            sup, against = m.entry_stance == _SUPPORTS, _AGAINST[m.entry_stance]
            counting = sup & (m.entry_weight > 0)
            self._sums = (np.bincount(g[sup], weights=m.entry_weight[sup], minlength=n_g),
                          np.bincount(g[against], weights=m.entry_weight[against], minlength=n_g),
                          np.bincount(g[counting], minlength=n_g))
        return self._sums

    def at_trust(self, m: Matrices, tau: np.ndarray) -> Callable[[tuple[np.ndarray, np.ndarray, np.ndarray]], np.ndarray]:
        """A function from the group sums of n draws to their (n, 4, T) criteria at trusts tau (backing as
        recorded): each group's sums times its source's trust, added up by thesis (one small product each)."""
        n_g, n_t = len(self.group_thesis), len(m.theses)
        if n_g * n_t <= 250_000:  # small: a dense product is quicker than a sparse one
            by_thesis = np.zeros((n_g, n_t))
            by_thesis[np.arange(n_g), self.group_thesis] = tau[self.group_source]
        else:
            by_thesis = sparse.csr_matrix((tau[self.group_source], (np.arange(n_g), self.group_thesis)),
                                          shape=(n_g, n_t))
        base = _raw(m, tau)

        def criteria(drawn: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
            support, contest, present = drawn
            raw = np.empty((len(support), 4, n_t))
            raw[:, 0], raw[:, 3] = support @ by_thesis, contest @ by_thesis
            raw[:, 1] = present @ by_thesis
            raw[:, 2] = base[2]
            return np.maximum(raw, 0.0)

        return criteria

    def resampled(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m, n_g = self.m, len(self.group_thesis)
        if self._by_passage is None:
            g, w = self.entry_group, m.entry_weight
            sup, against = m.entry_stance == _SUPPORTS, _AGAINST[m.entry_stance]
            counting = sup & (w > 0)
            p = m.entry_passage
            self._by_passage = sparse.csr_matrix(
                (np.concatenate([w[sup], w[against], np.ones(counting.sum())]),
                 (np.concatenate([p[sup], p[against], p[counting]]),
                  np.concatenate([g[sup], n_g + g[against], 2 * n_g + g[counting]]))), shape=(len(m.refs), 3 * n_g))
        sums = _times(rng, n, len(m.refs)) @ self._by_passage
        return sums[:, :n_g], sums[:, n_g:2 * n_g], (sums[:, 2 * n_g:] > 0).astype(float)

    def recoded(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m, n_g = self.m, len(self.group_thesis)
        support0, contest0, count0 = self.sums()
        if self._effects is None:
            self._effects = _effects(m, np.ones(len(m.entry_passage)), np.ones(len(m.entry_passage), dtype=bool))
        support, contest, counts = self._effects
        entry, draw, pick = _changes(rng, n, len(m.entry_passage))
        at = draw * n_g + self.entry_group[entry]
        drawn = np.bincount(at, weights=support[pick], minlength=n * n_g).reshape(n, n_g) + support0
        against = np.bincount(at, weights=contest[pick], minlength=n * n_g).reshape(n, n_g) + contest0
        moved = counts[pick]
        hit = np.flatnonzero(moved)
        present = (np.bincount(at[hit], weights=moved[hit], minlength=n * n_g).reshape(n, n_g) + count0) > 0
        return drawn, against, present.astype(float)

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
        self._by_passage: sparse.csr_matrix | None = None  # built on the first bootstrap draw
        self._trust_by_group: sparse.csr_matrix | None = None
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

    def by_passage(self) -> sparse.csr_matrix:
        """Passage -> what it adds to each column when drawn once: (P, 2T + groups), sparse (a passage bears on a
        few theses). Columns: its weight on each thesis it supports, its weight on each thesis it disputes or
        qualifies, and 1 for each (source, thesis) group it may corroborate (a counting supporting bearing), so
        that one product of a draw's counts gives every sum and which groups were drawn at all."""
        if self._by_passage is None:
            m, n_t = self.m, len(self.m.theses)
            value = m.entry_weight * self.trust
            sup = m.entry_stance == _SUPPORTS
            against = _AGAINST[m.entry_stance]
            counting = self.supporting[self.counting]
            rows = np.concatenate([m.entry_passage[sup], m.entry_passage[against], m.entry_passage[counting]])
            cols = np.concatenate([m.entry_thesis[sup], n_t + m.entry_thesis[against],
                                   2 * n_t + self.entry_group[counting]])
            values = np.concatenate([value[sup], value[against], np.ones(len(counting))])
            self._by_passage = sparse.csr_matrix((values, (rows, cols)),
                                                 shape=(len(m.refs), 2 * n_t + len(self.group_count)))
        return self._by_passage

    def trust_by_group(self) -> sparse.csr_matrix:
        """(groups, T): the trust each (source, thesis) group adds to its thesis's corroboration when present."""
        if self._trust_by_group is None:
            n_g = len(self.group_count)
            thesis = np.repeat(self.corroborated, np.diff(np.append(self.thesis_starts, n_g)))
            self._trust_by_group = sparse.csr_matrix((self.group_trust, (np.arange(n_g), thesis)),
                                                     shape=(n_g, len(self.m.theses)))
        return self._trust_by_group

    def resampled(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n bootstrap draws of the passages: (n, 4, T). A draw's counts (how many times each passage is drawn)
        are a bincount of its picks; one sparse product turns them into support, contestation and the
        groups drawn."""
        m, n_t = self.m, len(self.m.theses)
        n_p = len(m.refs)
        raw = np.repeat(self.base[None], n, axis=0)
        if n_p == 0:
            return (raw,)
        sums = _times(rng, n, n_p) @ self.by_passage()
        raw[:, 0], raw[:, 3] = sums[:, :n_t], sums[:, n_t:2 * n_t]
        if len(self.group_count):
            raw[:, 1] = (sums[:, 2 * n_t:] > 0).astype(float) @ self.trust_by_group()
        return (raw,)

    def recoded(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n draws of the coding: (n, 4, T). Each entry's strength moves one step with chance STEP_CHANCE (up
        or down, equally; a step off the scale is no change) and, independently, a supporting or disputing
        stance softens to qualifying with chance SOFTEN_CHANCE. One byte per (draw, entry) cell picks the
        outcome (_OUTCOME_BY_SLOT); only the cells where something changes (about a quarter) are summed, with
        bincount, on top of the recorded coding, each outcome's effect on the criteria worked out once per entry."""
        m, n_t = self.m, len(self.m.theses)
        e = len(m.entry_passage)
        raw = np.repeat(self.base[None], n, axis=0)
        if e == 0:
            return (raw,)
        if self.outcomes is None:
            self.outcomes = _effects(m, self.trust, self.entry_group >= 0)
        support, contest, corroborates = self.outcomes
        entry, draw, pick = _changes(rng, n, e)
        at = draw * n_t + m.entry_thesis[entry]
        raw[:, 0] += np.bincount(at, weights=support[pick], minlength=n * n_t).reshape(n, n_t)
        raw[:, 3] += np.bincount(at, weights=contest[pick], minlength=n * n_t).reshape(n, n_t)
        moved = corroborates[pick]
        hit = np.flatnonzero(moved)
        if len(hit):
            groups = len(self.group_count)
            counted = np.bincount(draw[hit] * groups + self.entry_group[entry[hit]], weights=moved[hit],
                                  minlength=n * groups)
            present = (self.group_count[None, :] + counted.reshape(n, groups)) > 0
            raw[:, 1] = self.corroboration(present)
        return (np.maximum(raw, 0.0),)


def _effects(m: Matrices, trust: np.ndarray, grouped: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per entry and outcome (_OUTCOMES): the change of its weight (x `trust`, by entry) in support and in
    contestation, and of its group's count of counting supporting entries (-1, 0 or +1; 0 where not `grouped`):
    three (E x outcomes) arrays, flat (entry e, outcome o at e x outcomes + o)."""
    old_w = m.entry_weight
    support = np.zeros((len(old_w), len(_OUTCOMES)))
    contest = np.zeros_like(support)
    counts = np.zeros_like(support)
    was = (m.entry_stance == _SUPPORTS) & (old_w > 0)
    for o, (step, soften) in enumerate(_OUTCOMES):
        stance = np.where(soften & (m.entry_stance != _QUALIFIES), _QUALIFIES, m.entry_stance)
        strength = np.clip(m.entry_strength + step, _LEVELS[0], _LEVELS[-1])
        new_w = m.counts_table[stance, strength]
        support[:, o] = (np.where(stance == _SUPPORTS, new_w, 0.0) - np.where(m.entry_stance == _SUPPORTS, old_w, 0.0)
                         ) * trust
        contest[:, o] = (np.where(_AGAINST[stance], new_w, 0.0) - np.where(_AGAINST[m.entry_stance], old_w, 0.0)
                         ) * trust
        now = (stance == _SUPPORTS) & (new_w > 0)
        counts[:, o] = np.where(grouped, now.astype(float) - was, 0.0)
    return support.ravel(), contest.ravel(), counts.ravel()


def _times(rng: np.random.Generator, n: int, n_p: int) -> np.ndarray:
    """n bootstrap draws of n_p passages: (n, n_p), how many times each passage is drawn (as floats)."""
    picks = rng.integers(0, n_p, size=(n, n_p), dtype=np.int32)
    if n_p >= _ROW_BY_ROW:  # one draw's counts fit the cache: a bincount a draw beats one over the block
        times = np.empty((n, n_p))
        for i, row in enumerate(picks):
            times[i] = np.bincount(row, minlength=n_p)
        return times
    return np.bincount((picks + (np.arange(n, dtype=np.int64) * n_p)[:, None]).ravel(),
                       minlength=n * n_p).reshape(n, n_p).astype(float)


def _changes(rng: np.random.Generator, n: int, e: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n coding draws over e entries: the (draw, entry) cells where something changes, as (entry, draw, pick), pick
    indexing an entry's outcome in _effects' arrays. One byte a cell picks its outcome (_OUTCOME_BY_SLOT)."""
    slot = _bytes_below(rng, n * e, _SLOTS)
    cell = np.flatnonzero(slot < _CHANGED)
    entry = cell % e
    return entry, cell // e, entry * len(_OUTCOMES) + _OUTCOME_BY_SLOT[slot[cell]]


def _bytes_below(rng: np.random.Generator, cells: int, top: int) -> np.ndarray:
    """`cells` whole numbers, each uniform in 0..top-1 (top at most 256), one byte each: the bytes drawn at top or
    above are replaced, in order, by the next bytes drawn below top (exact; at the coding's 200, a fifth of the
    bytes are replaced, nearly always in one more draw)."""
    out = rng.integers(0, 256, size=cells, dtype=np.uint8)
    again = np.flatnonzero(out >= top)
    while len(again):
        more = rng.integers(0, 256, size=int(len(again) * 256 / top * 1.1) + 16, dtype=np.uint8)
        more = more[more < top][: len(again)]
        out[again[: len(more)]] = more
        again = again[len(more):]
    return out


def _groups(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of a sorted array and where each run starts."""
    if len(sorted_keys) == 0:
        return sorted_keys.astype(np.intp), np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    return sorted_keys[starts].astype(np.intp), starts

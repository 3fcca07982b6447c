"""Robustness: the three samplings (the settings redrawn, the passages redrawn, the coding varied), seeded and
vectorised."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from typing import Protocol

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from explorer.model import Case
from explorer.vocabulary import (
    ROBUSTNESS,
    SAMPLES,
)
from explorer.weigh.arrays import (
    _AGAINST,
    _FULL,
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
class _Blocks(dict):
    """One sampling's kept draws, by first sample, and the bytes they take (counted as they are kept: summing every
    kept array on each look-up cost milliseconds a rerun once a few hundred were kept)."""

    nbytes = 0


_kept: OrderedDict[tuple, _Blocks] = OrderedDict()
_kept_lock = threading.Lock()
_AHEAD = 8  # kept blocks ranked at once


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


def _kept_draws(m: Matrices, tau: np.ndarray | None, how: tuple, size: int, memory: int) -> _Blocks | None:
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
            found = _kept[key] = _Blocks()
        _kept.move_to_end(key)
        while len(_kept) > 1 and sum(blocks.nbytes for blocks in _kept.values()) > KEEP:
            _kept.popitem(last=False)
    return found


def _keep(kept: _Blocks, done: int, drawn: tuple) -> None:
    with _kept_lock:  # never while another thread sums what is kept
        kept.nbytes += sum(a.nbytes for a in drawn) - sum(a.nbytes for a in kept.get(done, ()))
        kept[done] = drawn


def _settled(counts: np.ndarray, done: int, margin: float | None) -> bool:
    """Whether a sampling may stop: every thesis's share of first places is known within `margin`."""
    if margin is None or done < FIRST_LOOK or done % STOP_EVERY:
        return False
    return bool((_sampling_errors(counts[:, 0], done) <= margin).all())


def _blocks_needed(counts: np.ndarray, done: int, margin: float | None) -> int:
    """How many blocks a sampling with a stopping rule will draw from `done` on, at least as far as can be told (at
    least 1; without a rule, as many as may be drawn at once): up to FIRST_LOOK samples, and then, since a share's
    sampling error shrinks about as one over the square root of the samples, until the largest error now would
    have shrunk to `margin`. Only how many blocks are drawn at once depends on it, never which."""
    if margin is None:
        return _AHEAD
    if done < FIRST_LOOK:
        return max(1, (FIRST_LOOK - done) // BLOCK)
    worst = float(_sampling_errors(counts[:, 0], done).max()) if done else 0.0
    return max(1, int(done * ((worst / margin) ** 2 - 1)) // BLOCK)


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

    def ranked(raw: np.ndarray, w: np.ndarray, sizes: list[int]) -> list[Callable[[], None]]:
        """Rank the draws of several blocks or chunks at once (their criteria raw, one after the other, sizes[i]
        draws in the i-th; their weights w) and return, for each block, a call that adds its draws' places to
        counts, so that the stopping rule still looks after each: a small case's orders found and tallied block by
        block in one compiled loop (kernels.ranked), a larger one's found by numpy's sort of all of them (_order)."""
        from explorer.weigh import kernels

        primary, secondary = _ranking_keys(model, raw, w)
        if n_t <= kernels.SMALL:
            by_block = np.zeros((len(sizes), n_t, n_t), dtype=np.int64)
            kernels.ranked(primary, primary if secondary is None else secondary, secondary is not None,
                           np.repeat(np.arange(len(sizes)), sizes), by_block)
            return [lambda block=block: np.add(counts, block, out=counts) for block in by_block]
        orders = np.split(np.ascontiguousarray(_order(primary, secondary), dtype=np.int64), np.cumsum(sizes)[:-1])
        return [lambda order=order: kernels.tally(order, counts) for order in orders]

    draw = _settings if kind == "settings" else _blocks
    samples = draw(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, ranked)
    return Robustness(m.theses, model, kind, samples, seed, float(spread), counts)


def _settings(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, ranked) -> int:
    """The settings redrawn, in chunks (see robustness), up to _AHEAD chunks ranked at once within the memory;
    the samples drawn."""
    n_t, n_s, _ = m.size
    weight_rng, trust_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    # a chunk divides BLOCK, so that every STOP_EVERY samples ends a chunk whatever the memory
    per_sample = 8 * (n_s + 14 * n_t + 8)
    chunk = max(d for d in _DIVISORS if d <= max(1, min(samples, memory // per_sample)))
    kept = _kept_draws(m, tau, (kind, seed, float(spread), chunk), samples * 4 * n_t * 8,
                       memory) if model == "evidence" else None

    at_once = max(1, min(_AHEAD, memory // (4 * chunk * per_sample)))  # a quarter of the memory for those drawn at once

    def drawn_from(done: int) -> list[Callable[[], None]]:
        """The chunks from `done` on, ranked (see `ranked`): as many as the stopping rule will need at least
        (_blocks_needed), within a quarter of the memory, their weights and trusts drawn in one go (a stream gives
        the same numbers drawn in one go or chunk by chunk), or their criteria kept."""
        ahead_of_need = max(1, _blocks_needed(counts, done, margin) * BLOCK // chunk)
        starts = range(done, min(samples, done + min(at_once, ahead_of_need) * chunk), chunk)
        sizes = [min(chunk, samples - at) for at in starts]
        w = wsign * np.exp(spread * weight_rng.standard_normal((sum(sizes), 4)))
        found = [kept.get(at, (None,))[0] for at in starts] if kept is not None else []
        if found and all(raw is not None and len(raw) == n for raw, n in zip(found, sizes, strict=True)):
            trust_rng.standard_normal((sum(sizes), n_s))  # the stream moves on as when they are drawn
            return ranked(np.concatenate(found) if len(found) > 1 else found[0], w, sizes)
        t = np.clip(tau * np.exp(spread * trust_rng.standard_normal((sum(sizes), n_s))), 0.0, 1.0)
        raw = _raw(m, t) if model == "evidence" else _ach_raw(m, t)
        if kept is not None:
            for at, part in zip(starts, np.split(raw, np.cumsum(sizes)[:-1]), strict=True):
                _keep(kept, at, (part,))
        return ranked(raw, w, sizes)

    ahead: list[Callable[[], None]] = []
    for done in range(0, samples, chunk):
        if _settled(counts, done, margin):
            samples = done
            break
        n = min(chunk, samples - done)
        if n_t:
            ahead = ahead or drawn_from(done)
            ahead.pop(0)()
        if progress is not None:
            progress(min(done + n, samples) / samples)
    return samples


def _ranking_keys(model: str, raw: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """What draws are ranked by, as _keys works it out (the evidence view's key in a compiled loop: kernels.keys)."""
    from explorer.weigh import kernels

    if model != "evidence":
        return _keys(model, raw, w)
    out = np.empty((raw.shape[0], raw.shape[2]))
    kernels.keys(np.ascontiguousarray(raw), np.ascontiguousarray(np.atleast_2d(w), dtype=float), _FULL, _QUANTUM, out)
    return out, None


def _ach_raw(m: Matrices, t: np.ndarray) -> np.ndarray:
    """The raw criteria the ACH view ranks by, for trusts t (n, S): only support and contestation (half the work of
    _raw); the other two are left at 0."""
    raw = np.zeros((len(t), 4, len(m.theses)))
    raw[:, 0], raw[:, 3] = t @ m.supports, t @ m.contests
    return raw


def _blocks(m, tau, wsign, samples, seed, spread, model, kind, progress, memory, margin, counts, ranked) -> int:
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

    per_draw = source.draw_bytes_at_work()
    at_once = max(1, min(_AHEAD, memory // (4 * BLOCK * max(1, per_draw))))

    def drawn_from(done: int) -> list[Callable[[], None]]:
        """The blocks from `done` on, ranked (see `ranked`): the kept ones (up to _AHEAD blocks at once), or else as
        many fresh blocks, drawn in one go, as the stopping rule will need at least (_blocks_needed), within a
        quarter of the memory. The blocks are the same however many are drawn at once."""
        starts = range(done, min(samples, done + _AHEAD * BLOCK), BLOCK)
        run = []
        for at in starts:
            drawn = kept.get(at) if kept is not None else None
            if drawn is None or len(drawn[0]) != min(BLOCK, samples - at):
                break
            run.append(criteria(at, drawn))
        if run:
            return ranked(np.concatenate(run) if len(run) > 1 else run[0], wsign, [len(r) for r in run])
        fresh = starts[: min(at_once, _blocks_needed(counts, done, margin))]
        sizes = [min(BLOCK, samples - at) for at in fresh]
        rngs = _Stream.of(seed, KINDS.index(kind), [at // BLOCK for at in fresh])
        drawn = source.resampled(rngs, sizes) if kind == "evidence" else source.recoded(rngs, sizes)
        raw = to_criteria(drawn)  # the criteria of all the blocks in one go
        cuts = np.cumsum(sizes)[:-1]
        for at, block, found in zip(fresh, zip(*(np.split(a, cuts) for a in drawn)), np.split(raw, cuts), strict=True):
            if kept is not None:
                _keep(kept, at, block)
            if at_trust is not None:
                _keep(at_trust, at, (found,))
        return ranked(raw, wsign, sizes)

    ahead: list[Callable[[], None]] = []
    for done in range(0, samples, BLOCK):
        if _settled(counts, done, margin):
            samples = done
            break
        n = min(BLOCK, samples - done)
        if len(m.theses):
            ahead = ahead or drawn_from(done)
            ahead.pop(0)()
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
        self._bearings: _Bearings | None = None

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
        recorded): each group's sums times its source's trust, added up by thesis in group order
        (kernels.by_thesis)."""
        from explorer.weigh import kernels

        trust, backing = tau[self.group_source].astype(float), _raw(m, tau)[2]
        thesis = self.group_thesis.astype(np.int64)

        def criteria(drawn: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
            support, contest, present = drawn
            raw = np.empty((len(support), 4, len(m.theses)))
            kernels.by_thesis(support, contest, present, thesis, trust, backing, raw)
            return raw

        return criteria

    def bearings(self) -> _Bearings:
        if self._bearings is None:
            m, n_g = self.m, len(self.group_thesis)
            self._bearings = _Bearings.of(m, np.ones(len(m.sources)), self.entry_group, self.entry_group, np.arange(n_g),
                                          np.ones(n_g), self.sums()[2], n_g)
        return self._bearings

    def draw_bytes_at_work(self) -> int:
        return self.bearings().draw_bytes_at_work()

    def resampled(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bootstrap draws, sizes[i] of them from rngs[i]: support, contestation and presence by group, (n, groups)."""
        return self.bearings().resampled(rngs, sizes)

    def recoded(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Coding draws, sizes[i] of them from rngs[i]: support, contestation and presence by group, (n, groups)."""
        support0, contest0, _ = self.sums()
        drawn, against, present = self.bearings().recoded(rngs, sizes)
        return drawn + support0, against + contest0, present


class _Draws:
    """Raw criteria of a case whose passages or codings are drawn again, many draws at once, at fixed trust.

    Support and contestation are sums of the entries' (bearings') weights; corroboration adds the trust of
    each (source, thesis) group with at least one counting supporting entry; backing does not change.
    A bootstrap draw adds each passage's weight on each thesis times the times it was drawn; a coding draw
    changes about a quarter of the entries, so only the changes are added, on top of the recorded coding (both
    compiled: explorer/weigh/kernels.py)."""

    def __init__(self, m: Matrices, tau: np.ndarray) -> None:
        self.m = m
        _, n_s, _ = m.size
        esrc = m.entry_source
        sup = m.entry_stance == _SUPPORTS
        # (source, thesis) groups of the supporting entries: only these can corroborate, whatever the draw
        supporting = np.flatnonzero(sup)
        key = m.entry_thesis[supporting] * n_s + esrc[supporting]
        order = np.argsort(key, kind="stable")
        group_ids, starts = _groups(key[order])
        self.entry_group = np.full(len(m.entry_passage), -1, dtype=np.intp)
        self.entry_group[supporting[order]] = np.repeat(np.arange(len(group_ids)), np.diff(
            np.append(starts, len(supporting))))
        # the trust each group's source adds to its thesis's corroboration when the group is present in a draw
        self.group_trust = tau[group_ids % max(1, n_s)]
        self.group_thesis = group_ids // max(1, n_s)
        counting = sup & (m.entry_weight > 0)
        self.group_count = np.bincount(self.entry_group[counting], minlength=len(group_ids))
        self.base = _raw(m, tau)  # (4, T)
        self.tau = tau
        self._bearings: _Bearings | None = None  # worked out on the first draw

    def bearings(self) -> _Bearings:
        if self._bearings is None:
            self._bearings = _Bearings.of(self.m, self.tau, self.m.entry_thesis, self.entry_group, self.group_thesis,
                                          self.group_trust, self.group_count, len(self.m.theses))
        return self._bearings

    def draw_bytes_at_work(self) -> int:
        return self.bearings().draw_bytes_at_work() + 64 * len(self.m.theses)

    def resampled(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray]:
        """Bootstrap draws of the passages, sizes[i] of them from rngs[i]: (n, 4, T). A draw's counts (how many times each passage is drawn)
        times each passage's weight on the theses it bears on give support and contestation; the (source, thesis)
        groups drawn at all give corroboration (kernels.resampled)."""
        m = self.m
        if len(m.refs) == 0:
            return (np.repeat(self.base[None], sum(sizes), axis=0),)
        raw = np.empty((sum(sizes), 4, len(m.theses)))
        raw[:, 0], raw[:, 3], present = self.bearings().resampled(rngs, sizes)
        raw[:, 1] = present if len(self.group_count) else self.base[1]
        raw[:, 2] = self.base[2]
        return (raw,)

    def recoded(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray]:
        """Draws of the coding, sizes[i] of them from rngs[i]: (n, 4, T). Each entry's strength moves one step with chance STEP_CHANCE (up
        or down, equally; a step off the scale is no change) and, independently, a supporting or disputing
        stance softens to qualifying with chance SOFTEN_CHANCE. One byte per (draw, entry) cell picks the
        outcome (_OUTCOME_BY_SLOT), whose effect on the criteria is worked out once per entry and added to the
        recorded coding (kernels.recoded)."""
        m = self.m
        if len(m.entry_passage) == 0:
            return (np.repeat(self.base[None], sum(sizes), axis=0),)
        raw = np.empty((sum(sizes), 4, len(m.theses)))
        drawn, against, raw[:, 1] = self.bearings().recoded(rngs, sizes)
        np.add(self.base[0], drawn, out=raw[:, 0])
        np.add(self.base[3], against, out=raw[:, 3])
        raw[:, 2] = self.base[2]
        return (np.maximum(raw, 0.0, out=raw),)


@dataclass(frozen=True)
class _Bearings:
    """A case's bearings as the compiled loops take them (explorer/weigh/kernels.py): each bearing's passage, code
    (its stance and strength: stance x codes a stance + strength), source, column and group (0 where it has none),
    the trust of each source, what a group present adds to which column and each group's count of counting
    supporting bearings as recorded; and, by code, what a bearing weighs at trust 1, whether it supports or goes
    against and whether it counts, and what each coding outcome (_OUTCOMES) changes of its support, its
    contestation and its group's count, at trust 1 (a code x outcomes table)."""

    passage: np.ndarray
    code: np.ndarray
    source: np.ndarray
    column: np.ndarray
    key: np.ndarray
    trust: np.ndarray
    key_col: np.ndarray
    key_value: np.ndarray
    recorded: np.ndarray
    columns: int
    passages: int
    weight: np.ndarray
    supports: np.ndarray
    against: np.ndarray
    counting: np.ndarray
    effects: tuple[np.ndarray, np.ndarray, np.ndarray]
    col_start: np.ndarray
    countable: np.ndarray

    @classmethod
    def of(cls, m: Matrices, trust: np.ndarray, column: np.ndarray, group: np.ndarray, key_col: np.ndarray,
           key_value: np.ndarray, recorded: np.ndarray, columns: int) -> _Bearings:
        """Bearing e adds to column[e] and counts in group[e] (-1: in none, when it is not a supporting bearing);
        group g present adds key_value[g] to column key_col[g]; a source's trust is trust[source]."""
        whole = np.int64
        per_stance = m.counts_table.shape[1]
        weight = m.counts_table.ravel()
        stance = np.arange(len(weight)) // per_stance
        effects = _outcome_effects(m.counts_table)
        code = m.entry_stance * per_stance + m.entry_strength
        # the bearings whose group's count some outcome changes (supporting ones, in a group)
        countable = np.flatnonzero((np.asarray(group) >= 0)
                                   & (effects[2].reshape(len(weight), -1) != 0).any(axis=1)[code])
        return cls(m.entry_passage.astype(whole), code.astype(whole),
                   m.entry_source.astype(whole), np.asarray(column, dtype=whole),
                   np.where(np.asarray(group) >= 0, group, 0).astype(whole), np.asarray(trust, dtype=float),
                   np.asarray(key_col, dtype=whole), np.asarray(key_value, dtype=float),
                   np.asarray(recorded, dtype=whole), columns, len(m.refs), weight,
                   (stance == _SUPPORTS).astype(float), _AGAINST[stance].astype(float),
                   ((stance == _SUPPORTS) & (weight > 0)).astype(whole), effects,
                   np.searchsorted(key_col, np.arange(columns + 1)).astype(whole), countable.astype(whole))

    def draw_bytes_at_work(self) -> int:
        """About what one draw takes while it is drawn (its random numbers, counts and sums)."""
        return 8 * self.passages + 2 * len(self.code) + 4 * len(self.key_col) + 24 * self.columns

    def resampled(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bootstrap draws, sizes[i] of them from rngs[i]: support and contestation by column and what the groups
        drawn add, each (n, columns). Each draw picks as many passages as were recorded, with replacement (n x P
        whole numbers from its block's stream)."""
        from explorer.weigh import kernels

        picks = np.empty((sum(sizes), self.passages), dtype=np.int32)
        for rng, at, n in zip(rngs, np.cumsum([0, *sizes]), sizes, strict=False):
            _below(rng, self.passages, picks[at:at + n].reshape(-1))
        sup, con, present = (np.zeros((self.columns, len(picks))) for _ in range(3))
        times = np.zeros((self.passages, len(picks)), dtype=np.int16 if self.passages < 2**15 else np.int32)
        kernels.resampled(picks, self.passage, self.code, self.source, self.column, self.key, self.trust,
                          self.weight, self.supports, self.against, self.counting, self.key_col, self.key_value,
                          self.col_start, times, sup, con, present)
        return sup.T, con.T, present.T

    def recoded(self, rngs: list[_Words], sizes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Coding draws, sizes[i] of them from rngs[i]: the changes to support and contestation and what the groups
        with a counting supporting bearing add, each (n, columns). One byte a (bearing, draw) cell picks its outcome
        (_OUTCOME_BY_SLOT); a block's bytes fill its cells bearing by bearing."""
        from explorer.weigh import kernels

        e = len(self.code)
        slots = np.concatenate([_below(rng, _SLOTS, np.empty(n * e, dtype=np.uint8)).reshape(e, n)
                                for rng, n in zip(rngs, sizes, strict=True)], axis=1)
        sup, con, present = (np.zeros((self.columns, slots.shape[1])) for _ in range(3))
        kernels.recoded(slots, _OUTCOME_BY_SLOT, len(_OUTCOMES), self.code, self.source, self.column, self.key,
                        self.trust, *self.effects, self.recorded, self.key_col, self.key_value, self.col_start,
                        self.countable, sup, con, present)
        return sup.T, con.T, present.T


def _outcome_effects(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """By code (stance x table's columns + strength) and outcome (_OUTCOMES), flat: what the outcome changes of a
    bearing's support and contestation at trust 1 and of its group's count of counting supporting bearings (-1, 0
    or +1). A qualifying bearing cannot soften; a step off the scale is no change."""
    per_stance = table.shape[1]
    codes = table.size
    support = np.zeros((codes, len(_OUTCOMES)))
    contest = np.zeros_like(support)
    counts = np.zeros(support.shape, dtype=np.int32)
    old_stance, old_strength = np.arange(codes) // per_stance, np.arange(codes) % per_stance
    old_w = table.ravel()
    was = (old_stance == _SUPPORTS) & (old_w > 0)
    for o, (step, soften) in enumerate(_OUTCOMES):
        stance = np.where(soften & (old_stance != _QUALIFIES), _QUALIFIES, old_stance)
        strength = np.clip(old_strength + step, _LEVELS[0], _LEVELS[-1])
        new_w = table[stance, strength]
        support[:, o] = np.where(stance == _SUPPORTS, new_w, 0.0) - np.where(old_stance == _SUPPORTS, old_w, 0.0)
        contest[:, o] = np.where(_AGAINST[stance], new_w, 0.0) - np.where(_AGAINST[old_stance], old_w, 0.0)
        counts[:, o] = ((stance == _SUPPORTS) & (new_w > 0)).astype(np.int32) - was
    return support.ravel(), contest.ravel(), counts.ravel()


class _Words(Protocol):
    """A stream of random 64-bit words (numpy's bit generators have this method)."""

    def random_raw(self, size: int) -> np.ndarray: ...


class _Stream:
    """Block b's stream of a sampling: the raw words of numpy's PCG64 seeded with [seed, kind, b] (the words
    `np.random.default_rng([seed, kind, b])` draws from). Seeding hashes the seed, about 14 µs a block, so each
    block's first state is worked out once per process (it depends on nothing but the seed, the kind and b) and the
    blocks drawn together take turns on one generator, its state set before each draw (1 µs)."""

    def __init__(self, carrier: np.random.PCG64, state: dict) -> None:
        self.carrier, self.state = carrier, state

    @classmethod
    def of(cls, seed: int, kind: int, blocks: list[int]) -> list[_Stream]:
        carrier = np.random.PCG64(0)
        return [cls(carrier, _first_state(seed, kind, b)) for b in blocks]

    def random_raw(self, size: int) -> np.ndarray:
        self.carrier.state = self.state
        words = self.carrier.random_raw(size)
        self.state = self.carrier.state
        return words


@lru_cache(maxsize=8192)
def _first_state(seed: int, kind: int, block: int) -> dict:
    return np.random.PCG64([seed, kind, block]).state


def _below(rng: _Words, top: int, out: np.ndarray) -> np.ndarray:
    """`out` (one dimension) filled with whole numbers, each uniform in 0..top-1, from the raw words of the stream's
    bit generator: bytes where top is at most 256, else 16- or 32-bit words (kernels.bounded: exact chances, a word
    past the largest multiple of top passed over). At the coding's 200 these are the bytes the stream draws below
    200, in order (the same as `Generator.integers(0, 256, dtype=uint8)` gives, 0.3 ns a byte instead of 0.8); a
    bootstrap's pick of a passage costs about 1 ns instead of 2.7. A few more words than needed are drawn, and more
    again in the rare block where that was not enough."""
    from explorer.weigh import kernels

    if not len(out):  # nothing to draw (a case without passages)
        return out
    width, size, keep = _words_for(top)
    filled = 0
    while filled < len(out):
        words = int((len(out) - filled) / keep * 1.02) + 64
        drawn = rng.random_raw(-(-words * size // 8)).view(width)
        filled = kernels.bounded(drawn, top, out, filled)
    return out


@cache
def _words_for(top: int) -> tuple[type, int, float]:
    """The words _below draws numbers below top from: their type, their bytes and the share of them kept."""
    width = np.uint8 if top <= 2**8 else np.uint16 if top <= 2**16 else np.uint32
    size = np.dtype(width).itemsize
    return width, size, (2 ** (8 * size)) // top * top / 2 ** (8 * size)


def _groups(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of a sorted array and where each run starts."""
    if len(sorted_keys) == 0:
        return sorted_keys.astype(np.intp), np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    return sorted_keys[starts].astype(np.intp), starts

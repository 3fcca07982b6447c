"""The samplings' inner loops, compiled with numba: what a block of bootstrap or coding draws adds to each column,
from the random numbers numpy drew, bearing by bearing with a block's draws side by side (the inner loop runs over
the draws, so the processor adds several at once and no addition waits on the one before).

A draw's additions to a column are made in the order array arithmetic made them (bearings in passage order, a
bearing's value being its times drawn x its weight x its source's trust, or its outcome's effect x its source's
trust; a bearing that adds nothing adds 0), so the bootstrap gives the figures it gave before it was compiled. A
bearing is described by a few small numbers (its code: stance and strength; its source; its column; its group) and
what a code weighs or an outcome changes is looked up in tables of a few dozen entries, so that a large case's
bearings stream through the cache.

Compiled once per machine and kept in numba's cache (beside this file, or the user's cache folder where that is
read-only; where neither may be written, compiled anew in each process): the first call in a process loads the
compiled code (about a tenth of a second), the very first compiles it (a few seconds).

A bearing e: `code[e]` its stance and strength (see `_Bearings` in sampling.py), `source[e]` its source (its trust
is trust[source[e]]), `column[e]` the column its support or contestation adds to, `key[e]` the group whose count of
counting supporting bearings it moves. A group present in a draw (that count above 0) adds `key_value[g]` to column
`key_col[g]` of `present`; the groups of column c are col_start[c]..col_start[c + 1] - 1.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def _compiled(function):
    """`function` compiled (numba), its machine code kept in numba's cache where there is a folder to write it to
    (beside this file, else the user's cache folder); where there is none, compiled anew in each process."""
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba found no folder it may write its cache to
        return njit(nogil=True)(function)


@_compiled
def _present(count: np.ndarray, key_col: np.ndarray, key_value: np.ndarray, col_start: np.ndarray,
             present: np.ndarray) -> None:
    """count (groups, n): each group's count of counting supporting bearings in each draw. Adds into present
    (columns, n) what each group present (count above 0) adds to its column, the groups of a column in order."""
    for c in range(len(col_start) - 1):
        for g in range(col_start[c], col_start[c + 1]):
            value = key_value[g]
            for d in range(count.shape[1]):
                present[c, d] += value * (count[g, d] > 0)


@_compiled
def resampled(picks: np.ndarray, passage: np.ndarray, code: np.ndarray, source: np.ndarray, column: np.ndarray,
              key: np.ndarray, trust: np.ndarray, weight: np.ndarray, supports: np.ndarray, against: np.ndarray,
              counting: np.ndarray, key_col: np.ndarray, key_value: np.ndarray, col_start: np.ndarray,
              times: np.ndarray, sup: np.ndarray, con: np.ndarray, present: np.ndarray) -> None:
    """Bootstrap draws: picks (n, P) are the passages each of n draws picks; bearing e belongs to passage passage[e]
    (in passage order). By code: its weight at trust 1, whether it supports or goes against (1.0 or 0.0) and
    whether it counts (1 or 0). The groups of column c are col_start[c]..col_start[c + 1] - 1 (key_col sorted).
    `times` (P, n), zeroed, takes each passage's times drawn, draw by draw (whole numbers up to P: the narrowest
    type that holds them keeps it in the cache). Adds into sup, con and present (each (columns, n): a column's draws
    side by side, zeroed)."""
    n, n_p = picks.shape
    for d in range(n):
        for k in range(n_p):
            times[picks[d, k], d] += 1
    count = np.zeros((len(key_col), n), dtype=np.int32)
    # bearing by bearing, all the draws at once: a draw's additions to a column stay in bearing order
    for e in range(len(passage)):
        k, p, col = code[e], passage[e], column[e]
        value, is_for, is_against = weight[k] * trust[source[e]], supports[k], against[k]
        for d in range(n):
            v = times[p, d] * value
            sup[col, d] += v * is_for
            con[col, d] += v * is_against
        if counting[k]:
            g = key[e]
            for d in range(n):
                count[g, d] += times[p, d]
    _present(count, key_col, key_value, col_start, present)


@_compiled
def recoded(slots: np.ndarray, outcome_by_slot: np.ndarray, outcomes: int, code: np.ndarray, source: np.ndarray,
            column: np.ndarray, key: np.ndarray, trust: np.ndarray, sup_effect: np.ndarray, con_effect: np.ndarray,
            count_effect: np.ndarray, recorded_count: np.ndarray, key_col: np.ndarray, key_value: np.ndarray,
            col_start: np.ndarray, countable: np.ndarray, sup: np.ndarray, con: np.ndarray,
            present: np.ndarray) -> None:
    """Coding draws: slots (E, n), one byte a (bearing, draw) cell; bearing e takes outcome o = outcome_by_slot[slot]
    (0: no change, whose effects are 0), whose effects at trust 1 are at code[e] x outcomes + o. Adds the changes into
    sup and con, and into present what the groups that still have (recorded_count plus the changes) a counting
    supporting bearing add (each (columns, n), zeroed). Only the bearings listed in `countable` can change a count.
    Each code's effects are first looked up by slot (a table of codes x slots), so that a cell costs one look-up
    a sum (the products with the trust are those made before)."""
    n_e, n = slots.shape
    n_slots, codes = len(outcome_by_slot), len(sup_effect) // outcomes
    count = np.empty((len(key_col), n), dtype=np.int32)
    for g in range(len(key_col)):
        count[g, :] = recorded_count[g]
    counts = np.zeros(n_e, dtype=np.bool_)
    counts[countable] = True
    sup_by_slot, con_by_slot = np.empty((codes, n_slots)), np.empty((codes, n_slots))
    count_by_slot = np.empty((codes, n_slots), dtype=np.int32)
    for c in range(codes):
        for u in range(n_slots):
            k = c * outcomes + outcome_by_slot[u]
            sup_by_slot[c, u], con_by_slot[c, u], count_by_slot[c, u] = sup_effect[k], con_effect[k], count_effect[k]
    for e in range(n_e):
        col, t = column[e], trust[source[e]]
        sup_of, con_of = sup_by_slot[code[e]], con_by_slot[code[e]]
        if counts[e]:
            g, count_of = key[e], count_by_slot[code[e]]
            for d in range(n):
                u = slots[e, d]
                sup[col, d] += sup_of[u] * t
                con[col, d] += con_of[u] * t
                count[g, d] += count_of[u]
        else:
            for d in range(n):
                u = slots[e, d]
                sup[col, d] += sup_of[u] * t
                con[col, d] += con_of[u] * t
    _present(count, key_col, key_value, col_start, present)


@_compiled
def by_thesis(support: np.ndarray, contest: np.ndarray, present: np.ndarray, thesis: np.ndarray, trust: np.ndarray,
              backing: np.ndarray, raw: np.ndarray) -> None:
    """A small case's criteria from its draws summed by (thesis, source) group at full trust (each (n, groups)):
    support, contestation and whether the group is present; group g bears on thesis[g] and its source's trust is
    trust[g]. Into raw (n, 4, T): each criterion's group sums times their trust, added up by thesis in group order
    (corroboration from the groups present), backing as recorded; none below 0."""
    n, n_g = support.shape
    raw[:, 0, :] = 0.0
    raw[:, 1, :] = 0.0
    raw[:, 3, :] = 0.0
    for d in range(n):
        raw[d, 2, :] = backing
    for g in range(n_g):
        t, w = thesis[g], trust[g]
        for d in range(n):
            raw[d, 0, t] += support[d, g] * w
            raw[d, 1, t] += present[d, g] * w
            raw[d, 3, t] += contest[d, g] * w
    for d in range(n):
        for c in range(4):
            for t in range(raw.shape[2]):
                raw[d, c, t] = max(raw[d, c, t], 0.0)


@_compiled
def bounded(words: np.ndarray, top: int, out: np.ndarray, start: int) -> int:
    """Whole numbers uniform in 0..top-1 from random words (unsigned, every bit uniform), written into `out` from
    `start` on, in order, until it is full; how many of `out` are filled now. Where top is more than half the words'
    range, a word below top gives itself and the others are passed over; else a word w gives (w x top) >> bits,
    passed over when its low bits fall below (range mod top) (Lemire's method: no division a word). Either way every
    number keeps exactly its chance. Without a branch a word: each is written and the place moves on only when it is
    kept."""
    bits = 8 * words.itemsize
    span = 1 << bits
    j, full = start, len(out)
    if 2 * top > span:
        for i in range(len(words)):
            if j == full:
                break
            w = words[i]
            out[j] = w
            j += w < top
        return j
    low, threshold = span - 1, span % top
    for i in range(len(words)):
        if j == full:
            break
        product = np.uint64(words[i]) * np.uint64(top)
        out[j] = product >> bits
        j += (product & low) >= threshold
    return j


# Up to this many theses a draw's order is found in the compiled loop, by insertion (a few dozen comparisons); a
# larger case's keys are sorted by numpy, a whole block at once (arrays._order). Both give the one order the rule
# defines.
SMALL = 48


@_compiled
def _place(primary: np.ndarray, secondary: np.ndarray, by_two: bool, order: np.ndarray) -> None:
    """One draw's order (arrays._order), by insertion: thesis indices, the larger primary key first, then (by_two)
    the larger secondary key, then the lower index. Written into order (T,)."""
    for t in range(len(primary)):
        r = t
        while r > 0:
            u = order[r - 1]
            if primary[u] > primary[t] or (primary[u] == primary[t] and (not by_two or secondary[u] >= secondary[t])):
                break  # u stays ahead: a larger key, or an equal one and u the lower index
            order[r] = u
            r -= 1
        order[r] = t


@_compiled
def keys(raw: np.ndarray, weights: np.ndarray, full: np.ndarray, quantum: float, out: np.ndarray) -> None:
    """The evidence view's ranking key of each thesis in each draw, into out (n, T). raw (n, 4, T): each draw's
    four raw criteria by thesis; weights (n, 4) or (1, 4): each draw's weights (or one for all), contestation's
    negative. Worked out as arrays._keys works it out, operation for operation, so that the same numbers come out:
    each criterion raw / full, capped at 1, times its weight, plus 0.0 (no negative zero), the four added in
    order, times quantum, rounded to a whole number (half to even)."""
    n, _, n_t = raw.shape
    for d in range(n):
        w = weights[d if weights.shape[0] > 1 else 0]
        for t in range(n_t):
            total = min(raw[d, 0, t] / full[0], 1.0) * w[0] + 0.0
            total = total + (min(raw[d, 1, t] / full[1], 1.0) * w[1] + 0.0)
            total = total + (min(raw[d, 2, t] / full[2], 1.0) * w[2] + 0.0)
            total = total + (min(raw[d, 3, t] / full[3], 1.0) * w[3] + 0.0)
            out[d, t] = np.rint(total * quantum)


@_compiled
def ranked(primary: np.ndarray, secondary: np.ndarray, by_two: bool, block: np.ndarray, counts: np.ndarray) -> None:
    """Each draw's order by its keys (n, T) (arrays._order: the larger primary key first, then, by_two, the larger
    secondary, then the lower index), found by insertion (for up to SMALL theses), tallied by block: adds one to
    counts[block[d], t, r] for each draw d where thesis t takes place r + 1."""
    n, n_t = primary.shape
    order = np.empty(n_t, dtype=np.int64)
    for d in range(n):
        _place(primary[d], secondary[d], by_two, order)
        for r in range(n_t):
            counts[block[d], order[r], r] += 1


@_compiled
def tally(order: np.ndarray, counts: np.ndarray) -> None:
    """order (n, T): each draw's theses, best first. Adds one to counts[t, r] for each draw where thesis t takes
    place r + 1 (without the (T x T) temporary a bincount of all places would allocate for each block)."""
    n, n_t = order.shape
    for d in range(n):
        for r in range(n_t):
            counts[order[d, r], r] += 1

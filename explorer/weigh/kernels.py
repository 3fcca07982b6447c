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
    supporting bearing add (each (columns, n), zeroed). Only the bearings listed in `countable` can change a count."""
    n_e, n = slots.shape
    for e in range(n_e):
        at, col, t = code[e] * outcomes, column[e], trust[source[e]]
        for d in range(n):
            k = at + outcome_by_slot[slots[e, d]]
            sup[col, d] += sup_effect[k] * t
            con[col, d] += con_effect[k] * t
    count = np.empty((len(key_col), n), dtype=np.int32)
    for g in range(len(key_col)):
        count[g, :] = recorded_count[g]
    for e in countable:
        at, g = code[e] * outcomes, key[e]
        for d in range(n):
            count[g, d] += count_effect[at + outcome_by_slot[slots[e, d]]]
    _present(count, key_col, key_value, col_start, present)


@_compiled
def keep_below(drawn: np.ndarray, top: int, out: np.ndarray, start: int) -> int:
    """The bytes of `drawn` below `top`, in order, written into `out` from `start` on, until it is full; how many
    of `out` are filled now. Without a branch a byte: each byte is written and the place moves on only when it
    is kept."""
    j, full = start, len(out)
    for i in range(len(drawn)):
        if j == full:
            break
        b = drawn[i]
        out[j] = b
        j += b < top
    return j


@_compiled
def tally(order: np.ndarray, counts: np.ndarray) -> None:
    """order (n, T): each draw's theses, best first. Adds one to counts[t, r] for each draw where thesis t takes
    place r + 1 (without the (T x T) temporary a bincount of all places would allocate for each block)."""
    n, n_t = order.shape
    for d in range(n):
        for r in range(n_t):
            counts[order[d, r], r] += 1

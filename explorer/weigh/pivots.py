"""Pivotal passages and pivotal judgements: what one passage, or one reading of it, changes at the top."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from explorer.model import Case
from explorer.weigh.arrays import (
    _AGAINST,
    _LEVELS,
    _STANCES,
    _SUPPORTS,
    MEMORY,
    Matrices,
    _keys,
    _order,
    _raw,
    _wsign,
    matrices,
)
from explorer.weighting import (
    Weighting,
    check_model,
)

# --- pivotal passages and pivotal judgements -----------------------------------------------------------


def _flips(before: tuple[str, ...], after: tuple[str, ...], names: Mapping[str, str] | None = None) -> str:
    """'first: a -> b' or 'top three order: a, b, c -> a, c, b', with ids or, given names, the theses' names."""
    name = (lambda tid: names.get(tid, tid)) if names else (lambda tid: tid)
    if before[0] != after[0]:
        return f"first: {name(before[0])} -> {name(after[0])}"
    top = {1: "top", 2: "top two", 3: "top three"}[len(before)]
    return f"{top} order: {', '.join(map(name, before))} -> {', '.join(map(name, after))}"


class _ChangesTheTop:
    """What a change does to the top (three) of the ranking: `before` and `after`, best first; and to the whole
    ranking: `order_before` and `order_after`, every thesis best first (what says a thesis's place outside the top
    three, such as the 4th that a change puts 3rd)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    order_before: tuple[str, ...]
    order_after: tuple[str, ...]

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
    order_before: tuple[str, ...]  # the whole ranking before, best first
    order_after: tuple[str, ...]  # the whole ranking without this passage


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
    order_before: tuple[str, ...]
    order_after: tuple[str, ...]

    @property
    def change(self) -> str:
        """'stance supports -> qualifies' or 'strength 3 -> 2'."""
        return f"{self.field} {self.old} -> {self.new}"


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


def _setup(m: Matrices, weighting: Weighting | None, model: str, k: int = 3) -> _Top | None:
    """The case scored under the settings, or None when there is no top to change (fewer than two theses,
    or no passage). `k`: how many of the top the searches follow (at most every thesis)."""
    check_model(model)
    wsign = _wsign(weighting)
    tau = m.trust_vector(weighting)
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


def pivotal(case: Case | Matrices, weighting: Weighting | None = None, model: str = "evidence",
            memory: int = MEMORY) -> list[Pivotal]:
    """The passages whose removal changes which thesis ranks first or the order of the top three.

    Removing a passage lowers only the raw criteria of the theses it bears on, and each criterion is on a
    fixed scale, so only those theses are re-scored (all passages at once, as arrays). A passage's
    contribution is subtracted, which is exact to about 1e-16 of the largest raw value: far below the 1e-9
    at which scores are compared. A passage that counts for nothing (background by default, or from a
    source trusted 0) is never pivotal.
    """
    m = matrices(case, weighting)
    top = _setup(m, weighting, model)
    if top is None:
        return []
    hit, new, n_entries = _without_each(m, top)
    new_head = _chunked_heads(model, top, hit, new, memory)
    et, es = m.entry_thesis, m.entry_stance
    moved = np.flatnonzero((new_head != top.head[None, :]).any(axis=1))
    whole = _chunked_heads(model, _whole(top), hit[moved], new[moved], memory)  # the few that move: every place
    before = tuple(m.theses[i] for i in top.head)
    order_before = tuple(m.theses[i] for i in top.base)
    starts = np.concatenate([[0], np.cumsum(n_entries)])
    out = []
    for p, order_after in zip(moved, whole, strict=True):
        entries = slice(starts[p], starts[p + 1])
        stances = {m.theses[t]: _STANCES[s] for t, s in zip(et[entries], es[entries], strict=True)}
        out.append(Pivotal(m.refs[p], m.theses[m.passage_thesis[p]], m.sources[m.passage_source[p]], stances,
                           before, tuple(m.theses[i] for i in new_head[p]), order_before,
                           tuple(m.theses[i] for i in order_after)))
    return sorted(out, key=lambda p: not p.first_changes)


def _whole(top: _Top) -> _Top:
    """The same start, following every place instead of the top k."""
    return dataclasses.replace(top, k=len(top.base), head=top.base)


def orders_without_each(case: Case | Matrices, weighting: Weighting | None = None, model: str = "evidence",
                        memory: int = MEMORY) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The whole ranking, best first, and for each passage the whole ranking without it (passage ref -> order),
    by the same re-scoring as `pivotal`: what a debate team needs to know which passages hold it up and which
    hold a rival above it. Empty when there is no ranking to change (fewer than two theses, or no passage)."""
    m = matrices(case, weighting)
    top = _setup(m, weighting, model, k=len(m.theses))
    if top is None:
        return tuple(m.theses), {}
    hit, new, _ = _without_each(m, top)
    new_head = _chunked_heads(model, top, hit, new, memory)
    return (tuple(m.theses[i] for i in top.head),
            {m.refs[p]: tuple(m.theses[i] for i in row) for p, row in enumerate(new_head)})


def _without_each(m: Matrices, top: _Top) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each passage, the theses it bears on (passages x W, -1 for none) and their raw criteria without it
    (passages x 4 x W), as `_new_heads` takes them, and how many bearings each passage has."""
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
    return hit, new, n_entries


def _chunked_heads(model: str, top: _Top, hit: np.ndarray, new: np.ndarray, memory: int) -> np.ndarray:
    """_new_heads over the changes in chunks of about `memory` bytes."""
    step = max(1, memory // (8 * 16 * (top.k + hit.shape[1]) * 4))
    return np.concatenate([_new_heads(model, top.base, top.primary, top.secondary, top.wsign, hit[i:i + step],
                                      new[i:i + step], top.k) for i in range(0, len(hit), step)]
                          or [np.zeros((0, top.k), dtype=np.intp)])


def pivotal_judgements(case: Case | Matrices, weighting: Weighting | None = None, model: str = "evidence",
                       memory: int = MEMORY) -> list[Judgement]:
    """The single coding judgements whose change alone changes the first thesis or the order of the top
    three: for every bearing of every passage on a thesis, each other stance, and the strength one step up
    and one step down (within 1..3). Those that change the first thesis come first, then in the order of
    the passages."""
    m = matrices(case, weighting)
    top = _setup(m, weighting, model)
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
    hit, new_criteria = et[:, None], after.T[:, :, None]
    new_head = _chunked_heads(model, top, hit, new_criteria, memory)
    changed = np.flatnonzero((new_head != top.head[None, :]).any(axis=1))
    whole = _chunked_heads(model, _whole(top), hit[changed], new_criteria[changed], memory)
    before = tuple(m.theses[i] for i in top.head)
    order_before = tuple(m.theses[i] for i in top.base)
    out = []
    for c, order_after in zip(changed, whole, strict=True):
        p = m.entry_passage[ce[c]]
        field_name = "stance" if c_is_stance[c] else "strength"
        old, new = ((_STANCES[old_s[c]], _STANCES[cs[c]]) if c_is_stance[c] else (str(old_g[c]), str(cg[c])))
        out.append(Judgement(m.refs[p], m.theses[et[c]], m.theses[m.passage_thesis[p]], m.sources[esrc[c]],
                             field_name, old, new, before, tuple(m.theses[i] for i in new_head[c]), order_before,
                             tuple(m.theses[i] for i in order_after)))
    return sorted(out, key=lambda j: not j.first_changes)

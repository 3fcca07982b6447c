"""The two models that score a weighting: the evidence model (weighted criteria) and ACH."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.model import Case
from explorer.vocabulary import (
    CRITERIA,
    STANCES,
)
from explorer.weigh.arrays import (
    _SIGN,
    _STANCES,
    NO_POSITIVE,
    Matrices,
    _keys,
    _order,
    _parts,
    _raw,
    _scaled,
    _total,
    _wsign,
    matrices,
)
from explorer.weighting import Weighting

# --- scores (the evidence model) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """The evidence model for one weighting. Frames are indexed by thesis id."""

    weighting: Weighting
    raw: pd.DataFrame  # thesis x criterion
    normalised: pd.DataFrame  # thesis x criterion: raw / full, capped at 1
    parts: pd.DataFrame  # thesis x criterion: weight x normalised, contestation negative; rows sum to score
    score: pd.Series
    share: pd.Series
    order: tuple[str, ...]  # best first
    note: str | None  # set when no score is positive (the shares are then equal)


def scores(case: Case | Matrices, weighting: Weighting | None = None) -> Scores:
    """Criteria, parts, scores and shares of every thesis under a weighting (None: the case's defaults)."""
    m = matrices(case, weighting)
    weighting = m.weighting(weighting)
    wsign = _wsign(weighting)
    raw = _raw(m, m.trust_vector(weighting))
    parts = _parts(raw, wsign)
    score = _total(parts)
    share, note = _shares(score)
    order = _order(*_keys("evidence", raw, wsign))
    index = pd.Index(m.theses, name="thesis")
    frame = lambda values: pd.DataFrame(values.T, index=index, columns=list(CRITERIA))
    return Scores(weighting, frame(raw), frame(_scaled(raw)), frame(parts), pd.Series(score, index=index, name="score"),
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


def ach(case: Case | Matrices, weighting: Weighting | None = None) -> Ach:
    """ACH under a weighting (only its trusts and points count; None: the case's defaults)."""
    m = matrices(case, weighting)
    raw = _raw(m, m.trust_vector(weighting))
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

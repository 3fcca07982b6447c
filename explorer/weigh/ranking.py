"""Everything at once: a Ranking of every thesis with its score, share, robustness and pivots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from explorer.model import Case
from explorer.vocabulary import (
    CRITERIA,
    ROBUSTNESS,
    SAMPLES,
)
from explorer.weigh.arrays import (
    Matrices,
    Progress,
    _keys,
    _raw,
    _wsign,
    matrices,
)
from explorer.weigh.pivots import (
    Judgement,
    Pivotal,
    pivotal,
    pivotal_judgements,
)
from explorer.weigh.sampling import (
    KINDS,
    SPREAD,
    Robustness,
    robustness,
)
from explorer.weigh.scoring import (
    ach,
    scores,
)
from explorer.weighting import (
    Weighting,
    check_model,
)

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
    weighting: Weighting  # the settings used: criterion weights, strength -> points, source id -> trust
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
        redrawn, 61% (±1.0%) with some passages left out at random and others counted twice'. Empty without
        samples."""
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


def weigh(case: Case | Matrices, weighting: Weighting | None = None, model: str = "evidence",
          samples: int = SAMPLES, seed: int = 0, spread: float = SPREAD, progress: Progress | None = None) -> Ranking:
    """Scores, ACH, the three robustness samplings (skipped when samples is 0), pivotal passages and
    pivotal judgements, thesis by thesis, under a weighting (None: the case's defaults)."""
    m = matrices(case, weighting)
    check_model(model)
    weighting = m.weighting(weighting)
    tau = m.trust_vector(weighting)
    s = scores(m, weighting)
    a = ach(m, weighting)
    order = s.order if model == "evidence" else a.order
    robust: dict[str, Robustness] = {}
    for i, kind in enumerate(KINDS if samples else ()):
        step = (lambda done, i=i: progress((i + done) / len(KINDS))) if progress else None
        robust[kind] = robustness(m, weighting, samples=samples, seed=seed, spread=spread, model=model,
                                  kind=kind, progress=step)
    pivots = tuple(pivotal(m, weighting, model=model))
    judged = tuple(pivotal_judgements(m, weighting, model=model))
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
    used = Weighting(dict(weighting.weights), dict(m.points),
                     {sid: float(tau[j]) for j, sid in enumerate(m.sources[: m.known])})
    ranking = Ranking(model, used, 0, seed, spread, tuple(results), pivots, a.diagnosticity, s.note, judged, {})
    return with_robustness(ranking, robust) if robust else ranking


def first_without_each_source(case: Case | Matrices, weighting: Weighting | None = None,
                              model: str = "evidence") -> dict[str, tuple[str, ...]]:
    """For each of the case's sources trusted above 0, the theses that would share first place if it were
    trusted not at all (one thesis when there is no tie), on the model's own measure; all at once."""
    m = matrices(case, weighting)
    tau = m.trust_vector(weighting)
    trusted = [j for j in range(m.known) if tau[j] > 0]
    if not trusted or not m.theses:
        return {}
    taus = np.repeat(tau[None], len(trusted), axis=0)
    taus[np.arange(len(trusted)), trusted] = 0.0
    primary, _ = _keys(model, _raw(m, taus), _wsign(weighting))
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

"""The case compiled to arrays (Matrices), the constants every model shares, and the arithmetic every model
uses, so that the same numbers come out the same way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields

import numpy as np

from explorer.model import Case
from explorer.vocabulary import (
    CRITERIA,
    CRITERIA_TABLE,
    DEFAULT_POINTS,
    DEFAULT_WEIGHTS,
    STANCES,
    STRENGTHS,
)
from explorer.weighting import (
    DECIMALS,
    Weighting,
    passage_weight,
    scholarly,
    source_trust,
)

MEMORY = 200_000_000  # bytes a chunk of settings samples or of pivotal checks may use
_QUANTUM = 10.0**DECIMALS
NO_POSITIVE = "no thesis has a positive score, so every thesis gets an equal share"

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
        compilations of the same case (and points) give the same digest, any change of the case another. Worked out
        once for these matrices (they are not changed once compiled)."""
        found = self.__dict__.get("_digest")
        if found is None:
            found = self._fingerprint()
            object.__setattr__(self, "_digest", found)
        return found

    def _fingerprint(self) -> str:
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

    def weighting(self, weighting: Weighting | None = None) -> Weighting:
        """The weighting in full: the one given, or else the defaults (the default weights, the points these
        matrices were compiled with, each source's trust from sources.yaml or its kind and defects)."""
        if weighting is not None:
            return weighting
        known = zip(self.sources[: self.known], self.base_trust[: self.known], strict=True)
        return Weighting(dict(DEFAULT_WEIGHTS), dict(self.points), {sid: float(t) for sid, t in known})

    def trust_vector(self, weighting: Weighting | None = None) -> np.ndarray:
        """Each source's trust under a weighting (a source it does not name keeps its default; a source the case
        does not have counts 0)."""
        tau = self.base_trust.copy()
        if weighting is not None:
            for i, sid in enumerate(self.sources[: self.known]):
                tau[i] = weighting.trust.get(sid, tau[i])
        return tau


def matrices(case: Case | Matrices, weighting: Weighting | None = None) -> Matrices:
    """Compile a case into the arrays every model works on (done once per call of the public functions). A ranking
    compares the theses of one question: a case whose theses answer several is compiled on its main question's
    (pass `case.within(question)` for another).
    The weighting's points say what a passage of each strength counts for (None: the defaults). Compiled matrices
    are returned as they are; asking them for other points is a programming error."""
    if isinstance(case, Matrices):
        if weighting is not None and dict(weighting.points) != case.points:
            raise ValueError("these matrices were compiled with other points; compile the case again")
        return case
    value_of = dict(DEFAULT_POINTS if weighting is None else weighting.points)
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
    scaled = raw / _FULL[:, None]
    return np.minimum(scaled, 1.0, out=scaled)  # in place: the same numbers, one array fewer


def _parts(raw: np.ndarray, wsign: np.ndarray) -> np.ndarray:
    """weight x scaled value, contestation negative: (..., 4, T)."""
    parts, weights = _scaled(raw), wsign[..., :, None]
    if np.broadcast_shapes(parts.shape, weights.shape) != parts.shape:
        parts = parts * weights
    else:
        parts *= weights
    parts += 0.0  # turns -0.0 into 0.0
    return parts


def _total(parts: np.ndarray) -> np.ndarray:
    total = parts[..., 0, :] + parts[..., 1, :]
    total += parts[..., 2, :]
    total += parts[..., 3, :]
    return total


def _keys(model: str, raw: np.ndarray, wsign: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """What the ranking sorts on, best = largest: (primary, secondary or None), in units of 1e-9 (rounded)."""
    if model == "evidence":
        total = _total(_parts(raw, wsign))
        total *= _QUANTUM
        return np.rint(total, out=total), None
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


def _wsign(weighting: Weighting | None = None) -> np.ndarray:
    """The criteria's weights, contestation negative (None: the default weights)."""
    weights = DEFAULT_WEIGHTS if weighting is None else weighting.weights
    return np.array([weights[c] for c in CRITERIA]) * _SIGN

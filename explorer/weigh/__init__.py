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

The engine is a package of one noun each: `arrays` (the case compiled to arrays, and the arithmetic every model
shares), `scoring` (the evidence model and ACH), `sampling` (robustness), `pivots` (pivotal passages and judgements)
and `ranking` (everything at once); the reader's settings and the weight of one passage are in explorer/weighting.py.
Everything public is re-exported here: `from explorer import weigh; weigh.weigh(case)`.
"""

from __future__ import annotations

from explorer.vocabulary import (
    CRITERIA,
    DEFAULT_POINTS,
    DEFAULT_WEIGHTS,
    MODELS,
    POINTS_MAX,
    SAMPLES,
    WEIGHT_MAX,
    unknown,
)
from explorer.weigh.arrays import (
    MEMORY,
    NO_POSITIVE,
    Matrices,
    Progress,
    matrices,
)
from explorer.weigh.pivots import (
    Judgement,
    Pivotal,
    orders_without_each,
    pivotal,
    pivotal_judgements,
)
from explorer.weigh.ranking import (
    Ranking,
    ThesisResult,
    first_without_each_source,
    weigh,
    with_robustness,
)
from explorer.weigh.sampling import (
    BLAS_THREADS,
    BLOCK,
    FIRST_LOOK,
    KINDS,
    MARGIN,
    SOFTEN_CHANCE,
    SPREAD,
    STEP_CHANCE,
    STOP_EVERY,
    Robustness,
    robustness,
    sampling_error,
)
from explorer.weigh.scoring import (
    Ach,
    Scores,
    ach,
    ach_matrix,
    scores,
)
from explorer.weighting import (
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

__all__ = [
    "BLAS_THREADS",
    "BLOCK",
    "CRITERIA",
    "DECIMALS",
    "DEFAULT_POINTS",
    "DEFAULT_WEIGHTS",
    "FIRST_LOOK",
    "KINDS",
    "MARGIN",
    "MEMORY",
    "MODELS",
    "NO_POSITIVE",
    "POINTS_MAX",
    "SAMPLES",
    "SOFTEN_CHANCE",
    "SPREAD",
    "STEP_CHANCE",
    "STOP_EVERY",
    "WEIGHT_MAX",
    "Ach",
    "Bearing",
    "Judgement",
    "Matrices",
    "Pivotal",
    "Progress",
    "Ranking",
    "Robustness",
    "Scores",
    "ThesisResult",
    "WeighError",
    "Weighting",
    "ach",
    "ach_matrix",
    "bearings",
    "check_kind",
    "check_model",
    "check_points",
    "check_trust",
    "check_weights",
    "counted_sources",
    "default_trust",
    "first_without_each_source",
    "matrices",
    "orders_without_each",
    "passage_weight",
    "pivotal",
    "pivotal_judgements",
    "robustness",
    "sampling_error",
    "scholarly",
    "scores",
    "source_trust",
    "trust_reason",
    "trusts",
    "unknown",
    "weigh",
    "with_robustness",
]

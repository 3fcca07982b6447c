"""Agreement between two coders of the same passages: Cohen's kappa, plain and linearly weighted. Pure.

Used to measure the codebook (claims/CODING.md): an independent coder codes a random sample of passages, and
kappa compares that coding with the case's. Kappa is the agreement beyond what chance would give: 1 is
perfect, 0 no better than chance. With one category far more common than the others (most passages support
their thesis), kappa is low even when the coders agree on nearly every passage, so the raw agreement is
reported beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    n: int
    observed: float  # the share of items coded alike
    kappa: float


def agreement(first: Sequence, second: Sequence, weighted: bool = False) -> Agreement:
    """Cohen's kappa of two codings of the same items. `weighted` uses linear weights for ordered numeric
    categories (a strength of 1 against 3 disagrees twice as much as 1 against 2). When chance alone would
    give full agreement (one category only), kappa is 1 if the coders agree on everything, else 0."""
    if len(first) != len(second):
        raise ValueError(f"the codings differ in length: {len(first)} and {len(second)}")
    n = len(first)
    if n == 0:
        raise ValueError("no items to compare")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p, q = Counter(first), Counter(second)
    cats = sorted(set(p) | set(q))

    def distance(a, b) -> float:
        if not weighted:
            return float(a != b)
        span = max(cats) - min(cats)
        return abs(a - b) / span if span else 0.0

    expected = sum(p[a] * q[b] * distance(a, b) for a in cats for b in cats) / (n * n)
    seen = sum(distance(a, b) for a, b in zip(first, second, strict=True)) / n
    if expected == 0:
        return Agreement(n, observed, 1.0 if seen == 0 else 0.0)
    return Agreement(n, observed, 1 - seen / expected)

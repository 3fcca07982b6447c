"""Timing shared by the benchmarks: the median of repeated runs after a warm-up."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeats: int, warm_up: bool = True) -> float:
    """Seconds: the median of `repeats` runs of fn, after one run that is not counted."""
    if warm_up:
        fn()  # first calls allocate, import lazily and start BLAS threads
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)

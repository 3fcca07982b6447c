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


def median_times(fns: list[Callable[[], object]], repeats: int) -> list[float]:
    """Seconds: the median of `repeats` runs of each fn, after one run of each that is not counted, the runs taken in
    turn (one of each, then again), so that a figure and its floor see the same load on a shared machine."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, taken in zip(fns, times):
            started = time.perf_counter()
            fn()
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]

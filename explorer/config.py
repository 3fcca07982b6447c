"""Settings read from the environment, each by one rule: a number of seconds is taken when it is a number within
its bounds, and is the default otherwise (missing, not a number, NaN, out of range). The start of the one place
where settings are read (issue 24 moves the others here)."""

from __future__ import annotations

import math
import os

from explorer.store import BUSY_TIMEOUT

BUSY_VAR = "EXPLORER_POLL_BUSY_SECONDS"  # how long a call waits for a busy poll database before saying so
BUSY_MOST = 300.0


def seconds(name: str, default: float, most: float, zero: bool = False) -> float:
    """$name as seconds, from 0 (only when `zero` allows it; else above 0) to `most`; else `default`."""
    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        return default
    if math.isnan(value) or value > most or value < 0 or (value == 0 and not zero):
        return default
    return value


def busy_seconds() -> float:
    """How long a call waits for a busy database before saying so: $EXPLORER_POLL_BUSY_SECONDS, else 10."""
    return seconds(BUSY_VAR, BUSY_TIMEOUT, BUSY_MOST)

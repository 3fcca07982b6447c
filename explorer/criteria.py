"""The names and bounds of the weighing settings: criteria, weights, points per strength, samples.

Kept apart from the weighing itself (numpy and pandas) so that the command line starts quickly.
"""

from __future__ import annotations

import difflib

CRITERIA: tuple[str, ...] = ("support", "corroboration", "backing", "contestation")
DEFAULT_WEIGHTS: dict[str, float] = {"support": 1.0, "corroboration": 0.5, "backing": 0.5, "contestation": 0.5}
WEIGHT_MAX = 5.0
MODELS: tuple[str, ...] = ("evidence", "ach")
STRENGTH_NAMES: dict[int, str] = {1: "context", 2: "relevant", 3: "explicit"}
STRENGTH_LEVELS: dict[str, int] = {**{str(k): k for k in STRENGTH_NAMES}, **{v: k for k, v in STRENGTH_NAMES.items()}}
DEFAULT_POINTS: dict[int, float] = {1: 1.0, 2: 2.0, 3: 3.0}
POINTS_MAX = 10.0
SAMPLES = 10_000


def unknown(what: str, name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """One line: the unknown name, the closest known one, and every allowed one."""
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.75)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    listed = ", ".join(allowed) if allowed else "(none)"
    return f"unknown {what} `{name}`{hint}; use one of: {listed}"

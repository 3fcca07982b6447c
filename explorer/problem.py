"""A problem found in a case folder: a value, never an exception."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the case folder, e.g. theses/lost_prestige.yaml
    line: int  # 1-based; 0 when the problem concerns no line (a missing folder)
    field: str  # e.g. evidence[3].quote, or (file) for the whole file
    message: str  # what is wrong
    hint: str = ""  # how to fix it
    level: Level = "error"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        if self.level == "warning":
            text += " (warning)"
        return text


def summarise(problems: list[Problem]) -> str:
    """One line: how many errors and warnings."""
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(parts)

"""A problem found in a case folder: a value, never an exception."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "note"]  # a note (a skipped editor's file) asks nothing of the author


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
        if self.level != "error":
            text += f" ({self.level})"
        return text


def summarise(problems: list[Problem]) -> str:
    """One line: how many errors and warnings."""
    counts = {level: sum(p.level == level for p in problems) for level in ("error", "warning", "note")}
    parts = [f"{n} {level}{'s' if n != 1 else ''}" for level, n in counts.items() if n]
    if not parts:
        return "no problems"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def needing_work(problems: list[Problem]) -> list[Problem]:
    """The errors and warnings: what the case's author should look at (notes ask nothing)."""
    return [p for p in problems if p.level != "note"]


def errors(problems: list[Problem]) -> list[Problem]:
    """The errors only: what stops a case from being right (a warning asks for a look, not a fix)."""
    return [p for p in problems if p.level == "error"]


def failing(problems: list[Problem], strict: bool = False) -> list[Problem]:
    """What makes `validate` fail: the errors; with strict, the warnings too."""
    return needing_work(problems) if strict else errors(problems)


class ExplorerError(Exception):
    """The root of every refusal the explorer raises (a weight out of range, an outline it cannot make, a write it
    would not make, a poll store it cannot reach): its message is a plain sentence that says what to do, and
    `problems` carries the case's problems where they are the reason (else it is empty). A page or the command
    line catches ExplorerError and shows the message; anything else is a bug."""

    def __init__(self, message: str = "", problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)

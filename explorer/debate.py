"""A class debate: its setup, its rounds and clock, its poll phases, ballots and tallies. Pure: no I/O.

The poll store (explorer/store.py) keeps rooms and ballots; this module says what is valid and what the
numbers are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from explorer import vocabulary
from explorer.text import csv_text

PollMode = Literal["pick", "points"]
PHASES: tuple[str, ...] = tuple(vocabulary.PHASES)
PHASE_NAMES: dict[str, str] = vocabulary.PHASES
POINTS_TOTAL = 100
DEFAULT_ROUNDS: tuple[tuple[str, int], ...] = (
    ("Opening statements", 4), ("Rebuttals", 3), ("Cross-examination", 3), ("Closing statements", 2),
)


class Refused(ValueError):
    """A request the debate cannot accept (a vote in a closed phase, a wrong key...); the message says why."""


class Team(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=40)
    thesis: str

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("a team needs a name")
        return value


class Round(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=40)
    minutes: float = Field(gt=0, le=60)


class Setup(BaseModel):
    """What the teacher chose: the theses in play, the teams, the rounds and the kind of poll."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theses: list[str] = Field(min_length=2, max_length=6)
    teams: list[Team] = Field(min_length=1)
    rounds: list[Round] = Field(min_length=1, max_length=12)
    poll: PollMode = "pick"
    # The theses' titles when the room was made: a debate keeps its names if a claim file breaks mid-lesson.
    titles: dict[str, str] = Field(default_factory=dict)
    # The case the room was set up on (its name in the server's library of cases): every page of the room opens
    # it. Empty in a room made before rooms recorded their case.
    case: str = Field(default="", max_length=200)


def names(setup: Setup, titles_now: dict[str, str]) -> dict[str, str]:
    """The title of each thesis in play: the case's as it loads now, else the room's own record, else its id."""
    return {t: titles_now.get(t) or setup.titles.get(t) or t for t in setup.theses}


def not_loaded(setup: Setup, loaded: list[str] | dict) -> list[str]:
    """The theses in play whose claim files do not load now."""
    return [t for t in setup.theses if t not in loaded]


def check_setup(setup: Setup, known_theses: list[str] | dict) -> None:
    """Raise Refused when the setup names a thesis the case does not have, or teams that do not fit."""
    unknown = [t for t in setup.theses if t not in known_theses]
    if unknown:
        raise Refused(f"unknown thesis `{unknown[0]}`; choose theses of this case")
    if len(set(setup.theses)) != len(setup.theses):
        raise Refused("a thesis is chosen twice; choose each thesis once")
    for team in setup.teams:
        if team.thesis not in setup.theses:
            raise Refused(f"team “{team.name}” defends `{team.thesis}`, which is not in play")
    names = [team.name.casefold() for team in setup.teams]
    if len(set(names)) != len(names):
        raise Refused("two teams have the same name; give each team its own name")


@dataclass
class State:
    """Where the debate is: the round, its clock, and each poll phase's status."""

    round: int = 0
    running_since: float | None = None  # epoch seconds when the clock was last started; None when paused
    elapsed: float = 0.0  # seconds run in this round before the clock was last started
    phases: dict[str, str] = field(default_factory=lambda: {p: "waiting" for p in PHASES})

    def as_dict(self) -> dict:
        return {"round": self.round, "running_since": self.running_since, "elapsed": self.elapsed,
                "phases": dict(self.phases)}

    @classmethod
    def from_dict(cls, data: dict) -> State:
        return cls(data.get("round", 0), data.get("running_since"), data.get("elapsed", 0.0),
                   {p: data.get("phases", {}).get(p, "waiting") for p in PHASES})


def remaining(setup: Setup, state: State, now: float) -> float:
    """Seconds left in the current round (negative when over time)."""
    length = setup.rounds[state.round].minutes * 60
    run = state.elapsed + (now - state.running_since if state.running_since is not None else 0.0)
    return length - run


def clock(seconds: float) -> str:
    """12:05, or +0:30 when over time."""
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def start(state: State, now: float) -> State:
    if state.running_since is None:
        state.running_since = now
    return state


def pause(state: State, now: float) -> State:
    if state.running_since is not None:
        state.elapsed += now - state.running_since
        state.running_since = None
    return state


def go_to_round(setup: Setup, state: State, index: int) -> State:
    """Move to another round; its clock starts paused at its full length."""
    if not 0 <= index < len(setup.rounds):
        raise Refused(f"there is no round {index + 1}; this debate has {len(setup.rounds)}")
    return State(index, None, 0.0, dict(state.phases))


def set_phase(state: State, phase: str, status: str) -> State:
    if phase not in PHASES:
        raise Refused(f"unknown poll phase `{phase}`; use one of: {', '.join(PHASES)}")
    if status not in ("waiting", "open", "closed"):
        raise Refused(f"unknown status `{status}`")
    state.phases[phase] = status
    return state


def open_phase(state: State) -> str | None:
    """The poll a student answers now: the latest open one, or None."""
    return next((p for p in reversed(PHASES) if state.phases[p] == "open"), None)


def waiting_words(state: State, thanks: str = "Thank you for voting!",
                  then: str = "press the button when your teacher opens it") -> str:
    """What a student's page says while no poll is open: closed, between the polls, or not open yet (`then`: how
    this page shows the poll once it opens)."""
    statuses = [state.phases[p] for p in PHASES]
    if all(s == "closed" for s in statuses):
        return f"The poll is closed. {thanks}"
    if "closed" in statuses:
        return "The poll before the debate is closed. Keep this page open for the poll after the debate."
    return f"The poll is not open yet. Keep this page open: {then}."


def check_ballot(setup: Setup, state: State, phase: str, ballot: dict[str, float]) -> dict[str, float]:
    """The ballot, cleaned, or Refused: the phase must be open, theses in play, the numbers right.
    A `pick` ballot is one thesis with 1; a `points` ballot shares 100 points, none negative."""
    if phase not in PHASES:
        raise Refused(f"unknown poll phase `{phase}`; use one of: {', '.join(PHASES)}")
    status = state.phases.get(phase, "waiting")
    if status != "open":
        word = "has not opened yet" if status == "waiting" else "is closed"
        raise Refused(f"the poll “{PHASE_NAMES[phase]}” {word}; votes are taken only while it is open")
    outside = [t for t in ballot if t not in setup.theses]
    if outside:
        raise Refused(f"`{outside[0]}` is not one of the explanations in this debate")
    if setup.poll == "pick":
        chosen = [t for t, v in ballot.items() if v]
        if len(chosen) != 1:
            raise Refused("pick exactly one explanation")
        return {chosen[0]: 1.0}
    values = {}
    for thesis, value in ballot.items():
        try:
            values[thesis] = float(value)
        except (TypeError, ValueError):
            values[thesis] = math.nan
        if not math.isfinite(values[thesis]):
            raise Refused(f"the points for `{thesis}` must be a number from 0 to {POINTS_TOTAL}, not {value!r}")
    if any(v < 0 for v in values.values()):
        raise Refused("points cannot be negative")
    total = sum(values.values())
    if abs(total - POINTS_TOTAL) > 1e-9:
        raise Refused(f"the points add up to {total:g}; share exactly {POINTS_TOTAL} points")
    return {t: v for t, v in values.items() if v}


def tally(setup: Setup, ballots: list[dict[str, float]]) -> dict[str, float]:
    """Per thesis in play: the number of votes (pick) or the average points (points) over the ballots."""
    totals = {t: 0.0 for t in setup.theses}
    for ballot in ballots:
        for thesis, value in ballot.items():
            if thesis in totals:
                totals[thesis] += value
    if setup.poll == "points" and ballots:
        return {t: v / len(ballots) for t, v in totals.items()}
    return totals


def shift(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """How each thesis moved from before the debate to after it."""
    return {t: after.get(t, 0.0) - before.get(t, 0.0) for t in dict.fromkeys([*before, *after])}


def results_csv(code: str, setup: Setup, titles: dict[str, str], ballots: dict[str, list[dict[str, float]]]) -> str:
    """A room's results as CSV, one row per poll and explanation in play: how many ballots the poll has, and
    the explanation's votes (pick) or average points (points), as the console shows them."""
    unit = "votes" if setup.poll == "pick" else "average points"
    teams = {team.thesis: team.name for team in setup.teams}
    rows: list[list[object]] = [["Room", "Poll", "Ballots", "Explanation", "Team", unit.capitalize(),
                                 "Reference (for the command line)"]]
    for phase in PHASES:
        cast = ballots.get(phase, [])
        for thesis, value in tally(setup, cast).items():
            rows.append([code, PHASE_NAMES[phase], len(cast), titles.get(thesis, thesis), teams.get(thesis, ""),
                         f"{value:g}", thesis])
    return csv_text(rows)

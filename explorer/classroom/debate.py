"""A class debate: its setup, its rounds and clock, its poll phases, ballots and tallies. Pure: no I/O.

The poll store (explorer/classroom/store.py) keeps rooms and ballots; this module says what is valid and what the
numbers are.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from explorer import vocabulary
from explorer.problem import ExplorerError
from explorer.text import csv_text

PollMode = Literal["pick", "points"]
PHASES: tuple[str, ...] = tuple(vocabulary.PHASES)
PHASE_NAMES: dict[str, str] = vocabulary.PHASES
POINTS_TOTAL = 100
DEFAULT_ROUNDS: tuple[tuple[str, int], ...] = (
    ("Opening statements", 4), ("Rebuttals", 3), ("Cross-examination", 3), ("Closing statements", 2),
)


def normalise_code(code: str) -> str:
    """A join code or a moderator key as typed: any case, with or without spaces and dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


class Refused(ExplorerError, ValueError):
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
    """Where the debate is: the round, whose turn it is and its clock, each round's speaking order, the time each
    turn left behind, each poll phase's status, and the polls whose results the teacher showed while open."""

    round: int = 0
    running_since: float | None = None  # epoch seconds when the clock was last started; None when paused
    elapsed: float = 0.0  # seconds run in this turn before the clock was last started
    phases: dict[str, str] = field(default_factory=lambda: {p: "waiting" for p in PHASES})
    turn: int = 0  # the place in this round's speaking order of the team speaking now
    orders: dict[int, list[int]] = field(default_factory=dict)  # round -> team indexes; missing: `default_order`
    spent: dict[str, float] = field(default_factory=dict)  # "round:team" -> seconds used by a turn left behind
    revealed: list[str] = field(default_factory=list)  # open polls whose results the teacher chose to show

    def as_dict(self) -> dict:
        return {"round": self.round, "running_since": self.running_since, "elapsed": self.elapsed,
                "phases": dict(self.phases), "turn": self.turn,
                "orders": {str(r): list(o) for r, o in self.orders.items()}, "spent": dict(self.spent),
                "revealed": list(self.revealed)}

    @classmethod
    def from_dict(cls, data: dict) -> State:
        """A state as stored; a room stored before speaking orders existed reads as the first turn, default orders."""
        return cls(data.get("round", 0), data.get("running_since"), data.get("elapsed", 0.0),
                   {p: data.get("phases", {}).get(p, "waiting") for p in PHASES}, int(data.get("turn", 0)),
                   {int(r): [int(i) for i in o] for r, o in data.get("orders", {}).items()},
                   {str(k): float(v) for k, v in data.get("spent", {}).items()},
                   [p for p in data.get("revealed", []) if p in PHASES])


def remaining(setup: Setup, state: State, now: float) -> float:
    """Seconds left in the current turn (negative when over time): each team's turn has the round's length."""
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


# --- the speaking order: each team's turn in a round, with its own clock ------------------------------------


def default_order(setup: Setup, round_index: int) -> list[int]:
    """The teams in the order they were set up, the first of them moved on by one each round, so that a different
    team opens each round: with three teams, round 1 is 0 1 2, round 2 is 1 2 0, round 3 is 2 0 1."""
    n = len(setup.teams)
    return [(round_index + i) % n for i in range(n)]


def speaking_order(setup: Setup, state: State, round_index: int | None = None) -> list[int]:
    """The team indexes of a round (the current one by default) in speaking order: the teacher's, else the default."""
    index = state.round if round_index is None else round_index
    chosen = state.orders.get(index)
    return list(chosen) if chosen is not None and sorted(chosen) == list(range(len(setup.teams))) else (
        default_order(setup, index))


def _turn_key(round_index: int, team: int) -> str:
    return f"{round_index}:{team}"


def _leave_turn(setup: Setup, state: State, now: float) -> dict[str, float]:
    """The time each turn has used, this one's included (its clock stopped at `now`)."""
    run = state.elapsed + (now - state.running_since if state.running_since is not None else 0.0)
    team = speaking_order(setup, state)[state.turn]
    return {**state.spent, _turn_key(state.round, team): run}


def go_to_turn(setup: Setup, state: State, round_index: int, turn: int, now: float) -> State:
    """Move to a team's turn (a place in a round's speaking order): the turn left keeps the time it used, and the
    new one's clock starts paused where it was left (at its full length the first time)."""
    if not 0 <= round_index < len(setup.rounds):
        raise Refused(f"there is no round {round_index + 1}; this debate has {len(setup.rounds)}")
    if not 0 <= turn < len(setup.teams):
        raise Refused(f"there is no turn {turn + 1}; each round has {len(setup.teams)}")
    spent = _leave_turn(setup, state, now)
    team = speaking_order(setup, state, round_index)[turn]
    return State(round_index, None, spent.get(_turn_key(round_index, team), 0.0), dict(state.phases), turn,
                 {r: list(o) for r, o in state.orders.items()}, spent, list(state.revealed))


def go_to_round(setup: Setup, state: State, index: int, now: float) -> State:
    """Move to another round, at its first speaker's turn; its clock starts paused at its full length (or where
    that turn was left)."""
    return go_to_turn(setup, state, index, 0, now)


def next_turn(setup: Setup, state: State, now: float) -> State:
    """The next team's turn; after the last team of a round, the next round's first. Refused after the last."""
    if state.turn + 1 < len(setup.teams):
        return go_to_turn(setup, state, state.round, state.turn + 1, now)
    if state.round + 1 < len(setup.rounds):
        return go_to_turn(setup, state, state.round + 1, 0, now)
    raise Refused("this is the last turn of the last round")


def previous_turn(setup: Setup, state: State, now: float) -> State:
    """The team before; before a round's first, the last turn of the round before. Refused at the very first."""
    if state.turn > 0:
        return go_to_turn(setup, state, state.round, state.turn - 1, now)
    if state.round > 0:
        return go_to_turn(setup, state, state.round - 1, len(setup.teams) - 1, now)
    raise Refused("this is the first turn of the first round")


def is_first_turn(state: State) -> bool:
    return state.round == 0 and state.turn == 0


def is_last_turn(setup: Setup, state: State) -> bool:
    return state.round == len(setup.rounds) - 1 and state.turn == len(setup.teams) - 1


def set_order(setup: Setup, state: State, round_index: int, order: list[int]) -> State:
    """The teacher's speaking order for a round (team indexes, each once). In the current round the team speaking
    now keeps the floor and its clock: the turn moves with it."""
    if not 0 <= round_index < len(setup.rounds):
        raise Refused(f"there is no round {round_index + 1}; this debate has {len(setup.rounds)}")
    if sorted(order) != list(range(len(setup.teams))):
        raise Refused(f"put each of the {len(setup.teams)} teams in the order once")
    speaking = speaking_order(setup, state)[state.turn]
    state.orders[round_index] = list(order)
    if round_index == state.round:
        state.turn = order.index(speaking)
    return state


@dataclass(frozen=True)
class Turn:
    """One team's turn in a round, as the console lists it."""

    team: str
    thesis: str
    status: str  # speaking | done | waiting
    left: float  # seconds left on its clock (negative: over time)


def turns(setup: Setup, state: State, now: float) -> list[Turn]:
    """The current round's turns in speaking order: who has spoken (a turn before the current one, or one that
    used time), who speaks now, who waits; each with its clock."""
    length = setup.rounds[state.round].minutes * 60
    out = []
    for place, team in enumerate(speaking_order(setup, state)):
        if place == state.turn:
            left, status = remaining(setup, state, now), "speaking"
        else:
            used = state.spent.get(_turn_key(state.round, team), 0.0)
            left, status = length - used, ("done" if place < state.turn or used > 0 else "waiting")
        out.append(Turn(setup.teams[team].name, setup.teams[team].thesis, status, left))
    return out


# --- polls: their status, and when their results show --------------------------------------------------------


def set_phase(state: State, phase: str, status: str) -> State:
    """A poll opened, closed or put back to waiting. Opening a poll hides its results again until it closes (or
    the teacher shows them): students who vote later are not swayed by the votes before theirs."""
    if phase not in PHASES:
        raise Refused(f"unknown poll phase `{phase}`; use one of: {', '.join(PHASES)}")
    if status not in ("waiting", "open", "closed"):
        raise Refused(f"unknown status `{status}`")
    state.phases[phase] = status
    if status == "open" and phase in state.revealed:
        state.revealed = [p for p in state.revealed if p != phase]
    return state


def reveal(state: State, phase: str, shown: bool = True) -> State:
    """The teacher shows (or hides again) an open poll's results on the console."""
    if phase not in PHASES:
        raise Refused(f"unknown poll phase `{phase}`; use one of: {', '.join(PHASES)}")
    state.revealed = [p for p in state.revealed if p != phase] + ([phase] if shown else [])
    return state


def results_shown(state: State, phase: str) -> bool:
    """Whether the console shows a poll's results: once it is closed, or while open when the teacher chose to."""
    return state.phases.get(phase) == "closed" or phase in state.revealed


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

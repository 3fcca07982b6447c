"""The poll store: debate rooms and ballots in SQLite (the standard library), in WAL mode.

Every write is one transaction; a ballot replaces the same participant's earlier ballot in the same phase.
The store survives a restart of the server (a debate in progress resumes), and a damaged database file is
kept aside under a new name, never deleted, while a fresh store takes its place. Another database could sit
behind the same methods in a larger deployment.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from explorer.debate import PHASES, Refused, Setup, State, check_ballot

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
LIFETIME_HOURS = 24.0
_PARTICIPANT = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    setup TEXT NOT NULL,
    state TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS ballots (
    room TEXT NOT NULL REFERENCES rooms(code),
    phase TEXT NOT NULL,
    participant TEXT NOT NULL,
    ballot TEXT NOT NULL,
    cast_at REAL NOT NULL,
    PRIMARY KEY (room, phase, participant)
);
"""


@dataclass(frozen=True)
class Room:
    code: str
    setup: Setup
    state: State
    created: float
    expires: float


def is_participant(text: str) -> bool:
    """A device's anonymous id as the store accepts it: 8 to 64 ASCII letters, digits, `-` or `_`."""
    return isinstance(text, str) and _PARTICIPANT.fullmatch(text) is not None


def normalise_code(code: str) -> str:
    """What a student types: any case, spaces or dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class PollStore:
    """Rooms and ballots in one SQLite file. Safe to share between threads: each call opens its own connection."""

    def __init__(self, path: str | Path, lifetime_hours: float = LIFETIME_HOURS) -> None:
        self.path = Path(path)
        self.lifetime = lifetime_hours * 3600
        self.notice: str | None = None  # set when a damaged file had to be put aside
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._initialise()
        except sqlite3.DatabaseError as err:
            kept = self._put_aside()
            self.notice = (f"The poll database {self.path.name} could not be read ({err}); it was kept as "
                           f"{kept.name} and a fresh, empty store was started.")
            self._initialise()

    # --- the file ----------------------------------------------------------------------------------

    def _initialise(self) -> None:
        with self._connection() as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the integrity check failed")
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _put_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while kept.exists():
            kept = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
            n += 1
        self.path.rename(kept)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.rename(kept.with_name(kept.name + suffix))
        return kept

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- rooms -------------------------------------------------------------------------------------

    def create_room(self, setup: Setup, now: float | None = None) -> tuple[str, str]:
        """A new room: (join code for the class, moderator key for the teacher only)."""
        now = time.time() if now is None else now
        key = secrets.token_urlsafe(16)
        with self._transaction() as db:
            while True:
                code = new_code()
                if db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone() is None:
                    break
            db.execute("INSERT INTO rooms VALUES (?, ?, ?, ?, ?, ?)",
                       (code, _hash(key), setup.model_dump_json(), json.dumps(State().as_dict()), now,
                        now + self.lifetime))
        return code, key

    def room(self, code: str, now: float | None = None) -> Room:
        """The room, or Refused when the code is unknown or the room has expired."""
        now = time.time() if now is None else now
        code = normalise_code(code)
        with self._connection() as db:
            row = db.execute("SELECT code, setup, state, created, expires FROM rooms WHERE code = ?",
                             (code,)).fetchone()
        if row is None:
            raise Refused(f"no debate has the code {code or '(empty)'}; check the code on the board")
        if row[4] <= now:
            raise Refused(f"the debate {code} has ended (its room expired); ask for the new code")
        return Room(row[0], Setup.model_validate_json(row[1]), State.from_dict(json.loads(row[2])), row[3], row[4])

    def is_moderator(self, code: str, key: str) -> bool:
        with self._connection() as db:
            row = db.execute("SELECT key_hash FROM rooms WHERE code = ?", (normalise_code(code),)).fetchone()
        return row is not None and secrets.compare_digest(row[0], _hash(key or ""))

    def update(self, code: str, key: str, change: Callable[[Setup, State], State],
               now: float | None = None) -> State:
        """A moderator's action on the room's state, in one transaction; Refused without the right key."""
        room = self.room(code, now)
        if not self.is_moderator(room.code, key):
            raise Refused("only the moderator can do that: the moderator key is missing or wrong")
        with self._transaction() as db:
            row = db.execute("SELECT state FROM rooms WHERE code = ?", (room.code,)).fetchone()
            state = change(room.setup, State.from_dict(json.loads(row[0])))
            db.execute("UPDATE rooms SET state = ? WHERE code = ?", (json.dumps(state.as_dict()), room.code))
        return state

    # --- ballots -----------------------------------------------------------------------------------

    def cast(self, code: str, phase: str, participant: str, ballot: dict[str, float],
             now: float | None = None) -> dict[str, float]:
        """Record a ballot (replacing the participant's earlier one in this phase); the ballot as counted."""
        now = time.time() if now is None else now
        if not is_participant(participant):
            raise Refused("this device has no valid participant id; reload the page to join again")
        room = self.room(code, now)
        with self._transaction() as db:  # the phase is read inside the transaction: a close wins the race
            row = db.execute("SELECT state FROM rooms WHERE code = ?", (room.code,)).fetchone()
            counted = check_ballot(room.setup, State.from_dict(json.loads(row[0])), phase, ballot)
            db.execute(
                "INSERT INTO ballots VALUES (?, ?, ?, ?, ?) ON CONFLICT (room, phase, participant) "
                "DO UPDATE SET ballot = excluded.ballot, cast_at = excluded.cast_at",
                (room.code, phase, participant, json.dumps(counted), now))
        return counted

    def ballot_of(self, code: str, phase: str, participant: str) -> dict[str, float] | None:
        with self._connection() as db:
            row = db.execute("SELECT ballot FROM ballots WHERE room = ? AND phase = ? AND participant = ?",
                             (normalise_code(code), phase, participant)).fetchone()
        return None if row is None else json.loads(row[0])

    def ballots(self, code: str, phase: str) -> list[dict[str, float]]:
        with self._connection() as db:
            rows = db.execute("SELECT ballot FROM ballots WHERE room = ? AND phase = ? ORDER BY participant",
                              (normalise_code(code), phase)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def counts(self, code: str) -> dict[str, int]:
        """How many ballots each phase has."""
        with self._connection() as db:
            rows = dict(db.execute("SELECT phase, COUNT(*) FROM ballots WHERE room = ? GROUP BY phase",
                                   (normalise_code(code),)).fetchall())
        return {phase: rows.get(phase, 0) for phase in PHASES}

"""The poll store's interface and everything both engines share: rooms, ballots, perspectives and their
SQL; the versioned schema; the narrow errors; the sentences a page shows for a failure."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.classroom.debate import PHASE_NAMES, PHASES, Refused, Setup, State, check_ballot, normalise_code
from explorer.config import RETENTION_DAYS
from explorer.problem import ExplorerError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
KEY_GROUPS = 4  # a moderator key: four groups of five of the same characters, 'K7PMX-3QXDA-...' (about 100 bits)
KEY_GROUP = 5
LIFETIME_HOURS = 24.0
BUSY = "the poll is busy, try again"
_PARTICIPANT = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_ISSUED = re.compile(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")  # uuid4().hex, what new_participant gives

# The schema, one step per version. Both engines read the same SQL (DOUBLE PRECISION is REAL to SQLite).
# Step 1 is the schema the first SQLite stores were made with, written IF NOT EXISTS: a file from before the
# schema had a version is at step 1 already and only gains the later steps.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)",
        ("CREATE TABLE IF NOT EXISTS rooms (code TEXT PRIMARY KEY, key_hash TEXT NOT NULL, setup TEXT NOT NULL, "
         "state TEXT NOT NULL, created DOUBLE PRECISION NOT NULL, expires DOUBLE PRECISION NOT NULL)"),
        ("CREATE TABLE IF NOT EXISTS ballots (room TEXT NOT NULL REFERENCES rooms(code), phase TEXT NOT NULL, "
         "participant TEXT NOT NULL, ballot TEXT NOT NULL, cast_at DOUBLE PRECISION NOT NULL, "
         "PRIMARY KEY (room, phase, participant))"),
    )),
    (2, ("CREATE INDEX IF NOT EXISTS rooms_by_expiry ON rooms (expires)",)),  # the purge's search
    (3, (  # class perspectives: a student's own weighting or order (explorer/classroom/perspective.py), one per phase
        ("CREATE TABLE IF NOT EXISTS perspectives (room TEXT NOT NULL REFERENCES rooms(code), phase TEXT NOT NULL, "
         "participant TEXT NOT NULL, perspective TEXT NOT NULL, sent_at DOUBLE PRECISION NOT NULL, "
         "PRIMARY KEY (room, phase, participant))"),
    )),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(ExplorerError):
    """The poll store failed; the message is a plain sentence for the page."""


class StoreBusy(StoreError):
    """Another writer held the database longer than the store waits."""


class StoreUnwritable(StoreError):
    """The database refuses writes (a read-only folder or file, a full disk, a read-only server)."""


class StoreMissing(StoreError):
    """The database vanished while the app was running; an empty one took its place."""


class StoreCorrupt(StoreError):
    """The SQLite file is damaged; it was kept aside and a fresh store started."""


class StoreNotSQLite(StoreError):
    """The file named for the store holds something else (a case file, a text): left as it is, never opened."""


class StoreUnreachable(StoreError):
    """The PostgreSQL server cannot be reached, or refuses the connection."""


class StoreTooNew(StoreError):
    """The database was made by a newer version of the explorer; nothing was changed."""


@dataclass(frozen=True)
class Room:
    code: str
    setup: Setup
    state: State
    created: float
    expires: float


@dataclass(frozen=True)
class RoomSummary:
    code: str
    created: float
    expires: float
    ballots: int


@dataclass(frozen=True)
class Purged:
    rooms: list[str]
    ballots: int


def is_participant(text: str) -> bool:
    """A device's anonymous id as the store accepts it: 8 to 64 ASCII letters, digits, `-` or `_`."""
    return isinstance(text, str) and _PARTICIPANT.fullmatch(text) is not None


def new_participant() -> str:
    """A new anonymous id for a device, as the phone page and the Streamlit pages issue it (a random UUID's hex)."""
    return uuid.uuid4().hex


def is_issued(text: object) -> bool:
    """An id of the form new_participant gives (32 lowercase hex digits of a random UUID): the only ids a page
    takes from a cookie or an address. Made-up ids (`aaaaaaaa`, `attackerknownid0001`) are not."""
    return isinstance(text, str) and _ISSUED.fullmatch(text) is not None


SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether a store may be opened at path: nothing there yet, an empty file (SQLite makes its database in
    it), or a file that starts with SQLite's header. Anything else is someone's file, not a damaged store."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # a folder, or a file it may not read: SQLite says what is wrong
    return head in (b"", SQLITE_HEADER)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_key() -> str:
    """A moderator key a teacher can copy by hand: groups of unambiguous characters joined by dashes."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(KEY_GROUP)) for _ in range(KEY_GROUPS))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _key_matches(held: str, key: str | None) -> bool:
    """Whether a key typed in any case, with or without its dashes and spaces, is the room's. A room made before the
    keys were grouped (a mixed-case key, hashed as it was) still opens with the key exactly as it was given."""
    typed = _hash(normalise_code(key or ""))
    return secrets.compare_digest(held, typed) or secrets.compare_digest(held, _hash(key or ""))


def is_postgres_url(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


class _Db:
    """One connection as the shared code sees it: `?` placeholders, rows as tuples."""

    def __init__(self, connection: Any, placeholder: str) -> None:
        self._connection = connection
        self._placeholder = placeholder

    def run(self, sql: str, params: tuple = ()) -> Any:
        return self._connection.execute(sql.replace("?", self._placeholder), params)

    def one(self, sql: str, params: tuple = ()) -> tuple | None:
        return self.run(sql, params).fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.run(sql, params).fetchall()


class PollStore:
    """The interface: rooms, moderator keys, ballots, tallies' inputs, housekeeping. The engines supply
    `_session` (a connection, one transaction when writing), `_prepare` (schema) and `_has_table`."""

    engine = ""
    _share = ""  # the row lock a ballot takes on its room ("" where the engine serialises writers itself)
    _exclusive = ""

    def __init__(self, lifetime_hours: float, busy_timeout: float) -> None:
        self.lifetime = lifetime_hours * 3600
        self.busy_timeout = busy_timeout
        self.notice: str | None = None  # something the pages should say once it happened (a file put aside...)
        self.trouble: str | None = None  # the last write's failure, until a write succeeds: for the moderator
        self._ready = False
        self._lock = threading.RLock()
        self._setups: dict[tuple[str, float], Setup] = {}

    # --- what an engine provides -----------------------------------------------------------------

    where = ""

    def _session(self, write: bool) -> Any:  # pragma: no cover - each engine defines it
        raise NotImplementedError

    def _prepare(self) -> None:  # pragma: no cover
        raise NotImplementedError

    def _has_table(self, db: _Db, name: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:
        """Let go of connections (PostgreSQL's pool)."""

    def _restart(self) -> None:
        """Make the schema again after the database vanished or was set aside; on failure the next call tries."""
        with self._lock:
            try:
                self._prepare()
                self._ready = True
            except StoreError:
                self._ready = False

    # --- the schema --------------------------------------------------------------------------------

    def _version(self, db: _Db) -> int:
        if self._has_table(db, "schema_version"):
            return int(db.one("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0])
        return 1 if self._has_table(db, "rooms") else 0  # a store from before the schema had a version

    def _upgrade(self, db: _Db) -> None:
        """Apply the steps this store lacks, inside the caller's transaction."""
        current = self._version(db)
        if current > SCHEMA_VERSION:
            raise StoreTooNew(f"the poll database {self.where} was made by a newer version of the explorer "
                              f"(schema {current}; this one knows up to {SCHEMA_VERSION}); update the explorer. "
                              "Nothing was changed")
        for number, statements in MIGRATIONS:
            if number > current or (number == 1 and not self._has_table(db, "schema_version")):
                for statement in statements:
                    db.run(statement)
                db.run("INSERT INTO schema_version (version, applied) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (number, time.time()))

    def schema_version(self) -> int:
        return self._call(False, self._version)

    # --- calls ---------------------------------------------------------------------------------------

    def _call(self, write: bool, work: Callable[[_Db], Any]) -> Any:
        """Run `work` on a connection (in one transaction when writing); a write's failure is kept for the
        moderator's console until a later write succeeds."""
        try:
            if not self._ready:
                with self._lock:
                    if not self._ready:
                        self._prepare()
                        self._ready = True
            with self._session(write) as db:
                result = work(db)
        except StoreError as err:
            if write:
                self.trouble = str(err)
            raise
        if write:
            self.trouble = None
        return result

    def _setup(self, row: tuple) -> Setup:
        """A room's setup, parsed once: it never changes after the room is made (keyed with its creation time, in
        case a purged code is drawn again)."""
        key = (row[0], row[3])
        if key not in self._setups:
            self._setups[key] = Setup.model_validate_json(row[1])
        return self._setups[key]

    def _room_row(self, db: _Db, code: str, now: float, lock: str = "") -> tuple:
        row = db.one(f"SELECT code, setup, state, created, expires FROM rooms WHERE code = ?{lock}", (code,))
        if row is None:
            raise Refused(f"no debate has the code {code or '(empty)'}; check the code on the board")
        if row[4] <= now:
            raise Refused(f"the debate {code} has ended (its room expired); ask for the new code")
        return row

    # --- rooms -------------------------------------------------------------------------------------

    def create_room(self, setup: Setup, now: float | None = None) -> tuple[str, str]:
        """A new room: (join code for the class, moderator key for the teacher only)."""
        now = time.time() if now is None else now
        key = new_key()

        def create(db: _Db) -> str:
            while True:
                code = new_code()
                added = db.run("INSERT INTO rooms (code, key_hash, setup, state, created, expires) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                               (code, _hash(normalise_code(key)), setup.model_dump_json(), json.dumps(State().as_dict()), now,
                                now + self.lifetime))
                if added.rowcount == 1:
                    return code

        return self._call(True, create), key

    def room(self, code: str, now: float | None = None) -> Room:
        """The room, or Refused when the code is unknown or the room has expired."""
        now = time.time() if now is None else now
        row = self._call(False, lambda db: self._room_row(db, normalise_code(code), now))
        return Room(row[0], self._setup(row), State.from_dict(json.loads(row[2])), row[3], row[4])

    def is_moderator(self, code: str, key: str) -> bool:
        row = self._call(False, lambda db: db.one("SELECT key_hash FROM rooms WHERE code = ?",
                                                  (normalise_code(code),)))
        return row is not None and _key_matches(row[0], key)

    def update(self, code: str, key: str, change: Callable[[Setup, State], State],
               now: float | None = None) -> State:
        """A moderator's action on the room's state, in one transaction; Refused without the right key."""
        now = time.time() if now is None else now
        code = normalise_code(code)

        def apply(db: _Db) -> State:
            row = self._room_row(db, code, now, self._exclusive)
            held = db.one("SELECT key_hash FROM rooms WHERE code = ?", (code,))[0]
            if not _key_matches(held, key):
                raise Refused("only the moderator can do that: the moderator key is missing or wrong")
            state = change(Setup.model_validate_json(row[1]), State.from_dict(json.loads(row[2])))
            db.run("UPDATE rooms SET state = ? WHERE code = ?", (json.dumps(state.as_dict()), code))
            return state

        return self._call(True, apply)

    # --- ballots -----------------------------------------------------------------------------------

    def cast(self, code: str, phase: str, participant: str, ballot: dict[str, float],
             now: float | None = None) -> dict[str, float]:
        """Record a ballot (replacing the participant's earlier one in this phase); the ballot as counted.
        One transaction: the room and its phase are read in it, so a close wins the race."""
        now = time.time() if now is None else now
        if not is_participant(participant):
            raise Refused("this device has no valid participant id; reload the page to join again")
        code = normalise_code(code)

        def record(db: _Db) -> dict[str, float]:
            row = self._room_row(db, code, now, self._share)
            counted = check_ballot(self._setup(row), State.from_dict(json.loads(row[2])), phase, ballot)
            db.run("INSERT INTO ballots (room, phase, participant, ballot, cast_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (room, phase, participant) DO UPDATE SET ballot = excluded.ballot, "
                   "cast_at = excluded.cast_at", (code, phase, participant, json.dumps(counted), now))
            return counted

        return self._call(True, record)

    def ballot_of(self, code: str, phase: str, participant: str) -> dict[str, float] | None:
        row = self._call(False, lambda db: db.one(
            "SELECT ballot FROM ballots WHERE room = ? AND phase = ? AND participant = ?",
            (normalise_code(code), phase, participant)))
        return None if row is None else json.loads(row[0])

    def ballots(self, code: str, phase: str) -> list[dict[str, float]]:
        rows = self._call(False, lambda db: db.all(
            "SELECT ballot FROM ballots WHERE room = ? AND phase = ? ORDER BY participant",
            (normalise_code(code), phase)))
        return [json.loads(r[0]) for r in rows]

    def counts(self, code: str) -> dict[str, int]:
        """How many ballots each phase has."""
        rows = dict(self._call(False, lambda db: db.all(
            "SELECT phase, COUNT(*) FROM ballots WHERE room = ? GROUP BY phase", (normalise_code(code),))))
        return {phase: int(rows.get(phase, 0)) for phase in PHASES}

    # --- perspectives (a student's own weighting or order, explorer/classroom/perspective.py) -------------------------

    def send_perspective(self, code: str, phase: str, participant: str, perspective: Any,
                         now: float | None = None) -> Any:
        """Record a student's perspective (replacing their earlier one in this phase) while the phase's poll is
        open, in one transaction as a ballot is; the perspective as recorded. Anonymous as the vote is."""
        from explorer.classroom.perspective import Perspective

        now = time.time() if now is None else now
        if not is_participant(participant):
            raise Refused("this device has no valid participant id; reload the page to join again")
        if phase not in PHASES:
            raise Refused(f"unknown poll phase `{phase}`; use one of: {', '.join(PHASES)}")
        checked = Perspective.model_validate(perspective)
        code = normalise_code(code)

        def record(db: _Db) -> Any:
            row = self._room_row(db, code, now, self._share)
            status = State.from_dict(json.loads(row[2])).phases.get(phase, "waiting")
            if status != "open":
                word = "has not opened yet" if status == "waiting" else "is closed"
                raise Refused(f"the poll “{PHASE_NAMES[phase]}” {word}; your weighing is taken only while it is open")
            outside = [t for t in checked.order or () if t not in self._setup(row).theses]
            if outside:
                raise Refused(f"`{outside[0]}` is not one of the explanations in this debate")
            db.run("INSERT INTO perspectives (room, phase, participant, perspective, sent_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (room, phase, participant) DO UPDATE SET perspective = excluded.perspective, "
                   "sent_at = excluded.sent_at", (code, phase, participant, checked.model_dump_json(), now))
            return checked

        return self._call(True, record)

    def perspective_of(self, code: str, phase: str, participant: str) -> Any:
        """This participant's perspective in the phase, or None."""
        from explorer.classroom.perspective import Perspective

        row = self._call(False, lambda db: db.one(
            "SELECT perspective FROM perspectives WHERE room = ? AND phase = ? AND participant = ?",
            (normalise_code(code), phase, participant)))
        return None if row is None else Perspective.model_validate_json(row[0])

    def perspectives(self, code: str, phase: str) -> list[Any]:
        """The phase's perspectives, oldest first (by the time sent, then participant)."""
        return [p for _, p in self.sent_perspectives(code, phase)]

    def sent_perspectives(self, code: str, phase: str) -> list[tuple[str, Any]]:
        """(participant, perspective) for the phase, oldest first."""
        from explorer.classroom.perspective import Perspective

        rows = self._call(False, lambda db: db.all(
            "SELECT participant, perspective FROM perspectives WHERE room = ? AND phase = ? "
            "ORDER BY sent_at, participant", (normalise_code(code), phase)))
        return [(r[0], Perspective.model_validate_json(r[1])) for r in rows]

    def cast_ballots(self, code: str, phase: str) -> list[tuple[str, dict[str, float]]]:
        """(participant, ballot) for the phase, oldest first: for the exports, which number participants."""
        rows = self._call(False, lambda db: db.all(
            "SELECT participant, ballot FROM ballots WHERE room = ? AND phase = ? ORDER BY cast_at, participant",
            (normalise_code(code), phase)))
        return [(r[0], json.loads(r[1])) for r in rows]

    def perspective_counts(self, code: str) -> dict[str, int]:
        """How many perspectives each phase has."""
        rows = dict(self._call(False, lambda db: db.all(
            "SELECT phase, COUNT(*) FROM perspectives WHERE room = ? GROUP BY phase", (normalise_code(code),))))
        return {phase: int(rows.get(phase, 0)) for phase in PHASES}

    def changes(self, code: str) -> dict[str, tuple[int, float, float]]:
        """Per phase: how many ballots, and the latest and the sum of their times. Any new or changed ballot changes
        it, so a page can compute the results once per change (the console's live results) rather than per view."""
        rows = self._call(False, lambda db: db.all(
            "SELECT phase, COUNT(*), MAX(cast_at), SUM(cast_at) FROM ballots WHERE room = ? GROUP BY phase",
            (normalise_code(code),)))
        found = {r[0]: (int(r[1]), float(r[2] or 0), float(r[3] or 0)) for r in rows}
        return {phase: found.get(phase, (0, 0.0, 0.0)) for phase in PHASES}

    # --- housekeeping ------------------------------------------------------------------------------

    def rooms(self) -> list[RoomSummary]:
        """Every room, expired or not, with its number of ballots, oldest first."""
        rows = self._call(False, lambda db: db.all(
            "SELECT r.code, r.created, r.expires, COUNT(b.room) FROM rooms r LEFT JOIN ballots b ON b.room = r.code "
            "GROUP BY r.code, r.created, r.expires ORDER BY r.created, r.code"))
        return [RoomSummary(r[0], r[1], r[2], int(r[3])) for r in rows]

    def purge(self, retention_days: float = RETENTION_DAYS, now: float | None = None) -> Purged:
        """Delete the rooms that expired more than `retention_days` ago, with their ballots, in one transaction."""
        if not retention_days >= 0:  # also refuses NaN
            raise Refused(f"the retention must be a number of days, 0 or more, not {retention_days}")
        cutoff = (time.time() if now is None else now) - retention_days * 86400

        def delete(db: _Db) -> Purged:
            codes = [r[0] for r in db.all("SELECT code FROM rooms WHERE expires <= ? ORDER BY code", (cutoff,))]
            gone = db.run("DELETE FROM ballots WHERE room IN (SELECT code FROM rooms WHERE expires <= ?)",
                          (cutoff,)).rowcount
            db.run("DELETE FROM perspectives WHERE room IN (SELECT code FROM rooms WHERE expires <= ?)", (cutoff,))
            db.run("DELETE FROM rooms WHERE expires <= ?", (cutoff,))
            return Purged(codes, int(gone))

        return self._call(True, delete)


STUDENT_UNAVAILABLE = ("The poll is not available just now. Tell your teacher (their console says what is wrong), "
                       "and reload this page when they say.")


def explain(err: StoreError, voting: bool = False, student: bool = False) -> str:
    """The sentence a page shows for a store failure (the Streamlit pages and the phone page alike). A student
    voting is told their choice is kept. A student's page never shows where the store is or why it fails (a path,
    a server's address, a database's message): that is for the moderator's console."""
    if isinstance(err, StoreBusy) and (voting or student):
        return ("The poll is busy, try again. Your choice is kept here." if voting else
                "The poll is busy just now; try again in a moment.")
    if voting and isinstance(err, StoreUnwritable):
        return ("Your vote could not be saved: the poll cannot record votes just now. Your choice is kept here; "
                "tell your teacher, and send it again when they say.")
    if student:
        return STUDENT_UNAVAILABLE
    text = str(err)
    return text[:1].upper() + text[1:]

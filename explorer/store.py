"""The poll store: debate rooms and ballots behind one interface, on two engines.

- **SQLite** (the default, embedded): one file, WAL mode, a connection per call, so it is safe to share
  between threads. Right for one laptop serving one class.
- **PostgreSQL**, chosen by a URL (`postgresql://user:password@host/db`): psycopg 3 with a connection pool, for
  several app servers sharing one database.

`open_store(target)` picks the engine. Both run the same SQL and the same versioned schema (`schema_version`
holds one row per applied step); opening a store of an older version upgrades it in one transaction and
never drops anything, and a store of a newer version is refused. A ballot is one transaction, and changing
it is an upsert on (room, phase, participant), so a doubled submit never makes two ballots.

Failures are raised, each its own subclass of StoreError with a plain sentence that the pages show: StoreBusy
(the wait for a lock ran out), StoreUnwritable (the database refuses writes), StoreMissing (the database
vanished while the app ran: an empty one takes its place), StoreCorrupt (a damaged SQLite file: set aside
under a new name, never deleted, and a fresh one started), StoreUnreachable (the PostgreSQL server cannot
be reached) and StoreTooNew. A lock is never taken for damage.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from explorer.config import BUSY_SECONDS as BUSY_TIMEOUT
from explorer.config import POLL_DB_VAR, RETENTION_DAYS
from explorer.debate import PHASE_NAMES, PHASES, Refused, Setup, State, check_ballot
from explorer.problem import ExplorerError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
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
    (3, (  # class perspectives: a student's own weighting or order (explorer/perspective.py), one per phase
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


def normalise_code(code: str) -> str:
    """What a student types: any case, spaces or dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def is_postgres_url(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path, lifetime_hours: float = LIFETIME_HOURS, busy_timeout: float = BUSY_TIMEOUT,
               **options: Any) -> PollStore:
    """The poll store that `target` names: a postgresql:// URL, or else the path of a SQLite file."""
    if is_postgres_url(target):
        return PostgresStore(str(target), lifetime_hours, busy_timeout, **options)
    return SQLiteStore(target, lifetime_hours, busy_timeout)


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
        key = secrets.token_urlsafe(16)

        def create(db: _Db) -> str:
            while True:
                code = new_code()
                added = db.run("INSERT INTO rooms (code, key_hash, setup, state, created, expires) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                               (code, _hash(key), setup.model_dump_json(), json.dumps(State().as_dict()), now,
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
        return row is not None and secrets.compare_digest(row[0], _hash(key or ""))

    def update(self, code: str, key: str, change: Callable[[Setup, State], State],
               now: float | None = None) -> State:
        """A moderator's action on the room's state, in one transaction; Refused without the right key."""
        now = time.time() if now is None else now
        code = normalise_code(code)

        def apply(db: _Db) -> State:
            row = self._room_row(db, code, now, self._exclusive)
            held = db.one("SELECT key_hash FROM rooms WHERE code = ?", (code,))[0]
            if not secrets.compare_digest(held, _hash(key or "")):
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

    # --- perspectives (a student's own weighting or order, explorer/perspective.py) -------------------------

    def send_perspective(self, code: str, phase: str, participant: str, perspective: Any,
                         now: float | None = None) -> Any:
        """Record a student's perspective (replacing their earlier one in this phase) while the phase's poll is
        open, in one transaction as a ballot is; the perspective as recorded. Anonymous as the vote is."""
        from explorer.perspective import Perspective

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
        from explorer.perspective import Perspective

        row = self._call(False, lambda db: db.one(
            "SELECT perspective FROM perspectives WHERE room = ? AND phase = ? AND participant = ?",
            (normalise_code(code), phase, participant)))
        return None if row is None else Perspective.model_validate_json(row[0])

    def perspectives(self, code: str, phase: str) -> list[Any]:
        """The phase's perspectives, oldest first (by the time sent, then participant)."""
        return [p for _, p in self.sent_perspectives(code, phase)]

    def sent_perspectives(self, code: str, phase: str) -> list[tuple[str, Any]]:
        """(participant, perspective) for the phase, oldest first."""
        from explorer.perspective import Perspective

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


# --- SQLite -------------------------------------------------------------------------------------------

_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SQLITE_UNWRITABLE = {3, 8, 10, 13, 14}  # PERM, READONLY, IOERR, FULL, CANTOPEN


class SQLiteStore(PollStore):
    """Rooms and ballots in one SQLite file (WAL mode). Each call opens its own connection."""

    engine = "SQLite"

    def __init__(self, path: str | Path, lifetime_hours: float = LIFETIME_HOURS,
                 busy_timeout: float = BUSY_TIMEOUT) -> None:
        super().__init__(lifetime_hours, busy_timeout)
        self.path = Path(path)
        self.where = str(self.path)
        self._writer = threading.Lock()
        try:  # open at once so that a damaged file is set aside at start-up; a lock or a read-only folder waits
            self._call(False, lambda db: None)
        except StoreError:
            pass

    def _has_table(self, db: _Db, name: str) -> bool:
        return db.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None

    def _prepare(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreUnwritable(self._unwritable(err.strerror or str(err))) from None
        try:
            self._check_and_upgrade()
        except StoreCorrupt:  # the damaged file is set aside now: start the fresh one
            self._check_and_upgrade()

    def _check_and_upgrade(self) -> None:
        with self._session(False) as db:
            check = db.one("PRAGMA quick_check")[0]
            if check != "ok":
                raise StoreCorrupt(self._set_aside("the integrity check failed"))
            wal = db.one("PRAGMA journal_mode")[0] == "wal"
            current = self._version(db)
        if self._read_only_folder():
            return  # readable as it is; every write says why it cannot be saved
        if not wal:
            with self._session(False) as db:
                db.run("PRAGMA journal_mode=WAL")
        if current != SCHEMA_VERSION or not wal:
            with self._session(True) as db:
                self._upgrade(db)

    @contextmanager
    def _session(self, write: bool) -> Iterator[_Db]:
        if self._ready and not self.path.exists():
            raise StoreMissing(self._lost("was deleted"))
        failure = None
        connection = None
        locked = False
        try:
            try:
                connection = self._open(write)
                if write:
                    # This server's writers queue here and are woken as soon as the lock is free; SQLite's own
                    # wait for a lock held by another process polls with sleeps of up to 100 ms, which a class
                    # voting at once would feel.
                    locked = self._writer.acquire(timeout=self.busy_timeout)
                    if not locked:
                        raise StoreBusy(BUSY)
                    connection.execute("BEGIN IMMEDIATE")
                yield _Db(connection, "?")
                if write:
                    connection.execute("COMMIT")
            except sqlite3.Error as err:
                failure = err
            finally:
                self._close(connection)
        finally:
            if locked:
                self._writer.release()
        if failure is not None:  # told apart once the lock is free: setting a file aside may start a new one
            raise self._failure(failure) from None

    def _open(self, write: bool) -> sqlite3.Connection:
        """A connection that has read the schema. A read in a read-only folder reads the file as it is (SQLite
        cannot make its WAL index there, and nobody can change the file). A file that is not SQLite (nor empty)
        when the store first opens it is refused before SQLite touches it, and left as it is: only a SQLite file
        that fails its check (or the store's own file, damaged while it ran) is "damaged" and set aside."""
        if not self._ready and not is_sqlite_file(self.path):
            raise StoreNotSQLite(f"{self.path} is not a SQLite database (it holds something else), so the poll store "
                                 "was not opened and the file was left as it is; give --poll-db (or "
                                 f"{POLL_DB_VAR}) the name of a new file, or of a poll database")
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
            connection.execute("SELECT COUNT(*) FROM sqlite_master")
            return connection
        except sqlite3.Error as err:
            connection.close()
            if write or (err.sqlite_errorcode & 0xFF) != 14 or not self._read_only_folder():
                raise
        return sqlite3.connect(f"file:{quote(str(self.path.resolve()))}?mode=ro&immutable=1", uri=True,
                               isolation_level=None)

    @staticmethod
    def _close(connection: sqlite3.Connection | None) -> None:
        if connection is None:
            return
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        connection.close()

    def _read_only_folder(self) -> bool:
        return self.path.exists() and not os.access(self.path.parent, os.W_OK)

    def _failure(self, err: sqlite3.Error) -> StoreError:
        """The narrow failure for an sqlite3 error: a lock is busy, never damage."""
        code = (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF
        reason = str(err)
        if code in _SQLITE_BUSY:
            return StoreBusy(BUSY)
        if code in _SQLITE_CORRUPT:
            running = self._ready
            message = self._set_aside(reason)
            if running:  # found during a debate: start the fresh store now (at start-up, _prepare does)
                self._restart()
            return StoreCorrupt(message)
        if reason.startswith("no such table") and self._ready:
            return StoreMissing(self._lost("was emptied"))
        if code in _SQLITE_UNWRITABLE:
            return StoreUnwritable(self._unwritable(reason))
        return StoreError(f"the poll database {self.path.name} failed ({reason}); try again, and if it goes on, "
                          "restart the app")

    def _unwritable(self, reason: str) -> str:
        return (f"the poll cannot be saved: the app may not write in {self.path.parent} ({reason}); make that "
                "folder writable for the app, or start it with --poll-db naming a file in a folder it can write")

    def _lost(self, how: str) -> str:
        with self._lock:
            self._ready = False
            self.notice = (f"The poll database {self.path.name} {how} while the app was running; a new, empty one "
                           "was started, so the debates created before are gone: set them up again.")
            self._restart()
            return self.notice[:1].lower() + self.notice[1:]

    def _set_aside(self, reason: str) -> str:
        """Keep the damaged file (and its journal) under a new name; the next call starts a fresh store."""
        with self._lock:
            self._ready = False
            stamp = time.strftime("%Y%m%d-%H%M%S")
            kept = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            n = 1
            while kept.exists():
                kept = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
                n += 1
            try:
                self.path.rename(kept)
                for suffix in ("-wal", "-shm"):
                    extra = self.path.with_name(self.path.name + suffix)
                    if extra.exists():
                        extra.rename(kept.with_name(kept.name + suffix))
            except OSError as err:
                raise StoreUnwritable(self._unwritable(f"{reason}, and it could not be set aside: "
                                                       f"{err.strerror}")) from None
            self.notice = (f"The poll database {self.path.name} could not be read ({reason}); it was kept as "
                           f"{kept.name} and a fresh, empty store was started.")
            return self.notice[:1].lower() + self.notice[1:]


# --- PostgreSQL -------------------------------------------------------------------------------------

_MIGRATION_LOCK = 7_147_001  # the advisory lock two servers starting together take to upgrade the schema once


class PostgresStore(PollStore):
    """Rooms and ballots in a PostgreSQL database, through a pool of psycopg 3 connections. Several app servers
    may share one database. Put `?options=-csearch_path%3Dname` in the URL to keep the tables in a schema."""

    engine = "PostgreSQL"
    _share = " FOR SHARE"
    _exclusive = " FOR UPDATE"

    def __init__(self, url: str, lifetime_hours: float = LIFETIME_HOURS, busy_timeout: float = BUSY_TIMEOUT,
                 pool_size: int = 10) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        super().__init__(lifetime_hours, busy_timeout)
        self.url = url
        self._invalid: str | None = None
        self._pool = None
        try:
            info = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError as err:  # said on every call, so that the app still starts
            reason = " ".join(str(err).split()).replace(url, "the URL")
            self.where = "(the URL is not valid)"
            self._invalid = (f"the poll database URL is not valid ({reason}); write it as "
                             "postgresql://user:password@host:port/database")
            return
        self.where = f"{info.get('dbname', '')} on {info.get('host', 'localhost')}:{info.get('port', 5432)}"
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False, timeout=busy_timeout,
                                    kwargs={"autocommit": True, "connect_timeout": max(1, int(busy_timeout))},
                                    check=ConnectionPool.check_connection, name="poll-store")
        self._pool.open(wait=False)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def _has_table(self, db: _Db, name: str) -> bool:
        return db.one("SELECT to_regclass(?) IS NOT NULL", (name,))[0]

    def _prepare(self) -> None:
        with self._session(True) as db:
            db.run("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            if self._version(db) != SCHEMA_VERSION:
                self._upgrade(db)

    @contextmanager
    def _session(self, write: bool) -> Iterator[_Db]:
        import psycopg
        from psycopg_pool import PoolTimeout

        if self._invalid:
            raise StoreUnreachable(self._invalid)
        try:
            with self._pool.connection() as connection:
                if write:
                    with connection.transaction():
                        connection.execute(f"SET LOCAL lock_timeout = {int(self.busy_timeout * 1000)}")
                        yield _Db(connection, "%s")
                else:
                    yield _Db(connection, "%s")
        except PoolTimeout:
            raise self._diagnose() from None
        except psycopg.Error as err:
            raise self._failure(err) from None

    def _diagnose(self) -> StoreError:
        """No connection came free in time: the server is down, or every connection is in use."""
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=3).close()
        except psycopg.Error as err:
            return self._unreachable(err)
        return StoreBusy(BUSY)

    def _unreachable(self, err: Exception) -> StoreUnreachable:
        reason = " ".join(str(err).split())
        return StoreUnreachable(f"the poll database {self.where} cannot be reached ({reason}); check that "
                                "PostgreSQL is running and that EXPLORER_POLL_DB names it")

    def _failure(self, err: Exception) -> StoreError:
        import psycopg
        from psycopg import errors

        reason = " ".join(str(err).split())
        if isinstance(err, (errors.LockNotAvailable, errors.QueryCanceled, errors.DeadlockDetected,
                            errors.SerializationFailure)):
            return StoreBusy(BUSY)
        if isinstance(err, (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege, errors.DiskFull)):
            return StoreUnwritable(f"the poll cannot be saved: the database {self.where} refuses writes ({reason}); "
                                   "ask whoever runs the database to let this app write there")
        if isinstance(err, errors.UndefinedTable) and self._ready:
            with self._lock:
                self._ready = False
                self.notice = (f"The poll tables in {self.where} were removed while the app was running; new, empty "
                               "ones were made, so the debates created before are gone: set them up again.")
                self._restart()
            return StoreMissing(self.notice[:1].lower() + self.notice[1:])
        if isinstance(err, psycopg.OperationalError):
            return self._unreachable(err)
        return StoreError(f"the poll database {self.where} failed ({reason}); try again, and if it goes on, "
                          "ask whoever runs the database")


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

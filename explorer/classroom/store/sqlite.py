"""The poll store on SQLite: one file, WAL mode, a connection per call (the default: one laptop, one class)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from explorer.classroom.store.base import (
    BUSY,
    LIFETIME_HOURS,
    SCHEMA_VERSION,
    PollStore,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreMissing,
    StoreNotSQLite,
    StoreUnwritable,
    _Db,
    is_sqlite_file,
)
from explorer.config import BUSY_SECONDS, POLL_DB_VAR

# --- SQLite -------------------------------------------------------------------------------------------

_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SQLITE_UNWRITABLE = {3, 8, 10, 13, 14}  # PERM, READONLY, IOERR, FULL, CANTOPEN


class SQLiteStore(PollStore):
    """Rooms and ballots in one SQLite file (WAL mode). Each call opens its own connection."""

    engine = "SQLite"

    def __init__(self, path: str | Path, lifetime_hours: float = LIFETIME_HOURS,
                 busy_timeout: float = BUSY_SECONDS) -> None:
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

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

from pathlib import Path
from typing import Any

from explorer.classroom.store.base import (  # noqa: F401 - re-exported
    _ISSUED,
    _PARTICIPANT,
    BUSY,
    CODE_ALPHABET,
    CODE_LENGTH,
    LIFETIME_HOURS,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    STUDENT_UNAVAILABLE,
    PollStore,
    Purged,
    Room,
    RoomSummary,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreMissing,
    StoreNotSQLite,
    StoreTooNew,
    StoreUnreachable,
    StoreUnwritable,
    _Db,
    _hash,
    explain,
    is_issued,
    is_participant,
    is_postgres_url,
    is_sqlite_file,
    new_code,
    new_participant,
    normalise_code,
)
from explorer.classroom.store.postgres import PostgresStore
from explorer.classroom.store.sqlite import SQLiteStore
from explorer.config import BUSY_SECONDS


def open_store(target: str | Path, lifetime_hours: float = LIFETIME_HOURS, busy_timeout: float = BUSY_SECONDS,
               **options: Any) -> PollStore:
    """The poll store that `target` names: a postgresql:// URL, or else the path of a SQLite file."""
    if is_postgres_url(target):
        return PostgresStore(str(target), lifetime_hours, busy_timeout, **options)
    return SQLiteStore(target, lifetime_hours, busy_timeout)


__all__ = [
    "BUSY",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "LIFETIME_HOURS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQLITE_HEADER",
    "STUDENT_UNAVAILABLE",
    "PollStore",
    "PostgresStore",
    "Purged",
    "Room",
    "RoomSummary",
    "SQLiteStore",
    "StoreBusy",
    "StoreCorrupt",
    "StoreError",
    "StoreMissing",
    "StoreNotSQLite",
    "StoreTooNew",
    "StoreUnreachable",
    "StoreUnwritable",
    "explain",
    "is_issued",
    "is_participant",
    "is_postgres_url",
    "is_sqlite_file",
    "new_code",
    "new_participant",
    "normalise_code",
    "open_store",
]

"""The poll store on PostgreSQL (psycopg 3, a connection pool): several app servers sharing one database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from explorer.classroom.store.base import (
    BUSY,
    LIFETIME_HOURS,
    SCHEMA_VERSION,
    PollStore,
    StoreBusy,
    StoreError,
    StoreMissing,
    StoreUnreachable,
    StoreUnwritable,
    _Db,
)
from explorer.config import BUSY_SECONDS

# --- PostgreSQL -------------------------------------------------------------------------------------

_MIGRATION_LOCK = 7_147_001  # the advisory lock two servers starting together take to upgrade the schema once


class PostgresStore(PollStore):
    """Rooms and ballots in a PostgreSQL database, through a pool of psycopg 3 connections. Several app servers
    may share one database. Put `?options=-csearch_path%3Dname` in the URL to keep the tables in a schema."""

    engine = "PostgreSQL"
    _share = " FOR SHARE"
    _exclusive = " FOR UPDATE"

    def __init__(self, url: str, lifetime_hours: float = LIFETIME_HOURS, busy_timeout: float = BUSY_SECONDS,
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

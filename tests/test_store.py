"""The poll store on both engines: rooms, keys, ballots, restarts, two servers, upgrades, housekeeping, and
every failure told apart (busy, unwritable, missing, corrupt). Each test runs on SQLite and, when
EXPLORER_TEST_POSTGRES names a server, on PostgreSQL in a schema of its own (under CI=true it must)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from engines import postgres_locked, postgres_schema, postgres_server, read_only_folder, sqlite_locked, with_options

from explorer.classroom import debate
from explorer.classroom.debate import Refused, Round, Setup, Team
from explorer.classroom.store import (
    BUSY,
    CODE_ALPHABET,
    SCHEMA_VERSION,
    PollStore,
    PostgresStore,
    Purged,
    RoomSummary,
    SQLiteStore,
    StoreBusy,
    StoreMissing,
    StoreTooNew,
    StoreUnwritable,
    normalise_code,
    open_store,
)

SETUP = Setup(theses=["harvest", "prestige", "army"], teams=[Team(name="Reds", thesis="harvest")],
              rounds=[Round(name="Opening", minutes=3)])
DAY = 86400.0


def open_phase(store: PollStore, code: str, key: str, phase: str = "before") -> None:
    store.update(code, key, lambda s, state: debate.set_phase(state, phase, "open"))


class Engine:
    """What the store tests need of an engine; each opens its stores by URL or path and keeps them to close."""

    target: str
    opened: list[PollStore]

    def open(self, **options) -> PollStore:
        store = open_store(self.target, **options)
        self.opened.append(store)
        return store


class SQLite(Engine):
    name = "sqlite"
    kind = SQLiteStore

    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "data" / "polls.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.target = str(self.path)
        self.opened: list[PollStore] = []

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.path, isolation_level=None) as db:
            return db.execute(sql, params).fetchall()

    def locked(self):
        return sqlite_locked(self.path)

    @contextmanager
    def read_only(self, store: PollStore):
        """The folder becomes read-only under the running store."""
        with read_only_folder(self.path.parent):
            yield store

    def unwritable(self, reason: str = "unable to open database file") -> str:
        return (f"the poll cannot be saved: the app may not write in {self.path.parent} ({reason}); make that "
                "folder writable for the app, or start it with --poll-db naming a file in a folder it can write")

    def remove(self) -> str:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return ("the poll database polls.sqlite3 was deleted while the app was running; a new, empty one was "
                "started, so the debates created before are gone: set them up again.")


class PostgreSQL(Engine):
    name = "postgresql"
    kind = PostgresStore

    def __init__(self, server: str, schema: str, target: str) -> None:
        self.server, self.schema, self.target = server, schema, target
        self.opened: list[PollStore] = []

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.target, autocommit=True) as db:
            cursor = db.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def locked(self):
        return postgres_locked(self.target)

    @contextmanager
    def read_only(self, store: PollStore):
        """A store whose sessions are read-only, as on a standby server."""
        stuck = open_store(with_options(self.server, f"search_path={self.schema}", "default_transaction_read_only=on"))
        self.opened.append(stuck)
        yield stuck

    def unwritable(self, reason: str = "cannot execute SELECT FOR SHARE in a read-only transaction") -> str:
        return (f"the poll cannot be saved: the database {self.where()} refuses writes ({reason}); ask whoever "
                "runs the database to let this app write there")

    def where(self) -> str:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(self.server)
        return f"{info['dbname']} on {info.get('host', 'localhost')}:{info.get('port', 5432)}"

    def remove(self) -> str:
        self.execute("DROP TABLE perspectives, ballots, rooms, schema_version")
        return (f"the poll tables in {self.where()} were removed while the app was running; new, empty ones were "
                "made, so the debates created before are gone: set them up again.")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path: Path):
    if request.param == "sqlite":
        made = SQLite(tmp_path)
        yield made
    else:
        server = postgres_server()
        with postgres_schema(server) as (schema, target):
            made = PostgreSQL(server, schema, target)
            yield made
            for store in made.opened:
                store.close()
    for store in made.opened:
        store.close()


@pytest.fixture
def store(engine) -> PollStore:
    return engine.open()


def test_the_url_chooses_the_engine(engine, store: PollStore) -> None:
    assert type(store) is engine.kind
    assert store.engine == {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[engine.name]


def test_a_new_store_has_the_latest_schema_once(engine, store: PollStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION == 3
    again = engine.open()  # a second server, or a restart: creating the schema again changes nothing
    assert again.schema_version() == 3
    assert [r[0] for r in engine.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2, 3]


def test_servers_starting_together_make_the_schema_once(engine) -> None:
    stores = [engine.open() for _ in range(4)]
    barrier = threading.Barrier(4)
    versions, errors = [], []

    def start(store: PollStore) -> None:
        barrier.wait()
        try:
            versions.append(store.schema_version())
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (errors, versions) == ([], [3, 3, 3, 3])
    assert [r[0] for r in engine.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2, 3]


def test_a_store_at_version_1_is_upgraded_and_keeps_its_rooms(engine) -> None:
    from explorer.classroom.store import MIGRATIONS

    for statement in MIGRATIONS[0][1]:
        engine.execute(statement)
    engine.execute("INSERT INTO schema_version VALUES (1, 0)")
    engine.execute("INSERT INTO rooms VALUES ('ABCDEF', 'h', ?, '{}', 1000, 4102444800)", (SETUP.model_dump_json(),))
    store = engine.open()
    assert store.schema_version() == 3
    assert store.room("ABCDEF").setup == SETUP
    indexed = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'rooms_by_expiry'",
               "postgresql": "SELECT indexname FROM pg_indexes WHERE indexname = 'rooms_by_expiry' "
                          "AND schemaname = current_schema()"}[engine.name]
    assert engine.execute(indexed) == [("rooms_by_expiry",)]


def test_a_store_of_a_newer_version_is_refused_and_left_alone(engine, store: PollStore) -> None:
    code, _ = store.create_room(SETUP)
    engine.execute("INSERT INTO schema_version VALUES (99, 0)")
    newer = engine.open()
    with pytest.raises(StoreTooNew) as refused:
        newer.room(code)
    assert str(refused.value) == (f"the poll database {newer.where} was made by a newer version of the explorer "
                                  "(schema 99; this one knows up to 3); update the explorer. Nothing was changed")
    assert engine.execute("SELECT code FROM rooms") == [(code,)]


def test_room_codes_are_short_and_unguessable(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert len(key) >= 20 and key not in code
    assert store.room(normalise_code(code.lower()[:3] + " " + code.lower()[3:])).code == code


def test_a_moderator_key_is_copied_by_hand_in_any_case_with_or_without_dashes(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    groups = key.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5] and set("".join(groups)) <= set(CODE_ALPHABET)
    for typed in (key, key.lower(), "".join(groups), " ".join(groups).lower(), f" {key} "):
        assert store.is_moderator(code, typed), typed
    assert not store.is_moderator(code, key[:-1]) and not store.is_moderator(code, "")
    assert not store.is_moderator(code, key.replace(key[0], "2" if key[0] != "2" else "3", 1))


def test_a_room_made_with_an_old_mixed_case_key_still_opens_with_it(engine, store: PollStore) -> None:
    code, _ = store.create_room(SETUP)
    old = "aB3_xY-9qLm2Zt7Kp0Qw1e"  # the shape of the keys made before they were grouped
    engine.execute("UPDATE rooms SET key_hash = ? WHERE code = ?",
                         (hashlib.sha256(old.encode()).hexdigest(), code))
    assert store.is_moderator(code, old) and not store.is_moderator(code, old.lower())


def test_unknown_and_expired_codes(store: PollStore) -> None:
    with pytest.raises(Refused, match="no debate has the code ZZZZZZ; check the code on the board"):
        store.room("zzz zzz")
    code, _ = store.create_room(SETUP, now=1000.0)
    with pytest.raises(Refused, match=f"the debate {code} has ended"):
        store.room(code, now=1000.0 + 24 * 3600)


def test_moderator_actions_need_the_key(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    with pytest.raises(Refused, match="only the moderator can do that: the moderator key is missing or wrong"):
        open_phase(store, code, "not-the-key")
    with pytest.raises(Refused, match="only the moderator"):
        open_phase(store, code, "")
    open_phase(store, code, key)
    assert store.room(code).state.phases == {"before": "open", "after": "waiting"}
    assert store.is_moderator(code, key) and not store.is_moderator(code, "nope")


def test_second_ballot_replaces_the_first(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    store.cast(code, "before", "participant-1", {"harvest": 1})
    store.cast(code, "before", "participant-1", {"army": 1})
    assert store.ballots(code, "before") == [{"army": 1.0}]
    assert store.counts(code) == {"before": 1, "after": 0}
    assert store.ballot_of(code, "before", "participant-1") == {"army": 1.0}


def test_refused_ballots_are_not_recorded(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    with pytest.raises(Refused, match="has not opened yet"):
        store.cast(code, "before", "participant-1", {"harvest": 1})
    open_phase(store, code, key)
    with pytest.raises(Refused, match="`china` is not one of the explanations in this debate"):
        store.cast(code, "before", "participant-1", {"china": 1})
    with pytest.raises(Refused, match="no valid participant id"):
        store.cast(code, "before", "<script>", {"harvest": 1})
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
    with pytest.raises(Refused, match="is closed"):
        store.cast(code, "before", "participant-1", {"harvest": 1})
    assert store.ballots(code, "before") == []


def test_nan_points_are_refused_by_the_store(engine) -> None:
    store = engine.open()
    code, key = store.create_room(SETUP.model_copy(update={"poll": "points"}))
    open_phase(store, code, key)
    with pytest.raises(Refused, match="the points for `harvest` must be a number from 0 to 100, not nan"):
        store.cast(code, "before", "participant-1", {"harvest": float("nan"), "army": 100})
    assert store.counts(code) == {"before": 0, "after": 0}


def test_a_debate_resumes_after_a_restart(engine) -> None:
    first = engine.open()
    code, key = first.create_room(SETUP)
    open_phase(first, code, key)
    first.cast(code, "before", "participant-1", {"harvest": 1})
    first.close()
    again = engine.open()  # a new server process opening the same database
    assert again.room(code).state.phases["before"] == "open"
    assert again.ballots(code, "before") == [{"harvest": 1.0}]
    assert again.is_moderator(code, key)


def test_two_servers_share_one_class(engine) -> None:
    one, two = engine.open(), engine.open()
    code, key = one.create_room(SETUP)
    open_phase(two, code, key)  # the moderator's key works on either server
    one.cast(code, "before", "participant-1", {"harvest": 1})
    two.cast(code, "before", "participant-2", {"army": 1})
    two.cast(code, "before", "participant-1", {"prestige": 1})  # the same phone, now through the other server
    assert one.ballots(code, "before") == two.ballots(code, "before") == [{"prestige": 1.0}, {"army": 1.0}]


def test_fifty_participants_voting_twice_at_once(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    theses = SETUP.theses
    barrier = threading.Barrier(50)
    errors = []

    def vote(n: int) -> None:
        try:
            barrier.wait()
            store.cast(code, "before", f"participant-{n:03d}", {theses[n % 3]: 1})
            store.cast(code, "before", f"participant-{n:03d}", {theses[(n + 1) % 3]: 1})  # a change of mind
        except Exception as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ballots = store.ballots(code, "before")
    assert len(ballots) == 50  # none lost, none counted twice
    # final votes: participant n picked theses[(n + 1) % 3]; counting n = 0..49 by hand:
    # (n + 1) % 3 == 0 for n = 2, 5, ..., 47 (16); == 1 for n = 0, 3, ..., 48 (17); == 2 for n = 1, 4, ..., 49 (17)
    assert debate.tally(SETUP, ballots) == {"harvest": 16.0, "prestige": 17.0, "army": 17.0}


def test_a_close_and_a_ballot_at_once_never_leave_a_ballot_in_a_closed_poll(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    outcomes: dict[int, str] = {}

    def vote(n: int) -> None:
        try:
            store.cast(code, "before", f"participant-{n:03d}", {"harvest": 1})
            outcomes[n] = "counted"
        except Refused:
            outcomes[n] = "refused"

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(20)]
    for t in threads[:10]:
        t.start()
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
    for t in threads[10:]:
        t.start()
    for t in threads:
        t.join()
    counted = sorted(n for n, outcome in outcomes.items() if outcome == "counted")
    assert store.counts(code)["before"] == len(counted)  # every ballot said to be counted is kept, no other
    assert all(n < 10 for n in counted)  # none cast after the close went in


def test_rooms_are_listed_and_purged_after_the_retention(store: PollStore) -> None:
    old, key = store.create_room(SETUP, now=1000.0)
    store.update(old, key, lambda s, state: debate.set_phase(state, "before", "open"), now=1000.0)
    store.cast(old, "before", "participant-1", {"harvest": 1}, now=1001.0)
    store.cast(old, "before", "participant-2", {"army": 1}, now=1002.0)
    recent, _ = store.create_room(SETUP, now=1000.0 + 6 * DAY)
    assert store.rooms() == [RoomSummary(old, 1000.0, 1000.0 + DAY, 2),
                             RoomSummary(recent, 1000.0 + 6 * DAY, 1000.0 + 7 * DAY, 0)]
    expired = 1000.0 + DAY
    assert store.purge(retention_days=7, now=expired + 7 * DAY - 1) == Purged([], 0)  # kept 7 days after expiry
    assert store.purge(retention_days=7, now=expired + 7 * DAY) == Purged([old], 2)
    assert [r.code for r in store.rooms()] == [recent]
    assert store.ballots(old, "before") == []
    with pytest.raises(Refused, match="the retention must be a number of days, 0 or more, not -1"):
        store.purge(retention_days=-1)
    with pytest.raises(Refused, match="not nan"):
        store.purge(retention_days=float("nan"))


# --- class perspectives -------------------------------------------------------------------------------------


def test_a_store_at_version_2_gains_perspectives_and_keeps_its_ballots(engine) -> None:
    from explorer.classroom.store import MIGRATIONS

    for _, statements in MIGRATIONS[:2]:
        for statement in statements:
            engine.execute(statement)
    engine.execute("INSERT INTO schema_version VALUES (1, 0)")
    engine.execute("INSERT INTO schema_version VALUES (2, 0)")
    engine.execute("INSERT INTO rooms VALUES ('ABCDEF', 'h', ?, ?, 1000, 4102444800)",
                   (SETUP.model_dump_json(), '{"phases": {"before": "open"}}'))
    engine.execute("INSERT INTO ballots VALUES ('ABCDEF', 'before', 'participant-1', '{\"army\": 1.0}', 1001)")
    store = engine.open()
    assert store.schema_version() == 3
    assert store.ballots("ABCDEF", "before") == [{"army": 1.0}]
    assert store.perspectives("ABCDEF", "before") == []
    store.send_perspective("ABCDEF", "before", "participant-1", {"weights": {"backing": 0}})
    assert store.perspective_counts("ABCDEF") == {"before": 1, "after": 0}


def test_a_second_perspective_replaces_the_first(store: PollStore) -> None:
    from explorer.classroom.perspective import Perspective

    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    store.send_perspective(code, "before", "participant-1", {"trust": {"alpha": 0.2}}, now=10.0)
    store.send_perspective(code, "before", "participant-2", Perspective(order=("army", "harvest")), now=11.0)
    kept = store.send_perspective(code, "before", "participant-1", {"weights": {"support": 2}}, now=12.0)
    assert kept == Perspective(weights={"support": 2.0})
    assert store.sent_perspectives(code, "before") == [("participant-2", Perspective(order=("army", "harvest"))),
                                                       ("participant-1", Perspective(weights={"support": 2.0}))]
    assert store.perspective_of(code, "before", "participant-1") == Perspective(weights={"support": 2.0})
    assert store.perspective_of(code, "after", "participant-1") is None
    assert store.perspective_counts(code) == {"before": 2, "after": 0}
    assert store.counts(code) == {"before": 0, "after": 0}  # a perspective is not a ballot


def test_refused_perspectives_are_not_recorded(store: PollStore) -> None:
    from pydantic import ValidationError

    code, key = store.create_room(SETUP)
    with pytest.raises(Refused, match="has not opened yet; your weighing is taken only while it is open"):
        store.send_perspective(code, "before", "participant-1", {})
    open_phase(store, code, key)
    with pytest.raises(Refused, match="`china` is not one of the explanations in this debate"):
        store.send_perspective(code, "before", "participant-1", {"order": ["china"]})
    with pytest.raises(Refused, match="no valid participant id"):
        store.send_perspective(code, "before", "<script>", {})
    with pytest.raises(ValidationError, match="out of range"):
        store.send_perspective(code, "before", "participant-1", {"weights": {"support": 9}})
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "closed"))
    with pytest.raises(Refused, match="is closed"):
        store.send_perspective(code, "before", "participant-1", {})
    assert store.perspective_counts(code) == {"before": 0, "after": 0}


def test_ballots_and_perspectives_are_listed_by_participant_and_purged_with_the_room(store: PollStore) -> None:
    old, key = store.create_room(SETUP, now=1000.0)
    store.update(old, key, lambda s, state: debate.set_phase(state, "before", "open"), now=1000.0)
    store.cast(old, "before", "participant-2", {"army": 1}, now=1001.0)
    store.cast(old, "before", "participant-1", {"harvest": 1}, now=1002.0)
    store.send_perspective(old, "before", "participant-1", {}, now=1003.0)
    assert store.cast_ballots(old, "before") == [("participant-2", {"army": 1.0}), ("participant-1", {"harvest": 1.0})]
    assert store.purge(retention_days=0, now=1000.0 + DAY) == Purged([old], 2)
    assert engine_rows(store, "SELECT COUNT(*) FROM perspectives") == [(0,)]


def engine_rows(store: PollStore, sql: str) -> list[tuple]:
    return store._call(False, lambda db: db.all(sql))


# --- failures, told apart ---------------------------------------------------------------------------


def test_a_lock_held_by_another_process_is_busy_not_damage(engine) -> None:
    store = engine.open(busy_timeout=0.3)
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    store.cast(code, "before", "participant-1", {"harvest": 1})
    with engine.locked():
        started = time.monotonic()
        with pytest.raises(StoreBusy) as busy:
            store.cast(code, "before", "participant-2", {"army": 1})
        assert time.monotonic() - started >= 0.25  # it waited for the lock before giving up
        assert str(busy.value) == BUSY == "the poll is busy, try again"
        assert store.trouble == BUSY
        assert store.ballots(code, "before") == [{"harvest": 1.0}]  # reading goes on meanwhile
        late = engine.open(busy_timeout=0.3)  # a server starting during the lock: nothing is set aside
        assert late.room(code).code == code and late.notice is None
    store.cast(code, "before", "participant-2", {"army": 1})  # the lock is gone: the same call goes through
    assert store.trouble is None and store.notice is None
    assert store.counts(code) == {"before": 2, "after": 0}


def test_an_unwritable_store_says_so_and_keeps_reading(engine) -> None:
    store = engine.open(busy_timeout=0.5)
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    store.cast(code, "before", "participant-1", {"harvest": 1})
    with engine.read_only(store) as stuck:
        with pytest.raises(StoreUnwritable) as refused:
            stuck.cast(code, "before", "participant-2", {"army": 1})
        assert str(refused.value) == engine.unwritable()
        assert stuck.trouble == engine.unwritable()  # for the moderator's console
        assert stuck.room(code).code == code
        assert stuck.ballots(code, "before") == [{"harvest": 1.0}]
        stuck.close()
    assert engine.open().ballots(code, "before") == [{"harvest": 1.0}]


def test_a_database_removed_during_a_debate_is_made_again_and_said(engine, store: PollStore) -> None:
    code, _ = store.create_room(SETUP)
    said = engine.remove()
    with pytest.raises(StoreMissing) as missing:
        store.room(code)
    assert str(missing.value) == said
    assert store.notice == said[:1].upper() + said[1:]
    with pytest.raises(Refused, match=f"no debate has the code {code}"):
        store.room(code)
    fresh, _ = store.create_room(SETUP)  # the new, empty store works
    assert store.room(fresh).code == fresh
    assert store.schema_version() == 3


# --- SQLite only: the file -----------------------------------------------------------------------------

SHIPPED_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY, key_hash TEXT NOT NULL, setup TEXT NOT NULL, state TEXT NOT NULL,
    created REAL NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS ballots (
    room TEXT NOT NULL REFERENCES rooms(code), phase TEXT NOT NULL, participant TEXT NOT NULL,
    ballot TEXT NOT NULL, cast_at REAL NOT NULL, PRIMARY KEY (room, phase, participant));
"""  # what the store wrote before its schema had a version


def shipped_file(path: Path, wal: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path, isolation_level=None) as db:
        if wal:
            db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SHIPPED_SCHEMA)
        db.execute("INSERT INTO rooms VALUES ('ABCDEF', 'h', ?, ?, 1000, 4102444800)",
                   (SETUP.model_dump_json(), '{"phases": {"before": "open"}}'))
        db.execute("INSERT INTO ballots VALUES ('ABCDEF', 'before', 'participant-1', '{\"army\": 1.0}', 1001)")
    db.close()


def test_missing_database_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "polls.sqlite3"
    SQLiteStore(path)
    assert path.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


@pytest.mark.parametrize("wal", [True, False])
def test_a_file_from_before_the_schema_version_is_upgraded_with_its_debates(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "polls.sqlite3"
    shipped_file(path, wal)
    store = SQLiteStore(path)
    assert store.schema_version() == 3 and store.notice is None
    assert store.room("ABCDEF").state.phases == {"before": "open", "after": "waiting"}
    assert store.ballots("ABCDEF", "before") == [{"army": 1.0}]
    store.cast("ABCDEF", "before", "participant-2", {"harvest": 1})
    assert store.counts("ABCDEF") == {"before": 2, "after": 0}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_an_old_file_locked_at_start_up_waits_and_is_never_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "polls.sqlite3"
    shipped_file(path, wal=False)  # without WAL a lock stops readers too: the case that used to look damaged
    with sqlite_locked(path):
        store = SQLiteStore(path, busy_timeout=0.3)
        with pytest.raises(StoreBusy, match=f"^{BUSY}$"):
            store.room("ABCDEF")
    assert store.notice is None
    assert store.ballots("ABCDEF", "before") == [{"army": 1.0}]  # after the lock: upgraded, nothing lost
    assert store.schema_version() == 3
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


def kept_aside(folder: Path, store: SQLiteStore) -> Path:
    """The one damaged file set aside beside the store; and the fresh store in its place takes a new room."""
    kept = [p for p in folder.iterdir() if p.name.startswith("polls.sqlite3.damaged-")]
    assert len(kept) == 1
    fresh, _ = store.create_room(SETUP)
    assert store.room(fresh).code == fresh
    return kept[0]


def test_a_sqlite_file_that_fails_its_check_is_kept_aside_and_a_fresh_store_starts(tmp_path: Path) -> None:
    path = tmp_path / "polls.sqlite3"
    SQLiteStore(path).create_room(SETUP)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the header is SQLite's, the pages after the first are not
    path.write_bytes(bytes(data))
    store = SQLiteStore(path)
    kept = kept_aside(tmp_path, store)
    assert kept.read_bytes().startswith(b"SQLite format 3\x00")
    assert store.notice.startswith("The poll database polls.sqlite3 could not be read (")
    assert store.notice.endswith(f"); it was kept as {kept.name} and a fresh, empty store was started.")


@pytest.mark.parametrize("held", [b"this is not a database, it was damaged" * 100, b"question: Why?\n",
                                  b"\x00" * 100, b"SQLite format 2\x00" + b"\x00" * 200])
def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_is(tmp_path: Path, held: bytes) -> None:
    from explorer.classroom.store import StoreNotSQLite

    path = tmp_path / "case.yaml"
    path.write_bytes(held)
    store = SQLiteStore(path)
    with pytest.raises(StoreNotSQLite) as refused:
        store.create_room(SETUP)
    assert str(refused.value) == (f"{path} is not a SQLite database (it holds something else), so the poll store was "
                                  "not opened and the file was left as it is; give --poll-db (or EXPLORER_POLL_DB) "
                                  "the name of a new file, or of a poll database")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"] and path.read_bytes() == held
    assert store.notice is None


def test_a_file_damaged_during_a_debate_is_set_aside_and_said(tmp_path: Path) -> None:
    from explorer.classroom.store import StoreCorrupt

    path = tmp_path / "polls.sqlite3"
    store = SQLiteStore(path)
    code, _ = store.create_room(SETUP)
    for _ in range(200):  # enough rows for pages beyond the first
        store.create_room(SETUP)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096:len(data)] = b"\xff" * (len(data) - 4096)  # every page after the first overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt) as damaged:
        store.room(code)
    kept = kept_aside(tmp_path, store)
    assert str(damaged.value) == (f"the poll database polls.sqlite3 could not be read (database disk image is "
                                  f"malformed); it was kept as {kept.name} and a fresh, empty store was started.")
    assert store.notice == str(damaged.value)[:1].upper() + str(damaged.value)[1:]


def test_a_file_emptied_during_a_debate_is_made_again_and_said(tmp_path: Path) -> None:
    path = tmp_path / "polls.sqlite3"
    store = SQLiteStore(path)
    code, _ = store.create_room(SETUP)
    path.write_bytes(b"")
    with pytest.raises(StoreMissing, match="^the poll database polls.sqlite3 was emptied while the app was running"):
        store.room(code)
    assert store.room(store.create_room(SETUP)[0]).setup == SETUP


def test_a_read_only_folder_does_not_stop_start_up(tmp_path: Path) -> None:
    folder = tmp_path / "locked-away"
    folder.mkdir()
    with read_only_folder(folder):
        store = SQLiteStore(folder / "polls.sqlite3")  # used to raise at start-up
        with pytest.raises(StoreUnwritable) as refused:
            store.create_room(SETUP)
        assert str(refused.value) == SQLite(tmp_path).unwritable().replace(str(tmp_path / "data"), str(folder))
        with pytest.raises(StoreUnwritable):
            store.room("ABCDEF")  # nothing to read either: the same plain message, no traceback
    code, _ = store.create_room(SETUP)  # once the folder is writable, the same store starts
    assert store.room(code).code == code


def test_the_same_store_saves_again_once_its_folder_is_writable(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "data" / "polls.sqlite3")
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    with read_only_folder(tmp_path / "data"), pytest.raises(StoreUnwritable):
        store.cast(code, "before", "participant-1", {"harvest": 1})
    store.cast(code, "before", "participant-1", {"harvest": 1})
    assert store.trouble is None and store.counts(code)["before"] == 1


# --- PostgreSQL only: the server --------------------------------------------------------------------


def test_a_postgres_server_that_is_down_is_said_plainly_and_start_up_goes_on() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there
    store = open_store(f"postgresql://explorer:secret@127.0.0.1:{port}/polls", busy_timeout=1)
    try:
        from explorer.classroom.store import StoreUnreachable

        with pytest.raises(StoreUnreachable) as down:
            store.room("ABCDEF")
        message = str(down.value)
        assert message.startswith(f"the poll database polls on 127.0.0.1:{port} cannot be reached (connection failed: "
                                  f"connection to server at \"127.0.0.1\", port {port} failed: Connection refused")
        assert message.endswith("; check that PostgreSQL is running and that EXPLORER_POLL_DB names it")
        assert "secret" not in message
    finally:
        store.close()


@pytest.mark.parametrize("url,reason", [
    ("postgresql://explorer:secret@[db/polls", ('end of string reached when looking for matching "]" in IPv6 host '
                                               'address in URI: "the URL"')),
    ("postgresql://explorer:secret@db/polls?colour=blue", 'invalid URI query parameter: "colour"'),
])
def test_a_postgres_url_that_is_not_valid_is_said_and_start_up_goes_on(url: str, reason: str) -> None:
    from explorer.classroom.store import StoreUnreachable

    store = open_store(url)  # the app starts; every call says what is wrong
    with pytest.raises(StoreUnreachable) as invalid:
        store.create_room(SETUP)
    assert str(invalid.value) == (f"the poll database URL is not valid ({reason}); write it as "
                                  "postgresql://user:password@host:port/database")
    assert "secret" not in str(invalid.value)
    store.close()


def test_the_ballots_changes_mark_every_new_or_changed_ballot(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    open_phase(store, code, key)
    assert store.changes(code) == {"before": (0, 0.0, 0.0), "after": (0, 0.0, 0.0)}
    store.cast(code, "before", "phone-0001", {"harvest": 1}, now=1000.0)
    first = store.changes(code)
    assert first["before"] == (1, 1000.0, 1000.0) and first["after"] == (0, 0.0, 0.0)
    store.cast(code, "before", "phone-0002", {"army": 1}, now=1001.0)
    assert store.changes(code)["before"] == (2, 1001.0, 2001.0)
    store.cast(code, "before", "phone-0001", {"army": 1}, now=1002.0)  # a change: the count stays, the times move
    assert store.changes(code)["before"] == (2, 1002.0, 2003.0)

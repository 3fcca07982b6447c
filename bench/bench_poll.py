"""Poll store speed on SQLite and PostgreSQL, each next to a bare insert on the same engine measured in the same run.

1. One voter at a time: the median time to record a ballot and to read the live results with 50 and 500
   participants, against the median bare insert (one row, one transaction; SQLite: a new connection each time,
   as the store does; PostgreSQL: a connection from a pool of the store's size).
2. 60 simultaneous voters (threads), each sending its ballot and then changing it, ten times: ballots per second
   and the p95 time to record one, against 60 threads doing the bare insert the same way.

    .venv/bin/python bench/bench_poll.py [--repeats 200] [--postgres URL]

PostgreSQL runs when --postgres or $EXPLORER_TEST_POSTGRES names a server (in a schema of its own, dropped after).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.classroom import debate
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import PollStore, open_store

SETUP = Setup(theses=["a", "b", "c", "d"], teams=[Team(name="A", thesis="a")], rounds=[Round(name="R", minutes=3)],
              poll="points")
BALLOTS = [{"a": 40, "b": 30, "c": 20, "d": 10}, {"a": 10, "b": 20, "c": 30, "d": 40}]
VOTERS = 60
CHANGES = 10


def timed(fn: Callable[[int], object], repeats: int) -> float:
    fn(-1)  # warm-up, not counted
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def crowd(fn: Callable[[int, int], object], voters: int = VOTERS, changes: int = CHANGES) -> tuple[float, float]:
    """`voters` threads released at once, each calling fn(voter, n) `changes` times: (calls per second, p95 s)."""
    barrier = threading.Barrier(voters + 1)
    times: list[float] = []
    errors: list[BaseException] = []

    def run(voter: int) -> None:
        barrier.wait()
        for n in range(changes):
            started = time.perf_counter()
            try:
                fn(voter, n)
            except BaseException as err:  # noqa: BLE001 - reported below
                errors.append(err)
            times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=run, args=(v,)) for v in range(voters)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} calls failed, the first: {errors[0]!r}")
    return len(times) / wall, statistics.quantiles(times, n=20)[18]


# --- the bare inserts ----------------------------------------------------------------------------------


def sqlite_bare(folder: Path) -> Callable[[int], None]:
    path = folder / "bare.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
    db.close()

    def insert(i: int) -> None:
        con = sqlite3.connect(path, timeout=30, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", (f"k{i}", '{"a": 40}'))
        con.execute("COMMIT")
        con.close()

    return insert


@contextmanager
def postgres_bare(url: str) -> Iterator[Callable[[int], None]]:
    import psycopg
    from psycopg_pool import ConnectionPool

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
    pool = ConnectionPool(url, min_size=1, max_size=10, kwargs={"autocommit": True}, open=True)

    def insert(i: int) -> None:
        with pool.connection() as con, con.transaction():
            con.execute("INSERT INTO t VALUES (%s, %s) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
                        (f"k{i}", '{"a": 40}'))

    try:
        yield insert
    finally:
        pool.close()


@contextmanager
def postgres_schema(server: str) -> Iterator[str]:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{server}{'&' if '?' in server else '?'}options={quote(f'-csearch_path={name}', safe='')}"
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {name} CASCADE")


# --- the store -------------------------------------------------------------------------------------------


def room(store: PollStore, participants: int) -> str:
    code, key = store.create_room(SETUP)
    store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
    for n in range(participants):
        store.cast(code, "before", f"participant-{n:05d}", BALLOTS[0])
    return code


def measure(engine: str, target: Callable[[str], str], bare: Callable[[int], None], repeats: int) -> list[tuple]:
    rows = []
    floor = timed(bare, repeats)
    rows.append((engine, "bare insert (one row, one transaction)", None, floor, None, 1.0))
    for participants in (50, 500):
        store = open_store(target(f"polls{participants}"))
        try:
            code = room(store, participants)
            cast = timed(lambda i, s=store, c=code, p=participants: s.cast(c, "before", f"participant-{i % p:05d}",
                                                                              BALLOTS[i % 2]), repeats)
            live = timed(lambda i, s=store, c=code: (s.counts(c), debate.tally(SETUP, s.ballots(c, "before"))),
                         repeats)
        finally:
            store.close()
        rows.append((engine, f"record a ballot, {participants} participants", None, cast, None, cast / floor))
        rows.append((engine, f"read live results, {participants} participants", None, live, None, live / floor))
    bare_rate, bare_p95 = crowd(lambda v, n: bare(v))
    rows.append((engine, f"bare insert, {VOTERS} threads at once", bare_rate, None, bare_p95, 1.0))
    store = open_store(target("crowd"))
    try:
        code = room(store, 0)
        rate, p95 = crowd(lambda v, n: store.cast(code, "before", f"participant-{v:05d}", BALLOTS[n % 2]))
        assert store.counts(code)["before"] == VOTERS  # every voter counted once, every change an upsert
    finally:
        store.close()
    rows.append((engine, f"record a ballot, {VOTERS} voters at once", rate, None, p95, p95 / bare_p95))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("EXPLORER_TEST_POSTGRES"),
                        help="A PostgreSQL server's URL (default: $EXPLORER_TEST_POSTGRES).")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows += measure("SQLite", lambda name: str(folder / f"{name}.sqlite3"), sqlite_bare(folder), args.repeats)
    if args.postgres:
        with postgres_schema(args.postgres) as url, postgres_bare(url) as bare:
            rows += measure("PostgreSQL", lambda name: url, bare, args.repeats)
    print(f"{'engine':<11} {'what':<44} {'ballots/s':>10} {'median ms':>10} {'p95 ms':>8} {'ratio':>7}")
    for engine, what, rate, median, p95, ratio in rows:
        print(f"{engine:<11} {what:<44} {'' if rate is None else f'{rate:,.0f}':>10} "
              f"{'' if median is None else f'{median * 1e3:.2f}':>10} {'' if p95 is None else f'{p95 * 1e3:.1f}':>8} "
              f"{ratio:>6.1f}x")
    print("ratio: against the bare insert on the same engine (median for one voter at a time, p95 for 60 at once)")
    if not args.postgres:
        print("PostgreSQL: not measured (give --postgres URL or set EXPLORER_TEST_POSTGRES)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

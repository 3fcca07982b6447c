"""Poll store speed: recording a ballot and reading the live results with 50 and 500 participants, next to a
bare SQLite insert (one row, one transaction, same file settings) measured in the same run.

    .venv/bin/python bench/bench_poll.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer import debate
from explorer.debate import Round, Setup, Team
from explorer.store import PollStore

SETUP = Setup(theses=["a", "b", "c", "d"], teams=[Team(name="A", thesis="a")], rounds=[Round(name="R", minutes=3)],
              poll="points")
BALLOT = {"a": 40, "b": 30, "c": 20, "d": 10}


def timed(fn, repeats: int) -> float:
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_insert(folder: Path, repeats: int) -> float:
    path = folder / "bare.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
    db.close()

    def insert(i: int) -> None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT OR REPLACE INTO t VALUES (?, ?)", (f"k{i}", '{"a": 40}'))
        con.execute("COMMIT")
        con.close()

    return timed(insert, repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor = bare_insert(folder, args.repeats)
        print(f"{'what':<44} {'median ms':>10} {'ratio':>7}")
        print(f"{'bare SQLite insert (connect, one row, commit)':<44} {floor * 1e3:>10.2f} {'1.0x':>7}")
        for participants in (50, 500):
            store = PollStore(folder / f"polls{participants}.sqlite3")
            code, key = store.create_room(SETUP)
            store.update(code, key, lambda s, state: debate.set_phase(state, "before", "open"))
            for n in range(participants):
                store.cast(code, "before", f"participant-{n:05d}", BALLOT)
            cast = timed(lambda i, s=store, c=code, p=participants: s.cast(c, "before", f"participant-{i % p:05d}",
                                                                              BALLOT), args.repeats)
            live = timed(lambda i, s=store, c=code: (s.counts(c), debate.tally(SETUP, s.ballots(c, "before"))),
                         args.repeats)
            print(f"{f'record a ballot, {participants} participants':<44} {cast * 1e3:>10.2f} {cast / floor:>6.1f}x")
            print(f"{f'read live results, {participants} participants':<44} {live * 1e3:>10.2f} {live / floor:>6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The poll store: rooms, keys, ballots, restarts, damage and 50 participants voting at once."""

import sqlite3
import threading
from pathlib import Path

import pytest

from explorer import debate
from explorer.debate import Refused, Round, Setup, Team
from explorer.store import CODE_ALPHABET, PollStore, normalise_code

SETUP = Setup(theses=["harvest", "prestige", "army"], teams=[Team(name="Reds", thesis="harvest")],
              rounds=[Round(name="Opening", minutes=3)])


def open_phase(store: PollStore, code: str, key: str, phase: str = "before") -> None:
    store.update(code, key, lambda s, state: debate.set_phase(state, phase, "open"))


@pytest.fixture
def store(tmp_path: Path) -> PollStore:
    return PollStore(tmp_path / "data" / "polls.sqlite3")


def test_missing_database_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "polls.sqlite3"
    PollStore(path)
    assert path.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_room_codes_are_short_and_unguessable(store: PollStore) -> None:
    code, key = store.create_room(SETUP)
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert len(key) >= 20 and key not in code
    assert store.room(normalise_code(code.lower()[:3] + " " + code.lower()[3:])).code == code


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


def test_a_debate_resumes_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "polls.sqlite3"
    first = PollStore(path)
    code, key = first.create_room(SETUP)
    open_phase(first, code, key)
    first.cast(code, "before", "participant-1", {"harvest": 1})
    again = PollStore(path)  # a new server process opening the same file
    assert again.room(code).state.phases["before"] == "open"
    assert again.ballots(code, "before") == [{"harvest": 1.0}]
    assert again.is_moderator(code, key)


def test_damaged_file_is_kept_aside_and_a_fresh_store_starts(tmp_path: Path) -> None:
    path = tmp_path / "polls.sqlite3"
    path.write_bytes(b"this is not a database, it was damaged" * 100)
    store = PollStore(path)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("polls.sqlite3.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    assert store.notice == (f"The poll database polls.sqlite3 could not be read (file is not a database); it was "
                            f"kept as {kept[0].name} and a fresh, empty store was started.")
    code, _ = store.create_room(SETUP)
    assert store.room(code).code == code


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

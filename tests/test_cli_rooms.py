"""python -m explorer rooms: the listing and the purge, on a SQLite store and on PostgreSQL when there is one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from engines import postgres_schema, postgres_server

from explorer.classroom import debate
from explorer.classroom.debate import Round, Setup, Team
from explorer.classroom.store import open_store
from explorer.cli import main

SETUP = Setup(theses=["harvest", "prestige"], teams=[Team(name="Reds", thesis="harvest")],
              rounds=[Round(name="Opening", minutes=3)])
DAY = 86400.0


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fill(target: str) -> tuple[str, str]:
    """An old room (expired ten days ago, two ballots) and a room created now."""
    store = open_store(target)
    try:
        start = time.time() - 11 * DAY
        old, key = store.create_room(SETUP, now=start)
        store.update(old, key, lambda s, state: debate.set_phase(state, "before", "open"), now=start)
        store.cast(old, "before", "participant-1", {"harvest": 1}, now=start + 60)
        store.cast(old, "before", "participant-2", {"prestige": 1}, now=start + 60)
        new, _ = store.create_room(SETUP)
    finally:
        store.close()
    return old, new


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path: Path):
    if request.param == "sqlite":
        yield str(tmp_path / "polls.sqlite3")
    else:
        with postgres_schema(postgres_server()) as (_, url):
            yield url


def test_rooms_lists_and_purges_past_the_retention(capsys, target: str) -> None:
    old, new = fill(target)
    code, out, _ = run(capsys, "rooms", "--poll-db", target)
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:2]] == [old, new]
    assert "expired, past the retention" in lines[0] and lines[0].endswith("2 ballots")
    assert " open " in lines[1] and lines[1].endswith("0 ballots")
    probe = open_store(target)
    where = probe.where
    probe.close()
    engine = "PostgreSQL" if target.startswith("postgresql") else "SQLite"
    assert lines[2] == f"2 rooms in {where} ({engine})"
    assert "password" not in out and "explorer:" not in out  # a URL's password is never printed

    assert run(capsys, "rooms", "--poll-db", target, "--purge", "--retention-days", "30") == (
        0, f"purged 0 rooms and 0 ballots: the rooms that expired more than 30 days ago, from {where}\n", "")
    assert run(capsys, "rooms", "--poll-db", target, "--purge") == (
        0, f"purged 1 room ({old}) and 2 ballots: the rooms that expired more than 7 days ago, from {where}\n", "")
    code, out, _ = run(capsys, "rooms", "--poll-db", target)
    assert out.splitlines()[-1] == f"1 room in {where} ({engine})" and out.startswith(new)


def test_the_retention_comes_from_the_environment(capsys, tmp_path: Path, monkeypatch) -> None:
    target = str(tmp_path / "polls.sqlite3")
    old, _ = fill(target)
    monkeypatch.setenv("EXPLORER_POLL_DB", target)
    monkeypatch.setenv("EXPLORER_POLL_RETENTION_DAYS", "12")
    assert run(capsys, "rooms", "--purge")[1].startswith("purged 0 rooms and 0 ballots: the rooms that expired "
                                                         "more than 12 days ago")
    monkeypatch.setenv("EXPLORER_POLL_RETENTION_DAYS", "0")
    assert run(capsys, "rooms", "--purge")[1].startswith(f"purged 1 room ({old}) and 2 ballots")


@pytest.mark.parametrize("days", ["-1", "nan", "inf", "a week"])
def test_a_bad_retention_is_a_usage_error(capsys, tmp_path: Path, days: str) -> None:
    assert run(capsys, "rooms", "--poll-db", str(tmp_path / "p.sqlite3"), "--purge", "--retention-days", days) == (
        2, "", f"error: --retention-days: the retention {days!r} is not a number of days, 0 or more; give one such as 7\n")


def test_no_store_there(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite3"
    assert run(capsys, "rooms", "--poll-db", str(missing)) == (
        2, "", f"error: {missing}: no poll store there; give the file with --poll-db PATH, or a postgresql:// URL\n")
    assert not missing.exists()  # listing never creates a store


def test_a_store_that_cannot_be_reached_is_a_plain_error(capsys) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run(capsys, "rooms", "--poll-db", f"postgresql://u:secret@127.0.0.1:{port}/polls")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: the poll database polls on 127.0.0.1:{port} cannot be reached")
    assert "Traceback" not in err and "secret" not in err


def test_rooms_on_a_file_that_is_not_a_poll_store_leaves_it_as_it_is(capsys, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("question: Why?\n", encoding="utf-8")
    assert run(capsys, "rooms", "--poll-db", str(case)) == (
        1, "", (f"error: {case} is not a SQLite database (it holds something else), so the poll store was not opened "
               "and the file was left as it is; give --poll-db (or EXPLORER_POLL_DB) the name of a new file, or of a "
               "poll database\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]
    assert case.read_text(encoding="utf-8") == "question: Why?\n"

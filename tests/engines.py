"""What the store tests need of the engines: a PostgreSQL server with a schema per test, a SQLite lock held by
another connection, and a folder the app cannot write in even when the tests run as root."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

ENV = "EXPLORER_TEST_POSTGRES"


def postgres_server() -> str:
    """The URL of the test server; without one the test is skipped, but under CI=true it fails."""
    url = os.environ.get(ENV, "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{ENV} is not set: under CI the PostgreSQL tests must run (.ci/run starts a server)")
        pytest.skip(f"set {ENV}=postgresql://user:password@host/db to run the PostgreSQL store tests")
    return url


def with_options(url: str, *settings: str) -> str:
    """The URL with server settings for its sessions, such as search_path=name."""
    options = quote(" ".join(f"-c{s}" for s in settings), safe="")
    return f"{url}{'&' if '?' in url else '?'}options={options}"


@contextmanager
def postgres_schema(url: str) -> Iterator[tuple[str, str]]:
    """A schema of its own for one test: (its name, the URL whose sessions use it). Dropped afterwards."""
    import psycopg

    name = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield name, with_options(url, f"search_path={name}")
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


@contextmanager
def sqlite_locked(path: Path) -> Iterator[None]:
    """Another process's connection holding BEGIN EXCLUSIVE on the file."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def postgres_locked(url: str) -> Iterator[None]:
    """Another session holding the rooms table in EXCLUSIVE mode: reads go on, writes wait."""
    import psycopg

    with psycopg.connect(url) as other:
        other.execute("LOCK TABLE rooms IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            other.rollback()


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Make `folder` and what is in it unwritable for real. chmod does not stop root, so as root the folder
    is marked immutable (chattr +i), which the kernel enforces for root too. Checked before the test goes on."""
    paths = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
        undo = ["chattr", "-i", *map(str, paths)]
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        undo = None
    try:
        probe = folder / f"probe-{uuid.uuid4().hex}"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            probe.unlink()
            raise RuntimeError(f"{folder} could not be made read-only: the test would prove nothing")
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            for p, mode in modes.items():
                p.chmod(mode)

"""The one cached loader: keyed on the case folder and its files' modification times."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

import streamlit as st

from explorer.cli import DEFAULT_CASE
from explorer.load import load_case
from explorer.model import Case
from explorer.problem import Problem

ENV_VAR = "EXPLORER_CASE"


def case_folder(argv: list[str] | None = None) -> Path:
    """`streamlit run app.py -- --case PATH`, else $EXPLORER_CASE, else the default case."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--case")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Path(known.case or os.environ.get(ENV_VAR) or DEFAULT_CASE)


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file's path, modification time and size: a change to any file reloads the case."""
    if not folder.is_dir():
        return ()
    found = []
    for path in folder.rglob("*"):
        try:  # an editor's temporary file may vanish between the listing and the stat
            status = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((str(path.relative_to(folder)), status.st_mtime_ns, status.st_size))
    return tuple(sorted(found))


@st.cache_data(show_spinner="Loading the case…", max_entries=8)
def _load(folder: str, stamp: tuple) -> tuple[Case, list[Problem]]:
    return load_case(folder)


def current_case() -> tuple[Case, list[Problem]]:
    folder = case_folder()
    return _load(str(folder), fingerprint(folder))

"""Which case a page shows, and the one cached loader (keyed on the case folder and its files' modification times).

The server offers a library of cases (explorer.library): the served case (`--case PATH`, else $EXPLORER_CASE,
else claims/), every case in the workshop folder (`--workshop-root`, else $EXPLORER_WORKSHOP_ROOT, else cases/)
and every case in the folders given with `--cases DIR` (repeatable; or $EXPLORER_CASES, folders separated by
the system's path separator). The case chosen is kept in the session (CHOSEN, a key no widget owns, so that it
survives every page) and written into every page's address as `?case=NAME` (left out for the served case), so
a link opens it. An address names a case only by a name of the list.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import streamlit as st

from explorer import config, library
from explorer.load import load_case
from explorer.model import Case
from explorer.problem import Problem

PARAM = "case"
CHOSEN = "chosen_case"  # the case's name in the library; no widget has this key
JUST = "case_just_chosen"
UNKNOWN = "unknown_case"  # what an address asked for that names no case, to say so once


def case_folder(argv: list[str] | None = None) -> Path:
    """The served case: `streamlit run app.py -- --case PATH`, else $EXPLORER_CASE, else the default case."""
    return config.settings(argv).case


def workshop_root(argv: list[str] | None = None) -> Path:
    """Where the workshop starts new cases: `--workshop-root PATH`, else $EXPLORER_WORKSHOP_ROOT, else cases/."""
    return config.settings(argv).workshop_root


def added_folders(argv: list[str] | None = None) -> list[Path]:
    """The folders of cases the server was started with: `--cases DIR` (repeatable), else $EXPLORER_CASES."""
    return list(config.settings(argv).cases)


def shelf() -> list[library.Entry]:
    """Every case this server offers, the served case first (listed again on every run: a case started in the
    workshop is offered at once)."""
    return library.entries(case_folder(), workshop_root(), added_folders())


def chosen() -> library.Entry:
    """The case this page shows: the address's when it names one, else the session's, else the served case.
    Written back into the address, so that moving between pages keeps it."""
    listed = shelf()
    wanted = st.query_params.get(PARAM)
    found = library.find(listed, wanted)
    if st.session_state.pop(JUST, False):  # chosen in the page just now: the address may not say so yet
        pass
    elif found is not None:
        st.session_state[CHOSEN] = found.name
    elif wanted is not None:
        st.session_state[UNKNOWN] = str(wanted)[:80]
    entry = library.find(listed, st.session_state.get(CHOSEN)) or listed[0]
    st.session_state[CHOSEN] = entry.name
    keep_in_address(entry.name, listed[0].name)
    return entry


def keep_in_address(name: str, served: str | None = None) -> None:
    served = shelf()[0].name if served is None else served
    if name == served:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != name:
        st.query_params[PARAM] = name


def choose(name: str) -> None:
    """Make `name` the chosen case (a callback: the page that reruns shows it)."""
    entry = library.find(shelf(), name)
    if entry is not None:
        st.session_state[CHOSEN] = entry.name
        st.session_state[JUST] = True
        keep_in_address(entry.name)


def unknown_asked() -> str | None:
    """What an address asked for that names no case (said once, then forgotten)."""
    return st.session_state.pop(UNKNOWN, None)


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


def stamp(folder: Path) -> str:
    """The folder's fingerprint as one short string: a cache key that is quick to hash."""
    return hashlib.blake2b(repr(fingerprint(folder)).encode("utf-8"), digest_size=16).hexdigest()


# One loaded case shared by every reader of the server, as it is (a cache of resources returns the object itself; a
# cache of data would unpickle a copy on every call, 4 ms on the Khrushchev case and 25 ms on a case of 100
# explanations, on every rerun). A Case is frozen and no page changes one.
@st.cache_resource(show_spinner="Loading the case…", max_entries=8)
def _load(folder: str, stamp: str) -> tuple[Case, tuple[Problem, ...]]:
    case, problems = load_case(folder)
    return case, tuple(problems)


def load(folder: Path) -> tuple[Case, list[Problem]]:
    """A case as it is on disk now (cached on its files' times and sizes)."""
    case, problems = _load(str(folder), stamp(folder))
    return case, list(problems)


def current_case() -> tuple[Case, list[Problem]]:
    return load(chosen().folder)

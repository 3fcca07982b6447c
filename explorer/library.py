"""A library of cases on one server: the served case, every case in the workshop folder and every case in the
folders the server was started with, each under a name that an address (`?case=NAME`) may give.

An address only ever picks a name from this list: no path is made from what an address says, so `../`, an
absolute path or any other value names no case. A case in a folder is a real sub-folder (not a link) whose
name is an id and that holds a regular case.yaml, and it lies inside its folder once links are followed. Pure
apart from listing the folders: no streamlit.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from explorer.disk import bounds, layout
from explorer.model import ID_MAX, ID_PATTERN, MAIN_QUESTION, Case
from explorer.text import plural

_ID = re.compile(ID_PATTERN)
SERVED = "served"  # the shelf of the case the server was started on
WORKSHOP = "workshop"  # cases started in the workshop
ADDED = "added"  # cases in a folder the server was started with (--cases)
MOST = 500  # cases listed from one folder: a folder of thousands is not a library to pick from


@dataclass(frozen=True)
class Entry:
    """One case of the library: the name an address gives, its folder, and where it was found."""

    name: str
    folder: Path
    shelf: str


def _is_case(folder: Path, root: Path) -> bool:
    """A real folder (not a link), named by an id, holding a regular case.yaml, inside `root` once resolved."""
    try:
        status = os.lstat(folder)
        marker = os.lstat(folder / layout.CASE)
    except OSError:
        return False
    if not stat.S_ISDIR(status.st_mode) or not stat.S_ISREG(marker.st_mode):
        return False
    if not (_ID.fullmatch(folder.name) and len(folder.name) <= ID_MAX):
        return False
    try:
        return bounds.straight_in(root, folder)
    except OSError:
        return False


def cases_in(root: Path) -> list[Path]:
    """The case folders directly inside `root`, by name (none when it is not a folder or cannot be read)."""
    try:
        names = sorted(entry.name for entry in os.scandir(root) if not entry.name.startswith("."))
    except OSError:
        return []
    return [root / name for name in names if _is_case(root / name, root)][:MOST]


def entries(served: Path, workshop: Path | None = None, added: list[Path] | tuple[Path, ...] = ()) -> list[Entry]:
    """Every case this server offers, the served case first: its name is its folder's name; a later case whose
    folder has a name already taken is named `name-2`, `name-3` (a hyphen, which no id has, so it never clashes
    with a folder's own name). The same folder found twice is listed once."""
    out: list[Entry] = []
    names: set[str] = set()
    seen: set[Path] = set()

    def add(folder: Path, shelf: str) -> None:
        try:
            real = folder.resolve()
        except OSError:
            return
        if real in seen:
            return
        seen.add(real)
        base = folder.name or "case"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.add(name)
        out.append(Entry(name, folder, shelf))

    add(served, SERVED)
    for root, shelf in [(workshop, WORKSHOP)] * (workshop is not None) + [(r, ADDED) for r in added]:
        for folder in cases_in(root):
            add(folder, shelf)
    return out


def find(listed: list[Entry], name: object) -> Entry | None:
    """The case an address names, or None: only a name of the list, compared as text, ever opens a case."""
    return next((e for e in listed if isinstance(name, str) and e.name == name), None)


@dataclass(frozen=True)
class Size:
    theses: int
    sources: int
    passages: int


def size(case: Case) -> Size:
    return Size(len(case.theses), sum(1 for s in case.sources.values() if s.quotable), len(case.passages()))


def described(case: Case) -> str:
    """A case's size in words, its main question's as Compare counts it: "4 explanations, 5 sources with a text, 38
    passages", and how many explanations answer its other questions ("; 1 explanation of another question")."""
    main = case.within(MAIN_QUESTION)
    found, others = size(main), len(case.theses) - len(main.theses)
    said = ", ".join((plural(found.theses, "explanation"), plural(found.sources, "source with a text",
                                                                  "sources with a text"),
                      plural(found.passages, "passage")))
    return said + (f"; {plural(others, 'explanation')} of another question" if others else "")


def shelf_words(shelf: str) -> str:
    """Where a case comes from, in words."""
    return {SERVED: "the case this server was started on", WORKSHOP: "built in the workshop",
            ADDED: "from the server's case folders"}.get(shelf, shelf)

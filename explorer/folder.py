"""The case folder on disk: which files may be read, and reading them within bounds.

Only regular files inside the case folder are read. A link that leads out of the folder (to /etc/passwd, say)
is refused, as are folders, devices and pipes that carry a case file's name, and no read takes more than the
limit plus one byte, whatever the file claims to be. Hidden files (`.name`) and the files editors and other
systems leave beside a case (`.#name.yaml`, `._name.yaml`, `name.yaml~`, `#name.yaml#`) are skipped with a
note, never read: they must not win over the real file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from explorer.problem import Problem

MAX_BYTES = 5_000_000  # a case file; sizes are said in MB of a million bytes, as file managers say them
TEXT_LIMIT = 20_000_000  # a source's text (texts/<source>.txt)


def limit_for(rel: str) -> int:
    """The most bytes a file of the case may hold, the same for the loader that reads it and for every writer."""
    return TEXT_LIMIT if rel.startswith("texts/") else MAX_BYTES


def too_big(rel: str, size: int, limit: int) -> Problem:
    return Problem(rel, 1, "(file)", f"file is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB a case file "
                   "may be", "check that the right file is here, or split it")


@dataclass(frozen=True)
class Read:
    """What reading a file gave: its text (None when it could not be read) and its problems."""

    text: str | None
    problems: list[Problem]


def is_skipped(name: str) -> bool:
    """A hidden file or one an editor or another system leaves beside the real file."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))


def listing(root: Path, folder: str, suffixes: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
    """The case files (relative paths, sorted) in a folder of the case with one of the suffixes, and a note
    for each hidden or editor's file skipped. Anything else in the folder is for the caller to judge."""
    found: list[str] = []
    notes: list[Problem] = []
    try:
        names = sorted(entry.name for entry in os.scandir(root / folder))
    except OSError:
        return [], []
    for name in names:
        rel = f"{folder}/{name}"
        if is_skipped(name):
            if name.endswith(suffixes) or name.rstrip("~#").endswith(suffixes):
                notes.append(Problem(rel, 0, "(file)", "a hidden file or an editor's copy, so it was not read",
                                     "nothing to do if an editor or another program left it; if it is a case file, "
                                     "rename it without the mark",
                                     "note"))
            continue
        found.append(rel)
    return found, notes


def read_text(root: Path, rel: str, limit: int = MAX_BYTES) -> Read:
    """The text of a file of the case, UTF-8, with its line breaks made `\\n`; or None and the problem."""
    path = root / rel
    refused = _refused(root, path, rel)
    if refused is not None:
        return Read(None, [refused])
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # a pipe opens at once
    except OSError as err:
        return Read(None, [Problem(rel, 0, "(file)", f"cannot be read: {err.strerror.lower()}",
                                   "check that the file exists and that you may read it")])
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return Read(None, [_not_a_file(rel)])
        raw = handle.read(limit + 1)  # never more, whatever the size said: the file may grow while it is read
    if len(raw) > limit:
        return Read(None, [too_big(rel, max(status.st_size, len(raw)), limit)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return Read(None, [Problem(rel, line, "(file)", f"file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot "
                                   "be decoded)", "save the file with UTF-8 encoding")])
    if "\r" in text:  # old Mac (CR) and Windows (CR LF) line breaks: lines are counted as an editor counts them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Read(text, [])


def exists(root: Path, rel: str) -> bool:
    """Whether the case has something at this name (a broken link counts: it is reported when read)."""
    return os.path.lexists(root / rel)


def _refused(root: Path, path: Path, rel: str) -> Problem | None:
    if not os.path.lexists(path):
        return Problem(rel, 0, "(file)", "file is missing", "add it, or fix the name")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return Problem(rel, 0, "(file)", "is a link to a file that does not exist",
                       "remove the link, or point it at a file in the case folder")
    if not real.is_relative_to(_real_root(str(root))):
        return Problem(rel, 0, "(file)", "is a link to a file outside the case folder, so it was not read",
                       "copy the file into the case folder instead of linking to it")
    if not real.is_file():
        return _not_a_file(rel)
    return None


@lru_cache(maxsize=64)
def _real_root(root: str) -> Path:
    """A case folder's real path, worked out once (every file's check needs it). Kept safely: a file is read only if
    its own real path, worked out afresh, lies under this one, so a folder moved or linked elsewhere since can only
    make the check refuse, never let a file from outside through."""
    return Path(root).resolve()


def _not_a_file(rel: str) -> Problem:
    return Problem(rel, 0, "(file)", "is not a file (a folder, a device or a pipe), so it was not read",
                   "put a plain text file under this name, or remove it")

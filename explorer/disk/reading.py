"""Reading a case folder within bounds: which files may be read, and reading them.

Only regular files inside the case folder are read (explorer.disk.bounds). A name that is not plain (`..`, an
absolute path, a hidden part) or a link that leads out of the folder (to /etc/passwd, say) is refused, as are
folders, devices and pipes that carry a case file's name, and no read takes more than the limit plus one byte,
whatever the file claims to be. Hidden files (`.name`) and the files editors and other systems leave beside a
case (`.#name.yaml`, `._name.yaml`, `name.yaml~`, `#name.yaml#`) are skipped with a note, never read: they must
not win over the real file. The writers read through here too (explorer.disk.writing.current): there is one
reader.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from explorer.disk import bounds
from explorer.disk.layout import MAX_BYTES, is_skipped
from explorer.problem import Problem


def too_big(rel: str, size: int, limit: int) -> Problem:
    return Problem(rel, 1, "(file)", f"file is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB a case file "
                   "may be", "check that the right file is here, or split it")


@dataclass(frozen=True)
class Read:
    """What reading a file gave: its text (None when it could not be read) and its problems."""

    text: str | None
    problems: list[Problem]


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


def read_bytes(root: Path, rel: str, limit: int = MAX_BYTES) -> tuple[bytes | None, Problem | None]:
    """The bytes of a file of the case, no more than `limit`; or None and the problem."""
    path = Path(root) / rel
    refused = _refused(Path(root), path, rel)
    if refused is not None:
        return None, refused
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # a pipe opens at once
    except OSError as err:
        return None, Problem(rel, 0, "(file)", f"cannot be read: {(err.strerror or str(err)).lower()}",
                             "check that the file exists and that you may read it")
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None, _not_a_file(rel)
        raw = handle.read(limit + 1)  # never more, whatever the size said: the file may grow while it is read
    if len(raw) > limit:
        return None, too_big(rel, max(status.st_size, len(raw)), limit)
    return raw, None


def read_text(root: Path, rel: str, limit: int = MAX_BYTES) -> Read:
    """The text of a file of the case, UTF-8, with its line breaks made `\\n`; or None and the problem."""
    raw, problem = read_bytes(root, rel, limit)
    if raw is None:
        return Read(None, [problem] if problem is not None else [])
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
    return bounds.is_plain(rel) and os.path.lexists(Path(root) / rel)


def _refused(root: Path, path: Path, rel: str) -> Problem | None:
    if not bounds.is_plain(rel):
        return Problem(rel, 0, "(file)", "is not a name of a file in the case folder, so it was not read",
                       "give the name of a file inside the case folder")
    if not os.path.lexists(path):
        return Problem(rel, 0, "(file)", "file is missing", "add it, or fix the name")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return Problem(rel, 0, "(file)", "is a link to a file that does not exist",
                       "remove the link, or point it at a file in the case folder")
    if not bounds.stays_inside(root, real):
        return Problem(rel, 0, "(file)", "is a link to a file outside the case folder, so it was not read",
                       "copy the file into the case folder instead of linking to it")
    if not real.is_file():
        return _not_a_file(rel)
    return None


def _not_a_file(rel: str) -> Problem:
    return Problem(rel, 0, "(file)", "is not a file (a folder, a device or a pipe), so it was not read",
                   "put a plain text file under this name, or remove it")

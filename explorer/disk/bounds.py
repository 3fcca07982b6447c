"""The one rule of a case folder: nothing outside it is read or written.

A file of the case is named by a plain relative name (not empty, not absolute, no `..`, no hidden part such as
`.git/`), and the path it names stays inside the folder once every link on the way is followed. The readers
(explorer.disk.reading) and the writers (explorer.disk.writing) both ask these questions, and each says a
refusal in its own words; a new case's folder, and a case the library lists, lies straight inside its folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def is_plain(rel: str) -> bool:
    """Whether `rel` is a name of a file in a folder: relative, with no `..` and no hidden part."""
    parts = Path(rel).parts
    return bool(rel) and not Path(rel).is_absolute() and ".." not in parts and not any(p.startswith(".") for p in parts)


def stays_inside(root: Path, real: Path) -> bool:
    """Whether a resolved path (every link followed) lies inside the folder `root`."""
    return real.is_relative_to(_real_root(str(root)))


@lru_cache(maxsize=64)
def _real_root(root: str) -> Path:
    """A case folder's real path, worked out once (every file's check needs it). Kept safely: a file passes only if
    its own real path, worked out afresh, lies under this one, so a folder moved or linked elsewhere since can only
    make the check refuse, never let a file from outside through."""
    return Path(root).resolve()


def straight_in(within: Path, folder: Path) -> bool:
    """Whether `folder`, once links are followed, is a folder straight inside `within` (not deeper, not out)."""
    return Path(folder).resolve().parent == Path(within).resolve()

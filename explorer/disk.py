"""Writing the case's files: the one place in the core that writes to disk (the command line and the workshop
call it). Every write is atomic: the text goes to a temporary file beside the target, which is then renamed
over it, so a reader sees the old file or the new one, never half of one, and a failed write leaves the old
file as it was."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes to path through a temporary file and a rename; keeps the file's mode."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- the workshop's writes: refused when the file changed since it was read, and undone -----------------


class WriteRefused(Exception):
    """A write that was not made: the message names the file, says why and what to do."""


def digest(text: str | None) -> str | None:
    """What a page remembers of a file it read: a hash of its text (None for a file that did not exist)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def current(root: Path, rel: str) -> str | None:
    """A case file's text as it is on disk now (line breaks made `\\n`, as the pages read it); None when there
    is no such file."""
    path = inside(root, rel)
    if not os.path.lexists(path):
        return None
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise WriteRefused(f"{rel} cannot be read: {(err.strerror or str(err)).lower()}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteRefused(f"{rel} is not UTF-8 text, so the workshop will not change it; save it as UTF-8 "
                           "first") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def inside(root: Path, rel: str) -> Path:
    """The path of a file of the case; refused when the name (or a link on the way) leads out of the case
    folder, or is not a plain relative name."""
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or ".." in parts or any(p.startswith(".") for p in parts):
        raise WriteRefused(f"`{rel}` is not a name of a file in the case folder")
    path = Path(root) / rel
    real_root = Path(root).resolve()
    if not path.resolve().is_relative_to(real_root):
        raise WriteRefused(f"{rel} leads out of the case folder (a link?), so the workshop will not write it")
    return path


@dataclass(frozen=True)
class Write:
    """One file of a change: its text before (None: it did not exist) and after (None: removed)."""

    rel: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Change:
    """What one save did, in words and file by file: the journal keeps it, so that it can be undone."""

    what: str
    writes: tuple[Write, ...]


STALE = ("{rel} changed on disk after this page read it (someone else, or another program, saved it), so "
         "nothing was written. What you typed is still in the form; the page now shows the file as it is: check "
         "it, then save again.")


def save(root: Path, what: str, files: dict[str, tuple[str | None, str | None]]) -> Change:
    """Write several files of the case as one change: rel -> (the digest of the text the page read, the new
    text). Refused, before anything is written, if any file is no longer what the page read (STALE); each
    file is written atomically. The change, for the journal."""
    writes = []
    for rel, (seen, _) in files.items():
        before = current(root, rel)
        if digest(before) != seen:
            raise WriteRefused(STALE.format(rel=rel))
        writes.append(Write(rel, before, files[rel][1]))
    _apply(root, [(w.rel, w.after) for w in writes])
    return Change(what, tuple(writes))


def undo(root: Path, change: Change) -> Change:
    """Put back every file of a change as it was before it; refused, before anything is written, when a file
    has changed since the change was made. The undoing, as a change of its own."""
    for w in change.writes:
        if current(root, w.rel) != w.after:
            raise WriteRefused(f"{w.rel} has changed since “{change.what}”, so that change was not undone (undoing "
                               "it would lose the later change); edit the file instead")
    _apply(root, [(w.rel, w.before) for w in change.writes])
    return Change(f"undo {change.what}", tuple(Write(w.rel, w.after, w.before) for w in change.writes))


def _apply(root: Path, files: list[tuple[str, str | None]]) -> None:
    for rel, text in files:
        path = inside(root, rel)
        try:
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, text)
        except OSError as err:
            raise WriteRefused(f"{rel} could not be written: {(err.strerror or str(err)).lower()}; nothing you "
                               "typed is lost, the form is still filled") from None

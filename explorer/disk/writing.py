"""Writing the case's files: the one place that writes a case folder's files (the command line and the workshop
call it; the synthetic cases of the tests and benchmarks are written by explorer/synthetic.py, the poll store by
its database). A name is written only where the folder's one rule (explorer.disk.bounds) allows it, and what a
writer reads first (the file as it is now, the bytes an undo puts back) is read by the one bounded reader
(explorer.disk.reading). Every write is atomic: the text goes to a temporary file beside the target, which is then renamed
over it, so a reader sees the old file or the new one, never half of one, and a failed write leaves the old
file as it was."""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.disk import bounds, layout, reading
from explorer.disk.layout import limit_for
from explorer.problem import ExplorerError, Problem


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes to path through a temporary file and a rename; keeps the file's mode."""
    path = Path(path)
    temp = _stage(path, data.encode("utf-8") if isinstance(data, str) else data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _stage(path: Path, raw: bytes) -> Path:
    """The bytes in a temporary file beside path (its folder made), with path's mode: ready to be renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


# --- the workshop's writes: refused when the file changed since it was read, and undone -----------------


class WriteRefused(ExplorerError):
    """A write that was not made: the message names the file, says why and what to do."""


class Stale(WriteRefused):
    """A write refused because a file changed on disk after the page read it."""


def digest(text: str | None) -> str | None:
    """What a page remembers of a file it read: a hash of its text (None for a file that did not exist)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def current(root: Path, rel: str) -> str | None:
    """A case file's text as it is on disk now (line breaks made `\\n`, as the pages read it); None when there
    is no such file. Read by the loader's own reader (explorer.disk.reading.read_text): a regular file inside the case,
    no more than the loader's limit, so a pipe or a huge file under a case file's name is refused, not waited on."""
    path = inside(root, rel)
    if not os.path.lexists(path):
        return None
    read = reading.read_text(Path(root), rel, limit_for(rel))
    if read.text is None:
        raise _unreadable(read.problems[0])
    return read.text.removeprefix("\ufeff")


def promise(rel: str, text: str) -> None:
    """The one writer's promise: what is written is what the loader reads back. Refused, with the reason, when
    the text is bigger than the loader reads (explorer.disk.layout.limit_for), or, for a YAML file, when the loader
    would not read it, or would read a value otherwise than the writer meant (`No` as false, `12:30` as a
    number)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit_for(rel):
        problem = reading.too_big(rel, size, limit_for(rel))
        raise WriteRefused(f"{rel} would be {size / 1e6:.1f} MB, more than the {limit_for(rel) / 1e6:.0f} MB "
                           "the explorer reads, so nothing was written; " + problem.hint)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise WriteRefused(f"{rel} would hold {text[err.start:err.end]!r}, which is not text (bytes that were not "
                           "UTF-8), so nothing was written; type it again") from None
    if not rel.endswith((".yaml", ".yml")):
        return
    from explorer import document, workshop

    read = document.parse(text, rel)
    wrong = next((p for p in read.problems if p.level == "error"), None)
    if wrong is None and read.data is not None:
        where = _read_otherwise(workshop.load(text), read.data, "")
        if where is not None:
            wrong = Problem(rel, 1, where or "(file)", "would be read back as something else than was written")
    if wrong is not None:
        raise WriteRefused(f"{rel} was not written: the explorer could not read it back as written ({wrong}); "
                           "nothing was changed, and what you typed is still in the form")


def _read_otherwise(meant: Any, read: Any, path: str) -> str | None:
    """The first field (a path such as evidence[0].note) where the loader reads text the writer wrote as text
    otherwise; None when every piece of text reads back as written."""
    if isinstance(meant, str):
        return None if isinstance(read, str) and read == str(meant) else path
    if isinstance(meant, dict) and isinstance(read, dict):
        for key, value in meant.items():
            if key not in read:
                return f"{path}.{key}" if path else str(key)
            found = _read_otherwise(value, read.get(key), f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(meant, list) and isinstance(read, list) and len(meant) == len(read):
        for index, (value, back) in enumerate(zip(meant, read, strict=True)):
            found = _read_otherwise(value, back, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def inside(root: Path, rel: str) -> Path:
    """The path of a file of the case; refused when the name (or a link on the way) leads out of the case
    folder, or is not a plain relative name."""
    if not bounds.is_plain(rel):
        raise WriteRefused(f"`{rel}` is not a name of a file in the case folder")
    path = Path(root) / rel
    if not bounds.stays_inside(root, path.resolve()):
        raise WriteRefused(f"{rel} leads out of the case folder (a link?), so the workshop will not write it")
    return path


@dataclass(frozen=True)
class Write:
    """One file of a change: its text before (None: it did not exist) and after (None: removed)."""

    rel: str
    before: str | None
    after: str | None
    raw: bytes | None = None  # the file's bytes before, as they were: what an undo puts back


@dataclass(frozen=True)
class Change:
    """What one save did, in words and file by file: the journal keeps it, so that it can be undone."""

    what: str
    writes: tuple[Write, ...]


STALE = ("{rel} changed on disk after this page read it (someone else, or another program, saved it), so "
         "nothing was written. What you typed is still in the form.")


def new_case_folder(within: Path, name: str) -> Path:
    """The folder of a new case `name` (an id, checked by the caller) in the workshop folder `within`; refused
    when `within` is not a folder, or the name is a link or leads anywhere but straight into `within`."""
    within, target = Path(within), Path(within) / name
    if os.path.lexists(within) and not within.is_dir():
        raise WriteRefused(f"the workshop folder {within} is a file, not a folder, so no case can be started in "
                           "it; give the server another --workshop-root")
    if target.is_symlink():
        raise WriteRefused(f"{name} in {within} is a link (to {os.readlink(target)}), so the workshop will not start "
                           "a case there; give another name")
    if not bounds.straight_in(within, target):
        raise WriteRefused(f"{name} leads out of the workshop folder {within}, so the workshop will not start a case "
                           "there; give another name")
    return target


def save(root: Path, what: str, files: dict[str, tuple[str | None, str | None]], within: Path | None = None,
         folders: tuple[str, ...] = ()) -> Change:
    """Write several files of the case as one change: rel -> (the digest of the text the page read, the new
    text). Refused, before anything is written, if any file is no longer what the page read (STALE), or, for
    a new case chosen in the workshop folder `within`, when its folder is not straight inside it; `folders`
    are made (empty) as well. The files are all written or none (see _apply). The change, for the journal."""
    if within is not None and Path(root) != new_case_folder(within, Path(root).name):
        raise WriteRefused(f"{root} is not a folder of the workshop folder {within}")
    writes = []
    for rel, (seen, _) in files.items():
        before = current(root, rel)
        if digest(before) != seen:
            raise Stale(STALE.format(rel=rel))
        writes.append(Write(rel, before, files[rel][1], _raw(root, rel)))
    for w in writes:
        if w.after is not None:
            promise(w.rel, w.after)  # before anything is made: a refused change leaves no folder behind
    for rel in folders:
        try:
            inside(root, rel).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WriteRefused(f"the folder {rel} could not be made in {root}: {(err.strerror or str(err)).lower()}; "
                               "nothing you typed is lost, the form is still filled") from None
    _apply(root, [(w.rel, w.after) for w in writes], promised=True)
    return Change(what, tuple(writes))


def undo(root: Path, change: Change) -> Change:
    """Put back every file of a change as it was before it; refused, before anything is written, when a file
    has changed since the change was made. The undoing, as a change of its own."""
    for w in change.writes:
        if current(root, w.rel) != w.after:
            raise WriteRefused(f"{w.rel} has changed since “{change.what}”, so that change was not undone (undoing "
                               "it would lose the later change); edit the file instead")
    afters = [_raw(root, w.rel) for w in change.writes]
    _apply(root, [(w.rel, w.raw if w.raw is not None else w.before) for w in change.writes])
    return Change(f"undo {change.what}", tuple(Write(w.rel, w.after, w.before, raw)
                                               for w, raw in zip(change.writes, afters, strict=True)))


def _raw(root: Path, rel: str) -> bytes | None:
    """A file's bytes as they are (None: there is none), read within bounds by the one reader."""
    if not os.path.lexists(inside(root, rel)):
        return None
    raw, problem = reading.read_bytes(Path(root), rel, limit_for(rel))
    if problem is not None:
        raise _unreadable(problem)
    return raw


def _unreadable(problem: Problem) -> WriteRefused:
    return WriteRefused(f"{problem.file} {problem.message}, so the workshop will not change it; {problem.hint}")


def styled(text: str, old: bytes | None) -> bytes:
    """New text as the file it replaces was written: with its byte order mark and its `\r\n` line ends."""
    if old and b"\r\n" in old:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    raw = text.encode("utf-8")
    return codecs.BOM_UTF8 + raw if old and old.startswith(codecs.BOM_UTF8) and not raw.startswith(codecs.BOM_UTF8) \
        else raw


def _apply(root: Path, files: list[tuple[str, str | bytes | None]], promised: bool = False) -> None:
    """All the files or none: each new text first goes to a temporary file beside its target, then all are
    renamed over their targets; when one cannot be, those already renamed are put back as they were. Text
    keeps the line ends and byte order mark of the file it replaces; bytes are written as they are."""
    staged: list[tuple[str, Path, Path | None]] = []
    rel = ""
    for rel, data in files:
        if isinstance(data, str) and not promised:
            promise(rel, data)
    try:
        try:
            for rel, data in files:
                path = inside(root, rel)
                old = _raw(root, rel)
                raw = None if data is None else data if isinstance(data, bytes) else styled(data, old)
                staged.append((rel, path, None if raw is None else _stage(path, raw)))
            done: list[tuple[Path, bytes | None]] = []
            try:
                for rel, path, temp in staged:
                    old = _raw(root, rel)
                    if temp is None:
                        path.unlink(missing_ok=True)
                    else:
                        os.replace(temp, path)
                    done.append((path, old))
            except (OSError, WriteRefused):
                for path, old in reversed(done):
                    if old is None:
                        path.unlink(missing_ok=True)
                    else:
                        write_atomic(path, old)
                raise
        finally:
            for _, _, temp in staged:
                if temp is not None:
                    temp.unlink(missing_ok=True)
    except OSError as err:
        raise WriteRefused(f"{rel} could not be written: {(err.strerror or str(err)).lower()}; nothing was changed, "
                           "and nothing you typed is lost: the form is still filled") from None


COPIED = (layout.THESES, layout.TEXTS, layout.SCHEMAS)  # the folders of a case copied with its files


def case_files(source: Path) -> list[str]:
    """The files of a case the explorer reads, or that its authors use: case.yaml, sources.yaml, the optional
    files, its README, its claim files, its sources' texts and its schemas (nothing else of the folder)."""
    rels = [rel for rel in (layout.CASE, layout.SOURCES, *layout.OPTIONAL, layout.README)
            if os.path.lexists(inside(source, rel))]
    for folder, suffixes in ((layout.THESES, layout.YAML), (layout.TEXTS, (layout.TEXT,)), (layout.SCHEMAS, (".json",))):
        listed, _ = reading.listing(Path(source), folder, suffixes)
        rels += [rel for rel in listed if rel.endswith(suffixes)]
    return rels


def copy_case(source: Path, within: Path, name: str, what: str,
              retitle: Callable[[str], str] | None = None) -> tuple[Path, Change]:
    """Copy a case into the workshop folder `within`, as the new case `name` (an id, checked by the caller): each
    file read by the one reader (inside `source`, within its limit), written as one change by `save` (straight
    inside `within`, refused when the name is taken); `retitle` changes the copy's case file's text (its title) in
    the same change. The new folder and the change."""
    target = new_case_folder(within, name)
    if os.path.lexists(target):
        raise WriteRefused(f"a case named {name} is already in the workshop folder, so nothing was copied; "
                           "give another name")
    files: dict[str, tuple[str | None, str | None]] = {}
    for rel in case_files(source):
        text = current(source, rel)
        if text is not None:
            files[rel] = (None, text)
    if layout.CASE not in files:
        raise WriteRefused(f"{source.name} has no {layout.CASE} that can be read, so it was not copied")
    if retitle is not None:
        files[layout.CASE] = (None, retitle(files[layout.CASE][1]))
    return target, save(target, what, files, within, COPIED)

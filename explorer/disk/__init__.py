"""The case folder on disk: its layout, the one rule that keeps every read and write inside it, reading within
bounds and writing atomically.

One noun a module, everything public re-exported here (`from explorer import disk; disk.read_text(root, rel)`):

- `layout`: the one table of the case's file names (case.yaml, sources.yaml, theses/, texts/, ...) and the
  most bytes each may hold; every module that names a case file takes the name from it;
- `bounds`: the rule: a plain relative name, and a path that stays inside the folder once links are followed;
- `reading`: regular files inside the folder only, never more than the limit; hidden and editor's files skipped;
- `writing`: atomic writes; the workshop's saves (refused when a file changed since it was read, or when the
  loader would not read back what is written) and their undo.

Nothing outside the configured folders is read, written or shown: the readers and the writers ask the same
questions of `bounds`, and the writers read what is on disk through the one reader.
"""

from __future__ import annotations

from explorer.disk import bounds, layout
from explorer.disk.layout import MAX_BYTES, TEXT_LIMIT, is_skipped, limit_for
from explorer.disk.reading import Read, exists, listing, read_bytes, read_text, too_big
from explorer.disk.writing import (
    STALE,
    Change,
    Stale,
    Write,
    WriteRefused,
    case_files,
    copy_case,
    current,
    digest,
    inside,
    new_case_folder,
    promise,
    save,
    styled,
    undo,
    write_atomic,
)

__all__ = [
    "MAX_BYTES", "STALE", "TEXT_LIMIT", "Change", "Read", "Stale", "Write", "WriteRefused", "bounds", "case_files",
    "copy_case", "current",
    "digest", "exists", "inside", "is_skipped", "layout", "limit_for", "listing", "new_case_folder", "promise",
    "read_bytes", "read_text", "save", "styled", "too_big", "undo", "write_atomic",
]

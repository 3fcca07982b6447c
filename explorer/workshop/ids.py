"""Ids and the file names made from them: checked, made from a title, never taken twice."""

from __future__ import annotations

import re

from explorer.disk import layout
from explorer.model import ID_MAX, ID_PATTERN
from explorer.workshop.edit import WorkshopError

_ID = re.compile(ID_PATTERN)


def check_id(value: str, what: str) -> str:
    """An id that may name a file (lower case, digits and underscores, starting with a letter), or a
    WorkshopError that says how to write one. Nothing else becomes a file name: no `/`, `..` or dot."""
    if not is_id(value):
        raise WorkshopError(f"“{value}” cannot be the {what}'s short name: use only the letters a to z in lower case, "
                            f"digits and _, starting with a letter, such as lost_prestige ({ID_MAX} characters at most)")
    return value


def is_id(value: str) -> bool:
    """Whether check_id would take it."""
    return isinstance(value, str) and bool(_ID.fullmatch(value)) and len(value) <= ID_MAX


def id_made_from(text: str, asked: str) -> str:
    """id_from(text); a WorkshopError when the text is not empty but no id can be made from it (it has none of
    the letters a-z or digits, as a question in Cyrillic or Greek), that says so and `asked` (what to give)."""
    made = id_from(text)
    if not made and text.strip():
        raise WorkshopError(f"no short name can be made from “{' '.join(text.split())}” (a short name has only the "
                            f"letters a to z, digits and _); {asked}")
    return made


def id_from(title: str) -> str:
    """An id made from a title: `The alliance system` -> `the_alliance_system` (empty when nothing is left)."""
    words = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    words = re.sub(r"^[0-9_]+", "", words)
    return words[:ID_MAX].rstrip("_")


def fresh_id(text: str, taken: set[str] | list[str], fallback: str) -> str:
    """An id for a new item that a person never sees (an event, a contested fact, a question): made from its words,
    `fallback` when none of them can make one, with _2, _3, ... when the id is taken."""
    base = id_from(text) or fallback
    base = base[:ID_MAX - 4].rstrip("_") or fallback
    made, n = base, 1
    while made in taken:
        n += 1
        made = f"{base}_{n}"
    return made


def thesis_file(thesis_id: str) -> str:
    """The claim file of a thesis, relative to the case folder."""
    return layout.thesis(check_id(thesis_id, "thesis"))

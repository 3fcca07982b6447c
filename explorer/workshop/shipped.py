"""A case that comes with the explorer (the served case, or one of a server's case folders) is not changed from the
workshop by accident: only the cases in the workshop folder are, unless the server allows more (`--edit-served-case`,
for case authors). The rule and its words."""

from __future__ import annotations

from explorer.workshop.ids import fresh_id

READ_ONLY = ("This case comes with the explorer and is not changed here. Start a new case, or make a copy of it to "
             "change.")
COPY = "Make a copy to change"
COPY_HELP = ("Copies this case, with its sources, explanations and passages, into the workshop's own folder under a new "
             "name, and opens the copy. The case that comes with the explorer stays as it is.")


def changeable(in_workshop: bool, allowed: bool) -> bool:
    """Whether the workshop may change a case: one in the workshop folder, or any when the server allows it."""
    return in_workshop or allowed


def copy_name(name: str, taken: set[str] | list[str]) -> str:
    """The name of a copy of the case `name`: `<name>_copy`, then `_copy_2`..., never one already taken."""
    return fresh_id(f"{name.split('-')[0]} copy", taken, "case_copy")


def copied(title: str) -> str:
    """What the change of a copy is called (the undo and the saved message name it)."""
    return f"copy the case “{title}” into the workshop"


def copy_title(title: str) -> str:
    """The title of a copy, so that the case list tells it from the case it was copied from."""
    return f"{title} (your copy)"

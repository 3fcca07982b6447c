"""Unsaved changes to a form's item (a thesis, a source's details, a historian, an event, a contested fact): what
differs from what the form was filled with, and how the page says so. Kept per item while the session lasts, so that
opening another item and coming back finds them again."""

from __future__ import annotations

from collections.abc import Mapping

EMPTY = ("", None, [], ())


def changes(filled: Mapping[str, object], now: Mapping[str, object]) -> dict[str, object]:
    """The fields of `now` that differ from what the form was filled with (`filled`); a field the filling did not
    set counts only when it holds something (an empty row a form adds is no change)."""
    return {key: value for key, value in now.items()
            if (value != filled[key] if key in filled else value not in EMPTY)}


def here(what: str) -> str:
    """The line beside a form whose item has changes not saved yet: `what` is the item, such as "this thesis"."""
    return (f"You have changed {what} and not saved it yet. Your changes are kept while this browser tab stays open, "
            "even if you open something else and come back; reloading the page loses them. Save them, or drop them "
            "to go back to what is saved.")


def kept_for(names: list[str]) -> str:
    """The line that names the other items whose unsaved changes are kept aside."""
    listed = [f"“{name}”" for name in names]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return (f"Changes not saved yet are kept for {joined}: choose {'it' if len(listed) == 1 else 'one'} above to "
            "go on with them, or to drop them.")


DROP = "Drop my changes"

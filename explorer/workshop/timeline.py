"""timeline.yaml: dated events added, changed and removed."""

from __future__ import annotations

import re
from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import (
    WorkshopError,
    _append,
    _dump_list,
    _find,
    _list_file,
    _remove,
    _set_fields,
    dump,
    flow,
)

EVENT_ORDER = ("id", "date", "title", "source", "quote", "theses", "contested")


def check_date(text: str) -> str:
    """A date as timeline.yaml writes it (a year, a month or a day, year first), or a WorkshopError that says how
    to write one."""
    from datetime import date

    value = text.strip()
    how = "write the year first, then the month (01 to 12) and the day, such as 1964, 1964-10 or 1964-10-14"
    if not value:
        raise WorkshopError(f"Write when it happened: {how}")
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        if found is None:
            raise ValueError
        date(int(found[1]), int(found[2] or 1), int(found[3] or 1))
    except ValueError:
        raise WorkshopError(f"“{value}” is not a date that can be put on the timeline: {how}") from None
    return value


def event_record(event_id: str, date: str, title: str, source: str, quote: str, theses: list[str],
                 contested: str | None) -> dict[str, Any]:
    """A dated event as timeline.yaml writes it, its fields in the usual order (no theses or contested fact when
    it names none)."""
    record: dict[str, Any] = {"id": event_id, "date": date.strip(), "title": " ".join(title.split()),
                              "source": source, "quote": " ".join(quote.split())}
    if theses:
        record["theses"] = flow(list(theses))
    if contested:
        record["contested"] = contested
    return record


def add_event(text: str | None, record: dict[str, Any]) -> str:
    """timeline.yaml with one more event at the end (the file started when the case has none)."""
    from ruamel.yaml.comments import CommentedMap

    data, items = _list_file(text, "events", layout.TIMELINE)
    if any(isinstance(e, dict) and e.get("id") == record["id"] for e in items):
        raise WorkshopError(f"an event with the id `{record['id']}` is already in {layout.TIMELINE}; choose it to change it")
    _append(items, CommentedMap(record))
    return _dump_list(data, "events")


def update_event(text: str, event_id: str, record: dict[str, Any]) -> str:
    """timeline.yaml with one event's fields set to the record's (no theses or contested fact: the field goes);
    the other events and the comments kept."""
    data, items = _list_file(text, "events", layout.TIMELINE)
    item = items[_find(items, event_id, layout.TIMELINE, "event")]
    _set_fields(item, {"theses": [], "contested": None, **{k: v for k, v in record.items() if k != "id"}})
    return _dump_list(data, "events")


def remove_event(text: str, event_id: str) -> str:
    """timeline.yaml without the event (an empty `events: []` when it was the last)."""
    data, items = _list_file(text, "events", layout.TIMELINE)
    index = _find(items, event_id, layout.TIMELINE, "event")
    _remove(data, "events", index)
    return dump(data)

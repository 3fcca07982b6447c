"""contested.yaml: facts on which the sources disagree, each with two sources' readings or more."""

from __future__ import annotations

from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import (
    WorkshopError,
    _append,
    _dump_list,
    _find,
    _list_file,
    _pop,
    _prose,
    _remove,
    _set_fields,
    _set_items,
    dump,
    flow,
)


def reading(source: str, quote: str, says: str) -> dict[str, Any]:
    """A source's reading of a contested fact, as contested.yaml writes it."""
    return {"source": source, "quote": " ".join(quote.split()), "says": " ".join(says.split())}


def fact_record(fact_id: str, question: str, readings: list[dict[str, Any]], scholarship: str,
                theses: list[str]) -> dict[str, Any]:
    """A contested fact as contested.yaml writes it (no scholarship or theses when it has none)."""
    record: dict[str, Any] = {"id": fact_id, "question": " ".join(question.split()),
                              "readings": [dict(r) for r in readings]}
    if scholarship.strip():
        record["scholarship"] = _prose(scholarship)
    if theses:
        record["theses"] = flow(list(theses))
    return record


def check_readings(readings: list[dict[str, Any]]) -> None:
    """Refuse a contested fact whose readings do not come from two sources or more (as the loader would)."""
    if len({r.get("source") for r in readings}) < 2:
        have = "no reading yet" if not readings else (
            "readings from one source only" if len(readings) > 1 else "one reading only")
        raise WorkshopError(f"A contested fact needs the readings of two different sources at least, and it has {have}: "
                            "select what another source says in the text, then add it as a reading")


def add_fact(text: str | None, record: dict[str, Any]) -> str:
    """contested.yaml with one more fact at the end (the file started when the case has none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data, items = _list_file(text, "contested", layout.CONTESTED)
    if any(isinstance(f, dict) and f.get("id") == record["id"] for f in items):
        raise WorkshopError(f"a contested fact with the id `{record['id']}` is already in {layout.CONTESTED}")
    made = CommentedMap({k: v for k, v in record.items() if k != "readings"})
    made.insert(2, "readings", CommentedSeq([CommentedMap(r) for r in record["readings"]]))
    _append(items, made)
    return _dump_list(data, "contested")


def update_fact(text: str, fact_id: str, record: dict[str, Any]) -> str:
    """contested.yaml with one fact's question, readings (by place), scholarship and theses set to the record's;
    the other facts and the comments kept."""
    data, items = _list_file(text, "contested", layout.CONTESTED)
    item = items[_find(items, fact_id, layout.CONTESTED, "contested fact")]
    _set_fields(item, {"scholarship": None, "theses": [],
                       **{k: v for k, v in record.items() if k not in ("id", "readings")}})
    _set_items(item, "readings", record["readings"], ("question",), ("source", "quote"))
    return _dump_list(data, "contested")


def remove_fact(contested_text: str, timeline_text: str | None, fact_id: str) -> tuple[str, str | None, int]:
    """contested.yaml without the fact, and timeline.yaml without the events' mentions of it (so that no event
    names a fact that is gone): the two texts (timeline None when unchanged) and how many events named it."""
    data, items = _list_file(contested_text, "contested", layout.CONTESTED)
    index = _find(items, fact_id, layout.CONTESTED, "contested fact")
    _remove(data, "contested", index)
    naming = 0
    timeline = None
    if timeline_text is not None and timeline_text.strip():
        events, listed = _list_file(timeline_text, "events", layout.TIMELINE)
        for event in listed:
            if isinstance(event, dict) and event.get("contested") == fact_id:
                _pop(event, "contested")
                naming += 1
        timeline = _dump_list(events, "events") if naming else None
    return dump(data), timeline, naming

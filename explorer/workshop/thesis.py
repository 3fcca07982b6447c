"""A claim file's thesis: written new, or its fields, question, proponents, links and gaps changed."""

from __future__ import annotations

from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import (
    WorkshopError,
    _insert_after,
    _prose,
    _put_tail,
    _set_items,
    _take_tail,
    _words,
    dump,
    flow,
    load,
    refused,
)
from explorer.workshop.ids import check_id

THESIS_MODELINE = f"# yaml-language-server: $schema=../{layout.schema('thesis')}\n"

THESIS_ORDER = ("id", "title", "statement", "summary", "scope", "question", "proponents", "evidence", "links", "gaps")


TEXT_FIELDS = ("title", "statement", "summary", "scope")


def _claim(text: str, rel: str) -> Any:
    problem = refused(text, rel)
    if problem is not None:
        raise WorkshopError(f"{rel} is not a claim file that can be read ({problem}); fix it first")
    data = load(text)
    if not isinstance(data, dict):
        raise WorkshopError(f"{rel} is not a claim file that can be read (it does not parse as a mapping of fields); "
                            "fix it first (the Problems page says where)")
    return data


def new_thesis(record: dict[str, Any]) -> str:
    """A new claim file for a thesis: the schema modeline, then its fields in the usual order (empty lists
    left out)."""
    check_id(record.get("id", ""), "thesis")
    data = {k: record[k] for k in THESIS_ORDER if k in record and record[k] not in (None, [], {}, "")}
    if "gaps" in data:
        data["gaps"] = [gap(g["says"], list(g.get("works") or [])) for g in data["gaps"]]
    return THESIS_MODELINE + dump(data)


def update_thesis(text: str, rel: str, record: dict[str, Any], filled: dict[str, Any] | None = None) -> str:
    """A claim file with its title, statement, summary, scope, proponents and links set to the record's; the
    passages, comments, order and modeline kept. A proponent or link that stays keeps its place and any note;
    those no longer given are removed, new ones added at the end; an empty list is removed.

    With `filled` (the record the form was filled from), only what the user changed is written, over the file
    as it is now: a field whose value is still the one filled stays as the file has it (another program may
    have changed it), and of the proponents and links only those the user took away are removed, so that an
    entry the form could not show (a historian not in historians.yaml, a link to a thesis that does not load)
    is kept."""
    data = _claim(text, rel)
    for key in TEXT_FIELDS:
        if key not in record or (filled is not None and _words(filled.get(key)) == _words(record[key])):
            continue
        if _words(data.get(key)) != _words(record[key]):  # unchanged: its block style stays
            data[key] = _prose(record[key])
    for key in ("question", "gaps"):  # the question it answers; what the scholarship says that no source shows
        if key not in record or (filled is not None and filled.get(key) == record[key]):
            continue
        if key == "question":
            _set_question(data, record[key])
        else:
            _set_items(data, "gaps", [{"says": _prose(g["says"]), "works": flow(list(g.get("works") or []))}
                                      for g in record[key]])
    for key, same in (("proponents", ("historian", "source")), ("links", ("thesis",))):
        if key not in record:
            continue
        wanted = record[key]
        if filled is not None:
            def named(item: Any, same: tuple[str, ...] = same) -> tuple:
                return tuple(item.get(k) for k in same)

            before = {named(i): i for i in filled.get(key, [])}
            now = {named(i): i for i in wanted}
            if before == now:
                continue
            taken = {k for k in before if k not in now}
            wanted = [dict(i) for i in data.get(key) or [] if isinstance(i, dict) and named(i) not in taken
                      and named(i) not in now] + list(wanted)
        _merge_list(data, key, wanted, same)
    return dump(data)


def _set_question(data: Any, question: str | None) -> None:
    """The question a claim file answers: none (the main question) removes the field; a new one goes after the
    scope."""
    if not question:
        data.pop("question", None)
    elif "question" in data:
        data["question"] = question
    else:
        _insert_after(data, next((k for k in ("scope", "summary", "statement", "title", "id") if k in data), None),
                      "question", question)


def gap(says: str, works: list[str]) -> dict[str, Any]:
    """What the scholarship says about a thesis that no source of the case carries, as a claim file writes it."""
    record: dict[str, Any] = {"says": _prose(says)}
    if works:
        record["works"] = flow(list(works))
    return record


def _merge_list(data: Any, key: str, wanted: list[dict[str, Any]], same: tuple[str, ...]) -> None:
    """Make the list under `key` hold the wanted items, in place: an item that matches one of the file's (on
    the `same` fields) updates it where it stands; the file's others are removed; new ones go at the end."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    old = data.get(key)
    if not isinstance(old, list) or (isinstance(old, CommentedSeq) and old.fa.flow_style()):
        old = CommentedSeq()
    used: set[int] = set()
    fresh = []
    for item in wanted:
        match = next((i for i, o in enumerate(old) if i not in used and isinstance(o, dict)
                      and all(o.get(k) == item.get(k) for k in same)), None)
        if match is None:
            fresh.append(CommentedMap(item))
            continue
        used.add(match)
        for k, v in item.items():
            old[match][k] = v
    tail = _take_tail(old)  # the comment lines after the list stay after it
    for i in reversed(range(len(old))):
        if i not in used:
            del old[i]
    old.extend(fresh)
    _put_tail(tail, old)
    if not old:
        keys = list(data)
        if key in data and keys.index(key) > 0:
            _put_tail(tail, data, keys[keys.index(key) - 1])
        data.pop(key, None)
    elif key not in data:
        at = len(data) if key == "links" else (list(data).index("evidence") if "evidence" in data else len(data))
        data.insert(at, key, old)
    else:
        data[key] = old


def add_proponent(text: str, rel: str, historian_id: str, source_id: str) -> str:
    """A claim file with one more proponent (the historian, and the source that says they argue it); the same
    pair already there is left as it is."""
    data = _claim(text, rel)
    wanted = [dict(p) for p in data.get("proponents") or [] if isinstance(p, dict)]
    if not any(p.get("historian") == historian_id and p.get("source") == source_id for p in wanted):
        wanted.append({"historian": historian_id, "source": source_id})
    _merge_list(data, "proponents", wanted, ("historian", "source"))
    return dump(data)

"""A claim file's passages: added, changed, removed, and found again where they moved."""

from __future__ import annotations

from typing import Any

from explorer.workshop.edit import WorkshopError, _append, _delete, _words, dump, load
from explorer.workshop.thesis import _claim


def passage(source: str, quote: str, stance: str, strength: int, note: str,
            bears_on: dict[str, str] | None = None) -> dict[str, Any]:
    """A passage as a claim file writes it, its fields in the usual order (no bears_on when it bears on no
    other thesis)."""
    record: dict[str, Any] = {"source": source, "quote": " ".join(quote.split()), "stance": stance,
                              "strength": strength, "note": " ".join(note.split())}
    if bears_on:
        record["bears_on"] = dict(bears_on)
    return record


def _evidence(data: Any, rel: str, index: int | None = None) -> Any:
    items = data.get("evidence")
    if index is None:
        return items
    if not isinstance(items, list) or not 0 <= index < len(items) or not isinstance(items[index], dict):
        raise WorkshopError(f"{rel} has no passage {index + 1} any more (it has {len(items or [])}); reload the page "
                            "and choose the passage again")
    return items[index]


def add_passage(text: str, rel: str, record: dict[str, Any]) -> str:
    """The claim file with one more passage at the end of its `evidence:` list."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = _claim(text, rel)
    items = data.get("evidence")
    if items is not None and not isinstance(items, list):
        raise WorkshopError(f"{rel}: `evidence` is not a list; fix it first (the Problems page says where)")
    if not items:  # none yet, or `evidence: []`: a block list
        items = CommentedSeq()
        if "evidence" in data:
            data["evidence"] = items
        else:  # before `links:` when there is one, as the files are written
            at = list(data).index("links") if "links" in data else len(data)
            data.insert(at, "evidence", items)
    _append(items, CommentedMap(record))
    return dump(data)


def update_passage(text: str, rel: str, index: int, record: dict[str, Any], shown: set[str] | None = None) -> str:
    """The claim file with passage `index` (0-based, as written in the file) set to the record: each field
    changed in place (its comments kept). Of its bears_on, the theses in `shown` (those the form showed; all
    when None) are set to the record's, the others kept as written; bears_on goes when nothing is left."""
    data = _claim(text, rel)
    item = _evidence(data, rel, index)
    record = dict(record)
    if shown is not None and isinstance(item.get("bears_on"), dict):
        kept = {k: v for k, v in item["bears_on"].items() if k not in shown and k not in record.get("bears_on", {})}
        if kept:
            record["bears_on"] = {**kept, **record.get("bears_on", {})}
    for key, value in record.items():
        if key == "bears_on" and isinstance(item.get(key), dict):
            _set_bears_on(item[key], value)
        elif isinstance(value, str) and isinstance(item.get(key), str) and _words(item[key]) == _words(value):
            continue  # the same words: a folded block stays as it was written
        elif item.get(key) != value:
            item[key] = value
    if "bears_on" not in record:
        item.pop("bears_on", None)
    return dump(data)


def _set_bears_on(old: Any, wanted: dict[str, Any]) -> None:
    for other in [k for k in old if k not in wanted]:
        del old[other]
    for other, how in wanted.items():
        if isinstance(old.get(other), dict) and isinstance(how, str):
            old[other]["stance"] = how  # {stance, strength}: the stance changes, its own strength stays
        else:
            old[other] = how


def remove_passage(text: str, rel: str, index: int) -> str:
    """The claim file without passage `index` (0-based, as written); `evidence:` goes when it was the last."""
    data = _claim(text, rel)
    _evidence(data, rel, index)
    _delete(data, "evidence", index)
    return dump(data)


def as_written(item: Any) -> str:
    """A passage as written, in one string: what a page remembers of the passage it is changing, to find it
    again at the save."""
    import json

    return json.dumps(item, sort_keys=True, default=str, ensure_ascii=False)


def find_passage(text: str, rel: str, index: int, written: str) -> int:
    """Where the passage that was passage `index` (0-based) and was written as `written` (as_written) is in
    the claim file now: there still, or moved (the one passage written so); a WorkshopError when it was
    changed or removed."""
    items = [as_written(item) for item in passages_in(text)]
    if index < len(items) and items[index] == written:
        return index
    if items.count(written) == 1:
        return items.index(written)
    raise WorkshopError(f"passage {index + 1} of {rel} was changed or removed on disk after you chose it, so nothing "
                        "was written. What you typed is still in the form: record it as a new passage, or choose "
                        "the passage again under “Passages recorded”")


def passages_in(text: str) -> list[dict[str, Any]]:
    """The passages as written in a claim file, in its order (an item that is not a mapping as {})."""
    data = load(text)
    items = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [dict(item) if isinstance(item, dict) else {} for item in items]

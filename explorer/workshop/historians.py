"""historians.yaml: historians added and changed, what a source says they argue, and which sources may name them as a thesis's proponents."""

from __future__ import annotations

import re
from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import WorkshopError, _append, _insert_after, _set_fields, dump, flow, load

HISTORIANS_START = f"# yaml-language-server: $schema={layout.schema('historians')}\nhistorians: []\n"


def add_historian(text: str | None, record: dict[str, Any]) -> str:
    """historians.yaml with one more historian (the file started when the case has none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text if text and text.strip() else HISTORIANS_START)
    if not isinstance(data, dict) or not isinstance(data.get("historians"), list):
        raise WorkshopError(f"{layout.HISTORIANS} is not a mapping with a `historians:` list; fix it first "
                            "(the Problems page says where)")
    if any(isinstance(h, dict) and h.get("id") == record["id"] for h in data["historians"]):
        raise WorkshopError(f"a historian with the id `{record['id']}` is already in {layout.HISTORIANS}; choose them "
                            "from the list, or give another id")
    if not isinstance(data["historians"], CommentedSeq) or not data["historians"]:
        data["historians"] = CommentedSeq(list(data["historians"]))
    _append(data["historians"], CommentedMap({k: v for k, v in record.items() if v not in (None, "", [])}))
    out = dump(data)
    return out.replace("historians: []\n", "historians:\n")


def update_historian(text: str, historian_id: str, record: dict[str, Any]) -> str:
    """historians.yaml with one historian's name, what kind of writer they were, who they are and their works set
    to the record's (an empty value removes the field; the kind `historian`, the default, is written only where the
    file already says a kind); their views, the others and the comments kept."""
    data = load(text)
    items = data.get("historians") if isinstance(data, dict) else None
    item = next((h for h in items or [] if isinstance(h, dict) and h.get("id") == historian_id), None)
    if item is None:
        raise WorkshopError(f"no historian with the id `{historian_id}` is in {layout.HISTORIANS} any more (removed on "
                            "disk?); choose them again")
    record = dict(record)
    if record.get("kind") == "historian" and "kind" not in item:
        record.pop("kind")
    if "works" in record:
        record["works"] = flow(list(record["works"])) if record["works"] else []
    if "kind" in record and "kind" not in item:  # after the name, as the files are written
        _insert_after(item, "name" if "name" in item else None, "kind", record.pop("kind"))
    _set_fields(item, record)
    return dump(data)


def add_view(text: str, historian_id: str, view: dict[str, Any]) -> str:
    """historians.yaml with one more view of a historian: what a source says they argue (its words, the thesis)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text)
    item = next((h for h in (data.get("historians") if isinstance(data, dict) else None) or []
                 if isinstance(h, dict) and h.get("id") == historian_id), None)
    if item is None:
        raise WorkshopError(f"no historian with the id `{historian_id}` is in {layout.HISTORIANS} any more")
    if not isinstance(item.get("views"), list) or not item["views"]:
        item["views"] = CommentedSeq()
    _append(item["views"], CommentedMap({k: v for k, v in view.items() if v not in (None, "")}))
    return dump(data)


def names_in(historian: Any, text: str) -> bool:
    """Whether a source's text names the historian: their full name, or their family name (the last word of the
    name) as a whole word, capitals counting."""
    name = " ".join(str(historian.name).split())
    family = name.split()[-1] if name else ""
    return bool(name) and (name in text or bool(family and re.search(rf"(?<!\w){re.escape(family)}(?!\w)", text)))


def proponent_pairs(case: Any) -> list[tuple[str, str]]:
    """The (historian, source) pairs a thesis may name as a proponent: a source that names the historian in its
    text, or that a view of the historian in historians.yaml cites. A source that never names them cannot say
    they argue anything."""
    out = []
    for hid, historian in case.historians.items():
        cited = {v.source for v in historian.views}
        for sid in case.sources:
            if sid in cited or (sid in case.texts and names_in(historian, case.texts[sid])):
                out.append((hid, sid))
    return out

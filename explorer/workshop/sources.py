"""sources.yaml: a source added, its details and defects changed."""

from __future__ import annotations

from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import WorkshopError, _append, _set_fields, dump, load


def add_source(sources_text: str, record: dict[str, Any]) -> str:
    """sources.yaml with one more record at the end of its list, the rest kept as it was written."""
    data = load(sources_text)
    if data is None or not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise WorkshopError(f"{layout.SOURCES} is not a mapping with a `sources:` list; fix it first "
                            "(`explorer validate` says where)")
    ids = {s.get("id") for s in data["sources"] if isinstance(s, dict)}
    if record["id"] in ids:
        raise WorkshopError(f"a source with the id `{record['id']}` is already in {layout.SOURCES}; choose another id")
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not data["sources"] and not isinstance(data["sources"], CommentedSeq):
        data["sources"] = CommentedSeq()
    _append(data["sources"], CommentedMap(record))
    out = dump(data)
    return out.replace("sources: []\n", "sources:\n") if out.count("sources:") == 1 else out


def source_record(source_id: str, kind: str, title: str, authors: list[str], year: str, url: str,
                  origin: str) -> dict[str, Any]:
    """A source's record for sources.yaml as `add-source` and the workshop write it: what was given, and a
    description naming its kind and the file it came from (`origin`; empty for a text pasted in: its kind alone)."""
    from explorer import vocabulary

    record: dict[str, Any] = {"id": source_id, "kind": kind, "title": title.strip() or source_id}
    authors = [a.strip() for a in authors if a.strip()]
    if authors:
        record["authors"] = authors
    if year.strip():
        record["issued"] = year.strip()
    if url.strip():
        record["url"] = url.strip()
    label = vocabulary.SOURCE_KINDS[kind].label if kind in vocabulary.SOURCE_KINDS else kind
    record["description"] = f"{label}, imported from {origin}." if origin else f"{label}."
    return record


SOURCE_DETAILS = ("title", "short_title", "kind", "authors", "issued", "container", "publisher", "place", "url",
                  "accessed", "licence", "language", "description", "trust")


def update_source(text: str, source_id: str, record: dict[str, Any]) -> str:
    """sources.yaml with the details of one source set to the record's (an empty value removes an optional
    field); its other fields, its defects, the other sources and the comments kept."""
    data = load(text)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise WorkshopError(f"{layout.SOURCES} is not a mapping with a `sources:` list; fix it first "
                            "(`explorer validate` says where)")
    item = next((s for s in data["sources"] if isinstance(s, dict) and s.get("id") == source_id), None)
    if item is None:
        raise WorkshopError(f"no source with the id `{source_id}` is in {layout.SOURCES} any more (removed on disk?)")
    _set_fields(item, record)
    return dump(data)


def set_defects(text: str, source_id: str, defects: list[dict[str, Any]]) -> str:
    """sources.yaml with one source's defects set to the list given (none: the field goes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text)
    item = next((s for s in (data.get("sources") if isinstance(data, dict) else None) or []
                 if isinstance(s, dict) and s.get("id") == source_id), None)
    if item is None:
        raise WorkshopError(f"no source with the id `{source_id}` is in {layout.SOURCES} any more (removed on disk?)")
    if defects:
        item["defects"] = CommentedSeq([CommentedMap({k: v for k, v in d.items() if v not in (None, "")})
                                        for d in defects])
    else:
        item.pop("defects", None)
    return dump(data)


def defects_from_form(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A source's defects as a form gives them, a row each ({kind, note, quote}), checked and made ready for
    set_defects: an empty row is left out; a row with a note and no kind, or a kind and no note, is a WorkshopError
    that says which defect (counted as the form shows them) and what to add."""
    from explorer import vocabulary

    out: list[dict[str, str]] = []
    for n, row in enumerate(rows, start=1):
        kind = row.get("kind") or ""
        note = " ".join(str(row.get("note") or "").split())
        quote = " ".join(str(row.get("quote") or "").split())
        if not (kind or note or quote):
            continue
        if kind not in vocabulary.DEFECT_KINDS:
            raise WorkshopError(f"Defect {n}: choose what is wrong with the text (such as "
                                f"“{vocabulary.DEFECT_KINDS['factual_error'].label}”), or empty the row to leave it out")
        if not note:
            raise WorkshopError(f"Defect {n} ({vocabulary.DEFECT_KINDS[kind].label}): say in a sentence what is wrong, "
                                "or empty the row to leave it out")
        out.append({"kind": kind, "note": note, **({"quote": quote} if quote else {})})
    return out

"""The round trip of a case file's YAML text: read it keeping comments and order (ruamel.yaml), change fields and lists in place, write it as the loader will read it back; the workshop's refusal (WorkshopError) and the check of what a form gives."""

from __future__ import annotations

import io
import re
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from explorer.disk import layout
from explorer.problem import ExplorerError

_REPRESENT = {kind: RoundTripRepresenter.yaml_representers[kind]
              for kind in (str, PlainScalarString, LiteralScalarString, FoldedScalarString, SingleQuotedScalarString,
                           DoubleQuotedScalarString)}

_STR = "tag:yaml.org,2002:str"


_YAML11 = pyyaml.resolver.Resolver()  # the loader's (PyYAML's) YAML 1.1 reading of a plain word

_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")


def read_as_text_by_the_loader(text: str) -> bool:
    """Whether the loader (PyYAML, YAML 1.1) reads this word, written plain, as text: not `No`, `on`, `yes`,
    `~`, `12:30` (a number in base 60) or `1_000`, which ruamel.yaml (YAML 1.2) writes plain."""
    return _YAML11.resolve(pyyaml.nodes.ScalarNode, text, (True, False)) == _STR


def _represent_text(representer: Any, data: str) -> Any:
    """Text as the loader will read it back: with escapes in double quotes when it holds a character YAML does
    not allow in a file (a control character, U+0093 from a bad paste), quoted when YAML 1.1 would read the
    plain word as something else; otherwise in the style it had (a `>-` block stays one)."""
    if _UNPRINTABLE.search(data):
        return representer.represent_scalar(_STR, str(data), style='"')
    if not read_as_text_by_the_loader(str(data)) and type(data) in (str, PlainScalarString):
        return representer.represent_scalar(_STR, str(data), style="'")
    return _REPRESENT[type(data)](representer, data)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the case files' style: `  - source:` under `evidence:`
    for kind in _REPRESENT:
        yaml.representer.add_representer(kind, _represent_text)
    return yaml


def load(text: str) -> Any:
    """The data of a YAML text, keeping comments and order; None when it does not parse, or when the loader
    would not read it: ruamel.yaml has no bound on nesting (5,000 `[` are a RecursionError) nor on aliases (600
    bytes expand into a billion strings), so the loader's reader (explorer.document.parse: the C parser, nesting
    at most MAX_DEPTH, no aliases) reads it first, and what it refuses is not read again here."""
    if refused(text) is not None:
        return None
    try:
        return _yaml().load(text)
    except (YAMLError, RecursionError):
        return None


def refused(text: str, rel: str = "(text)") -> Any:
    """The loader's reason (a Problem) for not reading this YAML text at all; None when it reads it."""
    from explorer import document

    if not text.strip():
        return None
    read = document.parse(text, rel)
    return read.problems[0] if read.data is None and read.problems else None


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def dump_plain(data: Any) -> str:
    """New data as block YAML in the case files' style."""
    return dump(data)


def _with_modeline(name: str, text: str) -> str:
    return f"# yaml-language-server: $schema={layout.schema(name)}\n{text}"


def _end_of(node: Any, key: Any = None) -> tuple[Any, Any, int] | None:
    """Where the comment after `node` (or after its entry `key`) is kept: the holder, its key and the place in
    the holder's comment list; None for an empty collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if key is not None:
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
            return _end_of(value)
        return (node, key, 2 if isinstance(node, CommentedMap) else 0)
    if isinstance(node, CommentedMap) and len(node):
        return _end_of(node, list(node)[-1])
    if isinstance(node, CommentedSeq) and len(node):
        return _end_of(node, len(node) - 1)
    return None


def _take_tail(node: Any, key: Any = None) -> Any:
    """The comment lines after node (or its entry key), taken off it (its own comment on its line stays)."""
    from ruamel.yaml.tokens import CommentToken

    end = _end_of(node, key)
    entry = end[0].ca.items.get(end[1]) if end else None
    token = entry[end[2]] if entry and len(entry) > end[2] else None
    if token is None or "\n" not in token.value:
        return None
    own, _, after = token.value.partition("\n")
    if not after:
        return None
    entry[end[2]] = CommentToken(own + "\n", token.start_mark, token.end_mark) if own else None
    return CommentToken("\n" + after, token.start_mark, token.end_mark)


def _put_tail(token: Any, node: Any, key: Any = None) -> None:
    """Put comment lines taken by _take_tail after node (or its entry key), after any comment on its line."""
    from ruamel.yaml.tokens import CommentToken

    end = _end_of(node, key) if token is not None else None
    if end is None:
        return
    holder, at, place = end
    if isinstance(holder[at], (LiteralScalarString, FoldedScalarString)) and token.value.startswith("\n"):
        token = CommentToken(token.value[1:], token.start_mark, token.end_mark)  # a block ends its own line
    entry = holder.ca.items.setdefault(at, [None, None, None, None])
    old = entry[place]
    entry[place] = token if old is None else CommentToken(old.value.rstrip("\n") + token.value, old.start_mark,
                                                          old.end_mark)


def _append(items: Any, item: Any) -> None:
    """Append to a list, the comment lines after it staying after it."""
    tail = _take_tail(items)
    items.append(item)
    _put_tail(tail, items)


def _delete(holder: Any, key: Any, index: int) -> None:
    """Delete item `index` of the list `holder[key]`, the comment lines after it kept: after the new last item,
    or, when the list is left empty and removed, after the entry before it."""
    items = holder[key]
    tail = _take_tail(items) if index == len(items) - 1 else None
    del items[index]
    if items:
        _put_tail(tail, items)
        return
    keys = list(holder)
    del holder[key]
    before = keys.index(key) - 1
    if before >= 0:
        _put_tail(tail, holder, keys[before])


class WorkshopError(ExplorerError):
    """An edit that cannot be made: the message says why and what to do."""


def _set_fields(node: Any, record: dict[str, Any]) -> None:
    """Set each field of the record in the mapping, in place: an empty value (None, "", []) removes the field;
    text whose words are unchanged keeps the style it was written in."""
    for key, value in record.items():
        if value is None or value == "" or value == []:
            _pop(node, key)
        elif isinstance(value, str) and isinstance(node.get(key), str) and _words(node[key]) == _words(value):
            continue
        elif node.get(key) != value:
            node[key] = _prose(value) if isinstance(value, str) and "\n\n" in value else value


def _pop(node: Any, key: str) -> None:
    """Remove a field; the comment lines after it stay, after the field before it."""
    if key not in node:
        return
    keys = list(node)
    at = keys.index(key)
    tail = _take_tail(node, key) if at > 0 else None
    del node[key]
    _put_tail(tail, node, keys[at - 1] if tail is not None else None)


def _insert_after(node: Any, after: str | None, key: str, value: Any) -> None:
    """A new field after the field `after` (at the end when None); the comment lines that followed `after` now
    follow the new field, so that they stay above what they were written above."""
    keys = list(node)
    if after is None or after == keys[-1]:
        tail = _take_tail(node, keys[-1]) if keys else None
        node[key] = value
        _put_tail(tail, node, key)
        return
    tail = _take_tail(node, after)
    node.insert(keys.index(after) + 1, key, value)
    _put_tail(tail, node, key)


def _set_items(node: Any, key: str, items: list[dict[str, Any]], after: tuple[str, ...] = (),
               same: tuple[str, ...] = ()) -> None:
    """Make the list under `key` hold the items, in their order. An item is the file's item that has the same
    `same` fields (words compared), else the next the file has left unmatched (an item whose words were changed in
    the form), set field by field: its comments, and the style of text whose words are unchanged, kept. Items
    beyond are added, the file's unused ones removed; the comment lines after the list stay after it; an empty list
    removes the field. A new field goes after the first of `after` the mapping has (at the end when none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not items:
        _pop(node, key)
        return
    old = node.get(key)
    if not isinstance(old, list) or (isinstance(old, CommentedSeq) and old.fa.flow_style()):
        old = CommentedSeq()
        if key in node:
            node[key] = old
    tail = _take_tail(old)
    pool = list(old)
    chosen: list[int | None] = [None] * len(items)
    for i, item in enumerate(items):
        if same:
            chosen[i] = next((j for j, o in enumerate(pool) if j not in chosen and isinstance(o, dict)
                              and all(_words(o.get(k)) == _words(item.get(k)) for k in same)), None)
    free = [j for j, o in enumerate(pool) if j not in chosen and isinstance(o, dict)]
    made = []
    for i, item in enumerate(items):
        at = chosen[i] if chosen[i] is not None else (free.pop(0) if free else None)
        if at is None:
            made.append(CommentedMap({k: v for k, v in item.items() if v not in (None, "", [])}))
            continue
        for gone in [k for k in pool[at] if k not in item]:
            _pop(pool[at], gone)
        _set_fields(pool[at], item)
        made.append(pool[at])
    while len(old):
        del old[len(old) - 1]
    old.extend(made)
    _put_tail(tail, old)
    if key not in node:  # a new field, filled first: the comment lines it takes over go after its last item
        _insert_after(node, next((a for a in after if a in node), None), key, old)


def flow(items: list[str]) -> Any:
    """A short list of ids as the case files write it, on one line: `theses: [harvest, prestige]`."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _prose(value: str) -> Any:
    """Text as a claim file writes it: on its line, or, when it has paragraphs, as a `|` block of them."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return LiteralScalarString("\n\n".join(paragraphs) + "\n") if len(paragraphs) > 1 else " ".join(value.split())


def _list_file(text: str | None, key: str, rel: str) -> tuple[Any, Any]:
    """The data of timeline.yaml or contested.yaml and its list (`events`, `contested`), the file started with its
    schema's modeline when the case has none yet; a WorkshopError when it cannot be read as such."""
    from ruamel.yaml.comments import CommentedSeq

    start = f"# yaml-language-server: $schema={layout.schema(rel.removesuffix('.yaml'))}\n{key}: []\n"
    if text is not None and text.strip():
        problem = refused(text, rel)
        if problem is not None:
            raise WorkshopError(f"{rel} cannot be read ({problem}); fix it first (the Problems page says where)")
    data = load(text if text and text.strip() else start)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise WorkshopError(f"{rel} is not a mapping with a `{key}:` list; fix it first (the Problems page says where)")
    if not data[key] or not isinstance(data[key], CommentedSeq):
        data[key] = CommentedSeq(list(data[key]))
    return data, data[key]


def _dump_list(data: Any, key: str) -> str:
    out = dump(data)
    return out.replace(f"{key}: []\n", f"{key}:\n") if data[key] else out


def _find(items: Any, item_id: str, rel: str, what: str) -> int:
    index = next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == item_id), None)
    if index is None:
        raise WorkshopError(f"the {what} you chose is no longer in {rel} (removed on disk?); choose it again")
    return index


def _remove(data: Any, key: str, index: int) -> None:
    """Remove item `index` of a file's list; the last one leaves `key: []`, the comment lines after it kept."""
    if len(data[key]) > 1:
        _delete(data, key, index)
        return
    tail = _take_tail(data[key])
    data[key] = flow([])
    _put_tail(tail, data, key)


def ids_in(text: str | None, key: str) -> set[str]:
    """The ids written in a list file (timeline.yaml's events, contested.yaml's facts), loaded or not: a new item's
    id is never one of them."""
    data = load(text) if text else None
    items = data.get(key) if isinstance(data, dict) else None
    return {str(i.get("id")) for i in items or [] if isinstance(i, dict) and i.get("id") is not None}


def check(model: type, record: dict[str, Any], rel: str, prefix: str = "") -> list:
    """The problems (explorer.problem.Problem) of a record a form made, as the loader would report them; empty
    when it validates. The record has no lines yet: each problem is at line 0 and names its field."""
    from pydantic import ValidationError

    from explorer import fields

    try:
        model.model_validate(record)
    except ValidationError as err:
        return [p.__class__(p.file, 0, p.field, p.message, p.hint, p.level)
                for p in fields.problems_of(err, record, rel, prefix)]
    return []

"""Pure edits of a case's YAML files: text in, text out, with ruamel.yaml's round trip, so that comments, the
order of fields and the `# yaml-language-server: $schema=` modeline survive. Writing the result to disk is for
the caller (explorer.disk.write_atomic)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from explorer.quote import fold, locate, locate_ignoring_case, said_differently


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the case files' style: `  - source:` under `evidence:`
    return yaml


def load(text: str) -> Any:
    """The data of a YAML text, keeping comments and order; None when it does not parse."""
    try:
        return _yaml().load(text)
    except YAMLError:
        return None


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class Fix:
    """A quote rewritten to its source's words."""

    file: str
    line: int
    field: str
    old: str
    new: str
    what: str  # what differed, as `validate` says it

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: quote set to the source's words ({self.what})"


def fix_quotes(text: str, rel: str, texts: dict[str, str]) -> tuple[str, list[Fix]]:
    """Rewrite every quote that is not found in its source but would be if capitals did not count (with
    whitespace, quote marks and dashes folded as ever), and that matches exactly one place, to the source's
    words (its whitespace made single spaces). The new text and the fixes; the text unchanged when none."""
    data = load(text)
    if data is None:
        return text, []
    fixes: list[Fix] = []
    folded: dict[str, Any] = {}
    for holder, path, source_id in _quotes(data, "", None):
        quote = holder["quote"]
        if source_id not in texts or not isinstance(quote, str):
            continue
        if source_id not in folded:
            folded[source_id] = fold(texts[source_id])
        if locate(quote, folded[source_id]) is not None:
            continue
        match = locate_ignoring_case(quote, folded[source_id])
        if match is None or match.count != 1:
            continue
        new = " ".join(texts[source_id][match.start:match.end].split())
        line = holder.lc.value("quote")[0] + 1 if hasattr(holder, "lc") else 1
        fixes.append(Fix(rel, line, f"{path}quote", quote, new, said_differently(quote, new)))
        holder["quote"] = new
    return (dump(data), fixes) if fixes else (text, [])


def _quotes(node: Any, path: str, source: str | None):
    """(mapping, its path, its source id) for every mapping with a quote; a defect's source is the source
    record it belongs to."""
    if isinstance(node, dict):
        own = node.get("source") if isinstance(node.get("source"), str) else None
        if "quote" in node and (own or source):
            yield node, path, own or source
        inherited = node["id"] if "defects" in node and isinstance(node.get("id"), str) else source
        for key, value in node.items():
            below = f"{path}{key}." if isinstance(value, dict) else f"{path}{key}"
            yield from _quotes(value, below, inherited if key == "defects" else own or source)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _quotes(item, f"{path}[{index}].", source)

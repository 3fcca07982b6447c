"""The plan as Markdown: the blocks walked once, every case text through text.literal, the notes as footnotes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from explorer.essay.blocks import Span, blocks
from explorer.essay.outline import Outline
from explorer.text import literal


def to_markdown(outline: Outline) -> str:
    """The plan as Markdown (every case text through text.literal), notes as footnotes ([^n]) listed under Notes."""
    texts = {n.number: n.text for n in outline.notes}
    lines: list[str] = []
    for block in blocks(outline):
        body = _md_spans(block.spans)
        if block.kind == "title":
            lines += [f"# {body}", ""]
        elif block.kind == "heading":
            lines += [f"## {body}", ""]
        elif block.kind == "subheading":
            lines += [f"### {body}", ""]
        elif block.kind == "quote":
            lines += [f"> {body}", ">", f"> {_md_spans(block.gloss)}", ""]
        elif block.kind == "numbered":
            lines += [f"{block.number}. {body}"]
        elif block.kind in ("bullet", "entry"):
            lines += [f"- {body}"]
        elif block.kind == "notes":
            lines += [f"[^{s.note}]: {texts[s.note].markdown}" for s in block.spans] + [""]
        else:
            lines += [body, ""]
    return _tidy_lists("\n".join(lines)).rstrip("\n") + "\n"


def _tidy_lists(text: str) -> str:
    """A blank line after each run of list items (Markdown needs one before the next paragraph)."""
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        out.append(line)
        item = re.match(r"(- |\d+\. )", line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if item and following and not re.match(r"(- |\d+\. )", following):
            out.append("")
    return "\n".join(out)


def _md_spans(spans: Sequence[Span]) -> str:
    out = []
    for s in spans:
        text = literal(s.text)
        if text.strip() and (s.bold or s.italic):
            lead, core, trail = _split_spaces(text)
            mark = "**" if s.bold else "*"
            text = f"{lead}{mark}{core}{mark}{trail}"
        out.append(text + (f"[^{s.note}]" if s.note else ""))
    return "".join(out)


def _split_spaces(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core):]

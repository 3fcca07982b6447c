"""Cutting a source text into segments at the edges of recorded passages, for highlighting.

Passages may overlap; each segment lists every passage that covers it, so a reader can
show overlapping passages without hiding one under another.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    refs: tuple[str, ...]  # the passages covering this stretch, in the order given


def segments(length: int, spans: list[tuple[str, int, int]]) -> list[Segment]:
    """Cut 0..length at every span edge; every character belongs to exactly one segment."""
    edges = {0, length}
    for _, start, end in spans:
        edges.update((max(0, min(start, length)), max(0, min(end, length))))
    cuts = sorted(edges)
    out: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        refs = tuple(ref for ref, s, e in spans if s <= start and end <= e)
        if out and out[-1].refs == refs:
            out[-1] = Segment(out[-1].start, end, refs)
        else:
            out.append(Segment(start, end, refs))
    return out


def to_html(text: str, spans: list[tuple[str, int, int]], colours: dict[str, str], labels: dict[str, str],
            selected: str | None = None, breaks: bool = True) -> str:
    """The text as HTML, each passage highlighted in its colour. Overlapping passages show as stripes; the
    selected passage is outlined and carries id="passage". The text itself is escaped: never markup. Without
    `breaks`, line breaks stay characters (for a box whose `white-space: pre-wrap` shows them), so that the
    text of the HTML is the text itself, character for character: a selection in it gives offsets in the text."""
    parts = []
    for seg in segments(len(text), spans):
        chunk = html.escape(text[seg.start:seg.end])
        chunk = chunk.replace("\n", "<br>") if breaks else chunk
        if not seg.refs:
            parts.append(chunk)
            continue
        tints = [_tint(colours.get(ref, "#999999")) for ref in seg.refs]
        if len(tints) == 1:
            background = tints[0]
        else:
            step = 100 / len(tints)
            stops = ", ".join(f"{c} {i * step:.0f}%, {c} {(i + 1) * step:.0f}%" for i, c in enumerate(tints))
            background = f"linear-gradient(180deg, {stops})"
        underline = colours.get(seg.refs[0], "#999999")
        outline = "outline: 3px solid #000; " if selected in seg.refs else ""
        anchor = ' id="passage"' if selected in seg.refs and seg.start == _start_of(selected, spans) else ""
        title = html.escape(" | ".join(labels.get(ref, ref) for ref in seg.refs), quote=True)
        parts.append(f'<mark{anchor} title="{title}" style="background: {background}; color: #111; '
                     f'border-bottom: 3px solid {underline}; {outline}padding: 0 1px;">{chunk}</mark>')
    return "".join(parts)


def _tint(colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _start_of(ref: str, spans: list[tuple[str, int, int]]) -> int | None:
    return next((s for r, s, _ in spans if r == ref), None)

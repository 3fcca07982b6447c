"""Cutting a source text into segments at the edges of recorded passages, for highlighting.

Passages may overlap; each segment lists every passage that covers it, so a reader can
show overlapping passages without hiding one under another.
"""

from __future__ import annotations

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
    for start, end in zip(cuts, cuts[1:]):
        refs = tuple(ref for ref, s, e in spans if s <= start and end <= e)
        if out and out[-1].refs == refs:
            out[-1] = Segment(out[-1].start, end, refs)
        else:
            out.append(Segment(start, end, refs))
    return out

"""The argument map as Graphviz DOT: the explanations and the links the case records between them, and the
passages that bear on one explanation. Pure: a Case and numbers in, DOT text out.

Everything that tells two things apart on the map does so by line style, arrowhead or words as well as
colour, so that a black-and-white print still reads: the relations' lines and arrowheads and the stances'
lines are written once, in explorer.vocabulary. Case text reaches DOT only through `quoted`, so a title can
never break out of its label or carry Graphviz escapes.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from explorer.model import Case
from explorer.vocabulary import RELATIONS, STANCES, STRENGTHS
from explorer.weighting import Weighting, bearings

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_FONT = "Helvetica"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    note: str
    both_ways: bool = False  # recorded from each side (A reinforces B, B reinforces A): one edge, two heads


def quoted(text: str) -> str:
    """A DOT string: backslashes and double quotes escaped (so `\\N`, `\\G` and the like stay text), line
    breaks written as Graphviz's centred break, other control characters dropped."""
    clean = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + clean.replace("\n", "\\n") + '"'


def label_lines(text: str, width: int) -> str:
    """Text wrapped for a node's label: lines joined by Graphviz's centred line break."""
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)) or text


def edges(case: Case) -> list[Edge]:
    """The recorded links between the case's explanations, each pair once: a link recorded from both sides
    (A competes with B and B with A; A reinforces B and B reinforces A) is one edge."""
    found: dict[tuple[frozenset[str], str], Edge] = {}
    for thesis in case.theses.values():
        for link in thesis.links:
            if link.thesis not in case.theses:
                continue
            key = (frozenset((thesis.id, link.thesis)), link.relation)
            first = found.get(key)
            if first is None:
                found[key] = Edge(thesis.id, link.thesis, link.relation, link.note)
            elif first.source != thesis.id:
                note = " / ".join(n for n in (first.note, link.note) if n)
                found[key] = Edge(first.source, first.target, first.relation, note, True)
    return list(found.values())


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill (WCAG relative luminance)."""
    channels = [int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def explanations(case: Case, shares: dict[str, float], colours: dict[str, str], legend: bool = True) -> str:
    """The map of the explanations: one node per thesis, sized by its share and coloured as on every page,
    and the recorded links as edges told apart by line and arrowhead (and named in words)."""
    top = max(shares.values(), default=0.0) or 1.0
    lines = [
        "digraph explanations {",
        f'  graph [rankdir=TB, nodesep=0.3, ranksep=0.7, pad=0.3, fontname="{_FONT}", bgcolor="white"];',
        f'  node [shape=box, style="rounded,filled", fontname="{_FONT}", penwidth=1.5, color="#222222", margin="0.2,0.12"];',
        f'  edge [fontname="{_FONT}", fontsize=22, color="#222222", penwidth=2.2, arrowsize=1.6];',
    ]
    for tid, thesis in case.theses.items():
        share = shares.get(tid, 0.0)
        scale = share / top
        fill = colours.get(tid, "#dddddd")
        text = label_lines(thesis.title, 18) + f"\n{share:.0%}"  # its share of the evidence
        lines.append(
            f"  {quoted(tid)} [label={quoted(text)}, fillcolor={quoted(fill)}, fontcolor={quoted(text_colour(fill))}, "
            f"fontsize={30 + 10 * scale:.1f}, width={1.6 + 2.4 * scale:.2f}, height={0.6 + 0.9 * scale:.2f}, "
            f"tooltip={quoted(thesis.statement)}, URL={quoted(f'thesis?thesis={tid}')}, target=\"_self\"];")
    for edge in edges(case):
        lines.append(f"  {quoted(edge.source)} -> {quoted(edge.target)} [{_edge_style(edge.relation, edge.both_ways)}"
                     + (f", tooltip={quoted(edge.note)}" if edge.note else "") + "];")
    if legend:
        lines += _legend()
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_style(relation: str, both_ways: bool = False, beside: bool = True) -> str:
    """A relation's line, arrowheads and words. On the map the words go beside the line (`xlabel`), which
    keeps the layout narrow enough to read on a projector; in the key, on it."""
    r = RELATIONS[relation]
    ends = (f'dir=both, arrowhead="{r.arrow}", arrowtail="{r.arrow}"' if r.mutual or both_ways
            else f'arrowhead="{r.arrow}"')
    label = r.label if r.mutual or not both_ways else f"{r.label} (both ways)"
    line = 'style="solid", penwidth=4.5' if r.line == "bold" else f'style="{r.line}", penwidth=1.3'
    return f"{'xlabel' if beside else 'label'}={quoted(' ' + label + ' ')}, {line}, {ends}"


def key() -> str:
    """The key on its own, to stand beside a map drawn without it."""
    return "\n".join(["digraph key {", f'  graph [rankdir=LR, fontname="{_FONT}"];',
                      f'  edge [fontname="{_FONT}", fontsize=22, color="#222222", penwidth=2.2, arrowsize=1.6];',
                      *_legend(), "}"]) + "\n"


def _legend() -> list[str]:
    """The key, inside the map, so that an exported or printed map explains itself."""
    out = ['  subgraph cluster_key {', '    label="Key"; fontsize=20; style="rounded"; color="#777777";',
           '    node [shape=point, width=0.05, style=filled, fillcolor="#222222", label=""];']
    for n, name in enumerate(RELATIONS):
        out.append(f"    key_{n}_a -> key_{n}_b [{_edge_style(name, beside=False)}];")
    out.append("  }")
    return out


def passages(case: Case, thesis_id: str, weighting: Weighting | None = None, background: bool = True) -> str:
    """One explanation and every passage that bears on it (its own and those recorded under other theses),
    heaviest first: support solid, dispute dashed, qualification dotted, the line as thick as the passage's
    weight, and each edge naming its stance, strength and weight. A passage's note reads its source and its
    first words; its reference (`china_split#7`) is only the node's name, which is never drawn.
    The weights are the weighting's (None: the case's defaults); `background=False` leaves out the passages that
    count for nothing."""
    thesis = case.theses[thesis_id]
    lines = [
        f"digraph {quoted('passages_' + thesis_id)} {{",
        f'  graph [rankdir=LR, nodesep=0.25, ranksep=1.4, pad=0.3, fontname="{_FONT}"];',
        f'  node [shape=note, style=filled, fillcolor="#ffffff", color="#444444", fontname="{_FONT}", fontsize=17];',
        f'  edge [fontname="{_FONT}", fontsize=15, color="#222222", arrowsize=1.3];',
        (f'  {quoted(thesis_id)} [shape=box, style="rounded,filled,bold", fillcolor="#f2f2f2", fontsize=26, '
        f"label={quoted(label_lines(thesis.title, 26))}];"),
    ]
    for b in bearings(case, thesis_id, weighting):
        if not background and b.weight == 0:
            continue
        weight, home, evidence, stance, strength = b.weight, case.theses[b.home], b.evidence, b.stance, b.strength
        # A note is named as a person reads a passage: its source, then its first words; its reference is the
        # node's name only (never drawn), so that the files can be traced back.
        where = "" if home.id == thesis_id else "\n" + label_lines(f"(recorded under {home.title})", 40)
        text = (label_lines(case.source_name(evidence.source), 40) + "\n"
                + label_lines(case.opening(evidence.ref), 36) + where)
        ref = quoted(evidence.ref)
        edge = f" {STANCES[stance].label}, {STRENGTHS[strength].label}, weight {weight:.2f} "
        lines.append(f"  {ref} [label={quoted(text)}, tooltip={quoted(evidence.note)}];")
        lines.append(f'  {ref} -> {quoted(thesis_id)} [style="{STANCES[stance].line}", '
                     f"penwidth={0.6 + 1.4 * weight:.2f}, label={quoted(edge)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"

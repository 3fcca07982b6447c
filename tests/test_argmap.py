"""The argument map's DOT: read back by Graphviz itself (dot -Tjson0), so every label and style is checked as
Graphviz sees it, hostile titles included."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import graphviz
import pytest
from lxml import etree

from explorer import argmap, charts, weigh
from explorer.load import load_case

if shutil.which("dot") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("Graphviz's dot is missing: CI must run the map's tests (apt-get install graphviz)")
    pytest.skip("Graphviz's dot is not installed (apt-get install graphviz)", allow_module_level=True)


SVG = {"svg": "http://www.w3.org/2000/svg"}


def read_back(dot: str) -> dict:
    return json.loads(graphviz.Source(dot).pipe(format="json0", encoding="utf-8"))


def nodes(graph: dict) -> dict[str, dict]:
    return {o["name"]: o for o in graph.get("objects", []) if "nodes" not in o}


def edges(graph: dict) -> list[tuple[str, str, dict]]:
    names = {o["_gvid"]: o["name"] for o in graph.get("objects", [])}
    return [(names[e["tail"]], names[e["head"]], e) for e in graph.get("edges", [])]


def test_one_node_per_explanation_sized_by_share_and_one_edge_per_link(small_case: Path) -> None:
    case, _ = load_case(small_case)
    graph = read_back(argmap.explanations(case, {"harvest": 0.25, "prestige": 0.75}, charts.thesis_colours(
        list(case.theses)), legend=False))
    found = nodes(graph)
    assert set(found) == {"harvest", "prestige"}
    assert found["harvest"]["label"] == "The harvest\\n25%"  # as DOT writes a line break
    assert found["prestige"]["label"] == "Lost prestige\\n75%"
    # the type grows with the share: 30 + 10 x share / the largest share (the box grows with it)
    assert (float(found["harvest"]["fontsize"]), float(found["prestige"]["fontsize"])) == (33.3, 40.0)
    assert float(found["harvest"]["width"]) < float(found["prestige"]["width"])
    assert found["prestige"]["URL"] == "thesis?thesis=prestige"
    [(tail, head, edge)] = edges(graph)
    assert (tail, head, edge["xlabel"], edge["style"], edge["dir"], edge["arrowhead"]) == (
        "harvest", "prestige", " competes with ", "dashed", "both", "tee")


def test_a_link_recorded_from_both_sides_is_one_edge(small_case: Path) -> None:
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text() + "links:\n  - thesis: harvest\n    relation: competes_with\n")
    case, problems = load_case(small_case)
    assert problems == []
    assert argmap.edges(case) == [argmap.Edge("harvest", "prestige", "competes_with", "", both_ways=True)]
    path.write_text(path.read_text().replace("relation: competes_with\n", "relation: reinforces\n"))
    harvest = small_case / "theses" / "harvest.yaml"
    harvest.write_text(harvest.read_text().replace("relation: competes_with", "relation: reinforces"))
    case, _ = load_case(small_case)
    assert argmap.edges(case) == [argmap.Edge("harvest", "prestige", "reinforces", "", both_ways=True)]
    [(_, _, edge)] = edges(read_back(argmap.explanations(case, {}, {}, legend=False)))
    assert (edge["xlabel"], edge["style"], edge["dir"]) == (" reinforces (both ways) ", "solid", "both")


def test_relations_differ_by_line_and_arrowhead_not_colour_alone(small_case: Path) -> None:
    case, _ = load_case(small_case)
    key = [e for _, _, e in edges(read_back(argmap.explanations(case, {}, {})))][1:]  # the legend's edges
    looks = {(e["style"], e.get("penwidth", "1.6"), e["arrowhead"]) for e in key}
    assert [e["label"].strip() for e in key] == ["reinforces", "causes", "competes with"]
    assert len(looks) == 3 and {e["color"] for e in key} == {"#222222"}


def test_hostile_titles_stay_inside_their_labels(small_case: Path) -> None:
    path = small_case / "theses" / "harvest.yaml"
    hostile = r'x"]; evil [label="pwned"]; "y \N \G <b>bold</b>'
    path.write_text(path.read_text().replace("title: The harvest", "title: '" + hostile.replace("'", "''") + "'"))
    case, problems = load_case(small_case)
    assert problems == []
    dot = argmap.explanations(case, {"harvest": 1.0}, {}, legend=False)
    assert set(nodes(read_back(dot))) == {"harvest", "prestige"}
    svg = etree.fromstring(graphviz.Source(dot).pipe(format="svg"))
    [group] = svg.xpath("//svg:g[svg:title='harvest']", namespaces=SVG)
    shown = " ".join(t.text for t in group.xpath(".//svg:text", namespaces=SVG))
    assert shown == hostile + " 100%"  # as typed: no node name put in for \N, no markup


def test_the_passages_of_one_thesis_by_stance_and_weight(small_case: Path) -> None:
    case, _ = load_case(small_case)
    trust = weigh.trusts(case)
    graph = read_back(argmap.passages(case, "prestige"))
    drawn = {tail: e for tail, _, e in edges(graph)}
    assert set(drawn) == {"prestige#1", "prestige#2", "harvest#2"}  # its own two, and one recorded under harvest
    weights = {"prestige#1": 3 * trust["beta"], "prestige#2": 1 * 0 * trust["alpha"],
               "harvest#2": 0 * 0.5 * trust["beta"]}
    assert {r: (e["style"], float(e["penwidth"])) for r, e in drawn.items()} == {
        "prestige#1": ("solid", round(0.6 + 1.4 * weights["prestige#1"], 2)),
        "prestige#2": ("dotted", 0.6), "harvest#2": ("dotted", 0.6)}
    assert drawn["prestige#1"]["label"] == f" supports, explicit (says it in so many words), weight {weights['prestige#1']:.2f} "
    assert nodes(graph)["harvest#2"]["label"].endswith("(recorded under The harvest)")
    # a note reads its source and its first words; its reference names the node but is never drawn
    assert nodes(graph)["prestige#1"]["label"] == "Beta\\n“Abroad, the retreat over Cuba was a\\nhumiliation.”"
    assert not [n for n, o in nodes(graph).items() if "#" in o["label"]]
    assert set(nodes(read_back(argmap.passages(case, "prestige", background=False)))) == {"prestige", "prestige#1"}


def test_the_default_case_map_reads_back(tmp_path: Path) -> None:
    case, _ = load_case(Path(__file__).resolve().parent.parent / "claims")
    ranking = weigh.weigh(case, samples=0)
    graph = read_back(argmap.explanations(case, {t.id: t.share for t in ranking.theses},
                                          charts.thesis_colours(list(case.theses))))
    assert set(case.theses) <= set(nodes(graph))
    assert len(edges(graph)) == len(argmap.edges(case)) + 3

"""Exports of the whole case, each read back by a real, independent parser: json.loads, bibtexparser, rispy,
pandas, the official Argdown CLI; the AIF graph checked node by node."""

import io
import json
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
import rispy
from argdown_tool import argdown_json, argdown_or_skip
from bibtexparser.middlewares import LatexDecodingMiddleware

from explorer import export, weigh
from explorer.export import to_json
from explorer.load import load_case


def test_json_export_round_trip(small_case) -> None:
    case, _ = load_case(small_case)
    doc = json.loads(to_json(case))
    assert [t["id"] for t in doc["theses"]] == ["harvest", "prestige"]
    first = doc["theses"][0]["evidence"][0]
    assert first == {
        "source": "alpha", "quote": "The harvest of 1963 failed.", "span": [0, 27], "stance": "supports",
        "strength": 2, "note": "The failure itself.", "bears_on": {}, "ref": "harvest#1", "line": 10,
    }
    assert doc["theses"][1]["evidence"][0]["bears_on"] == {"harvest": {"stance": "disputes", "strength": 1}}
    sources = {s["id"]: s for s in doc["sources"]}
    assert sources["alpha"]["text_path"] == "texts/alpha.txt"
    assert sources["gamma_book"]["text_path"] is None
    assert doc["historians"][0]["views"][0]["span"] == [0, 27]
    assert doc["timeline"][0]["date"] == "1963"
    assert doc["contested"][0]["readings"][1]["says"] == "It was fine."
    assert doc["case"]["question"] == "Why did the leader fall?"


# --- the other formats, each read back by an independent parser --------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def claims():
    case, problems = load_case(ROOT / "claims")
    assert problems == []
    return case


@pytest.fixture(scope="session")
def argdown():
    return argdown_or_skip()


def bearings(case) -> set[tuple[str, str, str]]:
    """(passage ref, thesis, stance) for every thesis each passage bears on."""
    return {(e.ref, other, stance) for t, e in case.passages() for other, (stance, _) in e.stances(t.id).items()}


def test_every_format_is_a_pure_function_of_the_case(small_case) -> None:
    case, _ = load_case(small_case)
    assert list(export.FORMATS) == ["json", "csljson", "bibtex", "ris", "argdown", "aif", "csv"]
    for name, fn in export.FORMATS.items():
        assert fn(case) == fn(case), name
        assert export.SUFFIXES[name].startswith(".") and "/" in export.MEDIA_TYPES[name]


def test_bibtex_read_by_bibtexparser(claims) -> None:
    text = export.to_bibtex(claims)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == list(claims.sources)
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    entries = {e.key: e for e in decoded.entries}
    conquest = {f.key: f.value for f in entries["conquest_1967"].fields}
    assert entries["conquest_1967"].entry_type == "book"
    assert {k: v for k, v in conquest.items() if k != "abstract"} == {
        "author": "Conquest, Robert",
        "title": "Power and Policy in the USSR: The Struggle for Stalin’s Succession, 1945–1960",
        "publisher": "Harper & Row", "address": "New York", "year": "1967",
    }
    memoir = {f.key: f.value for f in entries["khrushchev_remembers"].fields}
    assert (memoir["editor"], memoir["translator"], memoir["volumes"]) == ("Talbott, Strobe", "Talbott, Strobe", "2")
    web = {f.key: f.value for f in entries["dailyhistory"].fields}
    assert entries["dailyhistory"].entry_type == "misc"
    assert (web["howpublished"], web["year"], web["date"], web["note"]) == ("DailyHistory.org", "2021", "2021-02-10",
                                                                          "Wiki article")
    assert "author" not in web
    assert entries["downfall_essay"].entry_type == "unpublished"
    summary = {f.key: f.value for f in entries["leadership_summary"].fields}
    assert "as retirement_summary (headline" in summary["abstract"]  # \_ decoded


def test_csljson_carries_the_language(small_case) -> None:
    """A source's language goes into its CSL-JSON record (Zotero's Language field); none is made up."""
    body = (small_case / "sources.yaml").read_text(encoding="utf-8")
    body = body.replace("    title: Gamma\n", "    title: Griff nach der Weltmacht\n    language: de\n")
    (small_case / "sources.yaml").write_text(body, encoding="utf-8")
    case, problems = load_case(small_case)
    assert problems == []
    items = {item["id"]: item for item in json.loads(export.to_csljson(case))}
    assert (items["gamma_book"]["title"], items["gamma_book"]["language"]) == ("Griff nach der Weltmacht", "de")
    assert "language" not in items["alpha"] and "language" not in items["beta"]


def test_bibtex_escapes_what_latex_reads_as_commands() -> None:
    assert export.latex_escape("A & B_c 50% #1 {x} ~ ^ \\") == (
        r"A \& B\_c 50\% \#1 \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}")


def test_ris_read_by_rispy(claims) -> None:
    records = {r["id"]: r for r in rispy.loads(export.to_ris(claims))}
    assert list(records) == list(claims.sources)
    assert {k: v for k, v in records["khrushchev_remembers"].items() if k != "abstract"} == {
        "type_of_reference": "BOOK", "id": "khrushchev_remembers", "title": "Khrushchev Remembers",
        "authors": ["Khrushchev, Nikita"], "secondary_authors": ["Talbott, Strobe"],
        "subsidiary_authors": ["Talbott, Strobe"], "publisher": "Little, Brown", "place_published": "Boston",
        "year": "1970", "number_of_volumes": "2",
    }
    web = records["dailyhistory"]
    assert (web["type_of_reference"], web["secondary_title"], web["date"], web["type_of_work"]) == (
        "ELEC", "DailyHistory.org", "2021/02/10/", "Wiki article")
    assert records["downfall_essay"]["type_of_reference"] == "UNPB"
    assert records["falls_from_power"]["type_of_reference"] == "ENCYC"
    assert "authors" not in records["falls_from_power"]


def test_csv_read_by_pandas(claims) -> None:
    frame = pd.read_csv(io.StringIO(export.to_csv(claims)), keep_default_na=False)
    assert list(frame.columns) == ["Explanation", "Source", "Quotation", "For or against", "Strength", "Why it matters",
                                   "Also bears on", "Weight (points x trust, default settings)", "Where in the source",
                                   "Reference (for the command line)"]
    assert len(frame) == len(claims.passages())
    row = frame.set_index("Reference (for the command line)").loc["lost_prestige#1"]
    assert row["Explanation"] == "Setbacks abroad and the loss of prestige, Cuba above all"
    assert row["Source"] == "Khrushchev Retires from Soviet Leadership"
    assert (row["For or against"], row["Strength"]) == ("supports", "relevant")
    assert row["Also bears on"] == ("“Backlash of party hardliners against his reforms”: supports, background; "
                                    "“A loss of confidence in him as leader, beyond any one grievance”: supports, "
                                    "background")  # background there: Cuba is counted under setbacks abroad
    # supports, relevant (2 points) x the retirement summary's trust (0.34: an unsigned summary starts at 0.40)
    weight = row["Weight (points x trust, default settings)"]
    assert weight == pytest.approx(weigh.passage_weight("supports", 2, weigh.trusts(claims)["retirement_summary"]))
    assert weight == pytest.approx(0.68)
    first = claims.theses["lost_prestige"].evidence[0]
    assert row["Quotation"] == first.quote and row["Why it matters"] == first.note
    assert row["Where in the source"] == "para. 1 under \u201cWhat Happened?\u201d"  # as published, not our line


def test_the_csv_names_passages_and_theses_in_words(claims) -> None:
    """A teacher's spreadsheet: no passage reference and no thesis id, but in the last column, named as such."""
    import csv
    import re

    rows = list(csv.reader(io.StringIO(export.to_csv(claims))))
    assert rows[0][-1] == "Reference (for the command line)"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*#\d+", row[-1]) for row in rows[1:])
    text = "\n".join(",".join(row[:-1]) for row in rows)
    assert re.findall(r"\b[a-z][a-z0-9_]*#\d+\b", text) == []
    assert [tid for tid in claims.theses if "_" in tid and tid in text] == []


def check_aif(doc: dict) -> None:
    """Every edge joins existing nodes; every RA or CA node runs from one I-node to one I-node."""
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    assert len(nodes) == len(doc["nodes"])
    assert doc["locutions"] == []
    assert len({e["edgeID"] for e in doc["edges"]}) == len(doc["edges"])
    for edge in doc["edges"]:
        assert edge["fromID"] in nodes and edge["toID"] in nodes
    for node in nodes.values():
        assert node["type"] in ("I", "RA", "CA")
        if node["type"] != "I":
            into = [e["fromID"] for e in doc["edges"] if e["toID"] == node["nodeID"]]
            out = [e["toID"] for e in doc["edges"] if e["fromID"] == node["nodeID"]]
            assert len(into) == 1 and len(out) == 1
            assert nodes[into[0]]["type"] == "I" and nodes[out[0]]["type"] == "I"


def test_aif_structure(small_case, claims) -> None:
    for case in (load_case(small_case)[0], claims):
        doc = json.loads(export.to_aif(case))
        check_aif(doc)
        nodes = {n["nodeID"]: n for n in doc["nodes"]}
        found = set()
        for edge in doc["edges"]:
            link = nodes[edge["toID"]]
            if link["type"] in ("RA", "CA"):
                target = nodes[next(e["toID"] for e in doc["edges"] if e["fromID"] == link["nodeID"])]
                found.add((nodes[edge["fromID"]]["ref"], target["thesis"], link["stance"]))
                assert link["type"] == ("RA" if link["stance"] == "supports" else "CA")
        assert found == bearings(case)


def test_aif_small_case_exactly(small_case) -> None:
    case, _ = load_case(small_case)
    doc = json.loads(export.to_aif(case))
    assert [(n["nodeID"], n["type"], n["text"]) for n in doc["nodes"]][:4] == [
        ("1", "I", "The leader fell because the harvest failed."), ("2", "I", "The leader fell because of Cuba."),
        ("3", "I", "The harvest of 1963 failed."), ("4", "RA", "Default Inference")]
    qualifying = [n for n in doc["nodes"] if n.get("stance") == "qualifies"]
    assert [(n["type"], n["text"]) for n in qualifying] == [("CA", "Default Conflict")] * 2


def test_argdown_escape() -> None:
    assert export.argdown_escape("a [b] <c> #d *e* _f_ {g} // h.i: j\n k") == (
        r"a \[b\] \<c\> \#d \*e\* \_f\_ \{g\} \/\/ h\.i\: j k")


def test_argdown_data_survives_braces_and_markup() -> None:
    assert export._yaml_flow({"quote": 'x } y {z} "w"', "n": 2}) == (
        '{"quote": "x \\u007d y \\u007bz\\u007d \\"w\\"", "n": 2}')


def argdown_map(program: Path, text: str, folder: Path) -> dict:
    source = folder / "case.argdown"
    source.write_text(text, encoding="utf-8")
    done, data = argdown_json(program, source, folder / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()
    assert data is not None
    return data


@pytest.mark.parametrize("which", ["small", "claims"])
def test_argdown_read_by_the_argdown_cli(argdown, small_case, claims, tmp_path: Path, which: str) -> None:
    case = load_case(small_case)[0] if which == "small" else claims
    data = argdown_map(argdown, export.to_argdown(case), tmp_path)
    titles = {t.title: t for t in case.theses.values()}
    # statements: one per thesis, its statement as text and its id as data; no "Untitled" left by a bad parse
    assert set(data["statements"]) == set(titles)
    for title, statement in data["statements"].items():
        top = [m for m in statement["members"] if m.get("isTopLevel")]
        assert len(top) == 1
        assert top[0]["text"].strip() == " ".join(titles[title].statement.split())
        assert statement["data"]["id"] == titles[title].id
    # arguments: one per passage, the note as text, source and quote as data
    passages = {e.ref: (t, e) for t, e in case.passages()}
    assert set(data["arguments"]) == set(passages)
    for ref, argument in data["arguments"].items():
        thesis, evidence = passages[ref]
        assert argument["members"][0]["text"].strip() == " ".join(evidence.note.split())
        assert argument["data"]["quote"] == " ".join(evidence.quote.split())
        assert argument["data"]["source"] == evidence.source
        assert argument["data"]["thesis"] == thesis.id
        assert argument["data"]["stances"] == {o: s for o, (s, _) in evidence.stances(thesis.id).items()}
    # relations: support for supports, attack for disputes and qualifies
    ids = {t.title: t.id for t in case.theses.values()}
    relations = {(r["from"], ids[r["to"]], r["relationType"]) for r in data["relations"]}
    expected = {(ref, thesis, "support" if stance == "supports" else "attack")
                for ref, thesis, stance in bearings(case)}
    assert relations == expected
    assert len(data["relations"]) == len(expected)


def test_the_argdown_cli_reports_a_broken_map(argdown, tmp_path: Path) -> None:
    """The check above is meaningful: the CLI fails on syntax it cannot parse."""
    source = tmp_path / "broken.argdown"
    source.write_text("[A]: a.\n\n<b>: b.\n  +> [A]\n    --\n", encoding="utf-8")
    done, data = argdown_json(argdown, source, tmp_path / "out")
    assert done.returncode != 0 and data is None
    assert "syntax errors" in done.stdout + done.stderr

"""Exports of a whole case, each a pure function Case -> str.

- json: the loaded case as one document.
- csljson, bibtex, ris: the sources as a bibliography that Zotero (and most reference managers) import.
- argdown: the theses as statements and each passage as an argument supporting or attacking them, for the
  Argdown tools to draw the map; the source and quote are kept as each argument's data.
- aif: the Argument Interchange Format as JSON (nodes, edges, locutions), for argument-mapping tools.
- csv: the evidence table, one row per passage, in plain words for a teacher's spreadsheet; the passage's
  reference only in its last column, named as such.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from explorer import cite, locator, weigh
from explorer.model import BearsOn, Case, Source
from explorer.text import csv_text
from explorer.vocabulary import SOURCE_KINDS, STANCES, STRENGTHS


def case_document(case: Case) -> dict:
    """The loaded case as plain data: theses with located evidence, sources with their text's path."""
    return {
        "folder": case.folder,
        "case": case.info.model_dump(mode="json") if case.info else None,
        "theses": [t.model_dump(mode="json") for t in case.theses.values()],
        "sources": [s.model_dump(mode="json") for s in case.sources.values()],
        "historians": [h.model_dump(mode="json") for h in case.historians.values()],
        "timeline": [e.model_dump(mode="json") for e in case.events],
        "contested": [c.model_dump(mode="json") for c in case.contested],
    }


def to_json(case: Case) -> str:
    return json.dumps(case_document(case), indent=2, ensure_ascii=False) + "\n"


# --- the bibliography: CSL-JSON, BibTeX, RIS ---------------------------------------------------------------


def to_csljson(case: Case) -> str:
    """Every source as CSL-JSON (see explorer.cite.csl_item)."""
    return json.dumps(cite.csl_items(case), indent=2, ensure_ascii=False) + "\n"


BIBTEX_TYPES: dict[str, str] = {name: kind.bibtex for name, kind in SOURCE_KINDS.items()}
KIND_NOTES: dict[str, str] = {name: kind.note for name, kind in SOURCE_KINDS.items() if kind.note}
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    """Characters that BibTeX and LaTeX read as commands, escaped; other characters stay as UTF-8."""
    return "".join(_LATEX.get(ch, ch) for ch in " ".join(text.split()))


def to_bibtex(case: Case) -> str:
    """Every source as a BibTeX entry keyed by its id (UTF-8). Books are @book; web pages, reference and
    encyclopedia articles @misc; the student essay @unpublished. Titles are double-braced so that their
    capitals are kept; `translator`, `date` and `urldate` (the date it was read online) are biblatex fields that BibTeX ignores."""
    return "\n".join(_bibtex_entry(source) for source in case.sources.values())


def _bibtex_entry(source: Source) -> str:
    fields: list[tuple[str, str]] = []
    for role, names in (("author", source.authors), ("editor", source.editors),
                        ("translator", source.translators)):
        if names:
            fields.append((role, " and ".join(latex_escape(n) for n in names)))
    fields.append(("title", "{" + latex_escape(source.title) + "}"))
    date = source.issued or (source.revised if source.kind == "wiki_article" else None)
    optional = {
        "howpublished": source.container,
        "publisher": source.publisher,
        "address": source.place,
        "year": date[:4] if date else None,
        "date": date if date and len(date) > 4 else None,
        "volumes": str(source.volumes) if source.volumes else None,
        "url": source.url,
        "urldate": source.accessed,
        "note": KIND_NOTES.get(source.kind),
        "abstract": source.description,
    }
    for name, value in optional.items():
        if value:
            fields.append((name, value if name == "url" else latex_escape(value)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES[source.kind]}{{{source.id},\n{body}\n}}\n"


RIS_TYPES: dict[str, str] = {name: kind.ris for name, kind in SOURCE_KINDS.items()}


def to_ris(case: Case) -> str:
    """Every source as a RIS record: TY, ID, TI, AU (authors), A2 (editors), A4 (translators), T2 (the
    website or work it is part of), PB, CY, PY and DA, NV, UR, Y2 (the date it was read online), M3 (the kind of text), AB, ER."""
    return "".join(_ris_record(source) for source in case.sources.values())


def _ris_record(source: Source) -> str:
    lines = [("TY", RIS_TYPES[source.kind]), ("ID", source.id), ("TI", source.title)]
    lines += [("AU", n) for n in source.authors] + [("A2", n) for n in source.editors]
    lines += [("A4", n) for n in source.translators]
    date = source.issued or (source.revised if source.kind == "wiki_article" else None)
    optional = [
        ("T2", source.container), ("PB", source.publisher), ("CY", source.place),
        ("PY", date[:4] if date else None), ("DA", _ris_date(date) if date and len(date) > 4 else None),
        ("NV", str(source.volumes) if source.volumes else None), ("UR", source.url),
        ("Y2", _ris_date(source.accessed) if source.accessed else None),
        ("M3", KIND_NOTES.get(source.kind)), ("AB", " ".join(source.description.split())),
    ]
    lines += [(tag, value) for tag, value in optional if value]
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines) + "ER  - \n\n"


def _ris_date(date: str) -> str:
    """'2021-02-10' -> '2021/02/10/', RIS's form."""
    parts = date.split("-") + [""] * (3 - len(date.split("-")))
    return "/".join(parts) + "/"


# --- the argument map: Argdown and AIF -------------------------------------------------------------------------


ARGDOWN_HEADER = """\
// The theses are statements; each recorded passage is an argument that supports (+>) or attacks (->)
// every thesis it bears on. Its source, quote, stance and strength on each thesis are the argument's
// data. A passage that qualifies a thesis is drawn as an attack (->) and marked "qualifies" in its data
// (stances); the explorer counts it half as much as a denial. Argdown has no weaker attack, and an
// undercut (_>) would attack an argument's inference, not a thesis."""


def to_argdown(case: Case) -> str:
    """The case as an Argdown document: statements for theses, arguments for passages."""
    titles = _statement_titles(case)
    front = {"title": case.title}
    if case.info:
        front["subTitle"] = case.info.question
    lines = ["===", *(f"{key}: {_yaml_string(value)}" for key, value in front.items()), "===", "",
             ARGDOWN_HEADER, "", "# Theses", ""]
    for thesis in case.theses.values():
        data = {"id": thesis.id, "scope": thesis.scope}
        lines += [f"[{titles[thesis.id]}]: {argdown_escape(thesis.statement)} {_yaml_flow(data)}", ""]
    lines += ["# Passages", ""]
    for thesis, evidence in case.passages():
        stances = {other: how for other, how in evidence.stances(thesis.id).items() if other in titles}
        source = case.sources.get(evidence.source)
        data = {
            "thesis": thesis.id,
            "source": evidence.source,
            "source_title": source.title if source else evidence.source,
            "quote": " ".join(evidence.quote.split()),
            "stances": {other: stance for other, (stance, _) in stances.items()},
            "strengths": {other: strength for other, (_, strength) in stances.items()},
        }
        lines.append(f"<{_argument_title(evidence.ref)}>: {argdown_escape(evidence.note)} {_yaml_flow(data)}")
        for other, (stance, _) in stances.items():
            lines.append(f"  {'->' if STANCES[stance].against else '+>'} [{titles[other]}]")
        lines.append("")
    return "\n".join(lines)


def _statement_titles(case: Case) -> dict[str, str]:
    """Thesis id -> a statement title: the thesis's title, brackets removed, made unique with the id."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for tid, thesis in case.theses.items():
        title = " ".join(re.sub(r"[\[\]]", "", thesis.title).split()) or tid
        if title in taken:
            title = f"{title} ({tid})"
        taken.add(title)
        out[tid] = title
    return out


def _argument_title(ref: str) -> str:
    return re.sub(r"[<>]", "", ref)


_ARGDOWN_SPECIAL = re.compile(r"([\\@#*_\[\]<>{}/.:])")


def argdown_escape(text: str) -> str:
    """Text that Argdown reads as plain text: every character it could read as markup (tags, mentions,
    emphasis, links, data, comments, special characters) escaped with a backslash, on one line."""
    return _ARGDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _yaml_string(text: str) -> str:
    """A YAML double-quoted string (JSON's form) with braces escaped, so that Argdown's data block, which
    ends at a closing brace, cannot be cut short by one inside a quotation."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def _yaml_flow(value: object) -> str:
    """A value as a one-line YAML flow mapping (JSON with braces in strings escaped)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_string(str(k))}: {_yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return _yaml_string(value)
    return json.dumps(value)


def to_aif(case: Case) -> str:
    """The case in the Argument Interchange Format (AIF) as JSON: an I-node (information) for each thesis
    (its statement) and each passage (its quote); for each thesis a passage bears on, an RA-node (inference)
    from the passage to the thesis when it supports it, and a CA-node (conflict) when it disputes or
    qualifies it (a qualifying conflict is marked "stance": "qualifies"). Edges run passage -> RA/CA ->
    thesis. Node ids are strings; extra keys (thesis, ref, source, stance) are the explorer's own."""
    nodes: list[dict] = []
    edges: list[dict] = []

    def node(text: str, kind: str, **extra) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, **extra})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target})

    thesis_node = {tid: node(t.statement.strip(), "I", thesis=tid, title=t.title) for tid, t in case.theses.items()}
    for thesis, evidence in case.passages():
        passage = node(" ".join(evidence.quote.split()), "I", ref=evidence.ref, source=evidence.source)
        for other, (stance, strength) in evidence.stances(thesis.id).items():
            if other not in thesis_node:
                continue
            if STANCES[stance].against:
                link = node("Default Conflict", "CA", stance=stance, strength=strength)
            else:
                link = node("Default Inference", "RA", stance=stance, strength=strength)
            edge(passage, link)
            edge(link, thesis_node[other])
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []}, indent=2, ensure_ascii=False) + "\n"


# --- the evidence table ------------------------------------------------------------------------------------------


CSV_COLUMNS = ("Explanation", "Source", "Quotation", "For or against", "Strength", "Why it matters", "Also bears on",
               "Weight (points x trust, default settings)", "Where in the source", "Reference (for the command line)")


def to_csv(case: Case) -> str:
    """The evidence table, for a teacher's spreadsheet: one row per passage, in plain words. The explanation
    whose claim file records it (its title), its source (its name), the quotation as the claim file has it, how
    it bears on that explanation and how strongly (the vocabulary's words), its note, how it bears on other
    explanations, its weight on its own explanation at the default trust and points (weigh.passage_weight),
    where it stands in the source as published (its paragraph under the heading above it: explorer.locator), and last, for those who use the command line, its
    reference (thesis#number)."""
    trust = weigh.trusts(case)
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for thesis, e in case.passages():
        also = "; ".join(f"“{_title(case, other)}”: {_bearing(how, e.strength)}" for other, how in e.bears_on.items())
        weight = round(weigh.passage_weight(e.stance, e.strength, trust.get(e.source, 0.0)), 6)
        place = locator.locate(case, e.source, e.span)
        rows.append([thesis.title, case.source_name(e.source), e.quote, STANCES[e.stance].label,
                     STRENGTHS[e.strength].label, e.note, also, f"{weight:g}", place.words if place else "", e.ref])
    return csv_text(rows)


def _title(case: Case, thesis_id: str) -> str:
    thesis = case.theses.get(thesis_id)
    return thesis.title if thesis else thesis_id


def _bearing(how: str | BearsOn, strength: int) -> str:
    """'disputes, background': the stance and strength in the vocabulary's words."""
    stance, level = (how.stance, how.strength) if isinstance(how, BearsOn) else (how, strength)
    return f"{STANCES[stance].label}, {STRENGTHS[level].label}"


FORMATS: dict[str, Callable[[Case], str]] = {
    "json": to_json,
    "csljson": to_csljson,
    "bibtex": to_bibtex,
    "ris": to_ris,
    "argdown": to_argdown,
    "aif": to_aif,
    "csv": to_csv,
}
# The usual file name ending and media type of each format (for download buttons).
SUFFIXES = {"json": ".json", "csljson": ".csl.json", "bibtex": ".bib", "ris": ".ris", "argdown": ".argdown",
            "aif": ".aif.json", "csv": ".csv"}
MEDIA_TYPES = {"json": "application/json", "csljson": "application/vnd.citationstyles.csl+json",
               "bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems",
               "argdown": "text/plain", "aif": "application/json", "csv": "text/csv"}

"""case.yaml: a new case's files, and the case's title, question, other questions, summary, period and what it must explain."""

from __future__ import annotations

from typing import Any

from explorer.disk import layout
from explorer.workshop.edit import (
    WorkshopError,
    _prose,
    _set_fields,
    _set_items,
    _with_modeline,
    dump,
    dump_plain,
    load,
)

CASE_README = """\
# {title}

{question}

This folder is a case for the historiography explorer. It needs:

- `{case}`: the question, the period and a summary;
- `{sources}`: one record per source (`explorer add-source` writes it);
- `{text}`: the full text of each source you quote (`explorer add-source` writes it);
- `{thesis}`: one claim file per explanation, with the passages for and against it.

These are optional, and may be left out: `{historians}` (who argues what), `{timeline}` (dated events) and
`{contested}` (facts on which the sources disagree).

Steps: add each source (`explorer add-source . FILE --id ID --kind KIND --title "..."`), list its sentences
(`explorer sentences . ID`), write a claim file per thesis in `{theses}/` and copy the sentences you need into its
`evidence:` as `quote:`, then check the case (`explorer validate .`; `explorer validate . --fix` corrects quotes
that differ from the source only in capitals). The schemas in `{schemas}/` let an editor check the files as you type.
"""
CASE_FILES = {"case": layout.CASE, "sources": layout.SOURCES, "text": layout.text("<id>"), "thesis": layout.thesis("<id>"),
              "historians": layout.HISTORIANS, "timeline": layout.TIMELINE, "contested": layout.CONTESTED,
              "theses": layout.THESES, "schemas": layout.SCHEMAS}


def new_case(question: str, title: str | None, period: tuple[int, int], schemas: dict[str, str],
             summary: str = "") -> dict[str, str]:
    """The files of a new case, relative path -> text: case.yaml, sources.yaml (no sources yet), the README and
    the schemas. No thesis: a starter thesis would be a made-up explanation that every page would weigh (and a
    class would vote on); theses/ starts empty and the case validates as it is. The summary, when none is given, says
    what the case is about in the question's words."""
    info = {"title": title or question, "question": question,
            "period": {"start": period[0], "end": period[1]},
            "summary": summary.strip() or f"The sources and explanations of: {question}"}
    case_yaml = _with_modeline("case", dump_plain(info))
    files = {layout.CASE: case_yaml,
             layout.SOURCES: _with_modeline("sources", "sources: []\n"),
             layout.README: CASE_README.format(title=info["title"], question=question, **CASE_FILES)}
    files.update({layout.schema(name): text for name, text in schemas.items()})
    return files


def update_case_info(text: str, record: dict[str, Any]) -> str:
    """case.yaml with the record's title, question, summary, period and what it must explain; comments kept."""
    data = load(text) if text.strip() else None
    if not isinstance(data, dict):
        raise WorkshopError(f"{layout.CASE} is not a mapping of fields that can be read; fix it first (the Problems page "
                            "says where)")
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    record = dict(record)
    if "period" in record and isinstance(data.get("period"), dict):
        data["period"]["start"], data["period"]["end"] = record["period"]["start"], record["period"]["end"]
        record.pop("period")
    elif "period" in record:
        record["period"] = CommentedMap(record["period"])
    if "other_questions" in record:
        _set_items(data, "other_questions", [{k: (_prose(v) if k == "note" and v else v) for k, v in q.items()}
                                            for q in record.pop("other_questions")], ("question",), ("id",))
    if "to_explain" in record:
        record["to_explain"] = CommentedSeq([" ".join(t.split()) for t in record["to_explain"] if t.strip()])
    _set_fields(data, record)
    return dump(data)


def check_questions_kept(case: Any, kept: set[str]) -> None:
    """Refuse to take out a question of the case that a thesis answers (its explanations would answer none)."""
    for question in case.questions()[1:]:
        answering = [t.title for t in case.theses.values() if t.question == question.id]
        if question.id not in kept and answering:
            raise WorkshopError(f"“{question.question}” is answered by " + ", ".join(f"“{t}”" for t in answering)
                                + ": keep the question, or choose another question for "
                                + ("that explanation" if len(answering) == 1 else "those explanations")
                                + " on the page “Write a thesis” first")

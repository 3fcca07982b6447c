"""Loading a case folder: files -> (Case, problems).

Each file is read on its own, so a broken file never stops the others from
loading. Every problem carries the file, the line, the field and a hint for the
fix. Quotes are located in their source texts and keep their character spans.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from explorer import disk, fields, locator, vocabulary
from explorer.disk import layout
from explorer.document import LineDict, LineList, read_document
from explorer.model import (
    Case,
    CaseInfo,
    ContestedFact,
    Event,
    Historian,
    Located,
    Source,
    Thesis,
)
from explorer.problem import Problem
from explorer.quote import (
    MIN_WORDS,
    SEARCH_LIMIT,
    Folded,
    closest,
    fold,
    fold_quote,
    line_of,
    locate,
    longest_prefix,
    said_differently,
)
from explorer.text import did_you_mean

M = TypeVar("M", bound=BaseModel)
TEXT_LIMIT = disk.TEXT_LIMIT  # a source's text


def load_case(folder: str | Path) -> tuple[Case, list[Problem]]:
    """Read a whole case folder. Never raises for bad input: problems are returned."""
    with _paused_gc():
        return _load_case(Path(folder))


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Loading builds many small objects and keeps them all, so the cyclic garbage collector would
    scan them again and again for nothing (it takes a large case from 1.4 s to 2.6 s). Pause it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_case(root: Path) -> tuple[Case, list[Problem]]:
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        return Case(folder=str(root)), [
            Problem(str(root), 0, "(folder)", f"case folder {what}",
                    f"give the path of a folder holding {layout.CASE}, {layout.SOURCES} and {layout.THESES}/")
        ]
    if not any((root / name).exists() for name in (layout.CASE, layout.SOURCES, layout.THESES)):
        return Case(folder=str(root)), [
            Problem(str(root), 0, "(folder)", "this folder holds no case",
                    f"a case folder has {layout.CASE}, {layout.SOURCES} and a {layout.THESES}/ folder")
        ]
    problems: list[Problem] = []
    broken: set[str] = set()  # ids of items that did not load: references to them are not reported again
    info = _read_info(root, problems)
    sources = _read_list(root, layout.SOURCES, "sources", Source, problems, broken)
    texts, sources, source_lines, unreadable = _read_texts(root, sources, problems)
    historians = _read_list(root, layout.HISTORIANS, "historians", Historian, problems, broken)
    events = _read_list(root, layout.TIMELINE, "events", Event, problems, broken)
    contested = _read_list(root, layout.CONTESTED, "contested", ContestedFact, problems, broken)
    theses, declared = _read_theses(root, problems)
    broken |= declared
    check = _Checker(sources, texts, problems, source_lines)
    check.broken = broken
    check.unreadable = unreadable
    historian_map = check.keyed(historians, layout.HISTORIANS, "historians", check.historian)
    case = Case(
        folder=str(root),
        info=info,
        sources={s.id: check.source(s) for s in sources.values()},
        texts=texts,
        historians=historian_map,
        theses=check.theses(theses, set(historian_map)),
        events=[],
        contested=[],
    )
    thesis_ids = set(case.theses)
    contested_list = list(check.keyed(contested, layout.CONTESTED, "contested",
                                      lambda c, rel, path: check.contested(c, rel, path, thesis_ids)).values())
    contested_ids = {c.id for c in contested_list}
    event_list = list(check.keyed(events, layout.TIMELINE, "events",
                                  lambda e, rel, path: check.event(e, rel, path, thesis_ids, contested_ids)).values())
    case = case.model_copy(update={"events": event_list, "contested": contested_list})
    check.historian_theses(case.historians, thesis_ids)
    case = case.model_copy(update={"theses": check.questions(case)})
    check.counted_twice(case)
    return case, sorted(problems, key=lambda p: (p.file, p.line, p.field))


# --- reading files -----------------------------------------------------------------------------


def _read_info(root: Path, problems: list[Problem]) -> CaseInfo | None:
    if not disk.exists(root, layout.CASE):
        problems.append(Problem(layout.CASE, 0, "(file)", f"{layout.CASE} is missing",
                                "add it with the case's title, question, period and summary"))
        return None
    doc = read_document(root, layout.CASE)
    problems.extend(doc.problems)
    if doc.data is None:
        return None
    return validate(CaseInfo, doc.data, layout.CASE, "", problems)


def _read_list(root: Path, rel: str, key: str, model: type[M], problems: list[Problem],
               broken: set[str]) -> dict[int, tuple[M, int]]:
    """Items of a file shaped `key: [...]`, each validated alone: index -> (item, line)."""
    if not disk.exists(root, rel):
        if rel not in layout.OPTIONAL:
            problems.append(Problem(rel, 0, "(file)", f"{rel} is missing", f"add it, even as `{key}: []`"))
        return {}
    doc = read_document(root, rel)
    problems.extend(doc.problems)
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict) or key not in data:
        problems.append(Problem(rel, getattr(data, "line", 1), "(file)", f"expected a mapping with `{key}:`",
                                f"start the file with `{key}:` and list the items under it"))
        return {}
    items = data[key]
    if not isinstance(items, list):
        problems.append(Problem(rel, data.line_of(key), key, f"`{key}` should be a list",
                                "start each item with `- `"))
        return {}
    out: dict[int, tuple[M, int]] = {}
    for index, item in enumerate(items):
        line = items.line_of(index) if isinstance(items, LineList) else 1
        found = validate(model, item, rel, f"{key}[{index}]", problems)
        if found is not None:
            out[index] = (found, line)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            broken.add(item["id"])
    return out


def _read_texts(root: Path, sources: dict[int, tuple[Source, int]], problems: list[Problem]):
    """Each source's text from texts/<id>.txt, where there is one."""
    texts: dict[str, str] = {}
    unreadable: set[str] = set()  # sources whose text exists but could not be read: told once, not per quote
    out: dict[str, Source] = {}
    seen: dict[str, tuple[int, int]] = {}
    for index, (source, line) in sources.items():
        if source.id in seen:
            problems.append(_duplicate(layout.SOURCES, line, f"sources[{index}].id", source.id, seen[source.id][1]))
            continue
        seen[source.id] = (index, line)
        rel = layout.text(source.id)
        if disk.exists(root, rel):
            read = disk.read_text(root, rel, TEXT_LIMIT)
            problems.extend(read.problems)
            if read.text is not None:
                texts[source.id] = read.text
                source = source.model_copy(update={"text_path": rel})
            else:
                unreadable.add(source.id)
        out[source.id] = source
    listed, notes = disk.listing(root, layout.TEXTS, (layout.TEXT,))
    problems.extend(notes)
    for rel in listed:
        name = rel.removeprefix(f"{layout.TEXTS}/")
        stem, suffix = name.rsplit(".", 1) if "." in name else (name, "")
        if suffix == "txt" and stem not in seen:
            problems.append(Problem(rel, 1, "(file)", f"no source `{stem}` in {layout.SOURCES}",
                                    f"add a record for it to {layout.SOURCES}, or remove the file", "warning"))
    return texts, out, seen, unreadable


def _read_theses(root: Path, problems: list[Problem]) -> tuple[list[tuple[Thesis, str, LineDict, list[int]]], set[str]]:
    """The theses that validate, and the ids of every claim file (so that references to a broken one are
    not reported a second time)."""
    if not (root / layout.THESES).is_dir():
        problems.append(Problem(layout.THESES, 0, "(folder)", f"{layout.THESES}/ folder is missing",
                                f"add one claim file per thesis in {layout.THESES}/"))
        return [], set()
    found = []
    declared: set[str] = set()
    listed, notes = disk.listing(root, layout.THESES, layout.YAML)
    problems.extend(notes)
    for rel in listed:
        path = Path(rel)
        if path.suffix not in layout.YAML:
            if (root / rel).is_file():
                problems.append(Problem(rel, 0, "(file)", "not a .yaml file, so it was not read",
                                        f"rename it to end in .yaml, or move it out of {layout.THESES}/", "warning"))
            continue
        declared.add(path.stem)
        doc = read_document(root, rel)
        problems.extend(doc.problems)
        if doc.data is None:
            continue
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            declared.add(doc.data["id"])
        thesis, positions = _validate_thesis(doc.data, rel, problems)
        if thesis is not None:
            found.append((thesis, rel, doc.data, positions))
    return found, declared


def _validate_thesis(data: Any, rel: str, problems: list[Problem]) -> tuple[Thesis | None, list[int]]:
    """A thesis, keeping its valid passages when some are broken, and the position in the file's `evidence:`
    list of each passage kept: a passage is numbered (thesis#n, evidence[n-1]) as it is written in the file,
    so that dropping a broken one does not renumber those after it."""
    thesis = validate(Thesis, data, rel, "", problems)
    if thesis is not None:
        return thesis, list(range(len(thesis.evidence)))
    if not isinstance(data, dict):
        return None, []
    evidence = data.get("evidence")
    if isinstance(evidence, list):
        positions = [i for i, e in enumerate(evidence) if _quiet_ok(Thesis.model_fields["evidence"].annotation, [e])]
        salvaged = dict(data, evidence=[evidence[i] for i in positions])
        try:
            return Thesis.model_validate(salvaged), positions
        except ValidationError:
            return None, []
    return None, []


def _quiet_ok(annotation: Any, value: Any) -> bool:
    from pydantic import TypeAdapter

    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return False
    return True


def validate(model: type[M], data: Any, rel: str, path: str, problems: list[Problem]) -> M | None:
    """Validate data against a model; each error becomes a problem at its line."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems.extend(fields.problems_of(err, data, rel, path))
        return None


# --- checking references and quotes --------------------------------------------------------------


def _duplicate(rel: str, line: int, field: str, ident: str, first_line: int, first_file: str | None = None) -> Problem:
    where = f"{first_file}:{first_line}" if first_file else f"line {first_line}"
    return Problem(rel, line, field, f"id `{ident}` is already used at {where}",
                   "give each one its own id")


class _Checker:
    """Cross-file checks. Broken references are reported and the item dropped or trimmed."""

    def __init__(self, sources: dict[str, Source], texts: dict[str, str], problems: list[Problem],
                 source_lines: dict[str, tuple[int, int]]) -> None:
        self.sources = sources
        self.source_lines = source_lines
        self.lines: dict[tuple[str, str], tuple[str, int]] = {}
        self.texts = texts
        self.folded: dict[str, Folded] = {}
        self.problems = problems
        self.spans: dict[tuple[str, int, int], str] = {}
        self.broken: set[str] = set()  # ids of items that did not load: their problems are already told
        self.unreadable: set[str] = set()  # sources whose text file could not be read: already told
        self.thesis_files: dict[str, tuple[str, int]] = {}  # thesis id -> (its claim file, the line of its id)
        self.thesis_data: dict[str, Any] = {}  # thesis id -> its claim file as read (lines of its fields)

    def report(self, rel: str, line: int, field: str, message: str, hint: str = "", level: str = "error") -> None:
        self.problems.append(Problem(rel, line, field, message, hint, level))  # type: ignore[arg-type]

    def keyed(self, items: dict[int, tuple[Any, int]], rel: str, key: str, check) -> dict[str, Any]:
        out: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for index, (item, line) in items.items():
            path = f"{key}[{index}]"
            if item.id in out:
                self.problems.append(_duplicate(rel, line, f"{path}.id", item.id, lines[item.id]))
                continue
            checked = check(item, rel, (path, line))
            if checked is not None:
                out[item.id] = checked
                lines[item.id] = line
                self.lines[(rel, item.id)] = (path, line)
        return out

    # sources

    def source(self, source: Source) -> Source:
        at, line = self.source_lines[source.id]
        if source.headings and source.id in self.texts:
            for heading in locator.missing_headings(self.texts[source.id], source.headings):
                index = source.headings.index(heading)
                self.report(layout.SOURCES, line, f"sources[{at}].headings[{index}]",
                            f"the heading `{heading}` is not a line of {layout.text(source.id)}",
                            "write each heading exactly as its line stands in the text, or leave it out", "warning")
        if not source.defects:
            return source
        defects = []
        for index, defect in enumerate(source.defects):
            if defect.quote is not None and source.quotable:
                span = self.find(source.id, defect.quote, layout.SOURCES, line, f"sources[{at}].defects[{index}].quote")
                defect = defect.model_copy(update={"span": span})
            defects.append(defect)
        return source.model_copy(update={"defects": defects})

    # quotes

    def text_of(self, source_id: str) -> Folded | None:
        if source_id not in self.folded and source_id in self.texts:
            self.folded[source_id] = fold(self.texts[source_id])
        return self.folded.get(source_id)

    def known_source(self, source_id: str, rel: str, line: int, field: str, quoted: bool = True) -> bool:
        if source_id in self.broken and source_id not in self.sources:
            return False
        if source_id not in self.sources:
            self.report(rel, line, field, f"unknown source `{source_id}`",
                        did_you_mean(source_id, self.sources, f"add it to {layout.SOURCES}, or fix the id"))
            return False
        if quoted and source_id not in self.texts:
            if source_id in self.unreadable:
                return False
            self.report(rel, line, field, f"source `{source_id}` has no text to quote from",
                        f"add {layout.text(source_id)}, or quote a source that has a text")
            return False
        return True

    def find(self, source_id: str, quote: str, rel: str, line: int, field: str,
             min_words: int = 1) -> tuple[int, int] | None:
        folded = self.text_of(source_id)
        if folded is None:
            return None
        words = len(quote.split())  # as many as in fold_quote(quote): folding changes no whitespace
        if words < min_words:
            self.report(rel, line, field, f"a quote of {words} word{'' if words == 1 else 's'} is too short to "
                        "point at one passage", f"quote at least {min_words} words of the source, verbatim")
            return None
        match = locate(quote, folded)
        if match is None:
            self.report(rel, line, field, f"quote not found in {layout.text(source_id)}",
                        self._did_you_mean(quote, source_id, folded))
            return None
        if match.count > 1:
            self.report(rel, line, field, f"quote occurs {match.count} times in {layout.text(source_id)}",
                        "lengthen it so it points at one passage", "warning")
        return (match.start, match.end)

    def _did_you_mean(self, quote: str, source_id: str, folded: Folded) -> str:
        """The hint for a misquote: the passage it nearly matches; or, when its opening is verbatim, where it
        departs from the text; or why there is no suggestion."""
        text = self.texts[source_id]
        near = closest(quote, folded, text)
        found, at = longest_prefix(quote, folded)
        if near is not None and (near.similarity >= 90 or (near.similarity >= 60 and found < 20)):
            passage = " ".join(near.passage.split())
            differs = said_differently(quote, passage)
            return (f'did you mean "{passage}" (line {line_of(text, near.start)})? '
                    + (f"It differs in: {differs}. " if differs else "") + "Quotes must be verbatim")
        length = len(fold_quote(quote))
        if found >= 20:
            tail = fold_quote(quote)[:found][-40:].strip()
            return (f"its first {found:,} of {length:,} characters are in the source (from line "
                    f"{line_of(text, folded.origin(at))}); it departs from the text after \u201c{tail}\u201d")
        if length > SEARCH_LIMIT:
            return (f"the quote is {length:,} characters long, too long to look for a close passage (the search "
                    f"stops at {SEARCH_LIMIT:,}); check it against the source, or quote a shorter passage")
        return "copy the words exactly from the source's text"

    def span_of(self, item: Located, rel: str, line: int, path: str, min_words: int = 1,
                data: Any = None) -> tuple[int, int] | None:
        """The span of an item's quote; each problem at the line of the field that is wrong, where the item's
        data (a LineDict) knows it, else at the item's line."""
        at = data.line_of if isinstance(data, LineDict) else (lambda key: line)
        if not self.known_source(item.source, rel, at("source"), f"{path}.source"):
            return None
        return self.find(item.source, item.quote, rel, at("quote"), f"{path}.quote", min_words)

    def located(self, item: Located, rel: str, line: int, path: str) -> Located | None:
        span = self.span_of(item, rel, line, path)
        return None if span is None else item.model_copy(update={"span": span})

    # theses

    def theses(self, found: list[tuple[Thesis, str, LineDict, list[int]]], historians: set[str]) -> dict[str, Thesis]:
        out: dict[str, Thesis] = {}
        where: dict[str, tuple[str, int]] = {}
        for thesis, rel, data, _ in found:
            line = data.line_of("id")
            if thesis.id in out:
                first = where[thesis.id]
                self.problems.append(_duplicate(rel, line, "id", thesis.id, first[1], first[0]))
                continue
            stem = Path(rel).stem
            if stem != thesis.id:
                self.report(rel, line, "id", f"id `{thesis.id}` does not match the file name `{Path(rel).name}`",
                            f"rename the file to {thesis.id}.yaml or change the id", "warning")
            out[thesis.id] = thesis
            where[thesis.id] = (rel, line)
        ids = set(out)
        self.thesis_files = dict(where)
        self.thesis_data = {thesis.id: data for thesis, _, data, _ in found}
        data_of = {rel: (data, positions) for _, rel, data, positions in found}
        for thesis_id, thesis in list(out.items()):
            rel = where[thesis_id][0]
            out[thesis_id] = self.thesis(thesis, rel, *data_of[rel], ids, historians)
        return out

    def thesis(self, thesis: Thesis, rel: str, data: LineDict, positions: list[int], ids: set[str],
               historians: set[str]) -> Thesis:
        """A thesis checked against the case. Each passage keeps the index it has in the file (`positions`), for
        its problems' field paths, its line and its reference."""
        lines = _item_lines(data, "evidence")
        evidence = []
        for index, item in zip(positions, thesis.evidence, strict=True):
            line = lines.get(index, data.line_of("evidence"))
            path = f"evidence[{index}]"
            raw = _item(data, "evidence", index)
            span = self.span_of(item, rel, line, path, MIN_WORDS, raw)  # a passage that counts must be a passage
            if span is None:
                continue
            key = (item.source, *span)
            if key in self.spans:
                self.report(rel, _line(raw, "quote", line), f"{path}.quote",
                            f"this passage is already recorded at {self.spans[key]}",
                            "record a passage once and use bears_on for the other theses")
                continue
            self.spans[key] = f"{rel}:{line}"
            bears_on = {}
            bears = raw.get("bears_on") if isinstance(raw, LineDict) else None
            for other, how in item.bears_on.items():
                at = _line(bears, other, _line(raw, "bears_on", line))
                if other == thesis.id:
                    self.report(rel, at, f"{path}.bears_on.{other}", "a passage cannot bear on its own thesis here",
                                "set its stance above instead")
                elif other not in ids:
                    if other in self.broken:
                        continue
                    self.report(rel, at, f"{path}.bears_on.{other}", f"unknown thesis `{other}`",
                                self._hint_id(other, ids, "thesis"))
                else:
                    bears_on[other] = how
            evidence.append(item.model_copy(update={"span": span, "bears_on": bears_on,
                                                    "ref": f"{thesis.id}#{index + 1}", "line": line}))
        proponents = []
        for index, proponent in enumerate(thesis.proponents):  # each problem at the line of its field
            line = _item_lines(data, "proponents").get(index, data.line)
            raw = _item(data, "proponents", index)
            path = f"proponents[{index}]"
            if proponent.historian in self.broken and proponent.historian not in historians:
                continue
            if proponent.historian not in historians:
                self.report(rel, _line(raw, "historian", line), f"{path}.historian",
                            f"unknown historian `{proponent.historian}`",
                            self._hint_id(proponent.historian, historians, "historian", layout.HISTORIANS))
            elif self.known_source(proponent.source, rel, _line(raw, "source", line), f"{path}.source", quoted=False):
                proponents.append(proponent)
        links = []
        for index, link in enumerate(thesis.links):
            line = _item_lines(data, "links").get(index, data.line)
            if link.thesis in self.broken and link.thesis not in ids:
                continue
            if link.thesis not in ids or link.thesis == thesis.id:
                message = f"unknown thesis `{link.thesis}`" if link.thesis not in ids else "a thesis cannot link to itself"
                self.report(rel, _line(_item(data, "links", index), "thesis", line), f"links[{index}].thesis", message,
                            self._hint_id(link.thesis, ids, "thesis"))
            else:
                links.append(link)
        return thesis.model_copy(update={"evidence": evidence, "proponents": proponents, "links": links})

    def questions(self, case: Case) -> dict[str, Thesis]:
        """Each thesis's question and the works its gaps rest on, checked: an unknown question is reported and the
        thesis answers the main question; an unknown work is reported and left out."""
        known = [q.id for q in case.questions()]
        out = {}
        for tid, thesis in case.theses.items():
            rel, line = self.thesis_files.get(tid, (layout.thesis(tid), 0))
            data = self.thesis_data.get(tid)
            update: dict[str, Any] = {}
            if thesis.question is not None and thesis.question not in known:
                self.report(rel, _line(data, "question", line), "question", f"unknown question `{thesis.question}`",
                            f"use the id of a question in {layout.CASE}'s other_questions ({', '.join(known[1:]) or 'none'}"
                            "), or leave the field out for the main question")
                update["question"] = None
            if thesis.gaps:
                gaps = []
                for index, gap in enumerate(thesis.gaps):
                    at = _item_lines(data, "gaps").get(index, line) if data is not None else line
                    works = [w for k, w in enumerate(gap.works)
                             if self.known_source(w, rel, at, f"gaps[{index}].works[{k}]", quoted=False)]
                    gaps.append(gap.model_copy(update={"works": works}))
                update["gaps"] = gaps
            out[tid] = thesis.model_copy(update=update) if update else thesis
        return out

    def counted_twice(self, case: Case) -> None:
        """No thesis's evidence is counted again through a thesis it causes: a passage that counts for a thesis (a
        supporting bearing of strength 2 or 3) must not count too for a thesis that the first one `causes`,
        directly or down a chain of `causes` links, or the effect would be scored on its causes' evidence."""
        effects: dict[str, set[str]] = {tid: {link.thesis for link in t.links if link.relation == "causes"}
                                        for tid, t in case.theses.items()}
        for tid, direct in list(effects.items()):  # down every chain: a causes b causes c, so a's evidence
            seen, todo = set(), list(direct)  # must not count for c either
            while todo:
                nxt = todo.pop()
                if nxt not in seen:
                    seen.add(nxt)
                    todo.extend(effects.get(nxt, ()))
            effects[tid] = seen - {tid}
        for thesis, evidence in case.passages():
            counts = {other for other, (stance, strength) in evidence.stances(thesis.id).items()
                      if stance == "supports" and vocabulary.STRENGTHS[strength].substantive and other in case.theses}
            for cause in sorted(counts):
                for effect in sorted(effects.get(cause, set()) & counts):
                    rel, _ = self.thesis_files.get(thesis.id, (layout.thesis(thesis.id), 0))
                    self.report(rel, evidence.line, f"evidence[{int(evidence.ref.rpartition('#')[2]) - 1}].bears_on",
                                f"this passage counts for `{cause}` and again for `{effect}`, which `{cause}` causes: "
                                "the effect would be scored on its cause's evidence",
                                "count it where it argues most and make its bearing on the other background "
                                "(strength 1), or drop the `causes` link")

    def _hint_id(self, ident: str, known: Iterable[str], what: str, where: str = f"{layout.THESES}/") -> str:
        return did_you_mean(ident, known, f"use the id of a {what} in {where}")

    # the other files

    def historian(self, historian: Historian, rel: str, at: tuple[str, int]) -> Historian:
        path, line = at
        works = []
        for index, work in enumerate(historian.works):
            if self.known_source(work, rel, line, f"{path}.works[{index}]", quoted=False):
                works.append(work)
        views = []
        for index, view in enumerate(historian.views):
            vpath = f"{path}.views[{index}]"
            if not self.known_source(view.source, rel, line, f"{vpath}.source", quoted=view.quote is not None):
                continue
            if view.quote is not None:
                span = self.find(view.source, view.quote, rel, line, f"{vpath}.quote")
                if span is None:
                    continue
                view = view.model_copy(update={"span": span})
            views.append(view)
        return historian.model_copy(update={"works": works, "views": views})

    def historian_theses(self, historians: dict[str, Historian], thesis_ids: set[str]) -> None:
        for historian in historians.values():
            path, line = self.lines[(layout.HISTORIANS, historian.id)]
            for index, view in enumerate(historian.views):
                if view.thesis is not None and view.thesis not in thesis_ids and view.thesis not in self.broken:
                    self.report(layout.HISTORIANS, line, f"{path}.views[{index}].thesis",
                                f"unknown thesis `{view.thesis}`", self._hint_id(view.thesis, thesis_ids, "thesis"))

    def _known_theses(self, ids: list[str], known: set[str], rel: str, line: int, path: str) -> list[str]:
        for index, ident in enumerate(ids):
            if ident not in known and ident not in self.broken:
                self.report(rel, line, f"{path}.theses[{index}]", f"unknown thesis `{ident}`",
                            self._hint_id(ident, known, "thesis"))
        return [i for i in ids if i in known]

    def event(self, event: Event, rel: str, at: tuple[str, int], theses: set[str], contested: set[str]) -> Event | None:
        path, line = at
        located = self.located(event, rel, line, path)
        if located is None:
            return None
        update: dict[str, Any] = {"theses": self._known_theses(event.theses, theses, rel, line, path)}
        if event.contested is not None and event.contested not in contested and event.contested not in self.broken:
            self.report(rel, line, f"{path}.contested", f"unknown contested fact `{event.contested}`",
                        self._hint_id(event.contested, contested, "contested fact", layout.CONTESTED))
        if event.contested not in contested:
            update["contested"] = None
        return located.model_copy(update=update)

    def contested(self, fact: ContestedFact, rel: str, at: tuple[str, int], theses: set[str]) -> ContestedFact | None:
        path, line = at
        readings = []
        for index, reading in enumerate(fact.readings):
            checked = self.located(reading, rel, line, f"{path}.readings[{index}]")
            if checked is not None:
                readings.append(checked)
        silent = {r.source for r in fact.readings
                  if (r.source in self.broken and r.source not in self.sources) or r.source in self.unreadable}
        if len({r.source for r in readings} | silent) < 2:
            self.broken.add(fact.id)
            self.report(rel, line, f"{path}.readings", "a contested fact needs readings from two sources or more",
                        "add the reading of another source, or remove the fact")
            return None
        return fact.model_copy(update={"readings": readings,
                                       "theses": self._known_theses(fact.theses, theses, rel, line, path)})


def _item_lines(data: Any, key: str) -> dict[int, int]:
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, LineList):
        return dict(enumerate(items.lines))
    return {}


def _item(data: Any, key: str, index: int) -> Any:
    """The raw data of item `index` of the list under `key`, or None."""
    items = data.get(key) if isinstance(data, dict) else None
    return items[index] if isinstance(items, list) and 0 <= index < len(items) else None


def _line(data: Any, key: str, default: int) -> int:
    """The line of a field of raw data that knows its lines, else the default."""
    return data.lines.get(key, default) if isinstance(data, LineDict) else default

"""Pure edits of a case's YAML files: text in, text out, with ruamel.yaml's round trip, so that comments, the
order of fields and the `# yaml-language-server: $schema=` modeline survive. Writing the result to disk is for
the caller (explorer.disk.write_atomic)."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from explorer.disk import layout
from explorer.model import ID_MAX, ID_PATTERN
from explorer.problem import ExplorerError
from explorer.quote import fold, locate, locate_ignoring_case, said_differently

_REPRESENT = {kind: RoundTripRepresenter.yaml_representers[kind]
              for kind in (str, PlainScalarString, LiteralScalarString, FoldedScalarString, SingleQuotedScalarString,
                           DoubleQuotedScalarString)}
_STR = "tag:yaml.org,2002:str"
_YAML11 = pyyaml.resolver.Resolver()  # the loader's (PyYAML's) YAML 1.1 reading of a plain word
# What YAML lets a file hold as it is (its c-printable set, and what a line break is); anything else is written
# as an escape in double quotes.
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")


def read_as_text_by_the_loader(text: str) -> bool:
    """Whether the loader (PyYAML, YAML 1.1) reads this word, written plain, as text: not `No`, `on`, `yes`,
    `~`, `12:30` (a number in base 60) or `1_000`, which ruamel.yaml (YAML 1.2) writes plain."""
    return _YAML11.resolve(pyyaml.nodes.ScalarNode, text, (True, False)) == _STR


def _represent_text(representer: Any, data: str) -> Any:
    """Text as the loader will read it back: with escapes in double quotes when it holds a character YAML does
    not allow in a file (a control character, U+0093 from a bad paste), quoted when YAML 1.1 would read the
    plain word as something else; otherwise in the style it had (a `>-` block stays one)."""
    if _UNPRINTABLE.search(data):
        return representer.represent_scalar(_STR, str(data), style='"')
    if not read_as_text_by_the_loader(str(data)) and type(data) in (str, PlainScalarString):
        return representer.represent_scalar(_STR, str(data), style="'")
    return _REPRESENT[type(data)](representer, data)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the case files' style: `  - source:` under `evidence:`
    for kind in _REPRESENT:
        yaml.representer.add_representer(kind, _represent_text)
    return yaml


def load(text: str) -> Any:
    """The data of a YAML text, keeping comments and order; None when it does not parse, or when the loader
    would not read it: ruamel.yaml has no bound on nesting (5,000 `[` are a RecursionError) nor on aliases (600
    bytes expand into a billion strings), so the loader's reader (explorer.document.parse: the C parser, nesting
    at most MAX_DEPTH, no aliases) reads it first, and what it refuses is not read again here."""
    if refused(text) is not None:
        return None
    try:
        return _yaml().load(text)
    except (YAMLError, RecursionError):
        return None


def refused(text: str, rel: str = "(text)") -> Any:
    """The loader's reason (a Problem) for not reading this YAML text at all; None when it reads it."""
    from explorer import document

    if not text.strip():
        return None
    read = document.parse(text, rel)
    return read.problems[0] if read.data is None and read.problems else None


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


# --- the comment after a list's last item --------------------------------------------------------
# ruamel.yaml keeps the comment lines after a list (such as `# --- links` before `links:`) with the last item's
# last value: appending an item would leave them above it, removing the item would lose them. These move them.


def _end_of(node: Any, key: Any = None) -> tuple[Any, Any, int] | None:
    """Where the comment after `node` (or after its entry `key`) is kept: the holder, its key and the place in
    the holder's comment list; None for an empty collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if key is not None:
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            return _end_of(value)
        return (node, key, 2 if isinstance(node, CommentedMap) else 0)
    if isinstance(node, CommentedMap) and len(node):
        return _end_of(node, list(node)[-1])
    if isinstance(node, CommentedSeq) and len(node):
        return _end_of(node, len(node) - 1)
    return None


def _take_tail(node: Any, key: Any = None) -> Any:
    """The comment lines after node (or its entry key), taken off it (its own comment on its line stays)."""
    from ruamel.yaml.tokens import CommentToken

    end = _end_of(node, key)
    entry = end[0].ca.items.get(end[1]) if end else None
    token = entry[end[2]] if entry and len(entry) > end[2] else None
    if token is None or "\n" not in token.value:
        return None
    own, _, after = token.value.partition("\n")
    if not after:
        return None
    entry[end[2]] = CommentToken(own + "\n", token.start_mark, token.end_mark) if own else None
    return CommentToken("\n" + after, token.start_mark, token.end_mark)


def _put_tail(token: Any, node: Any, key: Any = None) -> None:
    """Put comment lines taken by _take_tail after node (or its entry key), after any comment on its line."""
    from ruamel.yaml.tokens import CommentToken

    end = _end_of(node, key) if token is not None else None
    if end is None:
        return
    holder, at, place = end
    entry = holder.ca.items.setdefault(at, [None, None, None, None])
    old = entry[place]
    entry[place] = token if old is None else CommentToken(old.value.rstrip("\n") + token.value, old.start_mark,
                                                          old.end_mark)


def _append(items: Any, item: Any) -> None:
    """Append to a list, the comment lines after it staying after it."""
    tail = _take_tail(items)
    items.append(item)
    _put_tail(tail, items)


def _delete(holder: Any, key: Any, index: int) -> None:
    """Delete item `index` of the list `holder[key]`, the comment lines after it kept: after the new last item,
    or, when the list is left empty and removed, after the entry before it."""
    items = holder[key]
    tail = _take_tail(items) if index == len(items) - 1 else None
    del items[index]
    if items:
        _put_tail(tail, items)
        return
    keys = list(holder)
    del holder[key]
    before = keys.index(key) - 1
    if before >= 0:
        _put_tail(tail, holder, keys[before])


# --- starting a case -----------------------------------------------------------------------------

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


def new_case(question: str, title: str | None, period: tuple[int, int], schemas: dict[str, str]) -> dict[str, str]:
    """The files of a new case, relative path -> text: case.yaml, sources.yaml (no sources yet), the README and
    the schemas. No thesis: a starter thesis would be a made-up explanation that every page would weigh (and a
    class would vote on); theses/ starts empty and the case validates as it is."""
    info = {"title": title or question, "question": question,
            "period": {"start": period[0], "end": period[1]},
            "summary": f"The sources and explanations of: {question}"}
    case_yaml = _with_modeline("case", dump_plain(info))
    files = {layout.CASE: case_yaml,
             layout.SOURCES: _with_modeline("sources", "sources: []\n"),
             layout.README: CASE_README.format(title=info["title"], question=question, **CASE_FILES)}
    files.update({layout.schema(name): text for name, text in schemas.items()})
    return files


def _with_modeline(name: str, text: str) -> str:
    return f"# yaml-language-server: $schema={layout.schema(name)}\n{text}"


def dump_plain(data: Any) -> str:
    """New data as block YAML in the case files' style."""
    return dump(data)


# --- adding a source -----------------------------------------------------------------------------


class WorkshopError(ExplorerError):
    """An edit that cannot be made: the message says why and what to do."""


def add_source(sources_text: str, record: dict[str, Any]) -> str:
    """sources.yaml with one more record at the end of its list, the rest kept as it was written."""
    data = load(sources_text)
    if data is None or not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise WorkshopError(f"{layout.SOURCES} is not a mapping with a `sources:` list; fix it first "
                            "(`explorer validate` says where)")
    ids = {s.get("id") for s in data["sources"] if isinstance(s, dict)}
    if record["id"] in ids:
        raise WorkshopError(f"a source with the id `{record['id']}` is already in {layout.SOURCES}; choose another id")
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not data["sources"] and not isinstance(data["sources"], CommentedSeq):
        data["sources"] = CommentedSeq()
    _append(data["sources"], CommentedMap(record))
    out = dump(data)
    return out.replace("sources: []\n", "sources:\n") if out.count("sources:") == 1 else out


# --- sentences -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    start: int  # character offsets in the text
    end: int
    line: int  # 1-based line where it starts
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text's sentences: each line (a paragraph, as extracted) cut into sentences by pysbd (rule-based
    sentence boundaries: "a.k.a.", "Dr.", initials such as "Paul H.", numbered lines and decimals are not ends).
    Offsets are the text's own, so a sentence's span can be compared with a quote's."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        at = 0
        for piece in _split(line):
            words = piece.strip()
            found = line.find(words, at) if words else -1
            if found < 0:  # pysbd changed the words (it should not, with clean=False): the rest of the line whole
                rest = line[at:].strip()
                if rest:
                    start = line.index(rest, at)
                    out.append(Sentence(offset + start, offset + start + len(rest), number, rest))
                break
            out.append(Sentence(offset + found, offset + found + len(words), number, words))
            at = found + len(words)
        offset += len(line) + 1
    return tuple(out)


def _split(line: str) -> list[str]:
    if not line.strip():
        return []
    return _segmenter().segment(line)


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def recorded_as(case: Any, source_id: str, found: list[Sentence]) -> list[list[str]]:
    """For each sentence of a source's text (sentences()), the passages of the case (thesis#n) that quote it."""
    recorded = [(e.span, e.ref) for _, e in case.passages() if e.source == source_id and e.span]
    return [[ref for (start, end), ref in recorded if start < s.end and s.start < end] for s in found]


def quote_from(text: str, found: list[Sentence], first: int, last: int) -> str:
    """The words of a run of sentences (first..last, indexes into `found`), on one line: what a claim file
    quotes (the loader folds whitespace, so the quote still matches across a line break)."""
    if not 0 <= first <= last < len(found):
        raise WorkshopError("choose the first sentence and a last sentence at or after it")
    return " ".join(text[found[first].start:found[last].end].split())


# --- ids and file names --------------------------------------------------------------------------

_ID = re.compile(ID_PATTERN)


def check_id(value: str, what: str) -> str:
    """An id that may name a file (lower case, digits and underscores, starting with a letter), or a
    WorkshopError that says how to write one. Nothing else becomes a file name: no `/`, `..` or dot."""
    if not is_id(value):
        raise WorkshopError(f"`{value}` cannot be the {what}'s id: use lower-case letters, digits and underscores, "
                            f"starting with a letter, such as lost_prestige ({ID_MAX} characters at most)")
    return value


def is_id(value: str) -> bool:
    """Whether check_id would take it."""
    return isinstance(value, str) and bool(_ID.fullmatch(value)) and len(value) <= ID_MAX


def id_made_from(text: str, asked: str) -> str:
    """id_from(text); a WorkshopError when the text is not empty but no id can be made from it (it has none of
    the letters a-z or digits, as a question in Cyrillic or Greek), that says so and `asked` (what to give)."""
    made = id_from(text)
    if not made and text.strip():
        raise WorkshopError(f"no id can be made from “{' '.join(text.split())}” (an id has only the letters a-z, "
                            f"digits and _); {asked}")
    return made


def id_from(title: str) -> str:
    """An id made from a title: `The alliance system` -> `the_alliance_system` (empty when nothing is left)."""
    words = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    words = re.sub(r"^[0-9_]+", "", words)
    return words[:ID_MAX].rstrip("_")


def thesis_file(thesis_id: str) -> str:
    """The claim file of a thesis, relative to the case folder."""
    return layout.thesis(check_id(thesis_id, 'thesis'))


# --- claim files: the thesis ---------------------------------------------------------------------

THESIS_MODELINE = f"# yaml-language-server: $schema=../{layout.schema('thesis')}\n"
THESIS_ORDER = ("id", "title", "statement", "summary", "scope", "proponents", "evidence", "links")
TEXT_FIELDS = ("title", "statement", "summary", "scope")


def _claim(text: str, rel: str) -> Any:
    problem = refused(text, rel)
    if problem is not None:
        raise WorkshopError(f"{rel} is not a claim file that can be read ({problem}); fix it first")
    data = load(text)
    if not isinstance(data, dict):
        raise WorkshopError(f"{rel} is not a claim file that can be read (it does not parse as a mapping of fields); "
                            "fix it first (the Problems page says where)")
    return data


def new_thesis(record: dict[str, Any]) -> str:
    """A new claim file for a thesis: the schema modeline, then its fields in the usual order (empty lists
    left out)."""
    check_id(record.get("id", ""), "thesis")
    data = {k: record[k] for k in THESIS_ORDER if k in record and record[k] not in (None, [], {})}
    return THESIS_MODELINE + dump(data)


def update_thesis(text: str, rel: str, record: dict[str, Any], filled: dict[str, Any] | None = None) -> str:
    """A claim file with its title, statement, summary, scope, proponents and links set to the record's; the
    passages, comments, order and modeline kept. A proponent or link that stays keeps its place and any note;
    those no longer given are removed, new ones added at the end; an empty list is removed.

    With `filled` (the record the form was filled from), only what the user changed is written, over the file
    as it is now: a field whose value is still the one filled stays as the file has it (another program may
    have changed it), and of the proponents and links only those the user took away are removed, so that an
    entry the form could not show (a historian not in historians.yaml, a link to a thesis that does not load)
    is kept."""
    data = _claim(text, rel)
    for key in TEXT_FIELDS:
        if key not in record or (filled is not None and _words(filled.get(key)) == _words(record[key])):
            continue
        if _words(data.get(key)) != _words(record[key]):  # unchanged: its block style stays
            data[key] = _prose(record[key])
    for key, same in (("proponents", ("historian", "source")), ("links", ("thesis",))):
        if key not in record:
            continue
        wanted = record[key]
        if filled is not None:
            def named(item: Any, same: tuple[str, ...] = same) -> tuple:
                return tuple(item.get(k) for k in same)

            before = {named(i): i for i in filled.get(key, [])}
            now = {named(i): i for i in wanted}
            if before == now:
                continue
            taken = {k for k in before if k not in now}
            wanted = [dict(i) for i in data.get(key) or [] if isinstance(i, dict) and named(i) not in taken
                      and named(i) not in now] + list(wanted)
        _merge_list(data, key, wanted, same)
    return dump(data)


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _prose(value: str) -> Any:
    """Text as a claim file writes it: on its line, or, when it has paragraphs, as a `|` block of them."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return LiteralScalarString("\n\n".join(paragraphs) + "\n") if len(paragraphs) > 1 else " ".join(value.split())


def _merge_list(data: Any, key: str, wanted: list[dict[str, Any]], same: tuple[str, ...]) -> None:
    """Make the list under `key` hold the wanted items, in place: an item that matches one of the file's (on
    the `same` fields) updates it where it stands; the file's others are removed; new ones go at the end."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    old = data.get(key)
    if not isinstance(old, list) or (isinstance(old, CommentedSeq) and old.fa.flow_style()):
        old = CommentedSeq()
    used: set[int] = set()
    fresh = []
    for item in wanted:
        match = next((i for i, o in enumerate(old) if i not in used and isinstance(o, dict)
                      and all(o.get(k) == item.get(k) for k in same)), None)
        if match is None:
            fresh.append(CommentedMap(item))
            continue
        used.add(match)
        for k, v in item.items():
            old[match][k] = v
    tail = _take_tail(old)  # the comment lines after the list stay after it
    for i in reversed(range(len(old))):
        if i not in used:
            del old[i]
    old.extend(fresh)
    _put_tail(tail, old)
    if not old:
        keys = list(data)
        if key in data and keys.index(key) > 0:
            _put_tail(tail, data, keys[keys.index(key) - 1])
        data.pop(key, None)
    elif key not in data:
        at = len(data) if key == "links" else (list(data).index("evidence") if "evidence" in data else len(data))
        data.insert(at, key, old)
    else:
        data[key] = old


# --- claim files: the passages -------------------------------------------------------------------



def passage(source: str, quote: str, stance: str, strength: int, note: str,
            bears_on: dict[str, str] | None = None) -> dict[str, Any]:
    """A passage as a claim file writes it, its fields in the usual order (no bears_on when it bears on no
    other thesis)."""
    record: dict[str, Any] = {"source": source, "quote": " ".join(quote.split()), "stance": stance,
                              "strength": strength, "note": " ".join(note.split())}
    if bears_on:
        record["bears_on"] = dict(bears_on)
    return record


def _evidence(data: Any, rel: str, index: int | None = None) -> Any:
    items = data.get("evidence")
    if index is None:
        return items
    if not isinstance(items, list) or not 0 <= index < len(items) or not isinstance(items[index], dict):
        raise WorkshopError(f"{rel} has no passage {index + 1} any more (it has {len(items or [])}); reload the page "
                            "and choose the passage again")
    return items[index]


def add_passage(text: str, rel: str, record: dict[str, Any]) -> str:
    """The claim file with one more passage at the end of its `evidence:` list."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = _claim(text, rel)
    items = data.get("evidence")
    if items is not None and not isinstance(items, list):
        raise WorkshopError(f"{rel}: `evidence` is not a list; fix it first (the Problems page says where)")
    if not items:  # none yet, or `evidence: []`: a block list
        items = CommentedSeq()
        if "evidence" in data:
            data["evidence"] = items
        else:  # before `links:` when there is one, as the files are written
            at = list(data).index("links") if "links" in data else len(data)
            data.insert(at, "evidence", items)
    _append(items, CommentedMap(record))
    return dump(data)


def update_passage(text: str, rel: str, index: int, record: dict[str, Any], shown: set[str] | None = None) -> str:
    """The claim file with passage `index` (0-based, as written in the file) set to the record: each field
    changed in place (its comments kept). Of its bears_on, the theses in `shown` (those the form showed; all
    when None) are set to the record's, the others kept as written; bears_on goes when nothing is left."""
    data = _claim(text, rel)
    item = _evidence(data, rel, index)
    record = dict(record)
    if shown is not None and isinstance(item.get("bears_on"), dict):
        kept = {k: v for k, v in item["bears_on"].items() if k not in shown and k not in record.get("bears_on", {})}
        if kept:
            record["bears_on"] = {**kept, **record.get("bears_on", {})}
    for key, value in record.items():
        if key == "bears_on" and isinstance(item.get(key), dict):
            _set_bears_on(item[key], value)
        elif isinstance(value, str) and isinstance(item.get(key), str) and _words(item[key]) == _words(value):
            continue  # the same words: a folded block stays as it was written
        elif item.get(key) != value:
            item[key] = value
    if "bears_on" not in record:
        item.pop("bears_on", None)
    return dump(data)


def _set_bears_on(old: Any, wanted: dict[str, Any]) -> None:
    for other in [k for k in old if k not in wanted]:
        del old[other]
    for other, how in wanted.items():
        if isinstance(old.get(other), dict) and isinstance(how, str):
            old[other]["stance"] = how  # {stance, strength}: the stance changes, its own strength stays
        else:
            old[other] = how


def remove_passage(text: str, rel: str, index: int) -> str:
    """The claim file without passage `index` (0-based, as written); `evidence:` goes when it was the last."""
    data = _claim(text, rel)
    _evidence(data, rel, index)
    _delete(data, "evidence", index)
    return dump(data)


def as_written(item: Any) -> str:
    """A passage as written, in one string: what a page remembers of the passage it is changing, to find it
    again at the save."""
    import json

    return json.dumps(item, sort_keys=True, default=str, ensure_ascii=False)


def find_passage(text: str, rel: str, index: int, written: str) -> int:
    """Where the passage that was passage `index` (0-based) and was written as `written` (as_written) is in
    the claim file now: there still, or moved (the one passage written so); a WorkshopError when it was
    changed or removed."""
    items = [as_written(item) for item in passages_in(text)]
    if index < len(items) and items[index] == written:
        return index
    if items.count(written) == 1:
        return items.index(written)
    raise WorkshopError(f"passage {index + 1} of {rel} was changed or removed on disk after you chose it, so nothing "
                        "was written. What you typed is still in the form: record it as a new passage, or choose "
                        "the passage again under “Passages recorded”")


def passages_in(text: str) -> list[dict[str, Any]]:
    """The passages as written in a claim file, in its order (an item that is not a mapping as {})."""
    data = load(text)
    items = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [dict(item) if isinstance(item, dict) else {} for item in items]


# --- checking what a form gives, before anything is written --------------------------------------


def check(model: type, record: dict[str, Any], rel: str, prefix: str = "") -> list:
    """The problems (explorer.problem.Problem) of a record a form made, as the loader would report them; empty
    when it validates. The record has no lines yet: each problem is at line 0 and names its field."""
    from pydantic import ValidationError

    from explorer import fields

    try:
        model.model_validate(record)
    except ValidationError as err:
        return [p.__class__(p.file, 0, p.field, p.message, p.hint, p.level)
                for p in fields.problems_of(err, record, rel, prefix)]
    return []


def source_record(source_id: str, kind: str, title: str, authors: list[str], year: str, url: str,
                  origin: str) -> dict[str, Any]:
    """A source's record for sources.yaml as `add-source` and the workshop write it: what was given, and a
    description naming its kind and the file it came from."""
    from explorer import vocabulary

    record: dict[str, Any] = {"id": source_id, "kind": kind, "title": title.strip() or source_id}
    authors = [a.strip() for a in authors if a.strip()]
    if authors:
        record["authors"] = authors
    if year.strip():
        record["issued"] = year.strip()
    if url.strip():
        record["url"] = url.strip()
    label = vocabulary.SOURCE_KINDS[kind].label if kind in vocabulary.SOURCE_KINDS else kind
    record["description"] = f"{label}, imported from {origin}."
    return record


def names_in(historian: Any, text: str) -> bool:
    """Whether a source's text names the historian: their full name, or their family name (the last word of the
    name) as a whole word, capitals counting."""
    name = " ".join(str(historian.name).split())
    family = name.split()[-1] if name else ""
    return bool(name) and (name in text or bool(family and re.search(rf"(?<!\w){re.escape(family)}(?!\w)", text)))


def proponent_pairs(case: Any) -> list[tuple[str, str]]:
    """The (historian, source) pairs a thesis may name as a proponent: a source that names the historian in its
    text, or that a view of the historian in historians.yaml cites. A source that never names them cannot say
    they argue anything."""
    out = []
    for hid, historian in case.historians.items():
        cited = {v.source for v in historian.views}
        for sid in case.sources:
            if sid in cited or (sid in case.texts and names_in(historian, case.texts[sid])):
                out.append((hid, sid))
    return out


# --- quoting by reading: a selection in the source, checked before anything is written ----------------------


def selection_quote(text: str, found: list[Sentence], start: int, end: int) -> tuple[str, int, int]:
    """What a reader's selection of text[start:end] quotes: the words it covers, a word cut by its edge taken
    whole; a click (no words selected) quotes the sentence clicked. With the sentences it touches (first, last:
    indexes into `found`); a WorkshopError when it touches no sentence."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    start, end = min(start, end), max(start, end)
    if start == end or not text[start:end].strip():
        at = next((i for i, s in enumerate(found) if s.start <= start <= s.end), None)
        if at is None:
            raise WorkshopError("click inside a sentence, or select the words to quote")
        return quote_from(text, found, at, at), at, at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and not text[start - 1].isspace() and not text[start].isspace() and text[start - 1].isalnum():
        start -= 1  # a word cut at the start is taken whole
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1  # ... and at the end
    touched = [i for i, s in enumerate(found) if s.start < end and start < s.end]
    if not touched:
        raise WorkshopError("select words of a sentence of the source")
    return " ".join(text[start:end].split()), touched[0], touched[-1]


class Misquote(WorkshopError):
    """A quote that is not word for word in its source; `fix` is the source's words where a passage is close."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix


def check_quote(quote: str, text: str, source_name: str, recorded: list[dict[str, Any]], source_id: str) -> None:
    """Refuse, before anything is written, a quote that its source does not hold word for word (whitespace,
    quote marks and dashes aside), with the source's words where a passage is close (Misquote.fix), or a
    passage already recorded under the same thesis (recorded: the claim file's passages as written)."""
    from explorer.quote import closest, fold_quote

    folded = fold(text)
    if locate(quote, folded) is None:
        near = closest(quote, folded, text)
        if near is not None and near.similarity >= 60:
            start, end = near.start, near.end
            if quote.rstrip().rstrip("\"'”’)").endswith((".", "!", "?", "…")):  # a quote of whole sentences
                end = max([end] + [s.end for s in sentences(text) if s.start < near.end <= s.end])
            words = " ".join(text[start:end].split())
            differs = said_differently(quote, words)
            raise Misquote(f"The passage is not word for word in {source_name}, so nothing was written. The source "
                           f"has “{words}”" + (f"; it differs in: {differs}" if differs else "") + ". Use the source's "
                           "words, or select the passage again in the text", words)
        raise Misquote(f"The passage is not in {source_name}, so nothing was written: select its words in the "
                       "text, or copy them exactly")
    same = fold_quote(quote)
    for n, item in enumerate(recorded, start=1):
        if item.get("source") == source_id and fold_quote(str(item.get("quote", ""))) == same:
            raise WorkshopError(f"This passage is already recorded under this thesis (passage {n}), so it was not "
                                "written again. To change how it bears on the thesis, choose “Change it” below it")


# --- forms for everything a case holds: the case, a source's details, historians and their views --------------


def _set_fields(node: Any, record: dict[str, Any]) -> None:
    """Set each field of the record in the mapping, in place: an empty value (None, "", []) removes the field;
    text whose words are unchanged keeps the style it was written in."""
    for key, value in record.items():
        if value is None or value == "" or value == []:
            node.pop(key, None)
        elif isinstance(value, str) and isinstance(node.get(key), str) and _words(node[key]) == _words(value):
            continue
        elif node.get(key) != value:
            node[key] = _prose(value) if isinstance(value, str) and "\n\n" in value else value


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
    if "to_explain" in record:
        record["to_explain"] = CommentedSeq([" ".join(t.split()) for t in record["to_explain"] if t.strip()])
    _set_fields(data, record)
    return dump(data)


SOURCE_DETAILS = ("title", "short_title", "kind", "authors", "issued", "container", "publisher", "place", "url",
                  "accessed", "licence", "language", "description", "trust")


def update_source(text: str, source_id: str, record: dict[str, Any]) -> str:
    """sources.yaml with the details of one source set to the record's (an empty value removes an optional
    field); its other fields, its defects, the other sources and the comments kept."""
    data = load(text)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise WorkshopError(f"{layout.SOURCES} is not a mapping with a `sources:` list; fix it first "
                            "(`explorer validate` says where)")
    item = next((s for s in data["sources"] if isinstance(s, dict) and s.get("id") == source_id), None)
    if item is None:
        raise WorkshopError(f"no source with the id `{source_id}` is in {layout.SOURCES} any more (removed on disk?)")
    _set_fields(item, record)
    return dump(data)


def set_defects(text: str, source_id: str, defects: list[dict[str, Any]]) -> str:
    """sources.yaml with one source's defects set to the list given (none: the field goes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text)
    item = next((s for s in (data.get("sources") if isinstance(data, dict) else None) or []
                 if isinstance(s, dict) and s.get("id") == source_id), None)
    if item is None:
        raise WorkshopError(f"no source with the id `{source_id}` is in {layout.SOURCES} any more (removed on disk?)")
    if defects:
        item["defects"] = CommentedSeq([CommentedMap({k: v for k, v in d.items() if v not in (None, "")})
                                        for d in defects])
    else:
        item.pop("defects", None)
    return dump(data)


HISTORIANS_START = f"# yaml-language-server: $schema={layout.schema('historians')}\nhistorians: []\n"


def add_historian(text: str | None, record: dict[str, Any]) -> str:
    """historians.yaml with one more historian (the file started when the case has none)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text if text and text.strip() else HISTORIANS_START)
    if not isinstance(data, dict) or not isinstance(data.get("historians"), list):
        raise WorkshopError(f"{layout.HISTORIANS} is not a mapping with a `historians:` list; fix it first "
                            "(the Problems page says where)")
    if any(isinstance(h, dict) and h.get("id") == record["id"] for h in data["historians"]):
        raise WorkshopError(f"a historian with the id `{record['id']}` is already in {layout.HISTORIANS}; choose them "
                            "from the list, or give another id")
    if not isinstance(data["historians"], CommentedSeq) or not data["historians"]:
        data["historians"] = CommentedSeq(list(data["historians"]))
    _append(data["historians"], CommentedMap({k: v for k, v in record.items() if v not in (None, "", [])}))
    out = dump(data)
    return out.replace("historians: []\n", "historians:\n")


def add_view(text: str, historian_id: str, view: dict[str, Any]) -> str:
    """historians.yaml with one more view of a historian: what a source says they argue (its words, the thesis)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = load(text)
    item = next((h for h in (data.get("historians") if isinstance(data, dict) else None) or []
                 if isinstance(h, dict) and h.get("id") == historian_id), None)
    if item is None:
        raise WorkshopError(f"no historian with the id `{historian_id}` is in {layout.HISTORIANS} any more")
    if not isinstance(item.get("views"), list) or not item["views"]:
        item["views"] = CommentedSeq()
    _append(item["views"], CommentedMap({k: v for k, v in view.items() if v not in (None, "")}))
    return dump(data)


def add_proponent(text: str, rel: str, historian_id: str, source_id: str) -> str:
    """A claim file with one more proponent (the historian, and the source that says they argue it); the same
    pair already there is left as it is."""
    data = _claim(text, rel)
    wanted = [dict(p) for p in data.get("proponents") or [] if isinstance(p, dict)]
    if not any(p.get("historian") == historian_id and p.get("source") == source_id for p in wanted):
        wanted.append({"historian": historian_id, "source": source_id})
    _merge_list(data, "proponents", wanted, ("historian", "source"))
    return dump(data)

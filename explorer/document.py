"""Reading one YAML document safely, keeping the line of every key and list item.

PyYAML's C parser does the parsing; a small constructor on top records line
numbers, keeps dates as the text written, and refuses what a case file never
needs: tags that build Python objects, aliases (which let a few lines expand
into billions of values), nesting deeper than any case file needs (the C
composer recurses without a check, so 50,000 `[` would overflow the stack
and kill the process), and keys that are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from explorer import disk
from explorer.problem import Problem

MAX_DEPTH = 50  # a claim file nests six deep; Python's own limit on recursion is about 1,000 frames
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)  # indentation and the `- `, `? `, `: ` that open a level


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its values."""

    line: int = 1
    lines: dict

    def line_of(self, key: object) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of itself and of each of its items."""

    line: int = 1
    lines: list

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class AliasRefused(yaml.constructor.ConstructorError):
    pass


class UnhashableKey(yaml.constructor.ConstructorError):
    pass


class _Loader(yaml.CSafeLoader):
    """The C parser with a constructor that keeps lines. Used when the text holds no `&`, so no anchor."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []
        self.bad_keys: list[tuple[str, int]] = []

    def construct_line_map(self, node):  # type: ignore[no-untyped-def]
        data = LineDict()
        data.line = node.start_mark.line + 1
        yield data
        lines = {}
        construct = self.construct_object
        for key_node, value_node in node.value:
            key = construct(key_node)
            try:
                hash(key)
            except TypeError:
                raise UnhashableKey(None, None, "unhashable key", key_node.start_mark) from None
            if not isinstance(key, str):
                self.bad_keys.append((str(key_node.value), key_node.start_mark.line + 1))
                continue
            if key in lines:
                self.duplicate_keys.append((key, key_node.start_mark.line + 1))
            data[key] = construct(value_node)
            lines[key] = value_node.start_mark.line + 1
        data.lines = lines

    def construct_line_seq(self, node):  # type: ignore[no-untyped-def]
        data = LineList()
        data.line = node.start_mark.line + 1
        data.lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(self.construct_object(item) for item in node.value)


class _GuardedLoader(_Loader):
    """The same, refusing any node that is used twice: aliases and merge keys."""

    def construct_object(self, node, deep=False):  # type: ignore[no-untyped-def]
        if node in self.constructed_objects or node in self.recursive_objects:
            raise AliasRefused(None, None, "alias", node.start_mark)
        return super().construct_object(node, deep)


def _refuse(loader, node):  # type: ignore[no-untyped-def]
    raise yaml.constructor.ConstructorError(None, None, f"the tag '{node.tag}'", node.start_mark)


for _cls in (_Loader, _GuardedLoader):
    # binary, set and ordered-map values: a case file never needs them, and base64 would hide a quote's words
    for _tag in ("binary", "set", "omap", "pairs"):
        _cls.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)
    _cls.add_constructor("tag:yaml.org,2002:map", _cls.construct_line_map)
    _cls.add_constructor("tag:yaml.org,2002:seq", _cls.construct_line_seq)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str)


@dataclass
class Document:
    """What reading a YAML file gave: its data (None when unreadable) and its problems."""

    data: object = None
    problems: list[Problem] = field(default_factory=list)


def parse(text: str, rel: str) -> Document:
    """Parse YAML text; every failure becomes a problem with the line it happened at."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return Document(None, [Problem(rel, 1, "(file)", "file is empty", "write the fields, or delete the file")])
    too_deep = _too_deep(text, rel)
    if too_deep is not None:
        return Document(None, [too_deep])
    # An alias needs an anchor (&name): text without `&` cannot hold one, and skips the guard.
    loader = _GuardedLoader(text) if "&" in text else _Loader(text)
    try:
        data = loader.get_single_data()
    except AliasRefused as err:
        return Document(None, [_alias_problem(rel, err)])
    except UnhashableKey as err:
        return Document(None, [Problem(rel, err.problem_mark.line + 1, "(yaml)",
                                       "a list or a mapping is used as a field name here, so the file was not read",
                                       "start the line with a field name such as `title:`")])
    except yaml.constructor.ConstructorError as err:
        return Document(None, [_tag_problem(rel, err)])
    except yaml.MarkedYAMLError as err:
        return Document(None, [_syntax_problem(rel, err)])
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, such as NUL or another control
        line = text.count("\n", 0, err.position) + 1
        return Document(None, [Problem(rel, line, "(file)", f"the character U+{err.character:04X} is not allowed in "
                                       "YAML, so the file was not read", "delete it: it is invisible in most editors")])
    except yaml.YAMLError as err:  # pragma: no cover - the C parser marks all its other errors
        return Document(None, [Problem(rel, 1, "(yaml)", f"could not read YAML: {err}")])
    finally:
        loader.dispose()
    if data is None:
        return Document(None, [Problem(rel, 1, "(file)", "file holds no data (only `~`, `null` or `---`)",
                                       "write the fields, or delete the file")])
    problems = [
        Problem(rel, line, key, f"`{key}` is given twice in the same mapping; only the last one would count",
                "keep one")
        for key, line in loader.duplicate_keys
    ]
    problems += [
        Problem(rel, line, "(yaml)", f"`{key or '(nothing)'}` is not a name a field can have, so this line was not read",
                "start the line with a field name such as `title:`; put quotes around a key that is a number")
        for key, line in loader.bad_keys
    ]
    return Document(data, problems)


def read_document(root: Path, rel: str) -> Document:
    """A YAML file of the case folder, read within bounds (see explorer.disk) and parsed."""
    read = disk.read_text(root, rel)
    if read.text is None:
        return Document(None, read.problems)
    return parse(read.text, rel)


def _too_deep(text: str, rel: str) -> Problem | None:
    """Nesting past MAX_DEPTH, found on the parser's event stream before anything recurses. Most files are
    cleared without it: block nesting needs indentation (or `- `, `? ` marks) and flow nesting needs brackets."""
    brackets = text.count("[") + text.count("{")
    widest = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    if brackets + 2 * (widest + 1) <= MAX_DEPTH:
        return None
    parser = yaml.cyaml.CParser(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(rel, event.start_mark.line + 1, "(yaml)",
                                   f"lists and mappings are nested more than {MAX_DEPTH} deep here",
                                   "a case file needs a few levels at most; check the brackets and indentation")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the real parse reports it, with its line
    finally:
        parser.dispose()
    return None


def _syntax_problem(rel: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    what = err.problem or "malformed YAML"
    if err.context:
        what = f"{err.context}, {what}"
    return Problem(rel, line, "(yaml)", f"could not parse YAML: {what}; the rest of this file was not read, "
                   "nor what came before",
                   "check the indentation, colons and quotes on this line and the one before (a colon followed "
                   "by a space inside a value needs the value in quotes)")


def _tag_problem(rel: str, err: yaml.constructor.ConstructorError) -> Problem:
    mark = err.problem_mark
    line = mark.line + 1 if mark else 1
    problem = err.problem or ""
    if problem.startswith("expected a scalar node"):  # `!!str {a: 1}`: a text tag on a mapping or a list
        return Problem(rel, line, "(yaml)", "a tag such as `!!str` is put on a list or a mapping here",
                       "case files need no tags; remove it, and put quotes around a value that must stay text")
    tag = problem.split("'")[1] if problem.count("'") >= 2 else problem
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    if tag == "!!merge":
        return _alias_problem(rel, err)
    return Problem(rel, line, "(yaml)", f"the tag `{tag}` is not allowed",
                   "case files hold only text, numbers, lists and mappings; remove the tag")


def _alias_problem(rel: str, err: yaml.constructor.ConstructorError) -> Problem:
    mark = err.problem_mark
    line = mark.line + 1 if mark else 1
    return Problem(rel, line, "(yaml)", "this value is reused through an alias (*name); aliases and merge keys (<<) are not allowed",
                   "write the value out in full where it is needed")

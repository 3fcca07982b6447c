"""Reading one YAML document safely, keeping the line of every key and list item.

PyYAML's C parser does the parsing; a small constructor on top records line
numbers, keeps dates as the text written, and refuses what a case file never
needs: tags that build Python objects and aliases (which let a few lines expand
into billions of values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from explorer.problem import Problem

MAX_BYTES = 5 * 1024 * 1024


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


class _Loader(yaml.CSafeLoader):
    """The C parser with a constructor that keeps lines. Used when the text holds no `&`, so no anchor."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []

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
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                ) from None
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


for _cls in (_Loader, _GuardedLoader):
    _cls.add_constructor("tag:yaml.org,2002:map", _cls.construct_line_map)
    _cls.add_constructor("tag:yaml.org,2002:seq", _cls.construct_line_seq)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str)


@dataclass
class Document:
    """What reading a YAML file gave: its data (None when unreadable) and its problems."""

    data: object = None
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, rel: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and a problem when it is too big or not UTF-8."""
    size = path.stat().st_size
    if size > limit:
        return None, [
            Problem(rel, 1, "(file)", f"file is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB "
                    "a case file may be", "check that the right file is here, or split it")
        ]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [
            Problem(rel, line, "(file)", f"file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be "
                    "decoded)", "save the file with UTF-8 encoding")
        ]


def parse(text: str, rel: str) -> Document:
    """Parse YAML text; every failure becomes a problem with the line it happened at."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return Document(None, [Problem(rel, 1, "(file)", "file is empty", "write the fields, or delete the file")])
    # An alias needs an anchor (&name): text without `&` cannot hold one, and skips the guard.
    loader = _GuardedLoader(text) if "&" in text else _Loader(text)
    try:
        data = loader.get_single_data()
    except AliasRefused as err:
        return Document(None, [_alias_problem(rel, err)])
    except yaml.constructor.ConstructorError as err:
        return Document(None, [_tag_problem(rel, err)])
    except yaml.MarkedYAMLError as err:
        return Document(None, [_syntax_problem(rel, err)])
    except yaml.YAMLError as err:  # pragma: no cover - the C parser marks all its errors
        return Document(None, [Problem(rel, 1, "(yaml)", f"could not read YAML: {err}")])
    finally:
        loader.dispose()
    problems = [
        Problem(rel, line, key, f"`{key}` is given twice in the same mapping; only the last one would count",
                "keep one")
        for key, line in loader.duplicate_keys
    ]
    return Document(data, problems)


def read_document(path: Path, rel: str) -> Document:
    text, problems = read_text(path, rel)
    if text is None:
        return Document(None, problems)
    return parse(text, rel)


def _syntax_problem(rel: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    what = err.problem or "malformed YAML"
    if err.context:
        what = f"{err.context}, {what}"
    return Problem(rel, line, "(yaml)", f"could not parse YAML: {what}",
                   "check the indentation, colons and quotes on this line and the one before")


def _tag_problem(rel: str, err: yaml.constructor.ConstructorError) -> Problem:
    mark = err.problem_mark
    line = mark.line + 1 if mark else 1
    problem = err.problem or ""
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

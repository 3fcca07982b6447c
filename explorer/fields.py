"""Turning pydantic's validation errors into problems a person can act on."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from explorer import model, vocabulary
from explorer.document import LineDict, LineList
from explorer.problem import Problem
from explorer.text import did_you_mean

# Every field name a case file may use, for "did you mean" on a misspelt field.
KNOWN_FIELDS = sorted(
    {
        name
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Record) and cls is not model.Record
        for name, info in cls.model_fields.items()
        if name not in ("span", "ref", "line", "text_path")
    }
)


def _strength_words(strength: vocabulary.Strength) -> str:
    """How a hint names a strength: its label where that spells its name out (explicit -> explicit: says it in so
    many words), else its name (background, relevant)."""
    if strength.label != strength.name and strength.label.startswith(strength.name):
        return strength.label.replace(" (", ": ", 1).removesuffix(")")
    return strength.name


def _choices(words: list[str]) -> str:
    """Words as a choice in prose: a, b or c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


_STRENGTH_HINT = "use " + _choices([f"{level} ({_strength_words(s)})" for level, s in vocabulary.STRENGTHS.items()])
_STANCE_HINT = "use one of: " + ", ".join(vocabulary.STANCES) + " (or {stance, strength})"
_ID_HINT = "use lower-case letters, digits and underscores, starting with a letter, such as lost_prestige"
_DATE_WORDS = "write the date as YYYY, YYYY-MM or YYYY-MM-DD"
_DATE_HINT = f"{_DATE_WORDS}, in quotes"  # in a file: YAML turns an unquoted date into one of its own
_LANGUAGE_HINT = "write a BCP 47 language tag, the language in lower case: de, en, en-GB, fr-CA"


def in_a_form(hint: str) -> str:
    """A hint as a browser form says it: what only a file needs (quotes around a date) left out."""
    return _DATE_WORDS if hint == _DATE_HINT else hint


def problems_of(err: ValidationError, data: Any, rel: str, prefix: str) -> list[Problem]:
    """One problem per distinct field in the error, in the order pydantic found them."""
    out: list[Problem] = []
    seen: set[str] = set()
    for error in err.errors(include_url=False):
        steps, line = _walk(data, error["loc"])
        path = _join(prefix, steps)
        if path in seen:  # a union reports each alternative: keep the first, clearest one
            continue
        seen.add(path)
        message, hint = _explain(error, steps)
        out.append(Problem(rel, line, path or "(file)", message, hint))
    return out


def _walk(data: Any, loc: tuple) -> tuple[list[str | int], int]:
    """Follow a pydantic location through the data: the real steps and the deepest line."""
    steps: list[str | int] = []
    node = data
    line = getattr(data, "line", 1)
    for part in loc:
        if (isinstance(node, LineDict) and part in node) or (
                isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node)):
            line = node.line_of(part)
            node = node[part]
            steps.append(part)
        elif isinstance(part, str) and (isinstance(node, dict) or node is None) and not _is_type_tag(part):
            steps.append(part)  # a missing field: the line stays the mapping's
            node = None
        # else: a union member's name (literal[...], BearsOn): not a step in the data
    return steps, line


def _is_type_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in ("str", "int", "float", "bool")


def _join(prefix: str, steps: list[str | int]) -> str:
    path = prefix
    for step in steps:
        if isinstance(step, int):
            path += f"[{step}]"
        else:
            path += f".{step}" if path else step
    return path


def _explain(error: dict, steps: list[str | int]) -> tuple[str, str]:
    kind = error["type"]
    name = next((s for s in reversed(steps) if isinstance(s, str)), "")
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"`{name}` is missing", f"add `{name}:` here"
    if kind == "extra_forbidden":
        hint = did_you_mean(name, KNOWN_FIELDS, "remove it; `python -m explorer schema` lists the fields", cutoff=0.7)
        return f"unknown field `{name}`", hint
    if kind == "literal_error":
        if len(steps) >= 2 and steps[-2] == "bears_on":
            name = "stance"
        expected = ctx.get("expected", "").replace("'", "")
        return f"`{given}` is not a known {name}", f"use one of: {expected.replace(' or ', ', ')}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if name == "bears_on" or (len(steps) >= 2 and steps[-2] == "bears_on"):
            return f"`{given}` is not a stance", _STANCE_HINT
        return f"`{name or 'this'}` should be a mapping of fields, not {_kind(given)}", "write `field: value` lines under it"
    if kind == "list_type":
        return f"`{name}` should be a list, not {_kind(given)}", "start each item on its own line with `- `"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "\\d{4}" in pattern:
            return f"`{given}` is not a date", _DATE_HINT
        if pattern == model.LANGUAGE_PATTERN:
            return f"`{given}` is not a language tag", _LANGUAGE_HINT
        return f"`{given}` is not a valid id", _ID_HINT
    if kind in ("int_parsing", "int_type", "int_from_float", "greater_than_equal", "less_than_equal",
                "float_parsing", "float_type", "greater_than", "less_than"):
        bound = {"greater_than_equal": f"at least {ctx.get('ge')}", "less_than_equal": f"at most {ctx.get('le')}"}
        what = bound.get(kind, "a whole number" if kind.startswith("int") else "a number")
        hint = _STRENGTH_HINT if name == "strength" else f"write {what}"
        return f"`{name}` should be {what}, not `{given}`", hint
    if kind in ("string_type",):
        return f"`{name}` should be text, not {_kind(given)}", "put the text in quotes"
    if kind in ("string_too_short", "too_short"):
        if isinstance(given, list):
            return f"`{name}` needs at least {ctx.get('min_length')} items", "add the missing items"
        return f"`{name}` is empty", "write it"
    if kind == "value_error":
        return f"`{name}`: {error['msg'].removeprefix('Value error, ')}", _DATE_HINT if name == "date" else ""
    return f"`{name}`: {error['msg']}", ""


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text `{value}`"
    if value is None:
        return "nothing"
    return f"`{value}`"



"""Quotes checked against their source before anything is written, and corrected to its words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.quote import fold, locate, locate_ignoring_case, said_differently
from explorer.workshop.edit import WorkshopError, dump, load
from explorer.workshop.sentences import sentences


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


class Misquote(WorkshopError):
    """A quote that is not word for word in its source; `fix` is the source's words where a passage is close."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix


ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…)\s*")  # words left out of a quotation: ... or …
ELIDED_MOST = 1500  # characters of a source's stretch offered in place of a quote shortened with an ellipsis


def elided(quote: str, text: str) -> str | None:
    """The source's whole stretch from the first part of a quote shortened with an ellipsis to its last, when each
    part is in the source word for word and in order (and the stretch is not too long to offer); None otherwise."""
    from explorer.quote import fold_quote

    parts = [fold_quote(p) for p in ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or not ELLIPSIS.search(quote):
        return None
    folded, at, first = fold(text), 0, None
    for part in parts:
        found = folded.text.find(part, at)
        if found < 0:
            return None
        first = found if first is None else first
        at = found + len(part)
    start, end = folded.origin(first), folded.origin(at - 1) + 1
    return " ".join(text[start:end].split()) if end - start <= ELIDED_MOST else None


def check_quote(quote: str, text: str, source_name: str, recorded: list[dict[str, Any]], source_id: str) -> None:
    """Refuse, before anything is written, a quote that its source does not hold word for word (whitespace,
    quote marks and dashes aside), with the source's words where a passage is close (Misquote.fix), or a
    passage already recorded under the same thesis (recorded: the claim file's passages as written)."""
    from explorer.quote import closest, fold_quote

    folded = fold(text)
    if locate(quote, folded) is None:
        whole = elided(quote, text)
        if whole is not None:
            raise Misquote("A passage is one unbroken stretch of the source's words, so a quote with words left out "
                           "(…) cannot be recorded, and nothing was written. Take the whole stretch with “Use the "
                           "source's words”, or record each part as a passage of its own", whole)
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


PLAIN_NEGATIONS = {"not", "no", "never", "nor"}  # the words that turn a sentence round: did not, n't count as not


def words_taken(typed: str, source: str) -> str:
    """What the page says once the source's words replace a misquote (`typed`): they changed, so the stance and the
    reason may no longer fit; louder when the source's words add or drop a "not", "no" or "never"."""
    from explorer.check.words import negations  # here: explorer.check imports the workshop (its sentences)

    typed_not, source_not = negations(typed) & PLAIN_NEGATIONS, negations(source) & PLAIN_NEGATIONS
    said = ("The passage now has the source's own words. Before you record it, check that how it bears on this "
            "thesis and why it matters still fit them.")
    ways = [f"{way} {' and '.join(f'“{w}”' for w in sorted(words))}"
            for way, words in (("add", source_not - typed_not), ("drop", typed_not - source_not)) if words]
    if not ways:
        return said
    return (f"Careful: the source's words {' and '.join(ways)}, so they may say the opposite of what you typed. "
            + said.replace("Before you record it, check", "Check"))

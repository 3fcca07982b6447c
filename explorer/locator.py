"""Where a passage stands in its source as published: the heading above it and its paragraph under that heading,
the locator a reader can use to find it ("para. 2 under “What Happened?”"), never a line of the case's copy.

A source's text keeps one paragraph of the source per line (texts/<source>.txt). Its section headings are those
sources.yaml lists under `headings` (each a whole line of the text): a caption or a title looks like a heading and
is not one, so the case says which lines are. A *paragraph* is a line of running text that is not a heading: one
that ends a sentence (`.`, `!`, `?` or `…`, a closing quotation mark allowed after it) and has at least
SHORTEST words, or one of LONGEST words or more (an excerpt that breaks off without a full stop). Captions, the
title, bylines, index terms and a word or two carried over to a line of their own are not counted. Paragraphs
are numbered from 1 under each heading, and from the top of the text before the first heading.

A passage is in the paragraph where it starts; one that starts in a line that is not a paragraph (a broken
line) belongs to the paragraph before it. Pure: text in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from explorer.model import Case

SHORTEST = 5  # words in a paragraph that ends a sentence
LONGEST = 20  # words in a line that counts as a paragraph even without a sentence's end
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’]*\s*$")


@dataclass(frozen=True)
class Paragraph:
    start: int  # character offsets in the text
    end: int
    heading: str | None  # the heading above it (None: before the first heading)
    number: int  # 1 = the first paragraph under its heading


@dataclass(frozen=True)
class Place:
    heading: str | None
    paragraph: int

    @property
    def locator(self) -> str:
        """The locator's value after the style's "para." label: `2`, or `2 under “What Happened?”`."""
        return f"{self.paragraph} under \u201c{self.heading}\u201d" if self.heading else str(self.paragraph)

    @property
    def words(self) -> str:
        """As a note prints it (Chicago's short label for a paragraph): `para. 2 under “What Happened?”`."""
        return f"para. {self.locator}"


def is_paragraph(line: str) -> bool:
    words = len(line.split())
    return words >= LONGEST or (words >= SHORTEST and bool(_ENDS_SENTENCE.search(line)))


def paragraphs(text: str, headings: Sequence[str] = ()) -> list[Paragraph]:
    """The text's paragraphs in order, each with the heading above it and its number under that heading."""
    marked = {" ".join(h.split()) for h in headings}
    out: list[Paragraph] = []
    heading: str | None = None
    number = 0
    offset = 0
    for line in text.split("\n"):
        folded = " ".join(line.split())
        if folded in marked:
            heading, number = folded, 0
        elif folded and is_paragraph(folded):
            number += 1
            out.append(Paragraph(offset, offset + len(line), heading, number))
        offset += len(line) + 1
    return out


def place(text: str, headings: Sequence[str], offset: int) -> Place | None:
    """The paragraph a passage starting at `offset` is in (or the last one before it); None before the first."""
    found = None
    for paragraph in paragraphs(text, headings):
        if paragraph.start > offset:
            break
        found = paragraph
    return Place(found.heading, found.number) if found else None


def locate(case: Case, source_id: str, span: tuple[int, int] | None) -> Place | None:
    """Where a located passage of a source stands in the source as published; None without a text or a span."""
    text = case.texts.get(source_id)
    source = case.sources.get(source_id)
    if text is None or span is None or source is None:
        return None
    return place(text, source.headings, span[0])


def missing_headings(text: str, headings: Sequence[str]) -> list[str]:
    """The listed headings that are not a whole line of the text (the loader reports each)."""
    lines = {" ".join(line.split()) for line in text.split("\n")}
    return [h for h in headings if " ".join(h.split()) not in lines]

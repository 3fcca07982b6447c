"""Essay mode: a plan that argues, for a student's essay, as data, as one list of blocks, and as Markdown and Word.

The student picks a main explanation (and may write their own thesis statement), the contributing factors in
their own order and a counter-argument to answer. `build_outline` turns that into an Outline:

- the thesis statement, the student's own or the explanation's marked as a start to rewrite;
- an introduction: the question, the factors in the student's order and, for information only, the order in
  which the recorded evidence backs them (explorer.weighting's "strongest first"), never a verdict on the order;
- how to write each paragraph (point, evidence, explanation, link);
- a body section for the main explanation, with the evidence that best matches its statement, and one worked
  example paragraph made from that evidence;
- a section for each factor, framed as adding to the main explanation or as a limit on it, by the link the claim
  files record between the two (or saying that none is recorded), with its evidence and the link to the next;
- the counter-argument (the strongest passages for the rival the student chose, its historians, and a warning
  where only a source that is no authority credits the view to them, with what to read instead) and a rebuttal;
- a judgement (which mattered most, and why, with what any answer must explain) and a conclusion;
- the notes, what the case does not know about each cited source, the sources not to cite as an authority, a
  bibliography of the sources the notes cite and the case's other listed works as further reading, in Chicago
  style (rendered by explorer.cite; each note locates its passage by paragraph: explorer.locator).

It is a scaffold for the student's own writing, not a ghost-written essay: it quotes the sources and asks
questions, and every prompt says that the writing is the student's. Pure: no I/O, no streamlit.

`blocks(outline)` lays the plan out once, as a list of blocks (headings, paragraphs of runs with note
references, quotations, list items, bibliography entries); `to_markdown` and `to_docx` only walk that list, so the
two files cannot drift apart.

How passages are chosen: a passage counts what weighting.passage_weight gives it (points for its strength x the
trust of its source; a qualification half), and only those that count for something are quoted. Among them, a
section quotes those whose weight x (RELEVANCE_FLOOR + relevance) is highest, relevance being how close the
passage is in words to what the section argues (its explanation's title, statement and summary, and for the
main section the student's own thesis statement: suggest.relevance): so a thesis about Cuba quotes passages
about Cuba, not only its heaviest ones. Two are quoted, and a third when it scores at least half as much as the
first. Ties keep weighting.bearings' order. A passage is quoted once in a plan. A quotation is whole sentences,
or marked with an ellipsis where it starts or ends within one; one that opens on "This", "These" or a linking
word ("However", "Still") is given the sentence before it from the same paragraph, so that a reader knows what
"this" is.

The package is one noun a module, everything public re-exported here (`from explorer import essay;
essay.build_outline(...)`): `outline` (the plan as data), `plan` (the student's choices checked, the planner's
defaults, the weighting a plan is made with), `passages` (which passages a section quotes, how, and the notes'
numbers), `building` (build_outline, section by section), `blocks` (the one list of blocks), `markdown` and
`word` (the two renderers, each walking the blocks).
"""

from __future__ import annotations

from explorer.essay.blocks import COUNTER_EVIDENCE, OWN_STATEMENT, Block, Span, blocks, gloss, quoted
from explorer.essay.building import GUIDANCE, MISSING, SCAFFOLD, build_outline, named
from explorer.essay.markdown import to_markdown
from explorer.essay.outline import (
    Bearing_,
    Caution,
    CounterArgument,
    Example,
    Gap,
    Introduction,
    Judgement,
    Main,
    Note,
    Outline,
    OutlineError,
    Quotation,
    Rival,
    Section,
    Statement,
    Transition,
)
from explorer.essay.passages import (
    ELLIPSIS,
    LEANS_BACK,
    QUOTES_MAX,
    QUOTES_MIN,
    RELEVANCE_FLOOR,
    THIRD_AT_LEAST,
    choose,
    excerpt,
)
from explorer.essay.plan import DEFAULT_FACTORS, check_plan, default_plan, suggest_order
from explorer.essay.word import DOCX_MEDIA_TYPE, to_docx

__all__ = [
    "COUNTER_EVIDENCE", "DEFAULT_FACTORS", "DOCX_MEDIA_TYPE", "ELLIPSIS", "GUIDANCE", "LEANS_BACK", "MISSING",
    "OWN_STATEMENT", "QUOTES_MAX", "QUOTES_MIN", "RELEVANCE_FLOOR", "SCAFFOLD", "THIRD_AT_LEAST", "Bearing_",
    "Block", "Caution", "CounterArgument", "Example", "Gap", "Introduction", "Judgement", "Main", "Note", "Outline",
    "OutlineError", "Quotation", "Rival", "Section", "Span", "Statement", "Transition", "blocks", "build_outline",
    "check_plan", "choose", "default_plan", "excerpt", "gloss", "named", "quoted", "suggest_order", "to_docx",
    "to_markdown",
]

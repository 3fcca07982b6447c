"""Check my essay: a student's draft read against the case, with feedback that points at the exact sentence and
the exact passage. Pure: the essay's text (explorer/drafts.py reads files into it) and a Case in, values out.

What it checks, each a kind of finding (FINDINGS in explorer/vocabulary.py has their names for people):

- every quotation (in straight or typographic quotes, single or double, or a block quote): found word for word
  in a source, close to a passage (`misquote`: what differs, and the source's words), or in none (`not_in_sources`);
  and credited to the source it comes from, by its footnote or by the sentence that names a source
  (`wrong_source`; an uncredited quotation is one too, with the source to credit);
- a view credited to a historian that no source in the case credits to them (`unsupported_attribution`), with
  what the case does record of them;
- a source's recorded error (a factual error or a detail out of its time in sources.yaml, with its correction)
  repeated as fact, in the student's words or quoted (`repeated_error`): most of the error's rarer words in one
  sentence, and no sign in it that the student is correcting it;
- what each paragraph argues: the explanation whose words (its statement, summary and recorded passages) are
  most like the paragraph's, by TF-IDF cosine similarity (scikit-learn); a recorded rival of the essay's main
  explanation that no paragraph answers (`no_counterargument`); a conclusion that weighs nothing
  (`no_judgement`); a body paragraph with no quotation, no footnote and no source named (`unsupported_paragraph`).

bench/bench_check.py measures every kind on essays written for it, with their faults labelled.

The check is a package of one noun a module, everything public re-exported here (`from explorer import check;
check.Checker(case).check(text)`): `shape` (a draft as paragraphs, sentences, quotations and notes), `words`
(stems, the words that carry meaning, negations), `checker` (the checks themselves) and `report` (what was found,
as values, and as a page per essay and a class's table).
"""

from __future__ import annotations

from explorer.check.checker import (
    ANSWERS,
    ATTRIBUTION_MIN,
    CLOSE,
    COUNTER,
    ERROR_CORE,
    ERROR_COVER,
    ERROR_KINDS,
    JUDGEMENT,
    KEYWORDS,
    MIN_EXPLANATION,
    MIN_QUOTE_WORDS,
    Checker,
)
from explorer.check.report import (
    CLASS_COLUMNS,
    FINDING_KINDS,
    Finding,
    ParagraphView,
    QuoteCheck,
    Report,
    class_rows,
    to_markdown,
)
from explorer.check.shape import Block, Essay, Quoted, Sentence, find_quotations, parse, plain_words, split_sentences
from explorer.check.words import content_words, negations, stem

__all__ = [
    "ANSWERS", "ATTRIBUTION_MIN", "CLASS_COLUMNS", "CLOSE", "COUNTER", "ERROR_CORE", "ERROR_COVER", "ERROR_KINDS",
    "FINDING_KINDS", "JUDGEMENT", "KEYWORDS", "MIN_EXPLANATION", "MIN_QUOTE_WORDS", "Block", "Checker", "Essay",
    "Finding", "ParagraphView", "QuoteCheck", "Quoted", "Report", "Sentence", "class_rows", "content_words",
    "find_quotations", "negations", "parse", "plain_words", "split_sentences", "stem", "to_markdown",
]

"""Debate briefs: for one thesis, its best evidence, what it will face, its rivals, the passages that decide
the debate and cross-examination questions. Built from the case and the weighing engine; pure.

A brief is a document people read: a passage is named by its words and its source, a thesis by its title, and
neither a passage's reference (`agriculture#3`) nor a thesis id appears in its Markdown or its printable page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from explorer import gaps, tables, weigh
from explorer.fields import close_to
from explorer.model import Case
from explorer.text import literal
from explorer.vocabulary import STANCES, STRENGTHS, WRITER_KINDS

BEST = 5  # supporting passages listed for the team
BACKGROUND = 3  # background passages listed for the team, apart from its evidence
JUDGEMENTS = 6  # pivotal judgements listed
FACING = 5  # passages against the team
RIVAL_BEST = 3  # supporting passages listed for each rival
QUESTIONS_PER_RIVAL = 2


class BriefError(ValueError):
    """A brief that cannot be made (an unknown thesis); the message says why and what is known."""


@dataclass(frozen=True)
class Cited:
    """A passage as a debater uses it: the words, where they come from and how much they weigh."""

    ref: str
    source: str
    source_title: str
    quote: str
    note: str
    stance: str
    strength: int
    weight: float  # weigh.passage_weight: points for its strength x trust in its source, half if it qualifies
    home: str = ""  # the title of the thesis whose claim file records it, when it is another thesis

    @property
    def label(self) -> str:
        """Its strength in words ('background', 'relevant', 'explicit causal claim') and its weight."""
        return f"{STRENGTHS[self.strength].label}, weight {self.weight:.2f}"


@dataclass(frozen=True)
class Rival:
    id: str
    title: str
    statement: str
    rank: int
    best: tuple[Cited, ...]
    gaps: tuple[str, ...] = ()  # what the scholarship holds that no source here carries (explorer/gaps.py)


@dataclass(frozen=True)
class Brief:
    id: str
    title: str
    statement: str
    summary: str
    proponents: tuple[str, ...]  # "Martin Page (according to ...)"
    rank: int
    of: int
    share: float
    p_first: float | None  # first when the settings are redrawn
    best: tuple[Cited, ...]
    facing: tuple[Cited, ...]
    rivals: tuple[Rival, ...]
    defend: tuple[str, ...]  # pivotal passages that hold this thesis up, named by their words and source, with
    #                          what leaving each out does to the top, in words (never a reference or a thesis id)
    attack: tuple[str, ...]  # pivotal passages that hold a rival up, alike
    questions_to_ask: tuple[str, ...]
    questions_to_expect: tuple[str, ...]
    judgements: tuple[str, ...]  # readings of one passage on which the ranking turns, alike
    background: tuple[Cited, ...]  # supporting background: it sets the scene and counts for nothing
    first_in: str = ""  # how often it comes first, in words (Ranking.first_in)
    gaps: tuple[str, ...] = ()  # beside its rank: what the scholarship holds that no source here carries


def in_play(case: Case, theses: list[str]) -> Case:
    """The case with only the theses in play: rankings, pivots and rivals are among them."""
    return case.model_copy(update={"theses": {t: case.theses[t] for t in theses}})


def check_thesis(case: Case, thesis_id: str) -> None:
    if thesis_id not in case.theses:
        close = close_to(thesis_id, case.theses)
        hint = f"did you mean `{close}`? " if close else ""
        raise BriefError(f"unknown thesis `{thesis_id}`; {hint}use one of: {', '.join(case.theses)}")


def build(case: Case, thesis_id: str, rivals: list[str] | None = None,
          weights: Mapping[str, float] | None = None, trust: Mapping[str, float] | None = None,
          points: Mapping[str | int, float] | None = None, samples: int = 2000, seed: int = 0) -> Brief:
    """The brief for one thesis against its rivals (default: every other thesis of the case)."""
    check_thesis(case, thesis_id)
    for rival in rivals or []:
        check_thesis(case, rival)
    asked = case.question_of(thesis_id)  # rivals answer the same question: a brief never pits how against why
    others = [t for t in (rivals if rivals is not None else case.theses)
              if t != thesis_id and case.question_of(t) == asked]
    debate = in_play(case, [thesis_id, *others])
    ranking = weigh.weigh(weigh.matrices(debate, points), weights, trust, samples=samples, seed=seed)
    trusted = ranking.trust
    results = {r.id: r for r in ranking.theses}
    thesis = case.theses[thesis_id]

    def cited(thesis_of: str, stances: tuple[str, ...], background: bool = False) -> list[Cited]:
        """The passages with one of the stances on a thesis, heaviest first: those that count (weight above 0),
        or, with `background`, those whose strength counts no points on these settings (background, by
        default). A passage from a source trusted 0 is in neither list."""
        frame = tables.evidence_on(debate, thesis_of)
        rows = []
        for r in frame.itertuples():
            strength = int(r.strength)
            weight = weigh.passage_weight(r.stance, strength, trusted.get(r.source, 0.0), ranking.points)
            wanted = ranking.points[strength] == 0 if background else weight > 0
            if r.stance in stances and wanted:
                rows.append(Cited(r.ref, r.source, source_title(case, r.source),
                                  case.words(r.source, _span(r.start, r.end), r.quote), r.note.strip(), r.stance,
                                  strength, round(weight, 3), "" if r.home == thesis_of else case.theses[r.home].title))
        return sorted(rows, key=lambda c: (-c.weight, c.ref))

    best = cited(thesis_id, ("supports",))[:BEST]
    background = cited(thesis_id, ("supports",), background=True)[:BACKGROUND]
    facing = cited(thesis_id, ("disputes", "qualifies"))[:FACING]
    rival_list = tuple(
        Rival(r, case.theses[r].title, case.theses[r].statement.strip(), results[r].rank,
              tuple(cited(r, ("supports",))[:RIVAL_BEST]),
              tuple(g.sentence() for g in gaps.of_thesis(case, r, results[r].rank)))
        for r in sorted(others, key=lambda r: results[r].rank)
    )
    names = {t: debate.theses[t].title for t in debate.theses}
    defend, attack = [], []
    for pivot in ranking.pivotal:
        line = (f"{case.passage_name(pivot.ref)}: without it, "
                f"{weigh.changes_in_words(pivot.before, pivot.after, names)}")
        stance = pivot.stances.get(thesis_id)
        if stance == "supports":
            defend.append(line)
        elif any(pivot.stances.get(r) == "supports" for r in others) or stance in ("disputes", "qualifies"):
            attack.append(line)
    ask = []
    for rival in rival_list:
        against = cited(rival.id, ("disputes", "qualifies"))[:QUESTIONS_PER_RIVAL]
        ask.extend(question(c, rival.title) for c in against)
    expect = [question(c, thesis.title) for c in facing[:3]]
    judged = [f"{case.passage_name(j.ref)}, on “{names[j.thesis]}”: {j.reading}, "
              f"{weigh.changes_in_words(j.before, j.after, names)}" for j in ranking.judgements[:JUDGEMENTS]]
    result = results[thesis_id]
    return Brief(
        id=thesis_id, title=thesis.title, statement=thesis.statement.strip(), summary=" ".join(thesis.summary.split()),
        proponents=tuple(_proponent(case, p.historian, p.source) for p in thesis.proponents),
        rank=result.rank, of=len(ranking.theses), share=result.share, p_first=result.p_first,
        best=tuple(best), facing=tuple(facing), rivals=rival_list, defend=tuple(defend), attack=tuple(attack),
        questions_to_ask=tuple(ask), questions_to_expect=tuple(expect), judgements=tuple(judged),
        background=tuple(background), first_in=ranking.first_in(thesis_id),
        gaps=tuple(g.sentence() for g in gaps.of_thesis(case, thesis_id, result.rank)),
    )


def opening(case: Case, ref: str) -> str:
    """A passage named in a list: “its first words …”, as its source prints them."""
    return case.opening(ref)


def question(passage: Cited, target: str) -> str:
    """A cross-examination question from a passage that disputes or qualifies the target thesis."""
    if passage.stance == "disputes":
        return (f"{passage.source_title} says: “{passage.quote}” How can “{target}” stand if that is true?")
    return (f"{passage.source_title} says: “{passage.quote}” Does that not make “{target}” one factor "
            "among several rather than the cause?")


def _span(start: float, end: float) -> tuple[int, int] | None:
    """A span from a table row (NaN where the passage was not located)."""
    return None if pd.isna(start) or pd.isna(end) else (int(start), int(end))


def source_title(case: Case, source_id: str) -> str:
    return case.source_name(source_id)


def _proponent(case: Case, historian: str, source: str) -> str:
    known = case.historians.get(historian)
    name = known.name if known else historian
    kind = f", a {WRITER_KINDS[known.kind].label}" if known and not WRITER_KINDS[known.kind].scholarly else ""
    return f"{name}{kind} (according to {source_title(case, source)})"


# --- rendering ---------------------------------------------------------------------------------------


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown, for printing or sharing. Every text from the case goes through `literal`, so
    it reads as it was written in any Markdown renderer (and in the app)."""
    t = literal
    out = [f"# Debate brief: {t(brief.title)}", "", f"**Your thesis.** {t(brief.statement)}", "", t(brief.summary),
           ""]
    if brief.proponents:
        out += ["Argued by " + "; ".join(t(p) for p in brief.proponents) + ".", ""]
    first = f", {brief.first_in}" if brief.first_in else ""
    out += [(f"On the weighing used here it ranks {brief.rank} of {brief.of} in this debate "
            f"({brief.share:.0%} of the explanation{first})."), ""]
    out += [f"*{t(gap)}*" for gap in brief.gaps] + ([""] if brief.gaps else [])
    out += ["## Your best evidence", ""] + (_passages(brief.best) or ["Nothing recorded counts for your thesis."]) + [""]
    if brief.background:
        out += ["## Background (sets the scene; counts for nothing in the weighing)", ""] + _passages(
            brief.background) + [""]
    out += ["## What you will face", ""] + (_passages(brief.facing) or ["Nothing recorded that counts in the weighing disputes or qualifies your thesis."]) + [""]
    out += ["## Your rivals", ""]
    for rival in brief.rivals:
        out += [f"### {t(rival.title)} (ranked {rival.rank})", "", t(rival.statement), ""]
        out += [f"*{t(gap)}*" for gap in rival.gaps] + ([""] if rival.gaps else [])
        out += _passages(rival.best) + [""]
    out += ["## The passages that decide this debate", ""]
    if brief.defend or brief.attack:
        out += [f"- Defend: {t(line)}" for line in brief.defend] + [f"- Attack: {t(line)}" for line in brief.attack]
    else:
        out += ["No single passage changes the top of the ranking among these theses."]
    if brief.judgements:
        out += ["", "The ranking turns on how you read these passages:", ""]
        out += [f"- {t(line)}" for line in brief.judgements]
    out += ["", "## Cross-examination: questions to ask", ""]
    out += [f"{n}. {t(q)}" for n, q in enumerate(brief.questions_to_ask, 1)] or ["(none recorded)"]
    out += ["", "## Questions to prepare for", ""]
    out += [f"{n}. {t(q)}" for n, q in enumerate(brief.questions_to_expect, 1)] or ["(none recorded)"]
    return "\n".join(out).rstrip() + "\n"


def note_of(passage: Cited) -> str:
    """The passage's note; a note written for another thesis says so."""
    return f"Recorded under “{passage.home}”: {passage.note}" if passage.home else passage.note


def stance_words(passage: Cited) -> str:
    """How a passage bears on the thesis, in the vocabulary's words: 'supports', 'disputes', 'qualifies'."""
    return STANCES[passage.stance].label


def _passages(items: tuple[Cited, ...]) -> list[str]:
    """Each passage by its words, its source, how it bears on the thesis and its note; never its reference."""
    return [f"- {literal(f'“{c.quote}” ({c.source_title}; {stance_words(c)}, {c.label}) {note_of(c)}')}"
            for c in items]


def to_html(brief: Brief) -> str:
    """A printable page: the same brief as a standalone HTML document with print styles. All text escaped."""
    e = html.escape

    def items(cited: tuple[Cited, ...]) -> str:
        if not cited:
            return "<p>Nothing recorded.</p>"
        return "<ol>" + "".join(
            f"<li><blockquote>“{e(c.quote)}”</blockquote><p class='meta'>{e(c.source_title)} · "
            f"{e(stance_words(c))}, {e(c.label)}</p><p>{e(note_of(c))}</p></li>" for c in cited
        ) + "</ol>"

    rivals = "".join(f"<h3>{e(r.title)} (ranked {r.rank})</h3><p>{e(r.statement)}</p>"
                     + "".join(f"<p class='gap'>{e(g)}</p>" for g in r.gaps) + items(r.best) for r in brief.rivals)
    gap_notes = "".join(f"<p class='gap'>{e(g)}</p>" for g in brief.gaps)
    pivots = "".join(f"<li>Defend: {e(x)}</li>" for x in brief.defend) + "".join(
        f"<li>Attack: {e(x)}</li>" for x in brief.attack) or "<li>No single passage changes the top.</li>"
    readings = ("<p>The ranking turns on how you read these passages:</p><ul>"
                + "".join(f"<li>{e(x)}</li>" for x in brief.judgements) + "</ul>") if brief.judgements else ""
    background = (f"<h2>Background (sets the scene; counts for nothing in the weighing)</h2>{items(brief.background)}"
                  if brief.background else "")
    ask = "".join(f"<li>{e(q)}</li>" for q in brief.questions_to_ask) or "<li>(none recorded)</li>"
    expect = "".join(f"<li>{e(q)}</li>" for q in brief.questions_to_expect) or "<li>(none recorded)</li>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Debate brief: {e(brief.title)}</title>
<style>
body {{ font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.5; color: #111; }}
blockquote {{ margin: 0.3em 0 0.2em 1em; font-style: italic; }}
.meta {{ color: #444; font-size: 0.9em; margin: 0; }}
.gap {{ border-left: 3px solid #E69F00; padding-left: 0.6em; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 1px solid #999; margin-top: 1.6em; }}
@media print {{ body {{ margin: 0; }} h2 {{ page-break-after: avoid; }} li {{ page-break-inside: avoid; }} }}
</style></head><body>
<h1>Debate brief: {e(brief.title)}</h1>
<p><strong>Your thesis.</strong> {e(brief.statement)}</p><p>{e(brief.summary)}</p>
<p>Ranks {brief.rank} of {brief.of} in this debate on the weighing used here ({brief.share:.0%} of the explanation).</p>
{gap_notes}
<h2>Your best evidence</h2>{items(brief.best)}
{background}
<h2>What you will face</h2>{items(brief.facing)}
<h2>Your rivals</h2>{rivals}
<h2>The passages that decide this debate</h2><ul>{pivots}</ul>{readings}
<h2>Cross-examination: questions to ask</h2><ol>{ask}</ol>
<h2>Questions to prepare for</h2><ol>{expect}</ol>
</body></html>
"""

"""Debate briefs: for one team, its best evidence and why its sources can be trusted or doubted, what the rivals
will say against it and an answer to prepare for each, the passages that decide the debate *for this team*
(those whose loss would drop it, those whose loss would lift it above a rival), its rivals, and
cross-examination questions. Built from the case and the weighing engine; pure.

A brief is a document people read: a passage is named by its words and its source, a thesis by its title, and
neither a passage's reference (`agriculture#3`) nor a thesis id appears in what it prints. It comes in two
versions of one text (`document`): the team's, without weights, and the teacher's, with each passage's weight and
the answer key (what the evidence engine thinks and why, in explorer/answer.py's plain words). `print_all` puts
every team's brief in one document, a page to each team.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer import answer, gaps, printable, weigh
from explorer.model import Case, described_names
from explorer.printable import Card, Document, Items, Para, Part
from explorer.problem import ExplorerError
from explorer.text import listed, ordinal
from explorer.vocabulary import SOURCE_KINDS, STANCES, STRENGTHS, WRITER_KINDS, unknown
from explorer.weighting import Weighting, bearings, faults, trust_words

BEST = 3  # supporting passages listed for the team
BACKGROUND = 3  # background passages listed for the team, apart from its evidence
FACING = 3  # passages against the team, each with an answer to prepare
RIVAL_BEST = 1  # supporting passages quoted for each rival
DECIDE = 2  # passages to defend, and to attack, at most (each printed whole)
QUESTIONS = 3  # cross-examination questions at most
OPENING = "“{}”"


class BriefError(ExplorerError, ValueError):
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
    kind: str = ""  # what the source is, in the vocabulary's words ('Reference work')
    faults: str = ""  # the faults recorded against the source ('factual error (2)'), '' when none

    @property
    def label(self) -> str:
        """Its strength in words ('background', 'relevant', 'explicit (says it in so many words)') and its weight."""
        return f"{STRENGTHS[self.strength].label}, weight {self.weight:.2f}"


@dataclass(frozen=True)
class Facing:
    """A passage the rivals will use against the team: the question it asks, and an answer to prepare."""

    passage: Cited
    question: str
    prepare: str


@dataclass(frozen=True)
class Rival:
    id: str
    title: str
    statement: str
    rank: int
    best: tuple[Cited, ...]
    team: str = ""  # the team that defends it, in a room
    gaps: tuple[str, ...] = ()  # what the scholarship holds that no source here carries (explorer/gaps.py)


@dataclass(frozen=True)
class Decider:
    """A passage whose loss moves this team: `side` defend (it would drop) or attack (it would rise)."""

    ref: str
    name: str  # its first words and its source
    side: str  # "defend" | "attack"
    change: str  # what its loss does to this team, in places (the teacher's version)
    place_before: int
    place_after: int
    words: str = ""  # the whole passage, as its source prints it, and its source: what a team reads and argues over
    plain: str = ""  # what its loss does, without places (the team's version: no verdict)

    @property
    def line(self) -> str:
        return f"{self.name}: {self.change}"

    @property
    def team_line(self) -> str:
        return f"{self.words or self.name}: {self.plain or self.change}"


@dataclass(frozen=True)
class SourceNote:
    title: str
    words: str  # weighting.trust_words: what it is and the faults recorded against it, without a number


@dataclass(frozen=True)
class Key:
    """The teacher's answer key: what the evidence engine thinks, and why."""

    headline: str
    reasons: tuple[str, ...]
    score: str  # this team's score written out as its sum (answer.worked_sum)
    turning: tuple[str, ...]  # the passages the ranking turns on, in words


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
    facing: tuple[Facing, ...]
    rivals: tuple[Rival, ...]
    defend: tuple[Decider, ...]
    attack: tuple[Decider, ...]
    questions_to_ask: tuple[str, ...]
    background: tuple[Cited, ...]  # supporting background: it sets the scene and counts for nothing
    sources: tuple[SourceNote, ...]  # every source quoted in the team's version, once
    key: Key
    first_in: str = ""  # how often it comes first, in words (Ranking.first_in)
    team: str = ""  # the team's name, in a room
    gaps: tuple[str, ...] = ()  # beside its rank: what the scholarship holds that no source here carries

    @property
    def questions_to_expect(self) -> tuple[str, ...]:
        return tuple(f.question for f in self.facing)


def check_thesis(case: Case, thesis_id: str) -> None:
    if thesis_id not in case.theses:
        raise BriefError(unknown("thesis", thesis_id, list(case.theses)))


@dataclass(frozen=True)
class Debate:
    """What every team's brief in one debate shares: the theses in play, weighed once."""

    case: Case  # the whole case (for source names and passage words)
    play: Case  # only the theses in play
    weighting: Weighting
    ranking: weigh.Ranking
    base: tuple[str, ...]  # the ranking, best first
    without: dict[str, tuple[str, ...]]  # passage -> the ranking without it
    key: answer.Answer
    teams: dict[str, str]  # thesis -> team name, in a room


def debate(case: Case, theses: Sequence[str], weighting: Weighting | None = None, samples: int = 2000,
           seed: int = 0, teams: Mapping[str, str] | None = None) -> Debate:
    """The debate among `theses`, weighed once for all its briefs under a weighting (None: the case's defaults;
    BriefError for an unknown thesis)."""
    for tid in theses:
        check_thesis(case, tid)
    play = case.only(theses)
    m = weigh.matrices(play, weighting)
    ranking = weigh.weigh(m, weighting, samples=samples, seed=seed)
    base, without = weigh.orders_without_each(m, ranking.weighting)
    said = answer.answer(ranking, m, described_names(case.sources))
    return Debate(case, play, ranking.weighting, ranking, base, without, said, dict(teams or {}))


def build(case: Case, thesis_id: str, rivals: list[str] | None = None, weighting: Weighting | None = None,
          samples: int = 2000, seed: int = 0) -> Brief:
    """The brief for one thesis against its rivals (default: every other thesis of the case)."""
    check_thesis(case, thesis_id)
    for rival in rivals or []:
        check_thesis(case, rival)
    asked = case.question_of(thesis_id)  # rivals answer the same question: a brief never pits how against why
    others = [t for t in (rivals if rivals is not None else case.theses)
              if t != thesis_id and case.question_of(t) == asked]
    return brief_for(debate(case, [thesis_id, *others], weighting, samples, seed), thesis_id)


def brief_for(d: Debate, thesis_id: str) -> Brief:
    """One team's brief in a debate weighed by `debate`."""
    case, play, ranking = d.case, d.play, d.ranking
    results = {r.id: r for r in ranking.theses}
    thesis = case.theses[thesis_id]
    names = {t: play.theses[t].title for t in play.theses}
    others = [t for t in d.base if t != thesis_id]

    def cited(thesis_of: str, stances: tuple[str, ...], background: bool = False) -> list[Cited]:
        """The passages with one of the stances on a thesis, strongest first (weighting.bearings): those that
        count (weight above 0), or, with `background`, those whose strength counts no points on these settings
        (background, by default). A passage from a source trusted 0 is in neither list."""
        rows = []
        for b in bearings(play, thesis_of, d.weighting, stances):
            e = b.evidence
            wanted = d.weighting.points[b.strength] == 0 if background else b.weight > 0
            if wanted and d.weighting.trust.get(e.source, 0.0) > 0:
                source = case.sources.get(e.source)
                rows.append(Cited(b.ref, e.source, case.source_name(e.source), case.words(e.source, e.span, e.quote),
                                  e.note.strip(), b.stance, b.strength, round(b.weight, 3),
                                  "" if b.home == thesis_of else case.theses[b.home].title,
                                  SOURCE_KINDS[source.kind].label if source else "",
                                  faults(source) if source else ""))
        return rows

    best = cited(thesis_id, ("supports",))[:BEST]
    against = cited(thesis_id, ("disputes", "qualifies"))[:FACING]
    facing = tuple(Facing(c, question(c, thesis.title), prepare(c, best[0] if best else None, d.weighting.trust))
                   for c in against)
    rival_list = tuple(Rival(r, case.theses[r].title, case.theses[r].statement.strip(), results[r].rank,
                             tuple(cited(r, ("supports",))[:RIVAL_BEST]), d.teams.get(r, ""),
                             tuple(g.sentence(works=False) for g in gaps.of_thesis(case, r, results[r].rank)))
                       for r in others)
    defend, attack = deciders(d, thesis_id, names)
    ask = []
    for rival in rival_list:
        ask.extend(question(c, rival.title) for c in cited(rival.id, ("disputes", "qualifies"))[:1])
    quoted = [c.source for c in (*best, *against, *(c for r in rival_list for c in r.best))]
    notes = tuple(SourceNote(case.source_name(s), trust_words(case.sources[s]))
                  for s in dict.fromkeys(quoted) if s in case.sources)
    result = results[thesis_id]
    return Brief(
        id=thesis_id, title=thesis.title, statement=thesis.statement.strip(), summary=" ".join(thesis.summary.split()),
        proponents=tuple(_proponent(case, p.historian, p.source) for p in thesis.proponents),
        rank=result.rank, of=len(ranking.theses), share=result.share, p_first=result.p_first,
        best=tuple(best), facing=facing, rivals=rival_list, defend=defend, attack=attack,
        questions_to_ask=tuple(ask[:QUESTIONS]), background=tuple(cited(thesis_id, ("supports",), True)[:BACKGROUND]),
        sources=notes, key=_key(d, thesis_id), first_in=ranking.first_in(thesis_id), team=d.teams.get(thesis_id, ""),
        gaps=tuple(g.sentence(works=False) for g in gaps.of_thesis(case, thesis_id, result.rank)),
    )


def deciders(d: Debate, thesis_id: str, names: Mapping[str, str]) -> tuple[tuple[Decider, ...], tuple[Decider, ...]]:
    """The passages that decide the debate for this team, each removed alone and the theses in play re-scored
    (weigh.orders_without_each): to defend, those whose loss would drop it a place or more; to attack, those
    whose loss would lift it above a rival, unless that loss puts a *different* thesis first (which helps
    another team, not this one). The biggest move first, then the strongest passage."""
    before = d.base.index(thesis_id)
    strongest = {}
    for tid in d.play.theses:
        for b in bearings(d.play, tid, d.weighting):
            strongest[b.ref] = max(strongest.get(b.ref, 0.0), b.weight)
    defend, attack = [], []
    for ref, order in d.without.items():
        after = order.index(thesis_id)
        if after > before:
            passing = [names[t] for t in order[:after] if d.base.index(t) > before]
            change = (f"without it, you would fall from {ordinal(before + 1)} to {ordinal(after + 1)} place, "
                      f"behind {_listed(passing)}")
            plain = f"without it, {_listed(passing)} would overtake your explanation"
            defend.append(Decider(ref, d.case.passage_name(ref), "defend", change, before + 1, after + 1,
                                  _whole(d.case, ref), plain))
        elif after < before and order[0] in (d.base[0], thesis_id):
            passed = [names[t] for t in d.base[:before] if order.index(t) > after]
            change = (f"without it, you would come first, above {_listed(passed)}" if after == 0 else
                      f"without it, you would rise from {ordinal(before + 1)} to {ordinal(after + 1)} place, "
                      f"above {_listed(passed)}")
            plain = f"without it, your explanation would overtake {_listed(passed)}"
            attack.append(Decider(ref, d.case.passage_name(ref), "attack", change, before + 1, after + 1,
                                  _whole(d.case, ref), plain))
    order = {ref: i for i, ref in enumerate(d.without)}
    rank = lambda x: (-abs(x.place_after - x.place_before), -round(strongest.get(x.ref, 0.0), 9), order[x.ref])
    return tuple(sorted(defend, key=rank)[:DECIDE]), tuple(sorted(attack, key=rank)[:DECIDE])


def _whole(case: Case, ref: str) -> str:
    """A passage as a team reads it: all its words, as its source prints them, and its source."""
    found = case.passage(ref)
    if found is None:
        return case.passage_name(ref)
    evidence = found[1]
    return f"“{case.words(evidence.source, evidence.span, evidence.quote)}” ({case.source_name(evidence.source)})"


def _listed(items: list[str]) -> str:
    return listed([f"“{t}”" for t in items])


def _key(d: Debate, thesis_id: str) -> Key:
    result = next(r for r in d.ranking.theses if r.id == thesis_id)
    moves = lambda change: _place(thesis_id, change.before) != _place(thesis_id, change.after)
    refs = {c.ref for c in (*d.ranking.pivotal, *d.ranking.judgements) if moves(c)}
    mine = [p for p in answer.turning_points(d.ranking, d.play) if p.ref in refs]
    # each passage with the first of its changes that moves this team: the one said for it here
    turning = tuple(f"{p.name}: {next(t.words for t in p.turns if any(map(moves, t.changes)))}" for p in mine[:2])
    return Key(d.key.headline, d.key.reasons, answer.worked_sum(result), turning)


def _place(thesis_id: str, top: tuple[str, ...]) -> int:
    """A thesis's place in a top (three), or one past it when it is not there."""
    return top.index(thesis_id) if thesis_id in top else len(top)


def question(passage: Cited, target: str) -> str:
    """A cross-examination question from a passage that disputes or qualifies the target thesis. The passage is
    quoted and its source named in brackets: a source is not a speaker."""
    if passage.stance == "disputes":
        return f"“{passage.quote}” ({passage.source_title}). If that is so, how can “{target}” stand?"
    return (f"“{passage.quote}” ({passage.source_title}). Does that not make “{target}” one cause among several "
            "rather than the cause?")


def prepare(passage: Cited, best: Cited | None, trust: Mapping[str, float]) -> str:
    """An answer to prepare to a passage against the team, from what is recorded: whether it denies or only
    limits the explanation, whether its source is less to be trusted than the team's best, whether it says
    outright that this was no cause, and the team's strongest passage to set against it."""
    limits = ("It limits your explanation rather than denying it: agree that there was more than one cause, and "
              "argue that yours weighed most.")
    said = [limits] if passage.stance == "qualifies" else []
    if best is not None and trust.get(passage.source, 0.0) < trust.get(best.source, 0.0):
        kind = passage.kind.lower() or "source"
        doubt = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" + (" with recorded faults" if passage.faults else "")
        said.append(f"Ask how far to trust it: it comes from {doubt}, a weaker source than yours.")
    elif passage.faults:
        said.append("Point out the faults recorded against its source (see “Can you trust these sources?”).")
    if passage.strength < max(STRENGTHS) and passage.stance == "disputes":
        said.append("It does not say in so many words that this was not a cause.")
    if best is not None:
        said.append(f"Set against it: {OPENING.format(_first_words(best.quote, 8))} "
                    f"({best.source_title}).")
    return " ".join(said)


def _first_words(quote: str, most: int = 10) -> str:
    words = quote.split()
    return " ".join(words[:most]) + (" …" if len(words) > most else "")


def opening(case: Case, ref: str) -> str:
    """A passage named in a list: “its first words …”, as its source prints them."""
    return case.opening(ref)


def source_title(case: Case, source_id: str) -> str:
    return case.source_name(source_id)


def _proponent(case: Case, historian: str, source: str) -> str:
    known = case.historians.get(historian)
    name = known.name if known else historian
    kind = f", a {WRITER_KINDS[known.kind].label}" if known and not WRITER_KINDS[known.kind].scholarly else ""
    return f"{name}{kind} (according to {source_title(case, source)})"


def note_of(passage: Cited) -> str:
    """The passage's note; a note written for another thesis says so."""
    return f"Recorded under “{passage.home}”: {passage.note}" if passage.home else passage.note


def stance_words(passage: Cited) -> str:
    """How a passage bears on the thesis, in the vocabulary's words: 'supports', 'disputes', 'qualifies'."""
    return STANCES[passage.stance].label


# --- the brief as a document ----------------------------------------------------------------------------


def where(passage: Cited, teacher: bool) -> str:
    """The line under a quoted passage: its source and what the source is; the teacher's adds its weight."""
    said = f"{passage.source_title} · {passage.kind.lower()}" if passage.kind else passage.source_title
    if passage.faults:
        said += " · has recorded faults"
    return said + (f" · {stance_words(passage)}, {passage.label}" if teacher else "")


def title_of(brief: Brief) -> str:
    return f"{brief.team}: {brief.title}" if brief.team else f"Debate brief: {brief.title}"


def document(brief: Brief, teacher: bool = False) -> Document:
    """The brief as a document: the team's version (no weights), or the teacher's (each passage's weight, the
    team's place and the answer key first). No heading stands over nothing."""
    lead: list = [Para(brief.statement, "Your explanation.")]
    if brief.team:
        lead.insert(0, Para(f"Debate brief. Your team defends “{brief.title}”.", small=True))
    if brief.proponents:
        lead.append(Para("; ".join(brief.proponents) + ".", "Argued by"))
    lead += [Para(g, small=True) for g in brief.gaps]
    parts: list[Part] = []
    if teacher:
        k = brief.key
        first = f", {brief.first_in}" if brief.first_in else ""
        parts.append(Part("For the teacher: the answer key", (
            Para(k.headline, "What the evidence engine thinks."),
            *([Items(k.reasons)] if k.reasons else []),
            Para(f"This explanation ranks {ordinal(brief.rank)} of {brief.of} in this debate ({brief.share:.0%} of "
                 f"the explanation{first}). Its score: {k.score}.", "This team."),
            *([Para("The ranking turns on these passages for this team:", small=True), Items(k.turning)]
              if k.turning else []),
            Para("These figures model the evidence recorded in the case, not the truth.", small=True))))
    if brief.best:
        parts.append(Part("Your best evidence", tuple(
            Card(c.quote, where(c, teacher), (("Why it matters", note_of(c)),)) for c in brief.best)))
    else:
        parts.append(Part("Your best evidence", (Para(
            "Nothing recorded in the case counts for your explanation on these settings: build your case on the "
            "weaknesses of the others, and on the background below."),)))
    if brief.background and (teacher or not brief.best):
        parts.append(Part("Background (sets the scene, but is not evidence for you)", tuple(
            Card(c.quote, where(c, teacher), (("Why it matters", note_of(c)),)) for c in brief.background)))
    if brief.facing:
        parts.append(Part("What the other teams will say against you", tuple(
            Card(f.passage.quote, where(f.passage, teacher),
                 (("Why it matters", note_of(f.passage)), ("Prepare", f.prepare))) for f in brief.facing)))
    said = (lambda x: x.line) if teacher else (lambda x: x.team_line)
    decide = [f"Defend {said(x)}." for x in brief.defend] + [f"Attack {said(x)}." for x in brief.attack]
    if decide:
        parts.append(Part("The passages that decide the debate for you", (
            Para("Each passage alone, taken out of the case, moves your explanation in the ranking of this debate.",
                 small=True),
            Items(tuple(decide)))))
    if brief.rivals:
        lines = []
        for r in brief.rivals:
            who = f"{r.team} defends" if r.team else "The rival explanation:"
            place = f" (ranked {ordinal(r.rank)})" if teacher else ""
            strongest = "".join(f" Their strongest passage: “{c.quote}” ({c.source_title}"
                                + (f", weight {c.weight:.2f}" if teacher else "") + ")." for c in r.best)
            lines.append(f"{who} “{r.title}”{place}: {r.statement}{strongest}" + "".join(f" {g}" for g in r.gaps))
        parts.append(Part("Your rivals", (Items(tuple(lines)),)))
    if brief.questions_to_ask:
        parts.append(Part("Cross-examination: questions to ask", (Items(brief.questions_to_ask, numbered=True),)))
    if brief.sources:
        parts.append(Part("Can you trust these sources?", (Items(tuple(f"{s.title}. {s.words}" for s in brief.sources),
                                                                 small=True),)))
    return Document(title_of(brief), tuple(lead), tuple(parts))


def to_markdown(brief: Brief, teacher: bool = False) -> str:
    """The brief as Markdown, for printing or sharing; every text from the case reads as it was written."""
    return printable.to_markdown([document(brief, teacher)])


def to_html(brief: Brief, teacher: bool = False) -> str:
    """A printable page (A4): the same brief as a standalone HTML document with print styles. All text escaped."""
    return printable.to_html([document(brief, teacher)], title_of(brief))


def to_docx(brief: Brief, teacher: bool = False) -> bytes:
    return printable.to_docx([document(brief, teacher)], title_of(brief))


def print_all(briefs: Sequence[Brief], teacher: bool = False, fmt: str = "html") -> str | bytes:
    """Every team's brief in one document, each on a new page: `fmt` html (for print), docx or md."""
    docs = [document(b, teacher) for b in briefs]
    title = "Debate briefs for the teacher" if teacher else "Debate briefs"
    if fmt == "docx":
        return printable.to_docx(docs, title)
    if fmt == "md":
        return printable.to_markdown(docs)
    return printable.to_html(docs, title)


def all_briefs(d: Debate) -> list[Brief]:
    """Every team's brief in a debate, in the order the theses were put in play."""
    return [brief_for(d, t) for t in d.play.theses]

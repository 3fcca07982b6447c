"""A lesson's results to keep: the class's perspectives summed up, the room's ballots and perspectives as CSV, and
a one-page record (`report`) in Markdown, as a page to print and in Word. Pure: the console page reads the store and hands the rows in.

Participants are anonymous: their device ids never leave the store; the exports number them P1, P2... in the
order of a keyed hash (HMAC-SHA256) of each device id, keyed with the room's moderator key, which only the
moderator holds: the numbers are the same at every download of a room, do not follow the order in which students
took part, and cannot be worked back to a device id without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer import printable
from explorer.classroom import debate
from explorer.classroom import perspective as pv
from explorer.classroom.debate import PHASE_NAMES, PHASES, Setup, normalise_code
from explorer.classroom.perspective import place_words
from explorer.model import Case, source_names
from explorer.printable import Card, Document, Items, Para, Part, Table
from explorer.text import csv_text, plural
from explorer.vocabulary import STRENGTH_NAMES
from explorer.weighting import Weighting

Rows = Mapping[str, Sequence[tuple[str, object]]]  # phase -> [(participant, ballot or perspective)], oldest first


@dataclass(frozen=True)
class Phase:
    """The class's perspectives in one poll phase."""

    phase: str
    count: int  # students who sent a perspective
    weighed: int  # of them, those who weighed the sources (orders have no settings)
    rankings: list[pv.Places]  # each student's ranking, in the order of the rows
    firsts: dict[str, int]  # how many put each explanation first (a tie for first counts for each)
    shared_firsts: int  # rankings with a tie for first
    class_ranking: pv.ClassRanking  # every student's ranking put together: average place
    median: Weighting | None  # the class's typical settings (None: no weighing sent)
    median_places: pv.Places | None  # the engine on them
    spreads: list[pv.Spread]  # the widest first
    top_two: tuple[str, str] | None  # the class's top two by average place
    deciding: list[pv.Deciding]  # between the top two, on the typical settings (else the defaults): for the first,
    #                              then for the second

    @property
    def firsts_differ(self) -> bool:
        """Whether the engine on the class's typical settings puts first another explanation than the average place."""
        if self.median_places is None:
            return False
        first = lambda places: {t for t, p in places.items() if p == 1}
        return first(self.median_places) != first(self.class_ranking.places)


@dataclass(frozen=True)
class Results:
    theses: tuple[str, ...]  # the engine's ranking on the default settings
    engine: pv.Places  # its places (ties kept)
    phases: dict[str, Phase]  # only the phases with perspectives
    change: pv.Change | None  # when both phases have perspectives

    @property
    def latest(self) -> Phase | None:
        return self.phases.get("after") or self.phases.get("before")


def results(case: Case, perspectives: Rows) -> Results:
    """What the console shows of the class's perspectives (`case` holds only the theses in play); rows are
    (participant, perspective), per phase."""
    engine = pv.ranking_of(case)
    phases = {}
    for phase in PHASES:
        sent = [p for _, p in perspectives.get(phase, ())]
        if not sent:
            continue
        rankings = [pv.places_of(case, p) for p in sent]
        together = pv.class_ranking(rankings, engine)
        median = pv.class_median(case, sent)
        top_two = together.order[:2] if len(engine) >= 2 else None
        sides = pv.deciding_sides(case, median or pv.weighting(case), top_two) if top_two else ([], [])
        phases[phase] = Phase(phase, len(sent), len(pv.weightings(case, sent)), rankings, pv.firsts(rankings, engine),
                              pv.shared_firsts(rankings), together, median,
                              pv.places(case, median) if median else None, pv.spreads(case, sent), top_two,
                              [*sides[0], *sides[1]])
    both = all(perspectives.get(p) for p in PHASES)
    return Results(engine, pv.places_of(case), phases,
                   pv.change(case, perspectives["before"], perspectives["after"]) if both else None)


def numbers(ballots: Rows, perspectives: Rows, secret: str) -> dict[str, str]:
    """Device id -> P1, P2...: in the order of HMAC-SHA256(secret, device id), the secret being the room's
    moderator key as typed in any case, with or without dashes; stable for a room, whatever the order in which its
    students took part and however the key was typed."""
    seen = {participant for rows in (ballots, perspectives) for phase in PHASES for participant, _ in
            rows.get(phase, ())}
    key = normalise_code(secret).encode("utf-8")
    ordered = sorted(seen, key=lambda p: (hmac.new(key, p.encode("utf-8"), hashlib.sha256).hexdigest(), p))
    return {participant: f"P{i}" for i, participant in enumerate(ordered, start=1)}


def value(number: float) -> str:
    return f"{round(number, 6):g}"


CSV_COLUMNS = ("Room", "Student", "Poll", "What", "Explanation or setting", "Value (votes, setting or place)",
               "Reference (for the command line)")
RECORDS = {"vote": "vote", "setting": "setting", "order": "own order", "ranking": "ranking"}  # the What column


def option(setting: pv.Setting) -> str:
    """A setting as the command line names it, its option and the name the option takes: 'weight support' (for
    `--weight support=...`), 'points background', 'trust alpha'. No leading dashes: a spreadsheet would read
    them as a formula."""
    if setting.kind == "points":
        return f"points {STRENGTH_NAMES.get(int(setting.name), setting.name)}"
    return f"{setting.kind} {setting.name}"


def class_csv(code: str, case: Case, titles: Mapping[str, str], ballots: Rows, perspectives: Rows, secret: str) -> str:
    """A room's ballots and perspectives as CSV for the teacher, one row per value, in plain words: the room, the
    student (P1, P2...), the poll, what the row records (a vote; a setting, for each setting of a weighing; own
    order, for a student's own order; ranking, the ranking the perspective gives), the explanation or the setting
    in words, and the value (votes or points; the setting's value; a place, 1 first, explanations with equal
    scores sharing one). The last column names the explanation or setting as the command line does (a thesis id,
    or an option and its name such as `trust alpha`), for those who want it. Students are numbered by `numbers`
    with the secret."""
    who = numbers(ballots, perspectives, secret)
    rows: list[list[object]] = [list(CSV_COLUMNS)]

    def row(phase: str, participant: str, record: str, label: str, amount: object, reference: str) -> None:
        rows.append([code, who[participant], PHASE_NAMES[phase], RECORDS[record], label, amount, reference])

    for phase in PHASES:
        for participant, ballot in ballots.get(phase, ()):
            for thesis, points in ballot.items():
                row(phase, participant, "vote", titles.get(thesis, thesis), value(points), thesis)
        for participant, sent in perspectives.get(phase, ()):
            if sent.is_order:
                for place, thesis in enumerate(sent.order, start=1):
                    row(phase, participant, "order", titles.get(thesis, thesis), place, thesis)
            else:
                full = pv.weighting(case, sent)
                for setting in pv.settings_list(case):
                    row(phase, participant, "setting", pv.label(case, setting), value(full.value(setting)),
                        option(setting))
            for thesis, place in pv.places_of(case, sent).items():
                row(phase, participant, "ranking", titles.get(thesis, thesis), place, thesis)
    return csv_text(rows)


# --- the one-page summary ----------------------------------------------------------------------------------


def spread_words(spread: pv.Spread) -> str:
    """A setting's spread in words: 'from 0.24 to 0.5', or for the switch '2 of 4 count background'."""
    if spread.on is not None:
        return f"{spread.on} of {spread.count} count background"
    return f"from {value(spread.low)} to {value(spread.high)}"


def middle_words(setting: pv.Setting, middle: float) -> str:
    """A typical setting in words: its median, or for the background switch the majority."""
    if not setting.is_switch:
        return value(middle)
    return "on (more than half count background)" if middle > 0 else "off (half or fewer count background)"


def bearing(passage: pv.Deciding, first: str, second: str, titles: Mapping[str, str]) -> str:
    """How one passage bears on two explanations, in words, from its weight on each (weigh.passage_weight, signed):
    'counts 1.32 for “A”, nothing for “B”'; 'counts nothing for “A”, 0.56 against “B”'. The one wording of it: the
    console's page and the lesson's record both say it so."""
    def on(thesis: str) -> str:
        weight = passage.weight.get(thesis, 0.0)
        name = f"“{titles.get(thesis, thesis)}”"
        return f"nothing for {name}" if not weight else f"{abs(weight):g} {'for' if weight > 0 else 'against'} {name}"

    return f"counts {on(first)}, {on(second)}"


def helps(passage: pv.Deciding, first: str, second: str, titles: Mapping[str, str]) -> str:
    """Which of two explanations a passage helps, from what leaving it out does to the gap between their scores:
    'it helps “A”: left out, the gap moves 0.009 towards “B”'."""
    favours, other = (first, second) if passage.difference > 0 else (second, first)
    return (f"it helps “{titles.get(favours, favours)}”: left out, the gap between the two moves "
            f"{abs(passage.difference):.3f} towards “{titles.get(other, other)}”")


REPORT_NOTE = "These numbers model the evidence recorded in the case, and what this class made of it, not the truth."
VOTES = "The votes, before and after"
BESIDE = "The class's weighing beside the evidence engine"
EACH = "Each student's ranking"
DISAGREES = "Where the class disagrees"
DECIDE = "The passages that decide between the class's top two"
CHANGED = "What changed during the debate"


def ranking_words(places: pv.Places, order: Sequence[str], titles: Mapping[str, str]) -> str:
    """A student's ranking in one line, best first (ties in the engine's `order`): '1st A; =2nd B; =2nd C'."""
    ordered = sorted(places, key=lambda t: (places[t], order.index(t) if t in order else len(order)))
    return "; ".join(f"{pv.place_words(t, places)} {titles.get(t, t)}" for t in ordered)


def report(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
           ballots: Mapping[str, Sequence[dict[str, float]]], perspectives: Rows, when: str = "",
           secret: str | None = None) -> Document:
    """The lesson's record, written once: the votes before and after, the class's weighing beside the evidence
    engine's ranking on the default settings, each student's ranking (numbered by `numbers`, given the room's
    `secret`), where the class disagrees most, the passages that decide between the class's top two (how each bears
    on the two, by `bearing`), and the change over those who answered both polls. The console's page shows it, and
    the downloads print it (Markdown, a page to print, Word)."""
    name = lambda t: titles.get(t, t)
    said = lambda t: f"“{name(t)}”"  # in a sentence, as every document names an explanation
    got = results(case, perspectives)
    lead: list = []
    if case.info is not None:
        lead.append(Para(case.info.question, "The question:"))
    if when:
        lead.append(Para(when, small=True))
    lead.append(Para("; ".join(f"{t.name} defended {said(t.thesis)}" for t in setup.teams) + ".", "Teams:"))
    parts: list[Part | None] = [_votes(setup, ballots, name)]
    if got.latest is None:
        parts.append(Part(BESIDE, (Para("No student sent their own weighing."),)))
    else:
        parts += [_beside(got, name), _each(got, titles, perspectives, secret), _disagrees(case, got),
                  _decides(case, got, titles, said), _changed(case, got, name)]
    return Document(f"Class debate {code}: the lesson in one page", tuple(lead), tuple(p for p in parts if p), REPORT_NOTE)


def _votes(setup: Setup, ballots: Mapping[str, Sequence[dict[str, float]]], name) -> Part | None:
    """The votes before and after."""
    unit = "votes" if setup.poll == "pick" else "average points"
    tallies = {p: debate.tally(setup, list(ballots.get(p, ()))) for p in PHASES}
    counts = {p: len(ballots.get(p, ())) for p in PHASES}
    rows = []
    for thesis in setup.theses:
        before, after = tallies["before"].get(thesis, 0.0), tallies["after"].get(thesis, 0.0)
        rows.append((name(thesis), value(before), value(after),
                     f"{after - before:+g}" if all(counts.values()) else ""))
    return Part(VOTES, (
        Para(f"Ballots: {counts['before']} before the debate, {counts['after']} after it ({unit})."),
        Table(("Explanation", "Before", "After", "Change"), tuple(rows),
              "The votes for each explanation before and after the debate")))


def _beside(got: Results, name) -> Part | None:
    """The class's weighing beside the engine's ranking."""
    latest = got.latest
    together = latest.class_ranking
    orders = latest.count - latest.weighed
    blocks: list = [Para(
        f"{plural(latest.count, 'student')} sent their own weighing of the evidence or their own order "
        f"({PHASE_NAMES[latest.phase].lower()}): {plural(latest.weighed, 'weighing')}, {plural(orders, 'order')}. "
        "The engine ranks on its default settings. The class (average place) puts together every student's own "
        "ranking, weighings and orders alike: the smaller an explanation's average place, the higher it comes. "
        + (f"The engine on the class's typical settings ranks on the median of each setting over the "
           f"{plural(latest.weighed, 'weighing')}. Orders count only in first places and in the average place, not "
           "in the typical settings or the spreads." if latest.weighed else
           "No student weighed the sources, so the class has no typical settings."))]
    head = ["Explanation", "The engine (default settings)", "The class (average place)"]
    if latest.median_places is not None:
        head.append("The engine on the class's typical settings")
    head.append("Students who put it first")
    rows = []
    for t in got.theses:
        row = [name(t), place_words(t, got.engine), f"{place_words(t, together.places)} ({together.mean_place[t]:.2f})"]
        if latest.median_places is not None:
            row.append(place_words(t, latest.median_places))
        rows.append((*row, str(latest.firsts.get(t, 0))))
    blocks.append(Table(tuple(head), tuple(rows), "Each explanation's place for the engine and for the class, and how "
                                                   "many students put it first"))
    if latest.shared_firsts:
        blocks.append(Para(f"In {plural(latest.shared_firsts, 'student')}'s ranking"
                           f"{'s' if latest.shared_firsts != 1 else ''}, explanations tie for first place; a tie "
                           "counts for each explanation in it."))
    if latest.firsts_differ:
        blocks.append(Para("The two class rankings put different explanations first: the engine on the class's "
                           "typical settings can put first what few students, or none, put first."))
    if latest.count < 2:
        blocks.append(Para("Only one student sent a ranking, so there is no class agreement to report."))
    else:
        tau = pv.kendall_tau(together.places, got.engine)
        if tau is not None:
            blocks.append(Para("How alike the class's order (by average place) and the engine's are, from 1 (the same "
                               f"order) to -1 (the reverse; statisticians call this Kendall's tau): {tau:.2f}."))
    return Part(BESIDE, tuple(blocks))


def _each(got: Results, titles: Mapping[str, str], perspectives: Rows, secret: str | None) -> Part | None:
    """Each student's ranking, numbered, when the room's secret is given."""
    latest = got.latest
    if not (secret is not None):
        return None
    who = numbers({}, perspectives, secret)
    sent = perspectives.get(latest.phase, ())
    rows = sorted(((who[p], "own order" if x.is_order else "weighing", ranking_words(r, got.theses, titles))
                   for (p, x), r in zip(sent, latest.rankings, strict=True)), key=lambda row: int(row[0][1:]))
    return Part(EACH, (Table(("Student", "How", "Their ranking"), tuple(rows),
                                   "Each student's ranking of the explanations, best first, anonymous (P1, P2…)"),))


def _disagrees(case: Case, got: Results) -> Part | None:
    """Where the class disagrees most."""
    latest = got.latest
    blocks = []
    spreads = [s for s in latest.spreads if s.share > 0][:3]
    if latest.weighed == 0:
        blocks.append(Para("No student weighed the sources (an order has no settings)."))
    elif latest.weighed == 1:
        blocks.append(Para("Only one student weighed the sources, so there is no spread to show."))
    elif spreads:
        how = "the middle half of the class" if spreads[0].middle_half else "the lowest and highest values"
        blocks += [Para(f"The settings with the widest spread ({how}, over {plural(latest.weighed, 'weighing')}):"),
                   Items(tuple(f"{pv.label(case, s.setting)}: {spread_words(s)}" for s in spreads))]
    else:
        blocks.append(Para(f"The {plural(latest.weighed, 'student')} who weighed the sources agree on every setting."))
    if latest.median is not None and latest.weighed >= 1:
        default = pv.weighting(case)
        shown = [s for s in latest.spreads if s.share > 0
                 or abs(latest.median.value(s.setting) - default.value(s.setting)) > 1e-9]
        if shown:
            spread_head = "Middle half of the class" if latest.weighed >= pv.SMALL_CLASS else "Lowest to highest"
            blocks.append(Table(
                ("Setting", "The engine", "The class's typical setting", spread_head),
                tuple((pv.label(case, s.setting), middle_words(s.setting, default.value(s.setting)),
                       middle_words(s.setting, latest.median.value(s.setting)), spread_words(s)) for s in shown),
                "Each setting on which the class is split or departs from the engine: the engine's default, the "
                "class's typical setting and the spread of the class, widest first"))
    return Part(DISAGREES, tuple(blocks))


def _decides(case: Case, got: Results, titles: Mapping[str, str], said) -> Part | None:
    """The passages that decide between the class's top two."""
    latest = got.latest
    if not (latest.deciding and latest.top_two):
        return None
    first, second = latest.top_two
    on = ("the class's typical settings" if latest.median is not None
          else "the engine's default settings, as no student weighed the sources")
    sources = source_names(case.sources)
    blocks = [Para(f"The passages that decide between the class's top two by average place, {said(first)} and "
                   f"{said(second)}, on {on}: the recorded passages that move the gap between the two most when "
                   "left out. Each counts for or against each explanation by its weight (the points for its "
                   "strength times the trust in its source).")]
    blocks += [Card(d.quote, sources.get(d.source, d.source),
                    (("How it bears on the two", bearing(d, first, second, titles)),
                     ("So", helps(d, first, second, titles)))) for d in latest.deciding]
    return Part(DECIDE, tuple(blocks))


def _changed(case: Case, got: Results, name) -> Part | None:
    """The change over those who answered both polls."""
    if not (got.change is not None):
        return None
    moved = got.change
    blocks = [Para(f"Students in the poll before the debate: {moved.count_before}; after it: {moved.count_after}; "
                   f"in both: {moved.paired}. The changes are over the {plural(moved.paired, 'student')} who "
                   "answered both.")]
    if moved.paired:
        shift = moved.firsts_shift
        blocks.append(Table(("Explanation", "First for, before", "First for, after", "Change"),
                            tuple((name(t), str(moved.firsts_before.get(t, 0)), str(moved.firsts_after.get(t, 0)),
                                   f"{shift.get(t, 0):+d}") for t in got.theses),
                            "How many of the students who answered both polls put each explanation first, before "
                            "and after the debate"))
        if moved.moved:
            blocks += [Para("The typical settings of those who weighed both times moved:"),
                       Items(tuple(f"{pv.label(case, s)}: {middle_words(s, a)} → {middle_words(s, b)}"
                                   for s, a, b in moved.moved[:5]))]
        else:
            blocks.append(Para("The typical settings of those who weighed both times did not change."))
        if moved.tau is not None:
            blocks.append(Para("How alike their class order (by average place) was before and after, from 1 (the "
                               f"same) to -1 (the reverse): {moved.tau:.2f}."))
    return Part(CHANGED, tuple(blocks))


def summary_markdown(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
                     ballots: Mapping[str, Sequence[dict[str, float]]], perspectives: Rows, when: str = "",
                     secret: str | None = None) -> str:
    """The lesson's record (`report`) in Markdown; every text from the case or the room reads as written."""
    return printable.to_markdown([report(code, case, setup, titles, ballots, perspectives, when, secret)])


def summary_html(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
                 ballots: Mapping[str, Sequence[dict[str, float]]], perspectives: Rows, when: str = "",
                 secret: str | None = None) -> str:
    """The lesson's record as a page made for printing (A4)."""
    doc = report(code, case, setup, titles, ballots, perspectives, when, secret)
    return printable.to_html([doc], doc.title)


def summary_docx(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
                 ballots: Mapping[str, Sequence[dict[str, float]]], perspectives: Rows, when: str = "",
                 secret: str | None = None) -> bytes:
    """The lesson's record as a Word file."""
    doc = report(code, case, setup, titles, ballots, perspectives, when, secret)
    return printable.to_docx([doc], doc.title)

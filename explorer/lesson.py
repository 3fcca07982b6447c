"""A lesson's results to keep: the class's perspectives summed up, the room's ballots and perspectives as CSV, and
a one-page summary in Markdown. Pure: the console page reads the store and hands the rows in.

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

from explorer import debate
from explorer import perspective as pv
from explorer.debate import PHASE_NAMES, PHASES, Setup
from explorer.model import Case, source_names
from explorer.perspective import place_words
from explorer.text import csv_text, literal
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
    moderator key; stable for a room, whatever the order in which its students took part."""
    seen = {participant for rows in (ballots, perspectives) for phase in PHASES for participant, _ in
            rows.get(phase, ())}
    key = secret.encode("utf-8")
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


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    return [_row(head), _row(["---"] * len(head)), *(_row(r) for r in rows), ""]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 student', '2 students'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


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


def summary_markdown(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
                     ballots: Mapping[str, Sequence[dict[str, float]]], perspectives: Rows, when: str = "") -> str:
    """One page on the lesson, in Markdown: the votes before and after, the class's weighing beside the evidence
    engine's ranking on the default settings, where the class disagrees most, the passages that decide between
    the class's top two, and the change in the class's weighing over those who answered both polls. Every text from
    the case or the room is literal."""
    name = {t: literal(titles.get(t, t)) for t in setup.theses}
    got = results(case, perspectives)
    lines = [f"# Class debate {literal(code)}: the lesson in one page", ""]
    if case.info is not None:
        lines += [f"**The question:** {literal(case.info.question)}", ""]
    if when:
        lines += [f"*{literal(when)}*", ""]
    named = lambda t: name.get(t, literal(titles.get(t, t)))  # in a table
    said = lambda t: f"“{named(t)}”"  # in a sentence, as every document names an explanation
    teams = "; ".join(f"{literal(t.name)} defended {said(t.thesis)}" for t in setup.teams)
    lines += [f"**Teams:** {teams}.", ""]

    lines += ["## The votes, before and after", ""]
    unit = "votes" if setup.poll == "pick" else "average points"
    tallies = {p: debate.tally(setup, list(ballots.get(p, ()))) for p in PHASES}
    counts = {p: len(ballots.get(p, ())) for p in PHASES}
    rows = []
    for thesis in setup.theses:
        before, after = tallies["before"].get(thesis, 0.0), tallies["after"].get(thesis, 0.0)
        rows.append([name[thesis], value(before), value(after), f"{after - before:+g}" if all(counts.values()) else ""])
    lines += [f"Ballots: {counts['before']} before the debate, {counts['after']} after it ({unit}).", ""]
    lines += _table(["Explanation", "Before", "After", "Change"], rows)

    lines += ["## The class's weighing beside the evidence engine", ""]
    if not got.phases:
        lines += ["No student sent their own weighing.", ""]
    else:
        latest = got.latest
        together = latest.class_ranking
        orders = latest.count - latest.weighed
        lines += [(f"{plural(latest.count, 'student')} sent their own weighing of the evidence or their own order "
                   f"({PHASE_NAMES[latest.phase].lower()}): {plural(latest.weighed, 'weighing')}, "
                   f"{plural(orders, 'order')}. The engine ranks on its default settings. The class (average place) "
                   "puts together every student's own ranking, weighings and orders alike: the smaller an "
                   "explanation's average place, the higher it comes. "
                   + (f"The engine on the class's typical settings ranks on the median of each setting over the "
                      f"{plural(latest.weighed, 'weighing')}. Orders count only in first places and in the average "
                      "place, not in the typical settings or the spreads." if latest.weighed else
                      "No student weighed the sources, so the class has no typical settings.")), ""]
        head = ["Explanation", "The engine", "The class (average place)"]
        if latest.median_places is not None:
            head.append("The engine on the class's typical settings")
        head.append("Students who put it first")
        rows = []
        for t in got.theses:
            row = [named(t), place_words(t, got.engine),
                   f"{place_words(t, together.places)} ({together.mean_place[t]:.2f})"]
            if latest.median_places is not None:
                row.append(place_words(t, latest.median_places))
            rows.append([*row, latest.firsts.get(t, 0)])
        lines += _table(head, rows)
        if latest.shared_firsts:
            lines += [(f"In {plural(latest.shared_firsts, 'student')}'s ranking{'s' if latest.shared_firsts != 1 else ''}, "
                       "explanations tie for first place; a tie counts for each explanation in it."), ""]
        if latest.firsts_differ:
            lines += [("The two class rankings put different explanations first: the engine on the class's typical "
                       "settings can put first what few students, or none, put first."), ""]
        if latest.count < 2:
            lines += ["Only one student sent a ranking, so there is no class agreement to report.", ""]
        else:
            tau = pv.kendall_tau(together.places, got.engine)
            if tau is not None:
                lines += [("How alike the class's order (by average place) and the engine's are, from 1 (the same "
                           f"order) to -1 (the reverse; statisticians call this Kendall's tau): {tau:.2f}."), ""]

        lines += ["## Where the class disagrees", ""]
        spreads = [s for s in latest.spreads if s.share > 0][:3]
        if latest.weighed == 0:
            lines += ["No student weighed the sources (an order has no settings).", ""]
        elif latest.weighed == 1:
            lines += ["Only one student weighed the sources, so there is no spread to show.", ""]
        elif spreads:
            how = ("the middle half of the class" if spreads[0].middle_half
                   else "the lowest and highest values")
            lines += [f"The settings with the widest spread ({how}, over {plural(latest.weighed, 'weighing')}):", ""]
            lines += [f"- {literal(pv.label(case, s.setting))}: {spread_words(s)}" for s in spreads]
            lines += [""]
        else:
            lines += [f"The {plural(latest.weighed, 'student')} who weighed the sources agree on every setting.", ""]
        if latest.deciding and latest.top_two:
            first, second = latest.top_two
            on = ("the class's typical settings" if latest.median is not None
                  else "the engine's default settings, as no student weighed the sources")
            lines += [(f"The passages that decide between the class's top two by average place, {said(first)} and "
                       f"{said(second)}, on {on}: the recorded passages that move the gap between the two most "
                       "when left out:"), ""]
            sources = source_names(case.sources)
            for d in latest.deciding:
                favours = first if d.difference > 0 else second
                lines += [(f"- “{literal(d.quote)}” ({literal(sources.get(d.source, d.source))}; counts for "
                           f"{said(favours)})")]
            lines += [""]

        if got.change is not None:
            moved = got.change
            lines += ["## What changed during the debate", ""]
            lines += [(f"Students in the poll before the debate: {moved.count_before}; after it: {moved.count_after}; "
                       f"in both: {moved.paired}. The changes are over the "
                       f"{plural(moved.paired, 'student')} who answered both."), ""]
            if moved.paired:
                lines += ["Students who put each explanation first, before → after: " + "; ".join(
                    f"{said(t)} {moved.firsts_before.get(t, 0)} → {moved.firsts_after.get(t, 0)}"
                    for t in got.theses) + ".", ""]
                if moved.moved:
                    lines += [f"- {literal(pv.label(case, s))}: {middle_words(s, a)} → {middle_words(s, b)}"
                              " (the typical setting of those who weighed both times)" for s, a, b in moved.moved[:5]]
                    lines += [""]
                else:
                    lines += ["The typical settings of those who weighed both times did not change.", ""]
    lines += [("These numbers model the evidence recorded in the case, and what this class made of it, not the "
               "truth."), ""]
    return "\n".join(lines)

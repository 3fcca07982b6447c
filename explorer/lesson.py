"""A lesson's results to keep: the class's perspectives summed up, the room's ballots and perspectives as CSV, and
a one-page summary in Markdown. Pure: the console page reads the store and hands the rows in.

Participants are anonymous: their device ids never leave the store; the exports number them P1, P2... in the
order the rows come: the ballots before the debate, then the perspectives before it, then the same after it, each
oldest first (a ballot or perspective sent again counts from when it was last sent).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer import debate
from explorer import perspective as pv
from explorer.debate import PHASE_NAMES, PHASES, Setup
from explorer.model import Case, source_names
from explorer.perspective import Perspective
from explorer.text import literal

Rows = Mapping[str, Sequence[tuple[str, object]]]  # phase -> [(participant, ballot or perspective)], oldest first


@dataclass(frozen=True)
class Phase:
    """The class's perspectives in one poll phase."""

    phase: str
    count: int
    rankings: list[tuple[str, ...]]  # each student's ranking
    firsts: dict[str, int]  # how many put each explanation first
    median: pv.Weighting | None  # the class's median weighting (None: no weighting sent)
    median_ranking: tuple[str, ...] | None
    spreads: list[pv.Spread]  # the widest first
    deciding: list[pv.Deciding]  # between the median ranking's top two: those for the first, then for the second


@dataclass(frozen=True)
class Results:
    theses: tuple[str, ...]  # the engine's ranking on the default settings
    phases: dict[str, Phase]  # only the phases with perspectives
    change: pv.Change | None  # when both phases have perspectives

    @property
    def latest(self) -> Phase | None:
        return self.phases.get("after") or self.phases.get("before")


def results(case: Case, perspectives: Mapping[str, Sequence[Perspective]]) -> Results:
    """What the console shows of the class's perspectives (`case` holds only the theses in play)."""
    engine = pv.ranking_of(case)
    phases = {}
    for phase in PHASES:
        sent = list(perspectives.get(phase, ()))
        if not sent:
            continue
        rankings = [pv.ranking_of(case, p) for p in sent]
        median = pv.class_median(case, sent)
        ranked = pv.rank(case, median) if median else None
        sides = pv.deciding_sides(case, median, ranked[:2]) if ranked and len(ranked) >= 2 else ([], [])
        deciding = [*sides[0], *sides[1]]
        phases[phase] = Phase(phase, len(sent), rankings, pv.firsts(rankings, engine), median, ranked,
                              pv.spreads(case, sent), deciding)
    both = all(perspectives.get(p) for p in PHASES)
    return Results(engine, phases, pv.change(case, perspectives["before"], perspectives["after"]) if both else None)


def numbers(ballots: Rows, perspectives: Rows) -> dict[str, str]:
    """Device id -> P1, P2...: in the order the rows come, each phase's ballots then its perspectives."""
    out: dict[str, str] = {}
    for phase in PHASES:
        for rows in (ballots.get(phase, ()), perspectives.get(phase, ())):
            for participant, _ in rows:
                out.setdefault(participant, f"P{len(out) + 1}")
    return out


def value(number: float) -> str:
    return f"{round(number, 6):g}"


def class_csv(code: str, case: Case, titles: Mapping[str, str], ballots: Rows, perspectives: Rows) -> str:
    """A room's ballots and perspectives as CSV, one row per value: the participant (P1, P2...), the poll, what
    the row records (vote; setting, for a weighting's every setting; order, for a student's own order; ranking,
    the ranking the perspective gives), its name (a thesis id or a setting's key), a label in words, and the value
    (votes or points; the setting's value; a rank, 1 first)."""
    who = numbers(ballots, perspectives)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["room", "participant", "poll", "record", "name", "label", "value"])
    cell = debate._cell
    for phase in PHASES:
        poll = PHASE_NAMES[phase]
        for participant, ballot in ballots.get(phase, ()):
            for thesis, points in ballot.items():
                writer.writerow([code, who[participant], poll, "vote", thesis, cell(titles.get(thesis, thesis)),
                                 value(points)])
        for participant, sent in perspectives.get(phase, ()):
            if sent.is_order:
                for place, thesis in enumerate(sent.order, start=1):
                    writer.writerow([code, who[participant], poll, "order", thesis,
                                     cell(titles.get(thesis, thesis)), place])
            else:
                full = pv.weighting(case, sent)
                for setting in pv.settings_list(case):
                    writer.writerow([code, who[participant], poll, "setting", setting.key,
                                     cell(pv.label(case, setting)), value(full.value(setting))])
            for place, thesis in enumerate(pv.ranking_of(case, sent), start=1):
                writer.writerow([code, who[participant], poll, "ranking", thesis, cell(titles.get(thesis, thesis)),
                                 place])
    return out.getvalue()


# --- the one-page summary ----------------------------------------------------------------------------------


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    return [_row(head), _row(["---"] * len(head)), *(_row(r) for r in rows), ""]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def summary_markdown(code: str, case: Case, setup: Setup, titles: Mapping[str, str],
                     ballots: Mapping[str, Sequence[dict[str, float]]],
                     perspectives: Mapping[str, Sequence[Perspective]], when: str = "") -> str:
    """One page on the lesson, in Markdown: the votes before and after, the class's weighing beside the evidence
    engine's ranking on the default settings, where the class disagrees most, the passages that decide between
    the class's top two, and the change in the class's weighing. Every text from the case or the room is literal."""
    name = {t: literal(titles.get(t, t)) for t in setup.theses}
    got = results(case, perspectives)
    lines = [f"# Class debate {literal(code)}: the lesson in one page", ""]
    if case.info is not None:
        lines += [f"**The question:** {literal(case.info.question)}", ""]
    if when:
        lines += [f"*{literal(when)}*", ""]
    teams = "; ".join(f"{literal(t.name)} defended {name.get(t.thesis, literal(t.thesis))}" for t in setup.teams)
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
        engine_place = {t: i for i, t in enumerate(got.theses, start=1)}
        median_place = {t: i for i, t in enumerate(latest.median_ranking or (), start=1)}
        lines += [(f"{latest.count} students sent their own weighing of the evidence or their own order "
                   f"({PHASE_NAMES[latest.phase].lower()}). "
                   "The engine ranks on its default settings; the class's ranking is the engine's on the class's "
                   "median weighting (the middle value of each setting)."), ""]
        rows = [[name.get(t, literal(t)), ordinal(engine_place[t]),
                 ordinal(median_place[t]) if t in median_place else "", latest.firsts.get(t, 0)] for t in got.theses]
        lines += _table(["Explanation", "The engine", "The class", "Students who put it first"], rows)
        if latest.median_ranking:
            tau = pv.kendall_tau(latest.median_ranking, got.theses)
            if tau is not None:
                lines += [("Agreement of the class's ranking with the engine's (Kendall's tau, 1 the same order, "
                           f"-1 the reverse): {tau:.2f}."), ""]

        lines += ["## Where the class disagrees", ""]
        spreads = [s for s in latest.spreads if s.share > 0][:3]
        if spreads:
            lines += ["The settings with the widest spread (the middle half of the class):", ""]
            lines += [f"- {literal(pv.label(case, s.setting))}: from {value(s.low)} to {value(s.high)}" for s in spreads]
            lines += [""]
        else:
            lines += ["The students who weighed the sources agree on every setting.", ""]
        if latest.deciding and latest.median_ranking:
            first, second = latest.median_ranking[:2]
            lines += [(f"The passages that decide between the class's top two, {name.get(first, first)} and "
                       f"{name.get(second, second)}:"), ""]
            sources = source_names(case.sources)
            for d in latest.deciding:
                favours = first if d.difference > 0 else second
                lines += [(f"- “{literal(d.quote)}” ({literal(sources.get(d.source, d.source))}; counts for "
                           f"{name.get(favours, favours)})")]
            lines += [""]

        if got.change is not None:
            lines += ["## What changed during the debate", ""]
            shift = got.change.firsts_shift
            lines += ["Students who put each explanation first, before → after: " + "; ".join(
                f"{name.get(t, t)} {got.change.firsts_before.get(t, 0)} → {got.change.firsts_after.get(t, 0)}"
                for t in got.theses if t in shift) + ".", ""]
            if got.change.moved:
                lines += [f"- {literal(pv.label(case, s))}: {value(a)} → {value(b)} (the class's median)"
                          for s, a, b in got.change.moved[:5]]
                lines += [""]
            else:
                lines += ["The class's median weighting did not change.", ""]
    lines += [("These numbers model the evidence recorded in the case, and what this class made of it, not the "
               "truth."), ""]
    return "\n".join(lines)

"""Case -> pandas DataFrames, for the dashboard and the exports. Pure: no I/O, no streamlit."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from explorer.model import Case, ContestedFact
from explorer.text import ordinal
from explorer.vocabulary import CRITERIA_TABLE, KINDS_SHOWN, ROBUSTNESS, SHARE, STANCES
from explorer.weighting import Weighting
from explorer.weighting import bearings as weighting_bearings

FIT_PX = 760  # the width a table must fit: the page's column at 1280 px with the sidebar open is about 784 px


def fit(frame: pd.DataFrame, widths: dict[str, int], help: dict[str, str] | None = None) -> pd.DataFrame:
    """A table that carries how wide each column is shown (pixels) and what its head means (a tooltip), for
    explorer.ui.widgets.chart: a long text is cut to its column (the whole of it shows on hover) so that the
    table fits the page instead of scrolling sideways. Kept in `frame.attrs`, so that this module needs no
    Streamlit."""
    frame.attrs["widths"] = {column: widths[column] for column in frame.columns if column in widths}
    frame.attrs["help"] = dict(help or {})
    return frame


PASSAGE_COLUMNS = ["ref", "thesis", "source", "stance", "strength", "quote", "note", "start", "end", "line"]


def passages(case: Case) -> pd.DataFrame:
    """Every recorded passage with its own thesis (one row per passage)."""
    rows = [
        {"ref": e.ref, "thesis": t.id, "source": e.source, "stance": e.stance, "strength": e.strength,
         "quote": e.quote, "note": e.note, "start": e.span[0] if e.span else None,
         "end": e.span[1] if e.span else None, "line": e.line}
        for t, e in case.passages()
    ]
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def bearings(case: Case) -> pd.DataFrame:
    """One row per (passage, thesis it bears on): its own thesis and every bears_on entry."""
    rows = []
    for thesis, evidence in case.passages():
        for other, (stance, strength) in evidence.stances(thesis.id).items():
            rows.append({"ref": evidence.ref, "home": thesis.id, "thesis": other, "source": evidence.source,
                         "stance": stance, "strength": strength})
    return pd.DataFrame(rows, columns=["ref", "home", "thesis", "source", "stance", "strength"])


def source_stances(case: Case) -> pd.DataFrame:
    """Source x thesis: how many passages of each source support, dispute or qualify each thesis."""
    frame = bearings(case)
    index = pd.MultiIndex.from_product([list(case.sources), list(case.theses)], names=["source", "thesis"])
    if frame.empty:
        return pd.DataFrame(0, index=index, columns=list(STANCES)).reset_index()
    counts = frame.groupby(["source", "thesis", "stance"]).size().unstack("stance")
    counts = counts.reindex(index=index, columns=list(STANCES)).fillna(0).astype(int)
    return counts.reset_index()


def historian_views(case: Case) -> pd.DataFrame:
    """Who argues what: each attribution of a thesis to a historian, and where it is made."""
    rows = []
    for thesis in case.theses.values():
        for proponent in thesis.proponents:
            historian = case.historians.get(proponent.historian)
            rows.append({"historian": historian.name if historian else proponent.historian,
                         "thesis": thesis.id, "source": proponent.source})
    return pd.DataFrame(rows, columns=["historian", "thesis", "source"])


TIMELINE_COLUMNS = ["id", "date", "start", "end", "title", "source", "quote", "theses", "contested", "disputed",
                    "question"]


def timeline(case: Case) -> pd.DataFrame:
    """Events in date order, with a start and end date for plotting (a year spans the year). `contested` is the
    id of the contested fact recorded for the event (missing where there is none), `disputed` says whether there
    is one, and `question` is that fact's question ("" where there is none)."""
    questions = {fact.id: fact.question for fact in case.contested}
    rows = []
    for event in case.events:
        start, end = date_range(event.date)
        rows.append({"id": event.id, "date": event.date, "start": start, "end": end, "title": event.title,
                     "source": event.source, "quote": event.quote, "theses": list(event.theses),
                     "contested": event.contested, "disputed": event.contested is not None,
                     "question": questions.get(event.contested, "") if event.contested else ""})
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS).astype({"disputed": bool})
    return frame.sort_values(["start", "id"], kind="stable").reset_index(drop=True)


def events_of(events: pd.DataFrame, thesis: str | None) -> pd.DataFrame:
    """The events of `timeline` that bear on one thesis, in date order; all of them when thesis is None."""
    if thesis is None:
        return events
    return events[events["theses"].map(lambda ts: thesis in ts)]


def count(n: int, noun: str) -> str:
    """'1 event', '3 events'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def date_range(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """'1964' -> the whole year; '1964-10' -> the month; '1964-10-14' -> the day."""
    parts = text.split("-")
    start = pd.Timestamp(text if len(parts) == 3 else "-".join(parts + ["01"] * (3 - len(parts))))
    if len(parts) == 1:
        end = start + pd.DateOffset(years=1)
    elif len(parts) == 2:
        end = start + pd.DateOffset(months=1)
    else:
        end = start + pd.DateOffset(days=1)
    return start, end


def contested(case: Case) -> pd.DataFrame:
    """One row per reading of each contested fact."""
    rows = [
        {"fact": fact.id, "question": fact.question, "source": reading.source, "says": reading.says,
         "quote": reading.quote, "scholarship": fact.scholarship}
        for fact in case.contested
        for reading in fact.readings
    ]
    return pd.DataFrame(rows, columns=["fact", "question", "source", "says", "quote", "scholarship"])


def passage_names(case: Case, refs: list[str]) -> pd.DataFrame:
    """How a person reads each passage named, indexed by its reference (which is never shown): `name`, its first
    words and its source ('“Khrushchev's resignation stemmed from …” (Khrushchev Falls from Power)'); `opening`,
    its first words alone; `source`, its source's name; `quote`, the whole passage as its source prints it."""
    rows = []
    for ref in refs:
        found = case.passage(ref)
        evidence = found[1] if found else None
        rows.append({"ref": ref, "name": case.passage_name(ref), "opening": case.opening(ref),
                     "source": case.source_name(evidence.source) if evidence else "",
                     "quote": case.words(evidence.source, evidence.span, evidence.quote) if evidence else ""})
    return pd.DataFrame(rows, columns=["ref", "name", "opening", "source", "quote"]).set_index("ref")


def facts_on(case: Case, thesis: str | None = None) -> list[ContestedFact]:
    """The contested facts that bear on a thesis, in the case's order; all of them when thesis is None."""
    return [fact for fact in case.contested if thesis is None or thesis in fact.theses]


def evidence_on(case: Case, thesis_id: str, weighting: Weighting | None = None) -> pd.DataFrame:
    """Every passage that bears on a thesis, recorded in its own file or in another's bears_on: by stance (supports,
    disputes, qualifies), and within each stance strongest first on the reader's settings (weighting.bearings's
    order; the defaults when none is given)."""
    frame = bearings(case)
    frame = frame[frame["thesis"] == thesis_id].drop(columns="thesis")
    info = passages(case).set_index("ref")[["quote", "note", "start", "end"]]
    frame = frame.join(info, on="ref")
    stance_order = {stance: i for i, stance in enumerate(STANCES)}
    strongest = {b.ref: i for i, b in enumerate(weighting_bearings(case, thesis_id, weighting))}
    frame = frame.assign(_stance=frame["stance"].map(stance_order), _strongest=frame["ref"].map(strongest))
    frame = frame.sort_values(["_stance", "_strongest"], kind="stable")
    return frame.drop(columns=["_stance", "_strongest"]).reset_index(drop=True)


# --- the numbers of each chart, as a table (the charts' text alternative, one click away on every page) --------


def rank_interval(row: pd.Series) -> tuple[int, int, int]:
    """From a thesis's rank distribution: the 5th and 95th percentile ranks and the most common rank."""
    cumulative = row.cumsum().to_numpy()
    low = int((cumulative >= 0.05 - 1e-12).argmax()) + 1
    high = int((cumulative >= 0.95 - 1e-12).argmax()) + 1
    return low, high, int(row.to_numpy().argmax()) + 1


def percent(value: float) -> str:
    """A share as a whole percentage; a share above 0 that would round to 0% is 'under 1%'."""
    if value > 0 and value < 0.005:
        return "under 1%"
    return f"{value:.0%}"


def score_parts_table(ranking: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """charts.score_parts as a table: each thesis in rank order, each criterion's part and the score."""
    parts = parts.reindex(ranking.index).round(2)  # once, not a .loc by list a column
    frame = pd.DataFrame({"Rank": ranking["rank"].astype(int).tolist(), "Explanation": ranking["title"].tolist()})
    for name, criterion in CRITERIA_TABLE.items():
        frame[criterion.head] = parts[name].tolist()
    frame["Score"] = ranking["score"].round(2).tolist()
    return fit(frame, {"Rank": 50, "Explanation": 270, **{c.head: 95 for c in CRITERIA_TABLE.values()}, "Score": 60},
               {c.head: f"{c.label}: {c.description}" for c in CRITERIA_TABLE.values()})


def shares_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.shares as a table: each thesis's share of the evidence (vocabulary.SHARE), in %."""
    frame = pd.DataFrame({"Explanation": ranking["title"].tolist(),
                          f"{SHARE} (%)": (ranking["share"] * 100).round(1).tolist()})
    return fit(frame, {"Explanation": 500, f"{SHARE} (%)": 220})


ROBUST_BAR = "#9ecae1"  # a share's bar behind its figure: light enough for the figure's black to read on it


def robustness_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """How often each thesis came first in each way the ranking was redone (vocabulary.KINDS_SHOWN), as shares
    from 0 to 1, in rank order: a column 'Explanation' and one a way, headed by its name on the page."""
    frame = ranking[["title", *KINDS_SHOWN.values()]].reset_index(drop=True)
    return frame.rename(columns={"title": "Explanation",
                                 **{column: ROBUSTNESS[kind].column for kind, column in KINDS_SHOWN.items()}})


def robustness_shown(frame: pd.DataFrame, title: Callable[[str], str] = str):
    """`robustness_table` as a static table reads it (a pandas Styler): each share a whole per cent ('78%'),
    with a bar of its length behind it, a line of text high, so that the tall rows of a phone keep thin bars;
    each title through `title` (`text.literal` where the table reads Markdown)."""
    shares = [ROBUSTNESS[kind].column for kind in KINDS_SHOWN]

    def bar(share: float) -> str:
        length = f"{max(0.0, min(1.0, share)) * 100:.1f}%"
        return (f"background: linear-gradient(90deg, {ROBUST_BAR} {length}, transparent {length}) "
                "no-repeat left center / 100% 1.6em")

    return (frame.style.hide(axis="index").format("{:.0%}", subset=shares).format(title, subset=["Explanation"])
            .map(bar, subset=shares))


def rank_ranges_table(distribution: pd.DataFrame, ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.rank_ranges as a table: the ranks each thesis takes in 90% of the samples, its most common rank
    and how often it comes first."""
    rows = []
    for tid in ranking.index:
        low, high, common = rank_interval(distribution.loc[tid])
        rows.append({"Explanation": ranking.at[tid, "title"], "From rank": low, "To rank": high,
                     "Most common rank": common, "First in": percent(ranking.at[tid, "p_first"])})
    frame = pd.DataFrame(rows, columns=["Explanation", "From rank", "To rank", "Most common rank", "First in"])
    return fit(frame, {"Explanation": 360, "From rank": 80, "To rank": 80, "Most common rank": 130, "First in": 90})


def rank_heatmap_table(distribution: pd.DataFrame, ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.rank_heatmap as a table: how often each thesis takes each place, in % of the samples. A column
    a place ('1st', '2nd' ...), narrow, so that twelve places fit beside the explanations."""
    frame = (distribution.loc[list(ranking.index)] * 100).round(1)
    frame.columns = [ordinal(int(r)) for r in distribution.columns]
    frame.insert(0, "Explanation", ranking["title"].tolist())
    places = list(frame.columns[1:])
    wide = max(140, FIT_PX - 48 * len(places))
    return fit(frame.reset_index(drop=True), {"Explanation": wide, **{p: 48 for p in places}},
               {p: f"How often it comes {p}, in % of the rankings with the sliders moved at random" for p in places})


def ach_table(matrix: pd.DataFrame, names: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """charts.ach_heatmap as a table: one row for each passage (in the given order, named by its first words and
    its source, from `passage_names`) and each explanation it bears on, saying in words what it does to it
    ('supports', 'qualifies', 'disputes'). Three columns, so that it fits the page; a passage that says nothing
    about an explanation has no row for it."""
    words = {stance.ach: stance.label for stance in STANCES.values()}
    rows = []
    for ref, values in zip(matrix.index, matrix.to_numpy(dtype=float).tolist()):
        name = names.at[ref, "name"] if ref in names.index else ref
        for column, value in zip(matrix.columns, values):
            if not math.isnan(value) and value in words:
                rows.append({"Passage": name, "Explanation": titles.get(column, column), "What it does": words[value]})
    frame = pd.DataFrame(rows, columns=["Passage", "Explanation", "What it does"])
    return fit(frame, {"Passage": 400, "Explanation": 260, "What it does": 100})


MATRIX_ORDERS = ("telling", "recorded")  # the passages that tell the explanations apart most first; as recorded


def ach_rows(matrix: pd.DataFrame, sources: dict[str, str], diagnosticity: pd.Series, *,
             keep_sources: list[str] | None = None, stances: list[str] | None = None, thesis: str | None = None,
             order: str = "telling") -> list[str]:
    """The passages (references) the evidence matrix shows: those from the sources kept (`sources` maps each
    passage to its source; None keeps all), taking one of the stances kept on some explanation (None keeps all),
    and bearing on `thesis` where one is given; ordered by how much they tell the explanations apart (`telling`,
    the most first, ties as recorded) or as recorded, explanation by explanation (`recorded`)."""
    wanted = {STANCES[s].ach for s in (STANCES if stances is None else stances)}
    rows = []
    for ref, values in zip(matrix.index, matrix.to_numpy(dtype=float).tolist()):
        if keep_sources is not None and sources.get(ref) not in keep_sources:
            continue
        if not wanted & {v for v in values if not math.isnan(v)}:
            continue
        if thesis is not None and (thesis not in matrix.columns or math.isnan(matrix.at[ref, thesis])):
            continue
        rows.append(ref)
    if order == "telling":
        rows = sorted(rows, key=lambda ref: -float(diagnosticity.get(ref, 0.0)))
    return rows


def contradicted_table(order: tuple[str, ...] | list[str], inconsistency: pd.Series,
                       titles: dict[str, str]) -> pd.DataFrame:
    """The matrix page's table of how much trusted evidence goes against each thesis, least first."""
    frame = pd.DataFrame({"Explanation": [titles.get(t, t) for t in order],
                          "Evidence against": [round(float(inconsistency[t]), 2) for t in order]})
    return fit(frame, {"Explanation": 560, "Evidence against": 160})


def matrix_passages_table(refs: list[str], names: pd.DataFrame, diagnosticity: pd.Series) -> pd.DataFrame:
    """The matrix page's list of its passages, as it shows them: the source, how much the passage tells the
    explanations apart (0 to 1) and its words; never its reference."""
    frame = pd.DataFrame({
        "Source": [names.at[r, "source"] for r in refs],
        "Tells them apart": [round(float(diagnosticity.get(r, 0.0)), 2) for r in refs],
        "Passage": [names.at[r, "quote"] for r in refs]})
    return fit(frame, {"Source": 200, "Tells them apart": 120, "Passage": 440},
               {"Tells them apart": "How differently the passage bears on the explanations (its diagnosticity): 0 "
                                    "when it fits them all alike, 1 when it bears on them as differently as it can"})


def stance_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows of `source_stances` where the source has at least one passage on the thesis."""
    return counts[counts[list(STANCES)].sum(axis=1) > 0]


def source_profile_table(counts: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """charts.source_profile as a table: for one source, how many of its passages take each stance on each
    thesis it bears on."""
    rows = stance_rows(counts)
    frame = pd.DataFrame({"Explanation": [titles.get(t, t) for t in rows["thesis"]]})
    ordered = sorted(STANCES.items(), key=lambda item: -item[1].ach)  # the chart's order
    for stance, how in ordered:
        frame[how.heading] = rows[stance].astype(int).tolist()
    return fit(frame, {"Explanation": 400, **{how.heading: 110 for _, how in ordered}},
               {how.heading: f"How many of this source's passages take this stance: {how.plain}"
                for _, how in ordered})


def who_argues_what_table(views: pd.DataFrame, titles: dict[str, str], sources: dict[str, str]) -> pd.DataFrame:
    """charts.who_argues_what as a table: each historian, the thesis a source attributes to them, and where."""
    frame = views.sort_values(["historian"], kind="stable")
    table = pd.DataFrame({"Historian": frame["historian"].tolist(),
                          "Explanation": [titles.get(t, t) for t in frame["thesis"]],
                          "According to": [sources.get(s, s) for s in frame["source"]]})
    return fit(table, {"Historian": 170, "Explanation": 320, "According to": 270})


def timeline_table(events: pd.DataFrame, titles: dict[str, str], sources: dict[str, str]) -> pd.DataFrame:
    """charts.timeline as a table: each event's date, what happened, the theses it bears on, its source, and
    the question the sources dispute about it (blank where they agree)."""
    frame = pd.DataFrame({
        "Date": events["date"].tolist(), "Event": events["title"].tolist(),
        "Bears on": ["; ".join(titles.get(t, t) for t in ts) for ts in events["theses"]],
        "Source": [sources.get(s, s) for s in events["source"]],
        "Disputed": events["question"].tolist()})
    return fit(frame, {"Date": 90, "Event": 270, "Bears on": 170, "Source": 120, "Disputed": 110},
               {"Bears on": "The explanations the event bears on", "Source": "The source that dates it",
                "Disputed": "What the sources disagree on about it (see Contested facts); blank where they agree"})

"""Case -> pandas DataFrames, for the dashboard and the exports. Pure: no I/O, no streamlit."""

from __future__ import annotations

import math

import pandas as pd

from explorer.model import STANCES, Case
from explorer.vocabulary import CRITERIA_TABLE
from explorer.vocabulary import STANCES as STANCE_TABLE

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


def evidence_on(case: Case, thesis_id: str) -> pd.DataFrame:
    """Every passage that bears on a thesis, recorded in its own file or in another's bears_on, strongest
    first within each stance."""
    frame = bearings(case)
    frame = frame[frame["thesis"] == thesis_id].drop(columns="thesis")
    info = passages(case).set_index("ref")[["quote", "note", "start", "end"]]
    frame = frame.join(info, on="ref")
    order = {stance: i for i, stance in enumerate(STANCES)}
    frame = frame.assign(_order=frame["stance"].map(order))
    frame = frame.sort_values(["_order", "strength"], ascending=[True, False], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


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
    order = list(ranking.index)
    frame = pd.DataFrame({"Rank": ranking["rank"].astype(int).tolist(), "Explanation": ranking["title"].tolist()})
    for name, criterion in CRITERIA_TABLE.items():
        frame[criterion.label] = parts.loc[order, name].round(2).tolist()
    frame["Score"] = ranking["score"].round(2).tolist()
    return frame


def shares_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.shares as a table: each thesis's share of the whole explanation, in %."""
    return pd.DataFrame({"Explanation": ranking["title"].tolist(),
                         "Share of the explanation (%)": (ranking["share"] * 100).round(1).tolist()})


def rank_ranges_table(distribution: pd.DataFrame, ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.rank_ranges as a table: the ranks each thesis takes in 90% of the samples, its most common rank
    and how often it comes first."""
    rows = []
    for tid in ranking.index:
        low, high, common = rank_interval(distribution.loc[tid])
        rows.append({"Explanation": ranking.at[tid, "title"], "From rank": low, "To rank": high,
                     "Most common rank": common, "First in": percent(ranking.at[tid, "p_first"])})
    return pd.DataFrame(rows, columns=["Explanation", "From rank", "To rank", "Most common rank", "First in"])


def rank_heatmap_table(distribution: pd.DataFrame, ranking: pd.DataFrame) -> pd.DataFrame:
    """charts.rank_heatmap as a table: how often each thesis takes each place, in % of the samples."""
    frame = (distribution.loc[list(ranking.index)] * 100).round(1)
    frame.columns = [f"Rank {r}" for r in distribution.columns]
    frame.insert(0, "Explanation", ranking["title"].tolist())
    return frame.reset_index(drop=True)


def ach_table(matrix: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """charts.ach_heatmap as a table: for each passage (in the given order), what it does to each thesis in
    words ('supports', 'qualifies', 'disputes'), blank where it says nothing about it."""
    words = {stance.ach: name for name, stance in STANCE_TABLE.items()}
    frame = pd.DataFrame({"Passage": list(matrix.index)})
    for column in matrix.columns:
        frame[titles.get(column, column)] = [
            "" if value is None or (isinstance(value, float) and math.isnan(value)) else words.get(value, "")
            for value in matrix[column].tolist()]
    return frame


def stance_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows of `source_stances` where the source has at least one passage on the thesis."""
    return counts[counts[list(STANCES)].sum(axis=1) > 0]


def source_profile_table(counts: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """charts.source_profile as a table: for one source, how many of its passages take each stance on each
    thesis it bears on."""
    rows = stance_rows(counts)
    frame = pd.DataFrame({"Explanation": [titles.get(t, t) for t in rows["thesis"]]})
    for stance, how in sorted(STANCE_TABLE.items(), key=lambda item: -item[1].ach):  # the chart's order
        frame[f"Passages: {how.label}"] = rows[stance].astype(int).tolist()
    return frame


def who_argues_what_table(views: pd.DataFrame, titles: dict[str, str], sources: dict[str, str]) -> pd.DataFrame:
    """charts.who_argues_what as a table: each historian, the thesis a source attributes to them, and where."""
    frame = views.sort_values(["historian"], kind="stable")
    return pd.DataFrame({"Historian": frame["historian"].tolist(),
                         "Explanation": [titles.get(t, t) for t in frame["thesis"]],
                         "According to": [sources.get(s, s) for s in frame["source"]]})


def timeline_table(events: pd.DataFrame, titles: dict[str, str], sources: dict[str, str]) -> pd.DataFrame:
    """charts.timeline as a table: each event's date, what happened, the theses it bears on, its source, and
    the question the sources dispute about it (blank where they agree)."""
    return pd.DataFrame({
        "Date": events["date"].tolist(), "Event": events["title"].tolist(),
        "Bears on": ["; ".join(titles.get(t, t) for t in ts) for ts in events["theses"]],
        "Source": [sources.get(s, s) for s in events["source"]],
        "The sources disagree on": events["question"].tolist()})

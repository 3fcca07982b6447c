"""Case -> pandas DataFrames, for the dashboard and the exports. Pure: no I/O, no streamlit."""

from __future__ import annotations

import pandas as pd

from explorer.model import STANCES, Case

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

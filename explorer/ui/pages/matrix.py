"""Matrix: every passage against every explanation (Heuer's Analysis of Competing Hypotheses)."""

import streamlit as st

from explorer import charts, tables, weigh
from explorer.ui import page, settings
from explorer.ui.widgets import chart
from explorer.vocabulary import STANCES

case, problems = page.start()
chosen = settings.sidebar(case)
titles, sources = page.titles(case), page.source_titles(case)
st.title("Evidence matrix", anchor=False)
st.write("One row per passage, one column per explanation: blue where the passage supports it, orange where it "
         "qualifies it, red where it disputes it, blank where it says nothing about it. A passage is "
         "**diagnostic** when it bears differently on different explanations; one that fits them all tells "
         "nothing. Hover over a cell to read the passage.")

matrix = weigh.ach_matrix(case)
if matrix.empty:
    st.info("This case has no passages yet.")
    st.stop()
m = weigh.matrices(case, chosen.points)
ach = weigh.ach(m, chosen.trust)
passages = {e.ref: (t, e) for t, e in case.passages()}
quoted = [sid for sid in case.sources if any(e.source == sid for _, e in passages.values())]

left, middle, right = st.columns([2, 2, 1])
picked_sources = left.multiselect("Sources", quoted, default=quoted, format_func=sources.get, key="matrix_sources")
picked_stances = middle.multiselect("Stances", list(STANCES), default=list(STANCES), key="matrix_stances")
order = right.radio("Order", ["Most diagnostic first", "By explanation"], key="matrix_order")

rows = [ref for ref in matrix.index if passages[ref][1].source in picked_sources]
wanted = {STANCES[s].ach for s in picked_stances}
rows = [ref for ref in rows if wanted & set(matrix.loc[ref].dropna().tolist())]
if order == "Most diagnostic first":
    rows = sorted(rows, key=lambda ref: -ach.diagnosticity[ref])
shown = matrix.loc[rows, [t for t in case.theses if t in matrix.columns]]
st.caption(f"{len(rows)} of {len(matrix)} passages shown.")
if rows:
    quotes = {ref: " ".join(passages[ref][1].quote.split()) for ref in rows}
    chart(charts.ach_heatmap(shown, quotes, titles), tables.ach_table(shown, titles), "ach_heatmap",
          "What each passage shown does to each explanation: supports, qualifies, disputes, or nothing")

st.subheader("How much trusted evidence contradicts each explanation", anchor=False)
st.dataframe(
    {"Explanation": [titles[t] for t in ach.order],
     "Evidence against": [round(float(ach.inconsistency[t]), 2) for t in ach.order]},
    hide_index=True, width="stretch",
)
st.subheader("The passages", anchor=False)
st.dataframe(
    {"Passage": rows,
     "Source": [sources.get(passages[r][1].source, passages[r][1].source) for r in rows],
     "Diagnosticity": [round(float(ach.diagnosticity[r]), 2) for r in rows],
     "Quote": [" ".join(passages[r][1].quote.split()) for r in rows]},
    hide_index=True, width="stretch",
)

"""Matrix: every passage against every explanation (Heuer's Analysis of Competing Hypotheses)."""

import streamlit as st

from explorer import charts, tables, weigh
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import chart, table_of
from explorer.vocabulary import STANCES

case, problems = page.start()
case, _question = page.asked(case)
chosen = settings.sidebar(case)
titles, sources = page.titles(case), page.source_titles(case)
st.title("Evidence matrix", anchor=False)
st.write("One row per passage, one column per explanation: blue and **+** where the passage supports it, orange "
         "and **~** where it qualifies it (true, but only in part), red and **−** where it disputes it, blank where "
         "it says nothing about it. A passage that **tells the explanations apart** (analysts call it "
         "*diagnostic*) bears differently on different explanations; one that fits them all tells you nothing "
         "about which is right. Hover over a cell to read the passage.")

matrix = weigh.ach_matrix(case)
if matrix.empty:
    st.info("This case has no passages yet.")
    st.stop()
ach = weigh.ach(case, chosen)
source_of = {e.ref: e.source for _, e in case.passages()}
quoted = [sid for sid in case.sources if sid in set(source_of.values())]

ORDERS = {"telling": "Those that tell the explanations apart most, first",
          "recorded": "As recorded, explanation by explanation"}
MOST = {"20": 20, "40": 40, "80": 80, "all": None}
ALL = "all"
on, how, many = st.columns([3, 3, 2])
on.selectbox("Passages on", [ALL, *case.theses], key="matrix_thesis",
             format_func=lambda t: "Every explanation" if t == ALL else titles[t])
how.radio("Order", list(ORDERS), format_func=ORDERS.get, key="matrix_order")
many.segmented_control("How many", list(MOST), format_func=lambda n: "All" if n == ALL else n, default="40",
                       required=True, key="matrix_most")
with st.expander("Only some sources or stances"):
    picked_sources = st.multiselect("Sources", quoted, default=quoted, format_func=sources.get, key="matrix_sources")
    picked_stances = st.multiselect("Stances", list(STANCES), default=list(STANCES), key="matrix_stances",
                                    format_func=lambda s: STANCES[s].label)

thesis = st.session_state.matrix_thesis
every = tables.ach_rows(matrix, source_of, ach.diagnosticity, keep_sources=picked_sources, stances=picked_stances,
                        thesis=None if thesis == ALL else thesis, order=st.session_state.matrix_order)
most = MOST[st.session_state.matrix_most or "40"]
rows = every if most is None else every[:most]
shown = matrix.loc[rows, [t for t in case.theses if t in matrix.columns]]
names = tables.passage_names(case, rows)
st.caption(f"{len(rows)} of {len(every)} passages shown" + (f" ({len(matrix)} in the case)." if len(every) < len(matrix)
                                                          else "."))
if rows:
    chart(charts.ach_heatmap(shown, names, titles), tables.ach_table(shown, names, titles), "ach_heatmap",
          "What each passage shown does to each explanation: supports, qualifies, disputes, or nothing")

st.subheader("How much trusted evidence contradicts each explanation", anchor=False)
table_of(tables.contradicted_table(ach.order, ach.inconsistency, titles), key="matrix_against")
st.caption("Evidence against: the passages that dispute it, each counting its points times your trust in its "
           "source, half for those that only qualify it. The explanation with the least against it is the one the "
           "evidence contradicts least.")
with st.expander(f"Read the {tables.count(len(rows), 'passage')} shown in full"):
    table_of(tables.matrix_passages_table(rows, names, ach.diagnosticity), key="matrix_passages")
    st.caption(literal("Tells them apart: 0 when a passage fits every explanation alike, 1 when it bears on them "
                       "as differently as it can."))

"""Compare: the explanations ranked, why, their shares, and how robust the ranking is."""

import streamlit as st

from explorer import charts
from explorer.ui import page, settings
from explorer.ui.widgets import escape, plain, thesis_chip

case, problems = page.start()
chosen = settings.sidebar(case)
colours, titles = page.colours(case), page.titles(case)

st.title(case.info.question if case.info else case.title)
if case.info:
    st.caption(f"{case.title} · {case.info.period.start}–{case.info.period.end} · "
               f"{len(case.theses)} explanations · {sum(len(t.evidence) for t in case.theses.values())} passages "
               f"from {sum(s.quotable for s in case.sources.values())} sources")

views = {"evidence": "Weighted evidence", "ach": "Least contradicted (ACH)"}
page.url_param("view", list(views), "evidence")
st.segmented_control("How to rank", list(views), format_func=views.get, key="view", selection_mode="single",
                     on_change=page.sync("view", "evidence"))
model = st.session_state.view or "evidence"
page.write_param("view", model, "evidence")

ranking = page.ranking(case, chosen, model)
tables = ranking.tables()
table = tables["ranking"]
if table.empty:
    st.info("This case has no theses yet.")
    st.stop()

first = ranking.theses[0]
how_often = f"first in {first.p_first:.0%} of {ranking.samples:,} samples" if first.p_first is not None else ""
st.markdown(f"### On your settings, **{escape(first.title)}** comes first ({how_often} around your settings).")
if model == "evidence":
    st.markdown(
        "Each bar adds up what the recorded evidence gives a thesis: **support** (trusted passages for it), "
        "**corroboration** (how many different sources), **scholarly backing** (historians who argue it) and, "
        "pulling to the left, **contestation** (trusted passages against it); move the sliders to weigh them "
        "differently. These numbers weigh the passages recorded in this case, not the truth: a thesis can rank "
        "low because little was recorded for it, and causes can act together."
    )
else:
    st.markdown(
        "Analysis of Competing Hypotheses ranks the explanations by how little trusted evidence contradicts "
        "them, since evidence that fits an explanation may fit the others too. These numbers weigh the passages "
        "recorded in this case, not the truth: an explanation nobody has argued against looks uncontested."
    )
if ranking.note:
    st.warning(ranking.note)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Ranking and why", anchor=False)
    if model == "evidence":
        st.plotly_chart(charts.score_parts(table, tables["parts"]), width="stretch", key="parts_chart")
    else:
        inconsistency = table[["title", "inconsistency"]].rename(columns={"title": "Explanation",
                                                                           "inconsistency": "Evidence against"})
        st.dataframe(inconsistency, hide_index=True, width="stretch",
                     column_config={"Evidence against": st.column_config.ProgressColumn(
                         format="%.2f", min_value=0.0, max_value=float(max(1e-9, table["inconsistency"].max())))})
        st.caption("Evidence against = strength x trust of the passages that dispute it, half for those that "
                   "qualify it. See the Matrix page for every passage.")
with right:
    st.subheader("Shares of the explanation", anchor=False)
    st.plotly_chart(charts.shares(table, colours), width="stretch", key="shares_chart")
    st.caption("Causes are not exclusive: each share is the thesis's score as a part of all positive scores.")

st.subheader("How robust is this ranking?", anchor=False)
if ranking.samples:
    st.write(f"The ranking was redone for {ranking.samples:,} settings drawn around yours (weights and trusts "
             "varied by up to about a third either way). The bar shows where each explanation lands in 90% of "
             "them; the dot is its most common place.")
    st.plotly_chart(charts.rank_ranges(tables["rank_distribution"], table, colours), width="stretch",
                    key="robust_chart")
    with st.expander("Every place each explanation takes, in % of the samples"):
        st.plotly_chart(charts.rank_heatmap(tables["rank_distribution"], table), width="stretch",
                        key="rank_heatmap")

st.subheader("Pivotal passages", anchor=False)
if ranking.pivotal:
    st.write("Removing any one of these passages would change the top of the ranking: "
             "the points a debate turns on.")
    quotes = {e.ref: (t, e) for t, e in case.passages()}
    for pivot in ranking.pivotal[:12]:
        thesis, evidence = quotes[pivot.ref]
        with st.container(border=True):
            plain(evidence.quote.strip())
            st.caption(f"{case.sources[evidence.source].title if evidence.source in case.sources else evidence.source}"
                       f" · recorded under {thesis.title} · removing it: {pivot.flips}")
else:
    st.write("None: no single passage changes which explanation comes first or the order of the top three.")

st.subheader("Read the evidence for each explanation", anchor=False)
cols = st.columns(3)
for i, result in enumerate(ranking.theses):
    with cols[i % 3]:
        thesis_chip(colours[result.id], f"{result.rank}. {result.title}")
        st.page_link("explorer/ui/pages/thesis.py", label="Open the thesis", query_params={"thesis": result.id},
                     icon=":material/arrow_forward:")

"""Compare: the explanations ranked, why, their shares, and how robust the ranking is."""

import streamlit as st

from explorer import brief, charts, weigh
from explorer import tables as frames
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import chart, plain, thesis_chip
from explorer.vocabulary import MODELS, ROBUSTNESS

case, problems = page.start()
chosen = settings.sidebar(case)
colours, titles = page.colours(case), page.titles(case)

st.title(literal(case.info.question if case.info else case.title))
if case.info:
    st.caption(literal(f"{case.title} · {case.info.period.start}–{case.info.period.end} · "
                       f"{len(case.theses)} explanations · {sum(len(t.evidence) for t in case.theses.values())} "
                       f"passages from {sum(s.quotable for s in case.sources.values())} sources"))

views = MODELS
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
how_often = f" ({ranking.first_in()})" if ranking.samples else ""
st.markdown(f"### On your settings, **{literal(first.title)}** comes first{how_often}.")
if model == "evidence":
    st.markdown(
        "Each bar adds up what the recorded evidence gives a thesis: **support** (trusted passages for it), "
        "**corroboration** (how many different sources), **scholarly backing** (historians who argue it) and, "
        "pulling to the left, **contestation** (trusted passages against it); move the sliders to weigh them "
        "differently. Passages that only set the scene (background) are shown everywhere but count for nothing "
        "unless you give them points. These numbers weigh the passages recorded in this case, not the truth: a "
        "thesis can rank low because little was recorded for it, and causes can act together."
    )
else:
    st.markdown(
        "Analysis of Competing Hypotheses ranks the explanations by how little trusted evidence contradicts "
        "them, since evidence that fits an explanation may fit the others too. These numbers weigh the passages "
        "recorded in this case, not the truth: an explanation nobody has argued against looks uncontested."
    )
if ranking.note:
    st.warning(ranking.note)

# One chart a row, the page's full width: beside another chart, a ranking of long titles left its bars too little
# room on a projector's 1024 pixels.
st.subheader("Ranking and why", anchor=False)
if model == "evidence":
    chart(charts.score_parts(table, tables["parts"]), frames.score_parts_table(table, tables["parts"]),
          "parts_chart", "Each explanation's score, split into the part of each criterion, best first")
else:
    inconsistency = table[["title", "inconsistency"]].rename(columns={"title": "Explanation",
                                                                       "inconsistency": "Evidence against"})
    st.dataframe(inconsistency, hide_index=True, width="stretch",
                 column_config={"Evidence against": st.column_config.ProgressColumn(
                     format="%.2f", min_value=0.0, max_value=float(max(1e-9, table["inconsistency"].max())))})
    st.caption("Evidence against = the weights of the passages that dispute it (the points for their strength "
               "x the trust in their source; background counts for nothing by default), half for those that "
               "qualify it. See the Matrix page for every passage.")
st.subheader("Shares of the explanation", anchor=False)
chart(charts.shares(table, colours), frames.shares_table(table), "shares_chart",
      "Each explanation's share of the whole explanation, in per cent")
st.caption("Causes are not exclusive: each share is the thesis's score as a part of all positive scores.")

st.subheader("How robust is this ranking?", anchor=False)
if ranking.samples:
    redrawn = "the trusts" if model == "ach" else "the weights and trusts"
    st.write(f"The ranking was redone {ranking.samples:,} times in each of three ways: with {redrawn} "
             "drawn around yours (most within about a third either way); with the recorded passages drawn again "
             "at random, so that some count twice and others not at all (which tests how much the answer rests on "
             "what was recorded); and with the coding varied (each passage's strength moved a step one time in "
             f"{round(1 / weigh.STEP_CHANCE)}, and a passage for or against read as only qualifying one time in "
             f"{round(1 / weigh.SOFTEN_CHANCE)}). How often each explanation comes first:")
    robust = table[["title", "p_first", "p_first_evidence", "p_first_coding"]].head(6).rename(columns={
        "title": "Explanation", "p_first": "Settings redrawn", "p_first_evidence": "Evidence resampled",
        "p_first_coding": "Coding varied"})
    robust[["Settings redrawn", "Evidence resampled", "Coding varied"]] *= 100
    st.dataframe(robust, hide_index=True, width="stretch", column_config={
        name: st.column_config.ProgressColumn(name, format="%.0f%%", min_value=0.0, max_value=100.0)
        for name in ("Settings redrawn", "Evidence resampled", "Coding varied")})
    kind, share, _ = ranking.weakest()
    margin = max(float(r.margin.max()) for r in ranking.robustness.values())
    st.caption(literal(f"Each figure is within ±{margin:.1%} of what endless samples would give (95% of the time). "
                      f"“{first.title}” is at its weakest {ROBUSTNESS[kind].label}: first in {share:.0%}."))
    st.write("Where each explanation lands in 90% of the settings drawn around yours; the dot is its most "
             "common place.")
    chart(charts.rank_ranges(tables["rank_distribution"], table, colours),
          frames.rank_ranges_table(tables["rank_distribution"], table), "robust_chart",
          "The ranks each explanation takes in 90% of the settings drawn around yours, and how often it comes first")
    with st.expander("Every place each explanation takes, in % of the samples"):
        chart(charts.rank_heatmap(tables["rank_distribution"], table),
              frames.rank_heatmap_table(tables["rank_distribution"], table), "rank_heatmap",
              "How often each explanation takes each place, in per cent of the samples", in_expander=False)

quotes = {e.ref: (t, e) for t, e in case.passages()}
names = {t.id: t.title for t in ranking.theses}


def passage_card(ref: str, caption: str) -> None:
    """A passage in the source's words, with where it comes from and what it decides."""
    _, evidence = quotes[ref]
    with st.container(border=True):
        plain(case.words(evidence.source, evidence.span, evidence.quote))
        st.caption(literal(f"{brief.source_title(case, evidence.source)} · {caption}"))


CARDS = 10  # pivotal passages and judgements shown; `rank` lists them all


def pivotal_section(title: str, intro: str, none: str, cards: list[tuple[str, str]]) -> None:
    """A heading, then each (passage ref, caption) as a card, or one line saying there are none."""
    st.subheader(title, anchor=False)
    if not cards:
        st.write(none)
        return
    st.write(intro)
    for ref, caption in cards[:CARDS]:
        passage_card(ref, caption)
    if len(cards) > CARDS:
        st.caption(f"… and {len(cards) - CARDS} more (python -m explorer rank lists them all).")


pivotal_section(
    "Pivotal passages", "Removing any one of these passages would change the top of the ranking: the points a debate "
    "turns on.", "None: no single passage changes which explanation comes first or the order of the top three.",
    [(p.ref, (f"recorded under “{names.get(p.thesis, p.thesis)}” · without it, "
             f"{weigh.changes_in_words(p.before, p.after, names)}")) for p in ranking.pivotal])
pivotal_section(
    "Pivotal judgements", "The ranking turns on how you read these passages: coding one of them otherwise (its stance, "
    "or its strength one step up or down) would change the top of the ranking.",
    "None: no single change of one passage's stance or strength changes the top of the ranking.",
    [(j.ref, f"on “{names.get(j.thesis)}” · {j.reading}: {weigh.changes_in_words(j.before, j.after, names)}")
     for j in ranking.judgements])

st.subheader("Read the evidence for each explanation", anchor=False)
cols = st.columns(3)
for i, result in enumerate(ranking.theses):
    with cols[i % 3]:
        thesis_chip(colours[result.id], f"{result.rank}. {result.title}")
        st.page_link("explorer/ui/pages/thesis.py", label="Open the thesis", query_params={"thesis": result.id},
                     icon=":material/arrow_forward:")

"""Compare: the answer in plain words, the explanations ranked and why, their shares, how sure the ranking is and
the passages it turns on."""

import streamlit as st

from explorer import answer, charts
from explorer import tables as frames
from explorer.model import described_names, kinds_listed
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import address, chart, gap_lines, thesis_links, turning_points
from explorer.vocabulary import MODELS, SHARE

TURNS = 3  # passages the ranking turns on shown at first: the two or three a teacher picks for a debate

whole, problems = page.start(style=False)  # its style comes after the answer (page.send_style)
case, question = page.asked(whole, choice=False)  # its choice in the sidebar comes with the sliders
# “How the score works”, with the reader's settings (it opens in a new tab); its sections are anchors: {HOW}#sure
HOW = address("how")
views = {name: m.label for name, m in MODELS.items()}
page.url_param("view", list(views), "evidence")
model = st.session_state.view or "evidence"
# The sliders' values are in the session before the page runs (settings.keep): the page weighs with them first and
# draws the sliders after the answer. Streamlit sends each element as it is made, so the new answer reaches the
# screen without waiting for the sidebar; the sidebar is a place of its own, so the layout is the same.
chosen = settings.current(case)


def sliders() -> None:
    """The sidebar: the choice of question, and the sliders (the ACH view ranks by the evidence against each
    explanation only: the criteria's sliders would do nothing there)."""
    page.question_choice(whole)
    settings.sidebar(case, show_weights=model == "evidence", show_points=True)


st.title(literal(question.question if case.info else case.title))
if case.info:
    st.caption(literal(f"{case.title} · its timeline runs {case.info.period.start}–{case.info.period.end} · "
                       f"{len(case.theses)} explanations · {sum(len(t.evidence) for t in case.theses.values())} "
                       f"passages from {sum(s.quotable for s in case.sources.values())} sources: "
                       f"{kinds_listed(s for s in case.sources.values() if s.quotable)}"))

m = page.matrices(case, chosen)
# The robustness samplings are asked for once the page is out (page.test, at the end), so that the worker process
# drawing them does not take a core from the page and the browser while they work the answer out. The answer's
# first line says that they are being tested; the line that waits for them ("Testing how sure…") is at the end of
# the page, so that nothing above the answer comes and goes and the answer stays where it is.
ranking = page.ranking(case, chosen, model, matrices=m, later=True)
if not ranking.theses:
    st.info("This case has no explanations yet.")
    sliders()
    page.send_style()
    st.stop()

said = answer.answer(ranking, m, described_names(case.sources), pending=page.pending(ranking))
with st.container(border=True):
    st.markdown(f"#### {literal(said.headline)}")
    for reason in said.reasons:
        st.markdown("- " + literal(reason))
    st.markdown(f"These figures weigh the passages recorded from this case's sources, not the truth: move the "
                f"sliders to weigh them your way (on a phone, tap “{page.SIDEBAR_BUTTON}” at the top left). "
                f"[How the score works]({HOW})")
sliders()
colours, titles = page.colours(case, whole), page.titles(case)
tables = ranking.tables()
table = tables["ranking"]

st.segmented_control("How to rank", list(views), format_func=views.get, key="view", selection_mode="single",
                     on_change=page.sync("view", "evidence"))
page.write_param("view", model, "evidence")
st.markdown(f"{MODELS[model].label} {MODELS[model].plain}. [More]({HOW}#methods)")

# One chart a row, the page's full width: beside another chart, a ranking of long titles left its bars too little
# room on a projector's 1024 pixels.
first = ranking.theses[0]
if model == "evidence":
    st.subheader("Ranking and why", anchor=False)
    chart(charts.score_parts(table, tables["parts"]), frames.score_parts_table(table, tables["parts"]),
          "parts_chart", "Each explanation's score, split into the part of each of the four things it adds up, "
          "best first")
    st.markdown(literal(f"How the first bar adds up: {answer.worked_sum(first)}.")
                + f" [How the score works]({HOW}#criteria)")
    st.subheader(f"{SHARE} for each explanation", anchor=False)
    chart(charts.shares(table, colours), frames.shares_table(table), "shares_chart",
          "Each explanation's share of the evidence, in per cent")
    st.caption("Causes can act together. A share is an explanation's score as a part of all the scores above zero: "
               "how much of the recorded evidence points to it, not how much of the outcome it caused.")
else:
    st.subheader("Ranking: least evidence against it first", anchor=False)
    inconsistency = table[["title", "inconsistency"]].rename(columns={"title": "Explanation",
                                                                       "inconsistency": "Evidence against"})
    st.dataframe(inconsistency, hide_index=True, width="stretch", height="content",  # every row, no inner scroll
                 column_config={"Evidence against": st.column_config.ProgressColumn(
                     format="%.2f", min_value=0.0, max_value=float(max(1e-9, table["inconsistency"].max())))})
    st.markdown("Evidence against = the passages that go against it, each counting its points times your trust in "
                f"its source, half for those that only limit it. [How the score works]({HOW}#passages) · "
                "The Matrix page shows every passage.")

gap_lines(case, [t.id for t in ranking.theses], folded=True)

st.subheader("How sure is this ranking?", anchor=False)
if ranking.samples:
    st.write(f"{answer.redone(ranking)}. How often each explanation came first:")
    # A static table (st.table): its cells wrap, so that every head, title and figure shows whole on a phone's 390 px
    # and a projector's 1280, and it costs the browser less than a grid. What each way does is said under it.
    st.table(frames.robustness_shown(frames.robustness_table(table), literal), width="stretch",
             alt="How often each explanation came first in each of the three ways the ranking was redone")
    st.caption(literal(answer.ways()))
    margin = max(float(r.margin.max()) for r in ranking.robustness.values())
    st.markdown(f"Each figure could be up to {margin:.1%} higher or lower by chance. "
                f"[What these figures mean]({HOW}#sure)")
    with st.expander("The places each explanation takes with the sliders moved at random near yours"):
        st.write("Where each explanation lands in 90% of the rankings with the sliders moved at random; the dot is its most common place.")
        chart(charts.rank_ranges(tables["rank_distribution"], table, colours),
              frames.rank_ranges_table(tables["rank_distribution"], table), "robust_chart",
              "The places each explanation takes in 90% of the rankings with the sliders moved at random, and how often it comes first",
              in_expander=False)
        chart(charts.rank_heatmap(tables["rank_distribution"], table),
              frames.rank_heatmap_table(tables["rank_distribution"], table), "rank_heatmap",
              "How often each explanation takes each place, in per cent of the rankings with the sliders moved at random", in_expander=False)
else:
    st.write("Being tested: the figures appear here in a moment.")

st.subheader("Passages the ranking turns on", anchor=False)
points = answer.turning_points(ranking, case)
turning_points(case, points, titles, key="show_turning", shown=TURNS, none=answer.turning_none(),
               intro=f"{answer.turning_intro(points)} [More]({HOW}#turning)")

st.subheader("Read the evidence for each explanation", anchor=False)
thesis_links(ranking.theses, colours)

page.test(ranking, m, chosen)
page.send_style()

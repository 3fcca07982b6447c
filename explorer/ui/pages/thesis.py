"""Thesis: one explanation, its evidence for and against, its links, rank and robustness. Opens on the
explanation that comes first on the reader's settings, unless the address names another."""

import dataclasses

import pandas as pd
import streamlit as st

from explorer import answer, gaps, tables, vocabulary
from explorer.model import MAIN_QUESTION
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import evidence_card, figures, plain, thesis_chip, turning_points
from explorer.vocabulary import RELATIONS, ROBUSTNESS, SHARE, STANCES, STRENGTHS

CARDS = 5  # passages shown in each tab at first; the rest one click away, so that the page stays short
TURNS = 5  # passages the ranking turns on shown at first

case, problems = page.start()
chosen = settings.sidebar(case)
colours, titles = page.colours(case, case), page.titles(case)
ids = list(case.theses)
if not ids:
    st.info("This case has no theses yet.")
    st.stop()

ranking = page.ranking(case.within(), chosen)
first = ranking.theses[0].id if ranking.theses else ids[0]
page.url_param("thesis", ids, first)  # a valid ?thesis= wins; else the one that comes first on these settings
st.selectbox("Explanation", ids, format_func=titles.get, key="thesis", on_change=page.sync("thesis"))
tid = st.session_state.thesis
page.write_param("thesis", tid)
thesis = case.theses[tid]
if case.question_of(tid) != MAIN_QUESTION:  # ranked only against the explanations of its own question
    ranking = page.ranking(case.within(case.question_of(tid)), chosen)
result = next(r for r in ranking.theses if r.id == tid)

thesis_chip(colours[tid], f"{thesis.scope.capitalize()} explanation")
st.title(literal(thesis.title), anchor=False)
st.markdown(f"#### {literal(thesis.statement.strip())}")
plain(thesis.summary.strip())

if thesis.proponents:
    who = []
    for proponent in thesis.proponents:
        name = case.historians[proponent.historian].name if proponent.historian in case.historians else proponent.historian
        where = case.sources[proponent.source].title if proponent.source in case.sources else proponent.source
        who.append(f"**{literal(name)}**, according to *{literal(where)}*")
    st.markdown("Argued by " + "; ".join(who) + ".")
else:
    st.markdown("No source attributes this explanation to a named historian.")

n = len(ranking.theses)
WORST = "Comes first, at worst"  # the lowest of its three robustness figures (was "in its hardest test": unclear)
shown = [("Rank on your settings", f"{result.rank} of {n}", ""), ("Score", f"{result.score:.2f}", ""),
         (SHARE, f"{result.share:.0%}", "")]
if result.rank_distribution is None:
    figures(shown)
else:
    low, high, _ = tables.rank_interval(pd.Series(result.rank_distribution))
    firsts = {kind: result.first(kind) for kind in ROBUSTNESS}
    weakest = min(firsts, key=firsts.get)
    figures(shown + [(WORST, tables.percent(firsts[weakest]),
                      f"of the time {ROBUSTNESS[weakest].label}, the lowest of the three tests")])
    st.caption(literal(
        f"How sure is this? {answer.redone(ranking)}. It comes first "
        + ", ".join(f"{tables.percent(share)} of the time {ROBUSTNESS[kind].label}" for kind, share in firsts.items())
        + f". With the sliders moved at random near yours, it takes a place from {low} to {high} in 90% of the "
        f"rankings. Its score: {answer.worked_sum(result)}."))
for gap in gaps.of_thesis(case, tid, result.rank):
    st.info(literal(f"{vocabulary.GAP_HEADING}. {gap.sentence()}"), icon=":material/menu_book:")

if thesis.links:
    st.subheader("How it connects to other explanations", anchor=False)
    for link in thesis.links:
        text = f"{RELATIONS[link.relation].label.capitalize()}: {titles.get(link.thesis, link.thesis)}"
        st.page_link("explorer/ui/pages/thesis.py", label=literal(text), query_params={"thesis": link.thesis},
                     icon=":material/link:")
        if link.note:
            st.caption(literal(link.note))


def card(row) -> None:
    recorded = "" if row.home == tid else titles.get(row.home, row.home)
    label = STRENGTHS[row.strength].label
    if chosen.points[row.strength] == 0:
        label += " · counts for nothing in the weighing (see What a passage counts for)"
    evidence_card(row.ref, row.quote, case.source_name(row.source), row.source, label, row.note, recorded)


evidence = tables.evidence_on(case, tid, chosen)
st.subheader("The passages on it", anchor=False)
# One stance's cards at a time (a tab would hold every card hidden in the page, and its "show the others" with it)
how_many = {stance: int((evidence["stance"] == stance).sum()) for stance in STANCES}
st.segmented_control("Show the passages", list(STANCES), key="thesis_stance", default="supports", required=True,
                     format_func=lambda s: f"{STANCES[s].heading} ({how_many[s]})", label_visibility="collapsed")
stance = st.session_state.thesis_stance or "supports"
how = STANCES[stance]
rows = list(evidence[evidence["stance"] == stance].itertuples())
if not rows:
    st.write(f"No passage recorded in this case {how.label} this explanation.")
else:
    st.caption(literal(f"{how.heading}: {how.plain}. The strongest first."))
for row in rows[:CARDS]:
    card(row)
if len(rows) > CARDS:
    with st.expander(f"Show the other {len(rows) - CARDS} {how.heading.lower()} passages"):
        for row in rows[CARDS:]:
            card(row)

against = evidence[evidence["stance"].isin([name for name, how in STANCES.items() if how.against])]
if not against.empty:
    st.subheader("Sources that disagree", anchor=False)
    for sid, rows in against.groupby("source", sort=False):
        counts = rows["stance"].value_counts()
        said = ", ".join(f"{counts[stance]} {STANCES[stance].heading.lower()}" for stance in STANCES if stance in counts)
        st.markdown(f"- *{literal(case.source_name(sid))}*: {literal(said)}")

st.subheader("Passages the ranking turns on", anchor=False)
judged = tuple(j for j in ranking.judgements if j.thesis == tid)
mine = dataclasses.replace(ranking, pivotal=tuple(result.pivotal), judgements=judged)
points = answer.turning_points(mine, case)
turning_points(case, points, titles, key="show_turning_here", shown=TURNS, none=answer.turning_none(on_thesis=True),
               intro=answer.turning_intro(points, on_thesis=True))

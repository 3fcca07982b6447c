"""Thesis: one explanation, its evidence for and against, its links, rank and robustness."""

import pandas as pd
import streamlit as st

from explorer import brief, tables, weigh
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import evidence_card, figures, plain, thesis_chip
from explorer.vocabulary import RELATIONS, ROBUSTNESS, STANCES, STRENGTHS

case, problems = page.start()
chosen = settings.sidebar(case)
colours, titles = page.colours(case), page.titles(case)
ids = list(case.theses)
if not ids:
    st.info("This case has no theses yet.")
    st.stop()

page.url_param("thesis", ids)
st.selectbox("Explanation", ids, format_func=titles.get, key="thesis", on_change=page.sync("thesis"))
tid = st.session_state.thesis
page.write_param("thesis", tid)
thesis = case.theses[tid]

ranking = page.ranking(case, chosen)
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
shown = [("Rank on your settings", f"{result.rank} of {n}", ""), ("Score", f"{result.score:.2f}", ""),
         ("Share of the explanation", f"{result.share:.0%}", "")]
if result.rank_distribution is None:
    figures(shown)
else:
    low, high, _ = tables.rank_interval(pd.Series(result.rank_distribution))
    firsts = {kind: result.first(kind) for kind in ROBUSTNESS}
    weakest = min(firsts, key=firsts.get)
    figures(shown + [("Comes first, at its weakest", tables.percent(firsts[weakest]),
                      ROBUSTNESS[weakest].description)])
    st.caption(literal(
        "It comes first in " + ", ".join(f"{share:.0%} {ROBUSTNESS[kind].label}" for kind, share in firsts.items())
        + f" ({ranking.samples:,} samples each). In 90% of the settings drawn around yours it ranks between {low} "
        f"and {high}. Its score: support {result.parts['support']:+.2f}, corroboration "
        f"{result.parts['corroboration']:+.2f}, backing {result.parts['backing']:+.2f}, contestation "
        f"{result.parts['contestation']:+.2f}."))

if thesis.links:
    st.subheader("How it connects to other explanations", anchor=False)
    for link in thesis.links:
        text = f"{RELATIONS[link.relation].label.capitalize()}: {titles.get(link.thesis, link.thesis)}"
        st.page_link("explorer/ui/pages/thesis.py", label=literal(text), query_params={"thesis": link.thesis},
                     icon=":material/link:")
        if link.note:
            st.caption(literal(link.note))

evidence = tables.evidence_on(case, tid)
tabs = st.tabs([f"{how.heading} ({(evidence['stance'] == stance).sum()})" for stance, how in STANCES.items()])
for tab, stance in zip(tabs, STANCES):
    with tab:
        rows = evidence[evidence["stance"] == stance]
        if rows.empty:
            st.write(f"No passage recorded in this case {stance} this explanation.")
        for row in rows.itertuples():
            source = case.sources.get(row.source)
            recorded = "" if row.home == tid else titles.get(row.home, row.home)
            label = STRENGTHS[row.strength].label
            if chosen.points[row.strength] == 0:
                label += " · counts for nothing in the weighing (see What a passage counts for)"
            evidence_card(row.ref, row.quote, source.title if source else row.source, row.source, label, row.note,
                          recorded)

against = evidence[evidence["stance"].isin([name for name, how in STANCES.items() if how.against])]
if not against.empty:
    st.subheader("Sources that disagree", anchor=False)
    for sid, rows in against.groupby("source", sort=False):
        source = case.sources.get(sid)
        stances = ", ".join(f"{count} {stance}" for stance, count in rows["stance"].value_counts().items())
        st.markdown(f"- *{literal(source.title if source else sid)}*: {stances}")

names = {t.id: t.title for t in ranking.theses}
st.subheader("Pivotal passages and judgements", anchor=False)
judged = [j for j in ranking.judgements if j.thesis == tid]
for pivot in result.pivotal:
    st.markdown("- " + literal(f"{brief.opening(case, pivot.ref)} ({brief.source_title(case, pivot.source)}): "
                              f"without it, {weigh.changes_in_words(pivot.before, pivot.after, names)}"))
for judgement in judged:
    st.markdown("- " + literal(f"{brief.opening(case, judgement.ref)} ({brief.source_title(case, judgement.source)}): "
                              f"{judgement.reading}, {weigh.changes_in_words(judgement.before, judgement.after, names)}"))
if not result.pivotal and not judged:
    st.write("No single passage bearing on this explanation, and no single reading of one, changes the top of the "
             "ranking.")

"""Team briefs: for each explanation in play, its best evidence, what it will face, its rivals, the
passages that decide the debate, and cross-examination questions. Download as Markdown or a printable page.
Passages are named by their words and source, never by their reference."""

import streamlit as st

from explorer import brief, debate
from explorer.debate import Refused
from explorer.store import StoreError
from explorer.text import file_stem, literal
from explorer.ui import page, polls, settings
from explorer.ui.widgets import evidence_card, sentence
from explorer.vocabulary import STANCES, STRENGTHS

case, problems = page.start(room=st.query_params.get("room"))
chosen_settings = settings.sidebar(case)
titles = page.titles(case)
ids = list(case.theses)
st.title("Team briefs", anchor=False)

in_play = ids
code = st.query_params.get("room", "")
if code:
    try:
        setup = polls.store().room(code).setup
    except (Refused, StoreError) as err:
        said = polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err))
        st.warning(f"{said.rstrip('.')}. Showing briefs against every explanation instead.")
    else:
        in_play = [t for t in setup.theses if t in case.theses]
        st.caption(literal(f"For debate {code.upper()}: the explanations in play only."))
        missing = debate.names(setup, titles)
        for tid in debate.not_loaded(setup, case.theses):
            st.warning(literal(f"“{missing[tid]}” is in play, but its file has a problem, so it has no "
                               "brief and the others are weighed without it (see the Problems page)."), icon="⚠️")
if len(in_play) < 2:
    st.info("A brief needs at least two explanations.")
    st.stop()

page.url_param("thesis", in_play)
st.selectbox("Brief for the team defending", in_play, format_func=titles.get, key="thesis",
             on_change=page.sync("thesis"))
tid = st.session_state.thesis
page.write_param("thesis", tid)
made = brief.build(case, tid, [t for t in in_play if t != tid], chosen_settings.weights, chosen_settings.trust,
                   chosen_settings.points)

left, right = st.columns(2)
left.download_button("Download as Markdown", brief.to_markdown(made), file_name=f"brief-{file_stem(made.title)}.md",
                     mime="text/markdown", width="stretch", key="brief_md", on_click="ignore")
right.download_button("Download a printable page", brief.to_html(made), file_name=f"brief-{file_stem(made.title)}.html",
                      mime="text/html", width="stretch", key="brief_html", on_click="ignore")

st.header(literal(made.title), anchor=False)
st.markdown(f"**Your thesis.** {literal(made.statement)}")
st.caption(literal(f"Ranks {made.rank} of {made.of} among the explanations in play on your settings "
                   f"({made.share:.0%} of the explanation)."))
if made.proponents:
    st.markdown("Argued by " + "; ".join(literal(p) for p in made.proponents) + ".")

def cards(items) -> None:
    if not items:
        st.write("Nothing recorded.")
    for c in items:
        evidence_card(c.ref, c.quote, c.source_title, c.source,
                      f"{STANCES[c.stance].label} · {STRENGTHS[c.strength].label} · weight {c.weight:.2f}",
                      brief.note_of(c))


st.subheader("Your best evidence", anchor=False)
cards(made.best)
if made.background:
    with st.expander("Background for your thesis (sets the scene; counts for nothing in the weighing)"):
        cards(made.background)
st.subheader("What you will face", anchor=False)
cards(made.facing)
st.subheader("Your rivals", anchor=False)
for rival in made.rivals:
    with st.expander(literal(f"{rival.title} (ranked {rival.rank})")):
        st.markdown(literal(rival.statement))
        cards(rival.best)
st.subheader("The passages that decide this debate", anchor=False)
if made.defend or made.attack:
    st.write(f"{len(made.defend)} to defend and {len(made.attack)} to attack: taking one away changes the top of "
             "the ranking.")
    with st.expander("Show them"):
        for line in made.defend:
            st.markdown(f"- **Defend** {literal(line)}")
        for line in made.attack:
            st.markdown(f"- **Attack** {literal(line)}")
else:
    st.write("No single passage changes the top of the ranking among these explanations.")
if made.judgements:
    with st.expander(f"The ranking turns on how you read {len(made.judgements)} passages"):
        for line in made.judgements:
            st.markdown(f"- {literal(line)}")
for heading, questions in (("Cross-examination: questions to ask", made.questions_to_ask),
                           ("Questions to prepare for", made.questions_to_expect)):
    if questions:  # no heading over nothing
        st.subheader(heading, anchor=False)
        with st.expander(f"Show the {len(questions)} questions"):
            for n, q in enumerate(questions, 1):
                st.markdown(f"{n}\\. {literal(q)}")

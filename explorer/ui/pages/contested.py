"""Contested facts: where the sources disagree, one fact at a time, each source's reading side by side; the list of
facts beside it, which an explanation can narrow."""

import streamlit as st

from explorer import tables
from explorer.text import literal
from explorer.ui import audience, page
from explorer.ui.widgets import plain

case, problems = page.start()
titles = page.titles(case)
st.title("Contested facts", anchor=False)
st.write("Where the sources disagree on a point of fact, the explorer shows each reading rather than picking one. "
         "The note says what the wider scholarship holds, where that is well established. Pick a question to see "
         "what each source says.")
if not case.contested:
    st.info("This case records no contested facts.")
    audience.offer_workshop("fact", "contested facts")
    st.stop()

ALL = "all"
bearing = [t for t in case.theses if tables.facts_on(case, t)]
if bearing:
    page.url_param("facts_on", [ALL, *bearing], ALL)
    st.selectbox("Only the facts that bear on", [ALL, *bearing], key="facts_on", on_change=page.sync("facts_on", ALL),
                 format_func=lambda t: "Any explanation" if t == ALL else titles[t])
    on = st.session_state.facts_on
    page.write_param("facts_on", on, ALL)
else:
    on = ALL
facts = tables.facts_on(case, None if on == ALL else on)
by_id = {fact.id: fact for fact in facts}

listing, shown = st.columns([2, 3], gap="large")
with listing:
    page.url_param("fact", list(by_id), next(iter(by_id)))
    st.radio(f"{tables.count(len(facts), 'question')} the sources disagree on", list(by_id), key="fact",
             on_change=page.sync("fact"), format_func=lambda f: literal(by_id[f].question))
    fid = st.session_state.fact
    page.write_param("fact", fid)
fact = by_id[fid]

with shown:
    st.subheader(literal(fact.question), anchor=False)
    for reading in fact.readings:
        with st.container(border=True):
            says = reading.says.strip()
            st.markdown(f"**{literal(says[:1].upper() + says[1:])}**")
            st.markdown("> " + literal(reading.quote.strip()))
            st.caption(literal(case.source_name(reading.source)))
    if fact.scholarship:
        with st.container(border=True):
            st.markdown("**What the scholarship says**")
            plain(" ".join(fact.scholarship.split()))
    if fact.theses:
        st.caption(literal("Bears on: " + ", ".join(titles.get(t, t) for t in fact.theses)))

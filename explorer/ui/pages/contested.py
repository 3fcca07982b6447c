"""Contested facts: where the sources disagree, each source's reading side by side."""

import streamlit as st

from explorer.text import literal
from explorer.ui import page
from explorer.ui.widgets import plain

case, problems = page.start()
titles = page.titles(case)
st.title("Contested facts", anchor=False)
st.write("Where the sources disagree on a point of fact, the explorer shows each reading rather than picking one. "
         "The note says what the wider scholarship holds, where that is well established.")
if not case.contested:
    st.info("This case records no contested facts.")
    st.stop()

for fact in case.contested:
    st.subheader(literal(fact.question), anchor=False)
    columns = st.columns(min(3, len(fact.readings)))
    for i, reading in enumerate(fact.readings):
        with columns[i % len(columns)], st.container(border=True):
            source = case.sources[reading.source].title if reading.source in case.sources else reading.source
            says = reading.says.strip()
            st.caption(literal(source))
            st.markdown(f"**{literal(says[:1].upper() + says[1:])}**")
            st.markdown("> " + literal(reading.quote.strip()))
    if fact.scholarship:
        with st.container(border=True):
            st.markdown("**What the scholarship says**")
            plain(" ".join(fact.scholarship.split()))
    if fact.theses:
        st.caption(literal("Bears on: " + ", ".join(titles.get(t, t) for t in fact.theses)))
    st.divider()

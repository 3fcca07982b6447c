"""Timeline: the case's dated events, coloured by the explanations they bear on."""

import streamlit as st

from explorer import charts, tables
from explorer.model import shown_date
from explorer.text import literal, plural
from explorer.ui import audience, page
from explorer.ui.widgets import chart

case, problems = page.start()
colours, titles = page.colours(case, case), page.titles(case)
st.title("Timeline", anchor=False)
events = tables.timeline(case)
if events.empty:
    st.info("This case has no dated events yet.")
    audience.offer_workshop("event", "dated events")
    st.stop()

options = ["all"] + list(case.theses)
page.url_param("thesis", options, "all")
st.selectbox("The events of one explanation", options, key="thesis", on_change=page.sync("thesis", "all"),
             format_func=lambda t: "All explanations" if t == "all" else titles[t])
chosen = st.session_state.thesis
page.write_param("thesis", chosen, "all")
highlight = None if chosen == "all" else chosen
st.caption(literal(f"{plural(len(events), 'event')} from {shown_date(events['date'].iloc[0])} to "
                   f"{shown_date(events['date'].iloc[-1])}.") + " An event "
           "that bears on several explanations appears in each of their rows. Hover over a point for the passage that "
           "dates it.")
chart(charts.timeline(events, titles, colours, highlight),
      tables.timeline_table(events, titles, page.source_titles(case)), "timeline_chart",
      "The dated events on a time line, one row for each explanation they bear on")

shown = tables.events_of(events, highlight)


def listed() -> None:
    for row in shown.itertuples():
        with st.container(border=True):
            st.markdown(f"**{literal(shown_date(row.date))}** · {literal(row.title)}")
            st.markdown("> " + literal(row.quote.strip()))
            linked = ", ".join(titles.get(t, t) for t in row.theses) or "no explanation"
            source = case.source_name(row.source)
            note = f"{source} · bears on: {linked}"
            if row.disputed:
                note += " · the sources disagree about this" + (f" (“{row.question.strip()}”)" if row.question else "")
                note += ": see Contested facts"
            st.caption(literal(note))


# The whole list is long (a card an event): one explanation's events are listed under the chart; all of them
# wait in an expander, so that the page stays short until a reader asks for them.
if highlight is None:
    st.caption("Choose an explanation above to list its events here, each with the passage that dates it.")
    with st.expander(f"Read all {len(shown)} events, each with the passage that dates it"):
        listed()
elif shown.empty:
    st.write(literal(f"No dated event in this case bears on “{titles[highlight]}”."))
else:
    st.subheader(literal(f"{tables.count(len(shown), 'event')} of “{titles[highlight]}”"), anchor=False)
    listed()

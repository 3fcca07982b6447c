"""Class perspectives, the console's companion: the lesson's record (explorer/classroom/lesson.py's `report`, as it prints):
what the students' own weighings give, beside the engine on its default settings; where the class disagrees; the
passages that decide between the class's top two; what changed during the debate; and the lesson's downloads.

Its tables are st.table: they wrap their text and take the width of the page, so that a projector's 1280 px shows
every column (a st.dataframe keeps each cell on one line and scrolls to the right)."""

import pandas as pd
import streamlit as st

from explorer import charts
from explorer.classroom import debate, lesson
from explorer.classroom.debate import PHASE_NAMES, PHASES, Refused
from explorer.classroom.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls, printed, record
from explorer.ui.widgets import chart, sentence

case, problems = page.start(room=st.query_params.get("room"))
store = polls.store()
st.title("Class perspectives", anchor=False)

code = st.query_params.get("room", "")
if not code:
    entered = st.text_input("Room code", max_chars=12, key="perspectives_code")
    if st.button("Open", key="perspectives_open") and entered:
        st.query_params["room"] = entered.strip().upper()
        st.rerun()
    st.stop()
try:
    room = store.room(code)
    key = polls.moderator_key(store, room.code)  # this session's, or the one this browser remembers
    is_moderator = bool(key) and store.is_moderator(room.code, key)
except (Refused, StoreError) as err:
    st.error(polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err)))
    st.stop()
code = room.code
st.page_link("explorer/ui/pages/moderate.py", label="Back to the moderator's console", icon=":material/podium:",
             query_params={"room": code})
if not is_moderator:
    polls.unlock(store, code, "The class's perspectives are for the moderator. Enter the moderator key of this "
                 "debate.", "perspectives_key", "perspectives_unlock")

titles = {**page.titles(case), **debate.names(room.setup, page.titles(case))}
playing = case.only(room.setup.theses)
name = lambda t: titles.get(t, t)
st.caption(literal(f"Debate {code}. Students send their own weighing at the address of the poll, on the page "
                   "“Weigh the evidence yourself” (…/weigh?room=" + code + ")."))


@st.fragment(run_every=5)
def show() -> None:
    try:
        sent = {p: store.sent_perspectives(code, p) for p in PHASES}
        cast = {p: store.cast_ballots(code, p) for p in PHASES}
    except StoreError as err:
        st.error(polls.explain(err))
        return
    st.markdown(" · ".join(f"{PHASE_NAMES[p]}: **{len(sent[p])}** weighing{'s' if len(sent[p]) != 1 else ''}"
                           for p in PHASES))
    if len(playing.theses) < 2:
        st.warning("Fewer than two of this debate's explanations load now: the engine cannot rank them.")
        record.downloads(playing, room, titles, sent, cast, key)
        return
    got = lesson.results(playing, sent)
    if got.latest is None:
        st.caption("No weighing yet. Open a poll; students send theirs on the page “Weigh the evidence yourself”.")
        record.downloads(playing, room, titles, sent, cast, key)
        return
    ballots = {p: [b for _, b in rows] for p, rows in cast.items()}
    written = lesson.report(code, playing, room.setup, titles, ballots, sent, secret=key)
    for part in written.parts:  # the lesson's record, as it prints; the chart of firsts beside the class's places
        if part.heading == lesson.VOTES:
            continue  # the console shows the votes
        if part.heading == lesson.EACH:
            with st.expander(part.heading):
                printed.show_part(part, heading=False)
            continue
        printed.show_part(part)
        if part.heading == lesson.BESIDE:
            firsts_chart(got)
    st.caption(literal(written.footer))
    record.downloads(playing, room, titles, sent, cast, key)


def firsts_chart(got: lesson.Results) -> None:
    """How many students put each explanation first, before and after (whole students on the axis)."""
    firsts = {p: got.phases[p].firsts for p in PHASES if p in got.phases}
    sizes = {got.phases[p].count for p in firsts}
    if len(sizes) > 1:  # polls of different sizes compare as shares of each poll's students, not as counts
        firsts = {p: {t: round(100 * n / got.phases[p].count, 1) for t, n in f.items()} for p, f in firsts.items()}
        figure = charts.poll_results(firsts, titles, "% of the poll's students who put it first")
    else:
        figure = charts.poll_results(firsts, titles, "students who put it first", whole=True)
    chart(figure,
          pd.DataFrame({"Explanation": [name(t) for t in got.theses],
                        **{PHASE_NAMES[p]: [f[t] for t in got.theses] for p, f in firsts.items()}}),
          key="firsts_chart", alt="How many students put each explanation first, before and after the debate (as a "
                                  "share of each poll's students when the polls differ in size)")


show()

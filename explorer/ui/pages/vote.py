"""Join the class poll: enter the code (or follow the link), then vote before and after the debate.
Made for phones: one column, large controls, no names asked."""

import streamlit as st

from explorer.classroom import debate
from explorer.classroom.debate import PHASE_NAMES, POINTS_TOTAL, Refused
from explorer.classroom.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls
from explorer.ui.widgets import sentence

polls.recover_by_itself()  # first: a phone that loses its server, or a script of its page, recovers by itself
case, problems = page.start(room=st.query_params.get("room"))
store = polls.store()
me = polls.participant()

st.title("Class poll", anchor=False)
code = polls.code_box("join_code", "join")
try:
    room = store.room(code)
    st.session_state["poll_room"] = room  # kept so that a failing store does not empty a ballot being written
except Refused as err:
    st.error(literal(sentence(err)))
    if st.button("Enter another code", key="other_code"):
        del st.query_params["room"]
        st.rerun()
    st.stop()
except StoreError as err:
    room = st.session_state.get("poll_room")
    st.error(polls.explain(err, voting=room is not None and room.code == code, student=True))
    if room is None or room.code != code:
        st.button("Try again", key="store_retry", width="stretch")
        st.stop()

titles = debate.names(room.setup, page.titles(case))
st.caption(f"Debate {room.code} · your vote is anonymous")
phase = debate.open_phase(room.state)
if phase is None:
    st.info(debate.waiting_words(room.state))
    st.button("Check again", key="check_again", width="stretch")
    st.stop()

st.subheader(PHASE_NAMES[phase], anchor=False)
try:
    mine = store.ballot_of(room.code, phase, me)
except StoreError:
    mine = None  # already said above, or said when the vote is sent
teams = {team.thesis: team.name for team in room.setup.teams}


def plain_label(thesis: str) -> str:
    """The explanation and its team, as the words they are."""
    team = teams.get(thesis)
    return f"{titles.get(thesis, thesis)} ({team})" if team else titles.get(thesis, thesis)


def label(thesis: str) -> str:
    """The same as Markdown that reads as text: team names are typed by people (radio options read Markdown)."""
    return literal(plain_label(thesis))


if room.setup.poll == "pick":
    st.write("Which explanation convinces you most?")
    current = next(iter(mine), None) if mine else None
    choice = st.radio("Your choice", room.setup.theses, index=room.setup.theses.index(current) if current else None,
                      format_func=label, key=f"pick_{phase}", label_visibility="collapsed")
    ballot = {choice: 1} if choice else {}
else:
    st.write(f"Causes can act together: share {POINTS_TOTAL} points across the explanations.")
    ballot = {}
    for thesis in room.setup.theses:
        start = int((mine or {}).get(thesis, 0))
        # The box's name for a screen reader is its label as given, so it gets the plain words (Markdown's escapes
        # would be read out: "\\(Team A\\)"); the words on screen are the escaped Markdown above it.
        st.markdown(label(thesis))
        ballot[thesis] = st.number_input(plain_label(thesis), min_value=0, max_value=POINTS_TOTAL, step=5,
                                         value=start, key=f"points_{phase}_{thesis}", label_visibility="collapsed")
    total = sum(ballot.values())
    (st.success if total == POINTS_TOTAL else st.warning)(f"{total} of {POINTS_TOTAL} points shared")

if st.button("Send my vote" if not mine else "Change my vote", type="primary", key="send_vote", width="stretch"):
    try:
        store.cast(room.code, phase, me, ballot)
    except Refused as err:
        st.error(literal(sentence(err)))
    except StoreError as err:
        st.error(polls.explain(err, voting=True, student=True))
    else:
        st.success("Your vote is recorded. You can change it until the poll closes.")
elif mine:
    st.caption("Your vote is recorded; you can change it until the poll closes.")
st.page_link("explorer/ui/pages/perspective.py", label="Weigh the evidence yourself: your own ranking beside the class's",
             icon=":material/tune:", query_params={"room": room.code})
st.markdown("<br>", unsafe_allow_html=True)
st.caption(literal("Teams: " + " · ".join(t.name for t in room.setup.teams)))

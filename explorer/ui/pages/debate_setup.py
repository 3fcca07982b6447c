"""Set up a class debate: the explanations in play, the teams, the rounds and the kind of poll."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from explorer import weigh
from explorer.classroom.debate import DEFAULT_ROUNDS, Refused, Round, Setup, Team, check_setup
from explorer.classroom.store import StoreError
from explorer.text import literal
from explorer.ui import case as chosen_case
from explorer.ui import page, polls
from explorer.ui.widgets import sentence

case, problems = page.start()
case, _question = page.asked(case)
titles = page.titles(case)
st.title("Set up a class debate", anchor=False)
st.write("Choose the explanations the class will argue over, name a team for each, set the rounds, and create "
         "a room. Students join with a short code (or the QR code) on their phones; nobody needs an account.")

ids = list(case.theses)
if len(ids) < 2:
    st.info("A debate needs at least two explanations; this case has fewer.")
    st.stop()
leading = [t.id for t in weigh.weigh(case, samples=0).theses[:3]]
chosen = st.multiselect("Explanations in play (two to six)", ids, default=leading, max_selections=6,
                        format_func=titles.get, key="debate_theses")

st.subheader("Teams", anchor=False)
teams = []
for n, tid in enumerate(chosen):
    # a box keyed by the explanation keeps what the teacher typed; a name the teacher never touched follows the
    # box's place (Team A, B, C...), so that a changed choice never leaves two teams with the same default name
    key, given, default = f"team_{tid}", f"team_default_{tid}", f"Team {chr(65 + n)}" if n < 26 else f"Team {n + 1}"
    if st.session_state.get(key) in (None, st.session_state.get(given)):
        st.session_state[key] = default
    st.session_state[given] = default
    name = st.text_input(f"Team defending “{literal(titles[tid])}”", max_chars=40, key=key)
    teams.append((name, tid))

st.subheader("Rounds", anchor=False)
st.caption("In each round every team speaks in turn, each for the round's minutes with its own clock; the console "
           "sets who speaks first (by default a different team opens each round).")
rounds = st.data_editor(
    pd.DataFrame(DEFAULT_ROUNDS, columns=["Round", "Minutes"]), num_rows="dynamic", hide_index=True,
    key="debate_rounds", width="stretch",
    column_config={"Minutes": st.column_config.NumberColumn("Minutes per team", min_value=0.5, max_value=60,
                                                            step=0.5)},
)
poll = st.radio("How the class votes, before and after the debate", ["pick", "points"], horizontal=True,
                key="debate_poll", format_func={"pick": "Pick the most convincing explanation",
                                                "points": "Share 100 points across the explanations"}.get)

if st.button("Create the debate room", type="primary", key="create_room"):
    try:
        setup = Setup(
            theses=chosen,
            teams=[Team(name=name, thesis=tid) for name, tid in teams],
            rounds=[Round(name=str(r.Round).strip(), minutes=float(r.Minutes)) for r in rounds.itertuples()
                    if str(r.Round or "").strip() and r.Minutes == r.Minutes],
            poll=poll,
            titles={tid: titles[tid] for tid in chosen},
            case=chosen_case.chosen().name,
        )
        check_setup(setup, case.theses)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        words = {"theses": "Choose two to six explanations.", "rounds": "Give at least one round with a length.",
                 "teams": "Every explanation in play needs a team."}
        st.error(words.get(str(first["loc"][0]), f"{where}: {first['msg']}"))
    except Refused as err:
        st.error(literal(sentence(err)))
    else:
        try:
            code, key = polls.store().create_room(setup)
        except StoreError as err:
            st.error(f"The debate room could not be created. {polls.explain(err).rstrip('.')}. Your choices are "
                     "kept: press the button again.")
        else:
            polls.moderator_keys()[code] = key
            st.session_state["created_room"] = code

created = st.session_state.get("created_room")
if created and created in polls.moderator_keys():
    st.success(f"The debate room is ready. Join code: {created}")
    st.write("Your moderator key, shown only here. Write it down to take the console back on another device or "
             "after a restart (small or capital letters, with or without the dashes, both work):")
    st.code(polls.moderator_keys()[created], language=None)
    st.page_link("explorer/ui/pages/moderate.py", label="Open the moderator's console", icon=":material/podium:",
                 query_params={"room": created})
    st.page_link("explorer/ui/pages/briefs.py", label="Print all the team briefs (one for each team)",
                 icon=":material/print:", query_params={"room": created})

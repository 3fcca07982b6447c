"""The moderator's console: the join code and QR code, the round and its clock, the poll, live results."""

import html
import time

import streamlit as st

from explorer import debate
from explorer.debate import PHASE_NAMES, PHASES, Refused
from explorer.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls
from explorer.ui.widgets import sentence

case, problems = page.start(room=st.query_params.get("room"))
titles, colours = page.titles(case), page.colours(case)
store = polls.store()
keys = polls.moderator_keys()

code = st.query_params.get("room", "")
if not code:
    st.title("Moderator's console", anchor=False)
    entered = st.text_input("Room code", max_chars=12, key="console_code")
    if st.button("Open", key="console_open") and entered:
        st.query_params["room"] = entered.strip().upper()
        st.rerun()
    st.page_link("explorer/ui/pages/debate_setup.py", label="Or set up a new debate", icon=":material/add:")
    st.stop()
try:
    room = store.room(code)
    key = keys.get(room.code, "")
    is_moderator = bool(key) and store.is_moderator(room.code, key)
except (Refused, StoreError) as err:
    st.title("Moderator's console", anchor=False)
    st.error(polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err)))
    if isinstance(err, StoreError):
        st.button("Try again", key="store_retry")
    st.stop()
code = room.code
titles = {**titles, **debate.names(room.setup, titles)}
in_play_now = [t for t in room.setup.theses if t in case.theses]

for missing in debate.not_loaded(room.setup, case.theses):
    st.warning(literal(f"“{titles[missing]}” is in play, but its file has a problem. The poll goes on "
                      "under its name; the evidence engine leaves it out until the file is fixed (see the Problems "
                      "page)."), icon="⚠️")
link = polls.join_link(code)
left, right = st.columns([1, 1], gap="large")
with left:
    st.html(f"<div style='font-size:1.6rem'>Join at <b>{html.escape(link.split('//')[1].split('/')[0])}/vote</b> "
            f"with the code</div><div style='font-size:5.5rem;font-weight:800;letter-spacing:0.15em;"
            f"line-height:1.1'>{html.escape(code)}</div>")
    st.image(polls.qr_png(link), width=330, caption=link, alt="QR code of the join address written below it")
    if polls.is_local(link):
        st.warning("This address only works on this computer. For phones on the class network, start the app "
                   "with `streamlit run app.py --server.address 0.0.0.0` and open it at this laptop's network "
                   "address.")
with right:
    st.subheader("Teams", anchor=False)
    for team in room.setup.teams:
        st.markdown(f"**{literal(team.name)}** defends *{literal(titles.get(team.thesis, team.thesis))}*")


@st.fragment(run_every=1)
def show_clock() -> None:
    """The round and its countdown; it ticks by itself every second."""
    try:
        current = store.room(code)
    except (Refused, StoreError) as err:
        st.caption(f"The clock cannot be read just now: {str(err).rstrip('.')}.")
        return
    rnd = current.setup.rounds[current.state.round]
    left_s = debate.remaining(current.setup, current.state, time.time())
    colour = "#b2182b" if left_s < 0 else ("#e08214" if left_s < 30 else "#1f1f1f")
    status = "running" if current.state.running_since is not None else "paused"
    st.html(
        f"<div style='font-size:1.4rem'>Round {current.state.round + 1} of {len(current.setup.rounds)}: "
        f"<b>{html.escape(rnd.name)}</b> ({status})</div>"
        f"<div style='font-size:6rem;font-weight:800;color:{colour};line-height:1.1'>{debate.clock(left_s)}</div>")


with right:
    show_clock()


def act(change) -> None:
    try:
        store.update(code, key, change)
    except Refused as err:
        st.session_state["console_error"] = sentence(err)
    except StoreError as err:
        st.session_state["console_error"] = polls.explain(err)


if not is_moderator:
    polls.unlock(store, code, "You are watching this debate. To run it, enter the moderator key you were given when "
                 "it was created.", "console_key", "console_unlock", label="Unlock the console")

st.divider()
controls = st.columns(4)
try:
    state = store.room(code).state
except (Refused, StoreError):
    state = room.state  # read a moment ago; the live results below say what is wrong
controls[0].button("◀ Previous round", key="prev_round", disabled=state.round == 0, width="stretch",
                   on_click=act, args=(lambda s, now: debate.go_to_round(s, now, now.round - 1),))
running = state.running_since is not None
controls[1].button("Pause the clock" if running else "Start the clock", key="toggle_clock", type="primary",
                   width="stretch", on_click=act,
                   args=((lambda s, now: debate.pause(now, time.time())) if running
                         else (lambda s, now: debate.start(now, time.time())),))
controls[2].button("Next round ▶", key="next_round", disabled=state.round >= len(room.setup.rounds) - 1,
                   width="stretch", on_click=act, args=(lambda s, now: debate.go_to_round(s, now, now.round + 1),))
with controls[3]:
    st.caption(f"Poll: {'pick one' if room.setup.poll == 'pick' else 'share 100 points'}")

phase_cols = st.columns(len(PHASES))
for column, phase in zip(phase_cols, PHASES):
    status = state.phases[phase]
    with column:
        st.markdown(f"**{PHASE_NAMES[phase]}**: {'open' if status == 'open' else status}")
        if status != "open":
            column.button(f"Open “{PHASE_NAMES[phase]}”", key=f"open_{phase}", width="stretch", on_click=act,
                          args=(lambda s, now, p=phase: debate.set_phase(now, p, "open"),))
        else:
            column.button(f"Close “{PHASE_NAMES[phase]}”", key=f"close_{phase}", width="stretch", on_click=act,
                          args=(lambda s, now, p=phase: debate.set_phase(now, p, "closed"),))
if "console_error" in st.session_state:
    st.error(literal(st.session_state.pop("console_error")))


@st.fragment(run_every=2)
def show_results() -> None:
    """Live counts, and once both polls have ballots, the shift and the class beside the engine."""
    st.subheader("Live results", anchor=False)
    if store.trouble:
        st.error(f"The last vote or change could not be saved. {sentence(store.trouble).rstrip('.')}.")
    try:
        current = store.room(code)
        key = polls.changes_key(store, code)
        ballots = polls.live_ballots(store, code, key)
    except (Refused, StoreError) as err:
        st.error(polls.explain(err) if isinstance(err, StoreError) else sentence(err))
        return
    counts = {p: len(ballots[p]) for p in PHASES}
    tallies = {p: debate.tally(current.setup, cast) for p, cast in ballots.items() if cast}
    unit = "votes" if current.setup.poll == "pick" else "average points"
    st.markdown(" · ".join(f"{PHASE_NAMES[p]}: **{counts[p]}** ballot{'s' if counts[p] != 1 else ''}"
                           for p in PHASES))
    if not tallies:
        st.caption("No ballots yet. Open a poll, and students vote at the join address.")
        return
    st.plotly_chart(polls.poll_figure(code, key, unit, titles, tallies), width="stretch", key="poll_chart")
    if counts["before"] and counts["after"]:
        moved = debate.shift(tallies["before"], tallies["after"])
        st.markdown("**Shift from before to after:** " + ", ".join(
            f"{literal(titles[t])} {v:+.0f}" for t, v in sorted(moved.items(), key=lambda kv: -kv[1])))
    latest = tallies.get("after") or tallies["before"]
    total = sum(latest.values()) or 1.0
    class_shares = {t: v / total for t, v in latest.items()}
    if not in_play_now:
        return
    engine = polls.engine_shares(case, in_play_now)
    st.plotly_chart(polls.class_engine_figure(tuple(class_shares.items()), tuple(engine.items()), titles, colours),
                    width="stretch", key="class_engine_chart")
    st.caption("The class's weighting (its latest poll) beside the evidence engine's shares among these "
               "explanations, on the default settings.")


show_results()
st.page_link("explorer/ui/pages/class_view.py", label="Class perspectives: the students' own weighing", icon=":material/diversity_3:", query_params={"room": code})


def results_csv() -> str | None:
    try:
        return debate.results_csv(code, room.setup, titles, polls.live_ballots(store, code, polls.changes_key(store, code)))
    except StoreError:
        return None  # the live results say what is wrong


exported = results_csv()
if exported is not None:
    st.download_button("Download the results (CSV)", exported, file_name=f"debate-{code}-results.csv",
                       mime="text/csv", key="results_csv", on_click="ignore",
                       help="Both polls as they stand when this page last ran: one row per poll and explanation.")

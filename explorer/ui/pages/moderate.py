"""The moderator's console, made for the projector: on one 1280x720 screen, without the app's menu, the join code
and QR code, the round, whose turn it is and its clock, the speaking order, and the polls' controls; a poll's
results stay hidden until it closes, unless the teacher shows them. The rest (the class beside the engine, the
downloads, the links) follows below."""

import html
import time

import streamlit as st

from explorer.classroom import debate
from explorer.classroom.debate import PHASE_NAMES, PHASES, Refused
from explorer.classroom.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls, record
from explorer.ui.widgets import sentence

case, problems = page.start(room=st.query_params.get("room"))
titles, colours = page.titles(case), page.colours(case, case)
store = polls.store()

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
    key = polls.moderator_key(store, room.code)
    is_moderator = bool(key)
except (Refused, StoreError) as err:
    st.title("Moderator's console", anchor=False)
    st.error(polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err)))
    if isinstance(err, StoreError):
        st.button("Try again", key="store_retry")
    st.stop()
code = room.code
titles = {**titles, **debate.names(room.setup, titles)}
in_play_now = [t for t in room.setup.theses if t in case.theses]
projector = st.query_params.get("menu") != "1"
if projector:  # the whole screen for the class: no menu, no toolbar, little margin
    st.html("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
            "header[data-testid='stHeader']{display:none}"
            "[data-testid='stMainBlockContainer']{padding:0.6rem 1.4rem 1rem;max-width:none}"
            "[data-testid='stMain'] [data-testid='stVerticalBlock']{gap:0.45rem}</style>")
if is_moderator:
    polls.remember_in_browser(code, key)  # a reload, a second tab or Class perspectives will not ask again

for missing in debate.not_loaded(room.setup, case.theses):
    st.warning(literal(f"“{titles[missing]}” is in play, but its file has a problem. The poll goes on "
                      "under its name; the evidence engine leaves it out until the file is fixed (see the Problems "
                      "page)."), icon="⚠️")


def act(change) -> None:
    try:
        store.update(code, key, change)
    except Refused as err:
        st.session_state["console_error"] = sentence(err)
    except StoreError as err:
        st.session_state["console_error"] = polls.explain(err)


link = polls.join_link(code)
join, talk, poll = st.columns([1.0, 1.15, 1.1], gap="medium")
with join:
    host = link.split("//")[1].split("/")[0]
    st.html(f"<div style='font-size:1.35rem;line-height:1.3'>Join at <b>{html.escape(host)}/vote</b> with the code"
            f"</div><div style='font-size:4.2rem;font-weight:800;letter-spacing:0.12em;line-height:1.05'>"
            f"{html.escape(code)}</div>")
    st.image(polls.qr_png(link), width=250, alt=f"QR code of the join address, {link}")
    if polls.is_local(link):
        st.caption("This address works only on this laptop. For the class's phones, start the class server with "
                   "the command make class, and open the console at the Network URL it prints.")


@st.fragment(run_every=1)
def show_clock() -> None:
    """The round, whose turn it is and its countdown, and the speaking order: it ticks by itself every second."""
    try:
        current = store.room(code)
    except (Refused, StoreError) as err:
        st.caption(f"The clock cannot be read just now: {str(err).rstrip('.')}.")
        return
    setup, state = current.setup, current.state
    now = time.time()
    left_s = debate.remaining(setup, state, now)
    colour = "#b2182b" if left_s < 0 else ("#a65200" if left_s < 30 else "#1f1f1f")
    turns = debate.turns(setup, state, now)
    speaking = turns[state.turn]
    status = "running" if state.running_since is not None else "paused"
    rows = "".join(
        f"<li style='display:flex;justify-content:space-between;gap:0.6rem;padding:0.15rem 0.4rem;"
        f"border-radius:0.3rem;{'background:#e8f0fb;font-weight:700' if t.status == 'speaking' else ''}'>"
        f"<span>{n}. {html.escape(t.team)} <span style='font-weight:400;font-size:0.9rem;color:#444'>"
        f"{html.escape(titles.get(t.thesis, t.thesis))}</span></span>"
        f"<span style='white-space:nowrap;font-variant-numeric:tabular-nums'>"
        f"{'speaking' if t.status == 'speaking' else ('done, ' if t.status == 'done' else '')}"
        f"{'' if t.status == 'speaking' else debate.clock(t.left)}</span></li>"
        for n, t in enumerate(turns, start=1))
    st.html(
        f"<div style='font-size:1.2rem'>Round {state.round + 1} of {len(setup.rounds)}: "
        f"<b>{html.escape(setup.rounds[state.round].name)}</b></div>"
        f"<div style='font-size:1.5rem;font-weight:700'>{html.escape(speaking.team)} speaks ({status})</div>"
        f"<div role='timer' aria-label='Time left for {html.escape(speaking.team)}' "
        f"style='font-size:4.6rem;font-weight:800;color:{colour};line-height:1.05'>{debate.clock(left_s)}</div>"
        f"<div style='font-size:1rem;margin-top:0.2rem'>Speaking order, {setup.rounds[state.round].minutes:g} "
        f"min each:</div><ol style='list-style:none;padding:0;margin:0.1rem 0;font-size:1.05rem'>{rows}</ol>")


with talk:
    show_clock()

try:
    state = store.room(code).state
except (Refused, StoreError):
    state = room.state  # read a moment ago; the results below say what is wrong

with poll:
    if not is_moderator:
        polls.unlock(store, code, "You are watching this debate. To run it, enter the moderator key you were given "
                     "when it was created.", "console_key", "console_unlock", label="Unlock the console")
    st.html("<div style='font-size:1.2rem;font-weight:700'>Polls</div>")
    for phase in PHASES:
        status = state.phases[phase]
        words = {"waiting": "not open yet", "open": "open", "closed": "closed"}[status]
        st.markdown(f"**{PHASE_NAMES[phase]}**: {words}")
        buttons = st.columns([1, 1])
        if status != "open":
            buttons[0].button(f"Open “{PHASE_NAMES[phase]}”", key=f"open_{phase}", width="stretch", on_click=act,
                              args=(lambda s, now, p=phase: debate.set_phase(now, p, "open"),))
        else:
            buttons[0].button(f"Close “{PHASE_NAMES[phase]}”", key=f"close_{phase}", width="stretch", type="primary",
                              on_click=act, args=(lambda s, now, p=phase: debate.set_phase(now, p, "closed"),))
            shown = phase in state.revealed
            buttons[1].button("Hide the results" if shown else "Show the results now", key=f"reveal_{phase}",
                              width="stretch", on_click=act,
                              args=(lambda s, now, p=phase, v=not shown: debate.reveal(now, p, v),))

with talk:
    controls = st.columns([1, 1.25, 1])
    running = state.running_since is not None
    controls[0].button("◀ Back", key="prev_turn", disabled=debate.is_first_turn(state), width="stretch",
                       help="The team before (or the last turn of the round before)", on_click=act,
                       args=(lambda s, now: debate.previous_turn(s, now, time.time()),))
    controls[1].button("Pause the clock" if running else "Start the clock", key="toggle_clock", type="primary",
                       width="stretch", on_click=act,
                       args=((lambda s, now: debate.pause(now, time.time())) if running
                             else (lambda s, now: debate.start(now, time.time())),))
    controls[2].button("Next ▶", key="next_turn", disabled=debate.is_last_turn(room.setup, state), width="stretch",
                       help="The next team (after the last, the next round's first)", on_click=act,
                       args=(lambda s, now: debate.next_turn(s, now, time.time()),))
    with st.popover("Change the speaking order", width="stretch"):
        order = debate.speaking_order(room.setup, state)
        names = [t.name for t in room.setup.teams]
        picked = st.multiselect("This round's order: choose the teams in the order they speak", names,
                                default=[names[i] for i in order], key=f"order_{state.round}")
        if st.button("Use this order", key="set_order", disabled=len(picked) != len(names)):
            chosen = [names.index(n) for n in picked]
            act(lambda s, now, r=state.round: debate.set_order(s, now, r, chosen))
            st.rerun()


@st.fragment(run_every=2)
def show_results() -> None:
    """The ballots counted; each poll's results once it closes (or when the teacher shows them)."""
    if store.trouble:
        st.error(f"The last vote or change could not be saved. {sentence(store.trouble).rstrip('.')}.")
    try:
        current = store.room(code)
        changes = polls.changes_key(store, code)
        ballots = polls.live_ballots(store, code, changes)
    except (Refused, StoreError) as err:
        st.error(polls.explain(err) if isinstance(err, StoreError) else sentence(err))
        return
    counts = {p: len(ballots[p]) for p in PHASES}
    shown = [p for p in PHASES if debate.results_shown(current.state, p) and ballots[p]]
    tallies = {p: debate.tally(current.setup, ballots[p]) for p in shown}
    unit = "votes" if current.setup.poll == "pick" else "average points"
    st.markdown(" · ".join(f"{PHASE_NAMES[p]}: **{counts[p]}** ballot{'s' if counts[p] != 1 else ''}"
                           for p in PHASES))
    hidden = [p for p in PHASES if current.state.phases[p] == "open" and p not in shown]
    if hidden:
        st.caption("Results hidden while the poll is open, so that later votes are not swayed by earlier ones. "
                   "They show when you close it.")
    if not tallies:
        if not any(counts.values()):
            st.caption("No ballots yet. Open a poll, and students vote at the join address.")
        return
    figure = polls.poll_figure(code, (changes, tuple(shown)), unit, titles, tallies)
    st.plotly_chart(figure, width="stretch", key="poll_chart", config={"displayModeBar": False})


with poll:
    if "console_error" in st.session_state:  # what a button could not do, beside the buttons
        st.error(literal(st.session_state.pop("console_error")))
    show_results()

st.divider()


@st.fragment(run_every=2)
def show_comparison() -> None:
    """Below the first screen, once results show: the shift from before to after, and the class beside the engine."""
    try:
        current = store.room(code)
        ballots = polls.live_ballots(store, code, polls.changes_key(store, code))
    except (Refused, StoreError):
        return  # the results above say what is wrong
    tallies = {p: debate.tally(current.setup, ballots[p]) for p in PHASES
               if debate.results_shown(current.state, p) and ballots[p]}
    if "before" in tallies and "after" in tallies:
        moved = debate.shift(tallies["before"], tallies["after"])
        st.markdown("**Shift from before to after:** " + ", ".join(
            f"{literal(titles[t])} {v:+.0f}" for t, v in sorted(moved.items(), key=lambda kv: -kv[1])))
    latest = tallies.get("after") or tallies.get("before")
    if not latest or not in_play_now:
        return
    total = sum(latest.values()) or 1.0
    class_shares = {t: v / total for t, v in latest.items()}
    engine = polls.engine_shares(case, in_play_now)
    st.plotly_chart(polls.class_engine_figure(tuple(class_shares.items()), tuple(engine.items()), titles, colours),
                    width="stretch", key="class_engine_chart")
    st.caption("The class's weighting (its latest poll shown) beside the evidence engine's shares among these "
               "explanations, on the default settings.")


show_comparison()
st.subheader("Teams", anchor=False)
for team in room.setup.teams:
    st.markdown(f"**{literal(team.name)}** defends *{literal(titles.get(team.thesis, team.thesis))}*")
st.page_link("explorer/ui/pages/class_view.py", label="Class perspectives: the students' own weighing",
             icon=":material/diversity_3:", query_params={"room": code})
st.page_link("explorer/ui/pages/briefs.py", label="Team briefs: print them all", icon=":material/print:",
             query_params={"room": code})
if is_moderator:
    record.offer(store, case, room, titles, key)


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
if projector:
    st.page_link("explorer/ui/pages/moderate.py", label="Show the app's menu (leave projector mode)",
                 icon=":material/menu:", query_params={"room": code, "menu": "1"})
else:
    st.page_link("explorer/ui/pages/moderate.py", label="Projector mode: the console alone, on one screen",
                 icon=":material/fit_screen:", query_params={"room": code})

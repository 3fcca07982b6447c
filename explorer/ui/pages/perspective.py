"""Weigh the evidence yourself: from a phone, besides the vote, a student sends their own weighting (trust in the
sources, whether background counts, how much each criterion counts) or their own order of the explanations,
then sees their ranking beside the class's and the engine's. Anonymous as the vote is (the same device id)."""

import pandas as pd
import streamlit as st

from explorer.classroom import debate
from explorer.classroom import perspective as pv
from explorer.classroom.debate import PHASE_NAMES, Refused
from explorer.classroom.store import StoreError
from explorer.model import source_names
from explorer.text import literal, ordinal
from explorer.ui import page, polls
from explorer.ui.widgets import sentence
from explorer.vocabulary import CRITERIA_TABLE, WEIGHT_MAX

polls.recover_by_itself()  # first: a phone that loses its server, or a script of its page, recovers by itself
case, problems = page.start(room=st.query_params.get("room"))
store = polls.store()
me = polls.participant(from_address=False)  # a weighing opens with the student's own cookie only

st.title("Weigh the evidence yourself", anchor=False)
code = polls.code_box("weigh_code", "weigh_join")
try:
    room = store.room(code)
except Refused as err:
    st.error(literal(sentence(err)))
    st.stop()
except StoreError as err:
    st.error(polls.explain(err, voting=True, student=True))
    st.button("Try again", key="store_retry", width="stretch")
    st.stop()

titles = debate.names(room.setup, page.titles(case))
playing = case.only(room.setup.theses)
st.caption(f"Debate {room.code} · what you send is anonymous")
phase = debate.open_phase(room.state)
if phase is None or len(playing.theses) < 2:
    st.info("This debate's explanations cannot be weighed just now." if phase else
            debate.waiting_words(room.state, thanks="Thank you for weighing the evidence!"))
    st.button("Check again", key="check_again", width="stretch")
    st.stop()
st.subheader(PHASE_NAMES[phase], anchor=False)
try:
    mine = store.perspective_of(room.code, phase, me)
except StoreError:
    mine = None
names = source_names(case.sources)
cited = list(dict.fromkeys(e.source for _, e in playing.passages() if e.source in case.sources))
start = pv.weighting(playing, mine if mine and not mine.is_order else None)

ways = {"weigh": "Weigh the sources", "order": "Put them in order"}
way = st.radio("How do you want to answer?", list(ways), format_func=ways.get, horizontal=True, key="weigh_way",
               index=1 if mine and mine.is_order else 0)
if way == "weigh":
    st.write("How much do you trust each source? 0 is not at all, 1 is completely. The ? beside each says why "
             "it starts where it does.")
    trust = {sid: st.slider(literal(names[sid]), 0.0, 1.0, value=float(start.trust[sid]), step=0.01,  # holds 0.44
                            key=f"weigh_t_{sid}", help=literal(pv.trust_help(case.sources[sid])))
             for sid in cited}
    background = st.toggle(pv.BACKGROUND_SWITCH, key="weigh_background", value=start.points[pv.BACKGROUND] > 0,
                           help=pv.background_help())
    st.write("How much should each of these count?")
    weights = {name: st.slider(c.label, 0.0, WEIGHT_MAX, value=float(start.weights[name]), step=0.5,
                               key=f"weigh_w_{name}", help=pv.criterion_help(name))
               for name, c in CRITERIA_TABLE.items()}
    sent = pv.Perspective(weights=weights, trust=trust,
                          points={pv.BACKGROUND: pv.BACKGROUND_ON if background else pv.DEFAULT_BACKGROUND})
else:
    st.write("Put the explanations in order: choose the most convincing first, then the next.")
    before = list(mine.order) if mine and mine.is_order else []
    chosen: list[str] = []
    for place in range(1, len(playing.theses)):
        options = [t for t in playing.theses if t not in chosen]
        preset = before[place - 1] if len(before) >= place and before[place - 1] in options else None
        pick = st.radio(f"{ordinal(place)}" + (": the most convincing" if place == 1 else ""), options,
                        index=options.index(preset) if preset else None,
                        format_func=lambda t: literal(titles.get(t, t)), key=f"weigh_place_{'_'.join(chosen) or '1'}")
        if pick is None:
            break
        chosen.append(pick)
    if len(chosen) == len(playing.theses) - 1:
        chosen += [t for t in playing.theses if t not in chosen]
        st.markdown(f"{ordinal(len(chosen))}: {literal(titles.get(chosen[-1], chosen[-1]))}")
    sent = pv.Perspective(order=tuple(chosen)) if len(chosen) == len(playing.theses) else None

if st.button("Change what I sent" if mine else "Send my weighing", type="primary", key="send_perspective",
             width="stretch", disabled=sent is None):
    try:
        mine = store.send_perspective(room.code, phase, me, sent)
    except Refused as err:
        st.error(literal(sentence(err)))
    except StoreError as err:
        st.error(polls.explain(err, voting=True, student=True))
    else:
        st.success("Sent. You can change it until the poll closes.")
if mine is None:
    st.stop()

# --- what it gives -------------------------------------------------------------------------------------
OTHERS_NEEDED = 3  # the class's column only once this many others have sent theirs: no one's ranking shows alone
st.subheader("Your ranking beside the class's and the engine's", anchor=False)
yours = pv.places_of(playing, mine)
engine = pv.ranking_of(playing)
try:
    everyone = store.perspectives(room.code, phase)
except StoreError:
    everyone = [mine]
others = max(len(everyone) - 1, 0)
together = pv.class_ranking([pv.places_of(playing, p) for p in everyone], engine) if others >= OTHERS_NEEDED else None
places = {"You": yours, "The class": together.places if together else None, "The engine": pv.places_of(playing)}
st.table(pd.DataFrame({"Explanation": [literal(titles.get(t, t)) for t in engine],
                       **{who: [pv.place_words(t, r) for t in engine] for who, r in places.items() if r}}),
         border="horizontal")
if together is not None:
    st.caption(f"Places 1st to {ordinal(len(engine))}; =1st is a shared place. The class: the average place of "
               f"{len(everyone)} students' rankings so far, weighings and orders alike. The engine: the evidence "
               "engine on its default settings.")
else:
    st.caption(f"Places 1st to {ordinal(len(engine))}; =1st is a shared place. The engine: the evidence engine on "
               f"its default settings. The class's ranking shows once at least {OTHERS_NEEDED} other students have "
               f"sent theirs (so far: {others}), so that no one's ranking can be read from it.")
if pv.all_tied(yours):
    st.warning("Every explanation scores 0 on your settings (every criterion counts 0, or you trust no source), so "
               "your ranking puts them all level.")


def agreement(other: pv.Places, whose: str) -> str:
    tau = pv.kendall_tau(yours, other)
    return "" if tau is None else f"- With {whose}: **{tau:+.2f}**"


lines = [line for line in (agreement(together.places, "the class") if together else "",
                           agreement(places["The engine"], "the engine")) if line]
if lines:
    st.markdown("**How alike the rankings are**, from +1 (the same order) through 0 (no link) to -1 (the reverse; "
                "statisticians call this Kendall's tau)")
    st.markdown("\n".join(lines))
effect = pv.biggest_difference(playing, mine)
if effect is not None:
    setting = literal(pv.label(playing, effect.setting))
    pairs = "two explanations change places" if effect.swapped == 1 else (
        f"{effect.swapped} pairs of explanations change places")
    words = (lambda v: "on" if v > 0 else "off") if effect.setting.is_switch else (lambda v: f"{v:g}")
    st.markdown(f"**The setting that makes the biggest difference:** {setting}. You chose {words(effect.mine)}, the "
                f"engine {words(effect.reference)}; put back to {words(effect.reference)}, {pairs} in your ranking.")
elif mine.is_order:
    st.caption("You put the explanations in your own order, so no setting of the engine is involved.")
elif pv.effects(playing, mine) and pv.swapped_pairs(yours, places["The engine"]):
    st.markdown("**No single setting moves your ranking on its own:** it is the combination of your settings that "
                "makes it differ from the engine's.")
elif pv.effects(playing, mine):
    st.caption("Your settings differ from the engine's, but your ranking is the engine's.")
else:
    st.caption("You kept the engine's settings, so your ranking is the engine's.")

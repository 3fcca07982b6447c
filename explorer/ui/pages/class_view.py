"""Class perspectives, the console's companion: what the students' own weighings give, beside the engine on its
default settings; where the class disagrees; what changed during the debate; and the lesson's downloads."""

import time

import pandas as pd
import streamlit as st

from explorer import charts, debate, lesson
from explorer import perspective as pv
from explorer.brief import in_play
from explorer.debate import PHASE_NAMES, PHASES, Refused
from explorer.lesson import ordinal
from explorer.model import source_names
from explorer.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls
from explorer.ui.widgets import chart, sentence

case, problems = page.start()
store = polls.store()
keys = polls.moderator_keys()
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
    key = keys.get(room.code, "")
    is_moderator = bool(key) and store.is_moderator(room.code, key)
except (Refused, StoreError) as err:
    st.error(polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err)))
    st.stop()
code = room.code
st.page_link("explorer/ui/pages/moderate.py", label="Back to the moderator's console", icon=":material/podium:",
             query_params={"room": code})
if not is_moderator:
    st.info("The class's perspectives are for the moderator. Enter the moderator key of this debate.")
    typed = st.text_input("Moderator key", type="password", key="perspectives_key")
    if st.button("Unlock", key="perspectives_unlock"):
        try:
            unlocked = store.is_moderator(code, typed)
        except StoreError as err:
            st.error(polls.explain(err))
            st.stop()
        if unlocked:
            keys[code] = typed
            st.rerun()
        else:
            st.error("That is not the moderator key of this debate.")
    st.stop()

titles = {**page.titles(case), **debate.names(room.setup, page.titles(case))}
playing = in_play(case, [t for t in room.setup.theses if t in case.theses])
name = lambda t: titles.get(t, t)
st.caption(literal(f"Debate {code}. Students send their own weighing at the address of the poll, on the page "
                   "“Weigh the evidence yourself” (…/weigh?room=" + code + ")."))


def weight_words(passage: pv.Deciding, favoured: str, other: str) -> str:
    """What the passage counts for on either thesis, in words: 'counts 1.32 for it, 0.6 against the other'."""
    def said(weight: float, whom: str) -> str:
        return f"{abs(weight):g} {'for' if weight > 0 else 'against'} {whom}"

    mine, theirs = passage.weight[favoured], passage.weight[other]
    words = f"counts {said(mine, 'it')}" if mine else "counts nothing for it"
    return words + (f", {said(theirs, 'the other')}" if theirs else ", nothing for the other")


@st.fragment(run_every=5)
def show() -> None:
    try:
        sent = {p: store.sent_perspectives(code, p) for p in PHASES}
        cast = {p: store.cast_ballots(code, p) for p in PHASES}
    except StoreError as err:
        st.error(polls.explain(err))
        return
    perspectives = {p: [x for _, x in rows] for p, rows in sent.items()}
    st.markdown(" · ".join(f"{PHASE_NAMES[p]}: **{len(sent[p])}** weighing{'s' if len(sent[p]) != 1 else ''}"
                           for p in PHASES))
    if len(playing.theses) < 2:
        st.warning("Fewer than two of this debate's explanations load now: the engine cannot rank them.")
        return
    got = lesson.results(playing, perspectives)
    latest = got.latest
    if latest is None:
        st.caption("No weighing yet. Open a poll; students send theirs on the page “Weigh the evidence yourself”.")
        downloads(sent, cast)
        return

    st.subheader(f"The class beside the engine ({PHASE_NAMES[latest.phase].lower()})", anchor=False)
    engine_place = {t: i for i, t in enumerate(got.theses, start=1)}
    median_place = {t: i for i, t in enumerate(latest.median_ranking or (), start=1)}
    st.dataframe(pd.DataFrame({
        "Explanation": [name(t) for t in got.theses],
        "The engine (default settings)": [ordinal(engine_place[t]) for t in got.theses],
        "The class (median weighing)": [ordinal(median_place[t]) if t in median_place else "–" for t in got.theses],
        "Students who put it first": [latest.firsts[t] for t in got.theses]}),
        hide_index=True, width="stretch", key="class_engine_table",
        alt="Each explanation's place for the engine and for the class, and how many students put it first")
    firsts = {p: got.phases[p].firsts for p in PHASES if p in got.phases}
    figure = charts.poll_results(firsts, titles, "students who put it first")
    figure.update_xaxes(dtick=1)  # whole students
    chart(figure,
          pd.DataFrame({"Explanation": [name(t) for t in got.theses],
                        **{PHASE_NAMES[p]: [f[t] for t in got.theses] for p, f in firsts.items()}}),
          key="firsts_chart", alt="How many students put each explanation first, before and after the debate")
    if latest.median_ranking:
        tau = pv.kendall_tau(latest.median_ranking, got.theses)
        if tau is not None:
            st.markdown(f"Agreement of the class's ranking with the engine's (Kendall's tau: +1 the same order, "
                        f"-1 the reverse): **{tau:+.2f}**")

    with st.expander("Each student's ranking"):
        who = lesson.numbers(cast, sent)
        rows = sent[latest.phase]
        width = len(got.theses)
        st.dataframe(pd.DataFrame(
            [[who[p], "own order" if x.is_order else "weighing", *[name(t) for t in r]]
             for (p, x), r in zip(rows, latest.rankings, strict=True)],
            columns=["Student", "How", *[ordinal(i) for i in range(1, width + 1)]]),
            hide_index=True, width="stretch", key="student_rankings",
            alt="Each student's ranking, anonymous (P1, P2...)")

    if latest.median is not None:
        st.subheader("Where the class disagrees most", anchor=False)
        widest = latest.spreads[0]
        if widest.share > 0:
            st.markdown(f"**{literal(pv.label(playing, widest.setting))}**: the middle half of the class is "
                        f"between {widest.low:g} and {widest.high:g}.")
        else:
            st.markdown("The students who weighed the sources agree on every setting.")
        default = pv.weighting(playing)
        # the settings on which the class is split or departs from the engine; the others are the engine's
        shown = [s for s in latest.spreads if s.share > 0
                 or abs(latest.median.value(s.setting) - default.value(s.setting)) > 1e-9]
        st.dataframe(pd.DataFrame({
            "Setting": [pv.label(playing, s.setting) for s in shown],
            "The engine": [default.value(s.setting) for s in shown],
            "The class (median)": [latest.median.value(s.setting) for s in shown],
            "Middle half of the class": [f"{s.low:g} to {s.high:g}" for s in shown]}),
            hide_index=True, width="stretch", key="spread_table",
            alt="Each setting: the engine's default, the class's median and the spread of the class, widest first")
        if len(shown) < len(latest.spreads):
            st.caption("The settings not listed: the class agrees, on the engine's default.")
        if latest.median_ranking:
            first, second = latest.median_ranking[:2]
            st.markdown("**The passages that decide between the class's top two**, on the class's weighing: the "
                        "recorded passages whose weight differs most between them.")
            sources = source_names(case.sources)
            for column, favoured, other, sign in zip(st.columns(2), (first, second), (second, first), (1, -1),
                                                     strict=True):
                with column:
                    st.markdown(f"*For* **{literal(name(favoured))}**")
                    passages = [d for d in latest.deciding if d.difference * sign > 0]
                    if not passages:
                        st.caption("No recorded passage counts more for it than for the other.")
                    for d in passages:
                        with st.container(border=True):
                            st.markdown("> " + literal(d.quote))
                            st.caption(literal(f"{sources.get(d.source, d.source)} · {weight_words(d, favoured, other)}"))

    if got.change is not None:
        st.subheader("What changed during the debate", anchor=False)
        shift = got.change.firsts_shift
        st.dataframe(pd.DataFrame({
            "Explanation": [name(t) for t in got.theses],
            "First for, before": [got.change.firsts_before[t] for t in got.theses],
            "First for, after": [got.change.firsts_after[t] for t in got.theses],
            "Change": [f"{shift[t]:+d}" for t in got.theses]}),
            hide_index=True, width="stretch", key="change_table", alt="How many put each explanation first, "
            "before and after the debate")
        if got.change.moved:
            st.markdown("**The class's median weighing moved on:** " + "; ".join(
                f"{literal(pv.label(playing, s))} {a:g} → {b:g}" for s, a, b in got.change.moved[:5]))
        if got.change.tau is not None:
            st.markdown(f"The class's ranking before and after (Kendall's tau): **{got.change.tau:+.2f}**")
    downloads(sent, cast)


def downloads(sent, cast) -> None:
    ballots = {p: [b for _, b in rows] for p, rows in cast.items()}
    perspectives = {p: [x for _, x in rows] for p, rows in sent.items()}
    left, right = st.columns(2)
    left.download_button("Download ballots and weighings (CSV)", lesson.class_csv(code, playing, titles, cast, sent),
                         file_name=f"debate-{code}-class.csv", mime="text/csv", key="class_csv", on_click="ignore",
                         width="stretch", help="One row per vote, setting and place; students numbered P1, P2…")
    summary = lesson.summary_markdown(code, playing, room.setup, titles, ballots, perspectives,
                                      when=time.strftime("%d %B %Y"))
    right.download_button("Download the lesson summary (Markdown)", summary, file_name=f"debate-{code}-summary.md",
                          mime="text/markdown", key="lesson_summary", on_click="ignore", width="stretch",
                          help="One page: before and after, the class beside the engine, where it disagrees.")


show()

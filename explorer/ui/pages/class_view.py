"""Class perspectives, the console's companion: what the students' own weighings give, beside the engine on its
default settings; where the class disagrees; what changed during the debate; and the lesson's downloads.

Its tables are st.table: they wrap their text and take the width of the page, so that a projector's 1280 px shows
every column (a st.dataframe keeps each cell on one line and scrolls to the right)."""

import time

import pandas as pd
import streamlit as st

from explorer import charts, debate, lesson
from explorer import perspective as pv
from explorer.brief import in_play
from explorer.debate import PHASE_NAMES, PHASES, Refused
from explorer.model import source_names
from explorer.store import StoreError
from explorer.text import literal
from explorer.ui import page, polls
from explorer.ui.widgets import chart, sentence

case, problems = page.start(room=st.query_params.get("room"))
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
    polls.unlock(store, code, "The class's perspectives are for the moderator. Enter the moderator key of this "
                 "debate.", "perspectives_key", "perspectives_unlock")

titles = {**page.titles(case), **debate.names(room.setup, page.titles(case))}
playing = in_play(case, [t for t in room.setup.theses if t in case.theses])
name = lambda t: titles.get(t, t)
st.caption(literal(f"Debate {code}. Students send their own weighing at the address of the poll, on the page "
                   "“Weigh the evidence yourself” (…/weigh?room=" + code + ")."))


def table(columns: dict[str, list], alt: str) -> None:
    """A table that wraps its text and fits the page: case text in it must already be `literal` (st.table reads
    Markdown)."""
    st.table(pd.DataFrame(columns), hide_index=True, border="horizontal", alt=alt)


def ranking_words(places: pv.Places, order: list[str] | tuple[str, ...]) -> str:
    """A student's ranking in one cell, best first (ties in the engine's `order`): '1st A; =2nd B; =2nd C'."""
    ordered = sorted(places, key=lambda t: (places[t], order.index(t) if t in order else len(order)))
    return "; ".join(literal(f"{pv.place_words(t, places)} {name(t)}") for t in ordered)


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
    st.markdown(" · ".join(f"{PHASE_NAMES[p]}: **{len(sent[p])}** weighing{'s' if len(sent[p]) != 1 else ''}"
                           for p in PHASES))
    if len(playing.theses) < 2:
        st.warning("Fewer than two of this debate's explanations load now: the engine cannot rank them.")
        downloads(sent, cast)
        return
    got = lesson.results(playing, sent)
    latest = got.latest
    if latest is None:
        st.caption("No weighing yet. Open a poll; students send theirs on the page “Weigh the evidence yourself”.")
        downloads(sent, cast)
        return

    st.subheader(f"The class beside the engine ({PHASE_NAMES[latest.phase].lower()})", anchor=False)
    together = latest.class_ranking
    columns = {
        "Explanation": [literal(name(t)) for t in got.theses],
        "The engine (default settings)": [pv.place_words(t, got.engine) for t in got.theses],
        "The class (average place)": [f"{pv.place_words(t, together.places)} ({together.mean_place[t]:.2f})"
                                   for t in got.theses]}
    if latest.median_places is not None:
        columns["The engine on the class's typical settings"] = [pv.place_words(t, latest.median_places)
                                                                 for t in got.theses]
    columns["Students who put it first"] = [latest.firsts[t] for t in got.theses]
    table(columns, "Each explanation's place for the engine and for the class, and how many students put it first")
    orders = latest.count - latest.weighed
    st.caption(f"The class (average place): every student's own ranking put together, {latest.weighed} "
               f"weighing{'s' if latest.weighed != 1 else ''} and {orders} order{'s' if orders != 1 else ''}; the "
               "smaller the average place, the higher. The engine on the class's typical settings: the engine on the "
               "median of each setting over the weighings only; orders count in first places and the average place, "
               "not in the typical settings or the spreads. =1st: a shared place.")
    if latest.shared_firsts:
        st.caption(f"In {latest.shared_firsts} student{'s' if latest.shared_firsts != 1 else ''}' ranking"
                   f"{'s' if latest.shared_firsts != 1 else ''}, explanations tie for first place; a tie counts for "
                   "each explanation in it.")
    if latest.firsts_differ:
        st.markdown("**The two class rankings put different explanations first:** the engine on the class's typical "
                    "settings can put first what few students, or none, put first.")
    firsts = {p: got.phases[p].firsts for p in PHASES if p in got.phases}
    sizes = {got.phases[p].count for p in firsts}
    if len(sizes) > 1:  # polls of different sizes compare as shares of each poll's students, not as counts
        firsts = {p: {t: round(100 * n / got.phases[p].count, 1) for t, n in f.items()} for p, f in firsts.items()}
        figure = charts.poll_results(firsts, titles, "% of the poll's students who put it first")
    else:
        figure = charts.poll_results(firsts, titles, "students who put it first")
        figure.update_xaxes(dtick=1)  # whole students
    chart(figure,
          pd.DataFrame({"Explanation": [name(t) for t in got.theses],
                        **{PHASE_NAMES[p]: [f[t] for t in got.theses] for p, f in firsts.items()}}),
          key="firsts_chart", alt="How many students put each explanation first, before and after the debate (as a "
                                  "share of each poll's students when the polls differ in size)")
    if latest.count < 2:
        st.caption("Only one student has sent a ranking, so there is no class agreement to report yet.")
    else:
        tau = pv.kendall_tau(together.places, got.engine)
        if tau is not None:
            st.markdown(f"How alike the class's order (by average place) and the engine's are, from +1 (the same "
                        f"order) to -1 (the reverse; statisticians call this Kendall's tau): **{tau:+.2f}**")

    with st.expander("Each student's ranking"):
        who = lesson.numbers(cast, sent, key)
        rows = sorted(zip(sent[latest.phase], latest.rankings, strict=True), key=lambda row: int(who[row[0][0]][1:]))
        table({"Student": [who[p] for (p, _), _ in rows],
               "How": ["own order" if x.is_order else "weighing" for (_, x), _ in rows],
               "Their ranking": [ranking_words(r, got.theses) for _, r in rows]},
              "Each student's ranking of the explanations, best first, anonymous (P1, P2...)")

    if latest.median is not None:
        st.subheader("Where the class disagrees most", anchor=False)
        widest = latest.spreads[0]
        if latest.weighed < 2:
            st.markdown("Only one student has weighed the sources, so there is no spread to show yet.")
        elif widest.share > 0:
            how = (f"the middle half of the {latest.weighed} weighings is" if widest.middle_half
                   else f"the {latest.weighed} weighings go")
            said = (f"{widest.on} of {widest.count} count background" if widest.on is not None
                    else f"{how} from {widest.low:g} to {widest.high:g}")
            st.markdown(f"**{literal(pv.label(playing, widest.setting))}**: {said}.")
        else:
            st.markdown(f"The {latest.weighed} students who weighed the sources agree on every setting.")
        default = pv.weighting(playing)
        # the settings on which the class is split or departs from the engine; the others are the engine's
        shown = [s for s in latest.spreads if s.share > 0
                 or abs(latest.median.value(s.setting) - default.value(s.setting)) > 1e-9]
        spread_head = "Middle half of the class" if latest.weighed >= pv.SMALL_CLASS else "Lowest to highest"
        table({
            "Setting": [literal(pv.label(playing, s.setting)) for s in shown],
            "The engine": [lesson.middle_words(s.setting, default.value(s.setting)) for s in shown],
            "The class's typical setting": [lesson.middle_words(s.setting, latest.median.value(s.setting))
                                           for s in shown],
            spread_head: [lesson.spread_words(s) for s in shown]},
            "Each setting: the engine's default, the class's typical setting and the spread of the class, widest first")
        st.caption(f"Over {latest.weighed} weighing{'s' if latest.weighed != 1 else ''}. "
                   + ("The settings not listed: the class agrees, on the engine's default."
                      if len(shown) < len(latest.spreads) else ""))
    if latest.top_two:
        first, second = latest.top_two
        on = ("on the class's typical settings" if latest.median is not None
              else "on the engine's default settings, as no student weighed the sources")
        st.markdown(f"**The passages that decide between the class's top two** by average place, {on}: the recorded "
                    "passages that move the gap between the two most when left out.")
        sources = source_names(case.sources)
        for column, favoured, other, sign in zip(st.columns(2), (first, second), (second, first), (1, -1),
                                                 strict=True):
            with column:
                st.markdown(f"*For* **{literal(name(favoured))}**")
                passages = [d for d in latest.deciding if d.difference * sign > 0]
                if not passages:
                    st.caption("No recorded passage, left out, would narrow its lead or widen the other's."
                               if sign > 0 else "No recorded passage, left out, would widen the leader's lead.")
                for d in passages:
                    with st.container(border=True):
                        st.markdown("> " + literal(d.quote))
                        st.caption(literal(f"{sources.get(d.source, d.source)} · {weight_words(d, favoured, other)}"
                                           f" · left out, the gap moves by {abs(d.difference):.3f}"))

    if got.change is not None:
        moved = got.change
        st.subheader("What changed during the debate", anchor=False)
        st.markdown(f"Students in the poll before the debate: **{moved.count_before}**; after it: "
                    f"**{moved.count_after}**; in both: **{moved.paired}**. The changes are over the students who "
                    "answered both.")
        if moved.paired:
            shift = moved.firsts_shift
            table({
                "Explanation": [literal(name(t)) for t in got.theses],
                "First for, before": [moved.firsts_before[t] for t in got.theses],
                "First for, after": [moved.firsts_after[t] for t in got.theses],
                "Change": [f"{shift[t]:+d}" for t in got.theses]},
                "How many of the students who answered both polls put each explanation first, before and after the "
                "debate")
            if moved.moved:
                st.markdown("**The typical settings of those who weighed both times moved on:** " + "; ".join(
                    f"{literal(pv.label(playing, s))} {lesson.middle_words(s, a)} → {lesson.middle_words(s, b)}"
                    for s, a, b in moved.moved[:5]))
            if moved.tau is not None:
                st.markdown(f"How alike their class order (by average place) was before and after, from +1 (the same) "
                            f"to -1 (the reverse): **{moved.tau:+.2f}**")
    downloads(sent, cast)


def downloads(sent, cast) -> None:
    ballots = {p: [b for _, b in rows] for p, rows in cast.items()}
    left, right = st.columns(2)
    left.download_button("Download ballots and weighings (CSV)", lesson.class_csv(code, playing, titles, cast, sent, key),
                         file_name=f"debate-{code}-class.csv", mime="text/csv", key="class_csv", on_click="ignore",
                         width="stretch", help="One row per vote, setting and place; students numbered P1, P2…")
    summary = lesson.summary_markdown(code, playing, room.setup, titles, ballots, sent,
                                      when=time.strftime("%d %B %Y"))
    right.download_button("Download the lesson summary (Markdown)", summary, file_name=f"debate-{code}-summary.md",
                          mime="text/markdown", key="lesson_summary", on_click="ignore", width="stretch",
                          help="One page: before and after, the class beside the engine, where it disagrees.")


show()

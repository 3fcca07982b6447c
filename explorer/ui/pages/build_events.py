"""Build a case: its dated events (timeline.yaml) and the facts on which its sources disagree (contested.yaml), each
quoted by selecting words in a source's text, as passages are on "Record passages"; what links to each is shown
beside it (the passages that quote the same words, the events that name a fact)."""

import streamlit as st

from explorer import charts, disk, workshop
from explorer import quote as quotes
from explorer.disk import layout
from explorer.model import ContestedFact, Event
from explorer.text import literal
from explorer.ui import audience, building, reader
from explorer.workshop import WorkshopError

TITLE = audience.EVENTS_PAGE
folder, case, problems = building.start(TITLE)
state = st.session_state
if case.info is None:
    st.info("Choose a case above, or start one on the page “Start a case or add a source”.")
    st.stop()
readable = [s for s in case.sources if s in case.texts]
if not readable:
    st.info("An event or a contested fact quotes a source: add a source with its text first (page “Start a case or "
            "add a source”).")
    st.stop()
building.read(folder, layout.TIMELINE)  # what a save checks the files against
building.read(folder, layout.CONTESTED)
st.caption("A dated event puts the case on the Timeline page, dated by the words of a source. A contested fact is a "
           "point on which the sources disagree: the Contested facts page shows each source's reading side by side. "
           "Select the words in the text, as on “Record passages”.")

EVENT, FACT = "event", "fact"
WHAT = {EVENT: "A dated event", FACT: "A contested fact"}
NEW = ""
if st.query_params.get("what") in WHAT:  # a link from the Timeline or Contested facts page: the form it opens on
    building.put("ws_tl_what", st.query_params["what"])
    del st.query_params["what"]
if state.get("ws_tl_what") not in WHAT:
    building.put("ws_tl_what", EVENT)
st.segmented_control("What you are recording", list(WHAT), key="ws_tl_what", format_func=WHAT.get, required=True)
what = state["ws_tl_what"]
events = {e.id: e for e in case.events}
facts = {f.id: f for f in case.contested}
titles = {t: case.theses[t].title for t in case.theses}
colours = charts.thesis_colours(list(case.theses))


# --- filling a form from the file when another event or fact is chosen ------------------------------------------


def fill_event() -> None:
    event = events.get(state.get("ws_tl_event"))
    building.put("ws_tl_date", event.date if event else "")
    building.put("ws_tl_title", event.title if event else "")
    building.put("ws_tl_quote", case.words(event.source, event.span, event.quote) if event else "")
    building.put("ws_tl_theses", [t for t in event.theses if t in case.theses] if event else [])
    building.put("ws_tl_contested", event.contested if event and event.contested in facts else None)
    state.pop("ws_fix_event", None)
    if event and event.source in readable:
        building.put_pick("source", event.source)


def fill_fact() -> None:
    fact = facts.get(state.get("ws_cf_fact"))
    building.put("ws_cf_question", fact.question if fact else "")
    building.put("ws_cf_readings", [workshop.reading(r.source, case.words(r.source, r.span, r.quote), r.says)
                                    for r in fact.readings] if fact else [])
    building.put("ws_cf_scholarship", " ".join(fact.scholarship.split()) if fact else "")
    building.put("ws_cf_theses", [t for t in fact.theses if t in case.theses] if fact else [])
    building.put("ws_cf_quote", "")
    building.put("ws_cf_says", "")
    state.pop("ws_fix_reading", None)


building.valid("ws_tl_event", [NEW, *events])
building.valid("ws_cf_fact", [NEW, *facts])
state.setdefault("ws_tl_event", NEW)
state.setdefault("ws_cf_fact", NEW)
# what was changed in an event's or a fact's form and not saved is kept aside when another is chosen
EVENT_FORM, FACT_FORM = ("event", "ws_tl_", ("ws_tl_event", "ws_tl_what")), ("fact", "ws_cf_", ("ws_cf_fact",))
event_item, fact_item = f"{folder}::{state['ws_tl_event']}", f"{folder}::{state['ws_cf_fact']}"
if state.get("ws_tl_event_of") != (str(folder), state["ws_tl_event"]):
    building.set_aside(EVENT_FORM[0], EVENT_FORM[1], event_item, EVENT_FORM[2])
    fill_event()
    state["ws_tl_event_of"] = (str(folder), state["ws_tl_event"])
    building.filled(EVENT_FORM[0], EVENT_FORM[1], event_item, EVENT_FORM[2])
if state.get("ws_cf_fact_of") != (str(folder), state["ws_cf_fact"]):
    building.set_aside(FACT_FORM[0], FACT_FORM[1], fact_item, FACT_FORM[2])
    fill_fact()
    state["ws_cf_fact_of"] = (str(folder), state["ws_cf_fact"])
    building.filled(FACT_FORM[0], FACT_FORM[1], fact_item, FACT_FORM[2])


def kept_name(item: str, names: dict[str, str], new: str) -> str | None:
    """How the line of changes kept aside names an event or a fact of this case (None: another case's)."""
    where, _, name = item.rpartition("::")
    if where != str(folder):
        return None
    return new if name == NEW else names.get(name)
building.valid("ws_tl_theses", list(case.theses), many=True)
building.valid("ws_cf_theses", list(case.theses), many=True)
building.valid("ws_tl_contested", [None, *facts])
chosen = state["ws_tl_event"] if what == EVENT else state["ws_cf_fact"]
building.about(f"{folder}::{what}::{chosen}")

# --- the source, in full, to read and select from ----------------------------------------------------------------

sid = building.pick("source", readable, page="build_events")
text = case.texts[sid]
found = workshop.sentences(text)
QUOTE = "ws_tl_quote" if what == EVENT else "ws_cf_quote"
PENDING = reader.PENDING
if what == EVENT:
    marked = {f"event:{e.id}": (e.span, colours.get(e.theses[0], "#777777") if e.theses else "#777777",
                                f"the event {workshop.event_name(e)}")
              for e in case.events if e.source == sid and e.span}
else:
    marked = {f"fact:{f.id}:{n}": (r.span, "#8a6d00", f"a reading of “{f.question}”: {r.says}")
              for f in case.contested for n, r in enumerate(f.readings) if r.source == sid and r.span}
typed = " ".join(str(state.get(QUOTE, "")).split())
pending = quotes.locate(typed, quotes.fold(text)) if typed else None
spans = [(ref, *span) for ref, (span, _, _) in marked.items()]
spans += [(PENDING, pending.start, pending.end)] if pending else []
reading_col, form = st.columns([3, 2], gap="medium")
with reading_col:
    st.selectbox("The source you are reading", readable, key="source", format_func=case.source_name,
                 on_change=building.picked("source"))
    if not found:
        st.warning("This source's text has no sentences to quote (it is empty). Choose another source.")
    else:
        def quote_selection(picked: dict) -> None:
            """The reader's callback: what its selection quotes fills the form (and its frame) before the page runs."""
            words = reader.quoted(text, found, picked)
            if words is None:
                return
            building.put(QUOTE, words[0])
            state.pop("ws_fix_event" if what == EVENT else "ws_fix_reading", None)

        reader.source(text, spans, {r: c for r, (_, c, _) in marked.items()},
                      {r: label for r, (_, _, label) in marked.items()}, "the words you chose", pending is not None,
                      f"ws_reader_{what}_{sid}", found, quote_selection)
        st.caption("Highlighted: the " + ("events" if what == EVENT else "readings of contested facts") + " this source "
                   "already dates or gives (point at one to see which). The words you chose have a dark frame.")


def checked_words(key: str, fix: str, source: str) -> str:
    """The words of a form's quote, checked against the source before anything is written: a misquote refused with
    the source's words, to take in one click."""
    words = " ".join(str(state.get(key, "")).split())
    if source in case.texts and words:
        try:
            workshop.check_quote(words, case.texts[source], case.source_name(source), [], source)
        except workshop.Misquote as err:
            state[fix] = err.fix
            raise
    return words


def use_the_sources_words(key: str, fix: str) -> None:
    building.put(key, state.pop(fix))
    state.pop(building.OUTCOME, None)
    state.pop("ws_refused_reading", None)


def linked_passages(source: str, words: str) -> None:
    """The passages of the theses that quote the same words: what links to an event or a reading from the claim
    files."""
    if source not in case.texts or not words:
        return
    at = quotes.locate(words, quotes.fold(case.texts[source]))
    named = workshop.passages_quoting(case, source, (at.start, at.end) if at else None)
    if named:
        st.caption(literal("Recorded as a passage too, on the same words: " + "; ".join(named) + "."))


# --- a dated event -------------------------------------------------------------------------------------------------


def event_source() -> str:
    """The source an event quotes: the one being read; an event of a source with no text keeps its own."""
    event = events.get(state.get("ws_tl_event"))
    return event.source if event is not None and event.source not in readable else sid


def build_event():
    current = disk.current(folder, layout.TIMELINE)
    chosen_event = state.get("ws_tl_event") or NEW
    title = " ".join(str(state.get("ws_tl_title", "")).split())
    source = event_source()
    words = " ".join(str(state.get("ws_tl_quote", "")).split())
    if not words:
        raise WorkshopError("Select the words of the source that date the event, in the text (or click a sentence)")
    workshop.check_date(str(state.get("ws_tl_date", "")))
    eid = chosen_event or workshop.fresh_id(title, set(events) | workshop.ids_in(current, "events"), "event")
    record = workshop.event_record(eid, str(state.get("ws_tl_date", "")), title, source, words,
                                   list(state.get("ws_tl_theses", [])), state.get("ws_tl_contested"))
    found_problems = workshop.check(Event, {**record, "theses": list(record.get("theses", []))}, layout.TIMELINE)
    if found_problems:
        raise building.form_refusal(found_problems, {"date": "When it happened", "title": "What happened",
                                                     "quote": "The words that date it"})
    checked_words("ws_tl_quote", "ws_fix_event", source)
    if chosen_event:
        return f"change the event “{title}”", {layout.TIMELINE: workshop.update_event(current or "", eid, record)}
    state["ws_made_event"] = eid
    return f"add the event “{title}” to the timeline", {layout.TIMELINE: workshop.add_event(current, record)}


def event_saved() -> None:
    made = state.pop("ws_made_event", None)
    if made:  # the new event is the one shown, to change it or link it
        building.put("ws_tl_event", made)
        state["ws_tl_event_of"] = (str(folder), made)


def build_event_removal():
    eid = state.get("ws_tl_event")
    title = events[eid].title if eid in events else eid
    return f"remove the event “{title}”", {layout.TIMELINE: workshop.remove_event(
        disk.current(folder, layout.TIMELINE) or "", eid)}


def event_removed() -> None:
    building.put("ws_tl_event", NEW)


def event_form() -> None:
    st.selectbox("The event", [NEW, *events], key="ws_tl_event",
                 format_func=lambda e: workshop.event_name(events[e]) if e else "A new event")
    event = events.get(state.get("ws_tl_event"))
    building.unsaved_changes(*EVENT_FORM[:2], f"{folder}::{state['ws_tl_event']}",
                             "this event" if event else "the new event",
                             lambda item: kept_name(item, {e: workshop.event_name(v) for e, v in events.items()},
                                                    "A new event"), EVENT_FORM[2])
    st.text_input("When it happened: a year, a month or a day", key="ws_tl_date",
                  placeholder="such as 1964, 1964-10 or 1964-10-14",
                  help="Written year first: 1964 for a year, 1964-10 for October 1964, 1964-10-14 for a day.")
    st.text_input("What happened, in a few words", key="ws_tl_title", placeholder="such as: The mill closes")
    st.text_area("The words of the source that date it (select them in the text)", key="ws_tl_quote", height=90,
                 placeholder="Select words in the text, or click a sentence")
    linked_passages(event_source(), " ".join(str(state.get("ws_tl_quote", "")).split()))
    st.multiselect("The explanations it bears on", list(case.theses), key="ws_tl_theses", format_func=titles.get,
                   placeholder="Choose explanations (optional)",
                   help="The Timeline page draws the event in the row of each explanation chosen here.")
    if facts:
        st.selectbox("A point about it that the sources disagree on (optional)", [None, *facts], key="ws_tl_contested",
                     format_func=lambda f: facts[f].question if f else "(none)",
                     help="The Timeline page then says the sources disagree about it, and points to the fact.")
    if event is not None and event.source not in readable:
        st.caption(literal(f"It quotes {case.source_name(event.source)}, which has no text here: its words stay "
                           "as written."))
    # one under the other: side by side, a narrow column cuts their words
    st.button("Save the event" if event else "Add the event", type="primary", icon=":material/event:",
              key="ws_event_save", on_click=building.save("event", folder, build_event, event_saved))
    if event is not None:
        st.button("Remove the event", icon=":material/delete:", key="ws_event_remove",
                  on_click=building.save("event", folder, build_event_removal, event_removed))
    building.outcome("event", problems)
    told = state.get(building.OUTCOME) or {}
    if state.get("ws_fix_event") and told.get("place") == "event" and told.get("kind") == "error":
        st.button("Use the source's words", key="ws_event_fix", icon=":material/auto_fix_high:",
                  on_click=use_the_sources_words, args=("ws_tl_quote", "ws_fix_event"))


# --- a contested fact ----------------------------------------------------------------------------------------------


def add_reading() -> None:
    """Put the chosen words, with what they say, among the fact's readings (written when the fact is saved)."""
    state.pop("ws_refused_reading", None)
    says = " ".join(str(state.get("ws_cf_says", "")).split())
    try:
        words = checked_words("ws_cf_quote", "ws_fix_reading", sid)
        if not words:
            raise WorkshopError("Select the words of the source in the text (or click a sentence), then add them as "
                                "a reading")
        if not says:
            raise WorkshopError("Write what this source says, in a few words, such as “It failed”")
        readings = list(state.get("ws_cf_readings", []))
        if any(r["source"] == sid and quotes.fold_quote(r["quote"]) == quotes.fold_quote(words) for r in readings):
            raise WorkshopError("These words are already a reading of this fact")
    except WorkshopError as err:
        state["ws_refused_reading"] = str(err)
        return
    building.put("ws_cf_readings", [*readings, workshop.reading(sid, words, says)])
    building.put("ws_cf_quote", "")
    building.put("ws_cf_says", "")


def take_out(index: int) -> None:
    readings = list(state.get("ws_cf_readings", []))
    if 0 <= index < len(readings):
        del readings[index]
    building.put("ws_cf_readings", readings)


def build_fact():
    current = disk.current(folder, layout.CONTESTED)
    chosen_fact = state.get("ws_cf_fact") or NEW
    question = " ".join(str(state.get("ws_cf_question", "")).split())
    if not question:
        raise WorkshopError("Write the point the sources disagree on, as a question, such as “Did the harvest fail?”")
    readings = list(state.get("ws_cf_readings", []))
    workshop.check_readings(readings)
    fid = chosen_fact or workshop.fresh_id(question, set(facts) | workshop.ids_in(current, "contested"), "fact")
    record = workshop.fact_record(fid, question, readings, str(state.get("ws_cf_scholarship", "")),
                                  list(state.get("ws_cf_theses", [])))
    found_problems = workshop.check(ContestedFact, {**record, "theses": list(record.get("theses", []))},
                                    layout.CONTESTED)
    if found_problems:
        raise building.form_refusal(found_problems, {"question": "The question", "says": "What it says"})
    if chosen_fact:
        return f"change the contested fact “{question}”", {
            layout.CONTESTED: workshop.update_fact(current or "", fid, record)}
    state["ws_made_fact"] = fid
    return f"add the contested fact “{question}”", {layout.CONTESTED: workshop.add_fact(current, record)}


def fact_saved() -> None:
    made = state.pop("ws_made_fact", None)
    if made:
        building.put("ws_cf_fact", made)
        state["ws_cf_fact_of"] = (str(folder), made)


def build_fact_removal():
    fid = state.get("ws_cf_fact")
    contested, timeline, naming = workshop.remove_fact(disk.current(folder, layout.CONTESTED) or "",
                                                       disk.current(folder, layout.TIMELINE), fid)
    files = {layout.CONTESTED: contested, **({layout.TIMELINE: timeline} if timeline is not None else {})}
    question = facts[fid].question if fid in facts else fid
    also = f", and its mention in {naming} event{'s' if naming != 1 else ''}" if naming else ""
    return f"remove the contested fact “{question}”{also}", files


def fact_removed() -> None:
    building.put("ws_cf_fact", NEW)


def fact_form() -> None:
    st.selectbox("The contested fact", [NEW, *facts], key="ws_cf_fact",
                 format_func=lambda f: facts[f].question if f else "A new contested fact")
    fact = facts.get(state.get("ws_cf_fact"))
    building.unsaved_changes(*FACT_FORM[:2], f"{folder}::{state['ws_cf_fact']}",
                             "this contested fact" if fact else "the new contested fact",
                             lambda item: kept_name(item, {f: v.question for f, v in facts.items()},
                                                    "A new contested fact"), FACT_FORM[2])
    st.text_input("The point the sources disagree on, as a question", key="ws_cf_question",
                  placeholder="such as: Did the harvest fail?")
    readings = state.get("ws_cf_readings", [])
    st.markdown(f"**What each source says** ({len(readings)}; two sources at least)")
    for index, item in enumerate(readings):
        with st.container(border=True):
            says = item["says"]
            st.markdown(f"**{literal(says[:1].upper() + says[1:])}** · {literal(case.source_name(item['source']))}")
            st.markdown("> " + literal(item["quote"]))
            linked_passages(item["source"], item["quote"])
            st.button("Take it out", key=f"ws_reading_out_{index}", icon=":material/remove:", on_click=take_out,
                      args=(index,))
    with st.container(border=True):
        st.text_area(literal(f"Another reading: the words of {case.source_name(sid)} (select them in the text)"),
                     key="ws_cf_quote", height=80, placeholder="Select words in the text, or click a sentence")
        st.text_input("What this source says, in a few words", key="ws_cf_says", placeholder="such as: It failed")
        st.button("Add this reading", icon=":material/add:", key="ws_reading_add", on_click=add_reading)
        if state.get("ws_refused_reading"):
            st.error(literal(state["ws_refused_reading"]), icon=":material/block:")
            if state.get("ws_fix_reading"):
                st.button("Use the source's words", key="ws_reading_fix", icon=":material/auto_fix_high:",
                          on_click=use_the_sources_words, args=("ws_cf_quote", "ws_fix_reading"))
    st.text_area("What historians now agree on, where they do (optional, in your own words)", key="ws_cf_scholarship",
                 height=80, help="Background is not evidence: this is shown beside the readings, and counts for "
                                 "nothing in the ranking. Never copy it from a book.")
    st.multiselect("The explanations it bears on", list(case.theses), key="ws_cf_theses", format_func=titles.get,
                   placeholder="Choose explanations (optional)")
    if fact is not None:
        naming = workshop.events_about(case, fact.id)
        if naming:
            st.caption(literal("Dated events that name it: " + "; ".join(workshop.event_name(e) for e in naming)
                               + " (removing the fact takes its name off them)."))
    st.button("Save the contested fact" if fact else "Add the contested fact", type="primary",
              icon=":material/balance:", key="ws_fact_save",
              on_click=building.save("fact", folder, build_fact, fact_saved))
    if fact is not None:
        st.button("Remove the contested fact", icon=":material/delete:", key="ws_fact_remove",
                  on_click=building.save("fact", folder, build_fact_removal, fact_removed))
    building.outcome("fact", problems)


with form:
    st.subheader(WHAT[what], anchor=False)
    if what == EVENT:
        event_form()
    else:
        fact_form()

mine = [p for p in problems if p.file in (layout.TIMELINE, layout.CONTESTED) and p.level != "note"]
told = state.get(building.OUTCOME) or {}
if mine and told.get("place") not in ("event", "fact"):
    building.show_problems(mine, "The timeline and the contested facts have")

"""Build a case: record passages while reading. The source is shown sentence by sentence; pick one sentence or a
run of them, say how it bears on the thesis (and on the others), and it is written into the claim file. A
recorded passage can be changed or removed the same way; suggestions point at sentences worth reading."""

import streamlit as st

from explorer import charts, disk, suggest, vocabulary, workshop
from explorer import quote as quotes
from explorer.disk import layout
from explorer.model import Evidence
from explorer.text import literal
from explorer.ui import building, reader
from explorer.workshop import WorkshopError

folder, case, problems = building.start("Record passages")
state = st.session_state
if case.info is None:
    st.info("Choose a case above, or start one on the page “Start a case or add a source”.")
    st.stop()

ids = building.thesis_files(folder)
files = list(ids)
readable = [s for s in case.sources if s in case.texts]
if not files or not readable:
    st.info("To record passages the case needs a thesis (page “Write a thesis”) and a source with a text (page "
            "“Start a case or add a source”).")
    st.stop()

titles = {name: building.thesis_label(case, name, written) for name, written in ids.items()}
left, right = st.columns(2)
tid = building.pick("thesis", files, page="build_passages")
left.selectbox("The thesis the passage is recorded under", files, key="thesis", format_func=titles.get,
               on_change=building.picked("thesis"))
sid = building.pick("source", readable, page="build_passages")


def other_source() -> None:
    building.picked("source")()
    state["ws_first"] = state["ws_last"] = 0
    state["ws_quote"] = ""  # a quote belongs to its source


right.selectbox("The source you are reading", readable, key="source", format_func=case.source_name,
                on_change=other_source)
rel = workshop.thesis_file(tid)
building.about(f"{folder}::{tid}")
this = ids.get(tid) or tid  # the thesis's id, as its file says it
claim = building.read(folder, rel)
if claim is None:
    st.error("This thesis's file cannot be read: the Problems page says why.")
    st.stop()
written = workshop.passages_in(claim)
text = case.texts[sid]
found = workshop.sentences(text)
if not found:
    st.warning(literal("This source's text has no sentences to quote (it is empty). Choose another source above, or "
                       "add the source's text again on the page “Start a case or add a source”."))
    st.stop()
others = [t for t in case.theses if t != this]
editing = state.get("ws_editing")  # ((folder, thesis), index, the passage as written, its source as written)
if editing is not None and (editing[0] != (str(folder), tid) or editing[1] >= len(written)):
    editing = state["ws_editing"] = None

# --- the source, in full, to read and select from --------------------------------------------------------------

st.subheader(literal(f"Reading: {case.source_name(sid)}"), anchor=False)
st.caption("Select the words to quote in the text (or click a sentence to quote it whole): the passage form beside "
           "it (below it on a phone) fills in. Passages already recorded are highlighted in their explanation's colour, as on the Sources "
           "page; point at one to see which. The passage you are recording has a dark frame.")
NOT_AT_ALL = None
PENDING = reader.PENDING


def sentence_label(i: int) -> str:
    words = found[i].text
    return f"{i + 1}. {words if len(words) <= 90 else words[:87] + '…'}"


def take_sentences() -> None:
    first, last = state.get("ws_first", 0), state.get("ws_last", 0)
    if last < first:
        state["ws_last"] = last = first
    state["ws_quote"] = workshop.quote_from(text, found, first, last)
    state.pop("ws_quote_fix", None)


chosen_below = take_sentences


def use_sentence(i: int) -> None:
    state["ws_first"] = state["ws_last"] = i
    take_sentences()


for key, value in (("ws_first", 0), ("ws_last", 0), ("ws_stance", "supports"), ("ws_strength", 2), ("ws_note", ""),
                   ("ws_quote", "")):
    state.setdefault(key, value)
for key in ("ws_first", "ws_last"):
    if not isinstance(state[key], int) or state[key] >= len(found):
        state[key] = 0

by_thesis = charts.thesis_colours(list(case.theses))
colours = {e.ref: by_thesis[t.id] for t, e in case.passages()}
recorded = [(e.ref, *e.span) for _, e in case.passages() if e.source == sid and e.span]
labels = {e.ref: f"{t.title}: passage {e.ref.rsplit('#', 1)[-1]} ({e.stance})" for t, e in case.passages()}
pending = quotes.locate(state.get("ws_quote", ""), quotes.fold(text)) if state.get("ws_quote", "").strip() else None
spans = recorded + ([(PENDING, pending.start, pending.end)] if pending else [])


def quote_selection(picked: dict) -> None:
    """The reader's callback: what its selection quotes fills the form (and its frame) before the page runs."""
    words = reader.quoted(text, found, picked)
    if words is not None:
        state["ws_quote"], state["ws_first"], state["ws_last"] = words
        state.pop("ws_quote_fix", None)
        building.put("ws_quote", state["ws_quote"])


reading, form = st.columns([3, 2], gap="medium")
with reading:
    reader.source(text, spans, colours, labels, "the passage you are recording", pending is not None,
                  f"ws_reader_{sid}", found, quote_selection)
    with st.expander("Or choose the sentences by number", icon=":material/format_list_numbered:"):
        st.selectbox("From sentence", range(len(found)), key="ws_first", format_func=sentence_label,
                     on_change=chosen_below)
        st.selectbox("To sentence (the same one for a single sentence)", range(len(found)), key="ws_last",
                     format_func=sentence_label, on_change=chosen_below)

TAKEN = "ws_quote_taken"  # (what was typed, the source's words that replaced it): said until the passage changes

# --- the passage, beside the text ------------------------------------------------------------------------------

with form:
    st.subheader(f"Change passage {editing[1] + 1}" if editing else "Record a passage", anchor=False)
    st.text_area("The passage, word for word (you may take fewer words at either end, but not change a word or leave one out)", key="ws_quote",
                 height=110, placeholder="Select words in the text, or click a sentence")
    taken = state.get(TAKEN)
    if taken and taken[1] == state.get("ws_quote"):  # the source's words just replaced what was typed
        st.warning(literal(workshop.words_taken(*taken)), icon=":material/priority_high:")
    elif taken:
        state.pop(TAKEN, None)
    st.radio("How it bears on this thesis", list(vocabulary.STANCES), key="ws_stance",
             format_func=lambda s: vocabulary.STANCES[s].label,
             captions=[s.plain[:1].upper() + s.plain[1:] for s in vocabulary.STANCES.values()])
    st.radio("How strong it is", list(vocabulary.STRENGTHS), key="ws_strength", horizontal=True,
             format_func=lambda n: f"{n}: {vocabulary.STRENGTHS[n].label}",
             help="; ".join(f"{n} {s.label}" + (" (the setting: counts for nothing by default)" if not s.points else "")
                            for n, s in vocabulary.STRENGTHS.items()) + ".")
    st.text_input("Why it matters, in one sentence", key="ws_note")
    naming = [h for h, s in workshop.proponent_pairs(case) if s == sid]
    if naming and not editing:
        building.read(folder, layout.HISTORIANS)
        building.valid("ws_ev_says", [None, *naming])
        st.selectbox("This passage says a historian argues this thesis (optional)", [None, *naming],
                     key="ws_ev_says", format_func=lambda h: case.historians[h].name if h else "(no)",
                     help="Records the historian's view (shown on the page “Historians and their views”), with "
                          "this passage as its quote, and names them as one who argues this thesis, on this source's "
                          "word: one change.")
    for other in others:
        building.valid(f"ws_bears_{other}", [None, *vocabulary.STANCES])
    if others:
        st.markdown("**How it bears on the other theses** (one click each; click again to take it back)")
        st.caption(literal(vocabulary.stances_explained()[:1].upper() + vocabulary.stances_explained()[1:]))
        for other in others:
            st.segmented_control(literal(case.theses[other].title), list(vocabulary.STANCES),
                                 key=f"ws_bears_{other}", format_func=lambda s: vocabulary.STANCES[s].label)


def the_passage(source: str, current: str, editing_index: int | None = None) -> dict:
    """The passage the form holds, checked before anything is written: its fields, its words against the source
    (a misquote refused with the source's words, to take in one click), and not a second copy of a passage."""
    bears = {o: state[f"ws_bears_{o}"] for o in others if state.get(f"ws_bears_{o}")}
    words = " ".join(state.get("ws_quote", "").split())
    if not words:
        raise WorkshopError("Select the words to quote in the text (or click a sentence), then record the passage")
    record = workshop.passage(source, words, state.ws_stance, int(state.ws_strength), state.get("ws_note", ""), bears)
    found_problems = workshop.check(Evidence, record, rel)
    if found_problems:
        raise building.form_refusal(found_problems, {"quote": "the passage", "note": "why it matters", "stance": "the stance", "strength": "the strength"})
    if source in case.texts:
        # a passage being changed is not a second copy of another: only a new one is checked for copies
        others_written = [] if editing_index is not None else workshop.passages_in(current)
        try:
            workshop.check_quote(words, case.texts[source], case.source_name(source), others_written, source)
        except workshop.Misquote as err:
            state["ws_quote_fix"] = err.fix
            raise
    return record


def build_new():
    current = disk.current(folder, rel)
    if current is None:
        raise WorkshopError("this thesis's file is no longer there (removed from the computer?)")
    state["ws_field"] = f"evidence[{len(workshop.passages_in(current))}]"
    record = the_passage(sid, current)
    files = {rel: workshop.add_passage(current, rel, record)}
    says = state.get("ws_ev_says")
    if says in case.historians and this in case.theses:  # the view, its quote and the proponent, together
        statement = case.theses[this].statement.rstrip(".")
        view = {"summary": f"Argues that {statement[:1].lower()}{statement[1:]}.", "source": sid,
                "quote": record["quote"], "thesis": this}
        files[layout.HISTORIANS] = workshop.add_view(disk.current(folder, layout.HISTORIANS) or "", says, view)
        files[rel] = workshop.add_proponent(files[rel], rel, says, sid)
        what = (f"record a passage of {case.source_name(sid)} under “{titles[tid]}”, and that it says "
                f"{case.historians[says].name} argues it")
        return what, files
    return f"record a passage of {case.source_name(sid)} under “{titles[tid]}”", files


def build_edit():
    _, index, as_written, source = state["ws_editing"]
    current = disk.current(folder, rel)
    if current is None:
        raise WorkshopError("this thesis's file is no longer there (removed from the computer?)")
    try:
        index = workshop.find_passage(current, rel, index, as_written)
    except WorkshopError:
        state["ws_editing"] = None  # the form records what was typed as a new passage, if asked
        raise
    state["ws_field"] = f"evidence[{index}]"
    # a passage of a source with no text keeps its source: the list of sources cannot show it
    return (f"change passage {index + 1} of “{titles[tid]}”",
            {rel: workshop.update_passage(current, rel, index,
                                          the_passage(sid if source in readable else source, current, index),
                                          shown_bears(workshop.passages_in(current)[index]))})


def shown_bears(item: dict) -> set[str]:
    """The other theses whose line the form showed as the file has it: only those a save may clear."""
    bears = item.get("bears_on") if isinstance(item.get("bears_on"), dict) else {}
    return {o for o in others if bearing(bears.get(o)) in (NOT_AT_ALL, *vocabulary.STANCES)}


def bearing(how) -> str | None:
    """How a passage bears on another thesis as the form shows it: a stance, NOT_AT_ALL, or None when the file
    says it in a way the form cannot show."""
    how = how.get("stance") if isinstance(how, dict) else how
    return NOT_AT_ALL if how is None else how if isinstance(how, str) and how in vocabulary.STANCES else None


def edit_stale() -> str:
    """After a refusal because the claim file changed on disk: still changing the passage when it is in the file
    as it was chosen (where it is now), else no longer (what was typed stays in the form)."""
    where, index, as_written, source = state["ws_editing"]
    try:
        now = workshop.find_passage(disk.current(folder, rel) or "", rel, index, as_written)
    except (WorkshopError, disk.WriteRefused):
        state["ws_editing"] = None
        return (f"Passage {index + 1} itself was changed or removed, so the form no longer changes it: record what "
                "you typed as a new passage, or choose the passage again below.")
    state["ws_editing"] = (where, now, as_written, source)
    return building.AGAIN


def clear() -> None:
    """After a passage is recorded: the form empties (the selection with it), ready for the next."""
    state["ws_quote"] = ""
    state["ws_note"] = ""
    state["ws_ev_says"] = None
    state["ws_editing"] = None
    state.pop("ws_quote_fix", None)
    state.pop(TAKEN, None)
    for other in others:
        state[f"ws_bears_{other}"] = NOT_AT_ALL


def use_the_sources_words() -> None:
    typed = state.get("ws_quote", "")
    state["ws_quote"] = state.pop("ws_quote_fix")
    state[TAKEN] = (typed, state["ws_quote"])
    state.pop(building.OUTCOME, None)


with form:
    if editing:
        left, right = st.columns([1, 1])
        left.button(f"Save passage {editing[1] + 1}", type="primary", icon=":material/save:", key="ws_save_edit",
                    on_click=building.save("passage", folder, build_edit, clear, edit_stale))
        right.button("Stop changing it", key="ws_cancel_edit", on_click=clear)
    else:
        st.button("Record this passage", type="primary", icon=":material/add_comment:", key="ws_record",
                  on_click=building.save("passage", folder, build_new, clear))
    building.outcome("passage", problems, state.get("ws_field", ""))
    told = state.get(building.OUTCOME) or {}
    if state.get("ws_quote_fix") and told.get("place") == "passage" and told.get("kind") == "error":
        st.button("Use the source's words", key="ws_use_fix", icon=":material/auto_fix_high:",
                  on_click=use_the_sources_words)

# --- suggestions -------------------------------------------------------------------------------------

if this in case.theses:
    dismissed = state.setdefault("ws_dismissed", set())
    offered = [s for s in suggest.suggest(case, this, sid, top=10) if (sid, s.start) not in dismissed][:5]
    with st.expander(f"Suggested sentences to read ({len(offered)})", icon=":material/lightbulb:"):
        st.caption("Sentences of this source that no passage records yet, those sharing the most (and the rarest) "
                   "words with the thesis first: its title, statement, summary and passages. Titles, headings and a "
                   "site's banners are left out. A suggestion is a place to read, not evidence: use it only if it "
                   "bears on the thesis (a sentence may bear on it without sharing a word).")
        starts = {s.start: i for i, s in enumerate(found)}
        for n, hint in enumerate(offered):
            row = st.columns([6, 1, 1], vertical_alignment="center")
            row[0].markdown(literal(f"{hint.text} (line {hint.line}: it {hint.why()})"))
            row[1].button("Use it", key=f"ws_use_{n}", on_click=use_sentence, args=(starts.get(hint.start, 0),))
            row[2].button("Dismiss", key=f"ws_dismiss_{n}", on_click=dismissed.add, args=((sid, hint.start),))
        if not offered:
            st.write("No unrecorded sentence of this source shares words with the thesis.")

# --- the passages recorded in the claim file ----------------------------------------------------------


def start_editing(index: int) -> None:
    item = written[index]
    state["ws_editing"] = ((str(folder), tid), index, workshop.as_written(item), item.get("source"))
    if item.get("source") in readable:
        building.put_pick("source", item["source"])
        loaded = next((e for e in case.theses[this].evidence if e.ref == f"{this}#{index + 1}"), None) \
            if this in case.theses else None
        if loaded is not None and loaded.span:  # the sentences it quotes, chosen in the lists
            under = [i for i, s in enumerate(workshop.sentences(case.texts[item["source"]]))
                     if s.start < loaded.span[1] and loaded.span[0] < s.end]
            if under:
                state["ws_first"], state["ws_last"] = under[0], under[-1]
    state["ws_quote"] = " ".join(str(item.get("quote", "")).split())
    stance, strength = item.get("stance"), item.get("strength")
    state["ws_stance"] = stance if isinstance(stance, str) and stance in vocabulary.STANCES else "supports"
    state["ws_strength"] = strength if isinstance(strength, int) and strength in vocabulary.STRENGTHS else 2
    state["ws_note"] = " ".join(str(item.get("note", "")).split())
    bears = item.get("bears_on") if isinstance(item.get("bears_on"), dict) else {}
    for other in others:
        state[f"ws_bears_{other}"] = bearing(bears.get(other)) or NOT_AT_ALL


def build_removal(index: int, as_written: str):
    def build():
        current = disk.current(folder, rel)
        if current is None:
            raise WorkshopError("this thesis's file is no longer there (removed from the computer?)")
        now = workshop.find_passage(current, rel, index, as_written)  # the one clicked, even if it moved
        state["ws_field"] = "evidence"
        return f"remove passage {now + 1} of “{titles[tid]}”", {rel: workshop.remove_passage(current, rel, now)}
    return build


st.subheader(literal(f"Passages recorded under “{titles[tid]}” ({len(written)})"), anchor=False)
if not written:
    st.write("None yet.")
for index, item in enumerate(written):
    with st.container(border=True):
        st.markdown("> " + literal(" ".join(str(item.get("quote", "")).split())))
        strength = vocabulary.STRENGTHS.get(item.get("strength")) if isinstance(item.get("strength"), int) else None
        st.caption(literal(f"Passage {index + 1} · {case.source_name(str(item.get('source')))} · "
                           f"{item.get('stance')} · {strength.label if strength else item.get('strength')}"))
        st.markdown(literal(" ".join(str(item.get("note", "")).split())))
        mine = [p for p in problems if p.file == rel and p.level != "note"
                and (p.field == f"evidence[{index}]" or p.field.startswith(f"evidence[{index}]."))]
        building.show_problems(mine, "This passage has")
        left, right, _ = st.columns([1, 1, 4])
        left.button("Change it", key=f"ws_edit_{index}", on_click=start_editing, args=(index,),
                    icon=":material/edit:")
        right.button("Remove it", key=f"ws_remove_{index}", icon=":material/delete:",
                     on_click=building.save("passage", folder, build_removal(index, workshop.as_written(item)),
                                             clear))

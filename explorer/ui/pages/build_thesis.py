"""Build a case: write a thesis (a claim file) or change one: its title, statement, summary, scope, the
historians who argue it and how it links to the other theses. Its passages are recorded on the next page."""

import streamlit as st

from explorer import disk, vocabulary, workshop
from explorer.model import Thesis
from explorer.text import literal
from explorer.ui import audience, building
from explorer.ui import case as served
from explorer.workshop import WorkshopError

folder, case, problems = building.start("Write a thesis")
state = st.session_state
if case.info is None:
    st.info("Choose a case above, or start one on the page “Start a case or add a source”.")
    st.stop()

NEW = ""
ids = building.thesis_files(folder)
files = list(ids)
titles = {name: building.thesis_label(case, name, written) for name, written in ids.items()}
chosen = building.pick("thesis", [NEW, *files], NEW, page="build_thesis")
st.selectbox("The thesis", [NEW, *files], key="thesis", format_func=lambda t: titles.get(t, "A new thesis"),
             on_change=building.picked("thesis"))
rel = workshop.thesis_file(chosen) if chosen != NEW else None
text = building.read(folder, rel) if rel else None

building.about(f"{folder}::{chosen}")
historians = case.historians
on_file = workshop.load(text) if text else None
written_pairs = [f"{p.get('historian')}|{p.get('source')}" for p in
                 ((on_file.get("proponents") if isinstance(on_file, dict) else None) or []) if isinstance(p, dict)]
pairs = [f"{h}|{s}" for h, s in workshop.proponent_pairs(case)]
pairs += [p for p in written_pairs if p not in pairs and p.split("|")[0] in historians
          and p.split("|")[-1] in case.sources]
this = ids.get(chosen) or chosen  # the thesis's id, as its file says it
others = [t for t in case.theses if t != this]
NO_LINK = ""
KEPT = ("Saving again writes only the fields you changed in the form over the file as it is now, so that the "
        "other change is kept.")


def pair_name(pair: str) -> str:
    historian, source = pair.split("|")
    return f"{historians[historian].name}, according to {case.source_name(source)}"


FILLED = "ws_th_filled"  # the record the form was filled from: a save writes only what differs from it


questions = {q.id: q for q in case.questions()}
MAIN = next(iter(questions))  # the case's own question: a thesis that answers it names none
GAP = "ws_th_gap_{}_{}"  # what the scholarship says that no source of the case shows: a text and its works a point


def gap_slots() -> int:
    """How many points the form shows: those filled, and one empty for the next."""
    filled = [i for i in range(state.get("ws_thgaps_count", 0) + 50)
              if str(state.get(GAP.format(i, "says"), "")).strip()]
    return (filled[-1] + 2) if filled else 1


def record() -> dict:
    out = {key: state.get(f"ws_th_{key}", "").strip() for key in workshop.TEXT_FIELDS}
    if len(questions) > 1:  # a case of one question: every thesis answers it, and the field is left as it is
        out["question"] = None if state.get("ws_th_question", MAIN) == MAIN else state["ws_th_question"]
    out["gaps"] = [{"says": str(state.get(GAP.format(i, "says"), "")).strip(),
                    "works": list(state.get(GAP.format(i, "works"), []))}
                   for i in range(gap_slots()) if str(state.get(GAP.format(i, "says"), "")).strip()]
    out["proponents"] = [dict(zip(("historian", "source"), p.split("|"), strict=True))
                         for p in state.get("ws_th_proponents", [])]
    out["links"] = [{"thesis": other, "relation": state[f"ws_th_link_{other}"]} for other in others
                    if state.get(f"ws_th_link_{other}")]
    return out


# Fill the form from the file when another thesis (or case) is chosen; never over what is being typed. A new
# thesis typed and not written is kept aside (DRAFT) when another thesis is opened, and put back when "A new
# thesis" is chosen again.
DRAFT = "ws_th_draft"  # the case folder -> the new thesis's fields as typed
loaded = (str(folder), chosen)
drafts = state.setdefault(DRAFT, {})
ITEM = f"{folder}::{chosen}"  # the thesis the form shows, for its changes not saved (building.set_aside)
if state.get("ws_th_loaded") != loaded:
    building.set_aside("thesis", "ws_th_", ITEM)
if state.get("ws_th_loaded") == (str(folder), NEW) and chosen != NEW:
    drafts[str(folder)] = {k: state[k] for k in list(state) if isinstance(k, str) and k.startswith("ws_th_")
                           and building.kept_field(k)}
if state.get("ws_th_loaded") != loaded and chosen == NEW and drafts.get(str(folder)):
    for key, value in drafts.pop(str(folder)).items():
        building.put(key, value)
    state["ws_th_loaded"] = loaded
    state[FILLED] = {}
    building.forget_filled("thesis")
elif state.get("ws_th_loaded") != loaded:
    data = workshop.load(text) if text else {}
    data = data if isinstance(data, dict) else {}
    building.put("ws_th_id", "")
    for key in workshop.TEXT_FIELDS:
        value = data.get(key, "")
        paragraphs = [" ".join(p.split()) for p in str(value or "").split("\n\n")]
        building.put(f"ws_th_{key}", "\n\n".join(p for p in paragraphs if p))  # a paragraph a block
    if not isinstance(data.get("scope"), str) or state["ws_th_scope"] not in vocabulary.SCOPES:
        building.put("ws_th_scope", next(iter(vocabulary.SCOPES)))
    building.put("ws_th_proponents", [f"{p.get('historian')}|{p.get('source')}" for p in data.get("proponents") or []
                                 if isinstance(p, dict) and f"{p.get('historian')}|{p.get('source')}" in pairs])
    links = {str(link.get("thesis")): link.get("relation") for link in data.get("links") or [] if isinstance(link, dict)}
    for other in others:
        how = links.get(other)
        building.put(f"ws_th_link_{other}", how if isinstance(how, str) and how in vocabulary.RELATIONS else NO_LINK)
    asked = data.get("question")
    building.put("ws_th_question", asked if isinstance(asked, str) and asked in questions else MAIN)
    gaps = [g for g in data.get("gaps") or [] if isinstance(g, dict)]
    for i in range(max(len(gaps), state.get("ws_thgaps_count", 0)) + 1):
        found = gaps[i] if i < len(gaps) else {}
        works = found.get("works") if isinstance(found.get("works"), list) else []
        building.put(GAP.format(i, "says"), " ".join(str(found.get("says") or "").split()))
        building.put(GAP.format(i, "works"), [w for w in works if w in case.sources])
    state["ws_thgaps_count"] = len(gaps)
    state["ws_th_loaded"] = loaded
    state[FILLED] = record()
    if chosen != NEW:
        building.filled("thesis", "ws_th_", ITEM)
    else:
        building.forget_filled("thesis")


def build():
    fields = record()
    if chosen == NEW:
        tid = state.get("ws_th_id", "").strip() or workshop.id_made_from(fields["title"],
                                                                          "give it a short name, such as alliances")
        if not tid:
            raise WorkshopError("Write the thesis's title (its short name is made from it)")
        workshop.check_id(tid, "thesis")
        target = workshop.thesis_file(tid)
        if disk.current(folder, target) is not None:
            raise WorkshopError(f"this case already has a thesis with the short name “{tid}”; choose it above to "
                                "change it, or give another short name")
        full = {"id": tid, **fields}
    else:
        tid, target = this, rel
        full = {"id": tid, **fields}
    found = workshop.check(Thesis, full, target)
    if found:
        raise building.form_refusal(found, {"title": "the title", "statement": "the statement", "summary": "the summary", "scope": "the scope"})
    if chosen == NEW:
        return f"write the thesis “{fields['title']}”", {target: workshop.new_thesis(full)}
    current = disk.current(folder, target)
    if current is None:
        raise WorkshopError("this thesis's file is no longer there (removed from the computer?); choose “A new thesis” "
                            "to write it again")
    return f"change the thesis “{fields['title']}”", {target: workshop.update_thesis(current, target, fields,
                                                                                   state.get(FILLED))}


def open_it():
    state[FILLED] = record()
    if chosen == NEW:
        drafts.pop(str(folder), None)
        tid = state.get("ws_th_id", "").strip() or workshop.id_from(record()["title"])
        building.put_pick("thesis", tid)
        state["ws_th_loaded"] = (str(folder), tid)


draft = drafts.get(str(folder)) if chosen != NEW else None
if draft and (str(draft.get("ws_th_title", "")).strip() or str(draft.get("ws_th_statement", "")).strip()):
    st.caption(literal(f"Your new thesis “{' '.join(str(draft.get('ws_th_title', '')).split()) or 'with no title yet'}” "
                       "is not written yet: it is kept for you. Choose “A new thesis” above to go on with it."))
if chosen != NEW:
    building.unsaved_changes("thesis", "ws_th_", ITEM, "this thesis",
                             lambda item: titles.get(item.removeprefix(f"{folder}::"))
                             if item.startswith(f"{folder}::") else None)
st.text_input("Title: the explanation in a few words", key="ws_th_title", placeholder="such as: The alliance system")
if chosen == NEW:
    st.text_input("A short name for it (optional: left empty, it is made from the title)", key="ws_th_id",
                  placeholder="such as alliances", help="Only the letters a to z, digits and _. Students never see it.")
st.text_area("Statement: the explanation in one sentence", key="ws_th_statement", height=80,
             placeholder="such as: The alliances turned a local war into a general one.")
st.text_area("Summary: what the sources say for and against it", key="ws_th_summary", height=120)
st.selectbox("Scope", list(vocabulary.SCOPES), key="ws_th_scope", format_func=lambda s: vocabulary.SCOPES[s],
             help="What the explanation looks at: politics at home, relations abroad, the people, the system, the economy, society, religion, culture, war or the environment.")
if len(questions) > 1:
    building.valid("ws_th_question", list(questions))
    st.selectbox("Which question of the case it answers", list(questions), key="ws_th_question",
                 format_func=lambda q: literal(questions[q].question) + (" (the case's main question)"
                                                                        if q == MAIN else ""),
                 help="An explanation is ranked only beside the others that answer the same question.")
st.multiselect("Historians who argue it, and the source that says so", pairs, key="ws_th_proponents",
               format_func=pair_name, placeholder="Choose from the historians of this case",
               help="Only historians added on the page “Historians and their views” can be chosen, each with a "
                    "source of this case that names them.")
if others:
    st.markdown("**How this thesis links to each of the others**")
    columns = st.columns(2)
    for i, other in enumerate(others):
        columns[i % 2].selectbox(literal(case.theses[other].title), [NO_LINK, *vocabulary.RELATIONS],
                                 key=f"ws_th_link_{other}",
                                 format_func=lambda r: f"this thesis {vocabulary.RELATIONS[r].label} it" if r else "(no link)")
st.markdown("**What historians say about it that none of this case's sources shows** (optional)")
st.caption("In your own words, never copied from a book. It is shown beside the explanation's rank, and counts for "
           "nothing in it. Name the works it rests on where they are among the sources (a book can be listed there "
           "without its text). Empty a point to take it out.")
for i in range(gap_slots()):
    building.valid(GAP.format(i, "works"), list(case.sources), many=True)
    left, right = st.columns([3, 2])
    left.text_area(f"Point {i + 1}: what historians say", key=GAP.format(i, "says"), height=68,
                   placeholder="such as: Letters found in the archives show the owner planned to sell")
    right.multiselect(f"Point {i + 1}: the works it rests on", list(case.sources), key=GAP.format(i, "works"),
                      format_func=case.source_name, placeholder="Choose sources (optional)")
incoming = [(other, link) for other, t in case.theses.items() if other != this for link in t.links
            if link.thesis == this]
if incoming:  # a link is shown from both sides: those the other theses' files record to this one
    st.caption(literal("Recorded in the other theses' files (change them there): " + "; ".join(
        f"“{case.theses[other].title}” {vocabulary.RELATIONS[link.relation].sentence} this thesis"
        for other, link in incoming) + "."))
timeline_links = workshop.linked_to_thesis(case, this) if this in case.theses else []
if timeline_links:  # the timeline's and the contested facts' links to this thesis, from their side
    st.caption(literal(" ".join(timeline_links) + f" Change them on the page “{audience.EVENTS_PAGE}”."))
label = "Write the thesis" if chosen == NEW else "Save the changes"
st.button(label, type="primary", icon=":material/save:", key="ws_th_save",
          on_click=building.save("thesis", folder, build, open_it, lambda: KEPT))
building.outcome("thesis", problems)
if rel:
    building.for_authors(f"This thesis is saved in the file {rel}.")
    mine = [p for p in problems if p.file == rel and p.level != "note"]
    told = state.get(building.OUTCOME) or {}
    if mine and told.get("place") != "thesis":
        building.show_problems(mine, "This thesis has")
    st.page_link("explorer/ui/pages/build_passages.py", label="Record its passages", icon=":material/format_quote:",
                 query_params={"thesis": chosen, "case": served.chosen().name})

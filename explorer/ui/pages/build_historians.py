"""Build a case: the historians it names, and what a source says each argues (a view), which may make them a
proponent of a thesis in the same change."""

import streamlit as st

from explorer import disk, vocabulary, workshop
from explorer.disk import layout
from explorer.model import Historian, View
from explorer.text import literal
from explorer.ui import building
from explorer.workshop import WorkshopError

folder, case, problems = building.start("Historians and their views")
state = st.session_state
if case.info is None:
    st.info("Choose a case above, or start one on the page “Start a case or add a source”.")
    st.stop()
building.about(str(folder))
building.read(folder, layout.HISTORIANS)  # what a save checks the file against
st.caption("A historian's view is recorded only where a source says what they argue: the view names that source, "
           "and, where it can, quotes its words.")

# --- who is there ------------------------------------------------------------------------------------------------

pairs = workshop.proponent_pairs(case)
for historian in case.historians.values():
    named = [case.source_name(s) for h, s in pairs if h == historian.id]
    with st.container(border=True):
        st.markdown(f"**{literal(historian.name)}**" + (f" — {literal(historian.about)}" if historian.about else ""))
        st.caption(literal(f"{vocabulary.WRITER_KINDS[historian.kind].label[:1].upper()}"
                           f"{vocabulary.WRITER_KINDS[historian.kind].label[1:]} · Named in: "
                           + (", ".join(named) if named else "no source of this case")))
        for view in historian.views:
            about = f" (for “{case.theses[view.thesis].title}”)" if view.thesis in case.theses else ""
            st.markdown(literal(f"{view.summary}{about} — according to {case.source_name(view.source)}"))
if not case.historians:
    st.write("No historian yet.")

# --- a new historian ---------------------------------------------------------------------------------------------


def build_historian():
    name = " ".join(state.get("ws_hist_name", "").split())
    if not name:
        raise WorkshopError("Write the historian's name, such as Edward Gibbon")
    hid = state.get("ws_hist_id", "").strip() or workshop.id_made_from(name, "give them a short name, such as gibbon")
    workshop.check_id(hid, "historian")
    kind = state.get("ws_hist_kind") or "historian"
    record = {"id": hid, "name": name, "kind": kind, "about": " ".join(state.get("ws_hist_about", "").split()),
              "works": list(state.get("ws_hist_works", []))}
    found = workshop.check(Historian, record, layout.HISTORIANS)
    if found:
        raise building.form_refusal(found, {"name": "the name", "id": "the short name", "kind": "what kind of writer"})
    if kind == "historian":  # the default: the file says a kind only where it is another
        del record["kind"]
    return f"add the historian {name}", {layout.HISTORIANS: workshop.add_historian(
        disk.current(folder, layout.HISTORIANS), record)}


def historian_added() -> None:
    for key in ("ws_hist_name", "ws_hist_id", "ws_hist_about"):
        state[key] = ""
    state["ws_hist_works"] = []
    state["ws_hist_kind"] = "historian"


def kind_label(kind: str) -> str:
    """What kind of writer, as a list offers it: the kind and what it means for the ranking."""
    return f"{vocabulary.WRITER_KINDS[kind].label[:1].upper()}{vocabulary.WRITER_KINDS[kind].label[1:]}: " \
           f"{vocabulary.WRITER_KINDS[kind].plain}"


KIND_HELP = ("Only a scholar's view (a historian's or a political scientist's) counts as scholarly backing in the "
             "ranking; a journalist or someone who took part is shown, but not counted.")


st.header("Add a historian", anchor=False)
left, right = st.columns([2, 1])
left.text_input("Their name, as a reader knows it", key="ws_hist_name", placeholder="such as Edward Gibbon")
right.text_input("A short name for them (optional: left empty, it is made from the name)", key="ws_hist_id",
                 placeholder="such as gibbon", help="Only the letters a to z, digits and _. Students never see it.")
st.text_input("Who they are, in a few words (optional)", key="ws_hist_about",
              placeholder="such as: English historian of the 18th century")
building.valid("ws_hist_kind", list(vocabulary.WRITER_KINDS))
state.setdefault("ws_hist_kind", "historian")
st.selectbox("What kind of writer they are", list(vocabulary.WRITER_KINDS), key="ws_hist_kind",
             format_func=kind_label, help=KIND_HELP)
building.valid("ws_hist_works", list(case.sources), many=True)
st.multiselect("Their own works among the sources (optional)", list(case.sources), key="ws_hist_works",
               format_func=case.source_name)
st.button("Add the historian", type="primary", icon=":material/person_add:", key="ws_hist_save",
          on_click=building.save("historian", folder, build_historian, historian_added))
building.outcome("historian", problems)

# --- a historian already recorded: their name, kind, who they are, their works --------------------------------------

if case.historians:
    with st.expander("Change a historian: their name, what kind of writer they are, who they are, their works",
                     icon=":material/manage_accounts:"):
        names = list(case.historians)
        building.valid("ws_hist_edit", names)
        editing = st.selectbox("The historian to change", names, key="ws_hist_edit",
                               format_func=lambda h: case.historians[h].name)
        item = f"{folder}::{editing}"  # the historian the form shows, for its changes not saved
        if state.get("ws_hist_edit_of") != (str(folder), editing):
            building.set_aside("historian_change", "ws_hist_edit_", item)
            person = case.historians[editing]
            building.put("ws_hist_edit_name", person.name)
            building.put("ws_hist_edit_kind", person.kind)
            building.put("ws_hist_edit_about", person.about)
            building.put("ws_hist_edit_works", [w for w in person.works if w in case.sources])
            state["ws_hist_edit_of"] = (str(folder), editing)
            building.filled("historian_change", "ws_hist_edit_", item)

        def build_change():
            name = " ".join(state.get("ws_hist_edit_name", "").split())
            if not name:
                raise WorkshopError("Write the historian's name, such as Edward Gibbon")
            record = {"name": name, "kind": state.get("ws_hist_edit_kind") or "historian",
                      "about": " ".join(state.get("ws_hist_edit_about", "").split()),
                      "works": list(state.get("ws_hist_edit_works", []))}
            found = workshop.check(Historian, {"id": editing, **record}, layout.HISTORIANS)
            if found:
                raise building.form_refusal(found, {"name": "the name", "kind": "what kind of writer"})
            current = disk.current(folder, layout.HISTORIANS)
            if current is None:
                raise WorkshopError("this case's list of historians is no longer there (removed from the computer?)")
            return f"change the historian {name}", {layout.HISTORIANS: workshop.update_historian(current, editing,
                                                                                                 record)}

        def changed() -> None:
            state.pop("ws_hist_edit_of", None)  # filled again from the file as saved

        building.unsaved_changes("historian_change", "ws_hist_edit_", item, "this historian",
                                 lambda other: case.historians[other.split("::")[-1]].name
                                 if other.startswith(f"{folder}::") and other.split("::")[-1] in case.historians
                                 else None)
        st.text_input("Their name", key="ws_hist_edit_name")
        st.selectbox("What kind of writer they are", list(vocabulary.WRITER_KINDS), key="ws_hist_edit_kind",
                     format_func=kind_label, help=KIND_HELP)
        st.text_input("Who they are, in a few words (optional)", key="ws_hist_edit_about")
        building.valid("ws_hist_edit_works", list(case.sources), many=True)
        st.multiselect("Their own works among the sources (optional)", list(case.sources), key="ws_hist_edit_works",
                       format_func=case.source_name)
        st.button("Save the historian", type="primary", icon=":material/save:", key="ws_hist_edit_save",
                  on_click=building.save("historian_change", folder, build_change, changed))
    building.outcome("historian_change", problems)

# --- a view: what a source says a historian argues ---------------------------------------------------------------

if case.historians:
    st.header("What a source says a historian argues", anchor=False)
    NONE = ""
    historians = list(case.historians)
    building.valid("ws_hist_view_of", historians)
    chosen = st.selectbox("The historian", historians, key="ws_hist_view_of",
                          format_func=lambda h: case.historians[h].name)
    naming = [s for h, s in pairs if h == chosen] or list(case.sources)
    building.valid("ws_hist_source", naming)
    st.selectbox("The source that says so", naming, key="ws_hist_source", format_func=case.source_name,
                 help="Only sources that name the historian are offered (or, when none does, every source).")
    st.text_area("Its words, word for word (optional, but a quote lets a reader check it)", key="ws_hist_quote",
                 height=80)
    st.text_input("What it says they argue, in your words", key="ws_hist_summary",
                  placeholder="such as: blames the rise of Christianity")
    building.valid("ws_hist_thesis", [NONE, *case.theses])
    st.selectbox("The thesis this view backs (optional)", [NONE, *case.theses], key="ws_hist_thesis",
                 format_func=lambda t: case.theses[t].title if t else "(none)")
    state.setdefault("ws_hist_proponent", False)  # ticked only by a click: nothing ticks it for you
    st.checkbox("Also name them as a historian who argues this thesis (a proponent), on this source's word",
                key="ws_hist_proponent", disabled=not state.get("ws_hist_thesis"),
                help="Ticked, the thesis's page says “Argued by …” with their name, and a scholar counts in its "
                     "scholarly backing. Left empty, the view is only listed under the historian. Choose a thesis "
                     "above first.")
    if state.get("ws_hist_thesis"):
        building.read(folder, workshop.thesis_file(state["ws_hist_thesis"]))

    def build_view():
        source = state.get("ws_hist_source")
        words = " ".join(state.get("ws_hist_quote", "").split())
        thesis = state.get("ws_hist_thesis") or None
        view = {"summary": " ".join(state.get("ws_hist_summary", "").split()), "source": source,
                "quote": words or None, "thesis": thesis}
        found = workshop.check(View, view, layout.HISTORIANS)
        if found:
            raise building.form_refusal(found, {"summary": "what it says they argue", "source": "the source"})
        if words and source in case.texts:
            workshop.check_quote(words, case.texts[source], case.source_name(source), [], source)
        current = disk.current(folder, layout.HISTORIANS)
        if current is None:
            raise WorkshopError("this case has no historians yet; add one first")
        files = {layout.HISTORIANS: workshop.add_view(current, chosen, view)}
        if thesis and state.get("ws_hist_proponent"):
            rel = workshop.thesis_file(thesis)
            claim = disk.current(folder, rel)
            if claim is None:
                raise WorkshopError("the thesis's file is no longer there (removed from the computer?)")
            files[rel] = workshop.add_proponent(claim, rel, chosen, source)
        what = f"record what {case.source_name(source)} says {case.historians[chosen].name} argues"
        if len(files) > 1:
            what += f", and name them as a historian who argues “{case.theses[thesis].title}”"
        return what, files

    def view_added() -> None:
        state["ws_hist_quote"] = state["ws_hist_summary"] = ""

    st.button("Record the view", type="primary", icon=":material/record_voice_over:", key="ws_hist_view_save",
              on_click=building.save("view", folder, build_view, view_added))
    building.outcome("view", problems)

"""Build a case: start a new case, and bring in a source from pasted text or a file (the extractors of
`explorer add-source`)."""

import streamlit as st

from explorer import disk, extract, schema, vocabulary, workshop
from explorer.model import Source
from explorer.text import literal
from explorer.ui import building
from explorer.ui import case as served
from explorer.workshop import WorkshopError

folder, case, problems = building.start("Start a case or add a source")
state = st.session_state
root = building.workshop_root()
building.about(f"{folder}")

# --- a new case ------------------------------------------------------------------------------------


QUESTION_MISSING = "Write the question the case asks, such as “Why did the First World War break out?”"


def new_case_folder():
    name = state.get("ws_case_name", "").strip() or workshop.id_made_from(
        state.get("ws_case_title", "") or state.get("ws_question", ""), "give a name for its folder, such as ww1")
    if not name:
        raise WorkshopError(QUESTION_MISSING)
    return disk.new_case_folder(root, workshop.check_id(name, "case folder"))


def build_case():
    target = new_case_folder()
    if target.exists() and (not target.is_dir() or any(p.is_file() for p in target.rglob("*"))):
        raise WorkshopError(f"a case named `{target.name}` already exists in {root}; choose it above, or give "
                            "another name")
    question = " ".join(state.get("ws_question", "").split())
    if not question:
        raise WorkshopError(QUESTION_MISSING)
    if state.get("ws_case_start") is None or state.get("ws_case_end") is None:
        raise WorkshopError("Give the period the case covers: its first year and its last year")
    start, end = int(state.ws_case_start), int(state.ws_case_end)
    if start > end:
        raise WorkshopError(f"the period starts in {start}, after it ends ({end}): give the first year, then the last")
    title = " ".join(state.get("ws_case_title", "").split()) or None
    files = workshop.new_case(question, title, (start, end), {n: schema.render(n) for n in schema.TITLES})
    return f"start the case “{title or question}” in the folder {target.name}", files


def open_new_case():
    served.choose(new_case_folder().name)


with st.expander("Start a new case", icon=":material/create_new_folder:", expanded=case.info is None):
    st.caption(literal(f"A new case is a folder in {root}. It starts with case.yaml, an empty sources.yaml and "
                       "theses/ folder, and the schemas; it has no thesis until you write one."))
    st.text_input("The question the case asks", key="ws_question",
                  placeholder="such as: Why did the First World War break out?")
    st.text_input("A short title (left empty, the question is the title)", key="ws_case_title")
    state.setdefault("ws_case_start", None)
    state.setdefault("ws_case_end", None)
    left, right = st.columns(2)
    left.number_input("The period it covers: first year (a year before the common era as a negative number)",
                      step=1, format="%d", key="ws_case_start", min_value=-9999, max_value=9999,
                      placeholder="such as 1900")
    right.number_input("Last year", step=1, format="%d", key="ws_case_end", min_value=-9999, max_value=9999,
                       placeholder="such as 1914")
    st.text_input("A name for its folder (lower-case letters, digits and underscores; left empty, it is made "
                  "from the title)", key="ws_case_name", placeholder="such as ww1")
    st.button("Start the case", type="primary", icon=":material/add:", key="ws_start_case",
              on_click=building.save("new_case", new_case_folder, build_case, open_new_case,
                                     within=root, folders=("theses", "texts")))
building.outcome("new_case", problems)  # outside: the section closes once the case is started

if case.info is None:
    st.info("Choose a case above, or start one, to add its sources.")
    st.stop()
st.page_link("explorer/ui/pages/compare.py", label=literal(f"Explore “{case.title}” on Compare"),
             icon=":material/leaderboard:", query_params={"case": served.chosen().name})

# --- a source --------------------------------------------------------------------------------------

st.header("Add a source", anchor=False)
st.caption(literal(f"Into {case.title} (the folder {folder.name}). Its text is saved as texts/<id>.txt exactly as it was read "
                   "(passages are checked against it, word for word), and its record is added to sources.yaml."))
sources_text = building.read(folder, "sources.yaml")
kinds = list(vocabulary.SOURCE_KINDS)


def kind_label(kind: str) -> str:
    """A source kind as a list offers it: its name and the trust it starts with."""
    row = vocabulary.SOURCE_KINDS[kind]
    return f"{row.label} (trusted {row.base_trust:.2g} to start: {row.why})"


def build_source():
    sid = workshop.check_id(state.get("ws_src_id", "").strip(), "source")
    upload, pasted = state.get(upload_key()), state.get("ws_src_text", "")
    if upload is not None and pasted.strip():
        raise WorkshopError("give the text one way: a file or pasted text, not both (clear one of them)")
    try:
        if upload is not None:
            origin = upload.name
            text = extract.extract(upload.name, upload.getvalue())
        elif pasted.strip():
            origin = "text pasted into the workshop"
            text = extract.tidy(pasted)
        else:
            raise WorkshopError("give the source's text: choose a file, or paste the text")
    except extract.ExtractError as err:
        raise WorkshopError(f"{origin}: {err}") from None
    rel = f"texts/{sid}.txt"
    if disk.current(folder, rel) is not None:
        raise WorkshopError(f"{rel} already exists; choose another id")
    authors = state.get("ws_src_authors", "").splitlines()
    record = workshop.source_record(sid, state.ws_src_kind, state.get("ws_src_title", ""), authors,
                                    state.get("ws_src_year", ""), state.get("ws_src_url", ""), origin)
    found = workshop.check(Source, record, "sources.yaml")
    if found:
        raise building.form_refusal(found, {"id": "the id", "title": "the title", "issued": "the year published", "url": "the address"})
    current = disk.current(folder, "sources.yaml")
    if current is None:
        raise WorkshopError("this case has no sources.yaml; add one (`sources: []`), or start a new case")
    new = workshop.add_source(current, record)
    lines = text.count("\n")
    return f"add the source “{record['title']}” ({len(text):,} characters, {lines:,} lines, from {origin})", {
        "sources.yaml": new, rel: text}


def upload_key() -> str:
    return f"ws_src_file_{state.get('ws_src_round', 0)}"  # a new key empties the file chooser


def clear_source():
    state["ws_src_round"] = state.get("ws_src_round", 0) + 1
    for key in ("ws_src_id", "ws_src_title", "ws_src_authors", "ws_src_year", "ws_src_url", "ws_src_text"):
        state[key] = ""


left, right = st.columns(2)
left.text_input("Its id (a short name: lower-case letters, digits and underscores)", key="ws_src_id",
                placeholder="such as fischer")
right.selectbox("What kind of source it is", kinds, key="ws_src_kind", format_func=kind_label,
                help="The kind sets how far the source is trusted to start with (1 = fully); a reader can change it.")
st.text_input("Its title", key="ws_src_title", placeholder="such as: Germany's Aims in the First World War")
left, middle, right = st.columns([2, 1, 2])
left.text_area("Authors, one a line, as Family, Given", key="ws_src_authors", height=68,
               placeholder="such as: Fischer, Fritz")
middle.text_input("Year published", key="ws_src_year", placeholder="such as 1961")
right.text_input("Where it is online (optional)", key="ws_src_url")
st.file_uploader("Its text, from a file", type=[s.lstrip(".") for s in extract.SUFFIXES], key=upload_key(),
                 help="A .txt or .md file must be UTF-8. A scanned PDF holds pictures, not text.")
st.text_area("…or paste its text here", key="ws_src_text", height=160)
st.button("Add the source", type="primary", icon=":material/library_add:", key="ws_add_source",
          on_click=building.save("source", folder, build_source, clear_source))
building.outcome("source", problems)

if case.sources:
    st.subheader("The sources of this case", anchor=False)
    st.dataframe([{"id": s.id, "title": s.title, "kind": vocabulary.SOURCE_KINDS[s.kind].label,
                   "text": f"{case.texts[s.id].count(chr(10)):,} lines" if s.id in case.texts else "no text"}
                  for s in case.sources.values()], hide_index=True, width="stretch")
if sources_text is None:
    st.warning("This case has no sources.yaml that can be read; see the Problems page.")

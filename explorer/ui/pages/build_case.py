"""Build a case: start a new case, and bring in a source from pasted text or a file (the extractors of
`explorer add-source`)."""

import streamlit as st

from explorer import disk, extract, library, schema, vocabulary, workshop
from explorer.disk import layout
from explorer.model import Source
from explorer.text import literal
from explorer.ui import building
from explorer.ui import case as served
from explorer.workshop import WorkshopError

folder, case, problems = building.start("Start a case or add a source", guarded=False)
entry = served.chosen()
state = st.session_state
root = building.workshop_root()
building.about(f"{folder}")

# --- a new case ------------------------------------------------------------------------------------


QUESTION_MISSING = "Write the question the case asks, such as “Why did the First World War break out?”"


def new_case_folder():
    name = state.get("ws_case_name", "").strip() or workshop.id_made_from(
        state.get("ws_case_title", "") or state.get("ws_question", ""), "give the case a short name, such as ww1")
    if not name:
        raise WorkshopError(QUESTION_MISSING)
    return disk.new_case_folder(root, workshop.check_id(name, "case"))


def build_case():
    target = new_case_folder()
    if target.exists() and (not target.is_dir() or any(p.is_file() for p in target.rglob("*"))):
        raise WorkshopError(f"a case with the short name “{target.name}” already exists; choose it above, or give "
                            "another short name")
    question = " ".join(state.get("ws_question", "").split())
    if not question:
        raise WorkshopError(QUESTION_MISSING)
    if state.get("ws_case_start") is None or state.get("ws_case_end") is None:
        raise WorkshopError("Give the period the case covers: its first year and its last year")
    start, end = int(state.ws_case_start), int(state.ws_case_end)
    if start > end:
        raise WorkshopError(f"the period starts in {start}, after it ends ({end}): give the first year, then the last")
    title = " ".join(state.get("ws_case_title", "").split()) or None
    files = workshop.new_case(question, title, (start, end), {n: schema.render(n) for n in schema.TITLES},
                              state.get("ws_case_summary", ""))
    return f"start the case “{title or question}”", files


def open_new_case():
    served.choose(new_case_folder().name)


# open, first, unless the case chosen is one the workshop started: a teacher starts their own, not the one served
with st.expander("Start a new case", icon=":material/create_new_folder:",
                 expanded=case.info is None or entry.shelf != library.WORKSHOP):
    st.caption("A new case starts with its question and nothing else: you add its sources, then write its theses "
               "(the explanations the class will weigh).")
    st.text_input("The question the case asks", key="ws_question",
                  placeholder="such as: Why did the First World War break out?")
    st.text_input("A short title (left empty, the question is the title)", key="ws_case_title")
    st.text_area("A summary: what the debate is about, in a few sentences (you can change it later)",
                 key="ws_case_summary", height=90,
                 placeholder="such as: Historians still argue whether the alliances, the arms race or one country's "
                             "aims made the war happen.")
    state.setdefault("ws_case_start", None)
    state.setdefault("ws_case_end", None)
    left, right = st.columns(2)
    left.number_input("The period it covers: first year (a year before the common era as a negative number)",
                      step=1, format="%d", key="ws_case_start", min_value=-9999, max_value=9999,
                      placeholder="such as 1900")
    right.number_input("The period it covers: last year", step=1, format="%d", key="ws_case_end", min_value=-9999, max_value=9999,
                       placeholder="such as 1914")
    st.text_input("A short name for the case, used in its web address (optional: left empty, it is made from the "
                  "title)", key="ws_case_name", placeholder="such as ww1",
                  help=literal(f"Only the letters a to z, digits and _. The case is kept in a folder of that name, in "
                               f"{root}."))
    st.button("Start the case", type="primary", icon=":material/add:", key="ws_start_case",
              on_click=building.save("new_case", new_case_folder, build_case, open_new_case,
                                     within=root, folders=(layout.THESES, layout.TEXTS)))
building.outcome("new_case", problems)  # outside: the section closes once the case is started
building.guard(entry)

if case.info is None:
    st.info("Choose a case above, or start one, to add its sources.")
    st.stop()
st.page_link("explorer/ui/pages/compare.py", label=literal(f"Explore “{case.title}” on Compare"),
             icon=":material/leaderboard:", query_params={"case": served.chosen().name})

# --- the case itself ---------------------------------------------------------------------------------------


QUESTION_SLOT = "ws_info_q_{}_{}"  # the case's other questions: the question and how it differs, a slot each


def question_slots() -> int:
    """How many other questions the form shows: those written, and one empty for the next."""
    filled = [i for i in range(len(state.get("ws_infoq_ids", [])) + 50)
              if str(state.get(QUESTION_SLOT.format(i, "text"), "")).strip()]
    return (filled[-1] + 2) if filled else 1


def other_questions() -> list[dict]:
    """The other questions the form holds, each with its id: the one it had, or one made from its words."""
    ids = state.get("ws_infoq_ids", [])
    out, taken = [], {"main", *ids}
    for i in range(question_slots()):
        words = " ".join(str(state.get(QUESTION_SLOT.format(i, "text"), "")).split())
        if not words:
            continue
        qid = ids[i] if i < len(ids) else workshop.fresh_id(words, taken, "question")
        taken.add(qid)
        out.append({"id": qid, "question": words,
                    "note": " ".join(str(state.get(QUESTION_SLOT.format(i, "note"), "")).split())})
    return out


def fill_case_form() -> None:
    """The case form from case.yaml as loaded, when another case is chosen."""
    if state.get("ws_info_of") == str(folder) or case.info is None:
        return
    info = case.info
    for i in range(max(len(info.other_questions), len(state.get("ws_infoq_ids", []))) + 1):
        question = info.other_questions[i] if i < len(info.other_questions) else None
        building.put(QUESTION_SLOT.format(i, "text"), question.question if question else "")
        building.put(QUESTION_SLOT.format(i, "note"), " ".join(question.note.split()) if question else "")
    state["ws_infoq_ids"] = [q.id for q in info.other_questions]
    for key, value in (("ws_info_title", info.title), ("ws_info_question", info.question),
                       ("ws_info_summary", info.summary), ("ws_info_start", info.period.start),
                       ("ws_info_end", info.period.end), ("ws_info_explain", "\n".join(info.to_explain))):
        building.put(key, value)
    state["ws_info_of"] = str(folder)


def build_info():
    start, end = state.get("ws_info_start"), state.get("ws_info_end")
    if start is None or end is None:
        raise WorkshopError("Give the period the case covers: its first year and its last year")
    if int(start) > int(end):
        raise WorkshopError(f"the period starts in {int(start)}, after it ends ({int(end)}): give the first year, then "
                            "the last")
    record = {"title": " ".join(state.get("ws_info_title", "").split()),
              "question": " ".join(state.get("ws_info_question", "").split()),
              "summary": state.get("ws_info_summary", "").strip(),
              "period": {"start": int(start), "end": int(end)},
              "to_explain": [line for line in state.get("ws_info_explain", "").splitlines() if line.strip()],
              "other_questions": other_questions()}
    workshop.check_questions_kept(case, {q["id"] for q in record["other_questions"]})
    from explorer.model import CaseInfo

    found = workshop.check(CaseInfo, record, layout.CASE)
    if found:
        raise building.form_refusal(found, {"title": "the title", "question": "the question", "summary": "the summary"})
    current = disk.current(folder, layout.CASE)
    if current is None:
        raise WorkshopError("this case's own file is no longer there (removed from the computer?)")
    return f"change the case “{record['title']}”", {layout.CASE: workshop.update_case_info(current, record)}


def case_saved() -> None:
    state.pop("ws_info_of", None)  # filled again from the file as saved


if case.info is not None:
    building.read(folder, layout.CASE)  # what a save checks the file against
    fill_case_form()
    st.header("The case itself", anchor=False)
    st.caption("Its question, a summary of the debate, the years it covers and what any answer must explain: what "
               "a student reads first on every page. Change them here at any time, then save.")
    with st.container(border=True):
        st.text_input("The case's title", key="ws_info_title")
        st.text_input("The question the case asks, as a reader sees it", key="ws_info_question")
        st.text_area("A summary: what the debate is about, in a few sentences", key="ws_info_summary", height=100)
        left, right = st.columns(2)
        left.number_input("The period: first year", step=1, format="%d", key="ws_info_start", min_value=-9999,
                          max_value=9999)
        right.number_input("The period: last year", step=1, format="%d", key="ws_info_end", min_value=-9999, max_value=9999)
        st.text_area("What any answer must explain, one point a line (optional)", key="ws_info_explain", height=90,
                     placeholder="such as: Why the western half fell while the eastern half lasted")
        st.markdown("**Other questions the case asks** (optional)")
        st.caption("Such as “How could it happen without a war?” beside “Why did it happen?”. An "
                   "explanation answers one question (you choose which on “Write a thesis”), and is ranked only "
                   "beside the others that answer it. Empty a question to take it out.")
        for i in range(question_slots()):
            left, right = st.columns(2)
            left.text_input(f"Other question {i + 1}, as a reader would ask it", key=QUESTION_SLOT.format(i, "text"),
                            placeholder="such as: How could it happen so fast?")
            right.text_input(f"Other question {i + 1}: how it differs from the main one (optional)",
                             key=QUESTION_SLOT.format(i, "note"), placeholder="such as: Not why, but how")
        st.button("Save the case", type="primary", icon=":material/save:", key="ws_info_save",
                  on_click=building.save("info", folder, build_info, case_saved))
    building.outcome("info", problems)

# --- a source --------------------------------------------------------------------------------------

st.header("Add a source", anchor=False)
st.caption(literal(f"Into “{case.title}”. Its text is kept exactly as you give it: every passage you record is "
                   "checked against it, word for word."))
building.for_authors(f"A source's text is saved as {layout.text('<its short name>')}, and its record (title, kind, "
                     f"authors, year) is added to {layout.SOURCES}.")
sources_text = building.read(folder, layout.SOURCES)
kinds = list(vocabulary.SOURCE_KINDS)


def kind_label(kind: str) -> str:
    """A source kind as a list offers it: its name and the trust it starts with."""
    row = vocabulary.SOURCE_KINDS[kind]
    return f"{row.label} (trusted {row.base_trust:.2g} to start: {row.why})"


def source_id() -> str:
    """The new source's short name: the one typed, else one made from its title that no source of the case has."""
    typed = state.get("ws_src_id", "").strip()
    if typed:
        return workshop.check_id(typed, "source")
    title = " ".join(state.get("ws_src_title", "").split())
    if not title:
        raise WorkshopError("Write the source's title (its short name is made from it)")
    taken = set(case.sources) | {rel.rsplit("/", 1)[-1].removesuffix(".txt")
                                 for rel in disk.listing(folder, layout.TEXTS, (".txt",))[0]}
    return workshop.fresh_id(workshop.id_made_from(title, "give it a short name, such as fischer"), taken, "source")


def build_source():
    sid = source_id()
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
    rel = layout.text(sid)
    if disk.current(folder, rel) is not None:
        raise WorkshopError(f"this case already has a source with the short name “{sid}”; give another")
    authors = state.get("ws_src_authors", "").splitlines()
    record = workshop.source_record(sid, state.ws_src_kind, state.get("ws_src_title", ""), authors,
                                    state.get("ws_src_year", ""), state.get("ws_src_url", ""),
                                    origin if upload is not None else "")
    found = workshop.check(Source, record, layout.SOURCES)
    if found:
        raise building.form_refusal(found, {"id": "the short name", "title": "the title", "issued": "the year published", "url": "the address"})
    current = disk.current(folder, layout.SOURCES)
    if current is None:
        raise WorkshopError("this case's list of sources cannot be read (the Problems page says why); fix it, or start a "
                            "new case")
    new = workshop.add_source(current, record)
    lines = text.count("\n")
    return f"add the source “{record['title']}” ({len(text):,} characters, {lines:,} lines, from {origin})", {
        layout.SOURCES: new, rel: text}


def upload_key() -> str:
    return f"ws_src_file_{state.get('ws_src_round', 0)}"  # a new key empties the file chooser


def clear_source():
    state["ws_src_round"] = state.get("ws_src_round", 0) + 1
    for key in ("ws_src_id", "ws_src_title", "ws_src_authors", "ws_src_year", "ws_src_url", "ws_src_text"):
        state[key] = ""


st.text_input("Its title", key="ws_src_title", placeholder="such as: Germany's Aims in the First World War")
left, right = st.columns(2)
building.valid("ws_src_kind", kinds)
left.selectbox("What kind of source it is", kinds, key="ws_src_kind", format_func=kind_label,
               help="The kind sets how far the source is trusted to start with (1 = fully); a reader can change it.")
right.text_input("A short name for it (optional: left empty, it is made from the title)", key="ws_src_id",
                 placeholder="such as fischer", help="Only the letters a to z, digits and _. Students never see it.")
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
    st.dataframe([{"title": case.source_name(s.id), "kind": vocabulary.SOURCE_KINDS[s.kind].label,
                   "text": f"{case.texts[s.id].count(chr(10)):,} lines" if s.id in case.texts else "no text"}
                  for s in case.sources.values()], hide_index=True, width="stretch")
if sources_text is None:
    st.warning("This case's list of sources cannot be read: the Problems page says why.")

# --- a source's details ----------------------------------------------------------------------------------------

if case.sources:
    st.header("A source's details", anchor=False)
    st.caption("What a citation needs, its defects and how far it is trusted. Empty fields are left out of the file.")
    ids = list(case.sources)
    building.valid("ws_det_source", ids)
    picked = st.selectbox("The source", ids, key="ws_det_source", format_func=case.source_name)
    source = case.sources[picked]
    DEFECT = "ws_det_defect_{}_{}"  # a defect of the source: what is wrong, in a sentence, where it shows
    DEFECT_FIELDS = ("kind", "note", "quote")
    NO_KIND = ""

    def defect_slots() -> int:
        """How many defects the form shows: those filled, and one empty for the next."""
        filled = [i for i in range(state.get("ws_detdefects_count", 0) + 50)
                  if any(str(state.get(DEFECT.format(i, f)) or "").strip() for f in DEFECT_FIELDS)]
        return (filled[-1] + 2) if filled else 1

    def remove_defect(index: int) -> None:
        """Take a defect out of the form (the rows after it move up); the file changes when the details are saved."""
        last = defect_slots()
        for i in range(index, last):
            for field in DEFECT_FIELDS:
                building.put(DEFECT.format(i, field), state.get(DEFECT.format(i + 1, field),
                                                                NO_KIND if field == "kind" else ""))

    ITEM = f"{folder}::{picked}"  # the source the form shows, for its changes not saved (building.set_aside)
    if state.get("ws_det_of") != (str(folder), picked):
        building.set_aside("details", "ws_det_", ITEM, ("ws_det_source",))
        for key in workshop.SOURCE_DETAILS:
            value = getattr(source, key, None)
            shown = "\n".join(value) if isinstance(value, list) else ("" if value is None else value)
            building.put(f"ws_det_{key}", shown if key != "trust" else ("" if value is None else f"{value:g}"))
        for i in range(max(len(source.defects), state.get("ws_detdefects_count", 0)) + 1):
            defect = source.defects[i] if i < len(source.defects) else None
            for field in DEFECT_FIELDS:
                value = getattr(defect, field, None) if defect is not None else None
                building.put(DEFECT.format(i, field), (value or "") if field != "kind" else (value or NO_KIND))
        state["ws_detdefects_count"] = len(source.defects)
        state["ws_det_of"] = (str(folder), picked)
        building.filled("details", "ws_det_", ITEM, ("ws_det_source",))

    def build_details():
        record: dict = {}
        for key in workshop.SOURCE_DETAILS:
            if key == "accessed" and "accessed" not in Source.model_fields:
                continue
            value = state.get(f"ws_det_{key}", "")
            record[key] = [a.strip() for a in value.splitlines() if a.strip()] if key == "authors" else value.strip()
        if record["trust"]:
            try:
                record["trust"] = float(record["trust"])
            except ValueError:
                raise WorkshopError(f"the trust “{record['trust']}” is not a number: give one from 0 to 1, or leave "
                                    "it empty for the trust of its kind") from None
        else:
            record["trust"] = None
        defects = workshop.defects_from_form([{f: state.get(DEFECT.format(i, f)) for f in DEFECT_FIELDS}
                                              for i in range(defect_slots())])
        full = {"id": picked, **{k: v for k, v in record.items() if v not in (None, "", [])}, "defects": defects}
        found = workshop.check(Source, full, layout.SOURCES)
        if found:
            raise building.form_refusal(found, {"title": "the title", "issued": "the year published",
                                                "trust": "the trust", "url": "the address", "kind": "the kind"})
        current = disk.current(folder, layout.SOURCES)
        if current is None:
            raise WorkshopError("this case's list of sources is no longer there (removed from the computer?)")
        new = workshop.set_defects(workshop.update_source(current, picked, record), picked, full["defects"])
        return f"change the details of “{record['title'] or picked}”", {layout.SOURCES: new}

    def details_saved() -> None:
        state.pop("ws_det_of", None)

    building.unsaved_changes("details", "ws_det_", ITEM, "this source's details",
                             lambda item: case.source_name(item.removeprefix(f"{folder}::"))
                             if item.startswith(f"{folder}::") and item.removeprefix(f"{folder}::") in case.sources
                             else None, ("ws_det_source",))
    left, right = st.columns(2)
    left.text_input("Title", key="ws_det_title")
    right.text_input("Short title (for notes after the first)", key="ws_det_short_title")
    left.selectbox("Kind", kinds, key="ws_det_kind", format_func=kind_label)
    right.text_input("Trust, 0 to 1 (empty: from its kind and defects)", key="ws_det_trust",
                     placeholder=f"{vocabulary.SOURCE_KINDS[source.kind].base_trust:g} for its kind")
    left.text_area("Its authors, one a line, as Family, Given", key="ws_det_authors", height=68)
    right.text_input("Year or date published (YYYY, YYYY-MM or YYYY-MM-DD)", key="ws_det_issued")
    left.text_input("The book, journal or website it is part of", key="ws_det_container")
    right.text_input("Publisher", key="ws_det_publisher")
    left.text_input("Place published", key="ws_det_place")
    right.text_input("Address online (URL)", key="ws_det_url")
    if "accessed" in Source.model_fields:
        left.text_input("Date you read it online (YYYY-MM-DD)", key="ws_det_accessed")
    right.text_input("Licence (such as CC BY-SA 4.0, or public domain)", key="ws_det_licence")
    left.text_input("Language (a tag such as en, de, fr)", key="ws_det_language")
    st.text_area("What kind of text this is, in plain words", key="ws_det_description", height=68)
    st.markdown("**Its defects**: errors or flaws in the text, such as a wrong date or a sentence cut short")
    st.caption("Each takes a little off how far the source is trusted. To add one, fill in the empty defect at the "
               "end; to take one out, press its “Remove” button. Nothing changes in the case until you save the "
               "source's details.")
    for i in range(defect_slots()):
        building.valid(DEFECT.format(i, "kind"), [NO_KIND, *vocabulary.DEFECT_KINDS])
        state.setdefault(DEFECT.format(i, "kind"), NO_KIND)
        filled = any(str(state.get(DEFECT.format(i, f)) or "").strip() for f in DEFECT_FIELDS)
        with st.container(border=True):
            left, right = st.columns([2, 3])
            left.selectbox(f"Defect {i + 1}: what is wrong", [NO_KIND, *vocabulary.DEFECT_KINDS],
                           key=DEFECT.format(i, "kind"),
                           format_func=lambda k: (f"{vocabulary.DEFECT_KINDS[k].label[:1].upper()}"
                                                  f"{vocabulary.DEFECT_KINDS[k].label[1:]}") if k else "(choose)")
            right.text_input(f"Defect {i + 1}: what is wrong, in a sentence", key=DEFECT.format(i, "note"),
                             placeholder="such as: It dates the sack of Rome to 411; it was 410")
            left, right = st.columns([5, 1], vertical_alignment="bottom")
            left.text_input(f"Defect {i + 1}: where it shows, in the source's words (optional)",
                            key=DEFECT.format(i, "quote"), placeholder="copied word for word from the text")
            if filled:
                right.button("Remove", key=f"ws_det_remove_{i}", icon=":material/delete:", on_click=remove_defect,
                             args=(i,), help=f"Take defect {i + 1} out (saved with the source's details)")
    st.button("Save the source's details", type="primary", icon=":material/save:", key="ws_det_save",
              on_click=building.save("details", folder, build_details, details_saved))
    building.outcome("details", problems)

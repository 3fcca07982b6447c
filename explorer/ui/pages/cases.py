"""Choose a case: every case this server offers, with its question and size; opening one shows it on every page."""

import streamlit as st

from explorer import library
from explorer.disk import layout
from explorer.problem import needing_work
from explorer.text import literal
from explorer.ui import case as chosen_case
from explorer.ui import page

case, problems = page.start()
now = chosen_case.chosen()
if st.session_state.pop("open_case_now", False):  # a case just opened: shown on Compare
    st.switch_page("explorer/ui/pages/compare.py", query_params={"case": now.name})
st.title("Choose a case", anchor=False)
st.write("Each case is one question that historians answer in different ways, with its sources and explanations. "
         "Open one, and every page shows it; its link (the address in your browser's bar) opens it for anyone "
         "using this server.")


def open_case(name: str) -> None:
    chosen_case.choose(name)
    st.session_state["open_case_now"] = True


for n, entry in enumerate(chosen_case.shelf()):
    found, found_problems = chosen_case.load(entry.folder)
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        title = found.info.title if found.info else f"{entry.name} (its {layout.CASE} does not load)"
        left.subheader(literal(title), anchor=False)
        if found.info and found.info.question != found.info.title:
            left.markdown(literal(found.info.question))
        broken = needing_work(found_problems)
        left.caption(literal(f"{library.described(found)} · {library.shelf_words(entry.shelf)} · its name in a "
                             f"link: case={entry.name}"
                             + (f" · {len(broken)} problem{'s' if len(broken) != 1 else ''} in its files"
                                if broken else "")))
        if entry.name == now.name:
            right.markdown("**Open now**")
        else:
            right.button("Open it", key=f"open_case_{n}", icon=":material/folder_open:", on_click=open_case,
                         args=(entry.name,))

"""Every problem of the case, as the command line prints them."""

import streamlit as st

from explorer.problem import summarise
from explorer.text import literal
from explorer.ui.case import current_case
from explorer.ui.page import keep_fields
from explorer.ui.widgets import problems_banner, sentence

keep_fields()
case, problems = current_case()
problems_banner(problems)
st.title("Problems", anchor=False)
st.caption(literal(f"Case folder: {case.folder}"))
if not problems:
    st.success("No problems: every file loaded and every quote was found in its source.")
else:
    st.write(f"{sentence(summarise(problems))}. Each row gives the file, the line, the field, what is wrong "
             "and how to fix it; `python -m explorer validate` prints the same list.")
    st.dataframe(
        [{"file": p.file, "line": p.line, "field": p.field, "level": p.level,
          "problem": p.message, "how to fix": p.hint} for p in problems],
        hide_index=True,
        width="stretch",
    )

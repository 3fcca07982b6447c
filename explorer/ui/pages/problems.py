"""Every problem of the case, as the command line prints them."""

import streamlit as st

from explorer.problem import summarise
from explorer.ui.case import current_case

case, problems = current_case()
st.title("Problems")
st.caption(f"Case folder: {case.folder}")
if not problems:
    st.success("No problems: every file loaded and every quote was found in its source.")
else:
    st.write(f"{summarise(problems)}. Each line gives the file, the line, the field, what is wrong and how to fix it.")
    st.dataframe(
        [{"file": p.file, "line": p.line, "field": p.field, "level": p.level,
          "problem": p.message, "how to fix": p.hint} for p in problems],
        hide_index=True,
        width="stretch",
    )

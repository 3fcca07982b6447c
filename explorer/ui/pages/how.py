"""How the score works: every number on the compare page explained in plain words."""

import streamlit as st

from explorer import guide
from explorer.ui import page

case, problems = page.start()

st.title("How the score works", anchor=False)
st.write("Every number the explorer shows comes from the passages recorded in this case and the sliders you set. "
         "Here is how, step by step.")
for section in guide.sections(case):
    st.subheader(section.heading, anchor=section.anchor)
    st.markdown(section.body)
st.page_link("explorer/ui/pages/compare.py", label="Back to the ranking", icon=":material/arrow_back:")

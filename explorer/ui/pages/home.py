"""The start page: the case's question and what it holds."""

import streamlit as st

from explorer.ui.case import current_case
from explorer.ui.widgets import escape, plain, problems_banner

case, problems = current_case()
problems_banner(problems)

if case.info is None and not case.theses:
    st.title("No case here")
    st.write("The folder given to the explorer does not hold a case. Start it with a case folder:")
    st.code("streamlit run app.py -- --case PATH/TO/CASE", language="bash")
    for problem in problems:
        plain(str(problem))
    st.stop()

st.title(case.title)
if case.info:
    st.subheader(case.info.question, anchor=False)
    plain(case.info.summary.strip())
passages = sum(len(t.evidence) for t in case.theses.values())
cols = st.columns(4)
cols[0].metric("Explanations", len(case.theses))
cols[1].metric("Passages", passages)
cols[2].metric("Sources", len(case.sources))
cols[3].metric("Contested facts", len(case.contested))
st.subheader("Explanations", anchor=False)
for thesis in case.theses.values():
    st.markdown(f"**{escape(thesis.title)}**  \n{escape(thesis.statement)}")

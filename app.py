"""The historiography explorer: routes to the pages, nothing else."""

import streamlit as st

st.set_page_config(page_title="Historiography explorer", page_icon="📜", layout="wide")
st.navigation(
    [
        st.Page("explorer/ui/pages/home.py", title="Case", default=True),
        st.Page("explorer/ui/pages/problems.py", title="Problems"),
    ]
).run()

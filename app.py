"""The historiography explorer: routes to the pages, nothing else."""

import streamlit as st

st.set_page_config(page_title="Historiography explorer", page_icon="📜", layout="wide")
st.navigation(
    [
        st.Page("explorer/ui/pages/compare.py", title="Compare", icon=":material/leaderboard:", default=True),
        st.Page("explorer/ui/pages/thesis.py", title="Thesis", icon=":material/lightbulb:", url_path="thesis"),
        st.Page("explorer/ui/pages/matrix.py", title="Matrix", icon=":material/grid_on:", url_path="matrix"),
        st.Page("explorer/ui/pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
        st.Page("explorer/ui/pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page("explorer/ui/pages/contested.py", title="Contested facts", icon=":material/balance:",
                url_path="contested"),
        st.Page("explorer/ui/pages/problems.py", title="Problems", icon=":material/report:", url_path="problems"),
    ]
).run()

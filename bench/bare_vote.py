"""A bare Streamlit page with the vote page's controls and nothing else (no case, no store): the floor that
bench/bench_class.py measures Streamlit's own cost against."""

import streamlit as st

st.title("Class poll")
choice = st.radio("Your choice", ["Alpha", "Beta", "Gamma"], index=None, key="pick")
if st.button("Send my vote", type="primary", key="send_vote") and choice:
    st.success("Your vote is recorded. You can change it until the poll closes.")

"""Small pieces shared by the pages. Text from the case is always shown as text, never as markup."""

from __future__ import annotations

import re

import streamlit as st

from explorer.problem import Problem, summarise


def problems_banner(problems: list[Problem]) -> None:
    """A banner on every page when the case has problems; the rest of the app keeps working."""
    if not problems:
        return
    errors = [p for p in problems if p.level == "error"]
    box = st.error if errors else st.warning
    box(f"This case has {summarise(problems)}. What could be read is shown; see the Problems page.", icon="⚠️")


def plain(text: str) -> None:
    """Show text from a case file exactly as written (no Markdown, no HTML)."""
    st.text(text)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def escape(text: str) -> str:
    """Backslash every character Markdown would treat as markup, so case text stays text."""
    return _MARKDOWN.sub(r"\\\1", text)

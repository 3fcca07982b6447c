"""A printable document (explorer/printable.py) shown on a page: the same blocks the downloads print, so that what
a teacher reads on screen is what the class gets on paper. Case text is shown as text (`text.literal`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.printable import Block, Card, Document, Items, Para, Part, Table, cell
from explorer.text import literal


def show(doc: Document, title: bool = True) -> None:
    """The document: its title as the page's header (unless `title` is False), its parts as sub-headers."""
    if title:
        st.header(literal(doc.title), anchor=False)
    for block in doc.lead:
        show_block(block)
    for part in doc.parts:
        show_part(part)
    if doc.footer:
        st.caption(literal(doc.footer))


def show_part(part: Part, heading: bool = True) -> None:
    """One part: its heading (a sub-header; a sub-section's in bold) and its blocks."""
    if heading and part.level <= 2:
        st.subheader(literal(part.heading), anchor=False)
    elif heading:
        st.markdown(f"**{literal(part.heading)}**")
    for block in part.blocks:
        show_block(block)


def show_block(block: Block) -> None:
    if isinstance(block, Para):
        words = (f"**{literal(block.label)}** " if block.label else "") + literal(block.text)
        (st.caption if block.small else st.markdown)(words)
    elif isinstance(block, Items):
        lines = [f"{n}. {literal(line)}" if block.numbered else f"- {literal(line)}"
                 for n, line in enumerate(block.lines, 1)]
        (st.caption if block.small else st.markdown)("\n".join(lines))
    elif isinstance(block, Card):
        with st.container(border=True):
            st.markdown("> " + literal(f"“{block.quote}”"))
            st.caption(literal(block.source))
            for label, text in block.lines:
                st.markdown(f"**{literal(label)}:** {literal(text)}")
    elif isinstance(block, Table):
        st.table(pd.DataFrame({cell(h): [cell(row[i]) for row in block.rows] for i, h in enumerate(block.head)}),
                 hide_index=True, border="horizontal", alt=block.alt or None)

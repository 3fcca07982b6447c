"""Small pieces shared by the pages. Text from the case is always shown as text, never as markup: every string
from a case file or a URL that reaches an element reading Markdown goes through `explorer.text.literal`."""

from __future__ import annotations

import base64
import functools
import html
import re
import shutil
import subprocess
from urllib.parse import urlencode

import streamlit as st

from explorer import gaps, vocabulary
from explorer.problem import Problem, errors, summarise
from explorer.text import literal, literal_html


def problems_banner(problems: list[Problem]) -> None:
    """A banner on every page when the case has errors to fix; the rest of the app keeps working. Warnings are
    not bannered (a class's phones need not see them): they are listed on the Problems page."""
    found = errors(problems)
    if found:
        st.error(f"This case has {summarise(found)}. What could be read is shown; see the Problems page.", icon="⚠️")


def plain(text: str) -> None:
    """Show prose from a case file as text, its paragraphs kept."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    st.markdown("\n\n".join(literal(p) for p in paragraphs if p))


def gap_lines(case, order: list[str], heading: bool = True, folded: bool = False) -> None:
    """What the scholarship holds that no source of the case carries, beside each rank (explorer/gaps.py); nothing
    when the case records no such gap for these explanations. `folded`: the notes one click away, under the heading
    and what it means (on Compare they took a screen of dense text between the charts and how sure the ranking is)."""
    found = gaps.beside_ranking(case, order)
    if not found:
        return
    if heading:
        st.subheader(vocabulary.GAP_HEADING, anchor=False)
        st.caption(vocabulary.GAP_EXPLAINED)
    with st.expander(vocabulary.gap_notes(len(found))) if folded else st.container():
        for gap in found:
            st.markdown("- " + literal(gap.line()))


def thesis_chip(colour: str, label: str) -> None:
    """A colour swatch and a label: the thesis's colour is never the only thing that names it."""
    st.markdown(
        f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colour};border:1px solid #333;'
        f'border-radius:2px;margin-right:0.4em;vertical-align:-0.1em"></span><b>{literal(label)}</b>',
        unsafe_allow_html=True,
    )


@functools.lru_cache(maxsize=256)
def chip_image(colour: str) -> str:
    """thesis_chip's colour swatch as a Markdown image (a small SVG in a data address), for a label that reads
    Markdown but not HTML, such as a page link's. Its text alternative is empty: the words beside it name the
    explanation, and a screen reader need not hear a colour."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><rect x="0.5" y="0.5" width="11" '
           f'height="11" rx="2" fill="{html.escape(colour)}" stroke="#333"/></svg>')
    return f"![](data:image/svg+xml;base64,{base64.b64encode(svg.encode('utf-8')).decode('ascii')})"


def kept_params(*dropped: str) -> dict[str, str]:
    """The parameters of the page's own address, less `dropped`: the reader's settings as settings.to_url writes
    them, the question and the view. A link that carries them opens its page with the reader's settings, in this tab
    or in a new one."""
    return {key: value for key, value in st.query_params.to_dict().items() if key not in dropped}


def address(path: str) -> str:
    """A page of this server (its url_path) as a relative address for a Markdown link, with the reader's settings
    (kept_params); a section's anchor may follow it (`#sure`). Streamlit opens such a link in a new tab, which has
    only its address to go on: without them it showed the defaults."""
    kept = kept_params()
    return f"{path}?{urlencode(kept)}" if kept else path


def thesis_links(results, colours: dict[str, str]) -> None:
    """A link to each explanation's page, one a line in the order given (rank order on Compare), each named by its
    rank and title beside its colour. Each link keeps the reader's settings in its address as the page's own
    address has them (settings.to_url, the question, the view), so that it opens the explanation with the same
    settings, here or in a new tab. One element an explanation: a grid of columns with a chip and a link in each
    took three to four."""
    shared = kept_params("thesis")
    with st.container(gap="xsmall"):
        for result in results:
            st.page_link("explorer/ui/pages/thesis.py",
                         label=f"{chip_image(colours[result.id])} {literal(f'{result.rank}. {result.title}')}",
                         query_params={**shared, "thesis": result.id}, width="stretch")


def evidence_card(ref: str, quote: str, source_title: str, source_id: str, strength: str, note: str,
                  recorded_under: str = "") -> None:
    """One passage as a card: the quote, where it comes from, how strong it is, why it matters, and a link
    that opens it highlighted in the source reader. Its reference (`agriculture#3`) is never shown as text:
    only the link's tooltip gives it, for a reader who looks it up in the case's files."""
    with st.container(border=True):
        st.markdown("> " + literal(quote.strip()))
        meta = f"{source_title} · {strength}"
        if recorded_under:
            meta += f" · recorded under “{recorded_under}”"
        st.caption(literal(meta))
        st.markdown(literal(note.strip()))
        st.page_link("explorer/ui/pages/sources.py", label="Read it in the source", icon=":material/menu_book:",
                     query_params={"source": source_id, "passage": ref}, help=literal(f"Reference: {ref}"))


DRAW_SECONDS = 10
FIGURES_STYLE = (
    "display:flex;flex-wrap:wrap;gap:0.75rem 2rem;margin:0.25rem 0 1rem 0;padding:0"
)


def turning_point(case, point, titles: dict[str, str]) -> None:
    """A passage the ranking turns on (explorer.answer.TurningPoint): its words as its source prints them, where it
    comes from, and each change of the top that leaving it out or reading it differently would make, each once."""
    found = case.passage(point.ref)
    with st.container(border=True):
        if found:
            thesis, evidence = found
            plain(case.words(evidence.source, evidence.span, evidence.quote))
            st.caption(literal(f"{case.source_name(evidence.source)} · recorded under "
                               f"“{titles.get(thesis.id, thesis.id)}”"))
        else:
            st.markdown("**" + literal(point.name) + "**")
        st.markdown("\n".join(_turn(turn) for turn in point.turns))


def _turn(turn) -> str:
    """One change a passage can make (explorer.answer.Turn) as a Markdown list item, its ways as items under it."""
    line, ways = turn.listed
    return "- " + literal(line) + "".join("\n    - " + literal(way) for way in ways)


def turning_points(case, points: list, titles: dict[str, str], none: str, intro: str, key: str,
                   shown: int = 0) -> None:
    """The passages the ranking turns on: one line when there are none; else `intro`, the first `shown` as cards
    and the rest behind a switch (a switch, not an expander: what an expander holds is built on every rerun, opened
    or not, and these can be hundreds of elements)."""
    if not points:
        st.write(none)
        return
    st.markdown(intro)
    for point in points[:shown]:
        turning_point(case, point, titles)
    rest = points[shown:]
    if rest and st.toggle(f"Show {'all ' if not shown else 'the other '}{len(rest)} passages and what each would "
                          "change", key=key):
        for point in rest:
            turning_point(case, point, titles)


def figures(items: list[tuple[str, str, str]]) -> None:
    """Key figures in a row, each a label, a large value and a short note, as a list of terms and values that
    wraps onto another line when the page is narrow. st.metric cuts its label and value to one line ("10% of
    sam..." at 1400 px, "Share of the expl..." on a projector's 1024 px); these are never cut."""
    cells = "".join(
        '<div style="flex:1 1 10rem;min-width:0">'
        f'<dt style="font-size:1rem;line-height:1.3">{literal_html(label)}</dt>'
        f'<dd style="margin:0;font-size:2.25rem;line-height:1.25;overflow-wrap:anywhere">{literal_html(value)}</dd>'
        + (f'<dd style="margin:0;font-size:0.95rem;line-height:1.3">{literal_html(note)}</dd>' if note else "")
        + "</div>"
        for label, value, note in items)
    st.html(f'<dl class="key-figures" style="{FIGURES_STYLE}">{cells}</dl>')


TABLE_LABEL = "Show as a table"
# Plotly's toolbar (the modebar) sits over the top right of a chart, where on a phone's 390 px it covers the legend;
# its tools (zoom, pan, download) are not needed: the numbers are one click away as a table.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False}


def columns(table) -> dict:
    """Each column's width and tooltip as the table carries them (explorer.tables.fit), so that it fits the page
    instead of scrolling sideways."""
    widths, helps = table.attrs.get("widths", {}), table.attrs.get("help", {})
    return {name: st.column_config.Column(width=widths.get(name), help=helps.get(name))
            for name in table.columns if name in widths or name in helps}


def chart(figure, table, key: str, alt: str, in_expander: bool = True) -> None:
    """A plotly chart named for a screen reader (`alt`, plain text) and, one click away, the same numbers as a
    table built by explorer.tables (its text alternative, for a screen reader, a keyboard or a reader who wants
    the figures), as wide as the page and no wider. Inside an expander already (Streamlit does not nest them),
    the table follows the chart."""
    st.plotly_chart(figure, width="stretch", key=key, alt=alt, config=PLOTLY_CONFIG)
    with st.expander(TABLE_LABEL) if in_expander else st.container():
        table_of(table, key=f"{key}_table", alt=f"{alt} (the numbers)")


SHORT_TABLE = 15  # rows: a table up to this long shows them all; a longer one scrolls inside its box


def table_of(table, key: str, alt: str | None = None) -> None:
    """A table no wider than the page: its columns as explorer.tables.fit sets them, the table as wide as they
    are (`width="content"`, which also leaves out Streamlit's resize handle, a box that juts out past the
    table's right edge; Streamlit leaves it out only for a table inside a container, hence the container). A
    short table shows every row; a long one scrolls inside its box."""
    with st.container():
        st.dataframe(table, hide_index=True, width="content" if table.attrs.get("widths") else "stretch",
                     height="content" if len(table) <= SHORT_TABLE else "auto", key=key, alt=alt,
                     column_config=columns(table))


@st.cache_data(show_spinner=False, max_entries=64)
def svg_of(dot: str) -> bytes | None:
    """The map drawn as SVG by Graphviz's `dot`, or None when Graphviz is not installed, fails, or takes longer
    than DRAW_SECONDS (a case of hundreds of links can take minutes to lay out; the page must not stall)."""
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                              timeout=DRAW_SECONDS, check=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError):
        return None
    return done.stdout


def drawing(svg: bytes, label: str) -> None:
    """A drawing made by Graphviz, as wide as the column allows and keeping its proportions, with a text
    alternative. Streamlit's own st.graphviz_chart sets every label to one small size (it overrides the font
    size of everything inside the chart), which a class cannot read on a projector; and st.html strips SVG, so
    the drawing goes in as an image."""
    data = base64.b64encode(svg).decode("ascii")
    st.html(f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(label)}" '
            'style="width:100%;height:auto;display:block">')


def sentence(text: object) -> str:
    """A message as a sentence: its first letter in capitals, the rest untouched (codes stay as they are)."""
    words = str(text)
    return words[:1].upper() + words[1:]

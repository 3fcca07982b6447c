"""The map: the explanations as boxes sized by their share, and the links the claim files record between them;
or the passages that bear on one explanation. Drawn by Graphviz's dot where it is installed (else by Streamlit's
own Graphviz chart); downloads as DOT and SVG."""

import streamlit as st

from explorer import argmap, tables, weigh
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import drawing, svg_of
from explorer.vocabulary import RELATIONS, STANCES

whole, problems = page.start()
case, _question = page.asked(whole)
chosen = settings.sidebar(case)
colours, titles = page.colours(case, whole), page.titles(case)
st.title("Map of the explanations", anchor=False)
if not case.theses:
    st.info("This case has no theses yet.")
    st.stop()

MOST_DRAWN = 300  # links: past this, the browser's own Graphviz takes too long to lay the map out


def show(dot: str, alt: str) -> None:
    """Drawn by Graphviz where it is installed (labels sized as the map asks); else by Streamlit's chart."""
    svg = svg_of(dot)
    if svg is not None:
        drawing(svg, alt)
    elif dot.count(" -> ") > MOST_DRAWN:
        st.info(f"Too many links to draw here ({dot.count(' -> ')}); the list in words below gives them all, "
                "and the DOT download opens in any Graphviz tool.")
    else:
        st.graphviz_chart(dot, width="stretch", alt=alt)


VIEWS = {"explanations": "The explanations and their links", "passages": "The passages on one explanation"}
page.url_param("map", list(VIEWS), "explanations")
st.segmented_control("What to map", list(VIEWS), format_func=VIEWS.get, key="map", selection_mode="single",
                     on_change=page.sync("map", "explanations"))
view = st.session_state.map or "explanations"
page.write_param("map", view, "explanations")

ranking = weigh.weigh(case, chosen, samples=0)
shares = {r.id: r.share for r in ranking.theses}
if view == "explanations":
    text, legend = st.columns([3, 1], vertical_alignment="center")
    text.markdown(
        "Each box is an explanation, as large as its share of the evidence on your settings (the percentage) "
        "and coloured as on every page. The lines are the links this case records between explanations (who says one helped to cause or "
        "competes with another), told apart by line and arrowhead (and named on the line), so that a black-and-white print still reads: "
        + "; ".join(f"**{r.label}**, {r.looks}" for r in RELATIONS.values()) + ".")
    with legend:
        show(argmap.key(), "The key: " + "; ".join(f"{r.label}, {r.looks}" for r in RELATIONS.values()) + ".")
    dot = argmap.explanations(case, shares, colours, legend=False)
    export = argmap.explanations(case, shares, colours)  # the files carry the key, so a print explains itself
    name = "map-explanations"
    alt = (f"A map of {len(case.theses)} explanations and {len(argmap.edges(case))} recorded links between them; "
           "the list below gives each explanation and its links in words.")
else:
    ids = list(case.theses)
    page.url_param("thesis", ids)
    st.selectbox("Explanation", ids, format_func=titles.get, key="thesis", on_change=page.sync("thesis"))
    tid = st.session_state.thesis
    page.write_param("thesis", tid)
    background = st.toggle("Show background passages (they count for nothing unless you give them points)",
                           value=False, key="map_background")
    st.markdown("Each note is a passage that bears on the explanation, heaviest first: "
                + "; ".join(f"**{s.label}** a {s.line} line" for s in STANCES.values())
                + ". The thicker the line, the more the passage weighs on your settings.")
    dot = export = argmap.passages(case, tid, chosen, background=background)
    name = f"map-{tid}"
    alt = f"The passages that bear on “{titles[tid]}”, drawn as notes linked to it; the thesis page lists them."

show(dot, alt)
left, right = st.columns(2)
left.download_button("Download the map for drawing tools (DOT)", export, file_name=f"{name}.dot", mime="text/vnd.graphviz",
                     width="stretch", key="map_dot")
svg = svg_of(export)
if svg is None:
    right.caption("The SVG download needs Graphviz on this computer (`sudo apt-get install graphviz`); the DOT "
                  "file opens in any Graphviz tool.")
else:
    right.download_button("Download the map (SVG, for printing)", svg, file_name=f"{name}.svg", mime="image/svg+xml",
                          width="stretch", key="map_svg")

st.subheader("In words", anchor=False)
if view == "explanations":
    links = argmap.edges(case)
    st.caption("Each explanation, largest share first: open one to read its links.")
    for tid in sorted(case.theses, key=lambda t: -shares.get(t, 0.0)):
        mine = [e for e in links if tid in (e.source, e.target)]
        # one line each until opened: the links in words are as long as the map is tall
        with st.expander(literal(f"{titles[tid]} ({shares.get(tid, 0.0):.0%}): {tables.count(len(mine), 'link')}")):
            st.page_link("explorer/ui/pages/thesis.py", label=literal(f"{titles[tid]} ({shares.get(tid, 0.0):.0%})"),
                         query_params={"thesis": tid}, icon=":material/lightbulb:")
            for e in mine:
                other = e.target if e.source == tid else e.source
                r = RELATIONS[e.relation]
                if r.mutual or e.both_ways:
                    words = f"{r.sentence} “{titles[other]}”" + ("" if r.mutual else " (each way)")
                elif e.source == tid:
                    words = f"{r.sentence} “{titles[other]}”"
                else:
                    words = f"“{titles[other]}” {r.sentence} it"
                st.markdown("- " + literal(words + (f": {e.note}" if e.note else "")))
            if not mine:
                st.caption("No links recorded.")
else:
    st.page_link("explorer/ui/pages/thesis.py", label=literal(f"Open “{titles[tid]}”: every passage, with its note"),
                 query_params={"thesis": tid}, icon=":material/lightbulb:")

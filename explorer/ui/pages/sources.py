"""Sources: read each source with every recorded passage highlighted; its metadata, defects and trust;
what it supports and disputes; and who argues what."""

import streamlit as st

from explorer import charts, highlight, historiography, tables, weigh
from explorer.model import shown_date
from explorer.text import literal
from explorer.ui import page, settings
from explorer.ui.widgets import chart, plain, thesis_chip
from explorer.vocabulary import DEFECT_KINDS, SOURCE_KINDS, STANCES

case, problems = page.start()
chosen = settings.sidebar(case, show_weights=False)
colours, titles = page.colours(case, case), page.titles(case)
ids = list(case.sources)
if not ids:
    st.info("This case has no sources yet.")
    st.stop()

st.title("Sources", anchor=False)
page.url_param("source", ids)
titles_of = page.source_titles(case)
st.selectbox("Source", ids, key="source", on_change=page.sync("source"),
             format_func=lambda sid: f"{titles_of[sid]} ({SOURCE_KINDS[case.sources[sid].kind].label.lower()})")
sid = st.session_state.source
page.write_param("source", sid)
source = case.sources[sid]

passages = [(t, e) for t, e in case.passages() if e.source == sid and e.span]
views = historiography.views_in(case, sid)  # what the source says a historian argues, highlighted too
names = historiography.reader_names(case, sid, titles)  # each passage and view as a reader names it: no reference
refs = list(names)

meta, trust_box = st.columns([3, 1])
with meta:
    st.header(literal(source.title), anchor=False)
    facts = [SOURCE_KINDS[source.kind].label]
    if source.authors:
        facts.append("by " + "; ".join(source.authors))
    if source.editors:
        facts.append("edited by " + "; ".join(source.editors))
    if source.translators:
        facts.append("translated by " + "; ".join(source.translators))
    for value in (source.container, source.publisher, source.place):
        if value:
            facts.append(value)
    if source.issued:
        facts.append(f"published {shown_date(source.issued)}")
    if source.revised:
        facts.append(f"revised {source.revised}")
    if source.volumes:
        facts.append(f"{source.volumes} volumes")
    st.caption(literal(" · ".join(facts)))
    if source.url:
        st.caption(literal(f"Address: {source.url}"))
    plain(source.description.strip())
with trust_box:
    st.metric("Your trust in it", f"{chosen.trust[sid]:.2f}",
              delta=f"{chosen.trust[sid] - weigh.source_trust(source):+.2f} from the default"
              if abs(chosen.trust[sid] - weigh.source_trust(source)) > 1e-9 else None)
    st.caption(f"Default {weigh.source_trust(source):.2f}, from its kind and its {len(source.defects)} recorded "
               "defects. Change it in the sidebar.")

if source.defects:
    with st.expander(f"Known defects ({len(source.defects)})", expanded=False):
        for defect in source.defects:
            st.markdown(f"**{DEFECT_KINDS[defect.kind].label.capitalize()}**: {literal(defect.note)}")
            if defect.quote:
                st.caption(literal("In the text: " + defect.quote))

if not source.quotable:
    st.info("This source is a bibliography record: it can be cited, but the case holds no text of it to quote.")
else:
    st.subheader("The text, with every recorded passage highlighted", anchor=False)
    NONE = ""
    page.url_param("passage", [NONE, *refs], NONE)
    st.selectbox("Outline one passage", [NONE, *refs], key="passage", on_change=page.sync("passage", NONE),
                 format_func=lambda ref: "None" if ref == NONE else names[ref].label)
    selected = st.session_state.passage or None
    page.write_param("passage", selected, NONE)
    home = {e.ref: t.id for t, e in passages}
    present = list(dict.fromkeys(home.values()))
    legend = st.columns(3)
    for i, tid in enumerate(present):
        with legend[i % 3]:
            thesis_chip(colours[tid], titles[tid])
    st.caption("Each passage is coloured by the explanation it was recorded for; hover over a passage "
               "to see every explanation it bears on. Overlapping passages show as stripes."
               + (" Grey marks what the source says a historian argues." if views else ""))
    if selected:
        st.info(literal(names[selected].about + " Outlined in black below."))
    labels = {ref: name.hover for ref, name in names.items()}
    spans = [(e.ref, e.span[0], e.span[1]) for _, e in passages]
    passage_colours = {e.ref: colours[t.id] for t, e in passages}
    for ref, historian, n in views:
        span = historian.views[n].span
        spans.append((ref, span[0], span[1]))
        passage_colours[ref] = historiography.VIEW_COLOUR
    text_html = highlight.to_html(case.texts[sid], spans, passage_colours, labels, selected)
    # A scrolling box of our own rather than st.container(height=...): Streamlit's cannot take a tabindex, so a
    # keyboard could not reach it to scroll it (WCAG 2.1.1; axe: scrollable-region-focusable).
    st.html('<div class="source-text" tabindex="0" role="region" aria-label="The text of the source" '
            'style="max-height:640px;overflow-y:auto;font-size:1.05rem;line-height:1.7;padding:0.5rem 1rem;'
            f'border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem">{text_html}</div>')
    if selected:  # bring the outlined passage into view inside the reader
        st.html("<script>setTimeout(() => { const m = document.getElementById('passage');"
                "if (m) { m.scrollIntoView({block: 'center'}); } }, 300);</script>", unsafe_allow_javascript=True)

    st.subheader("What this source supports and disputes", anchor=False)
    counts = tables.source_stances(case)
    counts = counts[counts["source"] == sid]
    if counts[list(STANCES)].to_numpy().sum():
        chart(charts.source_profile(counts, titles), tables.source_profile_table(counts, titles), "source_profile",
              "How many of this source's passages support, qualify or dispute each explanation")
    else:
        st.write("No passage of this source is recorded yet.")

st.subheader("Who argues what", anchor=False)
views = tables.historian_views(case)
if views.empty:
    st.write("No source in this case attributes an explanation to a named historian.")
else:
    chart(charts.who_argues_what(views, titles), tables.who_argues_what_table(views, titles, titles_of),
          "who_argues", "Which historian a source credits with which explanation")
for historian in case.historians.values():
    with st.expander(literal(historian.name)):
        if historian.about:
            plain(" ".join(historian.about.split()))
        for view in historian.views:
            where = case.sources[view.source].title if view.source in case.sources else view.source
            st.markdown(f"- {literal(view.summary.strip())} (*{literal(where)}*)")
        if not historian.views:
            st.caption("The sources describe this historian's work but do not say what they argue about the fall.")
        if historian.works:
            st.caption(literal("Works: " + "; ".join(case.sources[w].title for w in historian.works if w in case.sources)))

"""The historians: what the sources say each argues and where, their works, the explanations they back, and
whose explanations compete with theirs; in the order they wrote, where the case knows it."""

import streamlit as st

from explorer import historiography
from explorer.disk import layout
from explorer.text import literal
from explorer.ui import page
from explorer.ui.widgets import plain

case, problems = page.start()
titles = page.titles(case)
st.title("Historians", anchor=False)
profiles = historiography.profiles(case)
if not profiles:
    st.info(f"This case names no historians yet ({layout.HISTORIANS}).")
    st.stop()
st.write("Every historian the case names, in the order of their writings where the case knows it: by the year of "
         "the earliest edition its bibliography lists, which may be later than the first (a reprint or a "
         "translation; the Sources page's notes say so where known). Those whose writings the case does not list "
         "come last. What each argues is given only as a source reports it, with that source named.")
names = {p.id: p.name for p in profiles}

for profile in profiles:
    with st.container(border=True):
        when = (f"earliest edition listed in this case: {profile.year} (a first edition may be earlier: see the "
                "source's notes)" if profile.year is not None
                else "the case lists none of their writings, so when they wrote is not known here")
        st.subheader(literal(profile.name), anchor=False)
        st.caption(literal(when))
        if profile.about:
            plain(profile.about)
        if profile.views:
            st.markdown("**What the sources say they argue**")
            for n, view in enumerate(profile.views):
                st.markdown(literal(f"According to {view.source_title}: {view.summary}"))
                if view.quote:
                    st.markdown("> " + literal(view.quote))
                where = {"source": view.source}
                if view.span is not None:  # opens the reader with the quote outlined
                    where["passage"] = historiography.view_ref(profile.id, n)
                st.page_link("explorer/ui/pages/sources.py", label=literal(f"Read it in {view.source_title}"),
                             query_params=where, icon=":material/menu_book:")
        if profile.backed:
            st.markdown("**Explanations they back**")
            for tid, source_title in profile.backed:
                if tid in titles:
                    st.page_link("explorer/ui/pages/thesis.py", label=literal(f"{titles[tid]} (according to {source_title})"),
                                 query_params={"thesis": tid}, icon=":material/lightbulb:")
        if profile.works:
            st.markdown("**Their works in the bibliography**")
            for work in profile.works:
                year = f" ({work.year})" if work.year is not None else ""
                use = "its text is in this case" if work.cited else "listed as further reading; its text is not here"
                st.markdown("- " + literal(f"{work.title}{year}: {use}"))
        if profile.opposed:
            st.markdown("**Whose explanations compete with theirs**")
        for opposed in profile.opposed:
            st.markdown(literal(historiography.opposition_sentence(profile, opposed, names, titles)))

"""Team briefs: one for each team of a debate, in the team's version (no weights) or the teacher's (with the answer
key), on screen as it prints; downloads of this brief (Markdown, a page to print, Word) and of every team's brief in
one document, a page to each team. Passages are named by their words and source, never by their reference."""

import streamlit as st

from explorer import brief, weigh
from explorer.classroom import debate
from explorer.classroom.debate import Refused
from explorer.classroom.store import StoreError
from explorer.text import file_stem, literal
from explorer.ui import audience, page, polls, printed, settings
from explorer.ui.widgets import sentence

IN_PLAY = 4  # the explanations a brief is written against without a room: the engine's first four

case, problems = page.start(room=st.query_params.get("room"))
case, _question = page.asked(case)  # a room's explanations were chosen within one question when it was set up
chosen_settings = settings.sidebar(case)
titles = page.titles(case)
ids = list(case.theses)
st.title("Team briefs", anchor=False)

in_play, teams, code = None, {}, st.query_params.get("room", "")
if code:
    try:
        setup = polls.store().room(code).setup
    except (Refused, StoreError) as err:
        said = polls.explain(err) if isinstance(err, StoreError) else literal(sentence(err))
        st.warning(f"{said.rstrip('.')}. Choose the explanations in play below instead.")
        code = ""
    else:
        in_play = [t for t in setup.theses if t in case.theses]
        teams = {t.thesis: t.name for t in setup.teams if t.thesis in case.theses}
        st.caption(literal(f"For debate {code.upper()}: one brief for each team, against the explanations in play."))
        missing = debate.names(setup, titles)
        for tid in debate.not_loaded(setup, case.theses):
            st.warning(literal(f"“{missing[tid]}” is in play, but its file has a problem, so it has no "
                               "brief and the others are weighed without it (see the Problems page)."), icon="⚠️")
if in_play is None:
    leading = [t.id for t in weigh.weigh(case, samples=0).theses[:IN_PLAY]]
    in_play = st.multiselect("Explanations in play (a brief for each, against the others)", ids, default=leading,
                             format_func=titles.get, key="brief_theses", max_selections=6)
if len(in_play) < 2:
    st.info("A brief needs at least two explanations in play.")
    st.stop()

# On the class's server the answer key is the moderator's: a student with the join code sees the teams' version only.
may_see_key = not audience.for_class() or bool(code and polls.moderator_key(polls.store(), code))
teacher = may_see_key and st.toggle("The teacher's version: each passage's weight and the answer key",
                                    key="brief_teacher",
                                    help="The teams' version has no weights and no verdict: hand that one out.")
weighed = brief.debate(case, in_play, chosen_settings, teams=teams)
made_all = brief.all_briefs(weighed)
version = "teacher" if teacher else "teams"
stem = f"briefs-{code.lower()}" if code else "briefs"

st.subheader("Print all briefs", anchor=False)
st.caption(f"Every team's brief in one document, each team's on new pages ({len(made_all)} teams)"
           + (", with the answer key." if teacher else ", without weights: ready to hand out."))
left, right = st.columns(2)
left.download_button("All briefs: a page to print (HTML)", brief.print_all(made_all, teacher),
                     file_name=f"{stem}-{version}.html", mime="text/html", width="stretch", key="briefs_all_html",
                     on_click="ignore", icon=":material/print:",
                     help="Open it in the browser and print it (Ctrl+P): A4, a new page for each team.")
right.download_button("All briefs: Word", brief.print_all(made_all, teacher, "docx"), file_name=f"{stem}-{version}.docx",
                      mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", width="stretch",
                      key="briefs_all_docx", on_click="ignore", icon=":material/description:")

st.divider()
page.url_param("thesis", in_play)
label = (lambda t: f"{teams[t]}: {titles[t]}" if t in teams else titles[t])
st.selectbox("Brief for the team defending", in_play, format_func=label, key="thesis", on_change=page.sync("thesis"))
tid = st.session_state.thesis
page.write_param("thesis", tid)
made = next(b for b in made_all if b.id == tid)
name = f"brief-{file_stem(made.title)}-{version}"
columns = st.columns(3)
columns[0].download_button("This brief: Markdown", brief.to_markdown(made, teacher), file_name=f"{name}.md",
                           mime="text/markdown", width="stretch", key="brief_md", on_click="ignore")
columns[1].download_button("This brief: a page to print", brief.to_html(made, teacher), file_name=f"{name}.html",
                           mime="text/html", width="stretch", key="brief_html", on_click="ignore")
columns[2].download_button("This brief: Word", brief.to_docx(made, teacher), file_name=f"{name}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           width="stretch", key="brief_docx", on_click="ignore")
printed.show(brief.document(made, teacher))

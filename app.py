"""The historiography explorer: routes to the pages, nothing else."""

import streamlit as st

from explorer.ui import audience

st.set_page_config(page_title="Historiography explorer", page_icon="📜", layout="wide")
teacher = audience.teacher_pages()  # on the class's server, the moderator's pages are not in the students' menu
workshop = audience.workshop_pages()  # listed only where the server offers the workshop
st.navigation(
    {
        "Explore": [
            st.Page("explorer/ui/pages/compare.py", title="Compare", icon=":material/leaderboard:", default=True),
            st.Page("explorer/ui/pages/how.py", title="How the score works", icon=":material/help:", url_path="how"),
            st.Page("explorer/ui/pages/thesis.py", title="Explanation", icon=":material/lightbulb:",
                    url_path="thesis"),
            st.Page("explorer/ui/pages/matrix.py", title="Matrix", icon=":material/grid_on:", url_path="matrix"),
            st.Page("explorer/ui/pages/map.py", title="Map", icon=":material/account_tree:", url_path="map"),
            st.Page("explorer/ui/pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
            st.Page("explorer/ui/pages/timeline.py", title="Timeline", icon=":material/timeline:",
                    url_path="timeline"),
            st.Page("explorer/ui/pages/contested.py", title="Contested facts", icon=":material/balance:",
                    url_path="contested"),
            st.Page("explorer/ui/pages/historians.py", title="Historians", icon=":material/history_edu:",
                    url_path="historians"),
            st.Page("explorer/ui/pages/cases.py", title="Choose a case", icon=":material/folder_open:",
                    url_path="cases"),
        ],
        "Class debate": [
            st.Page("explorer/ui/pages/debate_setup.py", title="Set up a debate", icon=":material/groups:",
                    url_path="debate", visibility=teacher),
            st.Page("explorer/ui/pages/moderate.py", title="Moderator's console", icon=":material/podium:",
                    url_path="moderate", visibility=teacher),
            st.Page("explorer/ui/pages/vote.py", title="Join the poll", icon=":material/how_to_vote:",
                    url_path="vote"),
            st.Page("explorer/ui/pages/perspective.py", title="Weigh the evidence yourself", icon=":material/tune:",
                    url_path="weigh"),
            st.Page("explorer/ui/pages/class_view.py", title="Class perspectives", icon=":material/diversity_3:",
                    url_path="perspectives", visibility=teacher),
            st.Page("explorer/ui/pages/briefs.py", title="Team briefs", icon=":material/description:",
                    url_path="briefs", visibility=teacher),
        ],
        "Write": [
            st.Page("explorer/ui/pages/essay.py", title="Plan an essay", icon=":material/edit_note:",
                    url_path="essay"),
            st.Page("explorer/ui/pages/check.py", title="Check my essay", icon=":material/spellcheck:",
                    url_path="check"),
        ],
        "Build a case": [
            st.Page("explorer/ui/pages/build_case.py", title="Start a case or add a source",
                    icon=":material/create_new_folder:", url_path="build", visibility=workshop),
            st.Page("explorer/ui/pages/build_thesis.py", title="Write a thesis", icon=":material/edit_document:",
                    url_path="build_thesis", visibility=workshop),
            st.Page("explorer/ui/pages/build_passages.py", title="Record passages", icon=":material/format_quote:",
                    url_path="build_passages", visibility=workshop),
            st.Page("explorer/ui/pages/build_historians.py", title="Historians and their views",
                    icon=":material/person_add:", url_path="build_historians", visibility=workshop),
            st.Page("explorer/ui/pages/build_events.py", title=audience.EVENTS_PAGE,
                    icon=":material/event_note:", url_path="build_events", visibility=workshop),
        ],
        "Case files": [
            st.Page("explorer/ui/pages/problems.py", title="Problems", icon=":material/report:", url_path="problems"),
        ],
    },
    expanded=True,  # every page in sight: the briefs and the essay planner are not hidden behind "View more"
).run()

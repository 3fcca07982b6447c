"""Who a server's navigation is for. The class's server (`python -m explorer.classroom`, `make class`, which passes
`--class`) lists for students only what is theirs: the explore pages, joining the poll, weighing the evidence and
planning an essay. The moderator's pages stay at their addresses (the set-up page at /debate, the console, the
class's perspectives, the briefs) without a place in the students' menu, and are listed again in a browser that
holds a moderator's key for a room (explorer/classroom/moderator.py). The workshop is listed only where the server offers it."""

from __future__ import annotations

import streamlit as st

from explorer import config
from explorer.classroom import moderator
from explorer.ui import building
from explorer.ui import case as chosen_case

CLASS_FLAG = "--class"


def for_class(argv: list[str] | None = None) -> bool:
    """Whether this app was started as the class's server (`--class` after `--`)."""
    return config.settings(argv).for_class


def teacher_pages() -> str:
    """The visibility of the moderator's pages in the menu: hidden on the class's server, unless this browser
    holds a moderator's key (its cookie)."""
    if not for_class():
        return "visible"
    held = any(name.startswith(moderator.PREFIX) for name in st.context.cookies)
    return "visible" if held else "hidden"


def workshop_pages() -> str:
    """The visibility of the workshop's pages in the menu: listed only where the server offers the workshop, never
    on the class's server (their addresses still say that it is not offered here)."""
    return "visible" if building.enabled() and not for_class() else "hidden"


EVENTS_PAGE = "Dated events and contested facts"  # the workshop page's title, as the menu lists it


def offer_workshop(what: str, words: str) -> None:
    """Where an explore page has nothing to show yet (no dated events, no contested facts): a link to the workshop
    page that adds them (`what`: "event" or "fact", the form it opens on), for the case chosen; only where this
    server offers the workshop."""
    if workshop_pages() != "visible":
        return
    st.page_link("explorer/ui/pages/build_events.py", label=f"Add {words} to this case, on the workshop page "
                 f"“{EVENTS_PAGE}”", icon=":material/event_note:",
                 query_params={"case": chosen_case.chosen().name, "what": what})

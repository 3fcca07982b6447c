"""The lesson's downloads, offered on the console and on Class perspectives alike: the ballots and weighings as CSV,
and the lesson's record (explorer/classroom/lesson.py's `report`) as a page to print, in Word and in Markdown."""

from __future__ import annotations

import time

import streamlit as st

from explorer.classroom import lesson

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def downloads(case, room, titles: dict[str, str], sent: dict, cast: dict, key: str) -> None:
    """The download buttons, from the rows read from the store (`sent`: perspectives, `cast`: ballots, each phase ->
    [(participant, ...)]); `key` is the room's moderator key, which numbers the students."""
    code = room.code
    ballots = {p: [b for _, b in rows] for p, rows in cast.items()}
    args = (code, case, room.setup, titles, ballots, sent, time.strftime("%d %B %Y"), key)
    columns = st.columns(4)
    columns[0].download_button("Lesson record: a page to print", lesson.summary_html(*args),
                               file_name=f"debate-{code}-record.html", mime="text/html", key="lesson_html",
                               on_click="ignore", width="stretch", icon=":material/print:",
                               help="Before and after, the class beside the engine, where it disagrees, the passages "
                                    "that decide: open it in the browser and print it (Ctrl+P).")
    columns[1].download_button("Lesson record: Word", lesson.summary_docx(*args), file_name=f"debate-{code}-record.docx",
                               mime=WORD, key="lesson_docx", on_click="ignore", width="stretch")
    columns[2].download_button("Lesson record: Markdown", lesson.summary_markdown(*args),
                               file_name=f"debate-{code}-summary.md", mime="text/markdown", key="lesson_summary",
                               on_click="ignore", width="stretch")
    columns[3].download_button("Ballots and weighings (CSV)", lesson.class_csv(code, case, titles, cast, sent, key),
                               file_name=f"debate-{code}-class.csv", mime="text/csv", key="class_csv",
                               on_click="ignore", width="stretch",
                               help="One row per vote, setting and place; students numbered P1, P2…")


def offer(store, case, room, titles: dict[str, str], key: str) -> None:
    """The downloads for a room, read from the store now (the console's few lines); nothing when the store cannot
    be read (the console's live results say what is wrong)."""
    from explorer.classroom.debate import PHASES
    from explorer.classroom.store import StoreError

    try:
        sent = {p: store.sent_perspectives(room.code, p) for p in PHASES}
        cast = {p: store.cast_ballots(room.code, p) for p in PHASES}
    except StoreError:
        return
    downloads(case.only(room.setup.theses), room, titles, sent, cast, key)

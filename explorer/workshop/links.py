"""What links to what across a case's files, from both sides: the events and facts of a thesis, the passages that quote an event's or a reading's words."""

from __future__ import annotations

from typing import Any


def event_name(event: Any) -> str:
    """An event named in a list: its date and what happened, “1963: The harvest fails”."""
    return f"{event.date}: {event.title}"


def events_on(case: Any, thesis_id: str) -> list:
    """The dated events that name a thesis, in the timeline's order."""
    return [e for e in case.events if thesis_id in e.theses]


def events_about(case: Any, fact_id: str) -> list:
    """The dated events that name a contested fact as theirs."""
    return [e for e in case.events if e.contested == fact_id]


def passages_quoting(case: Any, source_id: str, span: tuple[int, int] | None) -> list[str]:
    """The recorded passages (as “The harvest”, passage 1) that quote words of the same place of a source: what an
    event or a reading is linked from in the claim files."""
    if span is None:
        return []
    return [f"“{t.title}”, passage {e.ref.rsplit('#', 1)[-1]}" for t, e in case.passages()
            if e.source == source_id and e.span and e.span[0] < span[1] and span[0] < e.span[1]]


def linked_to_thesis(case: Any, thesis_id: str) -> list[str]:
    """What the timeline and the contested facts link to a thesis, in words (one line each; none when nothing)."""
    out = []
    events = events_on(case, thesis_id)
    if events:
        out.append(f"Dated events linked to it: {'; '.join(event_name(e) for e in events)}.")
    facts = [f for f in case.contested if thesis_id in f.theses]
    if facts:
        out.append(f"Contested facts that bear on it: {'; '.join(f'“{f.question}”' for f in facts)}.")
    return out

"""Exports of a whole case. JSON for now: the loaded case as one document."""

from __future__ import annotations

import json

from explorer.model import Case


def case_document(case: Case) -> dict:
    """The loaded case as plain data: theses with located evidence, sources with their text's path."""
    return {
        "folder": case.folder,
        "case": case.info.model_dump(mode="json") if case.info else None,
        "theses": [t.model_dump(mode="json") for t in case.theses.values()],
        "sources": [s.model_dump(mode="json") for s in case.sources.values()],
        "historians": [h.model_dump(mode="json") for h in case.historians.values()],
        "timeline": [e.model_dump(mode="json") for e in case.events],
        "contested": [c.model_dump(mode="json") for c in case.contested],
    }


def to_json(case: Case) -> str:
    return json.dumps(case_document(case), indent=2, ensure_ascii=False) + "\n"


FORMATS = {"json": to_json}

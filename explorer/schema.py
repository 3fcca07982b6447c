"""JSON Schemas of the case files, for editors (VS Code's YAML extension) and for readers."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.model import FILE_MODELS

TITLES = {
    "thesis": "A claim file: one thesis with its evidence (theses/<id>.yaml)",
    "sources": "The sources of a case (sources.yaml)",
    "historians": "The historians of a case and what the sources say they argue (historians.yaml)",
    "timeline": "Dated events (timeline.yaml)",
    "contested": "Facts on which the sources disagree (contested.yaml)",
    "case": "The case: its question, period and summary (case.yaml)",
}


def schema_of(name: str) -> dict:
    """The JSON Schema of one kind of case file."""
    schema = FILE_MODELS[name].model_json_schema()
    schema["title"] = TITLES[name]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(name: str) -> str:
    return json.dumps(schema_of(name), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema as <name>.schema.json into a folder; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILE_MODELS:
        path = folder / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written

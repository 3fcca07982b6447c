"""JSON Schemas of the case files, for editors (VS Code's YAML extension) and for readers."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.disk import layout
from explorer.model import FILE_MODELS

TITLES = {
    "thesis": f"A claim file: one thesis with its evidence ({layout.thesis('<id>')})",
    "sources": f"The sources of a case ({layout.SOURCES})",
    "historians": f"The historians of a case and what the sources say they argue ({layout.HISTORIANS})",
    "timeline": f"Dated events ({layout.TIMELINE})",
    "contested": f"Facts on which the sources disagree ({layout.CONTESTED})",
    "case": f"The case: its question, period and summary ({layout.CASE})",
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

"""The JSON Schemas that editors use: generated from the models, and the committed copies are current."""

import json
from pathlib import Path

from explorer.schema import render, schema_of

ROOT = Path(__file__).resolve().parent.parent


def test_thesis_schema_lists_the_fields_and_hides_loader_fields() -> None:
    schema = schema_of("thesis")
    assert schema["required"] == ["id", "title", "statement", "summary", "scope"]
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert set(evidence) == {"source", "quote", "stance", "strength", "note", "bears_on"}
    assert evidence["strength"]["maximum"] == 3
    assert schema["$defs"]["Evidence"]["additionalProperties"] is False


def test_committed_schemas_match_the_models() -> None:
    for name in ("thesis", "sources", "historians", "timeline", "contested", "case"):
        committed = (ROOT / "claims" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == render(name), f"run: python -m explorer schema --write claims/schema ({name})"


def test_claim_files_point_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "claims" / "theses").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/thesis.schema.json", path.name
    assert json.loads(render("thesis"))["title"].startswith("A claim file")

"""The JSON export: a real round trip through json.loads."""

import json

from explorer.export import to_json
from explorer.load import load_case


def test_json_export_round_trip(small_case) -> None:
    case, _ = load_case(small_case)
    doc = json.loads(to_json(case))
    assert [t["id"] for t in doc["theses"]] == ["harvest", "prestige"]
    first = doc["theses"][0]["evidence"][0]
    assert first == {
        "source": "alpha", "quote": "The harvest of 1963 failed.", "span": [0, 27], "stance": "supports",
        "strength": 2, "note": "The failure itself.", "bears_on": {}, "ref": "harvest#1", "line": 10,
    }
    assert doc["theses"][1]["evidence"][0]["bears_on"] == {"harvest": {"stance": "disputes", "strength": 1}}
    sources = {s["id"]: s for s in doc["sources"]}
    assert sources["alpha"]["text_path"] == "texts/alpha.txt"
    assert sources["gamma_book"]["text_path"] is None
    assert doc["historians"][0]["views"][0]["span"] == [0, 27]
    assert doc["timeline"][0]["date"] == "1963"
    assert doc["contested"][0]["readings"][1]["says"] == "It was fine."
    assert doc["case"]["question"] == "Why did the leader fall?"

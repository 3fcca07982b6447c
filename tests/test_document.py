"""Reading one YAML document: lines kept, dates kept as written, dangerous YAML refused."""

from explorer.document import parse


def test_lines_of_keys_and_items() -> None:
    doc = parse("a: 1\nb:\n  - x\n  - c: 2\n", "f.yaml")
    assert doc.problems == []
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.data.line_of("a") == 1
    assert doc.data["b"].lines == [3, 4]
    assert doc.data["b"][1].line == 4


def test_dates_stay_text() -> None:
    assert parse("date: 1964-10-14\n", "f.yaml").data == {"date": "1964-10-14"}


def test_merge_key_is_refused() -> None:
    doc = parse("base: &b {a: 1}\nother:\n  <<: *b\n", "m.yaml")
    assert doc.data is None
    assert [p.message for p in doc.problems] == [
        "this value is reused through an alias (*name); aliases and merge keys (<<) are not allowed"
    ]


def test_comment_only_file_is_empty() -> None:
    assert [p.message for p in parse("# yaml-language-server: $schema=x\n\n", "f.yaml").problems] == ["file is empty"]


def test_a_single_anchor_without_alias_is_fine() -> None:
    assert parse("a: &x 1\n", "f.yaml").data == {"a": 1}

"""Reading one YAML document: lines kept, dates kept as written, dangerous YAML refused."""

from explorer.document import MAX_DEPTH, parse


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


def test_nesting_up_to_the_limit_is_read_and_one_more_is_refused() -> None:
    deepest = "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"  # the mapping is the first level
    assert parse(deepest, "f.yaml").problems == []
    too_deep = "a: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n"
    assert [str(p) for p in parse(too_deep, "f.yaml").problems] == [
        (f"f.yaml:1: (yaml): lists and mappings are nested more than {MAX_DEPTH} deep here; a case file needs a few "
        "levels at most; check the brackets and indentation")]


def test_deep_block_nesting_is_refused_too() -> None:
    text = "".join(" " * (2 * level) + f"k{level}:\n" for level in range(60)) + " " * 120 + "v\n"
    assert [p.message for p in parse(text, "f.yaml").problems] == [
        f"lists and mappings are nested more than {MAX_DEPTH} deep here"]


def test_keys_that_are_not_names_are_reported_and_dropped() -> None:
    doc = parse("title: T\n~: 1\n2: x\n", "f.yaml")
    assert doc.data == {"title": "T"}
    assert [(p.line, p.message) for p in doc.problems] == [
        (2, "`~` is not a name a field can have, so this line was not read"),
        (3, "`2` is not a name a field can have, so this line was not read")]


def test_a_list_as_a_key_a_control_character_and_tags_no_case_needs() -> None:
    assert [str(p) for p in parse("[a, b]: 1\n", "f.yaml").problems] == [
        ("f.yaml:1: (yaml): a list or a mapping is used as a field name here, so the file was not read; start the "
        "line with a field name such as `title:`")]
    assert [str(p) for p in parse("a: 1\nb: x\x00y\n", "f.yaml").problems] == [
        ("f.yaml:2: (file): the character U+0000 is not allowed in YAML, so the file was not read; delete it: it is "
        "invisible in most editors")]
    for tag, value in (("binary", "aGVsbG8="), ("set", "{a, b}"), ("omap", "[{a: 1}]")):
        assert [p.message for p in parse(f"quote: !!{tag} {value}\n", "f.yaml").problems] == [
            f"the tag `!!{tag}` is not allowed"]

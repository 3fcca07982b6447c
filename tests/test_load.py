"""The loader: a valid case loads clean; each kind of bad input is one clear problem, and the rest loads."""

from __future__ import annotations

import json
import os
import textwrap
import time
from pathlib import Path

import conftest
import pytest
from conftest import write_case

from explorer.load import load_case


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_small_case_loads_without_problems(small_case: Path) -> None:
    case, problems = load_case(small_case)
    assert problems == []
    assert list(case.theses) == ["harvest", "prestige"]
    assert case.title == "A small case"
    assert [e.ref for _, e in case.passages()] == ["harvest#1", "harvest#2", "prestige#1", "prestige#2"]
    assert case.sources["alpha"].text_path == "texts/alpha.txt"
    assert case.sources["gamma_book"].quotable is False


def test_spans_point_at_the_original_characters(small_case: Path) -> None:
    case, _ = load_case(small_case)
    passage = case.theses["prestige"].evidence[1]
    start, end = passage.span
    # straight quotes and hyphens in the YAML matched typographic ones in the text
    assert case.texts["alpha"][start:end] == "Critics said the \u201cbold schemes\u201d of the leader\u2014all of them\u2014had failed."
    assert (start, end) == (28, 97)
    assert case.contested[0].readings[1].span == (58, 78)
    assert case.sources["beta"].defects[0].span == (58, 78)


def test_evidence_keeps_its_line(small_case: Path) -> None:
    case, _ = load_case(small_case)
    assert [e.line for e in case.theses["harvest"].evidence] == [10, 15]


def test_malformed_yaml(small_case: Path) -> None:
    (small_case / "theses" / "prestige.yaml").write_text("id: prestige\ntitle: [unclosed\nscope: foreign\n")
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:3: (yaml): could not parse YAML: while parsing a flow sequence, did not find "
         "expected ',' or ']'; the rest of this file was not read, nor what came before; check the indentation, "
         "colons and quotes on this line and the one before (a colon followed by a space inside a value needs the "
         "value in quotes)"),
    ]
    assert list(case.theses) == ["harvest"]
    assert case.theses["harvest"].links == []  # the link to the broken thesis is dropped, not reported twice


def test_missing_required_field(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("title: Lost prestige\n", "")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems) == ["theses/prestige.yaml:1: title: `title` is missing; add `title:` here"]
    assert list(case.theses) == ["harvest"]  # the broken thesis is left out, the rest loads


def test_wrong_type(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("strength: 3", "strength: strong")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:10: evidence[0].strength: `strength` should be a whole number, not `strong`; "
         "use 1 (background), 2 (relevant) or 3 (explicit: says it in so many words)")
    ]
    # the thesis keeps its good passage
    assert [e.quote[:8] for e in case.theses["prestige"].evidence] == ["Critics "]


def test_out_of_range_strength(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("strength: 3", "strength: 5")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:10: evidence[0].strength: `strength` should be at most 3, not `5`; "
         "use 1 (background), 2 (relevant) or 3 (explicit: says it in so many words)")
    ]


def test_unknown_enum_value(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("stance: supports", "stance: proves")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:9: evidence[0].stance: `proves` is not a known stance; "
         "use one of: supports, disputes, qualifies")
    ]


def test_unknown_bears_on_stance(small_case: Path) -> None:
    body = (small_case / "theses" / "harvest.yaml").read_text().replace("prestige: qualifies", "prestige: maybe")
    (small_case / "theses" / "harvest.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/harvest.yaml:21: evidence[1].bears_on.prestige: `maybe` is not a known stance; "
         "use one of: supports, disputes, qualifies")
    ]


def test_misspelt_field(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("note: The humiliation.", "notes: The humiliation.")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        "theses/prestige.yaml:7: evidence[0].note: `note` is missing; add `note:` here",
        "theses/prestige.yaml:11: evidence[0].notes: unknown field `notes`; did you mean `note`?",
    ]


def test_unknown_source_thesis_and_historian(small_case: Path) -> None:
    body = (
        (small_case / "theses" / "harvest.yaml").read_text()
        .replace("source: alpha", "source: alpha2")
        .replace("historian: doe", "historian: doee")
        .replace("thesis: prestige", "thesis: prestig")
    )
    (small_case / "theses" / "harvest.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems) == [
        "theses/harvest.yaml:7: proponents[0].historian: unknown historian `doee`; did you mean `doe`?",
        "theses/harvest.yaml:10: evidence[0].source: unknown source `alpha2`; did you mean `alpha`?",
        "theses/harvest.yaml:23: links[0].thesis: unknown thesis `prestig`; did you mean `prestige`?",
    ]
    harvest = case.theses["harvest"]
    assert (len(harvest.evidence), len(harvest.proponents), len(harvest.links)) == (1, 0, 0)


def test_duplicate_thesis_id(small_case: Path) -> None:
    (small_case / "theses" / "harvest_again.yaml").write_text((small_case / "theses" / "harvest.yaml").read_text())
    case, problems = load_case(small_case)
    assert messages(problems) == [
        "theses/harvest_again.yaml:1: id: id `harvest` is already used at theses/harvest.yaml:1; give each one its own id"
    ]
    assert list(case.theses) == ["harvest", "prestige"]


def test_duplicate_source_id(small_case: Path) -> None:
    body = (small_case / "sources.yaml").read_text().replace("id: beta", "id: alpha")
    (small_case / "sources.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert "sources.yaml:6: sources[1].id: id `alpha` is already used at line 2; give each one its own id" in messages(problems)


def test_same_passage_recorded_twice(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace(
        '"Abroad, the retreat over Cuba was a humiliation."', "The harvest of 1963 failed."
    ).replace("source: beta", "source: alpha")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:8: evidence[0].quote: this passage is already recorded at theses/harvest.yaml:10; "
         "record a passage once and use bears_on for the other theses")
    ]


def test_misquote_suggests_the_closest_passage(small_case: Path) -> None:
    body = (small_case / "theses" / "harvest.yaml").read_text().replace(
        "The harvest of 1963 failed.", "The harvest of 1964 failed badly."
    )
    (small_case / "theses" / "harvest.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ('theses/harvest.yaml:11: evidence[0].quote: quote not found in texts/alpha.txt; did you mean '
         '"The harvest of 1963 failed." (line 1)? It differs in: "1964 failed badly." where the source has '
         '"1963 failed.". Quotes must be verbatim')
    ]
    assert [e.quote for e in case.theses["harvest"].evidence] == ["At home, the harvest was fine."]


def test_ambiguous_quote_is_a_warning(small_case: Path) -> None:
    (small_case / "texts" / "beta.txt").write_text("Abroad, the retreat over Cuba was a humiliation.\nAt home, the harvest was fine.\nthe harvest was fine\n")
    _, problems = load_case(small_case)
    assert [(p.file, p.field, p.level) for p in problems] == [
        ("contested.yaml", "contested[0].readings[1].quote", "warning"),
        ("sources.yaml", "sources[1].defects[0].quote", "warning"),
    ]
    assert problems[0].message == "quote occurs 2 times in texts/beta.txt"


def test_empty_file(small_case: Path) -> None:
    (small_case / "theses" / "empty.yaml").write_text("# nothing yet\n")
    case, problems = load_case(small_case)
    assert messages(problems) == ["theses/empty.yaml:1: (file): file is empty; write the fields, or delete the file"]
    assert len(case.theses) == 2


def test_file_that_is_not_utf8(small_case: Path) -> None:
    (small_case / "theses" / "latin.yaml").write_bytes("id: latin\ntitle: Caf\u00e9\n".encode("latin-1"))
    case, problems = load_case(small_case)
    assert messages(problems) == [
        "theses/latin.yaml:2: (file): file is not UTF-8 text (byte 0xe9 cannot be decoded); save the file with UTF-8 encoding"
    ]
    assert len(case.theses) == 2


def test_python_object_tag_is_refused_and_never_run(small_case: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (small_case / "theses" / "evil.yaml").write_text(
        f'id: evil\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/evil.yaml:2: (yaml): the tag `!!python/object/apply:os.system` is not allowed; "
         "case files hold only text, numbers, lists and mappings; remove the tag")
    ]
    assert not marker.exists()
    assert len(case.theses) == 2


def test_alias_bomb_is_refused_quickly(small_case: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (small_case / "theses" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    case, problems = load_case(small_case)
    assert time.perf_counter() - started < 0.5  # a billion strings, never built
    assert messages(problems) == [
        ("theses/bomb.yaml:1: (yaml): this value is reused through an alias (*name); aliases and merge keys (<<) "
         "are not allowed; write the value out in full where it is needed")
    ]
    assert len(case.theses) == 2


def test_ten_megabyte_file(small_case: Path) -> None:
    (small_case / "theses" / "huge.yaml").write_text("summary: " + "x" * 10_000_000 + "\n")
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/huge.yaml:1: (file): file is 10.0 MB, more than the 5 MB a case file may be; "
         "check that the right file is here, or split it")
    ]
    assert len(case.theses) == 2


def test_case_folder_that_does_not_exist(tmp_path: Path) -> None:
    case, problems = load_case(tmp_path / "nowhere")
    assert [(p.field, p.message) for p in problems] == [("(folder)", "case folder does not exist")]
    assert case.theses == {}


def test_folder_without_a_case(tmp_path: Path) -> None:
    _, problems = load_case(tmp_path)
    assert [(p.field, p.message) for p in problems] == [("(folder)", "this folder holds no case")]


def test_duplicate_key_is_reported(small_case: Path) -> None:
    body = (small_case / "theses" / "prestige.yaml").read_text().replace("scope: foreign\n", "scope: foreign\nscope: domestic\n")
    (small_case / "theses" / "prestige.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        "theses/prestige.yaml:6: scope: `scope` is given twice in the same mapping; only the last one would count; keep one"
    ]


def test_id_must_match_file_name(small_case: Path) -> None:
    (small_case / "theses" / "prestige.yaml").rename(small_case / "theses" / "cuba.yaml")
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/cuba.yaml:1: id: id `prestige` does not match the file name `cuba.yaml`; "
         "rename the file to prestige.yaml or change the id (warning)")
    ]
    assert "prestige" in case.theses


def test_timeline_event_with_bad_date_and_unknown_thesis(small_case: Path) -> None:
    write_case(small_case, {"timeline.yaml": (
        "events:\n"
        "  - id: e1\n    date: 1963-13-01\n    title: T\n    source: alpha\n    quote: The harvest of 1963 failed.\n"
        "  - id: e2\n    date: '1963'\n    title: T\n    source: alpha\n    quote: The army disliked the cuts.\n"
        "    theses: [harvest, army]\n"
    )})
    case, problems = load_case(small_case)
    assert messages(problems) == [
        "timeline.yaml:3: events[0].date: `date`: month must be in 1..12; write the date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes",
        "timeline.yaml:7: events[1].theses[1]: unknown thesis `army`; use the id of a thesis in theses/",
    ]
    assert [(e.id, e.theses) for e in case.events] == [("e2", ["harvest"])]


def test_contested_fact_needs_two_sources(small_case: Path) -> None:
    body = (small_case / "contested.yaml").read_text().replace("source: beta", "source: alpha")
    (small_case / "contested.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("contested.yaml:2: contested[0].readings: a contested fact needs readings from two sources or more; "
         "add the reading of another source, or remove the fact"),
        ('contested.yaml:2: contested[0].readings[1].quote: quote not found in texts/alpha.txt; did you mean '
         '"The harvest of" (line 1)? It differs in: capital T in "The"; "was fine" where the source has "of". '
         'Quotes must be verbatim'),
    ]
    assert case.contested == []


def test_quoting_a_source_without_text(small_case: Path) -> None:
    body = (small_case / "timeline.yaml").read_text().replace("source: alpha", "source: gamma_book")
    (small_case / "timeline.yaml").write_text(body)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("timeline.yaml:2: events[0].source: source `gamma_book` has no text to quote from; "
         "add texts/gamma_book.txt, or quote a source that has a text")
    ]


def test_broken_list_file_keeps_its_good_items(small_case: Path) -> None:
    body = (small_case / "sources.yaml").read_text().replace("kind: student_essay", "kind: blog")
    (small_case / "sources.yaml").write_text(body)
    case, problems = load_case(small_case)
    assert messages(problems)[0] == (
        "sources.yaml:7: sources[1].kind: `blog` is not a known kind; use one of: scholarly_monograph, document_edition, memoir, "
        "reference_work, encyclopedia_summary, wiki_article, student_essay, journal_article, primary_source, "
        "textbook, lecture, newspaper, invented"
    )
    assert set(case.sources) == {"alpha", "gamma_book"}


def test_words_of_a_passage_come_from_the_source(small_case: Path) -> None:
    case, _ = load_case(small_case)
    passage = case.theses["prestige"].evidence[1]
    # the claim file wrote straight quotes and hyphens; the source prints typographic ones
    assert case.words(passage.source, passage.span, passage.quote) == (
        "Critics said the \u201cbold schemes\u201d of the leader\u2014all of them\u2014had failed.")
    assert case.words("gamma_book", None, "as  written") == "as written"


# --- hostile and unlucky input: each row is a file (or a link, a folder, a pipe) that once crashed, hung, leaked
# or silently lost data; now each is one clear problem (or note) and the rest of the case loads.


def _write(rel: str, body: str | bytes):
    def make(case: Path) -> None:
        path = case / rel
        path.write_bytes(body) if isinstance(body, bytes) else path.write_text(body, encoding="utf-8")
    return make


def _link(rel: str, target: str):
    def make(case: Path) -> None:
        (case / rel).unlink(missing_ok=True)
        (case / rel).symlink_to(target)
    return make


def _folder(rel: str):
    def make(case: Path) -> None:
        (case / rel).unlink(missing_ok=True)
        (case / rel).mkdir()
    return make


def _fifo(rel: str):
    return lambda case: os.mkfifo(case / rel)


def _deep_bears_on(case: Path) -> None:
    path = case / "theses" / "prestige.yaml"
    nested = "".join("{a: " for _ in range(1000)) + "1" + "}" * 1000
    path.write_text(path.read_text().replace("harvest: {stance: disputes, strength: 1}", f"harvest: {nested}"))


def _replace(rel: str, old: str, new: str):
    def make(case: Path) -> None:
        path = case / rel
        path.write_text(path.read_text().replace(old, new))
    return make


NOT_A_FILE = "is not a file (a folder, a device or a pipe), so it was not read; put a plain text file under this name, or remove it"
NO_DATA = "(file): file holds no data (only `~`, `null` or `---`); write the fields, or delete the file"
HIDDEN = ("(file): a hidden file or an editor's copy, so it was not read; nothing to do if an editor or another "
          "program left it; if it is a case file, rename it without the mark (note)")
HOSTILE = [
    ("flow nesting bomb", _write("theses/bomb.yaml", "extra: " + "[" * 50_000 + "]" * 50_000 + "\n"),
     [("theses/bomb.yaml:1: (yaml): lists and mappings are nested more than 50 deep here; a case file needs a few "
      "levels at most; check the brackets and indentation")], 2),
    ("compact nesting after an explicit key", _write("theses/bomb.yaml", "? a\n: " + "- " * 100_000 + "v\n"),
     [("theses/bomb.yaml:2: (yaml): lists and mappings are nested more than 50 deep here; a case file needs a few "
      "levels at most; check the brackets and indentation")], 2),
    ("explicit keys nested", _write("theses/bomb.yaml", "? a\n: " + "? " * 100_000 + "v\n"),
     [("theses/bomb.yaml:2: (yaml): lists and mappings are nested more than 50 deep here; a case file needs a few "
      "levels at most; check the brackets and indentation")], 2),
    ("a thousand-deep bears_on", _deep_bears_on,
     [("theses/prestige.yaml:13: (yaml): lists and mappings are nested more than 50 deep here; a case file needs a "
      "few levels at most; check the brackets and indentation")], 1),
    ("dangling link (an editor's lock file)", _link("theses/.#harvest.yaml", "root@host.1234"),
     ["theses/.#harvest.yaml:0: " + HIDDEN], 2),
    ("dangling link", _link("theses/gone.yaml", "nowhere.yaml"),
     [("theses/gone.yaml:0: (file): is a link to a file that does not exist; remove the link, or point it at a file "
      "in the case folder")], 2),
    ("a folder named like a claim file", _folder("theses/x.yaml"), ["theses/x.yaml:0: (file): " + NOT_A_FILE], 2),
    ("case.yaml a folder", _folder("case.yaml"), ["case.yaml:0: (file): " + NOT_A_FILE], 2),
    ("a claim file linked to /dev/zero", _link("theses/zero.yaml", "/dev/zero"),
     [("theses/zero.yaml:0: (file): is a link to a file outside the case folder, so it was not read; copy the file "
      "into the case folder instead of linking to it")], 2),
    ("a pipe named like a claim file", _fifo("theses/pipe.yaml"), ["theses/pipe.yaml:0: (file): " + NOT_A_FILE], 2),
    ("a hidden copy of a claim file", _write("theses/.prestige.yaml", "id: prestige\ntitle: Hijacked\n"),
     ["theses/.prestige.yaml:0: " + HIDDEN], 2),
    ("macOS resource fork", _write("theses/._harvest.yaml", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X"),
     ["theses/._harvest.yaml:0: " + HIDDEN], 2),
    ("a text linked out of the case", _link("texts/alpha.txt", "/etc/passwd"),
     [("texts/alpha.txt:0: (file): is a link to a file outside the case folder, so it was not read; copy the file "
      "into the case folder instead of linking to it")], 2),
    ("thesis of only ~", _write("theses/prestige.yaml", "~\n"), ["theses/prestige.yaml:1: " + NO_DATA], 1),
    ("timeline of only null", _write("timeline.yaml", "null\n"), ["timeline.yaml:1: " + NO_DATA], 2),
    ("case of only ---", _write("case.yaml", "---\n"), ["case.yaml:1: " + NO_DATA], 2),
    ("a text tag on a mapping", _replace("theses/prestige.yaml", "summary: Cuba humiliated him.",
                                         "summary: !!str {a: 1}"),
     [("theses/prestige.yaml:4: (yaml): a tag such as `!!str` is put on a list or a mapping here; case files need "
      "no tags; remove it, and put quotes around a value that must stay text")], 1),
    ("a null key", _replace("theses/prestige.yaml", "scope: foreign", "scope: foreign\n~: 2"),
     [("theses/prestige.yaml:6: (yaml): `~` is not a name a field can have, so this line was not read; start the "
      "line with a field name such as `title:`; put quotes around a key that is a number")], 2),
    ("a one-character quote", _replace("theses/prestige.yaml", 'quote: "Abroad, the retreat over Cuba was a '
                                       'humiliation."', "quote: a"),
     [("theses/prestige.yaml:8: evidence[0].quote: a quote of 1 word is too short to point at one passage; quote at "
      "least 3 words of the source, verbatim")], 2),
]


@pytest.mark.parametrize(("setup", "expected", "theses"), [row[1:] for row in HOSTILE], ids=[r[0] for r in HOSTILE])
def test_hostile_input_is_one_clear_problem(small_case: Path, setup, expected: list[str], theses: int) -> None:
    setup(small_case)
    case, problems = load_case(small_case)
    assert messages(problems) == expected
    assert len(case.theses) == theses


def test_a_text_linked_out_of_the_case_is_never_read(small_case: Path) -> None:
    _link("texts/alpha.txt", "/etc/passwd")(small_case)
    case, _ = load_case(small_case)
    assert "alpha" not in case.texts and case.sources["alpha"].text_path is None


def test_a_link_inside_the_case_is_followed(small_case: Path) -> None:
    (small_case / "texts" / "alpha-copy.txt").write_text(conftest.TEXT_A)
    _link("texts/alpha.txt", "alpha-copy.txt")(small_case)
    case, problems = load_case(small_case)
    assert case.texts["alpha"] == conftest.TEXT_A
    assert messages(problems) == [("texts/alpha-copy.txt:1: (file): no source `alpha-copy` in sources.yaml; add a "
                                  "record for it to sources.yaml, or remove the file (warning)")]


def test_old_mac_line_breaks_give_the_right_lines(small_case: Path) -> None:
    (small_case / "texts" / "alpha.txt").write_bytes(conftest.TEXT_A.replace("\n", "\r").encode())
    path = small_case / "theses" / "prestige.yaml"
    path.write_text(path.read_text().replace("The army", "x").replace("Critics said the", "Critics said a"))
    _, problems = load_case(small_case)
    assert [p.message for p in problems] == ["quote not found in texts/alpha.txt"]
    assert "(line 2)? " in problems[0].hint


def test_a_long_misquote_is_checked_in_linear_time(small_case: Path) -> None:
    words = conftest.TEXT_A.split()
    quote = " ".join(words[i % len(words)] for i in range(3_000))  # 20,000 characters, not in the text
    body = (small_case / "theses" / "prestige.yaml").read_text()
    (small_case / "theses" / "prestige.yaml").write_text(
        body.replace('"Abroad, the retreat over Cuba was a humiliation."', json.dumps(quote)))
    (small_case / "texts" / "beta.txt").write_text(conftest.TEXT_B * 2_000)  # 100,000 characters
    _, problems = load_case(small_case)
    assert [str(p) for p in problems if p.field == "evidence[0].quote"] == [
        (f"theses/prestige.yaml:8: evidence[0].quote: quote not found in texts/beta.txt; the quote is {len(quote):,} "
        "characters long, too long to look for a close passage (the search stops at 1,000); check it against the "
        "source, or quote a shorter passage")]


def test_a_misquote_that_starts_right_says_where_it_departs(small_case: Path) -> None:
    _replace("theses/prestige.yaml", '"Abroad, the retreat over Cuba was a humiliation."',
             '"Abroad, the retreat over Cuba was a triumph for the leader, whatever his critics in the Presidium '
             'and the army said of it in the long and bitter months that followed the crisis."')(small_case)
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:8: evidence[0].quote: quote not found in texts/beta.txt; its first 36 of 177 characters "
        "are in the source (from line 1); it departs from the text after \u201cAbroad, the retreat over Cuba was a\u201d")]


PRESTIGE_WITH_A_BROKEN_FIRST_PASSAGE = """\
id: prestige
title: Lost prestige
statement: The leader fell because of Cuba.
summary: Cuba humiliated him.
scope: foreign
evidence:
  - source: beta
    quote: "Abroad, the retreat over Cuba was a humiliation."
    stance: applauds
    strength: 3
    note: The humiliation.
  - source: alpha
    quote: 'Critics said the "bold schemes" of the leader-all of them-had failed.'
    stance: qualifies
    strength: 1
    note: Straight quotes and dashes match typographic ones.
    bears_on:
      nowhere: supports
"""


def test_a_dropped_passage_does_not_renumber_those_after_it(small_case: Path) -> None:
    """The first passage fails validation and is dropped: the second keeps its number in the file (prestige#2,
    evidence[1]) for its reference, its line and its problems, so links and edits address the passage written."""
    write_case(small_case, {"theses/prestige.yaml": PRESTIGE_WITH_A_BROKEN_FIRST_PASSAGE})
    case, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:9: evidence[0].stance: `applauds` is not a known stance; use one of: supports, "
        "disputes, qualifies"),
        ("theses/prestige.yaml:18: evidence[1].bears_on.nowhere: unknown thesis `nowhere`; use the id of a thesis "
        "in theses/"),
    ]
    [kept] = case.theses["prestige"].evidence
    assert (kept.ref, kept.line, kept.stance) == ("prestige#2", 12, "qualifies")


def test_thesis_level_problems_are_at_the_line_of_their_field(small_case: Path) -> None:
    """Outside `evidence` too (proponents, links), a problem is at the line of the field that is wrong, not of
    the item that holds it."""
    write_case(small_case, {"theses/prestige.yaml": """\
id: prestige
title: Lost prestige
statement: The leader fell because of Cuba.
summary: Cuba humiliated him.
scope: foreign
proponents:
  - source: alpha
    historian: nobody
  - historian: doe
    source: nowhere
links:
  - relation: reinforces
    note: The two go together.
    thesis: nowhere
"""})
    _, problems = load_case(small_case)
    assert messages(problems) == [
        ("theses/prestige.yaml:8: proponents[0].historian: unknown historian `nobody`; use the id of a historian in "
        "historians.yaml"),
        ("theses/prestige.yaml:10: proponents[1].source: unknown source `nowhere`; add it to sources.yaml, or fix "
        "the id"),
        "theses/prestige.yaml:14: links[0].thesis: unknown thesis `nowhere`; use the id of a thesis in theses/",
    ]


# --- issue 26: one question per thesis, no evidence counted again through a thesis it causes, writers, gaps ----


def _causes(case):
    """Thesis -> every thesis it causes, directly or down a chain of `causes` links."""
    direct = {tid: {l.thesis for l in t.links if l.relation == "causes"} for tid, t in case.theses.items()}
    out = {}
    for tid, first in direct.items():
        seen, todo = set(), list(first)
        while todo:
            nxt = todo.pop()
            if nxt not in seen:
                seen.add(nxt)
                todo.extend(direct.get(nxt, ()))
        out[tid] = seen
    return out


def test_no_thesis_of_the_khrushchev_case_counts_evidence_again_through_a_thesis_it_causes():
    """The property over the shipped case: no passage counts (supports, relevant or explicit) both for a thesis
    and for one it causes, so an effect is never scored on its causes' evidence."""
    case, problems = load_case(conftest.ROOT / "claims")
    assert [p for p in problems if "again for" in p.message] == []
    effects = _causes(case)
    assert effects["agriculture"] >= {"lost_authority"}  # the links are kept: the check is not vacuous
    for thesis, evidence in case.passages():
        counting = {t for t, (stance, strength) in evidence.stances(thesis.id).items()
                    if stance == "supports" and strength >= 2}
        for cause in counting:
            assert not (effects.get(cause, set()) & counting), (evidence.ref, cause, effects[cause] & counting)


def test_a_passage_counted_for_a_cause_and_for_its_effect_is_a_problem_at_its_line(tmp_path):
    prestige = conftest.FILES["theses/prestige.yaml"].rstrip() + (
        "\n        links:\n          - thesis: harvest\n            relation: causes\n")
    prestige = prestige.replace("harvest: {stance: disputes, strength: 1}", "harvest: {stance: supports, strength: 2}")
    folder = write_case(tmp_path / "case", {"theses/prestige.yaml": textwrap.dedent(prestige)})
    _, problems = load_case(folder)
    found = [str(p) for p in problems if "again for" in p.message]
    assert found == [
        ("theses/prestige.yaml:7: evidence[0].bears_on: this passage counts for `prestige` and again for `harvest`, "
        "which `prestige` causes: the effect would be scored on its cause's evidence; count it where it argues most "
        "and make its bearing on the other background (strength 1), or drop the `causes` link")]


def test_a_thesis_answers_the_question_it_names_and_an_unknown_one_is_a_problem(tmp_path):
    info = textwrap.dedent(conftest.FILES["case.yaml"]) + (
        "other_questions:\n  - id: how\n    question: How could he fall so quietly?\n")
    army = conftest.ARMY.replace("scope: structural\n", "scope: structural\nquestion: how\n")
    folder = write_case(tmp_path / "case", {"case.yaml": info, "theses/army.yaml": army})
    case, problems = load_case(folder)
    assert [p for p in problems if p.level == "error"] == []
    assert [q.id for q in case.questions()] == ["main", "how"]
    assert case.question_of("army") == "how" and case.question_of("harvest") == "main"
    assert sorted(case.within("main").theses) == ["harvest", "prestige"]
    assert sorted(case.within("how").theses) == ["army"]
    wrong = write_case(tmp_path / "wrong", {"theses/army.yaml": army})
    case, problems = load_case(wrong)
    assert [str(p) for p in problems if p.field == "question"] == [
        ("theses/army.yaml:6: question: unknown question `how`; use the id of a question in case.yaml's "
        "other_questions (none), or leave the field out for the main question")]
    assert case.question_of("army") == "main"  # it still loads, under the main question


def test_a_case_with_one_question_is_its_own_view_of_that_question(small_case):
    case, _ = load_case(small_case)
    assert case.within() is case
    assert [q.question for q in case.questions()] == ["Why did the leader fall?"]


def test_a_gap_names_the_works_it_rests_on_and_an_unknown_work_is_reported(tmp_path):
    harvest = textwrap.dedent(conftest.FILES["theses/harvest.yaml"]) + (
        "gaps:\n  - says: The archives show the harvest figures were doctored.\n"
        "    works: [gamma_book, nowhere]\n")
    folder = write_case(tmp_path / "case", {"theses/harvest.yaml": harvest})
    case, problems = load_case(folder)
    assert [p.message for p in problems if p.field.startswith("gaps")] == ["unknown source `nowhere`"]
    from explorer import gaps

    (gap,) = gaps.of_thesis(case, "harvest", rank=2)
    assert gap.works == ("Doe, Gamma (1990)",)
    assert gap.line() == ("2. The harvest. Not in these sources: The archives show the harvest figures were "
                          "doctored. (The case's note rests on: Doe, Gamma (1990).)")
    # a work in another language says which: a transliterated title tells a student nothing by itself
    russian = case.sources["gamma_book"].model_copy(update={"language": "ru"})
    assert gaps.work_name(russian) == "Doe, Gamma (1990, in Russian)"
    assert gaps.work_name(russian.model_copy(update={"issued": None})) == "Doe, Gamma (in Russian)"
    assert gaps.work_name(russian.model_copy(update={"language": "en-GB"})) == "Doe, Gamma (1990)"
    shipped, _ = load_case(conftest.ROOT / "claims")
    assert gaps.work_name(shipped.sources["fursenko_2003"]) == (
        "Prezidium TsK KPSS, 1954–1964. Tom 1: Chernovye protokol'nye zapisi zasedanii. Stenogrammy (2003, in Russian)")


def test_writers_are_filed_by_kind_historian_by_default(tmp_path):
    historians = conftest.FILES["historians.yaml"].replace("name: Jane Doe\n", "name: Jane Doe\n            kind: journalist\n")
    folder = write_case(tmp_path / "case", {"historians.yaml": textwrap.dedent(historians)})
    case, _problems = load_case(folder)
    assert case.historians["doe"].kind == "journalist"
    case, _ = load_case(write_case(tmp_path / "plain"))
    assert case.historians["doe"].kind == "historian"
    shipped, _ = load_case(conftest.ROOT / "claims")
    assert shipped.historians["page"].kind == "journalist"
    assert shipped.historians["du_quenoy"].kind == "historian"

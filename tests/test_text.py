"""The one rule for showing case text: `text.literal` (Markdown) and `text.literal_html` (plotly's labels).

Each row is an input and the exact Markdown it becomes. That this Markdown reads as the input in Streamlit's
renderer is checked in a real browser (tests/test_browser.py); here, that it is what was meant."""

from __future__ import annotations

import re

import pytest

from explorer import text as texts
from explorer.text import WORD_JOINER as WJ
from explorer.text import literal, literal_html

ROWS = [
    # inline constructs: a backslash before the character that starts them
    ("[click](https://evil.example)", r"\[click\](https:" + WJ + r"//evil.example)"),
    ("![x](https://evil.example/p.png)", r"!\[x\](https:" + WJ + r"//evil.example/p.png)"),
    ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)>"),
    ("$x^2$ costs $5", r"\$x\^2\$ costs \$5"),
    ("**bold** *it* _it_ ~~gone~~ `code`", r"\*\*bold\*\* \*it\* \_it\_ \~\~gone\~\~ \`code\`"),
    ("back\\slash a|b", r"back\\slash a\|b"),
    ("&amp; &#58; and Smith & Jones", r"\&amp; &\#58; and Smith & Jones"),  # "&\#" starts no entity either
    # Streamlit's directives: a colon before a letter (or another colon) is escaped
    (":red[red] :blue-badge[new] :help[tip] ::leaf", r"\:red\[red\] \:blue-badge\[new\] \:help\[tip\] \:\:leaf"),
    ("Note: see 10:30", r"Note: see 10:30"),
    # what Streamlit changes after the escapes are read gets a word joiner
    (":material/warning: :smile: :streamlit: a:b:c:",
     ":" + WJ + "material/warning: :" + WJ + "smile: :" + WJ + "streamlit: a:" + WJ + "b:" + WJ + "c:"),
    ("1953 -- 1964, a -> b, x >= y, well-known", "1953 -" + WJ + "- 1964, a -" + WJ + "> b, x >" + WJ + "= y, well-known"),
    ("see https://evil.example, WWW.evil.example or me@evil.example",
     "see https:" + WJ + "//evil.example, WWW" + WJ + ".evil.example or me@" + WJ + "evil.example"),
    # blocks: one line, and no marker at its start
    ("# heading", r"\# heading"),
    ("- item", r"\- item"),
    ("+ item", r"\+ item"),
    ("> quote", r"\> quote"),
    ("1. item", r"1\. item"),
    ("1964) item", r"1964\) item"),
    ("a\n\n# b\n- c\n    code", r"a \# b - c code"),
    ("Doe, Jane. (1990). “Title”, 12–14.", "Doe, Jane. (1990). “Title”, 12–14."),
]


@pytest.mark.parametrize("text,markdown", ROWS)
def test_literal(text: str, markdown: str) -> None:
    assert literal(text) == markdown


def test_a_reader_sees_the_text() -> None:
    """Markdown's escapes drop their backslash and the word joiner is invisible: what is left is the input,
    its whitespace runs as single spaces."""
    for text, markdown in ROWS:
        seen = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WJ, "")
        assert seen == " ".join(text.split())


def test_plain_text_is_left_alone() -> None:
    prose = "In October 1964 the Presidium removed him; Brezhnev (first secretary) and Kosygin took over."
    assert literal(prose) == prose
    assert literal(42) == "42"


def test_chart_labels_are_html_escaped() -> None:
    assert literal_html('<b>x</b> & <a href="https://evil.example">y</a>') == (
        '&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href="https://evil.example"&gt;y&lt;/a&gt;')


@pytest.mark.parametrize("title,stem", [
    ("The quarrel with China", "the-quarrel-with-china"),
    ("Setbacks abroad and the loss of prestige, Cuba above all", "setbacks-abroad-and-the-loss-of-prestige-cuba-above-all"),
    ("Überraschung!", "berraschung"),
    ("!!!", "untitled"),
    ("a" * 70, "a" * 60),
    ("word " * 20, ("word-" * 12).rstrip("-")),
])
def test_a_file_stem_from_a_title(title: str, stem: str) -> None:
    assert texts.file_stem(title) == stem


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=1"]


@pytest.mark.parametrize("typed", FORMULAS)
def test_a_csv_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(typed: str) -> None:
    from explorer.text import csv_cell

    assert csv_cell(typed) == "'" + typed


@pytest.mark.parametrize("kept", ["plain", "a = b", "-0.5", "+3", "1e-3", "", " =x", 5, -2.5, None])
def test_other_csv_cells_are_kept(kept) -> None:
    from explorer.text import csv_cell

    assert csv_cell(kept) == kept


def test_every_csv_the_project_writes_goes_through_the_one_cell_rule(tmp_path) -> None:
    """The evidence table (command line and essay page), a room's results, the class's ballots and weighings."""
    from conftest import FILES, write_case

    from explorer import export
    from explorer.classroom import debate, lesson
    from explorer.classroom.debate import Round, Setup, Team
    from explorer.load import load_case

    formula = '=HYPERLINK("https://evil.example","x")'
    files = {**FILES, "theses/harvest.yaml": FILES["theses/harvest.yaml"].replace(
        "note: The failure itself.", "note: '=HYPERLINK(\"https://evil.example\",\"x\")'")}
    files["sources.yaml"] = files["sources.yaml"].replace("title: Alpha", "title: '@Alpha'")
    case, _ = load_case(write_case(tmp_path / "case", files))
    assert case.theses["harvest"].evidence[0].note == formula
    table = export.to_csv(case)
    assert '"\'=HYPERLINK(""https://evil.example"",""x"")"' in table
    assert '"=HYPERLINK' not in table and "\n=" not in table and ",=" not in table
    assert ",'@Alpha," in table and ",@Alpha" not in table
    setup = Setup(theses=["harvest", "prestige"], teams=[Team(name="@team", thesis="harvest")],
                  rounds=[Round(name="R", minutes=3)])
    titles = {"harvest": formula, "prestige": "-minus"}
    results = debate.results_csv("ABCDEF", setup, titles, {"before": [{"harvest": 1.0}]})
    assert results.splitlines()[1] == ('ABCDEF,Before the debate,1,"\'=HYPERLINK(""https://evil.example"",'
                                       '""x"")",\'@team,1,harvest')
    assert results.splitlines()[2] == "ABCDEF,Before the debate,1,'-minus,,0,prestige"
    rows = lesson.class_csv("ABCDEF", case, titles, {"before": [("dev-aaaa1111", {"harvest": 1.0})]}, {}, "key")
    assert rows.splitlines()[1] == ('ABCDEF,P1,Before the debate,vote,"\'=HYPERLINK(""https://evil.example"",'
                                    '""x"")",1,harvest')


def test_ordinal_and_plural_are_written_once() -> None:
    from explorer.text import ordinal, plural

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "112th"]
    assert (plural(1, "student"), plural(2, "student"), plural(0, "analysis", "analyses")) == (
        "1 student", "2 students", "0 analyses")


def test_a_misspelt_name_gets_the_closest_known_one_or_the_other_hint() -> None:
    from explorer.text import closest, did_you_mean

    assert closest("lost_prestge", ["lost_prestige", "china_split"]) == "lost_prestige"
    assert closest("zzz", ["lost_prestige"]) is None
    assert did_you_mean("suport", ["support", "backing"]) == "did you mean `support`?"
    assert did_you_mean("qqq", ["support"], "use one of: support") == "use one of: support"

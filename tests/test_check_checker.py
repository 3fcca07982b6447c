"""Check my essay's checker (explorer/check/checker.py), on the Khrushchev case: each kind of finding with its exact
message, the controls that must raise none, quotations with ellipses and brackets found word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import check
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent
ESSAY_NAME = "Untitled student essay on the causes of Khrushchev's downfall (excerpt)"
DRAFT = """# Cuba

Khrushchev fell mainly because of Cuba.

The wiki article says “Khrushchev made a dangerous gamble in 1962 over Cuba”. The essay says “the Soviet leadership \
took the Cuban outcome badly”.[^1] “Publicly Brezhnev praised Khrushchev but secretly plotted against him.”[^2] Suslov \
led the discussions at these sessions.

Martin Page argues that the retreat over Cuba humiliated the leadership.

In conclusion, Cuba was one of the reasons.

[^1]: Untitled student essay (excerpt).
[^2]: DailyHistory.org.
"""


@pytest.fixture(scope="module")
def checker() -> check.Checker:
    case, problems = load_case(ROOT / "claims")
    assert not problems
    return check.Checker(case)


def test_every_kind_of_fault_in_a_short_draft_with_its_message(checker: check.Checker) -> None:
    report = checker.check(DRAFT)
    assert [(f.kind, f.paragraph, f.text) for f in report.findings] == [
        ("misquote", 2, "“the Soviet leadership took the Cuban outcome badly”"),
        ("misquote", 2, "“Publicly Brezhnev praised Khrushchev but secretly plotted against him.”"),
        ("wrong_source", 2, "“Publicly Brezhnev praised Khrushchev but secretly plotted against him.”"),
        ("repeated_error", 2, "Suslov led the discussions at these sessions."),
        ("unsupported_attribution", 3, "Martin Page argues that the retreat over Cuba humiliated the leadership."),
        ("unsupported_paragraph", 3, "Martin Page argues that the retreat over Cuba humiliated the leadership."),
        ("no_judgement", 4, "In conclusion, Cuba was one of the reasons."),
        ("no_counterargument", 0, "Khrushchev fell mainly because of Cuba."),
    ]
    messages = [f.message for f in report.findings]
    assert messages[0] == (
        f"This quotation is not word for word what {ESSAY_NAME} says: \"badly\" where the source has \"as\". The "
        "source's own words are: “the Soviet leadership took the Cuban outcome as”. Copy them exactly; to change a "
        "word, put yours in square brackets, and show words you leave out with an ellipsis (…).")
    assert messages[2] == (
        "You credit these words to Why was Nikita Khrushchev deposed as the leader of the USSR, but they come from "
        "Khrushchev Falls from Power. Change the footnote or the sentence so that it names Khrushchev Falls from "
        "Power.")
    assert messages[3] == (
        "This repeats a mistake that Khrushchev Falls from Power makes (“Suslov led the discussions at these "
        "sessions.”). The case records the correction: Suslov did not lead the sessions: at the Presidium on 13 "
        "October Khrushchev, still First Secretary, took the chair and Brezhnev opened the attack on him; at the "
        "Central Committee plenum on the evening of the 14th Brezhnev opened the meeting and Suslov read the report. "
        "Early Western reports made the same mistake. Check the fact and write it as the correction has it, or say "
        "that the source gets it wrong.")
    assert messages[4] == (
        "No source in this case credits Martin Page with this view (“Setbacks abroad and the loss of prestige, Cuba "
        f"above all”). {ESSAY_NAME} says that Martin Page argues: “Some historians such as Martin Page argue that it "
        "was as unhappiness among party hardliners with his reforms that led to him losing power.” Put in Martin "
        "Page's name only what a source says he argues.")
    assert messages[6] == (
        "Your essay ends without a judgement. Say which explanation mattered most and why: for example, “The most "
        "important reason was …, because …”, and say how the other factors fit with it.")
    assert report.findings[7].thesis == "hardliner_backlash"
    assert messages[7].startswith("Your essay argues “Setbacks abroad and the loss of prestige, Cuba above all” but "
                                  "never answers a rival explanation that the case records against it: “Backlash of "
                                  "party hardliners against his reforms”.")
    assert [(q.status, q.source, q.credited) for q in report.quotations] == [
        ("verbatim", "dailyhistory", ("dailyhistory",)),
        ("close", "downfall_essay", ("downfall_essay",)),
        ("close", "falls_from_power", ("dailyhistory",)),
    ]
    assert report.main == "lost_prestige"
    assert [(p.role, p.thesis, p.evidence) for p in report.paragraphs] == [
        ("introduction", "lost_prestige", False), ("body", "lost_prestige", True), ("body", "lost_prestige", False),
        ("conclusion", "personal_style", False)]
    json = report.to_json(checker.case)
    assert set(json) == {"main", "main_title", "findings", "paragraphs", "quotations"}
    assert json["findings"][3]["source_title"] == "Khrushchev Falls from Power"


CONTROL = """Khrushchev was removed above all because the retreat over Cuba humiliated the leadership, more than \
because of the anger of the hardliners.

Paul Du Quenoy argues that “the degrading of Soviet image worldwide” caused his fall.[^1] Martin Page, on the other \
hand, argues that it was unhappiness among party hardliners with his reforms that led to him losing power.[^1] \
According to DailyHistory, his rivals “deposed him largely due to his erratic and cantankerous behavior”. Khrushchev \
argued that his reforms would strengthen the party.

Brezhnev, not Suslov, chaired the meetings of 13 and 14 October, and most of the Virgin Lands were in Kazakhstan. \
Khrushchev was not under house arrest after his fall.[^2]

In conclusion, the most important reason was Cuba, because it shamed the whole leadership.

[^1]: Untitled student essay on the causes of Khrushchev's downfall.
[^2]: Khrushchev Falls from Power.
"""


def test_a_sound_draft_raises_nothing(checker: check.Checker) -> None:
    report = checker.check(CONTROL)
    assert report.findings == ()
    assert [q.status for q in report.quotations] == ["verbatim", "verbatim"]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("He opened up virgin land in Siberia.", "repeated_error"),
    ("The Virgin Lands lay mostly in Kazakhstan, not in Siberia.", None),
    ("He died in Moscow in 1971.", None),
    ("Khrushchev spent seven years under house arrest.", "repeated_error"),
    ("Historian John Smithers claims that he was too old.", "unsupported_attribution"),
    ("William Taubman argues that Cuba was the key.", "unsupported_attribution"),
    ("Kennedy believed that the Soviet Union had backed down.", None),
])
def test_one_sentence(checker: check.Checker, sentence: str, kind: str | None) -> None:
    found = [f.kind for f in checker.check(sentence).findings if f.kind in ("repeated_error",
                                                                            "unsupported_attribution")]
    assert found == ([kind] if kind else [])


def test_a_view_known_only_from_a_students_essay_says_where_it_was_read(checker: check.Checker) -> None:
    """Du Quenoy's view is in the case only on the word of the student essay (no authority): crediting it to him
    without saying so is flagged; naming the essay in the sentence or in a footnote is enough."""
    bare = checker.check("Paul Du Quenoy argues that the degrading of the Soviet image worldwide caused his fall.")
    found = [f for f in bare.findings if f.kind == "second_hand_attribution"]
    assert [(f.paragraph, f.source) for f in found] == [(1, "downfall_essay")]
    assert found[0].message == (
        f"Only {ESSAY_NAME} says that Paul Du Quenoy argues this, and a student essay is not an authority: it names "
        f"none of Paul Du Quenoy's writings. Say where you read it (“{ESSAY_NAME} reports that Paul Du Quenoy argues "
        "…”, or a footnote), or check it in Paul Du Quenoy's own work.")
    footnoted = checker.check("Paul Du Quenoy argues that the degrading of the Soviet image worldwide caused his "
                              "fall.[^1]\n\n[^1]: Untitled student essay on the causes of Khrushchev's downfall.")
    assert not [f for f in footnoted.findings if f.kind == "second_hand_attribution"]
    other = checker.check("Paul Du Quenoy argues that the harvests failed because of the maize campaign.")
    assert [f.kind for f in other.findings if "attribution" in f.kind] == ["unsupported_attribution"]


def test_the_same_article_credits_the_source_quoted_before(checker: check.Checker) -> None:
    draft = ("The wiki article says “Khrushchev made a dangerous gamble in 1962 over Cuba”. The same article says "
             "that his rivals “deposed him largely due to his erratic and cantankerous behavior”.")
    report = checker.check(draft)
    assert [(q.status, q.source, q.credited) for q in report.quotations] == [
        ("verbatim", "dailyhistory", ("dailyhistory",)), ("verbatim", "dailyhistory", ("dailyhistory",))]
    assert not [f for f in report.findings if f.kind == "wrong_source"]
    alone = checker.check("The same article says that his rivals “deposed him largely due to his erratic and "
                          "cantankerous behavior”.")  # nothing quoted before it: credited to no source
    assert [q.credited for q in alone.quotations] == [()]


def test_the_messages_for_names_the_case_does_not_know() -> None:
    case, _ = load_case(ROOT / "claims")
    report = check.Checker(case).check("Historian John Smithers claims that he was too old. William Taubman argues "
                                       "that Cuba was the key.")
    assert [f.message for f in report.findings if f.kind == "unsupported_attribution"] == [
        ("No source in this case mentions John Smithers, so nothing here shows that John Smithers argues this. If you "
        "read it in John Smithers's own work, quote it and give the book and page in a footnote; otherwise, leave "
        "the name out."),
        ("None of the case's sources says what William Taubman argues about this. The case knows William Taubman only "
        "as the author of Khrushchev: The Man and His Era, on a reading list. If you read it in William Taubman's own "
        "work, quote it and give the page in a footnote; otherwise, don't put this view in his name.")]


def test_quotations_with_ellipses_brackets_and_the_sources_own_marks_are_word_for_word(checker) -> None:
    for words in ("Brezhnev … was Khrushchev’s chosen heir but wanted power sooner rather than later",
                  "[he] wanted power sooner rather than later",
                  "there was no worse insult than to be scorned for being a Chinese Khrushchev",
                  "the leaders sought a return to collective leadership"):
        found = checker.locate(words)
        assert found is not None and found[0] == "verbatim", words
    assert checker.locate("Cuba was the final straw for the Presidium") is None

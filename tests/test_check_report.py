"""Check my essay: what was found, for people (explorer/check/report.py): a class's table, a page per essay."""

# ruff: noqa: F811 (the checker fixture of test_check_checker, imported here, is the tests' parameter)

from __future__ import annotations

from test_check_checker import DRAFT, checker  # noqa: F401 (a fixture)

from explorer import check


def test_a_class_table(checker: check.Checker) -> None:
    rows = check.class_rows(checker.case, [("a.md", checker.check(DRAFT), ""), ("b.docx", None, "b.docx: broken")])
    assert rows[0][:4] == ["Essay", "Argues", "Paragraphs", "Quotations"]
    assert rows[1] == ["a.md", "Setbacks abroad and the loss of prestige, Cuba above all", 4, 3, 2, 0, 1, 1, 0, 1, 1,
                       1, 1, ""]
    assert rows[2][0] == "b.docx" and rows[2][-1] == "b.docx: broken"


def test_the_page_for_one_essay_names_no_ids(checker: check.Checker) -> None:
    page = check.to_markdown(checker.check(DRAFT), checker.case, "My essay")
    assert page.startswith("# My essay\n\nYour essay argues: **Setbacks abroad and the loss of prestige, Cuba above "
                           "all**.\n\nWhat to look at: Quotation not word for word (2); Quotation credited wrongly "
                           "(1); View put in a historian's name (1); A source's mistake repeated (1); Rival explanation "
                           "not answered (1); No judgement (1); Paragraph without evidence (1).")
    for word in ("lost_prestige", "falls_from_power", "downfall_essay", "#"):
        assert word not in page.replace("# My essay", "").replace("## ", "")

"""Check my essay: the essay's shape (explorer/check/shape.py): quotations in every kind of mark, block quotes,
footnotes, notes lists."""

from __future__ import annotations

from explorer import check


def test_quotations_in_every_mark_and_what_is_not_one() -> None:
    prose = ("He called it ‘voluntary’ and Khrushchev’s colleagues’ anger grew; the 'peaceful removal of a living "
             "leader' and “a new sense of normality” and \"straight quotes here\" and « guillemets too ».")
    assert [q.words for q in check.find_quotations(prose)] == [
        "voluntary", "peaceful removal of a living leader", "a new sense of normality", "straight quotes here",
        "guillemets too"]


def test_the_shape_of_an_essay() -> None:
    essay = check.parse("My title\n\nFirst paragraph. It says so.[1]\n\nThe source puts it plainly:\n\n"
                        "> Brezhnev, a cautious man, was Khrushchev’s chosen heir.[2]\n\nThis shows his ambition.\n\n"
                        "Notes\n1. Khrushchev Falls from Power.\n2. Ibid.\nTaubman, William. Khrushchev. 2003.")
    assert [(p.prose, p.blocks) for p in essay.paragraphs] == [
        ("First paragraph. It says so.[1]", ()),
        ("The source puts it plainly:\nThis shows his ambition.",
         ("Brezhnev, a cautious man, was Khrushchev’s chosen heir.[2]",))]
    assert essay.notes == {"1": "Khrushchev Falls from Power.", "2": "Ibid."}
    assert essay.bibliography == ("Taubman, William. Khrushchev. 2003.",)
    assert [q.marks for q in essay.paragraphs[1].quoted] == [("2",)]

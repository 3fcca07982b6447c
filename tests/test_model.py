

def test_only_keeps_the_given_theses_in_their_order_and_leaves_out_unknown_ones(small_case) -> None:
    from explorer.load import load_case

    case, _ = load_case(small_case)
    assert list(case.only(["prestige", "nope", "harvest", "prestige"]).theses) == ["prestige", "harvest"]
    assert case.only([]).theses == {} and case.only(["harvest"]).sources == case.sources


def test_a_year_before_1000_keeps_four_digits_and_is_shown_as_written() -> None:
    from explorer.model import iso_date, shown_date, year_of

    assert [iso_date(v) for v in ("455", 455, "76-09", "455-08-24", "1964", " 410 ")] == [
        "0455", "0455", "0076-09", "0455-08-24", "1964", "0410"]
    assert [shown_date(d) for d in ("0455", "0455-08", "1964-10-14")] == ["455", "455-08", "1964-10-14"]
    assert year_of("0076-09") == "76" and year_of("1964") == "1964"


def test_a_source_invented_for_class_is_named_so_wherever_it_is_named(small_case) -> None:
    from explorer.load import load_case
    from explorer.model import source_names
    from explorer.weighting import default_trust

    case, _ = load_case(small_case)
    letter = case.sources["alpha"].model_copy(update={"kind": "invented", "defects": []})
    names = source_names({**case.sources, "alpha": letter})
    assert names["alpha"] == f"{letter.title} (invented for class)"
    assert names["beta"] == case.sources["beta"].title
    assert default_trust(letter) == 0.2



def test_only_keeps_the_given_theses_in_their_order_and_leaves_out_unknown_ones(small_case) -> None:
    from explorer.load import load_case

    case, _ = load_case(small_case)
    assert list(case.only(["prestige", "nope", "harvest", "prestige"]).theses) == ["prestige", "harvest"]
    assert case.only([]).theses == {} and case.only(["harvest"]).sources == case.sources



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


def test_a_source_is_named_with_its_kind_where_a_reader_picks_it(small_case) -> None:
    """A title does not say whether a wiki, an encyclopedia or a student wrote it: a label puts the kind first, a
    sentence says it before the title; a name that says its kind already stands alone."""
    from explorer.load import load_case
    from explorer.model import described, kind_and_name

    case, _ = load_case(small_case)
    alpha, beta = case.sources["alpha"], case.sources["beta"]  # a reference work; a student essay titled "Beta"
    assert kind_and_name(alpha, "Alpha") == "Reference work: Alpha"
    assert described(alpha, "Alpha") == "the reference work “Alpha”"
    assert kind_and_name(beta, "Beta") == "Student essay: Beta"
    assert described(beta, "Beta") == "the student essay “Beta”"
    titled = "Untitled Student Essay on the harvest"
    assert kind_and_name(beta, titled) == titled and described(beta, titled) == f"“{titled}”"


def test_the_kinds_of_the_sources_are_counted_in_words(small_case) -> None:
    from explorer.load import load_case
    from explorer.model import kinds_listed

    case, _ = load_case(small_case)
    alpha, beta, book = case.sources["alpha"], case.sources["beta"], case.sources["gamma_book"]
    assert kinds_listed([alpha, beta]) == "a reference work and a student essay"
    summary = alpha.model_copy(update={"kind": "encyclopedia_summary"})
    assert kinds_listed([summary, beta, summary]) == "2 encyclopedia summaries and a student essay"
    edition = book.model_copy(update={"kind": "document_edition"})
    assert kinds_listed([edition, edition, book]) == "2 editions of documents and a scholarly monograph"
    invented = beta.model_copy(update={"kind": "invented"})
    assert kinds_listed([invented]) == "a text invented for class" and kinds_listed([]) == ""
    assert kinds_listed([alpha.model_copy(update={"kind": "encyclopedia_summary"})]) == "an encyclopedia summary"

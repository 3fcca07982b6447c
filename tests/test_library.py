"""The library of cases: which folders are cases, their names, and that an address opens nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_case

from explorer import library
from explorer.load import load_case

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def shelves(tmp_path: Path) -> tuple[Path, Path, Path]:
    served = write_case(tmp_path / "claims")
    workshop, added = tmp_path / "cases", tmp_path / "more"
    write_case(workshop / "rome")
    write_case(workshop / "claims")  # the served case's name: listed as claims-2
    write_case(added / "ww1")
    (workshop / "notes").mkdir()  # a folder with no case.yaml: not a case
    write_case(tmp_path / "outside")
    (workshop / "linked").symlink_to(tmp_path / "outside")  # a link out of the folder: never a case
    write_case(workshop / "Bad-Name")  # not an id
    (workshop / "fake").mkdir()
    (workshop / "fake" / "case.yaml").symlink_to(tmp_path / "outside" / "case.yaml")  # a linked case.yaml
    return served, workshop, added


def test_the_library_lists_the_served_case_first_then_each_folders_cases(shelves) -> None:
    served, workshop, added = shelves
    listed = library.entries(served, workshop, [added])
    assert [(e.name, e.folder, e.shelf) for e in listed] == [
        ("claims", served, "served"), ("claims-2", workshop / "claims", "workshop"),
        ("rome", workshop / "rome", "workshop"), ("ww1", added / "ww1", "added")]


def test_the_same_folder_given_twice_is_listed_once(shelves) -> None:
    served, workshop, _ = shelves
    assert [e.name for e in library.entries(served, workshop, [workshop])] == ["claims", "claims-2", "rome"]


@pytest.mark.parametrize("asked", ["../outside", "..", "/etc", "linked", "fake", "notes", "Bad-Name", "rome/..",
                                   "cases/rome", "%2e%2e", "", None, 3, ["rome"], "rome\x00", " rome"])
def test_an_address_opens_only_a_listed_name(shelves, asked) -> None:
    served, workshop, added = shelves
    assert library.find(library.entries(served, workshop, [added]), asked) is None


def test_an_absolute_path_of_a_real_case_is_not_a_name(shelves) -> None:
    served, workshop, added = shelves
    listed = library.entries(served, workshop, [added])
    assert library.find(listed, str(workshop / "rome")) is None
    assert library.find(listed, "rome").folder == workshop / "rome"


def test_a_missing_or_unreadable_folder_lists_no_cases(tmp_path: Path) -> None:
    assert library.cases_in(tmp_path / "nowhere") == []
    (tmp_path / "file").write_text("")
    assert library.cases_in(tmp_path / "file") == []
    if os.geteuid() != 0:  # root reads a folder whatever its mode
        (tmp_path / "shut").mkdir()
        write_case(tmp_path / "shut" / "x")
        (tmp_path / "shut").chmod(0)
        try:
            assert library.cases_in(tmp_path / "shut") == []
        finally:
            (tmp_path / "shut").chmod(0o755)


def test_a_case_is_described_by_its_size(small_case: Path) -> None:
    case, _ = load_case(small_case)
    assert library.size(case) == library.Size(theses=2, sources=2, passages=4)
    assert library.described(case) == "2 explanations, 2 sources with a text, 4 passages"
    shipped, _ = load_case(ROOT / "claims")  # eleven explanations of its question, one of another, as Compare counts
    assert library.described(shipped) == ("11 explanations, 5 sources with a text, 214 passages; 1 explanation of "
                                          "another question")

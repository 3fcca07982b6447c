"""What the scholarship holds that no source of a case carries, said beside the rank wherever the ranking is read.

A claim file may record, per thesis, what the scholarship says that none of the case's texts shows (`gaps`: in the
case's own words, with the works it rests on). The ranking weighs only the recorded passages, so a thesis whose
strongest evidence lies outside the case ranks lower than the scholarship would put it; every page, brief and
outline that shows the ranking shows these lines beside the rank, in the words written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from explorer.model import Case, Source, year_of
from explorer.vocabulary import GAP_LEAD, LANGUAGES


@dataclass(frozen=True)
class Gap:
    thesis: str
    title: str
    rank: int | None  # its place in the ranking shown beside it; None where no ranking is shown
    says: str
    works: tuple[str, ...]  # each work named for a reader: "Taubman, Khrushchev: The Man and His Era (2003)"

    def sentence(self, works: bool = True) -> str:
        """One plain line: the lead, what the scholarship says, and (unless `works` is False: a team's handout) the
        works it rests on."""
        rests = f" (The case's note rests on: {'; '.join(self.works)}.)" if self.works and works else ""
        return f"{GAP_LEAD}: {' '.join(self.says.split())}{rests}"

    def line(self) -> str:
        """The sentence beside the rank and title: '10. Restoring collective leadership. Not in these sources: …'."""
        place = f"{self.rank}. " if self.rank is not None else ""
        return f"{place}{self.title}. {self.sentence()}"


def work_name(source: Source) -> str:
    """A work named for a reader: its first author's (or editor's) family name, its title and its year, and the
    language it is in when that is not English and the vocabulary names it (vocabulary.LANGUAGES)."""
    people = source.authors or source.editors
    who = people[0].split(",")[0].strip() + (" (ed.)" if not source.authors and people else "") if people else ""
    language = LANGUAGES.get((source.language or "").split("-")[0])
    said = ", ".join(filter(None, (year_of(source.issued) if source.issued else "", language and f"in {language}")))
    return f"{who + ', ' if who else ''}{source.title}{f' ({said})' if said else ''}"


def of_thesis(case: Case, thesis_id: str, rank: int | None = None) -> list[Gap]:
    """The gaps a thesis records, each with the works it rests on named."""
    thesis = case.theses.get(thesis_id)
    if thesis is None:
        return []
    return [Gap(thesis.id, thesis.title, rank, gap.says,
                tuple(work_name(case.sources[w]) if w in case.sources else w for w in gap.works))
            for gap in thesis.gaps]


def beside_ranking(case: Case, order: Iterable[str]) -> list[Gap]:
    """Every gap of the theses in a ranking, in its order, each with its rank."""
    return [gap for rank, tid in enumerate(order, start=1) for gap in of_thesis(case, tid, rank)]

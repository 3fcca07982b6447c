"""The historians of a case: what the sources say each argues and where, their works, the explanations they
back, and whose explanations compete. Pure: a Case in, values out.

Nothing is attributed here that the case files do not attribute: a view comes from historians.yaml (each with
the source that reports it), a backing from a thesis's `proponents` (each with its source), a work from the
historian's `works`. Two historians are shown as opposed only where the theses they back are recorded as
competing by the case's own links, and the wording says that this is the case's reading and that no source
says whether they answered each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model import OPENING_WORDS, Case, Historian
from explorer.vocabulary import STANCES, STRENGTHS


@dataclass(frozen=True)
class Reported:
    """One view of a historian as a source reports it."""

    summary: str
    source: str
    source_title: str
    quote: str | None  # the source's words, as it prints them; None when the view is summarised only
    span: tuple[int, int] | None  # where the quote is, for a link into the reader
    thesis: str | None


@dataclass(frozen=True)
class Work:
    source: str
    title: str
    year: int | None
    cited: bool  # whether the case quotes it (it has a text) or only lists it


@dataclass(frozen=True)
class Backing:
    thesis: str
    source: str  # the source that says the historian argues it
    source_title: str


@dataclass(frozen=True)
class Opposed:
    """Two historians whose explanations the case records as competing."""

    other: str  # the other historian's id
    mine: str  # the thesis this historian backs
    theirs: str  # the thesis the other backs
    mine_source: str  # the title of the source that attributes each
    theirs_source: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    about: str
    year: int | None  # the earliest year of their works in the case, where it knows one
    works: tuple[Work, ...]
    views: tuple[Reported, ...]
    backs: tuple[Backing, ...]
    opposed: tuple[Opposed, ...]
    backed: tuple[tuple[str, str], ...]  # every thesis attributed to them (proponents and views), with a source


VIEW_COLOUR = "#777777"  # a historian's view in the source reader: grey, apart from every explanation's colour


def view_ref(historian_id: str, index: int) -> str:
    """The reader's name for a historian's view, as a passage's is thesis#N: historian@N."""
    return f"{historian_id}@{index + 1}"


def views_in(case: Case, source_id: str) -> list[tuple[str, Historian, int]]:
    """The historians' views quoted from one source, located in its text: (reference, historian, index)."""
    return [(view_ref(h.id, n), h, n) for h in case.historians.values() for n, v in enumerate(h.views)
            if v.source == source_id and v.span is not None]


@dataclass(frozen=True)
class ReaderName:
    """A passage or a historian's view in the source reader, as a person reads it (never by its reference)."""

    label: str  # in the picker: its first words and what it does ('“The harvest …”: supports “The harvest”')
    hover: str  # over its highlight, where passages may overlap: the same
    about: str  # in the box above the text when it is outlined: where it is recorded, and why it matters


def reader_names(case: Case, source_id: str, titles: dict[str, str]) -> dict[str, ReaderName]:
    """Every recorded passage of a source that is located in its text, then every historian's view it quotes
    (see views_in), each named for the reader by its first words: by reference, in the order of the case."""
    out: dict[str, ReaderName] = {}
    for thesis, evidence in case.passages():
        if evidence.source != source_id or not evidence.span:
            continue
        opening = case.opening(evidence.ref)
        does = "; ".join(f"{STANCES[stance].label} “{titles.get(other, other)}”"
                         for other, (stance, _) in evidence.stances(thesis.id).items())
        about = (f"{opening}: recorded under “{titles.get(thesis.id, thesis.title)}”, which it "
                 f"{STANCES[evidence.stance].label} ({STRENGTHS[evidence.strength].label}). {evidence.note.strip()}")
        out[evidence.ref] = ReaderName(f"{opening}: {does}", f"{opening}: {does}", about)
    for ref, historian, n in views_in(case, source_id):
        view = historian.views[n]
        said = f"What this source says {historian.name} argues"
        words = case.words(view.source, view.span, view.quote or "").split()
        opening = f"“{' '.join(words[:OPENING_WORDS])}{' …' if len(words) > OPENING_WORDS else ''}”"
        out[ref] = ReaderName(f"{said}: {opening}" if words else said, said, f"{said}: {view.summary.strip()}")
    return out


def profiles(case: Case) -> list[Profile]:
    """Every historian the case names, ordered by when they wrote where the case knows it (the earliest
    year of their works), then those whose dates it does not know, each group by name."""
    backs = _backings(case)
    competing = _competing(case)
    found = [_profile(case, h, backs.get(h.id, ()), backs, competing) for h in case.historians.values()]
    return sorted(found, key=lambda p: (p.year is None, p.year or 0, p.name))


def _profile(case: Case, historian: Historian, backs: tuple[Backing, ...], everyone: dict[str, tuple[Backing, ...]],
             competing: set[frozenset[str]]) -> Profile:
    works = tuple(_work(case, source_id) for source_id in historian.works if source_id in case.sources)
    years = [w.year for w in works if w.year is not None]
    views = tuple(
        Reported(v.summary.strip(), v.source, case.sources[v.source].title if v.source in case.sources else v.source,
                 case.words(v.source, v.span, v.quote) if v.quote else None, v.span, v.thesis)
        for v in historian.views
    )
    mine = _attributed(case, historian.id, backs)
    opposed = []
    for other, theirs_backs in everyone.items():
        if other == historian.id:
            continue
        theirs = _attributed(case, other, theirs_backs)
        for a in sorted(mine):
            for b in sorted(set(theirs) - set(mine)):
                if frozenset((a, b)) in competing:
                    opposed.append(Opposed(other, a, b, mine[a], theirs[b]))
    return Profile(historian.id, historian.name, " ".join(historian.about.split()), min(years) if years else None,
                   works, views, backs, tuple(opposed), tuple(mine.items()))


def _work(case: Case, source_id: str) -> Work:
    source = case.sources[source_id]
    year = int(source.issued[:4]) if source.issued else None
    return Work(source_id, source.title, year, source.quotable)


def _backings(case: Case) -> dict[str, tuple[Backing, ...]]:
    """Historian -> the theses whose proponents name them, with the source that says so (and every
    historian with a view on a thesis, so that opposition can be found for them too)."""
    out: dict[str, list[Backing]] = {h: [] for h in case.historians}
    for thesis in case.theses.values():
        for proponent in thesis.proponents:
            if proponent.historian in out:
                title = case.sources[proponent.source].title if proponent.source in case.sources else proponent.source
                out[proponent.historian].append(Backing(thesis.id, proponent.source, title))
    return {h: tuple(b) for h, b in out.items()}


def _attributed(case: Case, historian_id: str, backs: tuple[Backing, ...]) -> dict[str, str]:
    """The theses attributed to a historian, each with the title of a source that attributes it: the
    thesis's proponents' source where there is one, else the first view's."""
    out: dict[str, str] = {}
    for view in reversed(case.historians[historian_id].views):
        if view.thesis:
            out[view.thesis] = case.sources[view.source].title if view.source in case.sources else view.source
    out.update({b.thesis: b.source_title for b in reversed(backs)})  # a thesis's own proponents come first
    return out


def _competing(case: Case) -> set[frozenset[str]]:
    return {frozenset((t.id, link.thesis)) for t in case.theses.values() for link in t.links
            if link.relation == "competes_with"}


def opposition_sentence(profile: Profile, opposed: Opposed, names: dict[str, str], titles: dict[str, str]) -> str:
    """In words, and saying whose reading it is."""
    return (f"{profile.name} backs “{titles.get(opposed.mine, opposed.mine)}” (according to {opposed.mine_source}), "
            f"and {names.get(opposed.other, opposed.other)} backs “{titles.get(opposed.theirs, opposed.theirs)}” (according "
            f"to {opposed.theirs_source}). This case treats these two explanations as rivals; whether "
            "the two historians answered each other, no source here says.")

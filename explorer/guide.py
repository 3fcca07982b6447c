"""How the score works, in plain words: the sections of the page that explains every number, written from the
vocabulary and the engine's own constants so that the page cannot drift from what the engine does. Pure:
each section is (anchor, heading, Markdown); case text inside it is escaped with `literal`.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model import Case
from explorer.text import literal
from explorer.vocabulary import (
    CRITERIA_TABLE,
    DEFECT_KINDS,
    DEFECT_PENALTY_MAX,
    GAP_EXPLAINED,
    GAP_HEADING,
    MODELS,
    QUESTION_HELP,
    ROBUSTNESS,
    SAMPLES,
    SOURCE_KINDS,
    STANCES,
    STRENGTHS,
    WEIGHT_MAX,
    WRITER_KINDS,
)
from explorer.weigh import MARGIN, SOFTEN_CHANCE, STEP_CHANCE, source_trust, trust_reason


@dataclass(frozen=True)
class Section:
    anchor: str  # the page's address for it: how#trust
    heading: str
    body: str  # Markdown


def _idea() -> Section:
    return Section("idea", "The idea", (
        "Historians disagree about why this happened. For each explanation, the case records short passages from "
        "the sources: some back the explanation up, some go against it, some only limit it. The explorer adds "
        "these up into a score for each explanation. You decide how much each kind of evidence counts, and how "
        "far you trust each source, with the sliders at the side.\n\n"
        "The score only weighs **the passages recorded in this case**, not the truth. An explanation can rank low "
        "because few passages were recorded for it, and several causes can act together: the shares show that."))


def _criteria() -> Section:
    rows = "\n".join(
        f"- **{c.label}**: {c.description}. By default it counts {c.weight:g} (you can set 0 to {WEIGHT_MAX:g}). "
        f"It is full (1) at {c.unit}." for c in CRITERIA_TABLE.values())
    return Section("criteria", "The four things a score adds up", (
        f"{rows}\n\n"
        "Each of the four is measured on a fixed scale from 0 (nothing) to 1 (full), then multiplied by how much "
        "you want it to count. The score is the sum: the first three add, the last takes away. So when every "
        "explanation is weak on one thing, that thing adds little to every score: weak evidence is never blown "
        "up to look strong.\n\n"
        "Under the ranking chart, the first explanation's score is written out as this sum.\n\n"
        "**Who counts as scholarly backing.** The case files each writer by what they were: "
        + "; ".join(f"a {k.label}, who {k.plain}" for k in WRITER_KINDS.values()) + ". "
        "Only historians (and other scholars, such as political scientists) count towards “"
        f"{CRITERIA_TABLE['backing'].label}”: a journalist's or a participant's view is shown with the explanation, "
        "named for what it is, but adds nothing to its score."))


def _limits() -> Section:
    return Section("limits", "What the ranking cannot see", (
        f"{QUESTION_HELP} A case with several questions lets you choose one at the side; each is ranked on its "
        "own.\n\n"
        f"**{GAP_HEADING}.** {GAP_EXPLAINED} Those notes appear beside the rank wherever the ranking is shown: "
        "on the start page, on each explanation's page, in the debate briefs and in the essay plan."))


def _passages() -> Section:
    strengths = "\n".join(f"- **{s.label.capitalize()}** (strength {level}): {s.plain}. It counts {s.points:g} "
                          "points by default." for level, s in STRENGTHS.items())
    stances = "\n".join(f"- **{s.label.capitalize()}**: {s.plain}." for s in STANCES.values())
    explicit = STRENGTHS[3].points
    return Section("passages", "What one passage counts for", (
        f"Each passage is marked with how strongly it speaks to an explanation:\n\n{strengths}\n\n"
        f"and with which way it points:\n\n{stances}\n\n"
        "A passage counts its points times your trust in its source. For example, an explicit causal claim "
        f"({explicit:g} points) from a source you trust at 0.50 counts {explicit:g} × 0.50 = {explicit * 0.5:.1f}; "
        f"if it only limits the explanation, half of that, {explicit * 0.25:.2f}. Background passages are shown "
        "everywhere but count for nothing unless you give them points (under “What a passage counts for”)."))


def _trust(case: Case | None) -> Section:
    kinds = "\n".join(f"- **{k.label}**: starts at {k.base_trust:.2f}, because it is {k.why}."
                      for k in SOURCE_KINDS.values())
    defects = ", ".join(f"{d.label} {d.penalty:.0%}" for d in DEFECT_KINDS.values())
    body = (
        "Each source starts with a trust between 0 (not at all) and 1 (fully) that depends on what kind of text "
        f"it is:\n\n{kinds}\n\n"
        "Each fault recorded against a source (a factual error, a garbled line, a claim with no source) takes a "
        f"little off: {defects} of its trust, never more than {DEFECT_PENALTY_MAX:.0%} in all. You can move "
        "every trust with its slider: that is how you test what happens if you doubt a source.")
    if case is not None:
        quotable = [s for s in case.sources.values() if s.quotable]
        if quotable:
            body += "\n\nThe sources quoted in this case:\n\n" + "\n".join(
                f"- **{literal(case.source_name(s.id))}**: trust {source_trust(s):.2f}. {literal(trust_reason(s))}"
                for s in quotable)
    return Section("trust", "Why a source is trusted as it is", body)


def _robustness() -> Section:
    kinds = "\n".join(f"- **{k.label.capitalize()}**: {k.description}." for k in ROBUSTNESS.values())
    return Section("sure", "How sure is the ranking?", (
        f"One ranking on one set of sliders could be luck. So the explorer redoes the ranking many times, in three "
        f"ways. It stops when each figure is sure to about {MARGIN * 100:g} point either way, or at {SAMPLES:,} times. "
        f"The page says how many times it took:\n\n{kinds}\n\n"
        f"(“Read a little differently” means: one time in {round(1 / STEP_CHANCE)} a passage is read as a step "
        f"stronger or weaker, and one time in {round(1 / SOFTEN_CHANCE)} a passage for or against is read as only "
        "limiting.)\n\n"
        "“First in 60% with the sliders moved at random near yours” (an example) means that in 60 of every 100 of those "
        "rankings, this explanation came first. Each figure could be a little higher or lower by chance: about one point either way, "
        "as the page says under the table. "
        "If another explanation comes first more often under one of the three tests, the sources do not settle "
        "the question, and the answer at the top of the page says so."))


def _turning() -> Section:
    return Section("turning", "Passages the ranking turns on", (
        "A few passages matter more than the rest. Leave one out, or read it in another way, and another "
        "explanation would come first, or who comes 2nd or 3rd would change. Reading it in another way means: as "
        "against an explanation instead of for it, as only limiting it, or as a step stronger or weaker. The Compare "
        "page lists each such passage once. It says what would change, against the ranking as it is now: “X” would "
        "come first instead of “Y”, or “X” and “Y” would swap 3rd and 4th place. First come the passages that would "
        "put another explanation first, then the others. In each part, the strongest come first: those that count "
        "most. Start with the first few. They are the passages worth arguing about in a debate or an essay."))


def _methods() -> Section:
    evidence, ach = MODELS["evidence"], MODELS["ach"]
    return Section("methods", "Two ways to rank", (
        f"- **{evidence.label}** {evidence.plain}. This is the ranking shown first.\n"
        f"- **{ach.label}** {ach.plain}. It asks which explanation is hardest to knock down, not which has most "
        "for it. When several explanations have nothing recorded against them, they tie, and the page says so.\n\n"
        "When the two ways disagree, that is worth discussing: an explanation with much evidence for it may "
        "also have the most against it."))


def sections(case: Case | None = None) -> list[Section]:
    """Every section of the page, in order; with a case, the trust section lists its sources and why."""
    return [_idea(), _criteria(), _passages(), _trust(case), _robustness(), _turning(), _limits(), _methods()]

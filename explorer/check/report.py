"""What the check found, as values (a finding, a quotation's check, what each paragraph argues, the report), and
for people: a page per essay and a class's table. No internal ids in what people read."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from explorer import vocabulary
from explorer.model import Case

FINDING_KINDS = tuple(vocabulary.FINDINGS)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of vocabulary.FINDINGS
    text: str  # the essay's own words it points at
    message: str  # what is wrong and what to do, for a reader of 16
    paragraph: int = 0  # the paragraph (1-based); 0 for the essay as a whole
    source: str | None = None  # the source's id (the command line and JSON only; pages name it)
    passage: str | None = None  # the source's words
    thesis: str | None = None  # the explanation it concerns, where it concerns one


@dataclass(frozen=True)
class QuoteCheck:
    """One quotation and what was found: verbatim, close or nowhere; where; how it is credited."""

    paragraph: int
    written: str
    status: str  # "verbatim" | "close" | "not_found" | "short" | "title"
    source: str | None = None
    passage: str | None = None
    credited: tuple[str, ...] = ()  # the sources its note or sentence names
    differences: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParagraphView:
    number: int
    role: str  # "introduction" | "body" | "conclusion"
    text: str
    thesis: str | None  # the explanation it argues (its id), None when it argues none of the case's
    score: float  # its cosine similarity with that explanation
    evidence: bool  # a quotation, a footnote or a source named


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    paragraphs: tuple[ParagraphView, ...]
    quotations: tuple[QuoteCheck, ...]
    main: str | None  # the explanation the essay argues

    def to_json(self, case: Case) -> dict:
        titles = {t.id: t.title for t in case.theses.values()}
        return {
            "main": self.main, "main_title": titles.get(self.main or ""),
            "findings": [{**{k: v for k, v in asdict(f).items() if k != "thesis"},
                          "source_title": case.source_name(f.source) if f.source else None,
                          "thesis": f.thesis} for f in self.findings],
            "paragraphs": [{"number": p.number, "role": p.role, "explanation": p.thesis,
                            "explanation_title": titles.get(p.thesis or ""), "similarity": round(p.score, 3),
                            "evidence": p.evidence, "text": p.text} for p in self.paragraphs],
            "quotations": [{**asdict(q), "credited": list(q.credited), "differences": list(q.differences)}
                           for q in self.quotations],
        }

    def counts(self) -> dict[str, int]:
        found = Counter(f.kind for f in self.findings)
        return {kind: found.get(kind, 0) for kind in FINDING_KINDS}


def to_markdown(report: Report, case: Case, name: str = "Your essay") -> str:
    """One essay's check as a page to read (Markdown): what it argues, then every finding with the essay's words
    and the source's. No internal ids."""
    from explorer.text import literal

    titles = {t.id: t.title for t in case.theses.values()}
    lines = [f"# {literal(name)}", ""]
    if report.main:
        lines += [f"Your essay argues: **{literal(titles[report.main])}**.", ""]
    else:
        lines += ["Your essay does not yet argue one of the case's explanations.", ""]
    counts = report.counts()
    if report.findings:
        lines += ["What to look at: " + "; ".join(f"{vocabulary.FINDINGS[k].label} ({n})"
                                                   for k, n in counts.items() if n) + ".", ""]
    else:
        lines += ["Nothing to fix was found. Read the paragraphs below to check that each argues what you meant.", ""]
    for finding in report.findings:
        where = f"Paragraph {finding.paragraph}" if finding.paragraph else "The whole essay"
        lines += [f"## {vocabulary.FINDINGS[finding.kind].label} · {where}", ""]
        if finding.text:
            lines += [f"> {literal(finding.text)}", ""]
        lines += [literal(finding.message), ""]
    lines += ["## What each paragraph argues", ""]
    for view in report.paragraphs:
        argues = literal(titles[view.thesis]) if view.thesis else "none of the case's explanations"
        lines.append(f"{view.number}. ({vocabulary.ROLES[view.role]}) {argues}"
                     + ("" if view.evidence or view.role != "body" else " · no evidence"))
    return "\n".join(lines) + "\n"


CLASS_COLUMNS = ("essay", "argues", "paragraphs", "quotations", *FINDING_KINDS, "problem")


def class_rows(case: Case, checked: list[tuple[str, Report | None, str]]) -> list[list[object]]:
    """A class's table: one row per essay (its file's name, what it argues, how many paragraphs and quotations,
    how many findings of each kind; or why it could not be read). The header names things in words."""
    titles = {t.id: t.title for t in case.theses.values()}
    header = ["Essay", "Argues", "Paragraphs", "Quotations", *(vocabulary.FINDINGS[k].label for k in FINDING_KINDS),
              "Could not be read"]
    rows: list[list[object]] = [header]
    for name, report, error in checked:
        if report is None:
            rows.append([name, "", "", "", *([""] * len(FINDING_KINDS)), error])
            continue
        counts = report.counts()
        rows.append([name, titles.get(report.main or "", ""), len(report.paragraphs),
                     sum(q.status not in ("short", "title") for q in report.quotations),
                     *(counts[k] for k in FINDING_KINDS), ""])
    return rows

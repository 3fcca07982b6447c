"""Building the plan: `build_outline` turns the student's choices into an Outline, section by section (the
introduction, the main argument and its worked example, each factor framed by the links the claim files record,
the counter-argument and who argues it, the judgement, the notes, what the case does not know about each cited
source and which sources are no authority)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from explorer import cite, gaps, weigh
from explorer.essay.outline import (
    Bearing_,
    Caution,
    CounterArgument,
    Example,
    Gap,
    Introduction,
    Judgement,
    Main,
    Note,
    Outline,
    OutlineError,
    Quotation,
    Rival,
    Section,
    Statement,
    Transition,
)
from explorer.essay.passages import Notes, about, choose, excerpt
from explorer.essay.plan import Weighed, check_plan, weighed
from explorer.model import Case, Thesis, year_of
from explorer.vocabulary import RELATIONS, SOURCE_KINDS
from explorer.weighting import Weighting, bearings

SCAFFOLD = ("This is a plan to write from, not an essay. The quotations and notes are evidence from the sources "
            "recorded in the case; the prompts are questions for you to answer in your own words.")


def build_outline(case: Case, thesis: str, factors: Sequence[str], counter: str | None = None,
                  ranking: weigh.Ranking | None = None, weighting: Weighting | None = None,
                  statement: str | None = None) -> Outline:
    """The plan for a main thesis, its factors in the student's order and a counter-argument to answer.

    `statement` is the student's own thesis statement; without one (or blank) the plan starts from the
    explanation's statement and says so. The weighting (for the order offered as information and the weight of
    passages) is `ranking` when given (as the dashboard has it), or else the evidence model under `weighting`
    (None: the case's defaults). Raises OutlineError for an unknown thesis, a repeated factor, a factor or
    counter-argument equal to the main thesis, a counter-argument that is also a factor, or no factors (a bad
    weight, trust or points value is refused by `Weighting.of`).
    """
    problems = check_plan(case, thesis, factors, counter)
    if problems:
        raise OutlineError(problems)
    case = case.within(case.question_of(thesis))  # the weighting ranks the theses of the thesis's own question
    w = weighed(case, ranking, weighting)
    notes = Notes(case, w)
    used: set[str] = set()
    main = case.theses[thesis]
    own = " ".join((statement or "").split())
    said = Statement(own, True) if own else Statement(" ".join(main.statement.split()), False)
    question = next((q.question for q in case.questions() if q.id == case.question_of(thesis)), "") if case.info else ""
    introduction = _introduction(case, main, list(factors), w, said, question)
    body = _main(case, main, said, w, notes, used, question, list(factors))
    sections = tuple(_section(case, main, factor, i, list(factors), w, notes, used)
                     for i, factor in enumerate(factors))
    rival = _counter(case, main, case.theses[counter], w, notes, used) if counter else None
    rendered = cite.render(cite.csl_items(case), notes.cites, further=cite.further_reading(case))
    note_list = tuple(Note(i, c.source, c.locator, text)
                      for i, (c, text) in enumerate(zip(notes.cites, rendered.notes, strict=True), start=1))
    cited = list(dict.fromkeys(c.source for c in notes.cites))
    return Outline(
        title=question or f"An essay on {main.title}",
        scaffold=SCAFFOLD,
        weighting=w.description,
        introduction=introduction,
        main=body,
        sections=sections,
        counter=rival,
        judgement=_judgement(case, main),
        conclusion=("Your conclusion (write this yourself): answer the question directly in the words of your thesis, "
                    "say how far your factors added to your main explanation and why the counter-argument does not "
                    "overturn it, and how firmly the evidence lets you conclude. Bring in no new evidence here."),
        notes=note_list,
        gaps=tuple(g for g in (_gap(case, s) for s in cited) if g.missing),
        cautions=tuple(_caution(case, s) for s in cited if not _authority(case, s)),
        bibliography=rendered.bibliography,
        bibliography_sources=rendered.sources,
        further_reading=rendered.further,
        further_reading_sources=rendered.further_sources,
        locations=("Each note gives the paragraph of the source as published, counted from the heading above it: "
                   "“para. 2 under ‘What Happened?’” is the second paragraph after that heading; a note without a "
                   "heading counts from the top of the text. “n.d.” means that the source gives no date. Notes and "
                   f"bibliography follow the {cite.STYLE_TITLE} style."),
        guidance=GUIDANCE,
    )


GUIDANCE = (
    ("Point", "one sentence that answers the question and says how this paragraph's factor bears on your thesis."),
    ("Evidence", ("a short quotation (or two) from a source, with its footnote; say who wrote it or what kind of "
                  "text it is.")),
    ("Explanation", "what the quotation shows, how far you can trust its source, and why it supports your point."),
    ("Link", "tie the paragraph back to the question and to your thesis, and lead into the next paragraph."),
)


def _introduction(case: Case, main: Thesis, factors: list[str], w: Weighed, said: Statement,
                  question: str) -> Introduction:
    rank = {tid: i for i, tid in enumerate(w.order, start=1)}
    suggested = tuple(sorted(factors, key=lambda f: rank.get(f, len(rank) + 1)))
    order_note = ("This measures only how strongly the evidence recorded in the case backs each factor; it is not "
                  "the order your essay must follow. Put your factors in the order your argument needs, and say why.")
    return Introduction(
        question=question, thesis=main.id, title=main.title, statement=said,
        rank=rank.get(main.id, 0), of=len(w.order),
        factors=tuple(factors), factor_titles=tuple(case.theses[f].title for f in factors),
        suggested=suggested, order_note=order_note,
        gaps=tuple(g.line() for g in gaps.beside_ranking(case, w.order) if g.thesis in {main.id, *factors}),
        prompt=("Your introduction (write this yourself): answer the question in one sentence (your thesis), say why "
                "historians disagree about it, and name the factors you will weigh against your main explanation."))


def _main(case: Case, main: Thesis, said: Statement, w: Weighed, notes: Notes, used: set[str], question: str,
          factors: list[str]) -> Main:
    query = about(main, said.text if said.own else "")
    chosen = choose(case, bearings(case, main.id, w.settings, ("supports",)), query, used)
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    if quotations:
        prompt = ("Your explanation (write this yourself): what do these passages show, how far can their sources be "
                  "trusted, and why do they make this the main explanation rather than one factor among others?")
    else:
        prompt = ("No passage recorded in the case supports this explanation with any trust: find your own evidence "
                  "for it, or reconsider your thesis.")
    link = (f"Tie it back to the question{f' (“{question}”)' if question else ''}: why does this explanation answer "
            "it better than the others? Then lead into your first factor.")
    example = _example(case, main, quotations[0], notes, question, factors) if quotations else None
    return Main(main.id, main.title, said.text, quotations, prompt, link, example)


def _example(case: Case, main: Thesis, first: Quotation, notes: Notes, question: str,
             factors: list[str]) -> Example:
    """One worked paragraph from the main section's first quotation: its point, the quotation introduced by its
    source, what the case says the passage shows and how far its kind of source can be trusted, and a link to a
    factor by the link the claim files record, or back to the question."""
    source = case.sources.get(first.source)
    kind = SOURCE_KINDS[source.kind] if source else None
    who = _a(kind.label.lower()) if kind else "a source"
    name = "" if source is None or source.untitled else f" ({named(case, first.source)})"
    number = notes.add(first.source, _span_of(case, first))
    quotation = replace(first, footnote=number)
    trust = f" It comes from {kind.why}." if kind else ""
    link = next((_relation_words(case, main.id, f) for f in factors if _relation_words(case, main.id, f)), "")
    if link:
        link = f"{link} The next paragraph weighs how much that added."
    else:
        link = (f"This is why {_lower_first(case, main.title)} belongs at the centre of an answer"
                f"{f' to “{question}”' if question else ''}; the next paragraphs weigh what the other factors added.")
    return Example(
        point=" ".join(main.statement.split()),
        evidence=f"As {who}{name} puts it,",
        quotation=quotation,
        explanation=f"{_sentence(first.note)}{trust}",
        link=link)


def _span_of(case: Case, q: Quotation) -> tuple[int, int] | None:
    found = case.passage(q.ref)
    return excerpt(case, found[1])[1] if found else None


def _relation_words(case: Case, main: str, factor: str) -> str:
    """The link recorded between the main explanation and a factor, as a sentence, or ''."""
    for frm, to in ((factor, main), (main, factor)):
        for link in case.theses[frm].links:
            if link.thesis == to:
                said = (f"The case records that “{case.theses[frm].title}” {RELATIONS[link.relation].sentence} "
                        f"“{case.theses[to].title}”")
                return f"{said}: {_sentence(link.note)}" if link.note else f"{said}."
    return ""


def _bearing(case: Case, main: str, factor: str) -> Bearing_:
    """How a factor bears on the main explanation: it adds to it (it helped to cause or reinforces it, or the
    main explanation reinforces it), it is a rival that limits it, it follows from it, or no link is recorded."""
    m, f = case.theses[main], case.theses[factor]
    said = _relation_words(case, main, factor)
    relation = next((link.relation for frm, to in ((f, m), (m, f)) for link in frm.links if link.thesis == to.id), None)
    follows = any(link.thesis == factor and link.relation == "causes" for link in m.links)
    if relation == "competes_with":
        return Bearing_("limits", relation, (
            f"{said} Use it to test the limits of your argument: what does it explain that “{m.title}” does not, "
            "and why does your main explanation still matter more?"))
    if follows:
        return Bearing_("follows", relation, (
            f"{said} Treat it as a consequence of your main explanation that added to the pressure on him, not as "
            "a separate cause."))
    if relation is not None:
        return Bearing_("adds", relation, (
            f"{said} Argue how far it added to “{m.title}”, not that it was the cause on its own."))
    return Bearing_("open", None, (
        f"No link between “{f.title}” and “{m.title}” is recorded in the case: decide, from the evidence, whether it "
        "added to your main explanation or worked on its own, and say so."))


def _section(case: Case, main: Thesis, factor: str, index: int, factors: list[str], w: Weighed, notes: Notes,
             used: set[str]) -> Section:
    thesis = case.theses[factor]
    chosen = choose(case, bearings(case, factor, w.settings, ("supports",)), about(thesis), used)
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    if quotations:
        prompt = ("Your paragraph (write this yourself): make your point about this factor, explain what these "
                  "passages show and how far their sources can be trusted, and say how much it adds to your main "
                  "explanation.")
    else:
        prompt = ("No passage recorded in the case supports this factor with any trust: find your own evidence "
                  "for it, or reconsider using it.")
    following = factors[index + 1] if index + 1 < len(factors) else None
    return Section(factor, thesis.title, index + 1, _bearing(case, main.id, factor), " ".join(thesis.statement.split()),
                   quotations, prompt, _transition(case, factor, following) if following else None)


def _transition(case: Case, here: str, following: str) -> Transition:
    """The link between this factor and the next, as the claim files record it, either way round."""
    a, b = case.theses[here], case.theses[following]
    for frm, to in ((a, b), (b, a)):
        for link in frm.links:
            if link.thesis == to.id:
                said = f"The case records that “{frm.title}” {RELATIONS[link.relation].sentence} “{to.title}”"
                text = f"{said}: {link.note}" if link.note else f"{said}."
                return Transition(following, link.relation, frm.id, text)
    return Transition(following, None, None,
                      f"No link between “{a.title}” and “{b.title}” is recorded in the case: in your own words, "
                      "how did one bear on the other?")


def _counter(case: Case, main: Thesis, rival: Thesis, w: Weighed, notes: Notes, used: set[str]) -> CounterArgument:
    """The passages for the rival thesis, the counter-argument, that best match its statement (at equal score,
    those that also count against the main thesis first), and the historians who argue it. Only passages that
    support the rival are quoted: a passage against the main thesis that backs some other thesis is not evidence
    for the counter-argument the student chose."""
    against = {c.ref for c in bearings(case, main.id, w.settings, ("disputes", "qualifies"))}
    backing = bearings(case, rival.id, w.settings, ("supports",))
    backing.sort(key=lambda c: (-round(c.weight, 9), c.ref not in against, -c.strength, c.home != rival.id,
                                c.order))
    chosen = choose(case, backing, about(rival), used)
    rivals = tuple(_rivals(case, rival, notes))  # numbered first: they come first on the page
    quotations = tuple(notes.quote(c, r) for c, r in chosen)
    return CounterArgument(
        rival.id, rival.title, rival.statement, rivals, quotations,
        prompt=("Your rebuttal (write this yourself): answer the strongest point against your thesis. Is the "
                "evidence reliable, does it really contradict you, or can your thesis take it in?"))


def _rivals(case: Case, rival: Thesis, notes: Notes) -> list[Rival]:
    """Historians to whom a source attributes the rival thesis, each with a note citing that source, and a
    caution where that source is not one to cite as an authority."""
    out = []
    seen = set()
    attributions = [(p.historian, p.source) for p in rival.proponents]
    attributions += [(h.id, v.source) for h in case.historians.values() for v in h.views if v.thesis == rival.id]
    for historian_id, source in attributions:
        if (historian_id, source) in seen or historian_id not in case.historians or source not in case.sources:
            continue
        seen.add((historian_id, source))
        historian = case.historians[historian_id]
        view = next((v for v in historian.views if v.thesis == rival.id and v.source == source), None)
        number = notes.add(source, view.span if view else None)
        summary = " ".join(view.summary.split()) if view else historian.about
        caution = ""
        if not _authority(case, source):
            works = [w for w in historian.works if w in case.sources]
            kind = _a(SOURCE_KINDS[case.sources[source].kind].label.lower())
            caution = (f"Only {named(case, source)}, {kind} and no authority, credits this view to "
                       f"{historian.name}" + ("" if works else f"; the case lists no work by {historian.name}")
                       + f". Do not cite it as your authority for what {historian.name} argues: if you use it, write "
                       f"“according to {kind}”, and read the further reading listed under Notes for the debate itself.")
        out.append(Rival(historian_id, historian.name, source, summary, number, caution))
    return out


def _judgement(case: Case, main: Thesis) -> Judgement:
    return Judgement(
        prompt=("Your judgement (write this yourself): say which factor mattered most, and why. It is the step that "
                "turns a list of causes into an argument."),
        questions=(
            f"Could “{main.title}” have brought about the outcome on its own, or only with the other factors?",
            "Which factors were long-term conditions, and which was the trigger at the time?",
            "Which would the men who made the decision have weighed most, on the evidence you quote?",
        ),
        to_explain=tuple(" ".join(item.split()) for item in (case.info.to_explain if case.info else [])))


def _authority(case: Case, source_id: str) -> bool:
    source = case.sources.get(source_id)
    return SOURCE_KINDS[source.kind].authority if source else True


def _caution(case: Case, source_id: str) -> Caution:
    source = case.sources[source_id]
    kind = SOURCE_KINDS[source.kind]
    books = [case.sources[s] for s in cite.further_reading(case)]
    instead = tuple(cite.Formatted((cite.Run(_who(b)), cite.Run(b.title.split(":")[0], italic=True),
                                    cite.Run(f" ({year_of(b.issued)})" if b.issued else "")))
                    for b in books)
    return Caution(source_id, named(case, source_id), f"{kind.why[:1].upper()}{kind.why[1:]}.", instead)


def _who(book) -> str:
    """Who a further-reading book is by, before its title: the first author's family name, or the first editor's
    with "ed.", or nothing when the case names neither (never an invented "Anonymous")."""
    if book.authors:
        return f"{book.authors[0].split(',')[0].strip()}, "
    if book.editors:
        return f"{book.editors[0].split(',')[0].strip()} (ed.), "
    return ""


MISSING = (  # what a citation needs, and how the plan names it when the case does not know it
    ("authors", "author"),
    ("date", "date (the notes say “n.d.”)"),
    ("publisher", "publisher or website"),
    ("url", "web address"),
    ("accessed", "date of access (add the date you read it, if you read it online)"),
)


def _gap(case: Case, source_id: str) -> Gap:
    source = case.sources[source_id]
    have = {"authors": bool(source.authors), "date": bool(source.issued or source.revised),
            "publisher": bool(source.publisher or source.container), "url": bool(source.url),
            "accessed": bool(source.accessed) or not source.quotable}
    return Gap(source_id, named(case, source_id), tuple(words for key, words in MISSING if not have[key]))


def named(case: Case, source_id: str) -> str:
    """A source named in the plan's sentences: its title in quotation marks, or, for a work with no title of its
    own, its description as it is ("Untitled student essay ...")."""
    source = case.sources.get(source_id)
    if source is not None and source.untitled:
        return case.source_name(source_id)
    return f"“{case.source_name(source_id)}”"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else f"{text}."


def _lower_first(case: Case, title: str) -> str:
    """A title inside a sentence: its first letter in lower case unless the first word is a name."""
    words = set(re.findall(r"\b[a-z]+\b", " ".join(f"{t.statement} {t.summary}" for t in case.theses.values())))
    first = re.match(r"[A-Za-z]+", title)
    return title[0].lower() + title[1:] if first and first.group(0).lower() in words else title

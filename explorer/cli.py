"""The command line: python -m explorer COMMAND. A thin shell over the core."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from explorer import config, gaps, schema, vocabulary
from explorer.disk import layout
from explorer.load import load_case
from explorer.model import MAIN_QUESTION
from explorer.problem import ExplorerError, Problem, failing, summarise
from explorer.weighting import Weighting

if TYPE_CHECKING:
    from explorer import weigh

# The export formats, named here so that `--help` needs no heavy import (a test keeps it equal to export.FORMATS).
EXPORT_FORMATS = ("json", "csljson", "bibtex", "ris", "argdown", "aif", "csv")
OUTLINE_FORMATS = ("md", "docx")
BRIEF_FORMATS = ("md", "html", "docx")
MAX_SAMPLES = 1_000_000


class UsageError(ExplorerError):
    """Bad input on the command line: printed as a message, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m explorer",
                                     description="Explore a historiographical debate recorded as YAML claim files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="Check a case folder and list its problems.",
                                   description="Check a case folder and list its problems.")
    _case_argument(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text", help="Output format.")
    validate.add_argument("--strict", action="store_true",
                          help="Fail (exit 1) on warnings too, not only on errors.")
    validate.add_argument("--fix", action="store_true",
                          help="Rewrite each quote that differs from its source only in whitespace, quote marks, "
                               "dashes or capitals to the source's exact words, where exactly one place matches; "
                               "comments and order are kept. Says what it changed.")
    validate.set_defaults(run=run_validate)

    exporter = commands.add_parser("export", help="Write the whole case in another format.",
                                   description="Write the whole case in another format.")
    exporter.add_argument("format", metavar="FORMAT", help=f"One of: {', '.join(EXPORT_FORMATS)}. csljson, bibtex "
                          "and ris are the bibliography (for Zotero); argdown and aif the argument map; csv the "
                          "evidence table; json the whole case.")
    _case_argument(exporter)
    exporter.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
    exporter.set_defaults(run=run_export)

    rank = commands.add_parser(
        "rank", help="Rank the theses by the evidence recorded for them.",
        description="Rank the theses by the evidence recorded for them.",
        epilog="Prints scores with each criterion's part, shares, how often each thesis ranks first when weights "
               "and trusts vary, and the passages whose removal would change the top of the ranking. The README "
               "explains the model.")
    _case_argument(rank)
    _question_argument(rank)
    _weighting_arguments(rank)
    rank.add_argument("--model", default="evidence", metavar="MODEL",
                      help="evidence (weighted criteria, the default) or ach (least contradicted first).")
    rank.add_argument("--samples", default=str(vocabulary.SAMPLES), metavar="N",
                      help=f"Samples for robustness, 0 to {MAX_SAMPLES:,} (default {vocabulary.SAMPLES:,}; 0 skips it).")
    rank.add_argument("--seed", default="0", metavar="S", help="Seed of the samples (default 0).")
    rank.add_argument("--format", choices=("table", "json"), default="table", help="Output format.")
    rank.set_defaults(run=run_rank)

    _outline_parser(commands)
    _check_parser(commands)
    _brief_parser(commands)
    _rooms_parser(commands)

    _workshop_parsers(commands)

    schemas = commands.add_parser("schema", help="Print the JSON Schema of the claim-file format.",
                                  description="Print the JSON Schema of the claim-file format.")
    schemas.add_argument("name", nargs="?", default="thesis", choices=list(schema.TITLES),
                         help="Which file's schema (default: thesis, the claim files).")
    schemas.add_argument("--write", metavar="DIR", help="Write every schema into DIR instead.")
    schemas.set_defaults(run=run_schema)
    return parser


def _workshop_parsers(commands) -> None:
    new = commands.add_parser("new", help="Start a new case folder that validates at once.",
                              description=f"Start a new case folder: {layout.CASE}, {layout.SOURCES}, an empty "
                                          f"{layout.THESES}/, the schemas and a README for the case's authors.")
    new.add_argument("folder", metavar="FOLDER", help="The folder to make (it must not exist, or be empty).")
    new.add_argument("--question", required=True, help="The question the case asks, such as \"Why did the First "
                     "World War break out?\"")
    new.add_argument("--title", help="The case's title (default: the question).")
    new.add_argument("--period", metavar="START-END", help="The years the question covers, such as 1900-1914 "
                     f"(default: this year; change it in {layout.CASE}).")
    new.set_defaults(run=run_new)

    add = commands.add_parser("add-source", help="Bring a source's text into a case and record the source.",
                              description="Bring a source's text into a case (from .txt, .md, .html, .docx or "
                                          f".pdf, or the text itself) as {layout.text('ID')}, and add its record "
                                          f"to {layout.SOURCES}.")
    add.add_argument("folder", metavar="FOLDER", help="The case folder.")
    add.add_argument("file", metavar="FILE_OR_TEXT", help="The file to import, or the text itself.")
    add.add_argument("--id", required=True, help="The source's id: lower case, digits and underscores.")
    add.add_argument("--kind", required=True, help=f"What kind of source: {', '.join(vocabulary.SOURCE_KINDS)}.")
    add.add_argument("--title", help="Its title (default: the id).")
    add.add_argument("--author", action="append", default=[], metavar="\"FAMILY, GIVEN\"",
                     help="An author (repeatable).")
    add.add_argument("--year", help="The year it was published.")
    add.add_argument("--url", help="Where it is online.")
    add.set_defaults(run=run_add_source)

    listing = commands.add_parser("sentences", help="List a source's sentences with their line numbers.",
                                  description="List a source's sentences with their line numbers, marking those "
                                              "already recorded and under which thesis.")
    listing.add_argument("folder", metavar="FOLDER", help="The case folder.")
    listing.add_argument("source", metavar="SOURCE", help="The source's id.")
    listing.set_defaults(run=run_sentences)

    hints = commands.add_parser(
        "suggest", help="Suggest unrecorded sentences that may bear on a thesis.",
        description="Suggest a source's unrecorded sentences that may bear on a thesis, most likely first.",
        epilog="Each sentence is scored by how much its words share with the thesis's title, statement, summary "
               "and recorded passages (TF-IDF). A suggestion is a place to read, not evidence: record it in the "
               "claim file only if it bears on the thesis. Example: explorer suggest claims china_split --top 5")
    hints.add_argument("folder", metavar="FOLDER", help="The case folder.")
    hints.add_argument("thesis", metavar="THESIS", help="The thesis's id.")
    hints.add_argument("--source", metavar="ID", help="Only this source's sentences (default: every source).")
    hints.add_argument("--top", default="10", metavar="N", help="How many, 1 to 100 (default 10).")
    hints.set_defaults(run=run_suggest)


def _weighting_arguments(parser: argparse.ArgumentParser) -> None:
    """--weight, --trust and --points, shared by rank and outline."""
    parser.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                        help=f"A criterion's weight, 0 to 5 (repeatable). Criteria: {', '.join(vocabulary.CRITERIA)}; "
                             f"defaults: {_plain(vocabulary.DEFAULT_WEIGHTS)}.")
    parser.add_argument("--trust", action="append", default=[], metavar="SOURCE=VALUE",
                        help="A source's trust, 0 to 1 (repeatable), instead of its default.")
    parser.add_argument("--points", action="append", default=[], metavar="STRENGTH=VALUE",
                        help="What a passage of a strength counts for, 0 to 10 (repeatable). Strengths: "
                             + ", ".join(f"{s.name} ({level})" for level, s in vocabulary.STRENGTHS.items())
                             + "; by default " + _plain({s.name: s.points for s in vocabulary.STRENGTHS.values()})
                             + " (background counts for nothing), e.g. --points background=1.")


def _outline_parser(commands) -> None:
    outline = commands.add_parser(
        "outline", help="Plan an essay: an outline with quotations, notes and a bibliography.",
        description="Plan an essay: an outline with quotations, notes and a bibliography.",
        epilog="The outline is a scaffold for your own writing: it quotes the sources and asks questions; the "
               "essay is yours to write. Example: python -m explorer outline --thesis lost_prestige "
               "--factors personal_style,china_split --counter hardliner_backlash -o plan.docx")
    _case_argument(outline)
    _question_argument(outline)
    outline.add_argument("--thesis", required=True, metavar="ID", help="The main thesis: your answer.")
    outline.add_argument("--factors", required=True, metavar="ID,ID",
                         help="The contributing factors (other theses), in your order, separated by commas.")
    outline.add_argument("--counter", required=True, metavar="ID", help="The counter-argument to answer.")
    outline.add_argument("--statement", metavar="TEXT", default=None,
                         help="Your own thesis statement, in your words (without it, the plan starts from the "
                              "explanation's statement and says so).")
    outline.add_argument("--format", choices=OUTLINE_FORMATS, default=None,
                         help="md (Markdown) or docx (Word, written to the file given by -o). Default: docx when "
                              "FILE ends in .docx, else md.")
    outline.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
    _weighting_arguments(outline)
    outline.set_defaults(run=run_outline)


CHECK_FORMATS = ("text", "json", "md", "csv")


def _check_parser(commands) -> None:
    checker = commands.add_parser(
        "check-essay", help="Check an essay (or a class's essays) against the case's sources.",
        description="Check an essay against the case: every quotation (word for word, close, or in no source; "
                    "credited to the right source), views put in a historian's name, sources' recorded mistakes "
                    "repeated as fact, what each paragraph argues, rival explanations left unanswered, a missing "
                    "judgement, paragraphs without evidence. Everything runs on this computer: nothing is sent "
                    "anywhere.",
        epilog="FILE is a .docx, .md or .txt essay, - for text on standard input, or a folder or .zip of a class's "
               "essays (one row each in a table; --format csv for a spreadsheet, md for a page per essay). "
               "Example: python -m explorer check-essay my-essay.docx")
    checker.add_argument("file", metavar="FILE", help="The essay (.docx, .md, .txt), - for standard input, or a "
                         "folder or .zip of essays.")
    _case_argument(checker)
    checker.add_argument("--format", choices=CHECK_FORMATS, default="text",
                         help="text (default), json ({\"findings\": [...], \"paragraphs\": [...]}), md (a page to "
                              "read) or csv (a class's table).")
    checker.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
    checker.set_defaults(run=run_check_essay)


def _essays(args: argparse.Namespace) -> tuple[list, bool]:
    """The essays a check-essay names: one (a file or standard input: True) or a class's (a folder or a .zip)."""
    from explorer import drafts

    given = Path(args.file)
    try:
        if args.file == "-":
            return [drafts.Draft("standard input", drafts.bounded("standard input",
                                                                  sys.stdin.read(drafts.ESSAY_CHARS + 1)))], True
        if given.is_dir():
            return drafts.from_folder(given), False
        if given.is_file() and given.suffix.lower() == ".zip":
            if given.stat().st_size > drafts.CLASS_BYTES:
                raise drafts.DraftError(f"{args.file}: more than the {drafts.CLASS_BYTES / 1e6:.0f} MB a class's "
                                        "essays need")
            return drafts.from_zip(given.name, given.read_bytes()), False
        if given.is_file():
            if given.stat().st_size > drafts.ESSAY_BYTES:
                raise drafts.DraftError(f"{args.file}: {given.stat().st_size / 1e6:,.1f} MB is more than the "
                                        f"{drafts.ESSAY_BYTES / 1e6:.0f} MB an essay needs")
            return [drafts.Draft(given.name, drafts.read(given.name, given.read_bytes()))], True
        raise UsageError(f"{args.file}: no such file or folder")
    except drafts.DraftError as err:
        raise UsageError(str(err)) from None
    except OSError as err:
        raise UsageError(f"{args.file}: cannot be read: {(err.strerror or str(err)).lower()}") from None


def run_check_essay(args: argparse.Namespace) -> int:
    from explorer import check
    from explorer.text import csv_text

    essays, single = _essays(args)
    case, problems = _load(args.case)
    if problems:
        print(f"note: {_count(len(problems), 'problem')} in the case; run `python -m explorer validate "
              f"{args.case}` to see them; checking against what loaded", file=sys.stderr)
    checker = check.Checker(case)
    checked = [(d.name, checker.check(d.text) if not d.error else None, d.error) for d in essays]
    if single:
        name, report, _ = checked[0]
        if args.format == "json":
            return _write(json.dumps(report.to_json(case), indent=2, ensure_ascii=False) + "\n", args.output)
        if args.format == "md":
            return _write(check.to_markdown(report, case, name), args.output)
        if args.format == "csv":
            return _write(csv_text(check.class_rows(case, checked)), args.output)
        return _write(_check_text(case, report), args.output)
    if args.format == "json":
        return _write(json.dumps([{"essay": n, "error": e or None, **(r.to_json(case) if r else {})}
                                  for n, r, e in checked], indent=2, ensure_ascii=False) + "\n", args.output)
    if args.format == "md":
        return _write("\n\n".join(check.to_markdown(r, case, n) if r else f"# {n}\n\nCould not be read: {e}\n"
                                   for n, r, e in checked), args.output)
    rows = check.class_rows(case, checked)
    if args.format == "csv":
        return _write(csv_text(rows), args.output)
    return _write("\n".join(_fit("  ".join(str(c) for c in row)) for row in rows) + "\n", args.output)


def _check_text(case, report) -> str:
    """One essay's check for a terminal: the findings in the essay's order, then each paragraph's explanation."""
    titles = {t.id: t.title for t in case.theses.values()}
    lines = [f"argues: {report.main or '-'}" + (f" ({titles[report.main]})" if report.main else "")]
    counts = report.counts()
    lines.append("findings: " + (", ".join(f"{k} {n}" for k, n in counts.items() if n) or "none"))
    for finding in report.findings:
        where = f"paragraph {finding.paragraph}" if finding.paragraph else "essay"
        lines.append("")
        lines.append(f"{where}: {finding.kind}" + (f" [{finding.source}]" if finding.source else ""))
        if finding.text:
            lines += _wrap("  > " + finding.text, 4)
        lines += _wrap("  " + finding.message, 2)
    lines += ["", "paragraphs:"]
    for view in report.paragraphs:
        lines.append(f"  {view.number:>2}. {view.role:<12} {view.thesis or '-'}"
                     + ("" if view.evidence or view.role != "body" else "  (no evidence)"))
    return "\n".join(lines) + "\n"


def _brief_parser(commands) -> None:
    brief = commands.add_parser(
        "brief", help="Write a debate team's brief for one thesis, or every team's.",
        description="Write a debate team's brief for one thesis, or every team's.",
        epilog="The brief gives the team its best evidence and why its sources can be trusted or doubted, what the "
               "other teams will say against it with an answer to prepare, the passages that decide the debate for "
               "this team, its rivals and cross-examination questions. Example: python -m explorer brief "
               "lost_prestige --rivals hardliner_backlash,personal_style --all -o briefs.docx")
    brief.add_argument("thesis", metavar="THESIS_ID", help="The thesis the team defends.")
    _case_argument(brief)
    _question_argument(brief)
    brief.add_argument("--rivals", metavar="ID,ID", help="The rival theses in play (default: every other thesis).")
    brief.add_argument("--all", action="store_true",
                       help="Every team's brief (THESIS_ID's, then each rival's), each on a new page.")
    brief.add_argument("--teacher", action="store_true",
                       help="The teacher's version: each passage's weight and the answer key (what the evidence "
                            "engine thinks and why). Without it, the team's version, with no weights.")
    brief.add_argument("--format", choices=BRIEF_FORMATS, default=None,
                       help="md (Markdown), html (a page made for printing on A4) or docx (Word, written to the file "
                            "given by -o). Default: docx when FILE ends in .docx, html when it ends in .html, else md.")
    brief.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
    _weighting_arguments(brief)
    brief.set_defaults(run=run_brief)


def run_brief(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower() if args.output else ""
    fmt = args.format or {".docx": "docx", ".html": "html", ".htm": "html"}.get(suffix, "md")
    if fmt == "docx" and not args.output:
        raise UsageError("--format docx writes a Word file, not text: give the file with -o FILE.docx")
    rivals = _factor_ids(args.rivals, "--rivals") if args.rivals is not None else None
    weights = _weights(args.weight)
    points = _points(args.points)
    case, problems = _load(args.case)
    case = _asked(case, args.question)
    chosen = Weighting.of(case, weights, points, _trusts(args.trust, case))
    from explorer import brief

    try:
        brief.check_thesis(case, args.thesis)
        others = [t for t in (rivals if rivals is not None else case.theses) if t != args.thesis]
        debate = brief.debate(case, [args.thesis, *others], chosen)
    except brief.BriefError as err:
        raise UsageError(str(err)) from None
    if problems:
        print(f"note: {_count(len(problems), 'problem')} in the case; run `python -m explorer validate "
              f"{args.case}` to see them; the brief uses what loaded", file=sys.stderr)
    made = brief.all_briefs(debate) if args.all else [brief.brief_for(debate, args.thesis)]
    document = brief.print_all(made, args.teacher, fmt)
    if fmt == "docx":
        return _write_bytes(document, args.output)
    return _write(document, args.output)


def _case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", nargs="?", default=str(config.DEFAULT_CASE), metavar="CASE_DIR",
                        help="The case folder (default: the Khrushchev case in claims/).")


def _question_argument(parser: argparse.ArgumentParser) -> None:
    """--question, shared by rank, brief and outline: each ranks the theses of one question of the case."""
    parser.add_argument("--question", default=MAIN_QUESTION, metavar="ID",
                        help="The question whose explanations are ranked: main (the default, the case's question) "
                             f"or the id of one of {layout.CASE}'s other_questions.")


def _asked(case, question: str):
    """The case as one of its questions sees it; an unknown question is a usage error naming the known ones."""
    known = [q.id for q in case.questions()]
    if question not in known:
        raise UsageError(f"--question {question}: {vocabulary.unknown('question', question, known)}")
    return case.within(question)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = streams


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with its control characters written out (`\\u001b`), so that nothing from a case file can move the
    cursor, recolour or clear the terminal it is printed to. Tabs and line breaks stay. The form is JSON's own
    escape, so JSON on standard output still parses, to the same text as the file `-o` writes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Printable(io.TextIOBase):
    """A text stream that passes everything written to it through printable()."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()


def _load(folder: str):
    case, problems = load_case(folder)
    if problems and problems[0].field == "(folder)" and problems[0].line == 0 and Path(problems[0].file) == Path(folder):
        raise UsageError(f"{folder}: {problems[0].message}; {problems[0].hint}")
    return case, problems


def run_validate(args: argparse.Namespace) -> int:
    case, problems = _load(args.case)
    if args.fix and _fix_quotes(Path(args.case), case.texts):
        case, problems = _load(args.case)
    if args.format == "json":
        evidence = sum(len(t.evidence) for t in case.theses.values())
        print(json.dumps({"theses": len(case.theses), "evidence": evidence,
                          "problems": [_problem_json(p) for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)
        evidence = sum(len(t.evidence) for t in case.theses.values())
        print(f"{args.case}: {len(case.theses)} theses, {evidence} passages, {summarise(problems)}")
    return 1 if failing(problems, args.strict) else 0


def _fix_quotes(root: Path, texts: dict[str, str]) -> int:
    """validate --fix: rewrite the quotes that only capitals (and folded marks) keep from matching, file by
    file, each file written atomically; what changed is said on standard error. How many were fixed."""
    from explorer import disk, workshop

    names = [layout.SOURCES, *layout.OPTIONAL]
    listed, _ = disk.listing(root, layout.THESES, layout.YAML)
    names += [rel for rel in listed if rel.endswith(layout.YAML)]
    fixed = 0
    for rel in names:
        if not disk.exists(root, rel):
            continue
        try:
            text = disk.current(root, rel)
        except disk.WriteRefused:
            continue  # the loader reported it already
        if text is None:
            continue
        new, fixes = workshop.fix_quotes(text, rel, texts)
        if not fixes:
            continue
        try:
            disk.save(root, f"fix the quotes of {rel}", {rel: (disk.digest(text), new)})
        except disk.WriteRefused as err:
            raise UsageError(str(err)) from None
        for fix in fixes:
            print(f"fixed {fix}", file=sys.stderr)
        fixed += len(fixes)
    return fixed


def is_text(value: str) -> bool:
    """Whether an argument is text: Python keeps bytes that were not UTF-8 as lone surrogates (U+DC80...)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run_new(args: argparse.Namespace) -> int:
    import datetime

    from explorer import disk, workshop

    target = Path(args.folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{args.folder}: already exists and is not an empty folder; give a new folder's name")
    if not args.question.strip():
        raise UsageError("--question: give the question the case asks")
    year = datetime.date.today().year
    period = (year, year)
    if args.period is not None:
        found = re.fullmatch(r"\s*(-?\d{1,4})\s*-\s*(-?\d{1,4})\s*", args.period)
        if not found or int(found[1]) > int(found[2]):
            raise UsageError(f"--period {args.period}: write the first and last years, such as 1900-1914")
        period = (int(found[1]), int(found[2]))
    for option, value in (("--question", args.question), ("--title", args.title or "")):
        if not is_text(value):
            raise UsageError(f"{option}: holds bytes that are not UTF-8 text (the terminal's encoding is another); "
                             "type it again in a UTF-8 terminal, or leave out the letters that did not show")
    schemas = {name: schema.render(name) for name in schema.TITLES}
    files = workshop.new_case(args.question.strip(), args.title, period, schemas)
    try:  # all the files or none, each read back as written: a refused case leaves no folder behind
        disk.save(target, "start the case", {rel: (None, text) for rel, text in files.items()},
                  folders=(layout.THESES, layout.TEXTS))
    except disk.WriteRefused as err:
        raise UsageError(f"{args.folder}: {err}") from None
    print(f"made the case {args.folder}: {layout.CASE}, {layout.SOURCES}, {layout.THESES}/, {layout.TEXTS}/, "
          f"{layout.SCHEMAS}/ and {layout.README}; next, "
          f"add a source: explorer add-source {args.folder} FILE --id ID --kind KIND --title \"...\"",
          file=sys.stderr)
    return 0


def run_add_source(args: argparse.Namespace) -> int:
    from explorer import disk, extract, model, workshop
    from explorer.model import Source

    root = Path(args.folder)
    if not (root / layout.SOURCES).is_file():
        raise UsageError(f"{args.folder}: no {layout.SOURCES} here; start a case with `explorer new {args.folder} "
                         "--question \"...\"`")
    if not workshop.is_id(args.id):
        raise UsageError(f"--id {args.id}: use lower-case letters, digits and underscores, starting with a letter "
                         f"({model.ID_MAX} characters at most)")
    if args.kind not in vocabulary.SOURCE_KINDS:
        raise UsageError(f"--kind {args.kind}: {vocabulary.unknown('source kind', args.kind, vocabulary.SOURCE_KINDS)}")
    rel = layout.text(args.id)
    if disk.exists(root, rel):
        raise UsageError(f"{rel} already exists; choose another id, or remove the file first")
    given = Path(args.file)
    try:
        if given.is_file():
            text = extract.extract(given.name, given.read_bytes())
            origin = args.file
        else:
            text = extract.tidy(args.file)
            origin = "the text given"
    except extract.ExtractError as err:
        raise UsageError(f"{args.file}: {err}") from None
    except OSError as err:
        raise UsageError(f"{args.file}: cannot be read: {(err.strerror or str(err)).lower()}") from None
    record = workshop.source_record(args.id, args.kind, args.title or args.id, list(args.author), args.year or "",
                                    args.url or "", Path(origin).name)
    try:
        Source.model_validate(record)
    except Exception as err:  # noqa: BLE001 - pydantic's message names the field
        raise UsageError(f"the record would not validate: {err}") from None
    try:
        read_text = disk.current(root, layout.SOURCES) or ""
    except disk.WriteRefused as err:
        raise UsageError(str(err)) from None
    try:
        new = workshop.add_source(read_text, record)
    except workshop.WorkshopError as err:
        raise UsageError(str(err)) from None
    try:  # the workshop's writer: inside the case, within the loader's limits, read back as written
        disk.save(root, f"add the source {args.id}", {rel: (None, text),
                                                      layout.SOURCES: (disk.digest(read_text), new)})
    except disk.WriteRefused as err:
        raise UsageError(str(err)) from None
    lines = text.count("\n")
    print(f"added `{args.id}` to {layout.SOURCES} and its text ({len(text):,} characters, {lines:,} lines) from "
          f"{origin} to {rel}; list its sentences with: explorer sentences {args.folder} {args.id}", file=sys.stderr)
    return 0


def run_sentences(args: argparse.Namespace) -> int:
    from explorer import workshop

    case, _ = _load(args.folder)
    if args.source not in case.sources:
        raise UsageError(f"no source `{args.source}` in {args.folder}/{layout.SOURCES}")
    text = case.texts.get(args.source)
    if text is None:
        raise UsageError(f"source `{args.source}` has no text; add {layout.text(args.source)} (explorer add-source)")
    found = workshop.sentences(text)
    for sentence, under in zip(found, workshop.recorded_as(case, args.source, found), strict=True):
        mark = f"  [recorded: {', '.join(under)}]" if under else ""
        print(f"{sentence.line:>5}  {sentence.text}{mark}")
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    top = _whole("--top", args.top, 100)
    if top == 0:
        raise UsageError(f"--top {args.top}: use a whole number from 1 to 100")
    case, _ = _load(args.folder)
    if args.thesis not in case.theses:
        raise UsageError(f"{args.thesis}: {vocabulary.unknown('thesis', args.thesis, list(case.theses))}")
    if args.source is not None and args.source not in case.texts:
        known = [s for s in case.sources if s in case.texts]
        raise UsageError(f"--source {args.source}: {vocabulary.unknown('source with a text', args.source, known)}")
    from explorer import suggest

    found = suggest.suggest(case, args.thesis, args.source, top)
    if not found:
        print(f"no unrecorded sentence shares words with `{args.thesis}`")
    for s in found:
        print(f"{s.source}:{s.line:<5} {s.score:.3f}  {s.text}")
    return 0


def _problem_json(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "field": problem.field,
            "message": f"{problem.message}; {problem.hint}" if problem.hint else problem.message,
            "level": problem.level}


def run_export(args: argparse.Namespace) -> int:
    if args.format not in EXPORT_FORMATS:
        raise UsageError(f"unknown format `{args.format}`; use one of: {', '.join(EXPORT_FORMATS)}")
    from explorer import export
    case, problems = _load(args.case)
    for problem in problems:
        print(problem, file=sys.stderr)
    return _write(export.FORMATS[args.format](case), args.output)


def _write(text: str, output: str | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror}") from None
    print(f"wrote {output}", file=sys.stderr)
    return 0


def _write_bytes(data: bytes, output: str) -> int:
    try:
        Path(output).write_bytes(data)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror}") from None
    print(f"wrote {output}", file=sys.stderr)
    return 0


# --- outline -------------------------------------------------------------------------------------


OPTIONS = {"thesis": "--thesis", "factors": "--factors", "counter": "--counter"}


def run_outline(args: argparse.Namespace) -> int:
    fmt = args.format or ("docx" if args.output and args.output.lower().endswith(".docx") else "md")
    if fmt == "docx" and not args.output:
        raise UsageError("--format docx writes a Word file, not text: give the file with -o FILE.docx")
    factors = _factor_ids(args.factors)
    weights = _weights(args.weight)
    points = _points(args.points)
    case, problems = _load(args.case)
    case = _asked(case, args.question)
    chosen = Weighting.of(case, weights, points, _trusts(args.trust, case))
    values = {"thesis": args.thesis, "factors": args.factors, "counter": args.counter}
    from explorer import essay

    found = essay.check_plan(case, args.thesis, factors, args.counter)
    if found:
        raise UsageError("; ".join(f"{' '.join(filter(None, (OPTIONS[field], values[field])))}: {message}"
                                   for field, message in found))
    if problems:
        print(f"note: {_count(len(problems), 'problem')} in the case; run `python -m explorer validate "
              f"{args.case}` to see them; outlining what loaded", file=sys.stderr)
    outline = essay.build_outline(case, args.thesis, factors, args.counter, weighting=chosen,
                                  statement=args.statement)
    if fmt == "docx":
        return _write_bytes(essay.to_docx(outline), args.output)
    return _write(essay.to_markdown(outline), args.output)


def _factor_ids(text: str, option: str = "--factors") -> list[str]:
    """'a, b,c' -> ['a', 'b', 'c']; an empty item between commas is refused."""
    if not text.strip():
        return []
    ids = [part.strip() for part in text.split(",")]
    if any(not part for part in ids):
        raise UsageError(f"{option} {text}: an empty id; separate the ids with single commas, such as "
                         f"{option} china_split,agriculture")
    return ids


def run_schema(args: argparse.Namespace) -> int:
    if args.write:
        target = Path(args.write)
        if target.exists() and not target.is_dir():
            raise UsageError(f"--write {args.write}: this is a file, not a folder; give a folder for the schemas "
                             "(it is made if it does not exist)")
        try:
            written = schema.write_all(target)
        except OSError as err:
            raise UsageError(f"--write {args.write}: cannot write {err.filename or args.write}: "
                             f"{(err.strerror or str(err)).lower()}; give a folder you may write to") from None
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(schema.render(args.name))
    return 0


# --- rank ----------------------------------------------------------------------------------------


def run_rank(args: argparse.Namespace) -> int:
    weights = _weights(args.weight)
    points = _points(args.points)
    if args.model not in vocabulary.MODELS:
        raise UsageError(f"--model {args.model}: {vocabulary.unknown('model', args.model, vocabulary.MODELS)}")
    samples = _whole("--samples", args.samples, MAX_SAMPLES)
    seed = _whole("--seed", args.seed, None)
    case, problems = _load(args.case)
    case = _asked(case, args.question)
    chosen = Weighting.of(case, weights, points, _trusts(args.trust, case))
    if problems:
        print(f"note: {_count(len(problems), 'problem')} in the case; run `python -m explorer validate "
              f"{args.case}` to see them; ranking what loaded", file=sys.stderr)
    from explorer import weigh

    ranking = weigh.weigh(case, chosen, args.model, samples, seed)
    if args.format == "json":
        print(json.dumps(_rank_json(case, ranking, len(problems)), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(_rank_table(case, ranking))
    return 0


def _pair(option: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        example = {"--weight": "support=1.5", "--points": "background=0.5"}.get(option, "SOURCE=0.5")
        raise UsageError(f"{option} {text}: expected NAME=VALUE, such as {option} {example}")
    return name.strip(), value.strip()


def _number(option: str, text: str, value: str, top: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise UsageError(f"{option} {text}: `{value}` is not a number; use a number from 0 to {top:g}") from None
    if not 0 <= number <= top:  # also refuses nan and inf
        raise UsageError(f"{option} {text}: {value} is out of range; use a number from 0 to {top:g}")
    return number


def _named_values(option: str, items: list[str], what: str, allowed: list[str], top: float,
                  shown: list[str] | None = None) -> dict[str, float]:
    """NAME=VALUE pairs of a repeatable option, each name known and each value in 0..top."""
    out = {}
    for text in items:
        name, value = _pair(option, text)
        if name not in allowed:
            raise UsageError(f"{option} {text}: {vocabulary.unknown(what, name, shown or allowed)}")
        out[name] = _number(option, text, value, top)
    return out


def _weights(items: list[str]) -> dict[str, float]:
    return _named_values("--weight", items, "criterion", list(vocabulary.CRITERIA), vocabulary.WEIGHT_MAX)


def _points(items: list[str]) -> dict[int, float]:
    named = _named_values("--points", items, "strength", list(vocabulary.STRENGTH_LEVELS), vocabulary.POINTS_MAX,
                          shown=list(vocabulary.STRENGTH_NAMES.values()))
    return {vocabulary.STRENGTH_LEVELS[name]: value for name, value in named.items()}


def _trusts(items: list[str], case) -> dict[str, float]:
    return _named_values("--trust", items, "source", list(case.sources), 1.0)


def _whole(option: str, text: str, top: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0 or (top is not None and value > top):
        allowed = "of 0 or more" if top is None else f"from 0 to {top:,}"
        raise UsageError(f"{option} {text}: use a whole number {allowed}")
    return value


def _count(n: int, word: str) -> str:
    plural = word[:-2] + "es" if word.endswith("is") else word + "s"
    return f"{n} {word if n == 1 else plural}"


def _plain(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in values.items())


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6) + 0.0


def _rank_json(case, ranking: weigh.Ranking, problems: int) -> dict:
    margins = {k: r.margin for k, r in ranking.robustness.items()}
    return {
        "case": case.folder,
        "title": case.title,
        "model": ranking.model,
        "weights": ranking.weighting.weights,
        "points": {vocabulary.STRENGTH_NAMES[k]: v for k, v in ranking.weighting.points.items()},
        "trust": ranking.weighting.trust,
        "samples": ranking.samples,
        "seed": ranking.seed,
        "spread": ranking.spread,
        "note": ranking.note,
        "question": _question_words(case),
        "problems": problems,
        "robustness": {k: vocabulary.ROBUSTNESS[k].description for k in ranking.robustness},
        "theses": [
            {
                "rank": t.rank,
                "id": t.id,
                "title": t.title,
                "score": _r(t.score),
                "parts": {c: _r(v) for c, v in t.parts.items()},
                "criteria": {c: _r(v) for c, v in t.raw.items()},
                "share": _r(t.share),
                "inconsistency": _r(t.inconsistency),
                "p_first": _r(t.p_first),
                "p_first_evidence": _r(t.p_first_evidence),
                "p_first_coding": _r(t.p_first_coding),
                "p_first_margin": {k: _r(float(m[t.id])) for k, m in margins.items()} or None,
                "rank_distribution": None if t.rank_distribution is None else [_r(x) for x in t.rank_distribution],
                "not_in_these_sources": [{"says": " ".join(g.says.split()), "works": list(g.works)}
                                         for g in gaps.of_thesis(case, t.id, t.rank)],
                "pivotal": [{"passage": p.ref, **_where(case, p.ref), "stance": p.stances[t.id], "flips": p.flips}
                            for p in t.pivotal],
            }
            for t in ranking.theses
        ],
        "pivotal_judgements": [{"passage": j.ref, **_where(case, j.ref), "thesis": j.thesis, "change": j.change,
                                "flips": j.flips} for j in ranking.judgements],
    }


def _question_words(case) -> str:
    """The question the ranked theses answer: the main one, or the other question they all name."""
    asked = {case.question_of(tid) for tid in case.theses} or {MAIN_QUESTION}
    return next((q.question for q in case.questions() if q.id in asked), case.title)


def _where(case, ref: str) -> dict[str, str]:
    """A passage named in the JSON: its first words and its source besides its reference (thesis#N: the Nth
    passage of theses/<thesis>.yaml), so that a reader need not open the claim file to know which it is."""
    from explorer.brief import opening, source_title

    source = _source_of(case, ref)
    return {"opening": opening(case, ref), "source": source, "source_title": source_title(case, source)}


def _source_of(case, ref: str) -> str:
    return next((e.source for _, e in case.passages() if e.ref == ref), "")


TITLE_WIDTH = 29
PIVOTAL_LINES = 12


def _rank_table(case, ranking: weigh.Ranking) -> str:
    """At most 100 columns: rank, title, score, share, how often first under each robustness, and the parts."""
    from explorer.brief import opening, source_title

    ach = ranking.model == "ach"
    model = "ACH, least contradicted first" if ach else "evidence model"
    lines = [_fit(f"{case.title}: {_count(len(ranking.theses), 'thesis')} ranked by the {model}")]
    if len(case.questions()) > 1:
        lines.append(_fit(f"question: {_question_words(case)} (another with --question; see {layout.CASE})"))
    if not ranking.theses:
        return "\n".join(lines + ["(no theses to rank)"]) + "\n"
    firsts = "".join(f" {r.short:>5}" for r in vocabulary.ROBUSTNESS.values())
    head = f"{'#':>3}  {'thesis':<{TITLE_WIDTH}} "
    if ach:
        head += f"{'against':>8} {'support':>8} {'score':>7} {'share':>6}{firsts}"
    else:
        head += f"{'score':>7} {'share':>6}{firsts} {'support':>7} {'corrob':>7} {'backing':>7} {'contest':>7}"
    lines.append(head)
    for t in ranking.theses:
        first = "".join(" " + (f"{'-':>5}" if t.first(k) is None else f"{t.first(k):>5.0%}") for k in vocabulary.ROBUSTNESS)
        row = f"{t.rank:>3}  {_cut(t.title, TITLE_WIDTH):<{TITLE_WIDTH}} "
        if ach:
            row += f"{t.inconsistency:>8.2f} {t.raw['support']:>8.2f} {t.score:>7.3f} {t.share:>6.1%}{first}"
        else:
            row += f"{t.score:>7.3f} {t.share:>6.1%}{first} " + " ".join(
                f"{t.parts[c]:>7.3f}" for c in vocabulary.CRITERIA)
        lines.append(row)
    lines.append("")
    found = gaps.beside_ranking(case, [t.id for t in ranking.theses])
    if found:
        lines.append(f"{vocabulary.GAP_HEADING.lower()} (what the scholarship holds that no source here carries):")
        for gap in found:
            lines += _wrap(f"  {gap.line()}", 6)
    if ranking.note:
        lines.append(f"note: {ranking.note}")
    if ach:
        lines.append("against: the weights of the passages that dispute the thesis (qualifying ones count half)")
        telling = ranking.diagnosticity.sort_values(ascending=False, kind="stable").head(5)
        if len(telling):
            lines += _wrap("most diagnostic passages: "
                           + ", ".join(f"{ref} ({value:.2f})" for ref, value in telling.items()), 2)
    else:
        lines.append("score = support + corroboration + backing - contestation, each on a fixed scale 0..1, weighted")
        lines.append(_fit(f"weights: {_plain(ranking.weighting.weights)} (change with --weight)"))
        lines.append(_fit("points per passage: " + _plain(
            {vocabulary.STRENGTH_NAMES[k]: v for k, v in ranking.weighting.points.items()}) + " (change with --points)"))
    if ranking.samples:
        weakest = ranking.weakest()
        lines += _wrap(f"first: how often it ranks first in {ranking.samples:,} samples (seed {ranking.seed}) of: "
                       "set = weights and trusts redrawn around yours" + (" (trusts only, for ACH)" if ach else "")
                       + "; evid = the passages resampled with replacement; code = each strength moved a step "
                       "and each stance softened now and then", 2)
        if weakest:
            kind, share, margin = weakest
            lines.append(_fit(f"the first thesis at its weakest: first in {share:.0%} (±{margin:.1%}) "
                              f"{vocabulary.ROBUSTNESS[kind].label}"))
    lines += _listing(
        "pivotal passages", "removing one changes the top of the ranking", "no single passage changes the top of the "
        "ranking", [f"  {p.ref:<24} {opening(case, p.ref)} ({source_title(case, p.source)}): {p.flips}"
                    for p in ranking.pivotal])
    lines += _listing(
        "pivotal judgements", "reading one passage otherwise changes the top of the ranking", "no single change of a "
        "stance or strength changes the top",
        [f"  {j.ref:<24} {opening(case, j.ref)} ({source_title(case, _source_of(case, j.ref))}) on {j.thesis}: "
         f"{j.change}; {j.flips}" for j in ranking.judgements])
    lines.append(f"a passage's reference thesis#N is the Nth passage under `evidence:` in {layout.thesis('<thesis>')}")
    lines.append("These numbers weigh the evidence recorded in this case, not the truth.")
    return "\n".join(lines) + "\n"


def _listing(name: str, what: str, none: str, rows: list[str]) -> list[str]:
    """A titled list of at most PIVOTAL_LINES rows, wrapped to 100 columns, or one line saying there are none."""
    if not rows:
        return [f"{name}: none ({none})"]
    out = [f"{name} ({what}):"]
    for row in rows[:PIVOTAL_LINES]:
        out += _wrap(row, 6)
    if len(rows) > PIVOTAL_LINES:
        out.append(f"  ... and {len(rows) - PIVOTAL_LINES} more (see --format json)")
    return out


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _fit(line: str, width: int = 100) -> str:
    return _cut(line, width)


def _wrap(line: str, indent: int) -> list[str]:
    """A long line broken at spaces to 100 columns, the rest indented."""
    if len(line) <= 100:
        return [line]
    return textwrap.wrap(line, 100, subsequent_indent=" " * indent, drop_whitespace=True)


# --- rooms: the poll store's housekeeping ----------------------------------------------------------------


def _rooms_parser(commands) -> None:
    rooms = commands.add_parser(
        "rooms", help="List the class debate rooms in the poll store, or purge the expired ones.",
        description="List the class debate rooms in the poll store, or purge the expired ones.",
        epilog="A room expires 24 hours after it was created; --purge deletes the rooms that expired more than "
               "the retention ago, with their ballots (the app does the same when it starts). Example: "
               "python -m explorer rooms --purge --retention-days 30")
    rooms.add_argument("--poll-db", metavar="URL_OR_PATH",
                       help="The poll store: a postgresql:// URL or a SQLite file (default: $EXPLORER_POLL_DB, "
                            "else data/polls.sqlite3).")
    rooms.add_argument("--purge", action="store_true", help="Delete the expired rooms past the retention.")
    rooms.add_argument("--retention-days", metavar="DAYS",
                       help="How long an expired room is kept (default: $EXPLORER_POLL_RETENTION_DAYS, else 7).")
    rooms.set_defaults(run=run_rooms)


def run_rooms(args: argparse.Namespace) -> int:
    import time

    from explorer import config
    from explorer.classroom import store as poll_store

    settings = config.settings([])
    if args.retention_days is not None or settings.problems:
        try:
            days = config.retention_days(args.retention_days if args.retention_days is not None
                                         else config.given(config.RETENTION_VAR))
        except config.ConfigError as err:
            raise UsageError(f"--retention-days: {err}") from None
    else:
        days = settings.retention_days
    target = args.poll_db or settings.poll_db
    if not poll_store.is_postgres_url(target) and not Path(target).is_file():
        raise UsageError(f"{target}: no poll store there; give the file with --poll-db PATH, or a "
                         "postgresql:// URL")
    opened = poll_store.open_store(target, busy_timeout=5)
    try:
        if args.purge:
            purged = opened.purge(days)
            gone = f" ({', '.join(purged.rooms)})" if purged.rooms else ""
            print(f"purged {_count(len(purged.rooms), 'room')}{gone} and {_count(purged.ballots, 'ballot')}: the "
                  f"rooms that expired more than {days:g} days ago, from {opened.where}")
            return 0
        now = time.time()
        listed = opened.rooms()
        for room in listed:
            status = "open" if room.expires > now else ("expired" if room.expires > now - days * 86400
                                                        else "expired, past the retention")
            print(f"{room.code}  created {_when(room.created)}  expires {_when(room.expires)}  {status:<27} "
                  f"{_count(room.ballots, 'ballot')}")
        print(f"{_count(len(listed), 'room')} in {opened.where} ({opened.engine})")
        return 0
    except poll_store.StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        opened.close()


def _when(seconds: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))

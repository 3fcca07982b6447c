"""The command line: python -m explorer COMMAND. A thin shell over the core."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from explorer import export, schema
from explorer.load import load_case
from explorer.problem import Problem, summarise

DEFAULT_CASE = Path(__file__).resolve().parent.parent / "claims"


class UsageError(Exception):
    """Bad input on the command line: printed as a message, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m explorer",
                                     description="Explore a historiographical debate recorded as YAML claim files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="Check a case folder and list its problems.",
                                   description="Check a case folder and list its problems.")
    _case_argument(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text", help="Output format.")
    validate.set_defaults(run=run_validate)

    exporter = commands.add_parser("export", help="Write the whole case in another format.",
                                   description="Write the whole case in another format.")
    exporter.add_argument("format", metavar="FORMAT", help=f"One of: {', '.join(export.FORMATS)}.")
    _case_argument(exporter)
    exporter.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
    exporter.set_defaults(run=run_export)

    schemas = commands.add_parser("schema", help="Print the JSON Schema of the claim-file format.",
                                  description="Print the JSON Schema of the claim-file format.")
    schemas.add_argument("name", nargs="?", default="thesis", choices=list(schema.TITLES),
                         help="Which file's schema (default: thesis, the claim files).")
    schemas.add_argument("--write", metavar="DIR", help="Write every schema into DIR instead.")
    schemas.set_defaults(run=run_schema)
    return parser


def _case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", nargs="?", default=str(DEFAULT_CASE), metavar="CASE_DIR",
                        help="The case folder (default: the Khrushchev case in claims/).")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _load(folder: str):
    case, problems = load_case(folder)
    if problems and problems[0].field == "(folder)" and problems[0].line == 0 and not Path(folder).is_dir():
        raise UsageError(f"{folder}: {problems[0].message}; {problems[0].hint}")
    return case, problems


def run_validate(args: argparse.Namespace) -> int:
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
    return 1 if problems else 0


def _problem_json(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "field": problem.field,
            "message": f"{problem.message}; {problem.hint}" if problem.hint else problem.message,
            "level": problem.level}


def run_export(args: argparse.Namespace) -> int:
    if args.format not in export.FORMATS:
        raise UsageError(f"unknown format `{args.format}`; use one of: {', '.join(export.FORMATS)}")
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


def run_schema(args: argparse.Namespace) -> int:
    if args.write:
        for path in schema.write_all(Path(args.write)):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(schema.render(args.name))
    return 0

"""``lmdesk grade`` (one value or a JSON-lines batch) and ``lmdesk ctcae search|term``.

The grading itself is ``lmdesk.models.ctcae``; this module only reads flags and lines,
resolves Chinese term names through the reference DB, and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.grading_batch import BatchGrader, progress_stream, read_lines, run_batch
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae import GradeStatus, LabGrade, LabQuery, UnknownTermError, grade_lab
from lmdesk.models.ctcae.lab_query import parse_version
from lmdesk.models.ctcae.rules import VERSIONS, Version
from lmdesk.models.ctcae.soc_labels import soc_text
from lmdesk.models.ctcae.terms import CtcaeTerm, criterion_texts
from lmdesk.models.errors import BadInputError, LmdeskError
from lmdesk.store.ctcae_repo import CtcaeRepo

_FLAG_FIELDS = (
    ("term", "term"),
    ("value", "value"),
    ("unit", "unit"),
    ("lln", "lln"),
    ("uln", "uln"),
    ("baseline", "baseline"),
    ("ctcae", "version"),
    ("symptomatic", "symptomatic"),
    ("hours_above_40c", "hours_above_40c"),
    ("max_temp_c", "max_temp_c"),
    ("sustained_38c_over_1h", "sustained_38c_over_1h"),
)


def register(sub: Any) -> None:
    p = sub.add_parser("grade", help=_("grade a lab value by CTCAE v5.0 or v6.0"))
    p.add_argument("--term", help=_("CTCAE term, in English or Chinese (any case)"))
    p.add_argument("--value", help=_("the lab value (for febrile neutropenia: the ANC)"))
    p.add_argument("--unit", help=_("unit of the value (and of LLN, ULN, baseline if not given)"))
    p.add_argument("--lln", help=_("the lab's lower limit of normal, e.g. 2.0 or '2.0 10^9/L'"))
    p.add_argument("--uln", help=_("the lab's upper limit of normal, e.g. 97 or '1.1 mg/dL'"))
    p.add_argument("--baseline", help=_("the patient's baseline value, optionally with its unit"))
    p.add_argument("--ctcae", choices=VERSIONS, default=None, help=_("CTCAE version (5.0)"))
    p.add_argument("--symptomatic", choices=("yes", "no"), help=_("unknown if left out"))
    p.add_argument("--hours-above-40c", dest="hours_above_40c", help=_("hours above 40 °C"))
    p.add_argument("--max-temp-c", dest="max_temp_c", help=_("highest single temperature, °C"))
    p.add_argument(
        "--sustained-38c-over-1h",
        dest="sustained_38c_over_1h",
        choices=("yes", "no"),
        help=_(">= 38 °C for more than one hour"),
    )
    p.add_argument("--batch", metavar="FILE.jsonl", help=_("one JSON object per line ('-': stdin)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_grade)

    ctcae = sub.add_parser("ctcae", help=_("browse CTCAE v5.0 / v6.0 terms"))
    ctcae.set_defaults(handler=cmd_ctcae_usage)
    inner = ctcae.add_subparsers(dest="ctcae_command", metavar="COMMAND", parser_class=type(p))
    s = inner.add_parser("search", help=_("terms whose English or Chinese name contains TEXT"))
    s.add_argument("text")
    s.add_argument("--ctcae", choices=VERSIONS, default="5.0", help=_("CTCAE version (5.0)"))
    s.add_argument("--json", action="store_true", help=_("print JSON"))
    s.set_defaults(handler=cmd_search)
    t = inner.add_parser("term", help=_("one term in full: definition, grades, note"))
    t.add_argument("name")
    t.add_argument("--ctcae", choices=VERSIONS, default="5.0", help=_("CTCAE version (5.0)"))
    t.add_argument("--json", action="store_true", help=_("print JSON"))
    t.set_defaults(handler=cmd_term)


def cmd_ctcae_usage(args: argparse.Namespace, ctx: AppContext) -> int:
    raise BadInputError(_("lmdesk ctcae: choose 'search TEXT' or 'term NAME'."))


def _repo(ctx: AppContext) -> CtcaeRepo | None:
    repo = CtcaeRepo(ctx.reference)
    return repo if repo.available() else None


def grade_raw(
    raw: Mapping[str, Any], repo: CtcaeRepo | None, aliases: Mapping[str, str] | None = None
) -> LabGrade:
    """Grade one loose input; a CTCAE term that is not lab-gradable is 'not gradable'."""
    query = LabQuery.from_raw(raw)
    if aliases is None and repo is not None:
        aliases = repo.lab_aliases()
    try:
        return grade_lab(query, aliases)
    except UnknownTermError:
        term = repo.term(query.version, query.term) if repo is not None else None
        if term is None:
            raise
        return LabGrade(
            term=term.term,
            version=query.version,
            grade=None,
            status=GradeStatus.NOT_GRADABLE,
            reason=_(
                "{term} is graded from clinical descriptors, not from a lab value; see "
                "'lmdesk ctcae term'."
            ).format(term=term.name(current_language())),
        )


def _term(result: LabGrade, repo: CtcaeRepo | None) -> CtcaeTerm | None:
    return repo.term(result.version, result.term) if repo is not None else None


def _display_name(result: LabGrade, repo: CtcaeRepo | None) -> str:
    term = _term(result, repo)
    return term.name(current_language()) if term is not None else result.term


def _text(result: LabGrade, name: str | None = None, term: CtcaeTerm | None = None) -> str:
    head = _("{term} (CTCAE v{version}): ").format(term=name or result.term, version=result.version)
    english = ""
    if result.status is GradeStatus.GRADED:
        criterion, english = criterion_texts(
            term, result.grade, result.criterion or "", current_language()
        )
        line = head + _("grade {grade} - {criterion}").format(
            grade=result.grade, criterion=criterion
        )
    elif result.status is GradeStatus.NORMAL:
        line = head + _("no CTCAE grade (grade 0)")
    elif result.status is GradeStatus.AMBIGUOUS:
        line = head + _("ambiguous - {reason}").format(reason=result.reason)
    else:
        line = head + _("not gradable - {reason}").format(reason=result.reason)
    original = [f"         {english}"] if english else []
    notes = [_("  assumed: {text}").format(text=a) for a in result.assumptions]
    return "\n".join([line, *original, *notes])


def cmd_grade(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = _repo(ctx)
    if args.batch:
        singles = [flag for flag, _field in _FLAG_FIELDS if getattr(args, flag) is not None]
        if singles:
            raise BadInputError(
                _("--batch reads every field from the file; drop --{flag}.").format(
                    flag=singles[0].replace("_", "-")
                )
            )
        return _run_batch(args.batch, repo, as_json=args.json)
    raw = {field: getattr(args, flag) for flag, field in _FLAG_FIELDS}
    if raw["term"] is None or raw["value"] is None:
        raise BadInputError(_("grade needs --term and --value (or --batch FILE.jsonl)."))
    result = grade_raw({k: v for k, v in raw.items() if v is not None}, repo)
    if result.status is GradeStatus.NOT_GRADABLE and "unit" in result.needs and raw["unit"]:
        # a unit typed but unknown (or not one of the term's) is bad input, not an answer
        raise BadInputError(result.reason or _("unknown unit"))
    if args.json:
        emit_json(result.as_json())
    else:
        emit(_text(result, _display_name(result, repo), _term(result, repo)))
    return 0


def error_result(line: str, message: str) -> dict[str, Any]:
    """A batch line that could not be graded, in the same shape as a result."""
    term: Any = None
    version: Any = None
    try:
        data = json.loads(line)
        if isinstance(data, dict):
            term = data.get("term") if isinstance(data.get("term"), str) else None
            version = parse_version(data.get("version"))
    except (ValueError, RecursionError, LmdeskError):  # RecursionError: absurdly deep JSON
        pass
    return {
        "term": term,
        "version": version,
        "grade": None,
        "status": "error",
        "criterion": None,
        "assumptions": [],
        "reason": message,
        "needs": [],
        "message": message,
    }


def grade_line(
    line: str, repo: CtcaeRepo | None, aliases: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One batch line -> one result object; never raises for bad input."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as err:  # RecursionError: absurdly deep JSON
        return error_result(line, _("not a JSON object: {detail}").format(detail=err))
    if not isinstance(data, dict):
        return error_result(line, _("not a JSON object"))
    try:
        return grade_raw(data, repo, aliases).as_json()
    except LmdeskError as err:
        return error_result(line, str(err))


def _run_batch(path: str, repo: CtcaeRepo | None, *, as_json: bool) -> int:
    """Stream the file through the batch grader: the same answer per line as ``grade_line``."""
    aliases = repo.lab_aliases() if repo is not None else None

    def grade_row(number: int, line: str) -> dict[str, Any]:
        if not line.strip():
            return error_result(line, _("line {n} is empty").format(n=number))
        return grade_line(line, repo, aliases)

    def render(number: int, result: dict[str, Any]) -> str:
        if result["status"] == "error":
            return _("line {n}: error - {message}").format(n=number, message=result["message"])
        graded = LabGrade.model_validate(result)
        text = _text(graded, _display_name(graded, repo), _term(graded, repo))
        return _("line {n}: ").format(n=number) + text

    grader = BatchGrader(grade_row, aliases)
    progress = progress_stream()
    try:
        if path == "-":
            run_batch(
                read_lines(sys.stdin), sys.stdout, grader, None if as_json else render, progress
            )
            return 0
        with open(path, encoding="utf-8-sig") as handle:
            run_batch(read_lines(handle), sys.stdout, grader, None if as_json else render, progress)
    except OSError as err:
        raise BadInputError(
            _("cannot read {path}: {detail}").format(path=path, detail=err.strerror or err)
        ) from None
    except UnicodeDecodeError:
        raise BadInputError(_("{path} is not UTF-8 text").format(path=path)) from None
    return 0


def _need_repo(ctx: AppContext) -> CtcaeRepo:
    repo = _repo(ctx)
    if repo is None:
        raise BadInputError(
            _("The reference database has no CTCAE tables; run 'lmdesk db build-reference'.")
        )
    return repo


def term_summary(term: CtcaeTerm) -> dict[str, Any]:
    return {
        "term": term.term,
        "name_zh": term.name_zh,
        "version": term.version,
        "soc": term.soc,
        "meddra_code": term.meddra_code,
        "grades": sorted(term.grades),
        "it_group": term.group,
        "lab_gradable": term.lab_gradable,
    }


def term_full(term: CtcaeTerm) -> dict[str, Any]:
    return {
        **term_summary(term),
        "definition": term.definition,
        "definition_zh": term.definition_zh,
        "navigational_note": term.navigational_note,
        "change": term.change,
        "grade_texts": {str(g): t for g, t in sorted(term.grades.items())},
        "grade_texts_zh": {str(g): t for g, t in sorted(term.grades_zh.items())},
    }


def cmd_search(args: argparse.Namespace, ctx: AppContext) -> int:
    version: Version = args.ctcae
    found = _need_repo(ctx).search(args.text, version)
    if args.json:
        emit_json([term_summary(t) for t in found])
        return 0
    if not found:
        emit(
            _("No CTCAE v{version} term matches '{text}'.").format(version=version, text=args.text)
        )
        return 0
    language = current_language()
    rows = [
        [t.name(language), soc_text(t.soc), ", ".join(str(g) for g in sorted(t.grades))]
        for t in found
    ]
    emit(table(rows, [_("Term"), _("System organ class"), _("Grades")]))
    return 0


def cmd_term(args: argparse.Namespace, ctx: AppContext) -> int:
    version: Version = args.ctcae
    term = _need_repo(ctx).term(version, args.name)
    if term is None:
        raise BadInputError(
            _("No CTCAE v{version} term is named '{name}'; try 'lmdesk ctcae search'.").format(
                version=version, name=args.name
            )
        )
    if args.json:
        emit_json(term_full(term))
        return 0
    language = current_language()
    lines = [
        f"{term.name(language)} - CTCAE v{term.version}",
        f"{soc_text(term.soc)} ({term.meddra_code})",
    ]
    if language == "zh_CN" and term.name_zh:
        lines[0] += f" ({term.term})"
    shown, english = term.definition_texts(language)
    if shown:
        lines.append(_("Definition: {text}").format(text=shown))
        if english:
            lines.append(f"         {english}")
    for grade in sorted(term.grades):
        # the reader's language first; the NCI's English (authoritative) stays beside it
        if language == "zh_CN" and grade in term.grades_zh:
            lines.append(_("Grade {grade}: {text}").format(grade=grade, text=term.grades_zh[grade]))
            lines.append(f"         {term.grades[grade]}")
        else:
            lines.append(_("Grade {grade}: {text}").format(grade=grade, text=term.grades[grade]))
    if term.navigational_note:
        lines.append(_("Note: {text}").format(text=term.navigational_note))
    emit("\n".join(lines))
    return 0

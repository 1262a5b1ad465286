"""Single grading of batch lines, one by one, and a streaming line-for-line comparison with
what ``lmdesk grade --batch --json`` printed: shared by the agreement test and the benchmark
(issue 27), so both check the batch path against the same single-row code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from lmdesk.cli.grading import error_result, grade_line
from lmdesk.cli.grading_batch import json_line
from lmdesk.i18n import _
from lmdesk.store.ctcae_repo import CtcaeRepo


def single_row(
    repo: CtcaeRepo, number: int, line: str, aliases: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """What line ``number`` gets graded alone: the path ``lmdesk grade`` takes for one value
    (an empty line is an error naming its number, as the batch command reports it)."""
    if not line.strip():
        return error_result(line, _("line {n} is empty").format(n=number))
    return grade_line(line, repo, repo.lab_aliases() if aliases is None else aliases)


def single_json(repo: CtcaeRepo, lines: Iterable[str]) -> Iterator[str]:
    """Each line graded alone, as the JSON line the batch command prints for it (lazily)."""
    aliases = repo.lab_aliases()
    for number, line in enumerate(lines, start=1):
        yield json_line(single_row(repo, number, line, aliases))


@dataclass
class Agreement:
    """How many lines were compared and the numbers of the first that differ."""

    lines: int = 0
    differing: int = 0
    first: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.differing:
            return f"agree: {self.lines} of {self.lines} lines"
        shown = ", ".join(str(n) for n in self.first)
        return f"DIFFER: {self.differing} of {self.lines} lines (first: {shown})"


def compare(expected: Iterable[str], got: Iterable[str], keep: int = 10) -> Agreement:
    """Compare two streams of output lines one for one (a missing line counts as differing);
    holds one pair at a time, so memory does not grow with the file."""
    result = Agreement()
    for number, (want, have) in enumerate(zip_longest(expected, got), start=1):
        result.lines = number
        if want != have:
            result.differing += 1
            if len(result.first) < keep:
                result.first.append(number)
    return result

"""``lmdesk grade --batch``: JSON lines streamed in chunks, graded a shape at a time with numpy.

Why: a year's lab export is a million lines; grading each alone costs ~40 µs. Lines that
differ only in their value (and bare baseline) share a *shape*: the line's text with those
two numbers cut out. For a shape, ``models.ctcae.batch`` gives each row a pattern of
comparison outcomes; one row per (shape, pattern) is graded exactly by the single-row path
and its answer line reused. Anything else - a line that is not a plain object, a value on a
threshold, an answer that quotes the value - is graded on its own, so every output line is
the one single grading gives. Memory holds one chunk and the shapes seen (bounded).

Why cutting text is sound: a JSON string cannot contain an unescaped quote, so
``"value":`` outside strings is a key; a shape is accepted only when its text, with two
sentinel numbers put back, parses to an object whose ``value`` (and ``baseline``) are those
sentinels, with nothing nested. Every line of that shape then parses to the same object
with its own two numbers.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any, TextIO

import numpy as np

from lmdesk.i18n import _
from lmdesk.models.ctcae.batch import NO_THRESHOLDS, Thresholds, signatures, thresholds
from lmdesk.models.ctcae.lab_query import QUERY_FIELDS, LabQuery
from lmdesk.models.ctcae.lab_refs import show_number
from lmdesk.models.errors import LmdeskError

CHUNK = 8192
MAX_SHAPES = 50_000  # past this many shapes or answers, all are forgotten: memory stays flat
MAX_ANSWERS = 200_000

_NUMBER = r'(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|"[0-9]+(?:\.[0-9]+)?"'
_VALUE = re.compile(r'"value"\s*:\s*(' + _NUMBER + ")")
_BASELINE = re.compile(r'"baseline"\s*:\s*(' + _NUMBER + ")")
_SENTINEL_VALUE = 1234567.125
_SENTINEL_BASELINE = 7654321.375
_SCALARS = (str, int, float, bool, type(None))
_GRADED = frozenset({"graded", "normal"})

GradeRow = Callable[[int, str], dict[str, Any]]  # (line number, line) -> result
Render = Callable[[int, dict[str, Any]], str]  # (line number, result) -> text line


def json_line(result: Mapping[str, Any]) -> str:
    """One result as ``emit_json_line`` prints it."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


@dataclass
class _Shape:
    index: int
    parts: tuple[str, ...]
    seen: int = 0
    ready: bool = False
    thresholds: Thresholds | None = None  # None: every line of this shape is graded alone


@dataclass
class Answer:
    """One result and its JSON line, made once however many rows share it."""

    result: dict[str, Any]
    _json: str | None = None

    @property
    def json(self) -> str:
        if self._json is None:
            self._json = json_line(self.result)
        return self._json


Cut = tuple[tuple[str, ...], str, str | None]


class BatchGrader:
    """Grades JSON lines chunk by chunk; ``grade_row`` is the exact single-row path."""

    def __init__(self, grade_row: GradeRow, aliases: Mapping[str, str] | None) -> None:
        self._grade_row = grade_row
        self._aliases = aliases
        self._shapes: dict[tuple[str, ...], _Shape] = {}
        self._by_index: list[_Shape] = []
        self._answers: dict[tuple[int, int], Answer | None] = {}

    # -- shapes ---------------------------------------------------------------------------

    def _shape(self, parts: tuple[str, ...]) -> _Shape:
        """The shape, counted; its thresholds are worked out once it is seen a second time
        (a line unlike any other is graded alone at no extra cost)."""
        found = self._shapes.get(parts)
        if found is None:
            found = _Shape(len(self._by_index), parts)
            self._shapes[parts] = found
            self._by_index.append(found)
        found.seen += 1
        if found.seen == 2:
            found.thresholds = self._thresholds(parts)
            found.ready = True
        return found

    def _forget_if_full(self) -> None:
        """Between chunks: forget every shape and answer once there are too many."""
        if len(self._shapes) > MAX_SHAPES or len(self._answers) > MAX_ANSWERS:
            self._shapes.clear()
            self._by_index.clear()
            self._answers.clear()

    def _thresholds(self, parts: tuple[str, ...]) -> Thresholds | None:
        """The shape's thresholds, or None when its lines must be graded one by one."""
        order, *texts = parts
        sentinel = {"v": repr(_SENTINEL_VALUE), "b": repr(_SENTINEL_BASELINE)}
        text = texts[0] + "".join(sentinel[k] + t for k, t in zip(order, texts[1:], strict=True))
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not set(data) <= set(QUERY_FIELDS):
            return None
        if not all(isinstance(v, _SCALARS) for v in data.values()):
            return None
        if data.get("value") != _SENTINEL_VALUE:
            return None
        if "b" in order:
            if data.get("baseline") != _SENTINEL_BASELINE:
                return None
            data["baseline"] = None
        try:
            query = LabQuery.from_raw({**data, "value": 1})
        except LmdeskError:
            return None
        return thresholds(query, self._aliases)

    @staticmethod
    def _cut(line: str) -> Cut | None:
        """The line's shape (its text without the two numbers, and their order), its value
        token and its bare baseline token (None when there is none)."""
        value = _VALUE.search(line)
        if value is None:
            return None
        baseline = _BASELINE.search(line)
        if baseline is None:
            return ("v", line[: value.start(1)], line[value.end(1) :]), value.group(1), None
        first, second = (value, baseline) if value.start() < baseline.start() else (baseline, value)
        order = "vb" if first is value else "bv"
        parts = (
            order,
            line[: first.start(1)],
            line[first.end(1) : second.start(1)],
            line[second.end(1) :],
        )
        return parts, value.group(1), baseline.group(1)

    # -- answers --------------------------------------------------------------------------

    @staticmethod
    def _number(token: str) -> float:
        return float(token.strip('"'))

    @staticmethod
    def _reusable(result: dict[str, Any], value: str, baseline: str | None) -> bool:
        """An answer may serve other rows of its pattern unless it quotes the row's numbers."""
        if result.get("status") in _GRADED:
            return True
        if result.get("status") == "error":
            return False
        words = " ".join([str(result.get("reason") or ""), *result.get("assumptions", [])])
        for token in (value, baseline):
            if token is None:
                continue
            number = Decimal(token.strip('"'))
            shown = {token.strip('"'), str(number), show_number(number)}
            shown.add(str(Decimal(repr(float(number)))))
            if any(s in words for s in shown):
                return False
        return True

    def grade_chunk(self, lines: list[str], first: int) -> list[Answer]:
        """The answers of ``lines``, numbered from ``first``."""
        self._forget_if_full()
        answers: list[Answer | None] = [None] * len(lines)
        rows: list[int] = []
        groups: list[int] = []
        values: list[float] = []
        baselines: list[float] = []
        tokens: list[tuple[str, str | None]] = []
        for i, line in enumerate(lines):
            cut = self._cut(line)
            if cut is None:
                continue
            shape = self._shape(cut[0])
            if not shape.ready or shape.thresholds is None:
                continue
            try:
                value = self._number(cut[1])
                baseline = self._number(cut[2]) if cut[2] is not None else np.nan
            except (ValueError, OverflowError):
                continue
            rows.append(i)
            groups.append(shape.index)
            values.append(value)
            baselines.append(baseline)
            tokens.append((cut[1], cut[2]))
        if rows:
            self._reuse(lines, first, answers, rows, groups, values, baselines, tokens)
        return [
            answer if answer is not None else Answer(self._grade_row(first + i, lines[i]))
            for i, answer in enumerate(answers)
        ]

    def _reuse(
        self,
        lines: list[str],
        first: int,
        answers: list[Answer | None],
        rows: list[int],
        groups: list[int],
        values: list[float],
        baselines: list[float],
        tokens: list[tuple[str, str | None]],
    ) -> None:
        local = sorted(set(groups))
        position = {g: n for n, g in enumerate(local)}
        shapes = [self._by_index[g].thresholds or NO_THRESHOLDS for g in local]
        codes, ties = signatures(
            np.array(values, dtype=np.float64),
            np.array(baselines, dtype=np.float64),
            np.array([position[g] for g in groups], dtype=np.intp),
            shapes,
        )
        store = self._answers
        for n, i in enumerate(rows):
            if ties[n]:
                continue
            key = (groups[n], int(codes[n]))
            if key in store:
                answers[i] = store[key]
                continue
            answer = Answer(self._grade_row(first + i, lines[i]))
            answers[i] = answer
            value, baseline = tokens[n]
            store[key] = answer if self._reusable(answer.result, value, baseline) else None


def read_lines(handle: TextIO) -> Iterator[str]:
    """Lines without their end-of-line, read lazily."""
    for line in handle:
        yield line.rstrip("\r\n")


def run_batch(
    lines: Iterable[str],
    out: TextIO,
    grader: BatchGrader,
    render: Render | None,
    progress: TextIO | None = None,
) -> int:
    """Grade ``lines`` to ``out`` (JSON lines, or ``render``'s text); returns lines done."""
    iterator = iter(lines)
    done = 0
    while chunk := list(islice(iterator, CHUNK)):
        answers = grader.grade_chunk(chunk, done + 1)
        if render is None:
            text = "".join([a.json for a in answers])
        else:
            text = "".join(
                [render(n, a.result) + "\n" for n, a in enumerate(answers, start=done + 1)]
            )
        done += len(chunk)
        out.write(text)
        out.flush()
        if progress is not None:
            progress.write("\r" + _("{n} lines graded").format(n=f"{done:,}"))
            progress.flush()
    if progress is not None and done:
        progress.write("\n")
    return done


def progress_stream() -> TextIO | None:
    """stderr when a person is watching it, else None (no progress in logs or pipes)."""
    try:
        return sys.stderr if sys.stderr.isatty() else None
    except (AttributeError, ValueError):
        return None

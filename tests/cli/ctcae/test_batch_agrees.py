"""``lmdesk grade --batch`` answers every line as single grading does, streams, and shows
progress only to a person at a terminal (issue 27, grading at scale)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from lmdesk.__main__ import main
from lmdesk.cli.grading import error_result
from lmdesk.cli.grading_batch import CHUNK, BatchGrader, json_line, progress_stream, run_batch
from lmdesk.devtools.ctcae_agree import compare, single_json
from lmdesk.devtools.ctcae_agree import single_row as single
from lmdesk.devtools.ctcae_rows import rows
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.paths import bundled_reference_db
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.reference import ReferenceDB


@pytest.fixture(scope="module")
def repo() -> Iterator[CtcaeRepo]:
    reference = ReferenceDB(bundled_reference_db())
    yield CtcaeRepo(reference)
    reference.close()


def batch_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], *flags: str
) -> list[str]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert main(["--db", str(tmp_path / "p.sqlite"), "grade", "--batch", str(path), *flags]) == 0
    return capsys.readouterr().out.splitlines(keepends=True)


def test_batch_and_single_agree_on_every_line_of_a_generated_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo: CtcaeRepo
) -> None:
    lines = list(rows(20_000, "edges"))
    out = batch_output(tmp_path, capsys, lines, "--json")
    assert len(out) == len(lines)
    statuses = set()
    for number, (line, got) in enumerate(zip(lines, out, strict=True), start=1):
        expected = single(repo, number, line)
        statuses.add(expected["status"])
        assert got == json_line(expected), f"line {number}: {line}"
    # the file covers every kind of answer
    assert statuses == {"graded", "normal", "not_gradable", "ambiguous", "error"}


def test_export_mix_agrees_and_reuses_answers(repo: CtcaeRepo) -> None:
    lines = list(rows(20_000, "export"))
    graded: list[int] = []

    def counting(number: int, line: str) -> dict[str, object]:
        graded.append(number)
        return single(repo, number, line)

    out = io.StringIO()
    run_batch(iter(lines), out, BatchGrader(counting, repo.lab_aliases()), None)
    expected = "".join(json_line(single(repo, n, line)) for n, line in enumerate(lines, 1))
    assert out.getvalue() == expected
    agreement = compare(single_json(repo, lines), io.StringIO(out.getvalue()))
    assert str(agreement) == "agree: 20000 of 20000 lines"
    assert len(graded) < len(lines) / 4  # most lines reuse an answer graded once


def test_compare_names_the_first_differing_lines() -> None:
    """The benchmark's 1M-line check (issue 27) fails when one answer differs or is missing."""
    same = ["a\n", "b\n", "c\n"]
    assert str(compare(same, list(same))) == "agree: 3 of 3 lines"
    changed = compare(same, ["a\n", "x\n", "c\n"])
    assert (changed.lines, changed.differing, changed.first) == (3, 1, [2])
    short = compare(same, same[:1])
    assert (short.differing, short.first) == (2, [2, 3])
    assert str(short) == "DIFFER: 2 of 3 lines (first: 2, 3)"
    assert compare(["x\n"] * 30, ["y\n"] * 30, keep=4).first == [1, 2, 3, 4]


def _sweep() -> list[str]:
    """For every lab term, version and unit: one shape of line with many values, over the
    term's thresholds (exactly on them too), with each kind of reference number."""
    out = []
    refs: list[dict[str, object]] = [
        {},
        {"lln": 2},
        {"lln": 120, "uln": "5 mg/dL"},  # a ULN no absolute term reads, in a unit it refuses
        {"uln": 40},
        {"uln": 40, "baseline": 60},
        {"uln": 40, "lln": 10, "baseline": 5},
        {"uln": "1.2 mg/dL", "lln": 30},
        {"lln": "2000 /mm3"},
        {"symptomatic": "no", "lln": 3.5},
        {"max_temp_c": 38.4},
    ]
    grid = [0.0, 0.1, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.3, 10.0, 20.0, 26.5]
    for (version, name), term in sorted(LAB_TERMS.items()):
        for unit in term.rule.units:
            for extra in refs:
                for scale in (1, 1000):
                    for x in grid:
                        row = {"term": name, "value": x * scale, "unit": unit, **extra}
                        row["version"] = version
                        if "baseline" in extra:
                            row["baseline"] = round(x * scale * 0.8 + 1, 2)
                        out.append(json.dumps(row))
    return out


def test_every_term_swept_over_its_thresholds_agrees(repo: CtcaeRepo) -> None:
    lines = _sweep()
    out = io.StringIO()
    grader = BatchGrader(lambda n, line: single(repo, n, line), repo.lab_aliases())
    run_batch(iter(lines), out, grader, None)
    got = out.getvalue().splitlines(keepends=True)
    assert len(got) == len(lines)
    for number, (line, answer) in enumerate(zip(lines, got, strict=True), start=1):
        assert answer == json_line(single(repo, number, line)), line


def test_text_output_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = list(rows(60, "edges", seed=5))
    batch = "".join(batch_output(tmp_path, capsys, lines))
    one_by_one = []
    for line in lines:
        path = tmp_path / "one.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        main(["--db", str(tmp_path / "p.sqlite"), "grade", "--batch", str(path)])
        one_by_one.append(capsys.readouterr().out)
    expected = "".join(
        text.replace("line 1:", f"line {n}:", 1).replace("line 1 is", f"line {n} is")
        for n, text in enumerate(one_by_one, 1)
    )
    assert batch.splitlines() == expected.splitlines()


def test_output_starts_before_the_input_ends(repo: CtcaeRepo) -> None:
    out = io.StringIO()
    line = '{"term": "Anemia", "value": 95, "unit": "g/L"}'

    def source() -> Iterator[str]:
        for _ in range(CHUNK):
            yield line
        assert out.getvalue().count("\n") == CHUNK, "the first chunk was not written yet"
        yield line

    grader = BatchGrader(lambda n, text: single(repo, n, text), repo.lab_aliases())
    assert run_batch(source(), out, grader, None) == CHUNK + 1


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    err = _Terminal(tty)
    monkeypatch.setattr("sys.stderr", err)
    stream = progress_stream()
    assert (stream is err) is tty
    grader = BatchGrader(lambda n, text: error_result(text, "x"), None)
    run_batch(iter(["x"] * (CHUNK + 5)), io.StringIO(), grader, None, stream)
    assert ("8,197 lines graded" in err.getvalue()) is tty

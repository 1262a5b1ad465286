"""docs/pk-model.md shows the validation table the code prints, figure for figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmdesk.__main__ import main

DOC = Path(__file__).resolve().parents[3] / "docs" / "pk-model.md"


def test_docs_table_and_summary_are_the_codes_output(tmp_path: Path, capsys) -> None:
    code = main(["--db", str(tmp_path / "p.sqlite"), "pk", "validate", "--markdown"])
    out = capsys.readouterr().out
    assert code == 0
    doc = DOC.read_text(encoding="utf-8")
    lines = [line for line in out.splitlines() if line.strip()]
    table = [line for line in lines if line.startswith("|")]
    assert len(table) > 20
    missing = [line for line in lines if line not in doc]
    assert not missing, "docs/pk-model.md is out of date with `lmdesk pk validate --markdown`"


@pytest.mark.parametrize("figure", ["16 of 23 within a factor of 2", "4 beyond a factor of 3"])
def test_readme_states_the_same_figures(figure: str) -> None:
    """README and docs say the out-of-sample figures `lmdesk pk validate` prints."""
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert figure in " ".join(readme.split())
    assert figure in " ".join(DOC.read_text(encoding="utf-8").split())


def test_validation_sections_state_only_out_of_sample_figures(tmp_path: Path, capsys) -> None:
    """The summary lines under the docs table include the out-of-sample line, and the
    in-one-line figures are the out-of-sample ones, not the calibration fit's."""
    code = main(["--db", str(tmp_path / "p.sqlite"), "pk", "validate"])
    out = capsys.readouterr().out
    assert code == 0
    held = next(line for line in out.splitlines() if line.startswith("Leave-one-source-out"))
    fit = next(line for line in out.splitlines() if line.startswith("Calibration fit"))
    within = held.split(": ", 1)[1].split(" within a factor of 2")[0]  # e.g. "16 of 23"
    in_sample = fit.split(": ", 1)[1].split(" within a factor of 2")[0]
    assert within != in_sample  # otherwise this test would not tell them apart
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    headline = doc.split("**In one line (out of sample):**", 1)[1].split("##", 1)[0]
    assert f"{within.split(' of ')[0]} are within a factor of 2" in headline
    assert in_sample.split(" of ")[0] + " are within" not in headline

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


@pytest.mark.parametrize("figure", ["16 of 16", "4 of 5", "20 of 21"])
def test_readme_states_the_same_figures(figure: str) -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert figure in readme

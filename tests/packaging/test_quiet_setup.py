"""A newcomer's first ``./dev`` run is quiet: no build-backend warnings, pip's chatter in a log."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_not_the_deprecated_table() -> None:
    # The table form made setuptools print a 14-line deprecation notice three times per build.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("setuptools>=77") for r in requires["build-system"]["requires"])


def test_dev_keeps_pips_output_in_a_log_and_shows_it_on_failure() -> None:
    script = (ROOT / "dev").read_text(encoding="utf-8")
    install = script[script.index("setup_venv()") : script.index("setup() {")]
    assert '>"$log" 2>&1' in install
    assert 'cat "$log" >&2' in install

"""Exported sheets, reports, calendars, CSV/PNG/SVG and the folders lmdesk creates are
owner-only (0600 files, 0700 folders) under a permissive umask (022), as the database is."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from lmdesk.__main__ import main
from lmdesk.paths import make_private_dir
from lmdesk.private_files import write_private

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
try:  # the ward's signed-in staff (issue 23), so writing commands get past --user
    from cli_staff import PASSWORD, signed
except ImportError:  # pragma: no cover - before the users work lands
    PASSWORD = ""

    def signed(argv: list[str]) -> list[str]:
        return argv


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LMDESK_PASSWORD", PASSWORD)
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_write_private_is_0600_new_or_over_a_0644_file(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    write_private(target, b"%PDF-1.4 Zhang San MRN-1")
    assert mode(target) == 0o600
    target.chmod(0o644)
    write_private(target, b"again")
    assert mode(target) == 0o600 and target.read_bytes() == b"again"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]  # no temporary left


def test_folders_lmdesk_creates_are_0700_parents_too(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    make_private_dir(tmp_path / "ward" / "lm" / "backups")
    for folder in ("ward", "ward/lm", "ward/lm/backups"):
        assert mode(tmp_path / folder) == 0o700, folder
    assert mode(tmp_path) == 0o755  # an existing parent is left alone
    write_private(tmp_path / "new" / "out.ics", b"BEGIN:VCALENDAR")
    assert mode(tmp_path / "new") == 0o700


def test_lmdesk_home_is_created_owner_only(tmp_path: Path, monkeypatch, capsys) -> None:
    home = tmp_path / "ward" / "home"
    monkeypatch.setenv("LMDESK_HOME", str(home))
    assert main(["patient", "list"]) == 0
    assert mode(tmp_path / "ward") == 0o700 and mode(home) == 0o700
    for path in home.rglob("*"):
        assert mode(path) & 0o077 == 0, path


def test_cli_sheet_pdf_and_ics_are_owner_only(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    db = ["--db", str(tmp_path / "p.sqlite")]

    def run(*args: str) -> tuple[int, str]:
        code = main(signed([*db, *args]))
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        return code, out

    run("patient", "add", "--mrn", "M1", "--name", "Zhang San")
    _, plan = run("plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--json")
    (tmp_path / "plan.json").write_text(plan, encoding="utf-8")
    run("sheet", "--plan", "plan.json", "--pdf", "out/plan.pdf", "--patient-name", "Zhang San")
    assert mode(tmp_path / "out" / "plan.pdf") == 0o600 and mode(tmp_path / "out") == 0o700
    run(
        "course", "add", "--mrn", "M1", "--protocol", "mtx-classic", "--start", "2027-01-04",
        "--confirm-default",
    )  # fmt: skip
    run("sheet", "--course", "1", "--pdf", "course.pdf")
    run("course", "ics", "1", "--out", "course.ics")
    assert mode(tmp_path / "course.pdf") == 0o600 and mode(tmp_path / "course.ics") == 0o600
    json.loads(plan)  # the plan itself is printed to stdout, not written


def test_pk_csv_svg_png_and_trend_png_are_owner_only(tmp_path: Path, qtbot) -> None:
    from PySide6.QtGui import QPixmap

    from lmdesk.views.common.image_export import png_bytes
    from lmdesk.views.pk.plot_export import write_csv

    write_csv(tmp_path / "curves.csv", ["time_h", "csf"], np.array([[0.0, 1.0], [1.0, 0.5]]))
    assert mode(tmp_path / "curves.csv") == 0o600
    assert (tmp_path / "curves.csv").read_text(encoding="utf-8-sig").startswith("time_h,csf")
    pixmap = QPixmap(8, 8)
    write_private(tmp_path / "trend.png", png_bytes(pixmap, tmp_path / "trend.png"))
    assert mode(tmp_path / "trend.png") == 0o600

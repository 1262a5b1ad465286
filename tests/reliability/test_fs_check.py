"""Network filesystem detection for the patient DB (advice: warn, never refuse)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from lmdesk.store import fs_check
from lmdesk.store.fs_check import mount_fs_type, network_fs_type, network_warning

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export /mnt/ward nfs4 rw,vers=4.2 0 0
//fs01/clinic /mnt/clinic cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/ward/local ext4 rw 0 0
user@host:/data /home/u/remote fuse.sshfs rw 0 0
share /mnt/vm 9p rw 0 0
tmpfs /mnt/with\\040space tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/u/patients.sqlite", "ext4"),
        ("/mnt/ward/patients.sqlite", "nfs4"),
        ("/mnt/ward/local/patients.sqlite", "ext4"),  # the longer mount point wins
        ("/mnt/wardrobe/p.sqlite", "ext4"),  # a name prefix is not a parent
        ("/mnt/clinic/a/b/p.sqlite", "cifs"),
        ("/home/u/remote/p.sqlite", "fuse.sshfs"),
        ("/mnt/vm/p.sqlite", "9p"),
        ("/mnt/with space/p.sqlite", "tmpfs"),
    ],
)
def test_mount_type_of_the_longest_containing_mount_point(path: str, expected: str) -> None:
    assert mount_fs_type(PurePosixPath(path), MOUNTS) == expected


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/u/patients.sqlite", None),
        ("/mnt/ward/patients.sqlite", "nfs4"),
        ("/mnt/ward/local/patients.sqlite", None),
        ("/mnt/clinic/p.sqlite", "cifs"),
        ("/home/u/remote/p.sqlite", "fuse.sshfs"),
        ("/mnt/vm/p.sqlite", "9p"),
    ],
)
def test_network_types_are_recognised(path: str, network: str | None) -> None:
    assert network_fs_type(Path(path), MOUNTS) == network


def test_unc_path_is_remote() -> None:
    assert network_fs_type(Path("\\\\fs01\\clinic\\patients.sqlite")) == "remote drive"


def test_unreadable_mounts_means_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fs_check, "PROC_MOUNTS", Path("/nonexistent/mounts"))
    assert network_fs_type(Path("/mnt/ward/p.sqlite")) is None


def test_warning_text_names_the_path_and_type() -> None:
    text = network_warning(Path("/mnt/ward/p.sqlite"), MOUNTS)
    assert text is not None and "/mnt/ward/p.sqlite" in text and "nfs4" in text
    assert "\n" not in text
    assert network_warning(Path("/home/u/p.sqlite"), MOUNTS) is None


def test_db_check_prints_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lmdesk.__main__ import main

    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    db = tmp_path / "p.sqlite"
    mounts = f"/dev/sda1 / ext4 rw 0 0\nsrv:/x {tmp_path} nfs rw 0 0\n"
    monkeypatch.setattr(fs_check, "PROC_MOUNTS", tmp_path / "mounts")
    (tmp_path / "mounts").write_text(mounts)
    assert main(["--db", str(db), "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "network filesystem (nfs)" in out
    assert main(["--db", str(db), "db", "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "nfs" in report["network_fs_warning"]


def test_db_check_on_a_local_disk_has_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lmdesk.__main__ import main

    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(fs_check, "PROC_MOUNTS", tmp_path / "mounts")
    (tmp_path / "mounts").write_text("/dev/sda1 / ext4 rw 0 0\n")
    assert main(["--db", str(tmp_path / "p.sqlite"), "db", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["network_fs_warning"] is None

"""Is the patient DB on a network filesystem? SQLite's locking is not safe there.

Two lmdesk windows on one workstation are fine (WAL + row versions); a DB on an NFS/SMB
share used from two machines can corrupt. Detect the share where the platform can tell
(Linux: /proc/mounts; Windows: UNC path or a remote drive letter) and let the caller warn.
Unknown means "no warning": this is advice, never a refusal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath, PureWindowsPath

from lmdesk.i18n import _

#: Filesystem types (as /proc/mounts names them) that live on another machine.
NETWORK_FS_TYPES: frozenset[str] = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "ncpfs",
        "davfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.davfs2",
    }
)
DRIVE_REMOTE = 4
PROC_MOUNTS = Path("/proc/mounts")


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_fs_type(path: PurePath, mounts_text: str) -> str | None:
    """The filesystem type of the longest mount point containing ``path``."""
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = PurePath(_unescape(parts[1]))
        if path == point or point in path.parents:
            depth = len(point.parts)
            if best is None or depth >= best[0]:
                best = (depth, parts[2])
    return best[1] if best else None


def is_network_fs_type(fs_type: str | None) -> bool:
    if not fs_type:
        return False
    kind = fs_type.lower()
    return kind in NETWORK_FS_TYPES or kind.split(".")[0] in NETWORK_FS_TYPES


def _windows_is_remote(path: Path) -> bool:
    win = PureWindowsPath(str(path))
    if win.drive.startswith("\\\\"):
        return True  # \\server\share
    if sys.platform != "win32" or not win.drive:
        return False
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    return bool(kernel32.GetDriveTypeW(win.drive + "\\") == DRIVE_REMOTE)


def network_fs_type(path: Path, mounts_text: str | None = None) -> str | None:
    """The network filesystem ``path`` lives on (e.g. ``"nfs4"``, ``"UNC"``), else None."""
    if os.name == "nt" or PureWindowsPath(str(path)).drive.startswith("\\\\"):
        return "remote drive" if _windows_is_remote(path) else None
    if mounts_text is None:
        try:
            mounts_text = PROC_MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    fs_type = mount_fs_type(path.expanduser().resolve(), mounts_text)
    return fs_type if is_network_fs_type(fs_type) else None


def network_warning(path: Path, mounts_text: str | None = None) -> str | None:
    """A one-line warning when the DB is on a network filesystem, else None."""
    fs_type = network_fs_type(path, mounts_text)
    if fs_type is None:
        return None
    return _(
        "Warning: the patient database {path} is on a network filesystem ({fs}). SQLite is "
        "not safe there when two computers use it; keep the database on a local disk."
    ).format(path=path, fs=fs_type)

"""A throw-away PostgreSQL cluster for the tests: initdb in a temporary folder, unix socket only.

Started once per test run (``pg_cluster`` fixture) and stopped at its end. As root (CI's
containers) the server runs as the ``postgres`` account the Debian package creates, since
PostgreSQL refuses to run as root. ``LMDESK_REQUIRE_PG=1`` (set by ``.ci/run``) turns a
missing PostgreSQL into an error instead of a skip: in CI these tests run, never skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
REQUIRE_ENV = "LMDESK_REQUIRE_PG"


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@dataclass
class Cluster:
    root: Path
    data: Path
    socket_dir: Path
    port: int
    run_as: str | None

    def url(self, database: str, user: str | None = SUPERUSER) -> str:
        who = f"{user}@" if user else ""
        return f"postgresql://{who}/{database}?host={self.socket_dir}&port={self.port}"

    def stop(self) -> None:
        ctl = pg_bin("pg_ctl")
        if ctl:
            self._run([ctl, "-D", str(self.data), "-m", "immediate", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)


def _free_port() -> int:
    """A TCP port no one listens on now (the server also listens on 127.0.0.1 for benchmarks)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_cluster() -> Cluster:
    initdb, ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not ctl:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    run_as: str | None = None
    if os.geteuid() == 0:
        run_as = "postgres"
        pwd.getpwnam(run_as)  # KeyError: no postgres account
    root = Path(tempfile.mkdtemp(prefix="lmdesk-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    os.chmod(root, 0o755)
    if run_as:
        entry = pwd.getpwnam(run_as)
        for path in (root, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    cluster = Cluster(root, data, sockets, port, run_as)
    cluster._run(
        [
            initdb,
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    hba = data / "pg_hba.conf"
    hba_text = (
        f"local all {SUPERUSER} trust\n"
        "local all all scram-sha-256\n"
        "host all all 127.0.0.1/32 scram-sha-256\n"
    )
    if run_as:
        cluster._run(["sh", "-c", f"printf '{hba_text}' > {hba}"])
    else:
        hba.write_text(hba_text)
    options = (
        f"-k {sockets} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    cluster._run([ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"])
    return cluster

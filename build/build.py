"""Build the standalone lmdesk with PyInstaller: one command, same on Linux and Windows.

    python build/build.py               onedir bundle  -> build/dist/lmdesk/lmdesk[.exe]
    python build/build.py --onefile     one file       -> build/dist/onefile/lmdesk[.exe]
    python build/build.py --smoke       ... then `<bundle> selftest` headless, and (Linux) the
                                        GUI under Xvfb until its first view is painted
    python build/build.py --no-slim     keep every Qt plugin (to measure what slimming saves)

Prints the bundle size and build time. On Linux it also checks with ``ldd`` that slimming
left no library unresolved. Use the Python of the environment lmdesk is installed in
(``.venv/bin/python`` or ``.venv\\Scripts\\python.exe``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
ROOT = BUILD_DIR.parent
SPEC = BUILD_DIR / "lmdesk.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def dist_dir(onefile: bool) -> Path:
    return BUILD_DIR / "dist" / ("onefile" if onefile else "")


def executable(onefile: bool) -> Path:
    if onefile:
        return dist_dir(True) / f"lmdesk{EXE_SUFFIX}"
    cli = "lmdesk-cli" if sys.platform == "win32" else "lmdesk"
    return dist_dir(False) / "lmdesk" / f"{cli}{EXE_SUFFIX}"


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def run_pyinstaller(onefile: bool, slim: bool, clean: bool) -> Path:
    env = dict(os.environ, LMDESK_ONEFILE="1" if onefile else "0", LMDESK_SLIM="1" if slim else "0")
    work = BUILD_DIR / "work" / ("onefile" if onefile else "onedir")
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        "--distpath",
        str(dist_dir(onefile)),
        "--workpath",
        str(work),
    ]
    if clean:
        cmd.append("--clean")
    cmd.append(str(SPEC))
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return executable(onefile).parent if not onefile else executable(onefile)


def unresolved_libraries(bundle: Path) -> list[str]:
    """``ldd`` lines saying "not found" for any shared object in the bundle (Linux only)."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None or bundle.is_file():
        return []
    missing: list[str] = []
    for lib in sorted(bundle.rglob("*.so*")):
        if not lib.is_file() or lib.is_symlink():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False).stdout
        missing += [
            f"{lib.relative_to(bundle)}: {line.strip()}"
            for line in out.splitlines()
            if "not found" in line
        ]
    return missing


def smoke_test(exe: Path) -> int:
    """Run ``<exe> selftest`` headless with a throw-away home; return its exit code."""
    with tempfile.TemporaryDirectory(prefix="lmdesk-smoke-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LMDESK_HOME=home)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        print(f"[build] smoke test: {exe} selftest", flush=True)
        return subprocess.run([str(exe), "selftest"], env=env, check=False).returncode


def gui_smoke_test(exe: Path) -> int | None:
    """Start the GUI on a real X server (Xvfb) until its first view is painted (Linux only).

    Catches what the offscreen selftest cannot: a missing xcb plugin or library.
    Returns None when there is no ``xvfb-run`` to do it with.
    """
    if not sys.platform.startswith("linux") or shutil.which("xvfb-run") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="lmdesk-smoke-") as home:
        stamps = Path(home) / "stamps"
        env = dict(os.environ, LMDESK_HOME=home, LMDESK_EXIT_AFTER_PAINT="1")
        env["LMDESK_STARTUP_STAMPS"] = str(stamps)
        env.pop("QT_QPA_PLATFORM", None)
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", str(exe)]
        print(f"[build] smoke test: {exe} under Xvfb until the first view is painted", flush=True)
        try:
            rc = subprocess.run(cmd, env=env, check=False, timeout=120).returncode
        except subprocess.TimeoutExpired:
            return 124
        events = stamps.read_text(encoding="utf-8").split() if stamps.exists() else []
        return rc if "ready" in events else (rc or 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onefile", action="store_true", help="build the single-file variant")
    parser.add_argument("--no-slim", action="store_true", help="keep every Qt plugin/library")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument(
        "--smoke", action="store_true", help="run `selftest` on the result, then the GUI (Xvfb)"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    bundle = run_pyinstaller(args.onefile, slim=not args.no_slim, clean=args.clean)
    took = time.monotonic() - started
    kind = "onefile" if args.onefile else "onedir"
    print(f"[build] {kind}{'' if not args.no_slim else ' (not slimmed)'}: {bundle}")
    print(f"[build] size {mb(tree_size(bundle))}, built in {took:.0f} s")

    if not args.onefile and (bundle / "data").exists():
        # data/ beside the executable switches on portable mode: the bundle must not ship one
        print(f"[build] {bundle / 'data'} exists in the bundle; it would turn on portable mode")
        return 1
    missing = unresolved_libraries(bundle)
    if missing:
        print("[build] libraries left unresolved:\n  " + "\n  ".join(missing))
        if not args.no_slim:
            return 1
    if args.smoke:
        rc = smoke_test(executable(args.onefile))
        print(f"[build] selftest {'passed' if rc == 0 else f'FAILED (exit {rc})'}")
        gui = gui_smoke_test(executable(args.onefile) if args.onefile else bundle / "lmdesk")
        if gui is not None:
            print(f"[build] GUI under Xvfb {'started' if gui == 0 else f'FAILED (exit {gui})'}")
        return rc or (gui or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

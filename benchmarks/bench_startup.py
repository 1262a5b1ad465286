"""Start-up benchmark: process start -> first painted main window, lmdesk against a bare Qt floor.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--bundle build/dist/lmdesk/lmdesk]
                                                 [--frozen-floor] [--memory]

Each run starts a fresh process and reads the moments it records in ``LMDESK_STARTUP_STAMPS``:

- ``paint``: the main window's first frame (shell: menus, navigation, status bar);
- ``ready``: the first view (drug cards) painted with its list filled and the search box
  taking input: the patient DB is open and checked, the card listings are read;
- ``loaded``: the card selected at start-up painted on the card page, once the full cards
  have been validated on a worker thread (the first view as a whole).

The floor is ``floor_window.py``: QApplication + empty QMainWindow shown; every ratio is to the
floor's first paint in the same run. Runs are interleaved so machine load hits every variant
alike; the median is reported with the fastest run. Without a display it uses Qt's offscreen
platform; with ``DISPLAY`` set (e.g. under ``xvfb-run``) it paints real X11 windows.

``--frozen-floor`` also freezes the floor with PyInstaller (cached in build/work/floor), so the
frozen bundle is compared with a frozen bare window. ``--memory`` reports peak RSS once the
first view is loaded and with every view opened once (``LMDESK_EXIT_AFTER_PAINT=all-views``;
Linux/macOS, from ``wait4``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
DEFAULT_BUNDLE = ROOT / "build" / "dist" / "lmdesk" / f"lmdesk{EXE_SUFFIX}"
FLOOR_WORK = ROOT / "build" / "work" / "floor"
PYCACHE = ROOT / "build" / "work" / "pycache"


@dataclass
class Variant:
    name: str
    command: list[str]
    paint: list[float] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)
    loaded: list[float] = field(default_factory=list)
    exit: list[float] = field(default_factory=list)
    stamps: dict[str, list[float]] = field(default_factory=dict)


def run_once(variant: Variant, env: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="lmdesk-bench-") as tmp:
        stamps = Path(tmp) / "stamps"
        run_env = dict(env, LMDESK_STARTUP_STAMPS=str(stamps), LMDESK_EXIT_AFTER_PAINT="1")
        started = time.time()
        proc = subprocess.run(
            variant.command, env=run_env, capture_output=True, text=True, timeout=120, check=False
        )
        ended = time.time()
        if proc.returncode != 0:
            raise RuntimeError(f"{variant.name} exited {proc.returncode}: {proc.stderr[-800:]}")
        moments = dict(line.split() for line in stamps.read_text(encoding="utf-8").splitlines())
    variant.paint.append(float(moments["paint"]) - started)
    variant.ready.append(float(moments.get("ready", moments["paint"])) - started)
    variant.loaded.append(float(moments.get("loaded", moments["paint"])) - started)
    variant.exit.append(ended - started)
    for name, moment in moments.items():
        variant.stamps.setdefault(name, []).append(float(moment) - started)


def frozen_floor() -> Path:
    """A frozen bare-window floor, built once with PyInstaller."""
    exe = FLOOR_WORK / "dist" / "floor_window" / f"floor_window{EXE_SUFFIX}"
    if not exe.exists():
        print("[bench] freezing the floor window (once) ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level=WARN",
                "--distpath",
                str(FLOOR_WORK / "dist"),
                "--workpath",
                str(FLOOR_WORK / "work"),
                "--specpath",
                str(FLOOR_WORK),
                str(BENCH / "floor_window.py"),
            ],
            check=True,
        )
    return exe


def base_env(home: str) -> dict[str, str]:
    """Start-up as a user sees it: cached bytecode (kept out of the source tree), temp home."""
    env = dict(os.environ, LMDESK_HOME=home, PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} s (best {min(values):.3f})"


def report(variants: list[Variant], pairs: list[tuple[str, str]]) -> None:
    by_name = {v.name: v for v in variants}
    width = max(len(v.name) for v in variants)
    heads = ("first paint (median)", "first view ready", "first view loaded")
    print(f"\n{'variant':<{width}}  " + "  ".join(f"{h:<26}" for h in heads))
    for v in variants:
        row = "  ".join(f"{fmt(x):<26}" for x in (v.paint, v.ready, v.loaded))
        print(f"{v.name:<{width}}  {row}")
    print()
    for app, floor in pairs:
        a, f = by_name[app], by_name[floor]
        base = statistics.median(f.paint)
        paint, ready, loaded = (statistics.median(x) / base for x in (a.paint, a.ready, a.loaded))
        print(
            f"ratio {app} / {floor}: first paint {paint:.2f}x, first view ready {ready:.2f}x,"
            f" loaded {loaded:.2f}x"
        )


def detail(variants: list[Variant]) -> None:
    """Every stamp lmdesk records (median since process start, and the step from the one before):
    where the start-up time goes, measured in the real start."""
    for v in variants:
        if v.name.startswith("floor"):
            continue
        print(f"\n{v.name}: stamp, median since start, step")
        previous = 0.0
        for name, values in sorted(v.stamps.items(), key=lambda kv: statistics.median(kv[1])):
            at = statistics.median(values)
            print(f"  {name:<12} {at * 1000:7.1f} ms  +{(at - previous) * 1000:5.1f}")
            previous = at


def peak_rss_mb(command: list[str], env: dict[str, str]) -> float | None:
    """Peak resident memory of ``command`` (Linux/macOS; None elsewhere)."""
    if not hasattr(os, "wait4"):
        return None
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} exited {proc.returncode}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--no-frozen", action="store_true", help="source only")
    parser.add_argument("--frozen-floor", action="store_true", help="also freeze the floor")
    parser.add_argument("--memory", action="store_true", help="peak RSS, every view opened")
    parser.add_argument("--detail", action="store_true", help="median of every start-up stamp")
    args = parser.parse_args(argv)

    python = sys.executable
    variants = [
        Variant("floor (python)", [python, str(BENCH / "floor_window.py")]),
        Variant("lmdesk (python -m lmdesk)", [python, "-m", "lmdesk"]),
    ]
    pairs = [("lmdesk (python -m lmdesk)", "floor (python)")]
    frozen = not args.no_frozen and args.bundle.exists()
    if frozen:
        variants.append(Variant("lmdesk (onedir bundle)", [str(args.bundle)]))
        pairs.append(("lmdesk (onedir bundle)", "floor (python)"))
        if args.frozen_floor:
            variants.append(Variant("floor (frozen)", [str(frozen_floor())]))
            pairs.append(("lmdesk (onedir bundle)", "floor (frozen)"))
    elif not args.no_frozen:
        print(f"[bench] no bundle at {args.bundle}: build it with build/build.py; source only")

    with tempfile.TemporaryDirectory(prefix="lmdesk-bench-home-") as home:
        env = base_env(home)
        platform = env.get("QT_QPA_PLATFORM", "xcb/native")
        print(f"[bench] {args.runs} runs each, platform {platform}, patient DB in a temp home")
        for v in variants:  # warm-up: first start creates the patient DB, fills OS caches
            run_once(v, env)
            v.paint.clear(), v.ready.clear(), v.loaded.clear(), v.exit.clear()
            v.stamps.clear()
        for _ in range(args.runs):
            for v in variants:
                run_once(v, env)
        report(variants, pairs)
        if args.detail:
            detail(variants)

        if args.memory:
            print()
            for mode, what in (("1", "first view loaded"), ("all-views", "every view opened")):
                mem_env = dict(env, LMDESK_EXIT_AFTER_PAINT=mode)
                for v in variants:
                    if v.name.startswith("floor") and mode != "1":
                        continue
                    rss = peak_rss_mb(v.command, mem_env)
                    if rss is None:
                        print("[bench] peak RSS: not measured on this platform")
                        return 0
                    shown = "window shown" if v.name.startswith("floor") else what
                    print(f"peak RSS, {v.name}, {shown}: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every CLI command, fed garbage: exit 2 with one line on stderr and no traceback.

Commands are enumerated from ``build_parser()``, so a new command is covered the day it
is registered. Typed and choice arguments must refuse garbage (exit 2); free-text
arguments may accept it (exit 0) or refuse it (2/3), but never crash (1) or trace back.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lmdesk.__main__ import main
from lmdesk.cli import build_parser

from .test_fuzz_parsers import NASTY

#: Valid values for required arguments, so garbage in one slot is what the command sees.
VALID = {
    "--mrn": "M1",
    "--name": "Wang",
    "--start": "2027-01-04",
    "--protocol": "mtx-classic",
    "--drug": "methotrexate",
    "--dose": "12",
    "--route": "lp",
    "--term": "Platelet count decreased",
    "--value": "40",
    "id": "1",
    "name": "Platelet count decreased",
    "text": "platelet",
    "query": "mtx",
    "file": "missing-backup.sqlite",
}
#: Slots that would do slow or global work with any value (rebuild the shipped DB, run all views).
SKIP_FREE_TEXT = {("db", "build-reference"), ("selftest",)}
GARBAGE = [
    "",
    "-1",
    "nan",
    "1e999",
    "２０２７-１３-４５",
    "'; DROP TABLE patients;--",
    "😷\u202e",
    "x" * 5000,
]


def leaf_commands() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and path:
            found.append((path, parser))
        for action in subs:
            for name, child in action.choices.items():
                walk(child, (*path, name))

    walk(build_parser(), ())
    return found


COMMANDS = leaf_commands()


def arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction | argparse._StoreTrueAction)
    ]


def base_args(parser: argparse.ArgumentParser, skip: argparse.Action | None = None) -> list[str]:
    """Valid values for the required arguments (and positionals), except ``skip``."""
    args: list[str] = []
    for action in arguments(parser):
        if action is skip:
            continue
        key = action.option_strings[0] if action.option_strings else action.dest
        if action.option_strings and action.required:
            args += [key, VALID.get(key, "x")]
        elif not action.option_strings and action.nargs != "?":
            args.append(VALID.get(key, "x") if not action.choices else next(iter(action.choices)))
    return args


def slot(action: argparse.Action, value: str) -> list[str]:
    return [action.option_strings[0], value] if action.option_strings else [value]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--db", "patients.sqlite", *argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err, (argv, err)
    return code, err


def test_every_command_is_enumerated() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"db check", "db restore", "selftest"} <= names


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_unknown_option_exits_2_in_one_line(path, parser, capsys) -> None:
    code, err = run([*path, *base_args(parser), "--no-such-option-zz"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_typed_arguments_refuse_garbage(path, parser, capsys) -> None:
    typed = [a for a in arguments(parser) if a.type is not None or a.choices]
    for action in typed:
        for value in GARBAGE:
            if action.choices and value in action.choices:
                continue
            argv = [*path, *base_args(parser, skip=action), *slot(action, value)]
            code, err = run(argv, capsys)
            assert code == 2, (argv, code, err)
            assert len(err.strip().splitlines()) == 1, (argv, err)


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_free_text_arguments_never_crash(path, parser, capsys) -> None:
    if path in SKIP_FREE_TEXT:
        pytest.skip("slow or global side effects with any value")
    free = [a for a in arguments(parser) if a.type is None and not a.choices]
    for action in free:
        for value in [*GARBAGE, *NASTY[:12]]:
            if value.startswith("-") and action.option_strings:
                value = " " + value  # a value, not an option
            argv = [*path, *base_args(parser, skip=action), *slot(action, value)]
            code, err = run(argv, capsys)
            assert code in (0, 2, 3), (argv, code, err)
            if code:
                assert len(err.strip().splitlines()) == 1, (argv, err)


def test_garbage_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "LMDESK_HOME": str(tmp_path / "home")}
    for argv in (
        ["course", "show", "'; DROP TABLE courses;--"],
        ["grade", "--term", "😷", "--value", "nan"],
        ["db", "restore", "\u202e.sqlite", "--yes"],
        ["no-such-command"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "lmdesk", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        assert proc.returncode == 2, (argv, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


#: Files that are not what a command expects: empty, binary, bad UTF-8, wrong JSON shapes.
BAD_FILES: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "bad-utf8": b'\xff\xfe{"term": "\xc3\x28"}\n',
    "json-array": b"[1, 2, 3]\n",
    "json-wrong-types": b'{"term": 5, "value": {"a": 1}, "unit": [], "lln": true}\n',
    "unknown-fields": b'{"term": "Platelet count decreased", "value": 40, "zz": 1}\n',
    "nan": b'{"term": "Platelet count decreased", "value": NaN}\n',
    "huge-number": b'{"term": "Platelet count decreased", "value": 1e999999}\n',
    "deep": b"[" * 10000 + b"]" * 10000 + b"\n",
    "sqlite-header-only": b"SQLite format 3\x00" + b"\x00" * 84,
}
FILE_COMMANDS = [
    ["grade", "--batch", "{f}"],
    ["grade", "--batch", "{f}", "--json"],
    ["sheet", "--plan", "{f}", "--pdf", "out.pdf"],
    ["db", "restore", "{f}", "--yes"],
]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_input_files_never_crash(kind: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / f"input-{kind}"
    path.write_bytes(BAD_FILES[kind])
    known = {" ".join(p) for p, _ in COMMANDS}
    for template in FILE_COMMANDS:
        if template[0] not in known and " ".join(template[:2]) not in known:
            continue
        argv = [a.replace("{f}", str(path)) for a in template]
        code, err = run(argv, capsys)
        assert code in (0, 2, 3), (argv, code, err)
        if template[0] != "grade" or "--json" not in template:
            assert code == 0 or len(err.strip().splitlines()) <= 1, (argv, err)
    assert not (tmp_path / "home" / "patients.sqlite.damaged").exists()

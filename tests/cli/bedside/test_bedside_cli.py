"""``lmdesk labs|meds|ae add|today|course verify|give|hold|stop|check``: exit codes 0/2/3."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_staff import signed

from lmdesk.__main__ import main

TODAY = date.today()
NOW = datetime.now().strftime("%Y-%m-%d %H:%M")


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), "--lang", "en", *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def course(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    assert run(capsys, tmp_path, "patient", "add", "--mrn", "M1", "--name", "Li")[0] == 0
    code, out, err = run(
        capsys, tmp_path, "course", "add", "--mrn", "M1", "--protocol", "mtx-classic",
        "--start", TODAY.isoformat(), "--confirm-default",
    )  # fmt: skip
    assert code == 0, err
    return out.strip()


def good_labs(capsys: pytest.CaptureFixture[str], tmp_path: Path, platelets: str = "150") -> None:
    earlier = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    for test, value, unit in (
        ("platelets", platelets, "10^9/L"), ("anc", "2500", "/uL"), ("wbc", "5", "G/L"),
        ("inr", "1.0", ""),
    ):  # fmt: skip
        code, _o, err = run(
            capsys, tmp_path, "labs", "add", "--mrn", "M1", "--date", earlier, "--test", test,
            "--value", value, "--unit", unit, "--user", "nurse.li",
        )  # fmt: skip
        assert code == 0, err


def test_give_before_verification_exits_3(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path)
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li"
    )
    assert code == 3 and "verif" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_full_path_and_stopped_course_same_day(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path)
    assert (
        run(capsys, tmp_path, "course", "verify", course, "--session", "1", "--user", "pharm.zhao")[
            0
        ]
        == 0
    )
    code, out, err = run(capsys, tmp_path, "course", "check", course, "--session", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "ready", data
    assert all({"level", "rule", "source"} <= set(f) for f in data["findings"])
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li"
    )
    assert code == 0, err
    assert (
        run(capsys, tmp_path, "course", "stop", course, "--reason", "x", "--user", "dr.wang")[0]
        == 0
    )
    code, new, err = run(
        capsys, tmp_path, "course", "add", "--mrn", "M1", "--protocol", "cytarabine-moit",
        "--start", TODAY.isoformat(), "--confirm-default",
    )  # fmt: skip
    new = new.strip()
    assert code == 0, err
    run(capsys, tmp_path, "course", "verify", new, "--session", "1", "--user", "pharm.zhao")
    code, _o, err = run(
        capsys, tmp_path, "course", "give", new, "--session", "1", "--user", "nurse.li", "--at", NOW
    )
    assert code == 3 and "interval_min" in err, err


def test_low_platelets_and_apixaban_stop_then_override(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path, platelets="30")
    last = (datetime.now() - timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    code, _o, err = run(
        capsys, tmp_path, "meds", "add", "--mrn", "M1", "--drug", "阿哌沙班", "--last-dose", last,
        "--dose-mg", "5", "--user", "nurse.li",
    )  # fmt: skip
    assert code == 0, err
    run(capsys, tmp_path, "course", "verify", course, "--session", "1", "--user", "pharm.zhao")
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li"
    )
    assert code == 3 and "R200" in err
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li",
        "--override", "\u200b ",
    )  # fmt: skip
    assert code == 2
    code, out, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "dr.wang",
        "--override", "transfused; haematology agreed",
    )  # fmt: skip
    assert code == 0 and "overridden" in out, err
    code, out, _e = run(capsys, tmp_path, "course", "show", course, "--json")
    given = json.loads(out)["sessions"][0]["given"]
    assert given["override"]["reason"] == "transfused; haematology agreed"


def test_grade3_ae_blocks(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path)
    run(capsys, tmp_path, "course", "verify", course, "--session", "1", "--user", "pharm.zhao")
    code, _o, err = run(
        capsys, tmp_path, "ae", "add", "--course", course, "--term", "Arachnoiditis",
        "--grade", "3", "--date", TODAY.isoformat(), "--attribution", "drug", "--user", "dr.wang",
    )  # fmt: skip
    assert code == 0, err
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li"
    )
    assert code == 3 and "ae_grade3" in err


@pytest.mark.parametrize(
    "args",
    [
        ("meds", "add", "--mrn", "M1", "--drug", "foo", "--last-dose", NOW, "--user", "nurse.li"),
        ("labs", "add", "--mrn", "M1", "--date", NOW, "--test", "platelets", "--value", "9",
         "--unit", "g/L", "--user", "nurse.li"),
        ("labs", "add", "--mrn", "M1", "--date", "2099-01-01", "--test", "inr", "--value", "1",
         "--user", "nurse.li"),
        ("labs", "add", "--mrn", "M1", "--date", NOW, "--test", "inr", "--value", "1",
         "--user", "nobody"),
        ("course", "give", "1", "--session", "1", "--user", "nurse.li", "--at", "1999-01-01 09:00"),
        ("course", "give", "1", "--session", "1", "--user", "nurse.li", "--at", "2099-01-01 09:00"),
        ("course", "hold", "1", "--session", "1", "--reason", " ", "--user", "dr.wang"),
        ("ae", "add", "--course", "1", "--term", "nonsense", "--grade", "3", "--date",
         TODAY.isoformat(), "--user", "nurse.li"),
    ],
)  # fmt: skip
def test_bad_input_exits_2(capsys, tmp_path, course, args) -> None:
    code, _o, err = run(capsys, tmp_path, *args)
    assert code == 2 and "Traceback" not in err and err.strip()


def test_ommaya_give_on_lp_course_exits_3(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path)
    run(capsys, tmp_path, "course", "verify", course, "--session", "1", "--user", "pharm.zhao")
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "dr.wang",
        "--route", "ommaya", "--override", "x",
    )  # fmt: skip
    assert code == 3 and "route_mismatch" in err


def test_lists_hold_and_today(capsys, tmp_path, course) -> None:
    good_labs(capsys, tmp_path)
    code, out, _e = run(capsys, tmp_path, "labs", "list", "--mrn", "M1", "--json")
    assert code == 0 and len(json.loads(out)) == 4
    code, out, _e = run(capsys, tmp_path, "meds", "list", "--mrn", "M1", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _e = run(capsys, tmp_path, "today", "--json")
    items = json.loads(out)
    assert code == 0 and items[0]["status"] == "needs_verification"
    code, out, _e = run(
        capsys, tmp_path, "today", "--date", (TODAY + timedelta(days=1)).isoformat()
    )
    assert code == 0
    code, out, err = run(capsys, tmp_path, "course", "hold", course, "--session", "1",
                         "--reason", "low counts", "--user", "dr.wang")  # fmt: skip
    assert code == 0, err
    code, out, _e = run(capsys, tmp_path, "today", "--json")
    assert json.loads(out) == []


def test_course_show_lists_grade3_adverse_events(capsys, tmp_path, course) -> None:
    run(
        capsys, tmp_path, "ae", "add", "--course", course, "--term", "Neutrophil count decreased",
        "--grade", "3", "--date", TODAY.isoformat(), "--user", "dr.wang",
    )  # fmt: skip
    code, out, _e = run(capsys, tmp_path, "course", "show", course)
    assert code == 0 and "ADVERSE EVENT grade 3: Neutrophil count decreased" in out
    code, out, _e = run(capsys, tmp_path, "course", "show", course, "--json")
    assert json.loads(out)["adverse_events_grade3"][0]["grade"] == 3

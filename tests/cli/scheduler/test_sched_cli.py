import json
import subprocess
import sys
from datetime import date
from itertools import combinations, pairwise

import pytest
from cli_staff import signed

from lmdesk.__main__ import main


def run(capsys, tmp_path, *args):
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), *args]))
    out, err = capsys.readouterr()
    return code, out, err


def test_protocols_json(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "protocols", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    mtx = rows["mtx-classic"]
    assert mtx["drug"] == "methotrexate" and mtx["dose_mg"]["min"] == 10
    assert mtx["dose_mg"]["max"] == 15 and "R42" in mtx["source"]
    assert set(mtx["route"]) == {"lp", "ommaya"}


def test_plan_mtx_classic_done_when(capsys, tmp_path):
    code, out, _ = run(
        capsys, tmp_path, "plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--json"
    )
    assert code == 0
    plan = json.loads(out)
    assert plan["protocol"] == "mtx-classic" and plan["drug"] == "methotrexate"
    sessions = plan["sessions"]
    start = date(2027, 1, 4)
    days = [date.fromisoformat(s["date"]) for s in sessions]
    induction = [d for s, d in zip(sessions, days, strict=True) if s["phase"] == "induction"]
    assert len(induction) == 8 and all((d - start).days < 28 for d in induction)
    consolidation = [
        d for s, d in zip(sessions, days, strict=True) if s["phase"] == "consolidation"
    ]
    assert [(b - a).days for a, b in pairwise(consolidation)] == [
        7,
        7,
        7,
    ]
    maintenance = [d for s, d in zip(sessions, days, strict=True) if s["phase"] == "maintenance"]
    # first maintenance one month after the last weekly dose (22 Feb), not a fifth weekly one
    assert maintenance[:2] == [date(2027, 3, 22), date(2027, 4, 22)]
    assert not any(s["schedule_confirmed"] for s in sessions if s["phase"] == "maintenance")
    assert all(abs((b - a).days) >= 3 for a, b in combinations(days, 2))
    first = sessions[0]
    assert {"n", "date", "phase", "dose_mg", "co_medications", "checks"} <= set(first)
    assert all(f["level"] in ("info", "warning", "refusal") for f in plan["findings"])


@pytest.mark.parametrize(
    "name", ["长春新碱", "vincristine", "ＶＩＮＣＲＩＳＴＩＮＥ", "Vin cristine"]
)
def test_plan_never_it_drug_exits_3(capsys, tmp_path, name):
    code, out, err = run(
        capsys,
        tmp_path,
        "plan",
        "--drug",
        name,
        "--dose",
        "1",
        "--every",
        "7",
        "--count",
        "4",
        "--start",
        "2027-01-04",
    )
    assert code == 3
    assert "FATAL IF GIVEN INTRATHECALLY" in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_plan_never_it_exit_code_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lmdesk",
            "--db",
            str(tmp_path / "p.sqlite"),
            "plan",
            "--drug",
            "长春新碱",
            "--dose",
            "1",
            "--every",
            "7",
            "--count",
            "4",
            "--start",
            "2027-01-04",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--protocol", "no-such", "--start", "2027-01-04"],
        ["plan", "--protocol", "mtx-classic", "--start", "2027-02-30"],
        ["plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--dose", "-1"],
        ["plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--dose", "9"],
        ["plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--dose", "1O"],
        ["plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--route", "iv"],
    ],
)
def test_plan_bad_input_exits_2(capsys, tmp_path, args):
    code, _out, err = run(capsys, tmp_path, *args)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_plan_over_ceiling_exits_3(capsys, tmp_path):
    code, _out, err = run(
        capsys,
        tmp_path,
        "plan",
        "--drug",
        "methotrexate",
        "--dose",
        "20",
        "--every",
        "7",
        "--count",
        "2",
        "--start",
        "2027-01-04",
    )
    assert code == 3 and "ceiling" in err


def test_plan_no_weekends(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        tmp_path,
        "plan",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-02",
        "--no-weekends",
        "--json",
    )
    assert code == 0
    assert all(date.fromisoformat(s["date"]).weekday() < 5 for s in json.loads(out)["sessions"])


def test_patient_and_course_round_trip(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        tmp_path,
        "patient",
        "add",
        "--mrn",
        "A100",
        "--name",
        "张三",
        "--sex",
        "F",
        "--birth",
        "1960-05-01",
        "--json",
    )
    assert code == 0 and json.loads(out)["mrn"] == "A100"
    code, _out, err = run(capsys, tmp_path, "patient", "add", "--mrn", "A100", "--name", "X")
    assert code == 2 and "A100" in err
    code, out, _ = run(capsys, tmp_path, "patient", "list", "张", "--json")
    assert [p["mrn"] for p in json.loads(out)] == ["A100"]
    assert {"mrn", "name"} <= set(json.loads(out)[0])

    code, out, _ = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "A100",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-04",
        "--confirm-default",
        "--json",
    )
    assert code == 0
    course_id = json.loads(out)["id"]
    code, out, _ = run(capsys, tmp_path, "course", "show", str(course_id), "--json")
    shown = json.loads(out)
    assert shown["id"] == course_id and shown["protocol"]["id"] == "mtx-classic"
    assert shown["summary"]["planned"] == len(shown["sessions"])
    assert shown["summary"]["cumulative"][0]["drug"] == "methotrexate"


def test_course_add_refusals_save_nothing(capsys, tmp_path):
    run(capsys, tmp_path, "patient", "add", "--mrn", "A1", "--name", "X")
    code, _o, _e = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "A1",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-04",
        "--dose",
        "14",
    )
    assert code == 3  # above the usual range without a typed reason
    code, _o, _e = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "NOPE",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-04",
    )
    assert code == 2
    code, out, _ = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "A1",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-04",
        "--dose",
        "14",
        "--reason",
        "institutional protocol",
        "--confirm-default",
        "--json",
    )
    assert code == 0 and json.loads(out)["id"] == 1
    code, _o, err = run(capsys, tmp_path, "course", "show", "2")
    assert code == 2 and "2" in err


def test_second_course_keeps_rules_with_the_first(capsys, tmp_path):
    run(capsys, tmp_path, "patient", "add", "--mrn", "A1", "--name", "X")
    for protocol in ("mtx-classic", "thiotepa-moit"):
        code, _o, _e = run(
            capsys,
            tmp_path,
            "course",
            "add",
            "--mrn",
            "A1",
            "--protocol",
            protocol,
            "--start",
            "2027-01-04",
            "--maintenance-count",
            "1",
            "--confirm-default",
        )
        assert code == 0
    dates = []
    for course_id in ("1", "2"):
        _c, out, _e = run(capsys, tmp_path, "course", "show", course_id, "--json")
        dates += [date.fromisoformat(s["date"]) for s in json.loads(out)["sessions"]]
    dates.sort()
    assert len(set(dates)) == len(dates)
    assert all((b - a).days >= 3 for a, b in pairwise(dates))
    assert all((dates[i + 2] - dates[i]).days >= 7 for i in range(len(dates) - 2))

"""Every protocol in the catalog plans at least one session from the command line.

Where the sources leave the schedule open, the plan shows a default marked "not
confirmed", and a course is saved only once the clinician confirms it or enters numbers.
"""

import json
import sqlite3

import pytest
from cli_staff import signed

from lmdesk.__main__ import main
from lmdesk.paths import reference_sources_dir
from lmdesk.store.refsections.protocols import load_protocols

PROTOCOLS = load_protocols(reference_sources_dir())
OPEN = [p.id for p in PROTOCOLS if p.needs_clinician_input()]
#: Maintenance after weekly doses with no source for its first day: a default to confirm.
OPEN_START = {"mtx-classic", "cytarabine-moit", "thiotepa-moit", "topotecan-groves2008"}
START = "2027-01-04"


def run(capsys, db, *args):
    code = main(signed(["--db", str(db), *args]))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_catalog_has_protocols_with_open_schedules():
    assert len(PROTOCOLS) >= 12
    assert {"pemetrexed-li2023-ommaya", "sintilimab-lmis", "pemetrexed-fan2021"} <= set(OPEN)


@pytest.mark.parametrize("protocol", [p.id for p in PROTOCOLS])
def test_every_protocol_plans_a_session(capsys, tmp_path, protocol):
    code, out, err = run(
        capsys, tmp_path / "p.sqlite", "plan", "--protocol", protocol, "--start", START, "--json"
    )
    assert code == 0, err
    plan = json.loads(out)
    assert len(plan["sessions"]) >= 1
    assert plan["sessions"][0]["date"] == START
    flags = {s["schedule_confirmed"] for s in plan["sessions"]}
    codes = {f["code"] for f in plan["findings"]}
    if protocol in OPEN:
        assert False in flags and plan["schedule_confirmed"] is False
        assert "schedule_default_unconfirmed" in codes
        assert plan["schedule_choices"] and plan["schedule_choices"][0]["origin"] == "default"
    elif protocol in OPEN_START:
        assert False in flags and plan["schedule_confirmed"] is False
        assert "maintenance_start_unconfirmed" in codes
        assert [c["transition_from_default"] for c in plan["schedule_choices"]] == [True]
    else:
        assert flags == {True} and plan["schedule_confirmed"] is True


@pytest.mark.parametrize("protocol", OPEN)
def test_a_default_is_saved_only_once_confirmed(capsys, tmp_path, protocol):
    db = tmp_path / "p.sqlite"
    assert run(capsys, db, "patient", "add", "--mrn", "D1", "--name", "Test")[0] == 0
    base = (
        "course",
        "add",
        "--mrn",
        "D1",
        "--protocol",
        protocol,
        "--start",
        START,
        "--reason",
        "as in the trial",
    )
    code, _out, err = run(capsys, db, *base)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "--confirm-default" in err and "not been confirmed" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM courses").fetchone()[0] == 0
    code, out, err = run(capsys, db, *base, "--confirm-default", "--json")
    assert code == 0, err
    saved = json.loads(out)
    assert saved["sessions"] >= 1
    code, out, _err = run(capsys, db, "course", "show", str(saved["id"]), "--json")
    course = json.loads(out)
    assert {c["origin"] for c in course["schedule_choices"]} == {"default_confirmed"}
    assert all(s["schedule_confirmed"] for s in course["sessions"])


def test_entered_numbers_save_without_confirming_a_default(capsys, tmp_path):
    db = tmp_path / "p.sqlite"
    run(capsys, db, "patient", "add", "--mrn", "D2", "--name", "Test")
    code, out, err = run(
        capsys,
        db,
        "course",
        "add",
        "--mrn",
        "D2",
        "--protocol",
        "sintilimab-lmis",
        "--start",
        START,
        "--every",
        "21",
        "--count",
        "2",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["sessions"] == 2


def test_plan_text_marks_default_sessions(capsys, tmp_path):
    code, out, _err = run(
        capsys,
        tmp_path / "p.sqlite",
        "plan",
        "--protocol",
        "pemetrexed-li2023-ommaya",
        "--start",
        START,
    )
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith(("1 ", "4 "))]
    assert len(rows) == 2 and all("NOT CONFIRMED" in r for r in rows)

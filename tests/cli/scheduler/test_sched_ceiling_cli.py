"""A dose above a drug's hard IT ceiling is a safety refusal (exit 3) on every planning path.

Whichever check meets the dose first (the protocol's own range, the ad-hoc plan, saving a
course), the answer is the same: exit 3, one line naming the ceiling and its citation.
The cases come from the reference's dose limits, so a new drug with a ceiling is covered.
"""

import json
import re
import sqlite3

import pytest
from cli_staff import signed

from lmdesk.__main__ import main
from lmdesk.paths import reference_sources_dir
from lmdesk.store.refsections.protocols import load_dose_limits, load_protocols

LIMITS = [lim for lim in load_dose_limits(reference_sources_dir()) if lim.ceiling_mg]
PROTOCOLS = load_protocols(reference_sources_dir())
START = "2027-01-04"


def _cases():
    for lim in LIMITS:
        for route in ("lp", "ommaya") if lim.route == "any" else (lim.route,):
            specific = any(o.drug == lim.drug and o.route == route for o in LIMITS)
            if lim.route == "any" and specific:
                continue  # a route-specific limit wins for this route
            yield pytest.param(lim, route, id=f"{lim.drug}-{route}")


CASES = list(_cases())


def run(capsys, db, *args):
    code = main(signed(["--db", str(db), *args]))
    out, err = capsys.readouterr()
    return code, out, err


def assert_ceiling_refusal(code, err, lim):
    assert code == 3, err
    line = err.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert f"{lim.ceiling_mg:g} mg" in line and "ceiling" in line
    keys = re.findall(r"R\d+[a-z]?|seed-\d+", lim.ceiling_source)
    assert keys and all(k in line for k in keys), (line, lim.ceiling_source)


def protocols_for(drug, route):
    return [p for p in PROTOCOLS if p.drug == drug and route in p.routes]


def test_every_ceiling_is_covered():
    drugs = {lim.drug for lim in LIMITS}
    assert {"methotrexate", "cytarabine", "pemetrexed", "topotecan", "thiotepa"} <= drugs
    assert {c.values[0].drug for c in CASES} == drugs


@pytest.mark.parametrize(("lim", "route"), CASES)
def test_adhoc_plan_above_the_ceiling_exits_3(capsys, tmp_path, lim, route):
    over = f"{lim.ceiling_mg * 1.5:g}"
    code, _out, err = run(
        capsys,
        tmp_path / "p.sqlite",
        *("plan", "--drug", lim.drug, "--dose", over, "--every", "7", "--count", "2"),
        *("--start", START, "--route", route),
    )
    assert_ceiling_refusal(code, err, lim)


@pytest.mark.parametrize(("lim", "route"), CASES)
def test_protocol_plan_and_course_add_above_the_ceiling_exit_3(capsys, tmp_path, lim, route):
    db = tmp_path / "p.sqlite"
    assert run(capsys, db, "patient", "add", "--mrn", "C1", "--name", "Test")[0] == 0
    over = f"{lim.ceiling_mg + 0.5:g}"
    for protocol in protocols_for(lim.drug, route):
        common = ("--protocol", protocol.id, "--start", START, "--dose", over, "--route", route)
        code, _out, err = run(capsys, db, "plan", *common)
        assert_ceiling_refusal(code, err, lim)
        code, _out, err = run(capsys, db, "course", "add", "--mrn", "C1", *common, "--reason", "x")
        assert_ceiling_refusal(code, err, lim)
    with sqlite3.connect(db) as conn:  # nothing was saved
        assert conn.execute("SELECT COUNT(*) FROM courses").fetchone()[0] == 0


@pytest.mark.parametrize(("lim", "route"), CASES)
def test_a_dose_at_the_ceiling_is_not_refused(capsys, tmp_path, lim, route):
    code, out, err = run(
        capsys,
        tmp_path / "p.sqlite",
        *("plan", "--drug", lim.drug, "--dose", f"{lim.ceiling_mg:g}", "--every", "7"),
        *("--count", "2", "--start", START, "--route", route, "--json"),
    )
    assert code == 0, err
    assert {s["dose_mg"] for s in json.loads(out)["sessions"]} == {lim.ceiling_mg}


def test_malformed_dose_stays_bad_input(capsys, tmp_path):
    code, _out, err = run(
        capsys,
        tmp_path / "p.sqlite",
        *("plan", "--protocol", "mtx-classic", "--start", START, "--dose", "12,5"),
    )
    assert code == 2 and len(err.strip().splitlines()) == 1

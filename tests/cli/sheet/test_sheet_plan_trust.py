"""``sheet --plan FILE``: a plan file edited by hand is input and passes every safety rule.

Each edit of issue 28 item 1 is refused with one line, exit 3 (a safety rule) or 2 (not a
plan), and nothing is written or archived.
"""

import copy
import json
import sqlite3

import pytest

try:  # the ward's signed-in staff, where writing commands take --user (issue 23)
    from cli_staff import signed
except ImportError:  # pragma: no cover - before the users work lands

    def signed(argv):
        return argv


from lmdesk.__main__ import main


def run(capsys, tmp_path, *args):
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_doc(capsys, tmp_path) -> dict:
    code, out, _ = run(
        capsys, tmp_path, "plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--json"
    )
    assert code == 0
    return json.loads(out)


def _sessions(**update):
    def edit(doc):
        for s in doc["sessions"]:
            s.update(update)

    return edit


def _top(**update):
    return lambda doc: doc.update(update)


def _drug(name):
    def edit(doc):
        doc["drug"] = name
        for s in doc["sessions"]:
            s["drug"] = name

    return edit


def _co(drug, dose="80 mg", route="it"):
    def edit(doc):
        doc["sessions"][0]["co_medications"] = [{"drug": drug, "dose": dose, "route": route}]

    return edit


def _same_day(doc):
    for s in doc["sessions"][:4]:
        s["date"] = "2027-01-04"


def _three_in_a_week(doc):
    doc["sessions"][1]["date"] = "2027-01-07"
    doc["sessions"][2]["date"] = "2027-01-10"


def _too_close(doc):
    doc["sessions"][1]["date"] = "2027-01-05"


EDITS = {
    "100 mg in every session": (_sessions(dose_mg=100), 3),
    "100 mg as the plan's dose": (_top(dose_mg=100), 3),
    "13 mg without a reason": (_sessions(dose_mg=13), 3),
    "13 mg with an invisible reason": (
        lambda d: (_sessions(dose_mg=13)(d), d.update(dose_reason="\u200b\ufeff\u202e\u3164 ")),
        3,
    ),
    "12 g": (_sessions(unit="g"), 3),
    "four doses on one day": (_same_day, 3),
    "three doses in 7 days": (_three_in_a_week, 3),
    "one day apart": (_too_close, 3),
    "a second IT drug": (_co("cytarabine", "50 mg"), 3),
    "IT dexamethasone in g": (_co("dexamethasone", "5 g"), 3),
    "IT dexamethasone above its ceiling": (_co("dexamethasone", "50 mg"), 3),
    "osimertinib as IT co-injection": (_co("osimertinib"), 3),
    "cisplatin as IT co-injection": (_co("cisplatin"), 3),
    "KCl as IT co-injection": (_co("potassium chloride", "10 mmol"), 3),
    "KCl iv": (_co("KCl", "10 mmol", "iv"), 3),
    "vincristine iv": (_co("vincristine", "1 mg", "iv"), 3),
    "osimertinib as the IT drug": (_drug("osimertinib"), 3),
    "cisplatin as the IT drug": (_drug("cisplatin"), 3),
    "KCl as the IT drug": (_drug("potassium-chloride"), 3),
    "Cyrillic vincristine": (_drug("v\u0456ncristine"), 3),
    "Cyrillic vincristine co-injected": (_co("v\u0456ncristine", "1 mg"), 3),
    "cytarabine as the IT drug": (_drug("cytarabine"), 3),
    "an ad-hoc vincristine plan": (_top(protocol="adhoc-v\u0456ncristine"), 3),
    "an ad-hoc osimertinib plan": (_top(protocol="adhoc-osimertinib", drug="osimertinib"), 3),
    "route not of the protocol": (_sessions(route="iv"), 2),
    "date in 9999": (_sessions(date="9999-12-31"), 2),
    "two sessions numbered alike": (lambda d: d["sessions"][1].update(n=1), 2),
    "a thousand sessions": (lambda d: d.update(sessions=d["sessions"] * 60), 2),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edited_plan_file_is_refused_and_nothing_is_written(capsys, tmp_path, plan_doc, name):
    edit, expected = EDITS[name]
    doc = copy.deepcopy(plan_doc)
    edit(doc)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    code, stdout, err = run(capsys, tmp_path, "sheet", "--plan", str(path), "--pdf", str(out))
    assert code == expected, (name, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and not stdout
    with sqlite3.connect(tmp_path / "p.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM sheet_archive").fetchone()[0] == 0


def test_the_cyrillic_look_alike_is_refused_as_never_intrathecal(capsys, tmp_path, plan_doc):
    doc = copy.deepcopy(plan_doc)
    _co("v\u0456ncristine", "1 mg")(doc)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(
        capsys, tmp_path, "sheet", "--plan", str(path), "--pdf", str(tmp_path / "x.pdf")
    )
    assert code == 3 and "FATAL IF GIVEN INTRATHECALLY" in err


def test_the_plan_as_printed_and_a_reason_above_usual_still_print(capsys, tmp_path, plan_doc):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_doc), encoding="utf-8")
    code, _, err = run(
        capsys, tmp_path, "sheet", "--plan", str(path), "--pdf", str(tmp_path / "a.pdf")
    )
    assert code == 0, err
    doc = copy.deepcopy(plan_doc)
    _sessions(dose_mg=13)(doc)
    doc["dose_reason"] = "CSF clearance slow"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(
        capsys, tmp_path, "sheet", "--plan", str(path), "--pdf", str(tmp_path / "b.pdf")
    )
    assert code == 0, err

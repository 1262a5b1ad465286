import hashlib
import json
import sqlite3
import subprocess
from datetime import date

import pytest
from cli_staff import signed
from icalendar import Calendar

from lmdesk.__main__ import main


def run(capsys, tmp_path, *args):
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), *args]))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def course(capsys, tmp_path):
    assert (
        run(
            capsys,
            tmp_path,
            "patient",
            "add",
            "--mrn",
            "M1",
            "--name",
            "Zhang San 张三",
            "--sex",
            "F",
            "--birth",
            "1960-05-01",
        )[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "M1",
        "--protocol",
        "mtx-classic",
        "--start",
        "2027-01-04",
        "--confirm-default",
        "--json",
    )
    assert code == 0
    code, out, _ = run(capsys, tmp_path, "course", "show", "1", "--json")
    return json.loads(out)


def test_english_sheet_pdf_holds_name_dates_route_doses_and_pages(capsys, tmp_path, course):
    out = tmp_path / "sheet.pdf"
    code, stdout, _ = run(
        capsys, tmp_path, "sheet", "--course", "1", "--pdf", str(out), "--lang", "en", "--json"
    )
    assert code == 0
    info = json.loads(stdout)
    text = pdf_text(out)
    assert "Zhang San 张三" in text and "M1" in text
    assert "INTRATHECAL / 鞘内注射" in text
    dates = [s["date"] for s in course["sessions"]]
    assert len(dates) >= 14
    for day in dates:
        assert day in text
    assert "12 mg" in text
    assert info["pages"] >= 2
    for page in range(1, info["pages"] + 1):
        assert f"Page {page} of {info['pages']}" in text
    flat = " ".join(text.split())
    assert "PRESERVATIVE-FREE" in flat and "FATAL IF GIVEN INTRATHECALLY" in flat
    assert info["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert info["course_revision"] == course["revision"] and info["saved"] is True


def test_archived_sheet_hash_matches_its_file(capsys, tmp_path, course):
    out = tmp_path / "s.pdf"
    assert run(capsys, tmp_path, "sheet", "--course", "1", "--pdf", str(out))[0] == 0
    conn = sqlite3.connect(tmp_path / "p.sqlite")
    pdf, digest, course_id = conn.execute(
        "SELECT pdf, sha256, course_id FROM sheet_archive"
    ).fetchone()
    assert bytes(pdf) == out.read_bytes()
    assert digest == hashlib.sha256(out.read_bytes()).hexdigest() and course_id == 1
    actions = [r[0] for r in conn.execute("SELECT action FROM audit WHERE entity = 'sheet'")]
    assert actions == ["sheet.pdf"]


def test_chinese_sheet_embeds_the_bundled_cjk_font(capsys, tmp_path, course):
    out = tmp_path / "zh.pdf"
    assert (
        run(capsys, tmp_path, "sheet", "--course", "1", "--pdf", str(out), "--lang", "zh_CN")[0]
        == 0
    )
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines() if "WenQuanYi" in line]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # the "emb" column
    text = pdf_text(out)
    assert "鞘内注射治疗单" in text and "周一" in text
    assert "第 1 页，共" in text


def test_plan_sheet_says_not_saved(capsys, tmp_path):
    code, plan, _ = run(
        capsys, tmp_path, "plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--json"
    )
    assert code == 0
    path = tmp_path / "plan.json"
    path.write_text(plan, encoding="utf-8")
    out = tmp_path / "plan.pdf"
    code, _, err = run(
        capsys,
        tmp_path,
        "sheet",
        "--plan",
        str(path),
        "--pdf",
        str(out),
        "--lang",
        "en",
        "--patient-name",
        "Li Si",
        "--mrn",
        "X9",
    )
    assert code == 0, err
    text = pdf_text(out)
    assert "NOT SAVED" in text and "Li Si" in text and "X9" in text
    for session in json.loads(plan)["sessions"]:
        assert session["date"] in text


def test_plan_with_a_never_it_drug_is_refused_and_writes_nothing(capsys, tmp_path):
    _, plan, _ = run(
        capsys, tmp_path, "plan", "--protocol", "mtx-classic", "--start", "2027-01-04", "--json"
    )
    doc = json.loads(plan)
    doc["sessions"][0]["co_medications"] = [{"drug": "长春新碱", "dose": "1 mg", "route": "it"}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "bad.pdf"
    code, _, err = run(capsys, tmp_path, "sheet", "--plan", str(path), "--pdf", str(out))
    assert code == 3 and "FATAL IF GIVEN INTRATHECALLY" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["sheet", "--course", "99", "--pdf", "x.pdf"],
        ["sheet", "--plan", "missing.json", "--pdf", "x.pdf"],
        ["sheet", "--course", "1", "--plan", "p.json", "--pdf", "x.pdf"],
        ["sheet", "--course", "1"],
        ["sheet", "--course", "1", "--pdf", "x.pdf", "--lang", "fr"],
        ["course", "ics", "99", "--out", "x.ics"],
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, args, course):
    code, _, err = run(capsys, tmp_path, *args)
    assert code == 2 and err.strip() and "Traceback" not in err


def test_course_ics_parses_back_to_the_course_dates(capsys, tmp_path, course):
    out = tmp_path / "c.ics"
    code, _, err = run(capsys, tmp_path, "course", "ics", "1", "--out", str(out))
    assert code == 0, err
    cal = Calendar.from_ical(out.read_bytes())
    starts = [e.decoded("dtstart") for e in cal.walk() if e.name == "VEVENT"]
    assert starts == [date.fromisoformat(s["date"]) for s in course["sessions"]]

"""Every command's human (non --json) output in zh_CN speaks Chinese.

Drug names may stand in Latin (every card's English names and ids are allowed), and so may
what the checker of the reference translations allows (units, citation keys, trial names,
a few abbreviations). Identifiers a script types back (protocol and PK case ids), paths,
the OS account and the NCI's English CTCAE texts (authoritative, printed beside the
Chinese) are taken out exactly before the check; everything else must be Chinese.
"""

from __future__ import annotations

import getpass
import importlib.util
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cli_staff import NAMES, signed

from lmdesk.__main__ import main
from lmdesk.models.clock import SystemClock
from lmdesk.models.scheduling import course_actions
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.pk_repo import PkRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


def _checker() -> ModuleType:
    """``foreign_words`` / ``check`` / ``ALLOWED`` of the reference-translation test."""
    path = Path(__file__).parents[2] / "i18n" / "test_reference_translations.py"
    spec = importlib.util.spec_from_file_location("_reference_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK = _checker()
TODAY = date.today()
START = TODAY - timedelta(days=60)
BASELINE = START - timedelta(days=2)
FOLLOW = START + timedelta(days=30)
#: What the user typed in these tests (a marker's name, the MRNs H1 and H2).
TYPED = frozenset({"CEA", "H"})
#: Notation printed as it is in Chinese too: the CTCAE and its version (v5.0), its lab
#: limits, the PK metrics, the UTC offset, SHA-256, RANO response codes.
NOTATION = CHECK.CTCAE_NOTATION | {"CTCAE", "v", "Cmax", "Tmax", "AUC", "UTC", "SHA"}
RESPONSE_CODES = frozenset({"CR", "PR", "SD", "PD", "NE"})
#: Software named as it is called (the ward server's driver and its client library).
SOFTWARE = frozenset({"psycopg", "libpq"})
#: A file's SHA-256 as printed after writing it, and the audit chain head (its first 12).
HEX = re.compile(r"\b[0-9a-f]{12}(?:[0-9a-f]{52})?\b")


def run(capsys: Any, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(db), *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def allowed(reference: ReferenceDB) -> frozenset[str]:
    """ALLOWED, the Latin of every drug's names and ids, and the RANO/NANO scale names."""
    words: set[str] = set()
    for card in DrugRepository(reference).catalog().all():
        for name in (card.id, card.name_en, card.name_zh, *card.all_names()):
            words.update(CHECK.LATIN_WORD.findall(name))
    scales = {"RANO", "LM", "NANO"}
    return CHECK.ALLOWED | frozenset(words) | TYPED | NOTATION | RESPONSE_CODES | scales | SOFTWARE


@pytest.fixture
def db(capsys: Any, tmp_path: Path) -> Path:
    """A patient with a planned course: session 1 given, session 2 held, verified; a baseline
    and a follow-up assessment."""
    path = tmp_path / "p.sqlite"
    assert (
        run(capsys, path, "patient", "add", "--mrn", "H1", "--name", "王五", "--sex", "M")[0] == 0
    )
    code, _out, err = run(
        capsys, path, "course", "add", "--mrn", "H1", "--protocol", "mtx-classic",
        "--start", START.isoformat(), "--confirm-default",
    )  # fmt: skip
    assert code == 0, err
    patients = PatientDB.open(path, clock=SystemClock(), user="护士", backups_dir=tmp_path / "bk")
    try:
        repo = CourseRepository(patients)
        ref = ReferenceDB(Path(__import__("lmdesk.paths").paths.bundled_reference_db()))
        limits = ProtocolRepository(ref).limits()
        course = repo.get(1)
        given_at = datetime.combine(START, datetime.min.time(), UTC) + timedelta(hours=2)
        course = repo.apply(
            course,
            course_actions.give(
                course, 1, at=given_at, dose_mg=12, route="lp", given_by="李护士",
                limits=limits, batch="7788",
            ),
        )  # fmt: skip
        course = repo.apply(course, course_actions.hold(course, 2, "血象低"))
        repo.apply(course, course_actions.verify(course, "赵医生", given_at - timedelta(days=1)))
    finally:
        patients.close()
    common = ["--kps", "60", "--ecog", "2", "--cytology", "positive", "--marker", "CEA=40 ng/mL"]
    code, _out, err = run(
        capsys, path, "assess", "add", "--course", "1", "--date", BASELINE.isoformat(),
        "--baseline", *common, "--mri", "yes", "--mri-type", "A",
    )  # fmt: skip
    assert code == 0, err
    code, _out, err = run(
        capsys, path, "assess", "add", "--course", "1", "--date", FOLLOW.isoformat(),
        "--kps", "70", "--ecog", "1", "--cytology", "negative", "--marker", "CEA=20 ng/mL",
        "--mri", "yes", "--mri-type", "A", "--lm-response", "PR",
    )  # fmt: skip
    assert code == 0, err
    return path


def exact_exemptions(reference: ReferenceDB, db: Path) -> list[str]:
    """Strings taken out before the check, longest first."""
    found = [str(db.parent), getpass.getuser(), "护士", "/p.sqlite", "docs/pk-model.md"]
    found += list(NAMES.values())  # the signed-in staff's names, as the audit trail keeps them
    found += ["/s.pdf", "/r.pdf", "/c.ics", "lmdesk ctcae term"]
    found += [p.id for p in ProtocolRepository(reference).list()]
    found += [c.id for c in PkRepository(reference).load().cases]
    repo = CtcaeRepo(reference)
    for name in ("Anemia", "Headache", "Creatinine increased"):
        term = repo.term("5.0", name)
        assert term is not None
        found += [term.term, *(term.grades.values())]
        found += [t for t in (term.definition, term.navigational_note) if t]
    return sorted(set(found), key=len, reverse=True)


COMMANDS: list[tuple[str, ...]] = [
    ("protocols",),
    ("plan", "--protocol", "mtx-classic", "--start", "2027-01-04"),
    ("plan", "--protocol", "pemetrexed-li2023-ommaya", "--start", "2027-01-04"),
    ("plan", "--drug", "甲氨蝶呤", "--dose", "12", "--every", "7", "--count", "4",
     "--start", "2027-01-04"),
    ("patient", "list"),
    ("patient", "add", "--mrn", "H2", "--name", "李四"),
    ("course", "show", "1"),
    ("course", "history", "1"),
    ("assess", "list", "--course", "1"),
    ("assess", "show", "1"),
    ("assess", "show", "2"),
    ("assess", "baseline", "1"),
    ("grade", "--term", "贫血", "--value", "9", "--unit", "g/dL"),
    ("grade", "--term", "Creatinine increased", "--value", "2", "--unit", "mg/dL", "--uln", "1.1"),
    ("grade", "--term", "Headache", "--value", "2", "--unit", "mg/dL"),
    ("ctcae", "search", "中性粒"),
    ("ctcae", "term", "Anemia"),
    ("ctcae", "term", "Headache"),
    ("pk", "--drug", "methotrexate", "--dose", "12", "--route", "lp"),
    ("pk", "--drug", "liposomal-cytarabine", "--dose", "50", "--route", "ommaya"),
    ("pk", "validate"),
    ("db", "check"),
    ("db", "verify-audit"),
]  # fmt: skip


def problems_in(out: str, where: str, exempt: list[str], allowed: frozenset[str]) -> list[str]:
    problems: list[str] = []
    for text in exempt:
        out = out.replace(text, " ")
    out = HEX.sub(" ", out)
    for n, line in enumerate(out.splitlines(), start=1):
        if line.strip():
            CHECK.check(line, f"{where} line {n}", allowed, problems)
    return problems


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_human_output_in_chinese_has_no_english(
    capsys: Any, db: Path, reference: ReferenceDB, allowed: frozenset[str], command: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, db, "--lang", "zh_CN", *command)
    assert code == 0, err
    assert out.strip()
    assert problems_in(out, " ".join(command), exact_exemptions(reference, db), allowed) == []


def test_files_written_are_reported_in_chinese(
    capsys: Any, db: Path, reference: ReferenceDB, allowed: frozenset[str]
) -> None:
    exempt = exact_exemptions(reference, db)
    for command in (
        ("sheet", "--course", "1", "--pdf", str(db.parent / "s.pdf")),
        ("course", "ics", "1", "--out", str(db.parent / "c.ics")),
        ("assess", "report", "--course", "1", "--pdf", str(db.parent / "r.pdf")),
    ):
        code, out, err = run(capsys, db, "--lang", "zh_CN", *command)
        assert code == 0, err
        assert problems_in(out, command[0], exempt, allowed) == []


def test_course_show_in_chinese_names_what_the_codes_mean(capsys: Any, db: Path) -> None:
    code, out, _ = run(capsys, db, "--lang", "zh_CN", "course", "show", "1")
    assert code == 0
    assert "甲氨蝶呤" in out and "进行中" in out and "赵医生" in out
    assert "已给药" in out and "暂停" in out and "血常规" in out
    assert re.search(r"\d{4}-\d\d-\d\d 周[一二三四五六日]", out)
    assert "时间均为本地时间" in out
    for code_word in ("methotrexate", "given", "held", "planned", "induction", "active", " lp "):
        assert code_word not in out


def test_json_keeps_the_codes(capsys: Any, db: Path) -> None:
    code, out, _ = run(capsys, db, "--lang", "zh_CN", "course", "show", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "active" and data["protocol"]["drug"] == "methotrexate"
    assert [s["status"] for s in data["sessions"][:2]] == ["given", "held"]
    code, out, _ = run(capsys, db, "--lang", "zh_CN", "protocols", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["mtx-classic"]["status"] == "standard" and rows["mtx-classic"]["route"] == [
        "lp",
        "ommaya",
    ]


def test_english_output_names_drugs_routes_and_statuses(capsys: Any, db: Path) -> None:
    code, out, _ = run(capsys, db, "protocols")
    assert code == 0
    mtx = next(line for line in out.splitlines() if line.startswith("mtx-classic "))
    assert "Methotrexate" in mtx and "lumbar puncture / Ommaya reservoir" in mtx
    assert "standard" in mtx
    assert "discontinued" in out and "investigational" in out
    code, out, _ = run(capsys, db, "course", "show", "1")
    assert code == 0
    assert "Methotrexate 12 mg, active" in out and "Verified by 赵医生 at" in out
    assert "INTRATHECAL by lumbar puncture" in out and "Induction" in out
    assert re.search(r"\d{4}-\d\d-\d\d (Mon|Tue|Wed|Thu|Fri|Sat|Sun)", out)
    assert "given " in out and "batch 7788" in out
    assert "Blood count with differential" in out and "blood_count" not in out
    code, out, _ = run(capsys, db, "plan", "--protocol", "mtx-classic", "--start", "2027-01-04")
    assert code == 0
    assert out.splitlines()[0].startswith("Methotrexate IT") and "[note]" in out
    assert "INTRATHECAL by lumbar puncture" in out.splitlines()[0]
    code, out, _ = run(capsys, db, "ctcae", "search", "neutrophil")
    assert code == 0 and "Investigations" in out


def test_selftest_summaries_are_in_chinese(
    capsys: Any, db: Path, reference: ReferenceDB, allowed: frozenset[str]
) -> None:
    """Each check's summary after ``ok    name:`` (the status and the check's name are
    the log's fixed columns, the same in every language)."""
    code, out, err = run(capsys, db, "--lang", "zh_CN", "selftest", "--no-views")
    assert code == 0, err
    summaries = [line.split(":", 1)[1] for line in out.splitlines() if line.startswith("ok    ")]
    assert len(summaries) >= 8
    text = "\n".join(summaries).replace(" KB", "")  # the backup's size
    assert problems_in(text, "selftest", exact_exemptions(reference, db), allowed) == []


@pytest.mark.parametrize("drug", ["pemetrexed", "methotrexate", "nivolumab", "topotecan"])
def test_a_drug_card_in_chinese_has_no_english_prose(capsys: Any, db: Path, drug: str) -> None:
    """Everything above the bibliography (titles cited as published) is Chinese: study labels
    and adverse-event grades too ("Registry listing", "mostly 1–2", "G≥3 AE" were English)."""
    code, out, err = run(capsys, db, "--lang", "zh_CN", "drug", drug)
    assert code == 0, err
    body = out.split("== 参考文献 ==")[0]
    assert "== 证据 ==" in body and "== 各给药途径剂量 ==" in body, body[:400]
    # the heading and the aliases line name the drug in Latin; citation keys are the same
    # in both languages
    lines = [line for line in body.splitlines()[1:] if not line.startswith("别名：")]
    text = re.sub(r"\[(?:R\d+[a-z]?|seed-\d+|ref-[A-Za-z0-9.-]+)\]", "", "\n".join(lines))
    problems: list[str] = []
    CHECK.no_english_prose(text, f"drug {drug}", problems)
    assert problems == []

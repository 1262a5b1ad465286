"""The printed summary's words in each language, and every cited source resolving."""

from __future__ import annotations

import tomllib
from datetime import datetime

import pytest
from response_factories import baseline, course, follow_up

from lmdesk.models.patient import Patient
from lmdesk.models.response import sources
from lmdesk.models.response.compare import compare
from lmdesk.models.response.describe import comparison_rows
from lmdesk.models.response.report import build_report
from lmdesk.models.sheet.document import ROUTE_IN_FULL
from lmdesk.paths import reference_sources_dir

NOW = datetime(2027, 2, 2, 10, 0)


def _report(language: str, **extra: object):
    return build_report(
        course(),
        Patient(mrn="M1", name="Zhang San 张三"),
        [
            baseline(),
            follow_up(
                csf={
                    "cytology": "negative",
                    "markers": [{"name": "CEA", "value": "13", "unit": "ng/mL"}],
                },
                clinician_conclusion="Responding",
            ),
        ],
        language,
        printed_at=NOW,
        citations={"R62": "Xu Q et al. BMC Med 2025"},
        **extra,
    )


def test_every_cited_key_resolves_in_the_bibliography() -> None:
    text = (reference_sources_dir() / "bibliography.toml").read_text(encoding="utf-8")
    known = {entry["key"] for entry in tomllib.loads(text)["reference"]}
    assert set(sources.ALL_KEYS) <= known


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_the_summary_names_route_call_and_disclaimer(language: str) -> None:
    report = _report(language)
    text = report.all_text()
    assert ROUTE_IN_FULL in report.route
    assert "2027-02-01" in text and "Zhang San 张三" in text
    assert "-35.0 %" in text
    assert "[R62]" in text and "[R70]" in text and "[R108]" in text
    assert "Responding" in text
    assert report.disclaimer and report.history and report.comparison
    english = "The clinician decides the response"
    chinese = "疗效由临床医生判定"
    joined = " ".join(report.disclaimer)
    assert (english in joined) is (language != "zh_CN")
    assert (chinese in joined) is (language != "en")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "#1 Test weekly"),
        ("zh_CN", "#1 测试每周方案"),
        ("bilingual", "#1 Test weekly / 测试每周方案"),
    ],
)
def test_the_course_is_named_in_the_summary_language(language: str, shown: str) -> None:
    """The Chinese summary named the course in English with its drug's card id."""
    course_field = _report(language).header[2]
    assert course_field.value == shown


def test_bilingual_summary_has_both_languages_in_cells() -> None:
    report = _report("bilingual")
    kps_row = next(r for r in report.comparison if r[0].startswith("Karnofsky"))
    assert kps_row[0] == "Karnofsky (KPS) / 卡氏评分(KPS)"
    assert "2027-02-01 Mon 周一" in report.history[1][0]


def test_the_marker_call_row_is_emphasised() -> None:
    report = _report("en")
    marked = [report.comparison[i][0] for i in report.attention_rows]
    assert marked == ["CSF marker CEA"]


def test_sources_list_only_what_the_reference_db_resolves() -> None:
    assert _report("en").sources == ("[R62] Xu Q et al. BMC Med 2025",)


def test_a_course_without_follow_up_still_prints_its_baseline() -> None:
    report = build_report(course(), None, [baseline()], "en", printed_at=NOW)
    assert report.comparison == () and report.overall == ()
    assert len(report.history) == 1
    assert "No follow-up assessment yet" in report.all_text()


def test_rows_have_a_source_each() -> None:
    rows = comparison_rows(compare(baseline(), follow_up()), str)
    assert all(r.source.startswith("[") for r in rows)
    assert {r.group for r in rows} >= {"performance", "neuro", "csf", "mri", "symptoms"}


def test_on_screen_chinese_comes_from_the_catalog(zh: None) -> None:
    from lmdesk.i18n import _

    rows = comparison_rows(compare(baseline(), follow_up()), _)
    assert rows[0].label == "卡氏评分(KPS)"


def test_rows_with_nothing_recorded_are_left_off_the_summary_only() -> None:
    bare = follow_up(neuro={}, neuro_rating=None, mri={"done": False})
    rows = comparison_rows(compare(baseline(neuro={}), bare), str)
    assert any(r.empty and r.label == "Gait" for r in rows)  # the screen shows it as empty
    report = build_report(course(), None, [baseline(neuro={}), bare], "en", printed_at=NOW)
    labels = [row[0] for row in report.comparison]
    assert "Gait" not in labels and "Karnofsky (KPS)" in labels

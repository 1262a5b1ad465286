"""The one-page response summary of a course, as a document in its own language.

Like the regimen sheet, the summary has a language of its own (Chinese, English or
bilingual) and may be built while the screen switches language, so it never uses the global
``_()``: every text is produced by the shared wording functions once per language and, on a
bilingual summary, joined (``English / 中文`` in cells, one line each in sentences).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_
from lmdesk.models.patient import Patient
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.checks import assessment_notes
from lmdesk.models.response.completeness import check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.dates import course_start
from lmdesk.models.response.describe import (
    DASH,
    comparison_rows,
    marker_change_text,
    overall_lines,
)
from lmdesk.models.response.imaging import KAPPA, KAPPA_OVERALL, RANO_GRADE_LABELS
from lmdesk.models.response.neuro import NEURO_RATINGS
from lmdesk.models.response.notes import Note
from lmdesk.models.response.texts import Translate, cite
from lmdesk.models.scheduling.course import Course
from lmdesk.models.sheet.build import ROUTE_DETAIL
from lmdesk.models.sheet.document import ROUTE_IN_FULL, SheetField
from lmdesk.models.sheet.text import SheetLanguage, SheetText

HISTORY_COLUMNS: tuple[str, ...] = (
    N_("Date"),
    N_("Role"),
    N_("KPS"),
    N_("ECOG"),
    N_("Cytology"),
    N_("CSF marker: value, change"),
    N_("Imaging (RANO-LM)"),
    N_("Neuro vs baseline"),
    N_("Answered"),
)
COMPARISON_COLUMNS: tuple[str, ...] = (
    N_("Component"),
    N_("Baseline"),
    N_("Now"),
    N_("Change"),
    N_("Source"),
)
DISCLAIMER = N_(
    "lmdesk supports, and does not replace, clinical judgement and the institution's "
    "protocol. The clinician decides the response; the sources define only the calls shown."
)


class ResponseReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    language: SheetLanguage
    title: str
    institution: str
    header: tuple[SheetField, ...]
    route: str
    history_title: str
    history_columns: tuple[str, ...]
    history: tuple[tuple[str, ...], ...]
    comparison_title: str
    comparison_columns: tuple[str, ...]
    comparison: tuple[tuple[str, ...], ...]
    attention_rows: tuple[int, ...]
    overall_title: str
    notes_title: str
    caveats_title: str
    sources_title: str
    overall: tuple[str, ...]
    conclusion: tuple[str, ...]
    notes: tuple[str, ...]
    caveats: tuple[str, ...]
    sources: tuple[str, ...]
    footer: tuple[SheetField, ...]
    disclaimer: tuple[str, ...]
    page_template: str
    course_id: int

    def all_text(self) -> str:
        """Every word of the summary (tests, selftest)."""
        parts = [self.title, self.institution, self.route, self.history_title]
        parts += [f"{f.label} {f.value}" for f in (*self.header, *self.footer)]
        parts += [*self.history_columns, *(c for row in self.history for c in row)]
        parts += [*self.comparison_columns, *(c for row in self.comparison for c in row)]
        parts += [self.comparison_title, self.overall_title, *self.overall, *self.conclusion]
        parts += [*self.notes, *self.caveats, *self.sources, *self.disclaimer]
        return "\n".join(parts)

    def page_label(self, page: int, pages: int) -> str:
        return self.page_template.format(page=page, pages=pages)


class _Words:
    """Runs a wording function once per summary language and joins the results."""

    def __init__(self, language: SheetLanguage) -> None:
        self.text = SheetText(language)
        english: Translate = str
        chinese: Translate = self.text.zh
        choices: dict[str, tuple[Translate, ...]] = {
            "en": (english,),
            "zh_CN": (chinese,),
            "bilingual": (english, chinese),
        }
        self.tongues = choices[language]

    def cell(self, make: Callable[[Translate], str]) -> str:
        found: list[str] = []
        for tr in self.tongues:
            text = make(tr)
            if text not in found:
                found.append(text)
        return " / ".join(found)

    def lines(self, make: Callable[[Translate], Sequence[str]]) -> tuple[str, ...]:
        out: list[str] = []
        for tr in self.tongues:
            out += [line for line in make(tr) if line not in out]
        return tuple(out)

    def one(self, message: str, **values: object) -> str:
        return self.text.one(message, **values)


def _marker_cell(response: CourseResponse, a: Assessment, tr: Translate) -> str:
    comparison = response.comparison(a)
    if comparison is None:
        return "; ".join(f"{m.name} {m.value} {m.unit}" for m in a.csf.markers) or DASH
    parts = [
        f"{m.name} {m.current} {m.unit}: {marker_change_text(m, tr)}" for m in comparison.markers
    ]
    return "; ".join(parts) or DASH


def _history_row(w: _Words, response: CourseResponse, a: Assessment) -> tuple[str, ...]:
    role = response.role(a)
    answered, total = check_completeness(a, role).summary()
    comparison = response.comparison(a)
    imaging = comparison.rano_grade if comparison else None
    rating = comparison.neuro_rating if comparison else None
    cytology = a.csf.cytology
    return (
        w.text.date(a.assessed_on),
        w.one(N_("baseline") if role == "baseline" else N_("follow-up")),
        DASH if a.kps is None else str(a.kps),
        DASH if a.ecog is None else str(a.ecog),
        w.one(CYTOLOGY_LABELS[cytology]) if cytology else DASH,
        w.cell(lambda tr: _marker_cell(response, a, tr)),
        w.one(RANO_GRADE_LABELS[imaging]) if imaging else DASH,
        w.one(NEURO_RATINGS[rating]) if rating else DASH,
        f"{answered}/{total}",
    )


def _note_line(n: Note, tr: Translate) -> list[str]:
    return [f"{n.text(tr)} {cite(n.citation)}"]


def _header(
    w: _Words, course: Course, patient: Patient | None, response: CourseResponse
) -> tuple[SheetField, ...]:
    baseline = response.baseline
    return (
        SheetField(
            label=w.one(N_("Patient")), value=patient.name if patient else course.patient_mrn
        ),
        SheetField(label=w.one(N_("MRN")), value=course.patient_mrn),
        SheetField(
            label=w.one(N_("Course")),
            # the protocol's name says its drug; the card id in brackets was English on a
            # Chinese summary
            value=f"#{course.id} {w.text.data(course.protocol.name_en, course.protocol.name_zh)}",
        ),
        SheetField(
            label=w.one(N_("Baseline")),
            value=w.text.date(baseline.assessed_on) if baseline else w.one(N_("none yet")),
        ),
    )


def _comparison_rows(
    w: _Words, response: CourseResponse
) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...]]:
    latest = response.latest
    if latest is None:
        return (), ()
    per_language = [[r for r in comparison_rows(latest, tr) if not r.empty] for tr in w.tongues]
    rows: list[tuple[str, ...]] = []
    attention: list[int] = []
    for index, variants in enumerate(zip(*per_language, strict=True)):
        cells = []
        for field in ("label", "baseline", "current", "change", "source"):
            texts: list[str] = []
            for row in variants:
                text = getattr(row, field)
                if text not in texts:
                    texts.append(text)
            cells.append(" / ".join(texts))
        rows.append(tuple(cells))
        if variants[0].attention:
            attention.append(index)
    return tuple(rows), tuple(attention)


def build_report(
    course: Course,
    patient: Patient | None,
    assessments: Sequence[Assessment],
    language: SheetLanguage,
    *,
    printed_at: dt.datetime,
    printed_by: str = "",
    institution: str = "",
    reference_version: str = "",
    citations: dict[str, str] | None = None,
) -> ResponseReport:
    """The summary of ``course`` as printed now: history, latest change, the overall call."""
    if course.id is None:
        raise ValueError("a report needs a saved course")
    w = _Words(language)
    response = CourseResponse.of(assessments)
    latest = response.latest
    comparison, attention = _comparison_rows(w, response)
    newest = response.assessments[-1] if response.assessments else None
    start = course_start(course)
    notes: list[str] = []
    if newest is not None:
        role = response.role(newest)
        found = [*assessment_notes(newest, role, start), *(latest.notes if latest else ())]
        for n in found:
            if n.code == "marker_unconfirmed":  # always among the caveats
                continue
            notes += w.lines(partial(_note_line, n))
    caveats = w.lines(
        lambda tr: [
            tr(sources.NOT_CONFIRMED["marker_name"]) + " " + cite(sources.MARKER_RULE),
            tr(sources.NOT_CONFIRMED["lm_response"]) + " " + cite(sources.SCORECARD),
            tr(sources.NOT_CONFIRMED["scorecard_points"]) + " " + cite(sources.RANO_LM),
            tr(
                N_(
                    "Inter-rater agreement of the scorecard (kappa): hydrocephalus {hydro} "
                    "(best), spinal linear enhancement {spinal} (worst), overall response "
                    "{overall}."
                )
            ).format(
                hydro=KAPPA["hydrocephalus"], spinal=KAPPA["spinal_linear"], overall=KAPPA_OVERALL
            )
            + " "
            + cite(sources.SCORECARD_VALIDATION),
        ]
    )
    keys = sorted(set(sources.ALL_KEYS), key=lambda k: (not k.startswith("R"), len(k), k))
    cited = citations or {}
    conclusion: tuple[str, ...] = ()
    if latest is not None and latest.current.clinician_conclusion:
        label = w.one(N_("Clinician's conclusion"))
        conclusion = (f"{label}: {latest.current.clinician_conclusion}",)
    return ResponseReport(
        language=language,
        title=w.one(N_("Response assessment summary")),
        institution=institution,
        header=_header(w, course, patient, response),
        route=f"{ROUTE_IN_FULL} — {w.one(ROUTE_DETAIL[course.route])}",
        history_title=w.one(N_("Assessments")),
        history_columns=tuple(w.one(c) for c in HISTORY_COLUMNS),
        history=tuple(_history_row(w, response, a) for a in response.assessments),
        comparison_title="\n".join(
            w.text.lines(
                N_("Latest follow-up ({day}) against the baseline ({baseline})"),
                day=w.text.date(latest.current.assessed_on),
                baseline=w.text.date(latest.baseline.assessed_on),
            )
        )
        if latest
        else w.one(N_("No follow-up assessment yet")),
        comparison_columns=tuple(w.one(c) for c in COMPARISON_COLUMNS),
        comparison=comparison,
        attention_rows=attention,
        overall_title=w.one(N_("Overall")),
        notes_title=w.one(N_("Notes")),
        caveats_title=w.one(N_("Not confirmed in the sources; reliability")),
        sources_title=w.one(N_("Sources")),
        overall=w.lines(lambda tr: overall_lines(latest.overall, tr)) if latest else (),
        conclusion=conclusion,
        notes=tuple(notes),
        caveats=caveats,
        sources=tuple(f"[{k}] {cited[k]}" for k in keys if k in cited),
        footer=(
            SheetField(label=w.one(N_("Reference data")), value=reference_version or DASH),
            SheetField(
                label=w.one(N_("Printed")),
                value=printed_at.strftime("%Y-%m-%d %H:%M")
                + (" " + w.one(N_("by {user}"), user=printed_by) if printed_by else ""),
            ),
        ),
        disclaimer=w.text.lines(DISCLAIMER),
        page_template=w.one(N_("Page {page} of {pages}")),
        course_id=course.id,
    )

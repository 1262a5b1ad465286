"""The printed regimen sheet as a document: every word already in the sheet's language.

A :class:`RegimenSheet` is what the ward works from at the bedside. It is built from a
course (or an unsaved plan) by :func:`lmdesk.models.sheet.build.build_sheet`, and only
*laid out* by the views (PDF, preview, printer). Keeping the content here means the
content is tested without Qt and every renderer prints the same words.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from lmdesk.models.scheduling.course import SessionStatus
from lmdesk.models.sheet.text import SheetLanguage

#: Written in full on every sheet, in both scripts whatever the sheet language.
ROUTE_IN_FULL = "INTRATHECAL / 鞘内注射"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SheetField(_Frozen):
    """A labelled value (``Patient: Zhang San``)."""

    label: str
    value: str


class SheetSection(_Frozen):
    """A titled block of lines (supportive plan, monitoring, references ...)."""

    title: str
    lines: tuple[str, ...]


class SheetSessionRow(_Frozen):
    """One session as the nurse reads it; ``given_by``/``checked_by`` empty = box to sign."""

    n: int
    date: str
    phase: str
    dose: str
    route: str
    co_injection: str
    checks: str
    status: str
    status_kind: SessionStatus
    given_by: str = ""
    checked_by: str = ""
    above_usual: bool = False


class SheetSettings(_Frozen):
    """Where and in which language the sheet is printed (from the user's settings)."""

    hospital: str = ""
    ward: str = ""
    language: SheetLanguage = "bilingual"


class SheetData(_Frozen):
    """What the sheet needs from the reference DB: names, citations, its version."""

    reference_version: str = ""
    drug_names: dict[str, tuple[str, str]] = {}
    citations: dict[str, str] = {}


class RegimenSheet(_Frozen):
    language: SheetLanguage
    title: str
    institution: str
    saved: bool
    banners: tuple[str, ...]  # not saved, course stopped: shown above everything
    header: tuple[SheetField, ...]
    route_in_full: str
    route_detail: str
    order: tuple[SheetField, ...]
    safety_title: str
    safety_lines: tuple[str, ...]
    session_columns: tuple[str, ...]
    sessions: tuple[SheetSessionRow, ...]
    sections: tuple[SheetSection, ...]
    signatures: tuple[SheetField, ...]
    footer: tuple[SheetField, ...]
    disclaimer: tuple[str, ...]
    page_template: str  # "Page {page} of {pages}", formatted by the renderer per page
    course_id: int | None
    course_revision: int
    reference_version: str
    printed_at: str

    def page_label(self, page: int, pages: int) -> str:
        return self.page_template.format(page=page, pages=pages)

    def all_text(self) -> str:
        """Every word of the sheet except the page labels (tests, search, fingerprint)."""
        parts: list[str] = [self.title, self.institution, *self.banners]
        parts += [f"{f.label}: {f.value}" for f in self.header]
        parts += [self.route_in_full, self.route_detail]
        parts += [f"{f.label}: {f.value}" for f in self.order]
        parts += [self.safety_title, *self.safety_lines, *self.session_columns]
        for row in self.sessions:
            parts += [
                str(row.n),
                row.date,
                row.phase,
                row.dose,
                row.route,
                row.co_injection,
                row.checks,
                row.status,
                row.given_by,
                row.checked_by,
            ]
        for section in self.sections:
            parts += [section.title, *section.lines]
        parts += [f"{f.label}: {f.value}" for f in (*self.signatures, *self.footer)]
        parts += list(self.disclaimer)
        return "\n".join(p for p in parts if p)

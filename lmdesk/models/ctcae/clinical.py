"""Guided grading of clinical (non-lab) CTCAE terms: read the descriptors, pick a grade.

CTCAE's front matter (ctcae_criteria.md 1.1): a semicolon means "or", so any one clause of a
grade is enough; instrumental vs self-care ADL is the usual divide between grades 2 and 3.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.ctcae.lab_query import GradeStatus, LabGrade
from lmdesk.models.ctcae.terms import CtcaeTerm
from lmdesk.models.errors import BadInputError

# ctcae_criteria.md 1.1, in our own words.
GRADE_MEANINGS: dict[int, str] = {
    1: N_("Mild; no or mild symptoms; observation only; no intervention."),
    2: N_("Moderate; minimal, local or non-invasive intervention; limits instrumental ADL."),
    3: N_(
        "Severe or medically significant but not immediately life-threatening; hospital "
        "admission or longer stay; disabling; limits self-care ADL."
    ),
    4: N_("Life-threatening consequences; urgent intervention."),
    5: N_("Death related to the adverse event."),
}
ADL_INSTRUMENTAL = N_(
    "Instrumental ADL: preparing meals, shopping for groceries or clothes, using the "
    "telephone, managing money, and the like."
)
ADL_SELF_CARE = N_(
    "Self-care ADL: bathing, dressing and undressing, feeding oneself, using the toilet, "
    "taking medicines."
)
SEMICOLON_RULE = N_("A semicolon means 'or': any one clause of a grade is enough.")

_POST_LP = re.compile(r"post-lumbar puncture:\s*(.*?)(?:;\s*post-craniotomy:|$)", re.IGNORECASE)
_POST_LP_ZH = re.compile(r"腰椎穿刺后[：:]\s*(.*?)(?:[；;]\s*开颅术后[：:]|$)")


class Descriptor(BaseModel):
    """One grade of a term as shown to the clinician."""

    model_config = ConfigDict(frozen=True)

    grade: int
    text: str
    text_en: str
    clauses: tuple[str, ...]
    mentions_instrumental_adl: bool
    mentions_self_care_adl: bool
    post_lumbar_puncture: str | None = None


def descriptors(term: CtcaeTerm, language: str = "en") -> list[Descriptor]:
    """The grades that exist for ``term``, mildest first, with their clauses split on ';'."""
    out = []
    for grade in sorted(term.grades):
        english = term.grades[grade]
        text = term.grade_text(grade, language) or english
        lowered = english.casefold()
        post_lp = _POST_LP_ZH.search(text) if text != english else None
        post_lp = post_lp or _POST_LP.search(english)
        out.append(
            Descriptor(
                grade=grade,
                text=text,
                text_en=english,
                clauses=tuple(c.strip() for c in re.split(r"[;；]", text) if c.strip()),
                mentions_instrumental_adl="instrumental adl" in lowered,
                mentions_self_care_adl="self care adl" in lowered or "self-care adl" in lowered,
                post_lumbar_puncture=post_lp.group(1).strip() if post_lp else None,
            )
        )
    return out


def grade_clinical(term: CtcaeTerm, grade: int) -> LabGrade:
    """Record the clinician's choice as a result of the same shape as a lab grade."""
    if grade not in term.grades:
        raise BadInputError(
            _("{term} has no grade {grade} in CTCAE v{version} (grades: {grades}).").format(
                term=term.term,
                grade=grade,
                version=term.version,
                grades=", ".join(str(g) for g in sorted(term.grades)),
            )
        )
    return LabGrade(
        term=term.term,
        version=term.version,
        grade=grade,
        status=GradeStatus.GRADED,
        criterion=term.grades[grade],
    )

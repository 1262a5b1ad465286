"""CTCAE v5.0 / v6.0 grading: lab auto-grading, term model, guided clinical grading."""

from lmdesk.models.ctcae.lab_grading import UnknownTermError, grade_lab, resolve_lab_term
from lmdesk.models.ctcae.lab_query import GradeStatus, LabGrade, LabQuery

__all__ = [
    "GradeStatus",
    "LabGrade",
    "LabQuery",
    "UnknownTermError",
    "grade_lab",
    "resolve_lab_term",
]

"""Building one grading answer: the notes made on the way and the final LabGrade."""

from __future__ import annotations

from lmdesk.i18n import _
from lmdesk.models.ctcae.lab_query import GradeStatus, LabGrade, LabQuery
from lmdesk.models.ctcae.rules import (
    FACT_FEVER_OVER_24H,
    FACT_SYMPTOMATIC,
    Choice,
    GradeSpec,
    LabTerm,
)


class Grading:
    """Collects the assumptions made while grading one query, then gives the answer."""

    def __init__(self, query: LabQuery, term: LabTerm, notes: list[str]) -> None:
        self.query = query
        self.term = term
        self.assumptions: list[str] = list(notes)

    def result(
        self,
        grade: int | None,
        status: GradeStatus,
        reason: str | None = None,
        needs: tuple[str, ...] = (),
    ) -> LabGrade:
        criterion = self.term.texts.get(grade) if status is GradeStatus.GRADED and grade else None
        return LabGrade(
            term=self.term.name,
            version=self.term.version,
            grade=grade,
            status=status,
            criterion=criterion,
            assumptions=tuple(self.assumptions),
            reason=reason,
            needs=needs,
        )

    def graded(self, grade: int) -> LabGrade:
        return self.result(grade, GradeStatus.GRADED if grade > 0 else GradeStatus.NORMAL)

    def not_gradable(self, reason: str, needs: tuple[str, ...] = ()) -> LabGrade:
        """Not gradable; ``needs`` names the input that would make it gradable, if one would."""
        return self.result(None, GradeStatus.NOT_GRADABLE, reason, needs)

    def ambiguous(self, reason: str) -> LabGrade:
        return self.result(None, GradeStatus.AMBIGUOUS, reason)

    def choose(self, spec: GradeSpec) -> int:
        """A band's grade; for a fact-dependent band, the fact or else the worse case."""
        if isinstance(spec, int):
            return spec
        fact = self._fact(spec)
        if fact is None:
            self.assumptions.append(self._worst_case_note(spec))
            return spec.worst
        return spec.if_true if fact else spec.if_false

    def _fact(self, spec: Choice) -> bool | None:
        if spec.fact == FACT_SYMPTOMATIC:
            return self.query.symptomatic
        if spec.fact == FACT_FEVER_OVER_24H:
            hours = self.query.hours_above_40c
            return None if hours is None else hours > 24
        raise ValueError(spec.fact)

    @staticmethod
    def _worst_case_note(spec: Choice) -> str:
        if spec.fact == FACT_SYMPTOMATIC:
            return _("Symptoms not stated: graded as symptomatic (the worse case).")
        return _("Time above 40 °C not stated: graded as more than 24 hours (the worse case).")

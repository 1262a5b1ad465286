"""A course's assessments taken together: the baseline, each follow-up's comparison."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.compare import Comparison, compare
from lmdesk.models.response.completeness import Role


@dataclass(frozen=True)
class CourseResponse:
    """Active assessments by date (then id); ``baseline`` is the one marked so."""

    assessments: tuple[Assessment, ...]

    @classmethod
    def of(cls, assessments: Iterable[Assessment]) -> CourseResponse:
        active = [a for a in assessments if a.is_active]
        return cls(tuple(sorted(active, key=lambda a: (a.assessed_on, a.id or 0))))

    @property
    def baseline(self) -> Assessment | None:
        return next((a for a in self.assessments if a.is_baseline), None)

    @property
    def follow_ups(self) -> tuple[Assessment, ...]:
        return tuple(a for a in self.assessments if not a.is_baseline)

    def role(self, assessment: Assessment) -> Role:
        """A new assessment on a course with no baseline becomes its baseline."""
        if assessment.is_baseline or self.baseline is None:
            return "baseline"
        return "follow_up"

    def comparison(self, assessment: Assessment) -> Comparison | None:
        baseline = self.baseline
        if baseline is None or assessment.is_baseline:
            return None
        return compare(baseline, assessment)

    @property
    def latest(self) -> Comparison | None:
        """The latest follow-up against the baseline (what the summary leads with)."""
        return self.comparison(self.follow_ups[-1]) if self.follow_ups else None

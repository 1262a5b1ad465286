"""Where the PK view gets a patient's course doses (the scheduler's course repository)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lmdesk.models.pk.course_link import CourseDose, course_doses

if TYPE_CHECKING:
    from lmdesk.app_context import AppContext

#: (course id, drug id) -> doses of that drug in that course, in time order.
CourseSource = Callable[[int, str], list[CourseDose]]


def course_source_from(ctx: AppContext) -> CourseSource:
    """Read courses from the patient DB, opened only when a course is first loaded."""

    def load(course_id: int, drug_id: str) -> list[CourseDose]:
        from lmdesk.store.course_repo import CourseRepository

        course = CourseRepository(ctx.patients).get(course_id)
        return course_doses(list(course.sessions), drug_id)

    return load

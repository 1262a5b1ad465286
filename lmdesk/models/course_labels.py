"""How a course is named where the user picks one: number, protocol name, first day."""

from __future__ import annotations

from lmdesk.models.course import Course


def course_choice_label(course: Course, language: str) -> str:
    """``#3 Methotrexate IT, classic schedule (2027-01-04)``, the protocol named in
    ``language`` (its id is for scripts, not for the ward)."""
    start = course.sessions[0].date.isoformat() if course.sessions else "-"
    return f"#{course.id} {course.protocol.display_name(language)} ({start})"

"""Which dates assessments may have on a course (one baseline; follow-ups after it)."""

from __future__ import annotations

from datetime import date

import pytest
from response_factories import baseline, course, follow_up

from lmdesk.models.errors import BadInputError
from lmdesk.models.response.dates import check_assessment_set, course_start

TODAY = date(2027, 3, 1)
START = date(2027, 1, 4)


def test_course_start_is_the_first_session() -> None:
    assert course_start(course(START)) == START


def test_a_baseline_before_the_first_session_is_allowed() -> None:
    check_assessment_set([baseline(assessed_on=date(2026, 12, 20))], START, TODAY)


def test_only_the_baseline_may_be_dated_before_the_first_session() -> None:
    with pytest.raises(BadInputError, match="before the course's first IT session"):
        check_assessment_set(
            [baseline(assessed_on=date(2026, 12, 20)), follow_up(assessed_on=date(2027, 1, 3))],
            START,
            TODAY,
        )


def test_a_follow_up_must_come_after_the_baseline() -> None:
    b = baseline(assessed_on=date(2027, 1, 10))
    for day in (date(2027, 1, 10), date(2027, 1, 5)):
        with pytest.raises(BadInputError, match="after the baseline"):
            check_assessment_set([b, follow_up(assessed_on=day)], START, TODAY)
    check_assessment_set([b, follow_up(assessed_on=date(2027, 1, 11))], START, TODAY)


def test_no_assessment_in_the_future() -> None:
    with pytest.raises(BadInputError, match="future"):
        check_assessment_set([baseline(assessed_on=date(2027, 3, 2))], START, TODAY)


def test_messages_show_the_weekday() -> None:
    with pytest.raises(BadInputError, match="2027-03-02 Tue"):
        check_assessment_set([baseline(assessed_on=date(2027, 3, 2))], START, TODAY)


def test_exactly_one_baseline() -> None:
    with pytest.raises(BadInputError, match="exactly one baseline"):
        check_assessment_set([follow_up()], START, TODAY)
    with pytest.raises(BadInputError, match="exactly one baseline"):
        check_assessment_set([baseline(), follow_up(is_baseline=True)], START, TODAY)
    check_assessment_set([], START, TODAY)


def test_retracted_assessments_do_not_count() -> None:
    gone = follow_up(assessed_on=date(2026, 12, 1), status="retracted")
    check_assessment_set([baseline(), gone], START, TODAY)

"""Bad values a script or a slip can give (issue 28 item 7): refused in one clear sentence."""

from datetime import date, datetime, timedelta, timezone

import pytest

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.gate import GateInput, give_checked
from lmdesk.models.scheduling.planning import MAX_SESSIONS, PlanOptions, adhoc_protocol, plan_course
from lmdesk.models.scheduling.protocol import DoseRange, Phase, Protocol

TZ = timezone(timedelta(hours=8))
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=TZ)
LIMITS = DoseLimits([DoseLimit(drug="methotrexate", usual_max_mg=12.5, ceiling_mg=15)])
LP_ONLY = Protocol(
    id="lp-only",
    name_en="MTX by LP",
    drug="methotrexate",
    routes=("lp",),
    dose=DoseRange(min_mg=10, max_mg=12, default_mg=12),
    phases=(Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2),),
)


def _course():
    plan = plan_course(LP_ONLY, PlanOptions(start=date(2027, 1, 4)), LIMITS, None)
    return course_from_plan(plan, "M1", "Dr Wang", NOW).model_copy(update={"id": 1})


@pytest.mark.parametrize("start", [date(9999, 12, 31), date.max, date(1, 1, 1), date(1899, 1, 1)])
def test_a_start_near_the_calendars_ends_is_bad_input(start):
    with pytest.raises(BadInputError):
        plan_course(LP_ONLY, PlanOptions(start=start), LIMITS, None)


def test_a_plan_beyond_the_session_limit_is_refused_with_the_limit():
    protocol = adhoc_protocol("methotrexate", 10, 7, 900)
    with pytest.raises(BadInputError, match=str(MAX_SESSIONS)):
        plan_course(protocol, PlanOptions(start=date(2027, 1, 4)), LIMITS, None)
    with pytest.raises(BadInputError, match=str(MAX_SESSIONS)):
        plan_course(
            LP_ONLY.model_copy(update={"phases": (Phase(kind="maintenance", period_days=7),)}),
            PlanOptions(start=date(2027, 1, 4), maintenance_count=10**9),
            LIMITS,
            None,
        )


def test_an_ommaya_dose_on_an_lp_only_course_is_refused():
    course = _course()
    with pytest.raises(SafetyRefusal) as info:
        act.give(course, 1, at=NOW, dose_mg=12, route="ommaya", given_by="Nurse Li", limits=LIMITS)
    assert info.value.rule == "route"
    act.give(course, 1, at=NOW, dose_mg=12, route="lp", given_by="Nurse Li", limits=LIMITS)


@pytest.mark.parametrize("at", [datetime(2099, 1, 4, 9, 0), datetime(1900, 1, 4, 9, 0)])
def test_a_given_time_in_2099_or_1900_is_refused(at):
    inp = GateInput(course=_course(), session=1, at=at, route="lp", dose_mg=12, given_by="Li")
    with pytest.raises(BadInputError):
        give_checked(inp, now=NOW, limits=LIMITS)

"""A course's given and planned sessions become doses at the right times and sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.course_link import course_doses, doses_of

WARD = timezone(timedelta(hours=8))


@dataclass
class Given:
    at: datetime
    dose_mg: float
    route: str


@dataclass
class Sess:
    date: date
    drug: str
    dose_mg: float
    route: str
    status: str
    given: Given | None = None


def test_given_planned_held_and_other_drugs() -> None:
    sessions = [
        Sess(
            date(2027, 1, 4),
            "methotrexate",
            12,
            "lp",
            "given",
            Given(datetime(2027, 1, 4, 10, 30, tzinfo=WARD), 10.0, "ommaya"),
        ),
        Sess(
            date(2027, 1, 7),
            "thiotepa",
            10,
            "lp",
            "given",
            Given(datetime(2027, 1, 7, 10, 0, tzinfo=WARD), 10.0, "lp"),
        ),
        Sess(date(2027, 1, 11), "methotrexate", 12, "lp", "held"),
        Sess(date(2027, 1, 14), "methotrexate", 12, "lp", "planned"),
        Sess(date(2027, 1, 18), "methotrexate", 12, "lp", "delayed"),
    ]
    doses = course_doses(sessions, "methotrexate")
    assert [d.given for d in doses] == [True, False, False]
    assert doses[0].time_h == 0.0 and doses[0].dose_mg == 10.0 and doses[0].route == "ommaya"
    assert doses[1].time_h == pytest.approx(10 * 24 - 1.5)  # planned at 09:00
    model_doses = doses_of(doses)
    assert model_doses.targets.tolist() == [0, 4, 4]
    assert model_doses.amounts_mg.tolist() == [10.0, 12.0, 12.0]


def test_course_without_the_drug_is_bad_input() -> None:
    sessions = [Sess(date(2027, 1, 4), "thiotepa", 10, "lp", "planned")]
    with pytest.raises(BadInputError):
        course_doses(sessions, "methotrexate")

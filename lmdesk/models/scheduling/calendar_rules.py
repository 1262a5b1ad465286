"""Calendar rules for IT sessions: allowed days, minimum interval, at most 2 in any 7 days.

Sources: at most 2 IT treatments a week, one drug per treatment (BC Cancer MOIT [R40]);
"twice weekly (every 2-5 days)" (HOPA [R42]) gives the default 3-day minimum interval.
Placement only ever moves a session *later*, so moving off a weekend or holiday can
never break the minimum interval or the 7-day cap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _, current_language
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.finding import Finding, warning
from lmdesk.models.scheduling.protocol import DrugNames, drug_name_in

DEFAULT_MIN_INTERVAL_DAYS = 3
MAX_SESSIONS_PER_7_DAYS = 2
WINDOW_DAYS = 7
#: IT co-injections a protocol may add to its one IT drug (dexamethasone 5 mg [R50][R55]).
ALLOWED_IT_COINJECTIONS = frozenset({"dexamethasone"})
_SEARCH_LIMIT_DAYS = 366


class ScheduleCalendar(BaseModel):
    """Which days sessions may fall on: optionally no weekends, never on a listed holiday."""

    model_config = ConfigDict(frozen=True)

    avoid_weekends: bool = False
    holidays: frozenset[date] = frozenset()

    def allows(self, day: date) -> bool:
        if self.avoid_weekends and day.weekday() >= 5:
            return False
        return day not in self.holidays


def next_allowed_day(day: date, calendar: ScheduleCalendar) -> date:
    """The first allowed day on or after ``day``."""
    candidate = day
    for _step in range(_SEARCH_LIMIT_DAYS):
        if calendar.allows(candidate):
            return candidate
        candidate += timedelta(days=1)
    raise BadInputError(
        _("No allowed day within a year of {day}: check the holiday list.").format(
            day=day.isoformat()
        )
    )


def _fits(candidate: date, taken: Sequence[date], min_interval_days: int) -> bool:
    """True if an IT session on ``candidate`` keeps the rules with every ``taken`` date."""
    near = [d for d in taken if abs((d - candidate).days) < WINDOW_DAYS]
    if any(abs((d - candidate).days) < min_interval_days for d in near):
        return False
    window = sorted([*near, candidate])
    span = MAX_SESSIONS_PER_7_DAYS
    return all(
        (window[i + span] - window[i]).days >= WINDOW_DAYS for i in range(len(window) - span)
    )


def place_session(
    nominal: date,
    previous: Sequence[date],
    calendar: ScheduleCalendar,
    min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS,
    others: Sequence[date] = (),
) -> date:
    """Earliest day >= ``nominal`` that is allowed and keeps every interval rule.

    ``previous`` are the dates of this course's sessions already placed (ascending);
    ``others`` are the patient's IT sessions in other courses (any order, before or
    after): the rules hold across courses, since they protect the patient.
    """
    candidate = nominal
    if previous:
        candidate = max(candidate, previous[-1] + timedelta(days=min_interval_days))
    taken = [*previous, *others]
    for _step in range(_SEARCH_LIMIT_DAYS):
        candidate = next_allowed_day(candidate, calendar)
        if _fits(candidate, taken, min_interval_days):
            return candidate
        candidate += timedelta(days=1)
    raise BadInputError(_("Could not place a session after {day}.").format(day=nominal.isoformat()))


def interval_findings(
    dates: Sequence[date], min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS
) -> list[Finding]:
    """Every broken interval rule among these IT session dates (any order)."""
    ordered = sorted(dates)
    found: list[Finding] = []
    for i in range(1, len(ordered)):
        gap = (ordered[i] - ordered[i - 1]).days
        if gap < min_interval_days:
            found.append(
                warning(
                    "min_interval",
                    _(
                        "Sessions on {a} and {b} are {gap} days apart; the minimum is {min} days."
                    ).format(
                        a=ordered[i - 1].isoformat(),
                        b=ordered[i].isoformat(),
                        gap=gap,
                        min=min_interval_days,
                    ),
                )
            )
    for i in range(MAX_SESSIONS_PER_7_DAYS, len(ordered)):
        first = ordered[i - MAX_SESSIONS_PER_7_DAYS]
        if (ordered[i] - first).days < WINDOW_DAYS:
            found.append(
                warning(
                    "max_per_week",
                    _(
                        "More than {n} IT sessions between {a} and {b} "
                        "(any 7 days may hold at most {n})."
                    ).format(
                        n=MAX_SESSIONS_PER_7_DAYS, a=first.isoformat(), b=ordered[i].isoformat()
                    ),
                )
            )
    return found


def systemic_same_day(
    session_dates: Iterable[tuple[int, date]], systemic_dates: Iterable[date]
) -> list[Finding]:
    """Warn for each IT session that falls on a systemic chemotherapy day."""
    chemo = set(systemic_dates)
    return [
        warning(
            "systemic_same_day",
            _("Session {n} on {day} falls on a systemic chemotherapy day.").format(
                n=n, day=day.isoformat()
            ),
            session=n,
        )
        for n, day in session_dates
        if day in chemo
    ]


def check_one_it_drug(
    main_drug: str, it_co_medications: Iterable[str], names: DrugNames | None = None
) -> None:
    """Refuse a second IT drug in a session; declared co-injections (dexamethasone) aside.

    ``names`` (card id -> English, Chinese) words the refusal in the reader's language.
    """
    language = current_language()
    for drug in it_co_medications:
        if drug == main_drug or drug not in ALLOWED_IT_COINJECTIONS:
            raise SafetyRefusal(
                _(
                    "Only one IT drug per session: {drug} cannot be injected with {main} "
                    "(only a dexamethasone co-injection is allowed) [R40]."
                ).format(
                    drug=drug_name_in(drug, names or {}, language),
                    main=drug_name_in(main_drug, names or {}, language),
                ),
                rule="one_it_drug",
            )

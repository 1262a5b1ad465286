"""Recheck a whole plan against the safety rules, as if it had just been planned in the app.

A plan that did not come out of ``plan_course`` in this process (a plan file, a plan
edited by hand, a plan built from a protocol read back from the database) is input.
:func:`check_plan` refuses it unless every rule holds:

- the protocol passes ``protocol_check`` (identity, never-IT, systemic, one IT drug, ceilings);
- each session gives the protocol's drug, by one of its routes, in mg, within the protocol's
  range and below the hard ceiling, with a typed reason above the usual range;
- each session's co-medications pass the same rules as the protocol's;
- the session dates keep the interval rules: never two IT doses on one day, the minimum
  interval, at most two IT sessions in any seven days; the number of sessions is bounded.
"""

from __future__ import annotations

from datetime import date

from lmdesk.i18n import _
from lmdesk.models.drugs.never_it import NeverItLookup, refuse_never_it_on_course
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.calendar_rules import interval_findings
from lmdesk.models.scheduling.dose_safety import DoseLimits, check_dose, require_reason
from lmdesk.models.scheduling.planning import MAX_SESSIONS, Plan, PlannedSession
from lmdesk.models.scheduling.protocol_check import (
    IDENTITY_RULE,
    UNIT_RULE,
    catalog_names,
    check_co_medication,
    check_protocol_safety,
    require_cards,
)

INTERVAL_RULE = "it_interval"
#: The earliest and latest session dates a plan may carry (a plan outside is malformed).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def _check_session(
    s: PlannedSession, plan: Plan, limits: DoseLimits, catalog: NeverItLookup | None
) -> None:
    protocol = plan.protocol
    if s.drug != protocol.drug:
        raise SafetyRefusal(
            _(
                "Session {n} gives {drug!r}, not the protocol's drug {main!r}: one IT drug per "
                "course, named by its card id."
            ).format(n=s.n, drug=s.drug, main=protocol.drug),
            rule=IDENTITY_RULE,
        )
    if s.unit != "mg":
        raise SafetyRefusal(
            _("Session {n} is dosed in {unit!r}: IT doses are written in mg only.").format(
                n=s.n, unit=s.unit
            ),
            rule=UNIT_RULE,
        )
    if s.route not in protocol.routes:
        raise BadInputError(
            _("Session {n} is given by {route!r}, not a route of its protocol.").format(
                n=s.n, route=s.route
            )
        )
    if not EARLIEST_DATE <= s.date <= LATEST_DATE:
        raise BadInputError(
            _("Session {n} is dated {day}, outside {lo}-{hi}.").format(
                n=s.n, day=s.date.isoformat(), lo=EARLIEST_DATE.year, hi=LATEST_DATE.year
            )
        )
    # The hard ceiling first, then the protocol's range, then the typed reason above usual.
    require_reason(check_dose(s.drug, s.route, s.dose_mg, limits, plan.dose_reason, s.n))
    rng = protocol.dose
    if not rng.min_mg <= s.dose_mg <= rng.max_mg:
        raise SafetyRefusal(
            _("Session {n}: {dose:g} mg is outside the protocol's range {lo:g}-{hi:g} mg.").format(
                n=s.n, dose=s.dose_mg, lo=rng.min_mg, hi=rng.max_mg
            ),
            rule="dose_range",
        )
    names = catalog_names(catalog)
    for med in s.co_medications:
        check_co_medication(med, protocol.drug, s.route, limits, catalog, names)


def check_plan(plan: Plan, limits: DoseLimits, catalog: NeverItLookup | None) -> None:
    """Refuse ``plan`` unless it keeps every rule a plan made in the app keeps.

    Raises ``SafetyRefusal`` (exit 3) for a broken safety rule, ``BadInputError`` (exit 2)
    for a plan that cannot be a plan (no sessions, too many, a date out of range).
    """
    require_cards(catalog)
    if not plan.sessions:
        raise BadInputError(_("The plan has no sessions."))
    if len(plan.sessions) > MAX_SESSIONS:
        raise BadInputError(
            _("The plan has {n} sessions; a plan may have at most {max}.").format(
                n=len(plan.sessions), max=MAX_SESSIONS
            )
        )
    # Never-IT names first, so a look-alike of a never-IT drug is refused as such.
    refuse_never_it_on_course(
        [plan.protocol.drug, *(s.drug for s in plan.sessions)],
        [(m.drug, m.route) for s in plan.sessions for m in s.co_medications],
        catalog,
    )
    check_protocol_safety(plan.protocol, catalog, limits)
    if plan.route not in plan.protocol.routes:
        raise BadInputError(
            _("The plan's route {route!r} is not a route of its protocol.").format(route=plan.route)
        )
    require_reason(
        check_dose(plan.protocol.drug, plan.route, plan.dose_mg, limits, plan.dose_reason)
    )
    if not plan.protocol.dose.min_mg <= plan.dose_mg <= plan.protocol.dose.max_mg:
        raise SafetyRefusal(
            _("{dose:g} mg is outside the protocol's range {lo:g}-{hi:g} mg.").format(
                dose=plan.dose_mg, lo=plan.protocol.dose.min_mg, hi=plan.protocol.dose.max_mg
            ),
            rule="dose_range",
        )
    numbers = [s.n for s in plan.sessions]
    if len(set(numbers)) != len(numbers):
        raise BadInputError(_("The plan numbers two sessions alike."))
    for s in plan.sessions:
        _check_session(s, plan, limits, catalog)
    min_interval = min(p.min_interval_days for p in plan.protocol.phases)
    broken = interval_findings([s.date for s in plan.sessions], min_interval)
    if broken:
        raise SafetyRefusal(broken[0].message + " " + _("Refused."), rule=INTERVAL_RULE)

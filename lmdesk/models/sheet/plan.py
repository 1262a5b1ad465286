"""Read back the plan that ``lmdesk plan --json`` printed, to print its sheet unsaved.

The JSON names its protocol by id and lists the dated sessions; the caller looks the
protocol up (or rebuilds an ad-hoc one). Anything malformed is ``BadInputError``: a sheet
is never printed from a plan that was only half understood.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from lmdesk.i18n import _
from lmdesk.models.drugs.never_it import NeverItLookup
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.plan_check import check_plan
from lmdesk.models.scheduling.planning import MAX_SESSIONS, Plan, PlannedSession
from lmdesk.models.scheduling.protocol import Protocol


def plan_protocol_id(doc: Any) -> str:
    """The protocol id a plan document names (``protocol`` as an id or a whole protocol)."""
    if not isinstance(doc, dict):
        raise BadInputError(_("The plan file must hold one JSON object from 'lmdesk plan --json'."))
    value = doc.get("protocol")
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str) or not value.strip():
        raise BadInputError(_("The plan file names no protocol."))
    return value.strip()


def plan_from_json(
    doc: Any, protocol: Protocol, limits: DoseLimits, catalog: NeverItLookup | None
) -> Plan:
    """Rebuild the :class:`Plan` from its JSON document and the protocol it names, and
    recheck it against every safety rule (:func:`check_plan`): a file is input."""
    plan_protocol_id(doc)
    raw_sessions = doc.get("sessions") or []
    if not isinstance(raw_sessions, list) or len(raw_sessions) > MAX_SESSIONS:
        raise BadInputError(
            _("The plan file must list at most {max} sessions.").format(max=MAX_SESSIONS)
        )
    try:
        sessions = tuple(
            PlannedSession.model_validate(
                {
                    "drug": doc.get("drug") or protocol.drug,
                    "nominal_date": s.get("date"),
                    **{k: v for k, v in s.items() if k in PlannedSession.model_fields},
                }
            )
            for s in raw_sessions
        )
        plan = Plan(
            protocol=protocol,
            route=doc.get("route") or protocol.routes[0],
            dose_mg=float(doc.get("dose_mg") or protocol.dose.default_mg),
            dose_reason=str(doc.get("dose_reason") or ""),
            sessions=sessions,
            mri_dates=tuple(doc.get("mri_dates") or ()),
            schedule_choices=tuple(doc.get("schedule_choices") or ()),
        )
    except (ValidationError, AttributeError, TypeError, ValueError) as exc:
        raise BadInputError(
            _("The plan file is not a plan from 'lmdesk plan --json': {detail}").format(
                detail=str(exc).splitlines()[0]
            )
        ) from None
    if not plan.sessions:
        raise BadInputError(_("The plan file has no sessions."))
    check_plan(plan, limits, catalog)
    return plan

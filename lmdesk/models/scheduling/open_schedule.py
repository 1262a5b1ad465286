"""Phases the sources leave open: fill them with the clinician's numbers or a marked default.

A protocol whose source gives no number of cycles (or no interval) must still plan: the
phase's ``ScheduleDefault`` (an analogous sourced schedule, with its basis) is laid out
and every session of it is "not confirmed" until the clinician confirms the default or
enters their own numbers. A course is never saved with an unconfirmed default
(:func:`require_confirmed_schedule`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.scheduling.protocol import PHASE_LABELS, Phase, PhaseKind

SCHEDULE_DEFAULT_RULE = "schedule_default_unconfirmed"
#: Who chose the numbers of a phase the sources leave open.
ScheduleOrigin = Literal["clinician", "default_confirmed", "default"]


class ScheduleChoice(BaseModel):
    """How a phase the sources leave open was filled, kept on the plan and the course."""

    model_config = ConfigDict(frozen=True)

    phase_index: int = Field(ge=0)
    kind: PhaseKind
    #: The interval used where the phase has no sourced period (None: the phase's own).
    period_days: int | None = None
    repeats: int = Field(ge=1)
    interval_from_default: bool = False
    count_from_default: bool = False
    #: The phase's first dose after the previous phase is a default (no source states it).
    transition_from_default: bool = False
    origin: ScheduleOrigin
    basis: str = ""

    @property
    def confirmed(self) -> bool:
        return self.origin != "default"

    @property
    def uses_default(self) -> bool:
        return self.interval_from_default or self.count_from_default or self.transition_from_default


TRANSITION_BASIS = N_(
    "no source states when the first maintenance dose falls after the last weekly one "
    "(reference: maintenance timing, not confirmed); the default is one maintenance interval "
    "after the last dose of the previous phase, so no extra weekly dose is added."
)


def transition_choice(index: int, phase: Phase, *, confirm_default: bool) -> ScheduleChoice:
    """The default start of a maintenance phase whose transition no source states."""
    return ScheduleChoice(
        phase_index=index,
        kind=phase.kind,
        repeats=1,
        transition_from_default=True,
        origin="default_confirmed" if confirm_default else "default",
        basis=_(TRANSITION_BASIS),
    )


def open_schedule(
    index: int,
    phase: Phase,
    *,
    every_days: int | None,
    count: int | None,
    confirm_default: bool,
    found: list[Finding],
) -> ScheduleChoice | None:
    """Fill an unconfirmed phase: the clinician's numbers where given, else the phase's default.

    ``None`` only for a phase with no default (a course snapshot from before defaults
    existed) whose numbers the clinician has not entered: the planner then asks.
    """
    needs_period = phase.period_days is None and phase.period_months is None
    default = phase.default
    period_from_default = needs_period and every_days is None
    count_from_default = count is None
    if (period_from_default and (default is None or default.period_days is None)) or (
        count_from_default and default is None
    ):
        found.append(
            warning(
                "needs_clinician_input",
                _(
                    "The sources do not confirm the {phase} schedule of this protocol "
                    "({note}): "
                    "enter the interval in days and the number of sessions."
                ).format(
                    phase=_(PHASE_LABELS[phase.kind]),
                    note=phase.note_in(current_language()) or _("not confirmed"),
                ),
            )
        )
        return None
    period: int | None = None
    if needs_period:
        period = every_days
        if period_from_default and default is not None:
            period = default.period_days
    repeats = count if count is not None else default.repeats if default else 1
    uses_default = period_from_default or count_from_default
    origin: ScheduleOrigin = "clinician"
    if uses_default:
        origin = "default_confirmed" if confirm_default else "default"
    return ScheduleChoice(
        phase_index=index,
        kind=phase.kind,
        period_days=period,
        repeats=repeats,
        interval_from_default=period_from_default,
        count_from_default=count_from_default,
        origin=origin,
        basis=default.basis(current_language()) if default is not None and uses_default else "",
    )


def schedule_finding(choice: ScheduleChoice, phase: Phase, sessions: int) -> Finding:
    """What the plan says about a phase the sources leave open, by who chose its numbers."""
    label = _(PHASE_LABELS[phase.kind])
    shape = schedule_shape(choice, phase)
    if choice.transition_from_default:
        return _transition_finding(choice, label, shape)
    if choice.origin == "clinician":
        return info(
            "schedule_entered",
            _(
                "{phase}: the sources do not give this schedule; the clinician entered it "
                "({shape}, {n} sessions)."
            ).format(phase=label, shape=shape, n=sessions),
        )
    if choice.origin == "default_confirmed":
        return info(
            "schedule_default_confirmed",
            _(
                "{phase}: default schedule confirmed by the clinician ({shape}, {n} sessions); "
                "the sources do not give it. Basis of the default: {basis}"
            ).format(phase=label, shape=shape, n=sessions, basis=choice.basis),
        )
    return warning(
        SCHEDULE_DEFAULT_RULE,
        _(
            "{phase}: NOT CONFIRMED. The sources leave {open} open; planned by default: "
            "{shape}, {n} sessions. Basis of the default: {basis} Confirm the default, or enter "
            "{open}."
        ).format(
            phase=label,
            open=_open_parts(choice),
            shape=shape,
            n=sessions,
            basis=choice.basis,
        ),
    )


TRANSITION_RULE = "maintenance_start_unconfirmed"


def _transition_finding(choice: ScheduleChoice, label: str, shape: str) -> Finding:
    if choice.origin == "default_confirmed":
        return info(
            "maintenance_start_confirmed",
            _("{phase}: {shape} — default, confirmed by the clinician. Basis: {basis}").format(
                phase=label, shape=shape, basis=choice.basis
            ),
        )
    return warning(
        TRANSITION_RULE,
        _(
            "{phase}: default, NOT CONFIRMED: {shape}. Basis: {basis} Confirm the default "
            "before saving."
        ).format(phase=label, shape=shape, basis=choice.basis),
    )


def _open_parts(choice: ScheduleChoice) -> str:
    if choice.transition_from_default:
        return _("the day of the first maintenance dose")
    if choice.interval_from_default and choice.count_from_default:
        return _("the interval and the number of doses")
    if choice.interval_from_default:
        return _("the interval")
    return _("the number of doses or cycles")


def schedule_shape_text(choice: ScheduleChoice, phase: Phase) -> tuple[str, dict[str, object]]:
    """The untranslated template and values of ``every 14 days x 3`` / ``2 cycles of 21 days
    (days 1, 8)``: the screen renders it with ``_()``, the sheet in the sheet's language."""
    if choice.transition_from_default:
        if phase.period_months is not None:
            return N_("first dose {m} month(s) after the last dose of the previous phase"), {
                "m": phase.period_months
            }
        return N_("first dose {d} days after the last dose of the previous phase"), {
            "d": choice.period_days or phase.period_days
        }
    if phase.period_months is not None:
        return N_("every {m} month(s) x {n}"), {"m": phase.period_months, "n": choice.repeats}
    period = choice.period_days or phase.period_days
    if len(phase.offsets_days) == 1:
        return N_("every {d} days x {n}"), {"d": period, "n": choice.repeats}
    days = ", ".join(str(o + 1) for o in phase.offsets_days)
    return N_("{n} cycles of {d} days (days {days})"), {
        "n": choice.repeats,
        "d": period,
        "days": days,
    }


def schedule_shape(choice: ScheduleChoice, phase: Phase) -> str:
    template, values = schedule_shape_text(choice, phase)
    return _(template).format(**values)


def require_confirmed_schedule(
    choices: Iterable[ScheduleChoice], phases: Sequence[Phase], hint: str = ""
) -> None:
    """Refuse to save a course while a schedule the sources leave open is an unconfirmed default.

    ``hint`` says how to confirm in the caller's words (a flag, a check box).
    """
    for choice in choices:
        if choice.confirmed:
            continue
        message = _(
            "{phase}: the default schedule ({shape}) has not been confirmed (the sources leave "
            "it open); confirm it or enter {open} before saving."
        ).format(
            phase=_(PHASE_LABELS[choice.kind]),
            shape=schedule_shape(choice, phases[choice.phase_index]),
            open=_open_parts(choice),
        )
        raise BadInputError(f"{message} {hint}".strip())

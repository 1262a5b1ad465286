"""An audit row worded when it is read: in the reader's language, whoever wrote it.

An audit row used to carry a sentence made when the change was written, in the language
of whoever made it. Now the row's ``after`` JSON carries ``{"event": {"code", "params"}}``
and the sentence is made when the row is shown: in the reader's language, with moments in
the workstation's local time, routes in the one IT wording, protocol names in both
languages. Rows written before this keep their stored sentence (``description``) and are
shown with it; rows that had neither are worded from the fields they do hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.audit.event import (
    EVENT_KEY,
    LEGACY_DESCRIPTION_KEY,
    AuditEvent,
    ParamValue,
)
from lmdesk.models.local_time import WEEKDAYS, local_time_text
from lmdesk.models.scheduling.gate_finding import rules_text
from lmdesk.models.scheduling.routes import it_route_label


class _Params:
    """Read one event's parameters as the reader should see them (missing ones as '-')."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def text(self, key: str) -> str:
        value = self._values.get(key)
        if isinstance(value, dict):
            return self.name(key)
        return "-" if value is None or value == "" else str(value)

    def name(self, key: str) -> str:
        value = self._values.get(key)
        if isinstance(value, dict):
            lang = "zh" if current_language().startswith("zh") else "en"
            return str(value.get(lang) or value.get("en") or value.get("zh") or "-")
        return self.text(key)

    def number(self, key: str) -> float:
        value = self._values.get(key)
        try:
            return float(value) if value is not None else float("nan")
        except (TypeError, ValueError):
            return float("nan")

    def integer(self, key: str) -> str:
        value = self._values.get(key)
        return str(value) if isinstance(value, int) else self.text(key)

    def moment(self, key: str) -> str:
        value = self._values.get(key)
        return local_time_text(value) if isinstance(value, str) and value else "-"

    def day(self, key: str) -> str:
        """An ISO date with its weekday, as the assessment screens write dates."""
        value = self._values.get(key)
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return self.text(key)
        return f"{day.isoformat()} {_(WEEKDAYS[day.weekday()])}"

    def route(self, key: str) -> str:
        return it_route_label(self.text(key))

    def label(self, key: str, labels: Mapping[str, str]) -> str:
        value = self.text(key)
        found = labels.get(value)
        return _(found) if found else value


def ae_action_labels() -> dict[str, str]:
    """What can be done about an AE (imported here late: toxicity rules use course actions)."""
    from lmdesk.models.ctcae.adverse_event import ACTION_NONE
    from lmdesk.models.scheduling.toxicity_rules import STEP_LABELS

    labels = {ACTION_NONE: N_("No change to the plan")}
    labels.update({step.value: label for step, label in STEP_LABELS.items()})
    return labels


SHEET_KIND_LABELS: dict[str, str] = {"pdf": N_("PDF"), "print": N_("printed")}

ASSESSMENT_ROLE_LABELS: dict[str, str] = {
    "baseline": N_("Baseline assessment recorded for {day}."),
    "follow_up": N_("Follow-up assessment recorded for {day}."),
}


def _course_add(p: _Params) -> str:
    return _("Course planned: {protocol}, {n} sessions from {start}.").format(
        protocol=p.name("protocol"), n=p.integer("sessions"), start=p.text("start")
    )


def _course_give(p: _Params) -> str:
    return _("Session {n} given {at}: {dose:g} mg, {route}, by {who}.").format(
        n=p.integer("n"),
        at=p.moment("at"),
        dose=p.number("dose_mg"),
        route=p.route("route"),
        who=p.text("who"),
    )


def _course_delay(p: _Params) -> str:
    return _("Session {n} delayed from {old} to {new}: {why}").format(
        n=p.integer("n"), old=p.text("old"), new=p.text("new"), why=p.text("why")
    )


def _course_reduce(p: _Params) -> str:
    return _("Dose reduced from session {n} on: {old:g} -> {new:g} mg: {why}").format(
        n=p.integer("n"), old=p.number("old_mg"), new=p.number("new_mg"), why=p.text("why")
    )


def _course_give_override(p: _Params) -> str:
    text = _course_give(p)
    if p.text("override_why") == "-":
        return text
    return (
        text
        + " "
        + _("Pre-dose stop overridden by {who} ({rules}): {why}").format(
            who=p.text("override_by"),
            rules=rules_text(p.text("override_rules")),
            why=p.text("override_why"),
        )
    )


def _lab_add(p: _Params) -> str:
    return _("Lab result for MRN {mrn}: {test} {value} {unit} at {at}.").format(
        mrn=p.text("mrn"),
        test=p.text("test"),
        value=p.text("value"),
        unit=p.text("unit") if p.text("unit") != "-" else "",
        at=p.text("at"),
    )


def _med_add(p: _Params) -> str:
    dose = p.number("dose_mg")
    return _("Medication for MRN {mrn}: {drug}{dose}, last dose {at}.").format(
        mrn=p.text("mrn"),
        drug=p.text("drug"),
        dose="" if dose != dose else f" {dose:g} mg",
        at=p.text("at"),
    )


def _assessment_add(p: _Params) -> str:
    template = ASSESSMENT_ROLE_LABELS.get(p.text("role"), ASSESSMENT_ROLE_LABELS["follow_up"])
    return _(template).format(day=p.day("day"))


def _ae_record(p: _Params) -> str:
    return _("AE recorded: {term} grade {grade} (CTCAE v{version}), onset {day}.").format(
        term=p.name("term"),
        grade=p.integer("grade"),
        version=p.text("version"),
        day=p.text("onset"),
    )


def _ae_step(p: _Params) -> str:
    return _("Step applied for the adverse event: {step}.").format(
        step=p.label("step", ae_action_labels())
    )


_Wording = Callable[[_Params], str]

WORDINGS: dict[str, _Wording] = {
    "course.add": _course_add,
    "course.give": _course_give_override,
    "course.hold": lambda p: _("Session {n} held: {why}").format(
        n=p.integer("n"), why=p.text("why")
    ),
    "course.correct": lambda p: _(
        "Session {n}: the {mark} mark ({was}) corrected by {who}: {why}"
    ).format(
        n=p.integer("n"),
        mark=_("given") if p.text("mark") == "given" else _("held"),
        was=p.text("was"),
        who=p.text("who"),
        why=p.text("why"),
    ),
    "course.cancel": lambda p: _("Session {n} cancelled: {why}").format(
        n=p.integer("n"), why=p.text("why")
    ),
    "course.delay": _course_delay,
    "course.reduce": _course_reduce,
    "course.stop": lambda p: _("Course stopped by {who}: {why}").format(
        who=p.text("who"), why=p.text("why")
    ),
    "course.verify": lambda p: _("Course verified by {who}.").format(who=p.text("who")),
    "lab.add": _lab_add,
    "med.add": _med_add,
    "policy.set": lambda p: _(
        "Ward policy {key} changed by {who}: {old} -> {new} ({breach})."
    ).format(
        key=p.text("key"),
        who=p.text("who"),
        old=p.text("old"),
        new=p.text("new"),
        breach=p.text("breach"),
    ),
    "course.ics": lambda p: _("Sessions exported as a calendar file ({file}).").format(
        file=p.text("file_name")
    ),
    "assessment.report": lambda p: _("Response summary saved as PDF ({file}).").format(
        file=p.text("file_name")
    ),
    "holiday.add": lambda p: _("Holiday added: {day} {label}").format(
        day=p.text("day"), label=p.text("label")
    ),
    "holiday.remove": lambda p: _("Holiday removed: {day} {label}").format(
        day=p.text("day"), label=p.text("label")
    ),
    "patient.add": lambda p: _("Patient added: MRN {mrn}.").format(mrn=p.text("mrn")),
    "patient.update": lambda p: _("Patient details changed: MRN {mrn}.").format(mrn=p.text("mrn")),
    "ae.record": _ae_record,
    "ae.action": lambda p: _("Action for the adverse event: {action}.").format(
        action=p.label("action", ae_action_labels())
    ),
    "ae.step": _ae_step,
    "ae.retract": lambda p: _("Adverse event retracted: {why}").format(why=p.text("why")),
    "assessment.add": _assessment_add,
    "assessment.update": lambda p: _("Assessment of {day} changed.").format(day=p.day("day")),
    "assessment.baseline.set": lambda p: _("Assessment of {day} is now the baseline.").format(
        day=p.day("day")
    ),
    "assessment.baseline.unset": lambda p: _(
        "Assessment of {day} is no longer the baseline."
    ).format(day=p.day("day")),
    "assessment.retract": lambda p: _("Assessment of {day} retracted: {why}").format(
        day=p.day("day"), why=p.text("why")
    ),
    "sheet.archive": lambda p: _("Regimen sheet archived ({kind}, {pages} pages).").format(
        kind=p.label("kind", SHEET_KIND_LABELS), pages=p.integer("pages")
    ),
    "sheet.reprint": lambda p: _("Archived regimen sheet {id} reprinted ({kind}).").format(
        id=p.integer("sheet_id"), kind=p.label("kind", SHEET_KIND_LABELS)
    ),
    "protocol.save": lambda p: _("Protocol template saved: {protocol}.").format(
        protocol=p.name("protocol")
    ),
    "selftest": lambda p: _("Self-test write (checks that the audit trail works)."),
    "user.add": lambda p: _("User {name} added (login {login}, roles: {roles}) by {who}.").format(
        name=p.text("name"), login=p.text("login"), roles=p.text("roles"), who=p.text("who")
    ),
    "user.update": lambda p: _(
        "User {name} changed by {who} (roles: {roles}; IT register until {until})."
    ).format(
        name=p.text("name"),
        who=p.text("who"),
        roles=p.text("roles"),
        until=p.text("register_until"),
    ),
    "user.retire": lambda p: _("User {name} retired by {who}.").format(
        name=p.text("name"), who=p.text("who")
    ),
    "user.password": lambda p: _("Password of {name} changed by {who}.").format(
        name=p.text("name"), who=p.text("who")
    ),
    "user.lockout": lambda p: _(
        "Sign-in of {login} locked until {until} after {n} failed attempts."
    ).format(login=p.text("login"), until=p.moment("until"), n=p.integer("failures")),
    "ward.set": lambda p: _("Ward setting {key} changed by {who}: {old} -> {new}.").format(
        key=p.text("key"), who=p.text("who"), old=p.text("old"), new=p.text("new")
    ),
}


def wording_key(code: str) -> str:
    """The wording that serves ``code``: ``ae.step.hold`` -> ``ae.step``, ``sheet.pdf`` ->
    ``sheet.archive`` (the step and the sheet kind are parameters)."""
    if code.startswith("ae.step."):
        return "ae.step"
    if code in ("sheet.pdf", "sheet.print"):
        return "sheet.archive"
    return code


def describe_event(event: AuditEvent) -> str:
    """The event as one line in the active language (an unknown code says so)."""
    wording = WORDINGS.get(wording_key(event.code))
    if wording is None:
        return _("Change recorded ({code}).").format(code=event.code)
    return wording(_Params(event.params))


def _legacy_params(
    action: str, entity_id: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    """Parameters recovered from a row written before events were kept."""
    merged: dict[str, Any] = {**before, **after}
    if action.startswith("holiday."):
        merged["day"] = entity_id
    if action.startswith("ae.step."):
        merged["step"] = action.removeprefix("ae.step.")
    if action == "ae.action":
        merged["action"] = after.get("action_taken", "")
    if action.startswith("sheet."):
        merged.setdefault("sheet_id", entity_id)
        merged.setdefault("kind", action.removeprefix("sheet."))
    patient = after.get("mrn") if "mrn" in after else before.get("mrn")
    if patient is not None:
        merged["mrn"] = patient
    return merged


def audit_text(action: str, entity_id: str, before: Any, after: Any) -> str:
    """One audit row as the reader should see it.

    Order: the stored event (worded now); else the sentence stored with an older row; else
    the row's action worded from the fields it holds.
    """
    after_map: Mapping[str, Any] = after if isinstance(after, dict) else {}
    before_map: Mapping[str, Any] = before if isinstance(before, dict) else {}
    stored = after_map.get(EVENT_KEY)
    if isinstance(stored, dict):
        try:
            return describe_event(AuditEvent.model_validate(stored))
        except ValueError:
            pass  # a damaged event: fall back to what else the row says
    legacy = after_map.get(LEGACY_DESCRIPTION_KEY)
    if isinstance(legacy, str) and legacy:
        return legacy
    params = _legacy_params(action, entity_id, before_map, after_map)
    return describe_event(AuditEvent(code=action, params=_plain(params)))


def _plain(values: Mapping[str, Any]) -> dict[str, ParamValue]:
    """Only the JSON scalars (and name mappings) of a legacy row's fields."""
    kept: dict[str, ParamValue] = {}
    for key, value in values.items():
        if value is None or isinstance(value, str | int | float | bool):
            kept[key] = value
        elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            kept[key] = {str(k): str(v) for k, v in value.items()}
    return kept

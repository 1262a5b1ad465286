"""The course summary shown beside the calendar (rich text; user text is escaped)."""

from __future__ import annotations

from html import escape

from lmdesk.i18n import _
from lmdesk.models.local_time import local_time_text
from lmdesk.models.patient import CSF_FLOW_LABELS, Patient
from lmdesk.models.scheduling.course import Course, rule_findings
from lmdesk.models.scheduling.labels import weekday_date
from lmdesk.models.scheduling.protocol import ROUTE_LABELS, DrugNames, drug_name_in


def patient_line(p: Patient) -> str:
    """What the ward checks before each dose: performance status, CSF flow, allergies."""
    return _(
        "Patient {name} ({mrn}): KPS {kps}, ECOG {ecog}, CSF flow {flow}, allergies: {allergies}"
    ).format(
        name=escape(p.name),
        mrn=escape(p.mrn),
        kps=p.kps if p.kps is not None else "—",
        ecog=p.ecog if p.ecog is not None else "—",
        flow=_(CSF_FLOW_LABELS[p.csf_flow]),
        allergies=escape(p.allergies) or "—",
    )


def summary_html(
    c: Course, patient: Patient | None, language: str, names: DrugNames | None = None
) -> str:
    s = c.summary()
    lines = [
        f"<b>{escape(c.protocol.display_name(language))}</b> [{c.protocol.source_text()}]",
        _("Route: {route}; dose {dose:g} mg").format(
            route=_(ROUTE_LABELS[c.route]), dose=c.dose_mg
        ),
        _(
            "Planned {planned} · given {given} · held {held} · cancelled {cancelled} · "
            "delayed {delayed}"
        ).format(
            planned=s.planned,
            given=s.given,
            held=s.held,
            cancelled=s.cancelled,
            delayed=s.delayed,
        ),
        _("Next due: {when}").format(when=weekday_date(s.next_due.date) if s.next_due else "—"),
    ]
    for cum in s.cumulative:
        lines.append(
            _(
                "Cumulative {drug} ({route}): given {given:g} mg, still planned {planned:g} mg"
            ).format(
                drug=escape(drug_name_in(cum.drug, names or {}, language)),
                route=_(ROUTE_LABELS.get(cum.route, cum.route)),
                given=cum.given_mg,
                planned=cum.planned_mg,
            )
        )
    if c.mri_dates:
        lines.append(
            _("Reassessment MRI: {dates}").format(
                dates=", ".join(weekday_date(d) for d in c.mri_dates)
            )
        )
    if patient is not None:
        lines.append(patient_line(patient))
    if c.dose_reason:
        lines.append(_("Reason for the dose: {why}").format(why=escape(c.dose_reason)))
    lines.append(
        _("Verified by {who} at {at}").format(
            who=escape(c.verification.by), at=local_time_text(c.verification.at)
        )
        if c.verification
        else _("Not yet verified by a second clinician")
    )
    for finding in rule_findings(c):
        lines.append(f"<b>{_('warning')}:</b> {escape(finding.message)}")
    if c.status == "stopped":
        lines.append(
            _("STOPPED by {who}: {why}").format(who=escape(c.stopped_by), why=escape(c.stop_reason))
        )
    return "<br>".join(lines)

"""A comparison worded as rows (component, baseline, now, change, source).

The screen, the CLI and the printed summary all show these same rows, each in its own
language (``tr``), so a change is never worded two ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lmdesk.i18n import N_
from lmdesk.models.patient import ECOG_WORDING, KPS_WORDING
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import SYMPTOMS, Assessment
from lmdesk.models.response.compare import Comparison, Direction, NeuroChange
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.imaging import (
    CHANGE_LABELS,
    LM_RESPONSE_LABELS,
    PRESENCE_LABELS,
    RANO_GRADE_LABELS,
    SCORECARD_ITEMS,
)
from lmdesk.models.response.marker_change import CALL_LABELS, NO_CALL_LABELS, MarkerCall
from lmdesk.models.response.neuro import NANO_DOMAINS, NEURO_RATINGS, NOT_ASSESSABLE_LABEL
from lmdesk.models.response.overall import CONDITION_LABELS, OVERALL_LABELS, OverallCall
from lmdesk.models.response.texts import Translate, cite, signed

DASH = "-"
DIRECTION_LABELS: dict[str, str] = {
    "better": N_("better"),
    "same": N_("unchanged"),
    "worse": N_("worse"),
    "not_comparable": N_("not comparable"),
}
CYTOLOGY_CHANGE_LABELS: dict[str, str] = {
    "unchanged": N_("unchanged"),
    "converted_negative": N_("converted to negative"),
    "converted_positive": N_("converted to positive"),
    "equivocal": N_("changed, with an equivocal result: clinician decides"),
    "not_comparable": N_("not comparable"),
}
SYMPTOM_CHANGE_LABELS: dict[str, str] = {
    "new": N_("new"),
    "resolved": N_("resolved"),
    "persisting": N_("persisting"),
    "absent": N_("absent at both"),
    "not_comparable": N_("not comparable"),
}
GROUPS: dict[str, str] = {
    "performance": N_("Performance status"),
    "neuro": N_("Neurological examination"),
    "csf": N_("CSF"),
    "mri": N_("MRI"),
    "symptoms": N_("Symptoms"),
    "nano": N_("NANO-LM (optional)"),
}


@dataclass(frozen=True)
class Row:
    group: str  # a GROUPS key
    label: str
    baseline: str
    current: str
    change: str
    source: str
    attention: bool = False  # a call or a conflict the reader must see (shown bold)
    empty: bool = False  # nothing recorded at either date (the one-page summary leaves it out)


def _or_dash(text: str | None) -> str:
    return text if text else DASH


def neuro_text(change: NeuroChange, code: str | None, tr: Translate) -> str:
    if code is None:
        return tr(N_("not examined"))
    level = change.item.level(code)
    return tr(level.label) if level else tr(NOT_ASSESSABLE_LABEL)


def marker_value(value: Decimal | None, unit: str | None) -> str:
    return DASH if value is None else f"{value} {unit or ''}".rstrip()


def marker_change_text(call: MarkerCall, tr: Translate) -> str:
    if call.call == "no_call":
        reason = tr(NO_CALL_LABELS[call.reason]) if call.reason else ""
        return f"{tr(CALL_LABELS['no_call'])}: {reason}"
    return f"{call.change_percent} %: {tr(CALL_LABELS[call.call])}"


def _direction(direction: Direction, delta: int | None, tr: Translate) -> str:
    label = tr(DIRECTION_LABELS[direction])
    return label if delta is None or delta == 0 else f"{signed(delta)} ({label})"


def comparison_rows(c: Comparison, tr: Translate) -> list[Row]:
    rows = [
        Row(
            "performance",
            tr(N_("Karnofsky (KPS)")),
            _or_dash(None if c.kps.baseline is None else str(c.kps.baseline)),
            _or_dash(None if c.kps.current is None else str(c.kps.current)),
            _direction(c.kps.direction, c.kps.delta, tr),
            cite(sources.KPS),
            empty=c.kps.baseline is None and c.kps.current is None,
        ),
        Row(
            "performance",
            tr(N_("ECOG")),
            _or_dash(None if c.ecog.baseline is None else str(c.ecog.baseline)),
            _or_dash(None if c.ecog.current is None else str(c.ecog.current)),
            _direction(c.ecog.direction, c.ecog.delta, tr),
            cite(sources.ECOG),
            empty=c.ecog.baseline is None and c.ecog.current is None,
        ),
    ]
    for n in c.neuro:
        rows.append(
            Row(
                "neuro",
                tr(n.item.label),
                neuro_text(n, n.baseline, tr),
                neuro_text(n, n.current, tr),
                tr(DIRECTION_LABELS[n.direction]),
                cite(n.item.citation),
                empty=n.baseline is None and n.current is None,
            )
        )
    rows.append(
        Row(
            "neuro",
            tr(N_("Rated against the baseline")),
            DASH,
            tr(NEURO_RATINGS[c.neuro_rating]) if c.neuro_rating else tr(N_("not rated")),
            DASH,
            cite(sources.RANO_LM),
            empty=c.neuro_rating is None,
        )
    )
    b_cyt, c_cyt = c.cytology.baseline, c.cytology.current
    rows.append(
        Row(
            "csf",
            tr(N_("CSF cytology")),
            tr(CYTOLOGY_LABELS[b_cyt]) if b_cyt else tr(N_("not recorded")),
            tr(CYTOLOGY_LABELS[c_cyt]) if c_cyt else tr(N_("not recorded")),
            tr(CYTOLOGY_CHANGE_LABELS[c.cytology.kind]),
            cite(sources.RANO_LM, sources.EANO_ESMO_2023),
            empty=b_cyt is None and c_cyt is None,
        )
    )
    for m in c.markers:
        rows.append(
            Row(
                "csf",
                tr(N_("CSF marker {name}")).format(name=m.name),
                marker_value(m.baseline, m.baseline_unit),
                marker_value(m.current, m.unit),
                marker_change_text(m, tr),
                cite(sources.MARKER_RULE, sources.MARKER_RULE_SEED),
                attention=m.call in ("predicts_response", "predicts_progression"),
            )
        )
    for i in c.imaging:
        if i.baseline is None and i.current is None:
            continue
        change = tr(CHANGE_LABELS[i.rated]) if i.rated else tr(N_("not rated"))
        if i.conflict:
            change += " - " + tr(N_("check: contradicts presence"))
        rows.append(
            Row(
                "mri",
                tr(SCORECARD_ITEMS[i.key]),
                tr(PRESENCE_LABELS[i.baseline]) if i.baseline else DASH,
                tr(PRESENCE_LABELS[i.current]) if i.current else DASH,
                change,
                cite(sources.SCORECARD),
                attention=i.conflict,
            )
        )
    rated = (
        (N_("Overall LM imaging response (rater)"), c.lm_response, LM_RESPONSE_LABELS),
        (N_("Neuroimaging (RANO-LM grade)"), c.rano_grade, RANO_GRADE_LABELS),
        (N_("Parenchymal / intramedullary (rated separately)"), c.parenchymal, LM_RESPONSE_LABELS),
    )
    for label, value, labels in rated:
        source = sources.RANO_LM if labels is RANO_GRADE_LABELS else sources.SCORECARD
        rows.append(
            Row(
                "mri",
                tr(label),
                DASH,
                tr(labels[value]) if value else tr(N_("not rated")),
                DASH,
                cite(source),
                empty=value is None,
            )
        )
    for s in c.symptoms:
        if s.kind == "not_comparable" and s.baseline is None and s.current is None:
            continue
        rows.append(
            Row(
                "symptoms",
                tr(SYMPTOMS[s.key]),
                _presence(s.baseline, tr),
                _presence(s.current, tr),
                tr(SYMPTOM_CHANGE_LABELS[s.kind]),
                cite(sources.SEED_REVIEW),
            )
        )
    for p in c.nano:
        rows.append(
            Row(
                "nano",
                tr(NANO_DOMAINS[p.domain]),
                _or_dash(None if p.baseline is None else str(p.baseline)),
                _or_dash(None if p.current is None else str(p.current)),
                tr(N_("direction not confirmed")),
                cite(sources.NANO_LM),
            )
        )
    return rows


def _presence(value: bool | None, tr: Translate) -> str:
    if value is None:
        return tr(N_("not recorded"))
    return tr(N_("present")) if value else tr(N_("absent"))


def overall_lines(call: OverallCall, tr: Translate) -> list[str]:
    """The call, then the sourced rule's conditions and whether each is met."""
    lines = [f"{tr(OVERALL_LABELS[call.kind])} {cite(call.citation)}"]
    marks = {True: tr(N_("yes")), False: tr(N_("no")), None: tr(N_("not recorded"))}
    conditions = "; ".join(
        f"{tr(CONDITION_LABELS[c.key])}: {marks[c.met]}" for c in call.conditions
    )
    lines.append(
        tr(N_("Sourced rule (isolated radiographic progression): {conditions}")).format(
            conditions=conditions
        )
    )
    if call.kind == "clinician_decides":
        lines.append(tr(sources.NOT_CONFIRMED["composite"]))
    return lines


def performance_text(kps: int | None, ecog: int | None, tr: Translate) -> list[str]:
    """KPS and ECOG with their scale wording (§D.5)."""
    lines = []
    if kps is not None:
        lines.append(f"KPS {kps}: {tr(KPS_WORDING[kps])} {cite(sources.KPS)}")
    if ecog is not None:
        lines.append(f"ECOG {ecog}: {tr(ECOG_WORDING[ecog])} {cite(sources.ECOG)}")
    return lines


def markers_text(a: Assessment) -> str:
    """The assessment's markers on one line (``CEA 12.5 ng/mL; CYFRA21-1 3 ng/mL``)."""
    return "; ".join(f"{m.name} {m.value} {m.unit}" for m in a.csf.markers)

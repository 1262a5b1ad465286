"""Pre-dose gate rules read from the patient record: labs against the ward policy, antithrombotic
hold times before an LP, Ommaya access prompts, CSF flow and pemetrexed vitamins.

Sources: it_safety_gates.md §1.1-1.5, §2.1, §3.1 (keys on each finding).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from lmdesk.i18n import _
from lmdesk.models.scheduling.antithrombotics import MedicationRecord, lp_hold, med_label
from lmdesk.models.scheduling.gate_finding import GateFinding, passed, stopped, warned
from lmdesk.models.scheduling.labs import SCALE_UNITS, LabResult, lab_label, latest
from lmdesk.models.scheduling.protocol import Route
from lmdesk.models.scheduling.ward_policy import PolicyItem, WardPolicy

CBC_SOURCES = ("R40",)
FOLIC_LEAD_DAYS = 7  # IV label [R218]; the IT lead time is not confirmed [R222]
B12_REPEAT_DAYS = 63  # "about every 9 weeks" in the IV trials [R220]


def _fmt(value: float, unit: str) -> str:
    shown = SCALE_UNITS.get(unit, unit)
    return f"{value:g} {shown}".strip()


def required_labs(drug: str, route: Route, checks: Sequence[str]) -> tuple[str, ...]:
    """Tests the gate needs within the window for this dose."""
    tests = ["platelets", "anc", "wbc"]
    if route == "lp":
        tests.append("inr")
    if drug == "pemetrexed":
        tests.append("crcl")
    if "liver_function" in checks:
        tests += ["bilirubin", "alt"]
    return tuple(tests)


def fresh_labs(
    labs: Sequence[LabResult], tests: Sequence[str], at: datetime, policy: WardPolicy
) -> tuple[dict[str, LabResult], list[GateFinding]]:
    """The newest result of each test taken by ``at``, and a stop for each missing/stale one."""
    window = policy.item("lab_window_hours")
    usable = [r for r in labs if r.at <= at]
    found: dict[str, LabResult] = {}
    findings: list[GateFinding] = []
    for test in tests:
        result = latest(usable, test)
        if result is None:
            findings.append(
                stopped(
                    "labs_missing",
                    _("Needs labs: no {test} result on record.").format(test=lab_label(test)),
                    window.source_keys(),
                )
            )
            continue
        age_h = (at - result.at).total_seconds() / 3600
        if age_h > window.value:
            findings.append(
                stopped(
                    "labs_stale",
                    _(
                        "Needs labs: the latest {test} is from {when}, older than {hours:g} h "
                        "({note})."
                    ).format(
                        test=lab_label(test),
                        when=result.at.strftime("%Y-%m-%d %H:%M"),
                        hours=window.value,
                        note=window.note_text(),
                    ),
                    window.source_keys(),
                )
            )
            continue
        found[test] = result
    return found, findings


def _threshold(
    rule: str, result: LabResult, item: PolicyItem, *, minimum: bool, breach: str | None = None
) -> GateFinding:
    """Compare a lab with a policy number (at the threshold = within it)."""
    ok = result.std_value >= item.value if minimum else result.std_value <= item.value
    sign = ">=" if minimum else "<="
    note = f" ({item.note_text()})" if item.note else ""
    text = _("{test} {value} (needed {sign} {limit}){note}.").format(
        test=lab_label(result.test),
        value=result.std_text(),
        sign=sign,
        limit=_fmt(item.value, item.unit),
        note=note,
    )
    if ok:
        return passed(rule, text, item.source_keys())
    level = breach or item.breach
    if level == "warn":
        return warned(rule, text, item.source_keys())
    return stopped(rule, text, item.source_keys())


def lab_findings(
    found: dict[str, LabResult],
    drug: str,
    route: Route,
    policy: WardPolicy,
) -> list[GateFinding]:
    """Each fresh lab against the policy (route LP: bleeding thresholds; pemetrexed: label)."""
    out: list[GateFinding] = []
    ommaya_note = _(
        "no source gives a threshold for Ommaya access; the LP value is shown, clinician decides"
    )
    if "platelets" in found:
        item = policy.item("lp_platelets_min")
        if route == "lp":
            out.append(_threshold("platelets_lp", found["platelets"], item, minimum=True))
        else:
            f = _threshold(
                "platelets_ommaya", found["platelets"], item, minimum=True, breach="warn"
            )
            out.append(f.model_copy(update={"message": f"{f.message} {ommaya_note}"}))
    if "inr" in found:
        item = policy.item("lp_inr_max")
        if route == "lp":
            out.append(_threshold("inr_lp", found["inr"], item, minimum=False))
    for test in ("anc", "wbc"):
        if test in found and drug != "pemetrexed":
            out.append(
                passed(
                    f"{test}_recorded",
                    _(
                        "{test} {value}: blood count before each IT treatment; no sourced "
                        "hold threshold for this drug, clinician judges."
                    ).format(test=lab_label(test), value=found[test].std_text()),
                    CBC_SOURCES,
                )
            )
    if drug == "pemetrexed":
        for test, key, rule in (
            ("anc", "pemetrexed_anc_min", "pemetrexed_anc"),
            ("platelets", "pemetrexed_platelets_min", "pemetrexed_platelets"),
            ("crcl", "pemetrexed_crcl_min", "pemetrexed_crcl"),
        ):
            if test in found:
                out.append(_threshold(rule, found[test], policy.item(key), minimum=True))
    for test, times, rule in (("bilirubin", 1.5, "liver_bilirubin"), ("alt", 3.0, "liver_alt")):
        if test not in found:
            continue
        result = found[test]
        if result.std_uln is None:
            out.append(
                warned(
                    rule,
                    _("{test} {value}: enter the ULN to compare it.").format(
                        test=lab_label(test), value=result.std_text()
                    ),
                )
            )
        elif result.std_value > times * result.std_uln:
            out.append(
                warned(
                    rule,
                    _(
                        "{test} {value} is above {times:g} x ULN: not specifically studied "
                        "with pemetrexed (IV label); clinician decides."
                    ).format(test=lab_label(test), value=result.std_text(), times=times),
                    ("R221",),
                )
            )
        else:
            out.append(
                passed(
                    rule,
                    _("{test} {value} (ULN {uln:g}).").format(
                        test=lab_label(test), value=result.std_text(), uln=result.std_uln
                    ),
                )
            )
    return out


def _latest_dose(meds: Sequence[MedicationRecord], at: datetime) -> dict[str, MedicationRecord]:
    newest: dict[str, MedicationRecord] = {}
    for m in meds:
        if m.status != "active" or m.last_dose_at > at:
            continue
        if m.drug not in newest or m.last_dose_at > newest[m.drug].last_dose_at:
            newest[m.drug] = m
    return newest


def antithrombotic_findings(
    meds: Sequence[MedicationRecord],
    at: datetime,
    route: Route,
    crcl: float | None,
) -> list[GateFinding]:
    """Hold times before an LP (stop / warn inside a range / pass); Ommaya: clinician decides."""
    out: list[GateFinding] = []
    newest = _latest_dose(meds, at)
    within_hold: list[str] = []
    for drug, m in sorted(newest.items()):
        if m.kind == "supportive":
            continue
        rule = lp_hold(drug, m.dose_mg, crcl)
        elapsed_h = (at - m.last_dose_at).total_seconds() / 3600
        if rule is None:
            out.append(
                passed(
                    "antithrombotic_hold",
                    _("{drug}: no need to hold before a neuraxial puncture.").format(
                        drug=med_label(drug)
                    ),
                    ("R210",),
                )
            )
            continue
        band = f" ({_(rule.band_note)})" if rule.band_note else ""
        text = _("{drug}: last dose {hours:.0f} h ago; hold before LP {rule}{band}.").format(
            drug=med_label(drug), hours=elapsed_h, rule=_(rule.text), band=band
        )
        if elapsed_h < rule.max_hours or rule.level_guided:
            within_hold.append(drug)
        if route == "ommaya":
            if elapsed_h < rule.max_hours or rule.level_guided:
                out.append(
                    warned(
                        "ommaya_antithrombotic",
                        text
                        + " "
                        + _(
                            "The hold times are for neuraxial puncture; no source gives them "
                            "for Ommaya access: clinician decides."
                        ),
                        rule.sources,
                    )
                )
            continue
        if rule.level_guided or elapsed_h < rule.min_hours:
            out.append(stopped("antithrombotic_hold", text, rule.sources))
        elif elapsed_h < rule.max_hours:
            out.append(
                warned(
                    "antithrombotic_hold",
                    text + " " + _("Inside the source's range: clinician decides."),
                    rule.sources,
                )
            )
        else:
            out.append(passed("antithrombotic_hold", text, rule.sources))
    heparins = {"heparin", "enoxaparin"} & set(within_hold)
    antiplatelets = [
        d
        for d, m in newest.items()
        if m.kind == "antiplatelet" and (d in within_hold or d == "aspirin")
    ]
    if heparins and antiplatelets:
        out.append(
            warned(
                "antithrombotic_combination",
                _(
                    "Heparin together with an antiplatelet agent ({drugs}): confer with "
                    "haematology before the puncture."
                ).format(
                    drugs=", ".join(med_label(d) for d in sorted({*heparins, *antiplatelets}))
                ),
                ("R207",),
            )
        )
    return out


def ommaya_findings(last_ommaya: datetime | None, at: datetime) -> list[GateFinding]:
    """Before each Ommaya access: the infection prompt (a normal CSF does not exclude it)."""
    since = (
        _("{days} days since the last Ommaya access").format(days=(at - last_ommaya).days)
        if last_ommaya is not None
        else _("first Ommaya access on record")
    )
    return [
        warned(
            "ommaya_infection",
            _(
                "Before Ommaya access check for scalp or incision redness or discharge, fever, "
                "new headache or meningism ({since}); a normal CSF does not exclude a "
                "reservoir infection."
            ).format(since=since),
            ("R215",),
        )
    ]


def csf_flow_findings(
    csf_flow: str, route: Route, first_intraventricular: bool
) -> list[GateFinding]:
    if csf_flow == "obstructed":
        return [
            stopped(
                "csf_flow",
                _(
                    "CSF flow is recorded as obstructed: IT therapy given despite a flow block "
                    "caused toxicity; trials excluded CSF obstruction."
                ),
                ("R29", "R54"),
            )
        ]
    if csf_flow == "unknown" and route == "ommaya" and first_intraventricular:
        return [
            warned(
                "csf_flow",
                _(
                    "CSF flow is not known before the first intraventricular dose: a CSF flow "
                    "study is recommended when intra-CSF therapy is planned."
                ),
                ("R70", "R27"),
            )
        ]
    if csf_flow == "normal":
        return [passed("csf_flow", _("CSF flow recorded as normal."))]
    return [passed("csf_flow", _("CSF flow not known (no intraventricular first dose)."))]


def vitamin_findings(
    meds: Sequence[MedicationRecord], at: datetime, first_pemetrexed: bool
) -> list[GateFinding]:
    """Pemetrexed: folic acid and vitamin B12 started before the dose."""
    out: list[GateFinding] = []
    taken = [m for m in meds if m.status == "active" and m.last_dose_at <= at]
    folic = sorted(m.last_dose_at for m in taken if m.drug == "folic-acid")
    b12 = sorted(m.last_dose_at for m in taken if m.drug == "vitamin-b12")
    if not folic:
        out.append(
            stopped(
                "pemetrexed_folic_acid",
                _("Pemetrexed: folic acid has not been recorded as started."),
                ("R50", "R222"),
            )
        )
    elif first_pemetrexed and at - folic[0] < timedelta(days=FOLIC_LEAD_DAYS):
        out.append(
            warned(
                "pemetrexed_folic_acid",
                _(
                    "Folic acid started {days} days before the first pemetrexed dose: the IV "
                    "label asks for 7 days; the lead time for IT pemetrexed is not confirmed."
                ).format(days=(at - folic[0]).days),
                ("R218", "R222"),
            )
        )
    else:
        out.append(
            passed(
                "pemetrexed_folic_acid",
                _("Folic acid started {day}.").format(day=folic[0].date().isoformat()),
                ("R222",),
            )
        )
    if not b12:
        out.append(
            stopped(
                "pemetrexed_b12",
                _("Pemetrexed: vitamin B12 has not been recorded as given."),
                ("R50", "R222"),
            )
        )
    elif at - b12[-1] > timedelta(days=B12_REPEAT_DAYS):
        out.append(
            warned(
                "pemetrexed_b12",
                _(
                    "The last vitamin B12 was {days} days ago; in the IV trials it was repeated "
                    "about every 9 weeks."
                ).format(days=(at - b12[-1]).days),
                ("R220",),
            )
        )
    else:
        out.append(
            passed(
                "pemetrexed_b12",
                _("Vitamin B12 last given {day}.").format(day=b12[-1].date().isoformat()),
                ("R222",),
            )
        )
    return out

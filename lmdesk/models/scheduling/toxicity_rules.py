"""What the protocol says to do about the next IT dose after an adverse event.

Only rules found in the reference are proposed, each with its citation. For most events the
sources have no hold/restart/reduction rule (regimens_pk.md A.5 and UNCONFIRMED item 8): then
the answer is "no published rule: clinician decides", with every step offered and the sourced
facts that may inform the choice. Nothing here applies a step; the scheduler does that.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.drugs.names import normalize_name


class Attribution(StrEnum):
    IT_DRUG = "it_drug"
    PROCEDURE = "procedure"
    DISEASE = "disease"
    OTHER = "other"


ATTRIBUTION_LABELS: dict[Attribution, str] = {
    Attribution.IT_DRUG: N_("IT drug"),
    Attribution.PROCEDURE: N_("Procedure (lumbar puncture / Ommaya)"),
    Attribution.DISEASE: N_("Disease"),
    Attribution.OTHER: N_("Other"),
}


class Step(StrEnum):
    HOLD = "hold"
    DELAY = "delay"
    REDUCE = "reduce"
    STOP = "stop"


STEP_LABELS: dict[Step, str] = {
    Step.HOLD: N_("Hold the next IT dose"),
    Step.DELAY: N_("Delay the next IT dose"),
    Step.REDUCE: N_("Reduce the dose"),
    Step.STOP: N_("Stop the course"),
}

ALL_STEPS: tuple[Step, ...] = (Step.HOLD, Step.DELAY, Step.REDUCE, Step.STOP)

MYELOSUPPRESSION = frozenset(
    {
        "Neutrophil count decreased",
        "Platelet count decreased",
        "Thrombocytopenia",
        "White blood cell decreased",
        "Lymphocyte count decreased",
        "Lymphopenia",
        "Anemia",
        "Febrile neutropenia",
    }
)
LIVER = frozenset(
    {
        "Alanine aminotransferase increased",
        "Aspartate aminotransferase increased",
        "Blood bilirubin increased",
        "Alkaline phosphatase increased",
        "GGT increased",
    }
)

LIPOSOMAL_CYTARABINE_REDUCED_MG = 25.0  # regimens_pk.md A.3 [R11]


class Proposal(BaseModel):
    """The protocol's next step for one AE, or the statement that there is no published rule.

    ``step`` is set only when a sourced rule proposes it; ``options`` are the steps the
    clinician may choose; ``context`` holds sourced facts that inform without being a rule.
    """

    model_config = ConfigDict(frozen=True)

    rule_found: bool
    step: Step | None = None
    reduce_to_mg: float | None = None
    options: tuple[Step, ...] = ALL_STEPS
    text: str
    sources: tuple[str, ...] = ()
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _is(drug: str, *names: str) -> bool:
    key = normalize_name(drug)
    return any(key == normalize_name(name) for name in names)


def _context(term: str, group: str | None, drug: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    facts: list[tuple[str, tuple[str, ...]]] = []
    pemetrexed = _is(drug, "pemetrexed")
    if term in MYELOSUPPRESSION:
        facts.append(
            (
                _(
                    "Weekly blood count with differential before each IT treatment "
                    "(BC Cancer MOIT)."
                ),
                ("R40",),
            )
        )
        if pemetrexed:
            facts.append(
                (
                    _(
                        "Pemetrexed hold, restart and dose-reduction rules are not confirmed in "
                        "any retrieved study."
                    ),
                    (),
                )
            )
            facts.append(
                (
                    _(
                        "Trial entry floors (not hold rules): WBC >= 2500/mm3 and platelets "
                        ">= 60,000/mm3 (Pan 2019); WBC >= 4000/mm3 and platelets >= 100,000/mm3 "
                        "(PMLM)."
                    ),
                    ("R51", "R54"),
                )
            )
            facts.append(
                (
                    _(
                        "Grade >= 3 myelosuppression in 38.5% in a phase I study; folic acid and "
                        "vitamin B12 supplementation lowered it to 17%."
                    ),
                    ("seed-69", "seed-70"),
                )
            )
            facts.append(
                (
                    _(
                        "In a retrospective 50 mg series IT pemetrexed was delayed in 56% of "
                        "patients (cytopenias or febrile neutropenia in 50%)."
                    ),
                    ("R65",),
                )
            )
    if term in LIVER and pemetrexed:
        facts.append(
            (
                _(
                    "Transaminase rise is a dose-limiting and common event of IT pemetrexed; a "
                    "formal liver-test rule is not confirmed."
                ),
                ("R50", "R76"),
            )
        )
    if group == "neuro" and _is(drug, "methotrexate", "mtx"):
        facts.append(
            (
                _("Adults: at most 12.5 mg methotrexate per IT dose to avoid acute neurotoxicity."),
                ("R44",),
            )
        )
    return tuple(facts)


def propose_next_step(
    *,
    term: str,
    group: str | None,
    grade: int,
    attribution: Attribution,
    drug: str,
    current_dose_mg: float | None = None,
) -> Proposal:
    """The next step for an AE of ``grade`` on ``term`` during an IT course of ``drug``.

    ``group`` is the term's IT group ("neuro", "lab", "other" or None); ``current_dose_mg``
    the planned dose of the next session.
    """
    context = _context(term, group, drug)
    liposomal = _is(drug, "liposomal-cytarabine", "liposomal cytarabine", "depocyt", "depocyte")
    if liposomal and term == "Meningitis":
        return Proposal(
            rule_found=True,
            step=Step.HOLD,
            text=_("Liposomal cytarabine is contraindicated in active meningeal infection."),
            sources=("R11",),
            context=context,
        )
    if liposomal and group == "neuro" and attribution is Attribution.IT_DRUG and grade >= 1:
        already = current_dose_mg is not None and current_dose_mg <= LIPOSOMAL_CYTARABINE_REDUCED_MG
        if already:
            return Proposal(
                rule_found=True,
                step=Step.STOP,
                text=_(
                    "Label: reduce liposomal cytarabine to 25 mg if neurotoxicity develops; "
                    "discontinue if it persists. The dose is already 25 mg or less: stop."
                ),
                sources=("R11",),
                context=context,
            )
        return Proposal(
            rule_found=True,
            step=Step.REDUCE,
            reduce_to_mg=LIPOSOMAL_CYTARABINE_REDUCED_MG,
            text=_(
                "Label: reduce liposomal cytarabine to 25 mg if neurotoxicity develops; "
                "discontinue if it persists."
            ),
            sources=("R11",),
            context=context,
        )
    if attribution is Attribution.PROCEDURE and grade >= 3:
        return Proposal(
            rule_found=True,
            step=Step.HOLD,
            text=_(
                "Seed review: after a serious puncture-related complication, interrupt IT "
                "treatment promptly and reassess the plan. (lmdesk reads 'serious' as grade 3 "
                "or worse.)"
            ),
            sources=("seed-72", "seed-73"),
            context=context,
        )
    return Proposal(
        rule_found=False,
        text=_("No published rule: clinician decides."),
        context=context,
    )

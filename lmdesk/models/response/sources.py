"""Where every response-assessment rule comes from, and what the sources leave open.

Keys resolve in ``resources/reference/bibliography.toml`` (``R<n>`` = regimens_pk.md §R,
``seed-<n>`` = the seed review). Each rule and item elsewhere in this package names one of
these; the screen and the summary print them next to the rule.
"""

from __future__ import annotations

from lmdesk.i18n import N_

#: RANO-LM proposal 2017 (Chamberlain): neuro exam + CSF cytology + neuraxis MRI; imaging
#: graded improved/stable/progressive; isolated radiographic progression = LM progression.
RANO_LM = "R70"
#: EANO-ESMO 2023 diagnostic work-up (Table 1): cytology positive/equivocal/negative,
#: CSF volume, MRI types A-D.
EANO_ESMO_2023 = "R74"
#: LANO feasibility study proposing the simplified MRI scorecard (Le Rhun 2019).
SCORECARD = "R95"
#: The simplified scorecard table: measurable nodule, 3 largest, < 2 mm rule.
SCORECARD_TABLE = "R96"
#: EORTC BTG + RANO prospective validation of the scorecard (inter-rater kappa).
SCORECARD_VALIDATION = "R97"
#: NANO-LM updated clinical scorecard (domains scored 0-2, medications recorded).
NANO_LM = "R98"
#: Earlier RANO neurological assessment items (Le Rhun 2017, Dutch guideline appendix).
RANO_NEURO = "R99"
#: CSF tumour-marker response: +/-35 % change vs baseline (Xu 2025, BMC Med).
MARKER_RULE = "R62"
#: The same rule as the seed review states it (its reference [52]).
MARKER_RULE_SEED = "seed-52"
#: ECOG / WHO / Zubrod performance status (Oken 1982, via SEER).
ECOG = "R107"
#: Karnofsky performance status (Karnofsky 1948, via Radiopaedia).
KPS = "R108"
#: BC Cancer MOIT: baseline CSF cytology, response by CSF cytology.
MOIT_MONITORING = "R40"
#: The seed review itself (section 4.1: survival, KPS/ECOG, RANO; symptoms that IT eases).
SEED_REVIEW = "seed-0"

#: Every key this package cites (a test resolves each one in the bibliography).
ALL_KEYS: tuple[str, ...] = (
    RANO_LM,
    EANO_ESMO_2023,
    SCORECARD,
    SCORECARD_TABLE,
    SCORECARD_VALIDATION,
    NANO_LM,
    RANO_NEURO,
    MARKER_RULE,
    MARKER_RULE_SEED,
    ECOG,
    KPS,
    MOIT_MONITORING,
    SEED_REVIEW,
)

#: What the sources do not give; shown as "not confirmed" where the item would be.
NOT_CONFIRMED: dict[str, str] = {
    "composite": N_(
        "RANO-LM composite response categories (complete/partial response combining "
        "cytology, imaging, neurological examination and steroid use) are not confirmed "
        "in lmdesk's sources: the clinician decides the overall response."
    ),
    "scorecard_points": N_(
        "The point values of the original 2017 RANO-LM imaging scorecard are not "
        "confirmed: no imaging score is calculated."
    ),
    "lm_response": N_(
        "The sources give no rule deriving the overall LM imaging response (CR/PR/SD/PD/NE) "
        "from the scorecard items: the rater chooses it."
    ),
    "neuro_items": N_(
        "Only six RANO neurological items are confirmed; record other findings as free text."
    ),
    "nano_levels": N_(
        "NANO-LM level descriptors (what 0, 1 and 2 mean in each domain) are not confirmed; "
        "the sources count 14 domains, and 13 are named (bladder/bowel as one)."
    ),
    "marker_name": N_(
        "Which CSF tumour marker the +/-35 % rule was derived from (e.g. CEA) is not confirmed."
    ),
}

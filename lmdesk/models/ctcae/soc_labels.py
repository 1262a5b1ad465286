"""MedDRA system organ classes as the reader names them (the reference keeps the English).

The NCI tables in the reference give each class in English only; the Chinese names are
the translators' (the wording Chinese wards know from MedDRA), in the catalogs like any
other label, and want a check against the MedDRA Chinese edition. A class not listed here
is shown as the NCI table writes it.
"""

from __future__ import annotations

from lmdesk.i18n import N_, _

SOC_LABELS: dict[str, str] = {
    s: s
    for s in (
        N_("Blood and lymphatic system disorders"),
        N_("Cardiac disorders"),
        N_("Congenital, familial and genetic disorders"),
        N_("Ear and labyrinth disorders"),
        N_("Endocrine disorders"),
        N_("Eye disorders"),
        N_("Gastrointestinal disorders"),
        N_("General disorders and administration site conditions"),
        N_("Hepatobiliary disorders"),
        N_("Immune system disorders"),
        N_("Infections and infestations"),
        N_("Injury, poisoning and procedural complications"),
        N_("Investigations"),
        N_("Metabolism and nutrition disorders"),
        N_("Musculoskeletal and connective tissue disorders"),
        N_("Neoplasms benign, malignant and unspecified (incl cysts and polyps)"),
        N_("Nervous system disorders"),
        N_("Pregnancy, puerperium and perinatal conditions"),
        N_("Psychiatric disorders"),
        N_("Renal and urinary disorders"),
        N_("Reproductive system and breast disorders"),
        N_("Respiratory, thoracic and mediastinal disorders"),
        N_("Skin and subcutaneous tissue disorders"),
        N_("Social circumstances"),
        N_("Surgical and medical procedures"),
        N_("Vascular disorders"),
    )
}


def soc_text(soc: str) -> str:
    """The system organ class in the reader's language (English where it has no label)."""
    return _(SOC_LABELS[soc]) if soc in SOC_LABELS else soc

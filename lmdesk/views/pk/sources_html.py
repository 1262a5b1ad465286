"""The parameters tab: every model parameter with value, citation keys and derivation."""

from __future__ import annotations

import html

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.pk.request import model_parameters
from lmdesk.models.pk.simulation import PkModel

#: Labels of the model's cited inputs (keys of ``request.model_parameters``).
LABELS = {
    "ventricular_ml": N_("Ventricular volume"),
    "cranial_ml": N_("Cranial subarachnoid volume"),
    "lumbar_ml": N_("Spinal segment volume (each)"),
    "sac_fraction": N_("Share of the lumbar CSF in the dead-end sac"),
    "production_ml_h": N_("CSF production"),
    "exchange_ml_h": N_("Mixing between spinal segments"),
    "reflux_ml_h": N_("Back-mixing into the ventricles"),
    "sac_exchange_ml_h": N_("Mixing into the lumbar sac"),
    "spinal_absorption": N_("Share of the CSF absorbed along the spinal canal"),
    "drug_clearance_ml_h": N_("Drug clearance besides bulk flow"),
    "molecular_weight": N_("Molecular weight"),
    "tissue_ml": N_("Slow tissue space: capacity"),
    "tissue_exchange_ml_h": N_("Slow tissue space: exchange"),
    "release_half_life_h": N_("Release half-life from the particles"),
    "suspended_fraction": N_("Share of particles washed out with the CSF"),
    "suspended_half_life_h": N_("Washout half-life of those particles"),
}


def parameters_html(model: PkModel) -> str:
    """Rich text listing the physiology and drug inputs of ``model`` with their sources."""
    drug = model.drug
    lang = current_language()
    items = []
    for key, cited in model_parameters(model):
        if key not in LABELS:  # cervical and thoracic repeat the spinal segment volume
            continue
        label = _(LABELS[key])
        flag = "" if cited.confirmed else f" — <i>{html.escape(_('not confirmed'))}</i>"
        derivation = cited.derivation_in(lang)
        note = (
            f"<br><span style='color:#555'>{html.escape(derivation)}</span>" if derivation else ""
        )
        value = (
            f"{cited.value * 100:g} %"  # a share
            if cited.unit == "1"
            else f"{cited.value:g} {html.escape(cited.unit)}"
        )
        items.append(
            f"<li><b>{html.escape(label)}</b>: {value} [{', '.join(cited.source)}]{flag}{note}</li>"
        )
    if drug.threshold is not None:
        thr = drug.threshold
        threshold = f"{thr.value:g} {thr.unit} [{', '.join(thr.source)}]"
    else:
        threshold = html.escape(_("no published threshold"))
    items.append(f"<li><b>{html.escape(_('Cytotoxic threshold'))}</b>: {threshold}</li>")
    title = html.escape(_("Model parameters and their sources:"))
    return f"<p>{title}</p><ul>{''.join(items)}</ul>"

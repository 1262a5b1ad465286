"""The parameters tab: every model parameter with value, citation keys and derivation."""

from __future__ import annotations

import html

from lmdesk.i18n import _, current_language
from lmdesk.models.pk.simulation import PkModel


def parameters_html(model: PkModel) -> str:
    """Rich text listing the physiology and drug inputs of ``model`` with their sources."""
    phys, drug = model.physiology, model.drug
    lang = current_language()
    items = []
    for label, cited in (
        (_("Ventricular volume"), phys.ventricular_ml),
        (_("Cranial subarachnoid volume"), phys.cranial_ml),
        (_("Spinal segment volume (each)"), phys.lumbar_ml),
        (_("CSF production"), phys.production_ml_h),
        (_("Mixing between spinal segments"), phys.exchange_ml_h),
        (_("Back-mixing into the ventricles"), phys.reflux_ml_h),
        (_("Drug clearance besides bulk flow"), drug.clearance_ml_h),
        (_("Molecular weight"), drug.molecular_weight),
    ):
        flag = "" if cited.confirmed else f" — <i>{html.escape(_('not confirmed'))}</i>"
        derivation = cited.derivation_in(lang)
        note = (
            f"<br><span style='color:#555'>{html.escape(derivation)}</span>" if derivation else ""
        )
        items.append(
            f"<li><b>{html.escape(label)}</b>: {cited.value:g} {html.escape(cited.unit)} "
            f"[{', '.join(cited.source)}]{flag}{note}</li>"
        )
    if drug.threshold is not None:
        thr = drug.threshold
        threshold = f"{thr.value:g} {thr.unit} [{', '.join(thr.source)}]"
    else:
        threshold = html.escape(_("no published threshold"))
    items.append(f"<li><b>{html.escape(_('Cytotoxic threshold'))}</b>: {threshold}</li>")
    title = html.escape(_("Model parameters and their sources:"))
    return f"<p>{title}</p><ul>{''.join(items)}</ul>"

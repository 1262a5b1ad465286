"""Read the PK model inputs from the reference DB."""

from __future__ import annotations

import json
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.pk.sources import PkReference, reference_from
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.reference import ReferenceDB


class PkRepository:
    """PK parameters, validation cases and TKI comparators (parsed once, then cached)."""

    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference
        self._cached: PkReference | None = None

    def load(self) -> PkReference:
        if self._cached is None:
            if not self._reference.has_table("pk_sources"):
                raise ReferenceDataError(
                    _("The reference database has no PK parameters; rebuild or reinstall it.")
                )
            rows = self._reference.conn.execute("SELECT name, body FROM pk_sources").fetchall()
            docs: dict[str, dict[str, Any]] = {str(n): json.loads(b) for n, b in rows}
            self._cached = reference_from(
                docs["physiology"], docs["drugs"], docs["validation"], docs["tki_csf"]
            )
        return self._cached

    def drug_ids(self) -> list[str]:
        """Drugs the model has parameters for, sorted."""
        return sorted(self.load().drugs)


def pk_self_check(repo: PkRepository) -> str:
    """Selftest: the PK sources load, an Ommaya dose peaks in the ventricles first, every
    case and every leave-one-source-out refit evaluates (how well it agrees is for
    ``lmdesk pk validate`` to say, not a reason to fail the installation)."""
    from lmdesk.models.pk.compartments import LUMBAR, VENTRICULAR
    from lmdesk.models.pk.loso import calibration_set, out_of_sample, primary_source
    from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
    from lmdesk.models.pk.validation import tally

    pk = repo.load()
    drug = pk.drugs["methotrexate"]
    curves = simulate(PkModel(pk.physiology, drug), make_doses("ommaya", [0.0], [12.0]), 48.0)
    vent, lumbar = curves.conc_mg_l[VENTRICULAR], curves.conc_mg_l[LUMBAR]
    if not (vent.max() > lumbar.max() and lumbar.argmax() > vent.argmax()):
        raise RuntimeError("PK model: Ommaya dose does not peak in the ventricles first")
    sources = {primary_source(c) for c in calibration_set(pk.cases, pk.drugs)}
    if sources - set(pk.refits):
        raise RuntimeError("PK model: a calibration source has no leave-one-source-out refit")
    held = out_of_sample(list(pk.cases), pk.physiology, pk.drugs, pk.transit, pk.refits)
    results = [o.result for o in held]
    if any(r.predicted is None for r in results if r.case.kind != "not_modelled"):
        raise RuntimeError("PK model: a validation case could not be evaluated")
    counts = tally(results)
    return _(
        "{n} drugs; out of sample {ok} of {cases} validation cases within a factor of 2"
    ).format(n=len(pk.drugs), ok=counts.within, cases=counts.cases)

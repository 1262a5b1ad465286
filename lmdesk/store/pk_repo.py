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
    """Selftest: the PK sources load, an Ommaya dose peaks in the ventricles first, cases run."""
    from lmdesk.models.pk.compartments import LUMBAR, VENTRICULAR
    from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
    from lmdesk.models.pk.validation import evaluate_all, is_depot_case, tally

    pk = repo.load()
    drug = pk.drugs["methotrexate"]
    curves = simulate(PkModel(pk.physiology, drug), make_doses("ommaya", [0.0], [12.0]), 48.0)
    vent, lumbar = curves.conc_mg_l[VENTRICULAR], curves.conc_mg_l[LUMBAR]
    if not (vent.max() > lumbar.max() and lumbar.argmax() > vent.argmax()):
        raise RuntimeError("PK model: Ommaya dose does not peak in the ventricles first")
    results = evaluate_all(list(pk.cases), pk.physiology, pk.drugs, pk.transit)
    counts = tally(results)
    free = tally([r for r in results if not is_depot_case(r.case, pk.drugs)])
    if free.beyond_worst:
        raise RuntimeError("PK model: a free-drug validation case is off by more than 3-fold")
    return _("{n} drugs; {ok} of {cases} validation cases within a factor of 2").format(
        n=len(pk.drugs), ok=counts.within, cases=counts.cases
    )

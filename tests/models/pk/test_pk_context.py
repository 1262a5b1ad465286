"""TKI context panel data (regimens_pk.md Part C)."""

from __future__ import annotations

import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.context import comparators_for, estimate_csf
from lmdesk.models.pk.sources import PkReference


def test_afatinib_estimate_reproduces_tamiya(pk_ref: PkReference) -> None:
    """Blood 233 nM x 2.45 % ~ 5.7 nM; Tamiya measured 3.16 nM (mean of ratios) [R102]."""
    afatinib = [
        c for c in comparators_for("Afatinib", list(pk_ref.comparators)) if "R102" in c.source
    ]
    low, high = estimate_csf(afatinib[0], 233.0)
    assert low == pytest.approx(5.7085)
    assert high is None


def test_range_gives_low_and_high(pk_ref: PkReference) -> None:
    osi = comparators_for("osimertinib", list(pk_ref.comparators))[0]
    assert estimate_csf(osi, 100.0) == (pytest.approx(2.5), pytest.approx(16.0))
    assert osi.ratio_text() == "2.5–16 %"


def test_negative_plasma_is_refused(pk_ref: PkReference) -> None:
    with pytest.raises(BadInputError):
        estimate_csf(pk_ref.comparators[0], -1.0)


def test_every_comparator_has_a_source(pk_ref: PkReference) -> None:
    assert len(pk_ref.comparators) >= 8
    assert all(c.source for c in pk_ref.comparators)

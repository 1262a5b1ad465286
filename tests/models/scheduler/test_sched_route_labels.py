"""Every route a protocol can hold has words on screen and on the sheet (no KeyError at print)."""

from __future__ import annotations

from typing import get_args

from lmdesk.models.scheduling.protocol import (
    CO_MED_ROUTE_LABELS,
    ROUTE_LABELS,
    ROUTES,
    CoMedication,
)


def test_every_co_medication_route_has_a_label() -> None:
    routes = set(get_args(CoMedication.model_fields["route"].annotation))
    assert routes == set(CO_MED_ROUTE_LABELS)


def test_every_it_route_has_a_label_that_says_intrathecal() -> None:
    assert set(ROUTES) == set(ROUTE_LABELS)
    assert all("INTRATHECAL" in label for label in ROUTE_LABELS.values())

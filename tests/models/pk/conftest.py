"""Fixtures: the shipped PK sources parsed into model inputs (tests may read files)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lmdesk.models.pk.simulation import PkModel
from lmdesk.models.pk.sources import PkReference, reference_from
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits

PK_DIR = Path(__file__).resolve().parents[3] / "lmdesk" / "resources" / "reference" / "pk"


def load_reference() -> PkReference:
    docs = {
        name: tomllib.loads((PK_DIR / f"{name}.toml").read_text(encoding="utf-8"))
        for name in ("physiology", "drugs", "validation", "tki_csf")
    }
    return reference_from(docs["physiology"], docs["drugs"], docs["validation"], docs["tki_csf"])


@pytest.fixture(scope="session")
def pk_ref() -> PkReference:
    return load_reference()


@pytest.fixture()
def mtx_model(pk_ref: PkReference) -> PkModel:
    return PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"])


@pytest.fixture(scope="session")
def limits() -> DoseLimits:
    """The shipped dose limits (resources/reference/dose_limits.toml)."""
    path = PK_DIR.parent / "dose_limits.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return DoseLimits(DoseLimit(**item) for item in data["limit"])

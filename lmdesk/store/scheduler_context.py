"""The scheduler's repositories and drug catalog, built from the two databases.

The CLI and the views both plan and follow courses; this keeps them wired the same way.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lmdesk.models.never_it import NeverItLookup
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


def drug_catalog(reference: ReferenceDB) -> Any | None:
    """The drug-card catalog (never-IT names in every language), if the cards are built.

    Without it the never-IT rule still refuses the §E.1 generic names (built-in list).
    """
    try:
        module = importlib.import_module("lmdesk.store.drug_repo")
    except ImportError:
        return None
    return module.DrugRepository(reference).catalog()


@dataclass
class SchedulerStores:
    reference: ReferenceDB
    patients_db: PatientDB

    @cached_property
    def protocols(self) -> ProtocolRepository:
        return ProtocolRepository(self.reference, self.patients_db)

    @cached_property
    def patients(self) -> PatientRepository:
        return PatientRepository(self.patients_db)

    @cached_property
    def courses(self) -> CourseRepository:
        return CourseRepository(self.patients_db)

    @cached_property
    def catalog(self) -> NeverItLookup | None:
        found: NeverItLookup | None = drug_catalog(self.reference)
        return found

"""Drug names for the course screens: a course stores card ids, the reader sees names."""

from __future__ import annotations

from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.protocol import DrugNames
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.reference import ReferenceDB


def drug_names(reference: ReferenceDB) -> DrugNames:
    """Card id -> (English, Chinese) name, from the drug list (no card models are loaded).

    Without a readable drug list the screens show card ids; the drug screen says why.
    """
    try:
        listings = DrugRepository(reference).listings()
    except LmdeskError:
        return {}
    return {d.id: (d.name_en, d.name_zh) for d in listings}

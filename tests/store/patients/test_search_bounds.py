"""A search text longer than any patient's key finds nothing, instead of failing in SQLite."""

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.sheet_courses import list_courses


def test_a_100000_character_search_is_bounded(patient_db):
    repo = PatientRepository(patient_db)
    repo.add(Patient(mrn="M1", name="Wang Wei"))
    for query in ("a" * 100_000, "a%_\\" * 30_000, "长" * 100_000):
        assert repo.search(query) == []
        assert repo.page(query) == [] and repo.count(query) == 0 and repo.pick(query) == []
        assert list_courses(patient_db, query) == []
    assert [p.mrn for p in repo.search("wang")] == ["M1"]

"""The repository's term index answers exactly as a scan with ``find_term`` would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.ctcae.rules import VERSIONS
from lmdesk.models.ctcae.terms import find_term
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.reference import ReferenceDB


def test_every_name_in_both_languages_finds_the_scanned_term(reference: ReferenceDB) -> None:
    repo = CtcaeRepo(reference)
    for version in VERSIONS:
        terms = repo.terms(version)
        for term in terms:
            for name in (term.term, term.name_zh, term.term.upper(), f"  {term.term} "):
                if name:
                    assert repo.term(version, name) == find_term(terms, name)
        assert repo.term(version, "not a ctcae term") is None


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=12))
def test_any_text_agrees_with_the_scan(reference: ReferenceDB, text: str) -> None:
    repo = CtcaeRepo(reference)
    for version in VERSIONS:
        assert repo.term(version, text) == find_term(repo.terms(version), text)

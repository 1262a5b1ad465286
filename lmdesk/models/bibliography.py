"""The reference list every sourced number points into.

Keys are ``R<n>`` (regimens_pk.md §R), ``seed-<n>`` (the seed review's numbered list) and
``ref-<section>`` for values the domain reference computed itself (e.g. molecular weights
from a formula). Cards, protocols and PK parameters cite these keys; a key that does not
resolve is a content error, caught when the reference DB is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SourceStrength = Literal["guideline", "primary", "secondary", "weak", "review", "computed"]

KEY_PATTERN = re.compile(r"^(R\d+[a-z]?|seed-\d+|ref-[A-Z](\.\d+)*)$")


class Reference(BaseModel):
    """One entry of the bibliography: enough to find the paper again."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    citation: str = Field(min_length=5)
    doi: str | None = None
    url: str | None = None
    strength: SourceStrength | None = None

    @field_validator("key")
    @classmethod
    def _key_shape(cls, key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError(f"reference key {key!r} is not R<n>, seed-<n> or ref-<section>")
        return key

    @field_validator("doi")
    @classmethod
    def _doi_shape(cls, doi: str | None) -> str | None:
        if doi is not None and not doi.startswith("10."):
            raise ValueError(f"DOI {doi!r} must start with '10.'")
        return doi

    def full_text(self) -> str:
        """Citation with its DOI appended unless the citation already names it."""
        if self.doi and self.doi.casefold() not in self.citation.casefold():
            return f"{self.citation} doi:{self.doi}"
        return self.citation

    @property
    def doi_url(self) -> str | None:
        """Resolver link for the DOI (shown, never fetched: the app is offline)."""
        return f"https://doi.org/{self.doi}" if self.doi else None


class Bibliography(Mapping[str, Reference]):
    """Read-only key -> Reference map with duplicate-key protection."""

    def __init__(self, references: Iterable[Reference]) -> None:
        entries: dict[str, Reference] = {}
        for ref in references:
            if ref.key in entries:
                raise ValueError(f"duplicate reference key {ref.key!r}")
            entries[ref.key] = ref
        self._entries = entries

    def __getitem__(self, key: str) -> Reference:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def resolve(self, keys: Iterable[str]) -> list[Reference]:
        """References for ``keys`` in first-cited order; unknown keys raise KeyError."""
        seen: dict[str, Reference] = {}
        for key in keys:
            if key not in seen:
                seen[key] = self._entries[key]
        return list(seen.values())

    def missing(self, keys: Iterable[str]) -> list[str]:
        """Keys that do not resolve, sorted, for content error messages."""
        return sorted({k for k in keys if k not in self._entries})

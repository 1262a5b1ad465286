"""The reference DB's own facts: content version, review date, where it came from."""

from __future__ import annotations

import tomllib
from pathlib import Path

import sqlite_utils
from pydantic import BaseModel, ConfigDict


class ReferenceMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    content_version: str
    reviewed_on: str
    sources: str


def load(sources: Path) -> ReferenceMeta:
    with (sources / "meta.toml").open("rb") as handle:
        return ReferenceMeta.model_validate(tomllib.load(handle))


def build(db: sqlite_utils.Database, sources: Path) -> None:
    meta = load(sources)
    db.table("meta").insert_all(
        [{"key": k, "value": v} for k, v in sorted(meta.model_dump().items())], pk="key"
    )

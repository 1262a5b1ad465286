"""A finding: what a rule says about a plan (info, warning, or refusal), for people and scripts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

FindingLevel = Literal["info", "warning", "refusal"]


class Finding(BaseModel):
    """``code`` is stable (tests, JSON); ``message`` is translated text for the user."""

    model_config = ConfigDict(frozen=True)

    level: FindingLevel
    code: str
    message: str
    session: int | None = None


def info(code: str, message: str, session: int | None = None) -> Finding:
    return Finding(level="info", code=code, message=message, session=session)


def warning(code: str, message: str, session: int | None = None) -> Finding:
    return Finding(level="warning", code=code, message=message, session=session)

"""A finding: what a rule says about a plan (info, warning, or refusal), for people and scripts.

Codes stay in JSON; screens and the command line print the level's words instead.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _

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


LEVEL_LABELS: dict[str, str] = {
    "info": N_("note"),
    "warning": N_("warning"),
    "refusal": N_("refused"),
}


def level_label(level: str) -> str:
    """``note`` / ``warning`` / ``refused`` in the reader's language (unknown: as it is)."""
    label = LEVEL_LABELS.get(level)
    return _(label) if label else level

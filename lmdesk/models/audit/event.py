"""What an audited change was: a code and its parameters, kept in the audit row's JSON.

The row's ``after`` JSON carries ``{"event": {"code", "params"}}``; the sentence is made
when the row is read (:mod:`lmdesk.models.audit.wording`), in the reader's language.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ParamValue = str | int | float | bool | None | dict[str, str]

EVENT_KEY = "event"
LEGACY_DESCRIPTION_KEY = "description"


class AuditEvent(BaseModel):
    """``code`` is the audit row's action; ``params`` are plain JSON values.

    A parameter that is itself shown in two languages (a protocol's name) is a
    ``{"en": ..., "zh": ...}`` mapping, picked when the row is read.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    params: dict[str, ParamValue] = Field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def bilingual(en: str, zh: str) -> dict[str, str]:
    """A name in both languages (the English one stands in for a missing Chinese one)."""
    return {"en": en, "zh": zh or en}

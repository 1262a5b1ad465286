"""Today's IT doses across patients: one worklist line per due session, with its gate status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.scheduling.gate import GateResult
from lmdesk.models.scheduling.gate_finding import LAB_RULES, VERIFY_RULES, GateFinding

WorklistStatus = Literal["ready", "needs_labs", "needs_verification", "stop"]
STATUS_LABELS: dict[str, str] = {
    "ready": N_("ready"),
    "needs_labs": N_("needs labs"),
    "needs_verification": N_("needs verification"),
    "stop": N_("stop"),
}


def worklist_status(result: GateResult) -> WorklistStatus:
    """stop (a stop other than labs/verification) > needs labs > needs verification > ready."""
    stops = result.stops
    if any(f.rule not in LAB_RULES | VERIFY_RULES for f in stops):
        return "stop"
    if any(f.rule in LAB_RULES for f in stops):
        return "needs_labs"
    if stops:
        return "needs_verification"
    return "ready"


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


#: Sentence ends after which the next sentence follows without a separator (CJK, full width) or
#: after one space (Latin).
_FULL_WIDTH_ENDS = "。！？；"
_LATIN_ENDS = ".!?;"


def join_sentences(messages: Iterable[str]) -> str:
    """Messages as one run of sentences that reads right in either language: after a Chinese
    "。" the next follows directly, after an English "." with one space, and a message without a
    sentence end gets the language's separator ("; " / "；") before the next."""
    out = ""
    for message in (m.strip() for m in messages):
        if not message:
            continue
        if not out:
            out = message
        elif out[-1] in _FULL_WIDTH_ENDS:
            out += message
        elif out[-1] in _LATIN_ENDS:
            out += " " + message
        else:
            out += _("; ") + message
    return out


class WorklistItem(BaseModel):
    """One due session: who, what, and what the gate says about it now."""

    model_config = ConfigDict(frozen=True)

    day: date
    mrn: str
    patient_name: str
    course_id: int
    session: int
    drug: str
    dose_mg: float
    route: str
    status: WorklistStatus
    stops: tuple[GateFinding, ...] = ()
    warnings: tuple[GateFinding, ...] = ()

    def why_lines(self, limit: int = 2) -> tuple[str, ...]:
        """The first ``limit`` stop messages, one per line on a screen."""
        return tuple(f.message.strip() for f in self.stops[:limit])

    def why_text(self, limit: int = 2) -> str:
        """The first ``limit`` stop messages as one line of sentences (``join_sentences``)."""
        return join_sentences(self.why_lines(limit))


def sort_worklist(items: list[WorklistItem]) -> list[WorklistItem]:
    """By time: date, then patient (MRN), then course and session."""
    return sorted(items, key=lambda i: (i.day, i.mrn, i.course_id, i.session))

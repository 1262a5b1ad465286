"""The level of a finding or a note (info / warning / refusal) as the reader says it.

Codes stay in JSON; screens and the command line print these words instead.
"""

from __future__ import annotations

from lmdesk.i18n import N_, _

LEVEL_LABELS: dict[str, str] = {
    "info": N_("note"),
    "warning": N_("warning"),
    "refusal": N_("refused"),
}


def level_label(level: str) -> str:
    """``note`` / ``warning`` / ``refused`` in the reader's language (unknown: as it is)."""
    label = LEVEL_LABELS.get(level)
    return _(label) if label else level

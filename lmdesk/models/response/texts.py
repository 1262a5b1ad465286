"""Small wording helpers shared by the screen, the CLI and the printed summary.

Each takes a translate function (``_`` on screen; a fixed-language one on the summary,
which has a language of its own), so the same words serve every face.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lmdesk.i18n import _
from lmdesk.models.local_time import WEEKDAYS

Translate = Callable[[str], str]


def day_text(day: dt.date, tr: Translate = _) -> str:
    """ISO date with its weekday (``2027-01-04 Mon``)."""
    return f"{day.isoformat()} {tr(WEEKDAYS[day.weekday()])}"


def cite(*keys: str) -> str:
    """Citation keys as printed next to a rule: ``[R62][seed-52]``."""
    return "".join(f"[{k}]" for k in keys)


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)

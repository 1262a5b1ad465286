"""The decision-support disclaimer every screen and sheet carries."""

from __future__ import annotations

from lmdesk.i18n import _


def disclaimer_text() -> str:
    return _(
        "lmdesk supports, and does not replace, clinical judgement and your institution's "
        "protocol. Check every dose, route and date before use."
    )

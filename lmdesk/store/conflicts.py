"""The stale-edit error every repository raises, saying who changed the record last and when.

Two workstations edit the same record; the second save is refused (its row version is old).
"Reload and try again" alone leaves the user guessing: the message names the newest change
from the audit trail (who, local time, what), and the error carries the record as stored now.
"""

from __future__ import annotations

from lmdesk.i18n import _
from lmdesk.models.errors import ConflictError
from lmdesk.models.local_time import local_time_text
from lmdesk.store.patient_store import PatientStore


def stale_edit(
    pdb: PatientStore,
    entity: str,
    entity_id: int,
    message: str,
    current: object | None = None,
) -> ConflictError:
    """``message``, then the record's latest change; ``current`` is the record as stored now."""
    latest = pdb.last_change(entity, entity_id)
    if latest is not None:
        message += " " + _("Latest change ({who}, {at}): {what}").format(
            who=latest.user, at=local_time_text(latest.at), what=latest.text
        )
    return ConflictError(message, current=current)

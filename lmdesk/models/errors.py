"""Domain errors shared by every layer.

The CLI maps them to exit codes (bad input 2, safety refusal 3) and the views to
inline messages, so a rule only has to say *why* once, here in the domain.
"""


class LmdeskError(Exception):
    """Base of every error lmdesk explains to its user."""


class BadInputError(LmdeskError, ValueError):
    """Input that cannot be used as given (unknown id, impossible date, negative dose)."""


class SafetyRefusal(LmdeskError):
    """A clinical safety rule refuses the action (never-IT drug, dose above the hard ceiling).

    ``rule`` is a short stable code (e.g. ``never_it``, ``dose_ceiling``) for tests and logs.
    """

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


class ConflictError(LmdeskError):
    """Someone else changed the record since it was read (stale row version).

    ``current`` is the record as stored now (when the store could read it), so the
    user is shown the fresh state instead of having to guess what changed.
    """

    def __init__(self, message: str, current: object | None = None) -> None:
        super().__init__(message)
        self.current = current

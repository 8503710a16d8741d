"""What a caregiver service answers when the change cannot be made as asked:
pages show it next to the field it names, the API as a problem
(tiaki.care.web.views.caregivers, tiaki.care.api.views.caregivers)."""

from __future__ import annotations


class CaregiverError(ValueError):
    """The change cannot be made as asked; the message says why, for the page
    or the API; ``field`` names the input at fault. Nothing was saved."""

    code = "invalid"

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleVersion(CaregiverError):  # noqa: N818 - reads as what happened
    """Someone else changed the household first: nothing was changed;
    ``current`` is the version now saved."""

    code = "stale_version"

    def __init__(self, message: str, current: int) -> None:
        super().__init__(message, "version")
        self.current = current


class SelfApproval(CaregiverError):  # noqa: N818 - reads as what happened
    """The decider assessed the household: someone else must decide."""

    code = "self_approval"

"""What a casework service answers when the change cannot be made as asked:
pages show it next to the field it names, the API as a problem
(tiaki.casework.web.service_errors, tiaki.casework.api.views.answered)."""

from __future__ import annotations

from tiaki.access import sealed


class CaseworkError(ValueError):
    """The change cannot be made as asked; the message says why, for the page
    or the API; ``field`` names the input at fault. Nothing was saved."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleVersion(CaseworkError):  # noqa: N818 - reads as what happened
    """Someone else saved first: nothing was changed; ``current`` is what they saved."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message, "version")
        self.current = current


class ConflictOfInterest(CaseworkError):  # noqa: N818 - reads as what happened
    """The worker has a personal connection (tiaki.access.sealed) to someone
    on the case: they may not hold it. Says so without naming who."""

    code = sealed.CONFLICT_OF_INTEREST

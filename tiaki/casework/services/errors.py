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


class OpenCaseExists(CaseworkError):  # noqa: N818 - reads as what happened
    """A child on the new case already has an open case: a second one is
    opened only when the worker confirms it, with a reason. ``cases`` are
    (id, reference) of the open cases, which anyone who may read the child
    may read (tiaki.casework.reach.case_decision); no one is named."""

    code = "open_case_exists"

    def __init__(self, message: str, cases: list[tuple[int, str]]) -> None:
        super().__init__(message, "confirm_additional")
        self.cases = cases

"""What subject access services and selectors raise for bad input: a
specific message (shown next to ``field`` on a page, as problem+json by the
API), nothing changed, the attempt audited before it is raised."""

from __future__ import annotations


class SubjectAccessError(ValueError):
    """Bad input on a subject access request, its review or its release."""

    def __init__(self, message: str, field: str = "", *, code: str = "", items: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: The refusal code it was audited with (tiaki.disclosure.reasons).
        self.code = code
        #: The gathered items it is about (a stage's redactions without a reason).
        self.items = list(items or [])

"""The writes of subject access (Privacy Act 2020, IPP 6): the register of
requests and their clock (``requests``), and the review, redaction and
staged release (``review``). Corrections (IPP 7) are in
tiaki.disclosure.services.corrections. docs/subject-access.md."""

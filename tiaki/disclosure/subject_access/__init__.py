"""Subject access (Privacy Act 2020, IPP 6) and corrections (IPP 7): what
is gathered for a request, and how it becomes a readable pack. The
models are in tiaki.disclosure.models.subject_access; the writes in
tiaki.disclosure.services.subject_access and .corrections; the reads in
tiaki.disclosure.selectors.subject_access. docs/subject-access.md."""

"""Duplicate review and merging of person records (DESIGN.md: people/matching).

- ``duplicates_scan``: the background job queueing pairs that may be one person
  (tiaki.people.services.duplicates);
- ``duplicate_dismiss``: a reviewer's "not the same person";
- ``person_merge`` / ``person_unmerge``: fold one record into another so that
  nothing is lost and the merge can be undone exactly.

Reads (the review queue, the side-by-side comparison) are in
tiaki.people.selectors.duplicates.
"""

from tiaki.people.merging.references import SKIPPED, UnsupportedReference, movable_references, person_foreign_keys
from tiaki.people.merging.services import MergeError, duplicate_dismiss, person_merge, person_unmerge
from tiaki.people.services.duplicates import duplicates_scan

__all__ = [
    "SKIPPED",
    "MergeError",
    "UnsupportedReference",
    "duplicate_dismiss",
    "duplicates_scan",
    "movable_references",
    "person_foreign_keys",
    "person_merge",
    "person_unmerge",
]

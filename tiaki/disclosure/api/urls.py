"""Disclosure's API under /api/v1 (found by tiaki.config.slices, in the ``api`` namespace),
collected from one routes module per part: records, guard, letters,
exports, sharing, partners, subject access requests and corrections, the
subject access review."""

from tiaki.disclosure.api.routes import (
    exports,
    guard,
    letters,
    partners,
    records,
    sharing,
    subject_access,
    subject_access_review,
)

urlpatterns = [
    *records.urlpatterns,
    *guard.urlpatterns,
    *letters.urlpatterns,
    *exports.urlpatterns,
    *sharing.urlpatterns,
    *partners.urlpatterns,
    *subject_access.urlpatterns,
    *subject_access_review.urlpatterns,
]

"""Disclosure's pages (found by tiaki.config.slices, in the ``web`` namespace),
collected from one routes module per part: records, guard, letters,
exports, sharing, partners, the subject access register and corrections, the review, the pack."""

from tiaki.disclosure.web.routes import (
    exports,
    guard,
    letters,
    partners,
    records,
    sharing,
    subject_access,
    subject_access_pack,
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
    *subject_access_pack.urlpatterns,
]

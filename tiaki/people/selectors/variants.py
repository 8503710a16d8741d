"""The staff-maintained list of name variants (not personal data), and
reading it into matching's variant groups (tiaki.people.matching.variants,
which holds no ORM: it is given the staff's pairs here)."""

from __future__ import annotations

from django.db.models import Count, F, Max

from tiaki.people.matching import variants
from tiaki.people.models import NameVariant


def name_variant_list(*, limit: int = 500) -> list[NameVariant]:
    """Each pair once (the service stores both directions)."""
    return list(NameVariant.objects.filter(name__lt=F("variant")).select_related("added_by").order_by("name")[:limit])


def refresh_variants() -> None:
    """Pick up NameVariant rows added or removed since the last search: one
    tiny aggregate, called once per search, tells whether a row was added or
    removed, so a pair staff add is used by the very next search; the table
    is read again only then."""
    seen = NameVariant.objects.aggregate(n=Count("id"), top=Max("id"))
    fingerprint = (seen["n"], seen["top"])
    if fingerprint != variants.loaded_fingerprint():
        variants.install(fingerprint, NameVariant.objects.values_list("name", "variant", "kind"))


def load_variants() -> None:
    """Read the table if it has not been read yet (or was forgotten since:
    matching.variants.forget_cached_variants); otherwise use the groups as
    they are, without a query."""
    if variants.loaded_fingerprint() is None:
        refresh_variants()

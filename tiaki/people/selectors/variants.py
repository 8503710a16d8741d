"""The staff-maintained list of name variants (not personal data)."""

from __future__ import annotations

from django.db.models import F

from tiaki.people.models import NameVariant


def name_variant_list(*, limit: int = 500) -> list[NameVariant]:
    """Each pair once (the service stores both directions)."""
    return list(NameVariant.objects.filter(name__lt=F("variant")).select_related("added_by").order_by("name")[:limit])

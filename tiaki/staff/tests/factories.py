from __future__ import annotations

import factory

from tiaki.access.roles import Role
from tiaki.staff.models import Site, Team, User


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Site {n}")
    region = "Te Tai Tokerau"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.CARE_PROTECTION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff-{n}")
    first_name = "Tūī"
    last_name = "Herewini"
    role = Role.SOCIAL_WORKER
    site = factory.SubFactory(SiteFactory)
    password = factory.django.Password("correct-horse-battery")

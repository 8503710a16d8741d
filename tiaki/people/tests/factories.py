from __future__ import annotations

import datetime as dt

import factory

from tiaki.people.models import Address, Person, PersonAddress, PersonName, Relationship


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    date_of_birth = dt.date(2015, 3, 14)
    gender = Person.Gender.FEMALE


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    given_names = "Mere"
    family_name = "Ngata"
    is_primary = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "12 Kōwhai Street"
    suburb = "Onerahi"
    city = "Whangārei"
    postcode = "0110"


class PersonAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAddress

    person = factory.SubFactory(PersonFactory)
    address = factory.SubFactory(AddressFactory)
    valid_from = dt.date(2020, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(PersonFactory)
    kind = Relationship.Kind.PARENT

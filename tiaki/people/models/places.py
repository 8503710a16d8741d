"""Addresses and who lived where."""

from __future__ import annotations

from django.db import models

from tiaki.people.models.person import Classification, Person


class Address(models.Model):
    """A place; several people (a whānau) may share one."""

    street = models.CharField(max_length=200)
    suburb = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100)
    postcode = models.CharField(max_length=4, blank=True)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.street, self.suburb, self.city, self.postcode) if part)


class PersonAddress(models.Model):
    """A period a person lived at an address. A protected address (a refuge, a
    protection order) is SENSITIVE and masked for anyone without the field
    permission."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    protected = models.BooleanField(default=False)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=100, blank=True, db_default="")

    class Meta:
        indexes = [models.Index(fields=["address"], name="person_address_address")]

    def __str__(self) -> str:
        return f"Address {self.address_id} of person {self.person_id}"

    @property
    def classification(self) -> str:
        return Classification.SENSITIVE if self.protected else Classification.IN_CONFIDENCE

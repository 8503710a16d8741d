"""The person register: people, their names, addresses and relationships.

Names are stored exactly as given (Unicode NFC, macrons kept); services
normalise to NFC before saving. Writes go through tiaki.people.services only.
"""

from __future__ import annotations

from django.db import models


class Classification(models.TextChoices):
    IN_CONFIDENCE = "in-confidence", "IN-CONFIDENCE"
    SENSITIVE = "sensitive", "SENSITIVE"


class Person(models.Model):
    class BirthDatePrecision(models.TextChoices):
        EXACT = "exact", "Exact"
        YEAR = "year", "Year only"
        UNKNOWN = "unknown", "Unknown"

    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        ANOTHER = "another", "Another gender"
        UNKNOWN = "unknown", "Not known"

    date_of_birth = models.DateField(null=True, blank=True)
    birth_date_precision = models.CharField(
        max_length=10, choices=BirthDatePrecision.choices, default=BirthDatePrecision.EXACT
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    deceased_on = models.DateField(null=True, blank=True)
    # A sealed record (a staff member's own whānau, a staff member as subject)
    # needs an explicit named grant to open (tiaki.access).
    sealed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: services compare and increment it, so two
    # concurrent edits never silently overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date_precision="unknown", date_of_birth__isnull=True)
                | (~models.Q(birth_date_precision="unknown") & models.Q(date_of_birth__isnull=False)),
                name="person_birth_date_matches_precision",
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"


class PersonName(models.Model):
    class Kind(models.TextChoices):
        LEGAL = "legal", "Legal name"
        PREFERRED = "preferred", "Preferred name"
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Also known as"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LEGAL)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    is_primary = models.BooleanField(default=False)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(is_primary=True), name="person_one_primary_name"
            ),
            models.CheckConstraint(condition=~models.Q(given_names="", family_name=""), name="person_name_not_empty"),
        ]
        indexes = [models.Index(fields=["family_name", "given_names"], name="person_name_family_given")]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


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

    class Meta:
        indexes = [models.Index(fields=["address"], name="person_address_address")]

    def __str__(self) -> str:
        return f"Address {self.address_id} of person {self.person_id}"

    @property
    def classification(self) -> str:
        return Classification.SENSITIVE if self.protected else Classification.IN_CONFIDENCE


class Relationship(models.Model):
    """A typed, dated relationship, stored once and read in both directions:
    ``from_person`` is ``kind`` of ``to_person`` (a parent of, a sibling of)."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent"
        STEP_PARENT = "step-parent", "Step-parent"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half-sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt-uncle", "Aunt or uncle"
        WHANAU = "whanau", "Whānau member"
        CAREGIVER = "caregiver", "Caregiver"
        PARTNER = "partner", "Partner"
        OTHER = "other", "Other"

    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="relationship_not_to_self"
            ),
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="relationship_unique"),
        ]
        indexes = [models.Index(fields=["to_person"], name="relationship_to_person")]

    def __str__(self) -> str:
        return f"{self.from_person_id} {self.kind} of {self.to_person_id}"


#: How a relationship reads from the other end ("X is the parent of Y" reads
#: "Y is the child of X"). Used by tiaki.people.selectors.
INVERSE_LABELS: dict[str, str] = {
    Relationship.Kind.PARENT: "Child",
    Relationship.Kind.STEP_PARENT: "Step-child",
    Relationship.Kind.SIBLING: "Sibling",
    Relationship.Kind.HALF_SIBLING: "Half-sibling",
    Relationship.Kind.GRANDPARENT: "Grandchild",
    Relationship.Kind.AUNT_UNCLE: "Niece or nephew",
    Relationship.Kind.WHANAU: "Whānau member",
    Relationship.Kind.CAREGIVER: "Cared for",
    Relationship.Kind.PARTNER: "Partner",
    Relationship.Kind.OTHER: "Other",
}

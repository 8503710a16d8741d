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
    """One human being on the register. A record merged into another keeps
    its row (``merged_into`` set) so the merge can be undone exactly."""

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
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_by = models.ForeignKey("staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

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
    # Provenance: where this name came from ("report R-2026-000123", "NHI",
    # "seed"), kept through merges.
    source = models.CharField(max_length=100, blank=True, db_default="")
    recorded_at = models.DateTimeField(null=True, blank=True)

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


class PersonEthnicity(models.Model):
    """A Stats NZ ethnicity code (level 4) the person identifies with; several allowed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ethnicities")
    code = models.CharField(max_length=5)
    source = models.CharField(max_length=100, blank=True, db_default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="person_ethnicity_unique")]

    def __str__(self) -> str:
        return f"Ethnicity {self.code} of person {self.person_id}"


class PersonIwi(models.Model):
    """An iwi (and optionally hapū) the person affiliates with, named as the
    person or whānau name it (tiaki.people.codes lists common iwi)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="iwi")
    iwi = models.CharField(max_length=100)
    hapu = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=100, blank=True, db_default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "iwi", "hapu"], name="person_iwi_unique")]

    def __str__(self) -> str:
        return f"Iwi affiliation {self.pk} of person {self.person_id}"


class PersonIdentifier(models.Model):
    """A validated identifier (tiaki.people.identifiers). One value belongs to
    one person: a second record with the same NHI is a duplicate to merge."""

    class Kind(models.TextChoices):
        NHI = "nhi", "NHI number"
        NSN = "nsn", "National Student Number"
        MSD = "msd", "MSD client number"
        OTHER = "other", "Other identifier"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=40)
    source = models.CharField(max_length=100, blank=True, db_default="")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="person_identifier_unique")]
        indexes = [models.Index(fields=["person"], name="person_identifier_person")]

    def __str__(self) -> str:
        return f"{self.kind} of person {self.person_id}"


class PersonContact(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=100, blank=True, db_default="")

    def __str__(self) -> str:
        return f"{self.kind} contact of person {self.person_id}"


class PersonAlert(models.Model):
    """A safety alert. SENSITIVE: masked for anyone without the field permission."""

    class Kind(models.TextChoices):
        RISK_TO_STAFF = "risk-to-staff", "Risk to staff"
        PROTECTION_ORDER = "protection-order", "Protection order in place"
        FAMILY_VIOLENCE = "family-violence", "Family violence"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=100)
    review_on = models.DateField()
    recorded_by = models.ForeignKey("staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True)
    #: Who the alert or order protects this person from, when known (the
    #: disclosure guard never lets this person's protected details reach them).
    other_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts_naming"
    )

    def __str__(self) -> str:
        return f"{self.kind} alert on person {self.person_id}"

"""What search-before-create and duplicate review keep in the database."""

from __future__ import annotations

from django.db import models

from tiaki.people.models.person import Person


class MatchKey(models.Model):
    """A blocking key for one person (tiaki.people.matching.keys): search looks
    up the query's keys here to find candidates, then scores only those."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["key", "person"], name="match_key_lookup"),
            models.Index(fields=["person"], name="match_key_person"),
        ]

    def __str__(self) -> str:
        return f"{self.key} -> {self.person_id}"


class NameVariant(models.Model):
    """Two given names staff treat as the same person's (Wiremu / William,
    Hēmi / James, Bill / William). A maintained list: staff add to it."""

    class Kind(models.TextChoices):
        TRANSLITERATION = "transliteration", "Māori and English forms of a name"
        NICKNAME = "nickname", "Nickname or short form"

    name = models.CharField(max_length=60)  # folded: lower case, no macrons
    variant = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    added_by = models.ForeignKey("staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "variant"], name="name_variant_unique")]

    def __str__(self) -> str:
        return f"{self.name} / {self.variant}"


class DuplicateCandidate(models.Model):
    """A pair the duplicate scan thinks may be one person, waiting for review."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for review"
        MERGED = "merged", "Merged"
        NOT_DUPLICATE = "not-duplicate", "Not the same person"

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey("staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_queue")]

    def __str__(self) -> str:
        return f"Possible duplicate {self.person_a_id} / {self.person_b_id}"

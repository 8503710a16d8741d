"""Relationships between people: the whānau map."""

from __future__ import annotations

from django.db import models

from tiaki.people.models.person import Person


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
    source = models.CharField(max_length=100, blank=True, db_default="")

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

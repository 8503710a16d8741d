"""Merges, recorded so that each can be undone exactly (tiaki.people.merging)."""

from __future__ import annotations

from django.db import models

from tiaki.people.models.person import Person


class PersonMerge(models.Model):
    """``merged`` was folded into ``survivor`` by ``merged_by``, for ``reason``.
    Nothing is deleted: every moved row is listed in PersonMergeMove."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    reason = models.TextField()
    merged_by = models.ForeignKey("staff.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey("staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)
    # The merged record's scalar fields before the merge (birth date, gender,
    # ...), so undo restores the survivor exactly if the merge filled them in.
    survivor_before = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Merge {self.pk}: {self.merged_id} into {self.survivor_id}"


class PersonMergeMove(models.Model):
    """One row that a merge re-pointed from the merged record to the survivor."""

    merge = models.ForeignKey(PersonMerge, on_delete=models.PROTECT, related_name="moves")
    model = models.CharField(max_length=60)  # "people.PersonName"
    row_id = models.BigIntegerField()
    field = models.CharField(max_length=40)  # "person", "from_person", ...

    def __str__(self) -> str:
        return f"{self.model} {self.row_id}.{self.field} in merge {self.merge_id}"

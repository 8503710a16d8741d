"""A child's time in care: the episode (entering and leaving care, its legal
basis and coded reasons), the placements within it, and missing or
away-from-placement episodes.

Reasons and legal status are coded so they can be counted (the Monitor's
returns, SSDA903's and CCWIS's spine) without reading anyone's notes; the
worker's own words sit beside them. A placement's location is SENSITIVE:
selectors show it only with ``Decision.may_see_sensitive``
(tiaki.care.selectors), exactly as a protected address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Address, Person


class CareEpisode(models.Model):
    """One continuous period in care, from entry to leaving. A child has at
    most one open episode (``care_episode_one_open``)."""

    class LegalBasis(models.TextChoices):
        S78 = "s78", "Interim custody order without notice (s78)"
        S39 = "s39", "Place of safety warrant (s39)"
        S42 = "s42", "Removal without warrant in an emergency (s42)"
        S101 = "s101", "Custody order (s101)"
        S110 = "s110", "Additional guardianship (s110)"
        S139 = "s139", "Temporary care agreement (s139)"
        S140 = "s140", "Extended care agreement (s140)"
        S141 = "s141", "Care agreement for a child with a disability (s141/s142)"
        YOUTH_JUSTICE = "youth_justice", "Youth justice custody (s235/s238)"
        OTHER = "other", "Another order or agreement"

    class LivingWith(models.TextChoices):
        BOTH_PARENTS = "both_parents", "Both parents"
        ONE_PARENT = "one_parent", "One parent"
        PARENT_AND_PARTNER = "parent_partner", "A parent and their partner"
        WHANAU = "whanau", "Whānau or kin"
        OTHER_CARER = "other_carer", "Someone else caring for them"
        NO_ONE = "no_one", "No one (living alone or without a carer)"
        NOT_KNOWN = "not_known", "Not known"

    class LeavingReason(models.TextChoices):
        RETURNED_HOME = "returned_home", "Returned home to a parent"
        WHANAU_ORDER = "whanau_order", "Living with whānau under a parenting or guardianship order"
        ADOPTED = "adopted", "Adopted"
        INDEPENDENCE = "independence", "Moved to independent living"
        AGED_OUT = "aged_out", "Reached the age care ends"
        TRANSFERRED = "transferred", "Transferred to another agency or country"
        DIED = "died", "Died"
        OTHER = "other", "Another reason (explained)"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_episodes")
    #: The case the child is in care on (reach follows its team).
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="care_episodes")
    entered_on = models.DateField()
    legal_basis = models.CharField(max_length=15, choices=LegalBasis.choices)
    #: The order the legal basis rests on, where it is one (an s78 order is required).
    court_order = models.ForeignKey(
        "casework.CourtOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="care_episodes"
    )
    #: The worker's own words beside the coded reasons (CareEntryReason).
    reasons_text = models.TextField()
    living_with = models.CharField(max_length=15, choices=LivingWith.choices)
    living_with_detail = models.CharField(max_length=200, blank=True)
    #: The child's views on coming into care, in their own words where given.
    child_views = models.TextField(blank=True)
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=15, choices=LeavingReason.choices, blank=True)
    #: Where they went on leaving care (plain words; no SENSITIVE address).
    left_to = models.CharField(max_length=200, blank=True)
    leaving_detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    left_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    left_recorded_at = models.DateTimeField(null=True, blank=True)
    #: Optimistic concurrency: a form posts the version it showed.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(left_on__isnull=True), name="care_episode_one_open"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("entered_on")),
                name="care_episode_leaves_after_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True, leaving_reason="")
                | (models.Q(left_on__isnull=False) & ~models.Q(leaving_reason="")),
                name="care_episode_leaving_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "-entered_on"], name="care_episode_child"),
            models.Index(fields=["legal_basis", "entered_on"], name="care_episode_basis"),
        ]

    def __str__(self) -> str:
        return f"Care episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.left_on is None


class CareEntryReason(models.Model):
    """A coded reason a child came into care; several may apply, one is the main one."""

    class Code(models.TextChoices):
        PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
        SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
        EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
        NEGLECT = "neglect", "Neglect"
        FAMILY_VIOLENCE = "family_violence", "Family violence in the home"
        PARENT_SUBSTANCE = "parent_substance", "A parent's alcohol or drug use"
        PARENT_MENTAL_HEALTH = "parent_mental_health", "A parent's mental health"
        PARENT_UNABLE = "parent_unable", "Parent unable to care (illness, prison, death)"
        ABANDONMENT = "abandonment", "Abandoned or no one to care for them"
        RELATIONSHIP_BREAKDOWN = "relationship_breakdown", "Breakdown of the relationship with their parents"
        CHILD_BEHAVIOUR = "child_behaviour", "The child's behaviour put them at risk"
        CHILD_DISABILITY = "child_disability", "The child's disability or health needs"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        OTHER = "other", "Another reason (in the worker's words)"

    episode = models.ForeignKey(CareEpisode, on_delete=models.PROTECT, related_name="reasons")
    code = models.CharField(max_length=25, choices=Code.choices)
    main = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "code"], name="care_reason_unique"),
            models.UniqueConstraint(fields=["episode"], condition=models.Q(main=True), name="care_reason_one_main"),
        ]
        indexes = [models.Index(fields=["code"], name="care_reason_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.episode_id})"


class Placement(models.Model):
    """Where a child lives during a care episode, from its start to its end.
    A child has one current placement at a time: ``placement_one_current``
    here, and the overlap trigger (migration care.0002) for ended ones."""

    class Kind(models.TextChoices):
        KIN = "kin", "Whānau or kin caregiver"
        NON_KIN = "non_kin", "Non-kin caregiver"
        SPECIALIST = "specialist", "Specialist caregiver"
        FAMILY_HOME = "family_home", "Family home"
        RESIDENCE = "residence", "Residence"
        SUPPORTED_INDEPENDENT = "supported_independent", "Supported independent living"
        OTHER = "other", "Other"

    class EndReason(models.TextChoices):
        PLANNED_MOVE = "planned_move", "A planned move to a better placement"
        CAREGIVER_REQUEST = "caregiver_request", "The caregiver asked for the child to move"
        CHILD_REQUEST = "child_request", "The child asked to move"
        BREAKDOWN = "breakdown", "The placement broke down"
        SAFETY = "safety", "Concerns for the child's safety in the placement"
        CLOSER_TO_WHANAU = "closer_to_whanau", "To be closer to whānau, school or community"
        WITH_SIBLINGS = "with_siblings", "To live with their brothers or sisters"
        TO_WHANAU = "to_whanau", "To live with whānau"
        EMERGENCY_ENDED = "emergency_ended", "An emergency or short placement ended as planned"
        LEFT_CARE = "left_care", "Left care"
        OTHER = "other", "Another reason (explained)"

    class Siblings(models.TextChoices):
        ALL_TOGETHER = "all", "Placed with all their brothers and sisters in care"
        SOME_TOGETHER = "some", "Placed with some of their brothers and sisters in care"
        APART = "apart", "Placed apart from their brothers and sisters in care"
        NONE_IN_CARE = "none", "No brothers or sisters in care"

    episode = models.ForeignKey(CareEpisode, on_delete=models.PROTECT, related_name="placements")
    #: The episode's child, kept here so one current placement per child is a constraint.
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(max_length=25, choices=Kind.choices)
    household = models.ForeignKey(
        "care.CaregiverHousehold", null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    #: A residence, family home or provider that is not a caregiver household.
    provider_name = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_detail = models.TextField(blank=True)
    #: Why the child moved here (required for every placement after the first).
    move_reason = models.TextField(blank=True)
    planned = models.BooleanField(default=True)
    siblings = models.CharField(max_length=5, choices=Siblings.choices, default=Siblings.NONE_IN_CARE)
    siblings_apart_reason = models.TextField(blank=True)
    distance_whanau_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    distance_school_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    #: SENSITIVE: where the child lives; masked exactly like a protected address.
    location = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: A placement with a caregiver who is not approved: why, and a manager's approval.
    unapproved_reason = models.TextField(blank=True)
    unapproved_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unapproved_approved_at = models.DateTimeField(null=True, blank=True)
    #: When the caregiver became approved (or the placement ended), resolving it.
    unapproved_resolved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(ended_on__isnull=True), name="placement_one_current"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="placement_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(siblings="apart") | ~models.Q(siblings_apart_reason=""),
                name="placement_apart_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "-started_on"], name="placement_child"),
            models.Index(fields=["episode", "started_on"], name="placement_episode"),
            models.Index(fields=["household", "ended_on"], name="placement_household"),
        ]

    def __str__(self) -> str:
        return f"Placement {self.pk}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def awaiting_approval(self) -> bool:
        """Unapproved caregiver, not yet resolved: shown as unapproved."""
        return bool(self.unapproved_reason) and self.unapproved_resolved_on is None


class MissingEpisode(models.Model):
    """A time a child was missing from, or away without permission from, their
    placement, and the conversation when they came back."""

    class Kind(models.TextChoices):
        MISSING = "missing", "Missing (whereabouts not known)"
        AWAY = "away", "Away from placement without permission (whereabouts known)"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_episodes")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    reported_to_police = models.BooleanField(default=False)
    #: SENSITIVE: where the child was, when known.
    where_found = models.CharField(max_length=200, blank=True)
    return_conversation_at = models.DateTimeField(null=True, blank=True)
    return_conversation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: What the child said when they came back, in their own words where given.
    return_conversation = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("started_at")),
                name="missing_returns_after_start",
            ),
        ]
        indexes = [models.Index(fields=["child", "-started_at"], name="missing_child")]

    def __str__(self) -> str:
        return f"Missing episode {self.pk}"

"""The caregiver register, by household: the people in it (each a person on
the register, found by search-before-create), their checks, the assessment
and its approval by someone other than the assessor, yearly reviews, the
support plan, the household's own social worker and their visits, training
and the specialist roles it qualifies them for.

A household's address is its children's placement location: SENSITIVE, shown
only with ``may_see_sensitive`` (tiaki.care.reach.household_decision). A
household with a member who is a staff member's whānau (or a staff member)
is sealed like any other staff link (tiaki.access.sealed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Address, Person
from tiaki.staff.models import Site


class CaregiverHousehold(models.Model):
    class Status(models.TextChoices):
        ENQUIRY = "enquiry", "Enquiry"
        ASSESSMENT = "assessment", "Being assessed"
        APPROVED = "approved", "Approved"
        ON_HOLD = "on_hold", "On hold"
        DECLINED = "declined", "Not approved"
        CLOSED = "closed", "Closed"

    class Kind(models.TextChoices):
        KIN = "kin", "Whānau or kin caregivers"
        GENERAL = "general", "Non-kin caregivers"
        SPECIALIST = "specialist", "Specialist caregivers"

    #: How the household is named on the register (usually its family names).
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ENQUIRY)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="caregiver_households")
    #: SENSITIVE: the household's address is its children's placement location.
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: Where the household is, for distances in placement search; SENSITIVE as the address.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    #: How many children it is approved for, and for what ages.
    capacity = models.PositiveSmallIntegerField(default=1)
    age_min = models.PositiveSmallIntegerField(default=0)
    age_max = models.PositiveSmallIntegerField(default=17)
    takes_siblings = models.BooleanField(default=False)
    #: Needs the household can meet (tiaki.care.codes.NEEDS).
    needs_met = models.JSONField(default=list, blank=True)
    #: The household's cultural identity and iwi connections (plain words and
    #: iwi names as tiaki.people.codes lists them).
    culture = models.CharField(max_length=200, blank=True)
    iwi = models.JSONField(default=list, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    #: The caregiver's own social worker (support, visits).
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="caregiver_households"
    )
    enquiry_on = models.DateField()
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The yearly review's due date, set on approval and on each review.
    next_review_on = models.DateField(null=True, blank=True)
    support_plan = models.TextField(blank=True)
    support_plan_updated_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_on__isnull=False, approved_by__isnull=False),
                name="household_approved_recorded",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="household_capacity_positive"),
            models.CheckConstraint(condition=models.Q(age_min__lte=models.F("age_max")), name="household_age_range"),
        ]
        indexes = [
            models.Index(fields=["status", "site"], name="household_status_site"),
            models.Index(fields=["social_worker", "status"], name="household_worker"),
        ]

    def __str__(self) -> str:
        return f"Caregiver household {self.pk}"

    @property
    def reference(self) -> str:
        return f"CG-{self.pk:05d}" if self.pk else "CG-new"


class HouseholdMember(models.Model):
    class Role(models.TextChoices):
        CAREGIVER = "caregiver", "Caregiver"
        ADULT = "adult", "Another adult in the household"
        CHILD = "child", "A child of the household"

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"], condition=models.Q(left_on__isnull=True), name="household_member_once"
            ),
        ]
        indexes = [models.Index(fields=["person"], name="household_member_person")]

    def __str__(self) -> str:
        return f"Person {self.person_id} in household {self.household_id}"


class CaregiverCheck(models.Model):
    """A safety check on a household or one of its adults, with its expiry."""

    class Kind(models.TextChoices):
        POLICE_VET = "police_vet", "Police vetting"
        REFEREE = "referee", "Referee"
        HEALTH = "health", "Health check"
        HOME_VISIT = "home_visit", "Home visit"
        CHILD_PROTECTION = "child_protection", "Child protection history check"

    class Outcome(models.TextChoices):
        CLEAR = "clear", "Clear"
        CONCERNS = "concerns", "Concerns noted (explained)"
        NOT_CLEAR = "not_clear", "Not clear"

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="checks")
    member = models.ForeignKey(HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    done_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=models.F("done_on")),
                name="caregiver_check_expires_after",
            ),
        ]
        indexes = [models.Index(fields=["household", "kind", "-done_on"], name="caregiver_check_household")]

    def __str__(self) -> str:
        return f"{self.kind} check {self.pk}"


class CaregiverAssessment(models.Model):
    """The assessment of a household, and the decision on it by someone who
    is not the assessor (``assessment_not_self_approved``)."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", "Approve"
        DECLINE = "decline", "Do not approve"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    summary = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("assessor")),
                name="assessment_not_self_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class CaregiverReview(models.Model):
    """The yearly review of an approved household."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Approval continues"
        CHANGED = "changed", "Approval continues with changes"
        ON_HOLD = "on_hold", "Put on hold"
        ENDED = "ended", "Approval ended"

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    summary = models.TextField()
    next_review_on = models.DateField()
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Review {self.pk}"


class CaregiverVisit(models.Model):
    """A visit to the household by its own social worker."""

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["household", "-visited_at"], name="caregiver_visit_household")]

    def __str__(self) -> str:
        return f"Caregiver visit {self.pk}"


class CaregiverTraining(models.Model):
    """A course a household member completed (tiaki.care.codes.COURSES)."""

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="training")
    member = models.ForeignKey(HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    course = models.CharField(max_length=40)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Training {self.pk}"


class SpecialistRole(models.Model):
    """A specialist caregiving role a household holds, for children with high
    and complex needs, granted only with the training that qualifies for it
    (tiaki.care.codes.SPECIALIST_ROLES)."""

    household = models.ForeignKey(CaregiverHousehold, on_delete=models.PROTECT, related_name="specialist_roles")
    role = models.CharField(max_length=40)
    granted_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "role"], condition=models.Q(ended_on__isnull=True), name="specialist_role_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} ({self.household_id})"


class CaregiverPolicy(models.Model):
    """Policy data: how often caregivers are visited and reviewed, and how
    long a check stays valid. One row; defaults in tiaki.care.policy."""

    #: The agency's rules, not anyone's record (tiaki.access.guards.NO_PERSONAL_DATA).
    holds_personal_data = False

    visit_interval_days = models.PositiveSmallIntegerField(default=56)
    review_interval_days = models.PositiveSmallIntegerField(default=365)
    police_vet_valid_days = models.PositiveSmallIntegerField(default=1095)
    health_check_valid_days = models.PositiveSmallIntegerField(default=1095)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_interval_days__gte=1, review_interval_days__gte=1,
                                   police_vet_valid_days__gte=1, health_check_valid_days__gte=1),
                name="caregiver_policy_positive",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return "Caregiver policy"

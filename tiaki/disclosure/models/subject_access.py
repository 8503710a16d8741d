"""Subject access and corrections (Privacy Act 2020, IPP 6 and IPP 7).

A person (a child or young person, a care-experienced adult, a parent or
whānau member, or an agent for one of them) asks for the information Tiaki
holds about them. The request has a clock of 20 working days (Privacy Act
working days: tiaki.timeframes.working_days), which may be extended with a
notice saying why, or the request transferred to another agency. A
privacy officer gathers everything about the person, marks what is
withheld (each redaction with a reason the requester will read), and a
second person approves each stage of the release; each stage leaves
through the disclosure pipeline as a pack.

A correction request asks for something Tiaki holds to be corrected: it is
corrected as a new version, or a statement of correction is attached
(tiaki.chronology.models.CorrectionStatement) that travels with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class SubjectAccessRequest(models.Model):
    class RequesterKind(models.TextChoices):
        CHILD = "child", "A child or young person"
        CARE_EXPERIENCED = "care_experienced", "A care-experienced adult"
        WHANAU = "whanau", "A parent or whānau member"
        AGENT = "agent", "An agent acting for the person"

    class Identity(models.TextChoices):
        """How identity was verified: never more than needed (no document
        numbers or copies are kept, only how it was done)."""

        IN_PERSON = "in_person", "Seen in person with photo identification"
        KNOWN_WORKER = "known_worker", "Known to a social worker who confirmed who they are"
        REALME = "realme", "RealMe verified identity"
        DOCUMENT_SEEN = "document_seen", "An identity document was seen (not copied or kept)"
        AGENT_AUTHORITY = "agent_authority", "The agent's written authority and the person's identity were checked"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received: identity not verified yet"
        IN_REVIEW = "in_review", "Being gathered and reviewed"
        DECIDED = "decided", "Decided"
        TRANSFERRED = "transferred", "Transferred to another agency"
        WITHDRAWN = "withdrawn", "Withdrawn by the requester"

    class Decision(models.TextChoices):
        RELEASE_ALL = "release_all", "Released in full"
        RELEASE_PART = "release_part", "Released with some information withheld"
        REFUSE = "refuse", "Refused"
        NOT_HELD = "not_held", "Tiaki holds no information about them"

    #: "SAR-" and eight random letters and digits (no 0/O/1/I): says nothing about how many came before.
    reference = models.CharField(max_length=20, unique=True)
    #: Whose information is asked for (the requester, or the person an agent acts for).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    #: For an agent (or a whānau member acting for someone): who is asking, and their authority.
    agent_name = models.CharField(max_length=200, blank=True)
    agent_authority = models.TextField(blank=True)
    #: What they asked for, in their words.
    asked_for = models.TextField()
    #: How they would like to receive it (post, email, collect in person, the portal): their words.
    preferred_format = models.CharField(max_length=200, blank=True)
    received_on = models.DateField()
    #: received_on + 20 working days (Privacy Act working days).
    due_on = models.DateField()
    #: An extension (s48): the new date, the notice's date and the reason given to the requester.
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extension_noticed_on = models.DateField(null=True, blank=True)
    #: A transfer (s43, within 10 working days): to which agency and why.
    transferred_to = models.CharField(max_length=200, blank=True)
    transfer_reason = models.TextField(blank=True)
    transferred_on = models.DateField(null=True, blank=True)
    identity_method = models.CharField(max_length=20, choices=Identity.choices, blank=True)
    #: A short note on the check (never a document number).
    identity_note = models.CharField(max_length=300, blank=True)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    #: The privacy officer gathering and reviewing it (the approver of a stage must be someone else).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Someone the requester can go through the pack with (named in the covering letter).
    support_person = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    #: The decision's reasons, in words the requester reads.
    decision_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    #: Optimistic concurrency: a form posts back the version it saw.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # The register and the due-date job: open requests by when they are due.
            models.Index(fields=["status", "due_on"], name="sar_status_due"),
            models.Index(fields=["person"], name="sar_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_to__isnull=True) | models.Q(extended_to__gt=models.F("due_on")),
                name="sar_extension_after_due",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided") | (models.Q(decided_on__isnull=False) & ~models.Q(decision="")),
                name="sar_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Redaction(models.Model):
    """Something withheld from one item of a request's gathered information:
    the whole item (``passage`` empty) or every occurrence of ``passage`` in
    it, on a ground, with a reason the requester will read."""

    class Ground(models.TextChoices):
        OTHER_PERSON = "other_person", "It is about someone else"
        NOTIFIER = "notifier", "It would show who told us about a worry"
        SAFETY = "safety", "It could put someone's safety at risk"
        HEALTH = "health", "It could seriously harm your health or wellbeing"
        EVALUATIVE = "evaluative", "Someone told us it in confidence"
        LEGAL = "legal", "It is legal advice the agency was given"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.PROTECT, related_name="redactions")
    #: A gathered item's key ("note:123", "report:45": tiaki.disclosure.subject_access.gathered).
    item_key = models.CharField(max_length=80)
    passage = models.TextField(blank=True)
    ground = models.CharField(max_length=15, choices=Ground.choices)
    #: What the requester reads about it, in plain words.
    reason = models.TextField(blank=True)
    #: Marked by Tiaki itself (a notifier's identity): it cannot be removed.
    automatic = models.BooleanField(default=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["request", "item_key"], name="redaction_request_item")]

    def __str__(self) -> str:
        return f"Redaction {self.pk} on {self.item_key}"


class ReleaseStage(models.Model):
    """One stage of a release: the items in it, prepared by the reviewer,
    approved by a second person, then released through the pipeline."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Waiting for approval"
        BLOCKED = "blocked", "Stopped by the disclosure guard"
        RELEASED = "released", "Released"

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    #: The gathered items' keys in this stage, in order.
    item_keys = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    #: The pipeline's record of the pack (its document id; a blocked attempt's near miss).
    disclosure = models.ForeignKey(
        "disclosure.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="release_stage_unique"),
            # Approval is a second person's: never the one who prepared it (the service refuses first).
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("prepared_by")),
                name="release_stage_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Stage {self.number} of request {self.request_id}"


class CorrectionRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CORRECTED = "corrected", "Corrected: a new version"
        STATEMENT = "statement", "A statement of correction is attached"

    #: "COR-" and eight random letters and digits.
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    #: The access request it came from, if any.
    access_request = models.ForeignKey(
        SubjectAccessRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    #: The gathered item it is about ("note:123"), and its label then.
    item_key = models.CharField(max_length=80)
    item_label = models.CharField(max_length=300)
    #: What the person says is wrong, and what they say it should say (their words).
    what_is_wrong = models.TextField()
    should_say = models.TextField(blank=True)
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    #: Why it was corrected, or why a statement was attached instead (words the person reads).
    outcome_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    #: The new version made ("note:123:v3"), when corrected.
    corrected_version = models.CharField(max_length=80, blank=True)
    statement = models.ForeignKey(
        "chronology.CorrectionStatement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["person"], name="correction_person")]

    def __str__(self) -> str:
        return self.reference

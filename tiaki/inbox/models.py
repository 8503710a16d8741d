from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message to one user inside Tiaki. Text carries no personal values
    (ids only), because notifications are listed on home pages. ``about``
    names the record it is about; the inbox kernel turns that into a link
    (tiaki.inbox.links), so no service builds a URL.

    A notice that is emailed keeps its email here too (the outbox): the
    ``email_text`` is a reason without personal data or record references,
    and ``email_status`` is pending until the mail server has taken it
    (tiaki.inbox.outbox, sent by the ``inbox.email_send`` job)."""

    class About(models.TextChoices):
        NOTHING = "", "Nothing in particular"
        CASE = "case", "A case"
        REPORT = "report", "A report of concern"
        BREAKGLASS_QUEUE = "break-glass-queue", "The emergency access review queue"
        SUBJECT_ACCESS = "subject-access", "A subject access request"
        PRIVACY_INCIDENT = "privacy-incident", "A privacy breach or near miss on the register"

    class Kind(models.TextChoices):
        """What the notice is for: the email preferences page lists these
        labels, and ``always_emailed`` says which reach people by email
        whatever they chose. Values are stored: never change one."""

        CHILD_UNSAFE_NOW = "child-unsafe-now", "A child is said to be unsafe right now"
        REPORT_APPROVAL = "report-approval", "A report's decision needs your approval"
        REPORT_ALLOCATED = "report-allocated", "A report is allocated to you"
        REPORT_ESCALATED = "report-escalated", "A report is nearing its deadline without a response"
        CASE_ALLOCATED = "case-allocated", "A case is allocated to you"
        CASE_CLOSURE_APPROVAL = "case-closure-approval", "A case's closure is waiting for your approval"
        CASE_CLOSURE_DECIDED = "case-closure-decided", "A supervisor decided on closing your case"
        BREAKGLASS_REVIEW = "breakglass-review", "Emergency access was used and needs review"
        BREAKGLASS_OVERDUE = "breakglass-overdue", "An emergency access review is overdue"
        SUBJECT_ACCESS_DUE = "subject-access-due", "A subject access request is due soon or overdue"
        PRIVACY_CONCERN_REPORTED = "privacy-concern-reported", "A privacy breach or near miss was reported"
        COMMISSIONER_CLOCK = "commissioner-clock", "A notifiable breach's time to tell the Commissioner is running out"
        ACCESS_ALERT = "access-alert", "Access monitoring raised an alert"
        INCIDENT_ACTION = "incident-action", "An action on a privacy incident is yours"
        REFRESHER_DUE = "refresher-due", "Your yearly privacy refresher is due"
        DISPOSAL_OVERDUE = "disposal-overdue", "A partner organisation's disposal confirmation is overdue"

        @property
        def always_emailed(self) -> bool:
            """Urgent kinds and escalations: someone must act now, so the
            email is sent whatever the person chose."""
            return self in ALWAYS_EMAILED

        @property
        def emailed_by_default(self) -> bool:
            """Before a person chooses: allocations and approvals on."""
            return self.always_emailed or self in EMAILED_BY_DEFAULT

    class EmailStatus(models.TextChoices):
        NONE = "", "Not emailed"
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    # Blank only on notices made before kinds existed (migration 0004):
    # notification_send asks every caller for one.
    kind = models.CharField(max_length=40, choices=Kind.choices, blank=True, default="")
    text = models.CharField(max_length=300)
    about = models.CharField(max_length=30, choices=About.choices, blank=True)
    about_id = models.BigIntegerField(null=True, blank=True)
    #: Needs acting on now (a child said to be unsafe right now): listed first
    #: and flagged, and always emailed.
    urgent = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    #: The email's reason: no name, birth date or record reference.
    email_text = models.CharField(max_length=200, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, blank=True, default="")
    #: Failed tries so far; each one pushes email_next_attempt_at back.
    email_attempts = models.PositiveIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # Who was told about a record, and when they read it (the report page's alert receipts).
            models.Index(fields=["about", "about_id"], name="notification_about"),
            # The outbox: pending emails by when they are next due (tiaki.inbox.outbox).
            models.Index(
                fields=["email_next_attempt_at"],
                name="notification_email_due",
                condition=models.Q(email_status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} for user {self.user_id}"


K = Notification.Kind
#: Whatever a person chose: a child unsafe now and the escalations.
ALWAYS_EMAILED = frozenset({K.CHILD_UNSAFE_NOW, K.REPORT_ESCALATED, K.BREAKGLASS_OVERDUE, K.COMMISSIONER_CLOCK})
#: On until a person turns them off: allocations and approvals.
EMAILED_BY_DEFAULT = frozenset(
    {
        K.REPORT_APPROVAL,
        K.REPORT_ALLOCATED,
        K.CASE_ALLOCATED,
        K.CASE_CLOSURE_APPROVAL,
        K.BREAKGLASS_REVIEW,
        K.SUBJECT_ACCESS_DUE,
        K.PRIVACY_CONCERN_REPORTED,
        K.ACCESS_ALERT,
        K.INCIDENT_ACTION,
        K.REFRESHER_DUE,
        K.DISPOSAL_OVERDUE,
    }
)


class EmailPreference(models.Model):
    """One person's choice for one kind of notice: emailed or not. No row
    means the kind's default (Notification.Kind.emailed_by_default); kinds
    that are always emailed are never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=40, choices=Notification.Kind.choices)
    emailed = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_one_per_kind")]

    def __str__(self) -> str:
        return f"Email preference {self.kind} for user {self.user_id}"


#: The permission whose holders are sent each kind (the services that send
#: them: intake's, casework's, access's): the email choices page offers a
#: person only the kinds their role can receive. Strings, not
#: tiaki.access.permissions, so the inbox kernel stays below access.
RECEIVED_WITH: dict[str, str] = {
    K.CHILD_UNSAFE_NOW: "report:triage",
    K.REPORT_APPROVAL: "report:approve",
    K.REPORT_ALLOCATED: "report:triage",
    K.REPORT_ESCALATED: "report:approve",
    K.CASE_ALLOCATED: "case:read",
    K.CASE_CLOSURE_APPROVAL: "case:approve",
    K.CASE_CLOSURE_DECIDED: "case:update",
    K.BREAKGLASS_REVIEW: "breakglass:review",
    K.BREAKGLASS_OVERDUE: "breakglass:review",
    K.SUBJECT_ACCESS_DUE: "subject_access:manage",
    K.PRIVACY_CONCERN_REPORTED: "privacy_incident:manage",
    K.COMMISSIONER_CLOCK: "privacy_incident:manage",
    K.ACCESS_ALERT: "access_alert:triage",
    K.INCIDENT_ACTION: "privacy_concern:report",
    K.REFRESHER_DUE: "home:view",
    K.DISPOSAL_OVERDUE: "privacy_incident:manage",
}

"""Letters on a case: written from a template to one recipient (someone on
the case or related to its children, a caregiver household, a partner
organisation), edited by the worker, and sent only through the pipeline
(tiaki.disclosure.services.pipeline.release), so the disclosure guard sees
exactly what was typed. A blocked letter stays as typed (status blocked)
for the worker to change and send again, or for a leader's override; two
people saving the same letter cannot overwrite each other (``version``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from tiaki.access import Permission
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import Case
from tiaki.casework.reach import case_decision
from tiaki.disclosure import reasons
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.letters import fill
from tiaki.disclosure.models import Disclosure, DisclosureFile, Letter, LetterTemplate
from tiaki.disclosure.selectors.guard import Finding
from tiaki.disclosure.selectors.letters import RecipientChoice, _choices, case_children, recipient_label
from tiaki.disclosure.selectors.records import FILE_KEPT_FOR
from tiaki.disclosure.services.pipeline import DisclosureBlocked, Released, release
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

MAX_BODY = 50_000
#: How a letter may leave: printed and posted, downloaded, or emailed (encrypted).
CHANNELS = {"post": "Print and post it", "download": "Download it", "email": "Email it (encrypted PDF)"}


class LetterError(ValueError):
    """The letter cannot be saved or sent as asked; nothing was sent.
    ``field`` names the input at fault (template, recipient, subject, body, channel)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleLetter(LetterError):  # noqa: N818 - reads as what happened
    """Someone else saved this letter first: nothing was changed; ``current`` is theirs."""

    def __init__(self, message: str, current: Letter) -> None:
        super().__init__(message, "version")
        self.current = current


@dataclass
class Sent:
    """What sending did: released (``released``) or blocked (``findings``,
    the near miss recorded as ``disclosure``)."""

    letter: Letter
    disclosure: Disclosure
    released: Released | None = None
    findings: list[Finding] = field(default_factory=list)


def _values(actor: User, case: Case, choice: RecipientChoice, children: list[int]) -> dict[str, str]:
    names = display_names(children)
    child = names.get(children[0], "") if children else ""
    worker = case.allocated_worker or actor
    return {
        "recipient_name": choice.label,
        "recipient_address": choice.address_lines.replace("\n", ", "),
        "child_name": child,
        "child_first_name": child.split(" ")[0] if child else "",
        "case_reference": case.reference,
        "worker_name": worker.get_full_name() or worker.username,
        "worker_phone": "0800 000 000",
        "site_name": case.site.name if case.site_id else "",
        "today": date_format(timezone.localdate(), "j F Y"),
    }


def _checked_text(subject: str, body: str) -> tuple[str, str]:
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise LetterError("Enter the letter's subject.", "subject")
    if len(subject) > 200:
        raise LetterError("Keep the subject under 200 characters.", "subject")
    if not body:
        raise LetterError("Enter the letter's text.", "body")
    if len(body) > MAX_BODY:
        raise LetterError(f"Keep the letter under {MAX_BODY:,} characters.", "body")
    return subject, body


@service(AuditAction.LETTER_SAVE, permission=Permission.DISCLOSURE_MAKE)
def letter_start(*, actor: User, case_id: int, template_id: int, recipient_key: str) -> Letter:
    """A new letter on the case from a template, to ``recipient`` (a
    RecipientChoice key, "person:12"), filled with their name and address.
    A recipient with no address on record: LetterError, the attempt audited
    (reasons.NO_ADDRESS), nothing written."""
    decision = case_decision(actor, case_id, write=True)
    enforce(actor, decision, action=AuditAction.LETTER_SAVE, subject_type="case", subject_ids=[case_id])
    template = LetterTemplate.objects.filter(pk=template_id, active=True).first()
    if template is None:
        raise LetterError("Choose a letter template.", "template")
    choice = next((c for c in _choices(actor, case_id) if c.key == recipient_key), None)
    if choice is None:
        raise LetterError("Choose who the letter is to.", "recipient")
    if not choice.address_lines.strip():
        refusal_record(actor, reasons.NO_ADDRESS, action=AuditAction.LETTER_SAVE, subject_type="case",
                       subject_ids=[case_id], relationship=f"letter:new:{choice.key}")  # fmt: skip
        raise LetterError(
            f"There is no address on record for {choice.label}: record their postal address first, "
            "or write to someone else.",
            "recipient",
        )
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        case = Case.objects.select_related("allocated_worker", "site").get(pk=case_id)
        values = _values(actor, case, choice, case_children(actor, case_id))
        letter = Letter.objects.create(
            case=case, template=template, recipient_person_id=choice.person_id,
            recipient_household_id=choice.household_id, recipient_organisation_id=choice.organisation_id,
            address_lines=choice.address_lines, subject=fill(template.subject, values)[:200],
            body=fill(template.body, values), written_by=actor, written_at=timezone.now(),
        )  # fmt: skip
        step.relationship = f"letter:{letter.pk}:{choice.key}:{decision.relationship}"
    return letter


def _stale(letter: Letter) -> StaleLetter:
    who = letter.written_by.get_full_name() or "Someone"
    return StaleLetter(
        f"{who} saved this letter since you opened it. Nothing was saved: your text is below; compare it "
        "with theirs and save again.",
        letter,
    )


def _letter_case(letter_id: int) -> int:
    return Letter.objects.filter(pk=letter_id).values_list("case_id", flat=True).first() or 0


@service(AuditAction.LETTER_SAVE, permission=Permission.DISCLOSURE_MAKE)
def letter_save(*, actor: User, letter_id: int, expected_version: int, subject: str, body: str) -> Letter:
    """Save the worker's changes to a letter not yet sent. ``expected_version``
    is the version they started from: if someone saved since, StaleLetter."""
    case_id = _letter_case(letter_id)
    decision = case_decision(actor, case_id, write=True)
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        subject, body = _checked_text(subject, body)
        letter = Letter.objects.select_for_update().select_related("written_by").get(pk=letter_id)
        if letter.status == Letter.Status.SENT:
            raise LetterError("This letter has been sent: write a new one to say more.", "body")
        if letter.version != expected_version:
            raise _stale(letter)
        if (letter.subject, letter.body) == (subject, body):
            step.nothing_done()
            return letter
        letter.subject, letter.body = subject, body
        letter.written_by, letter.written_at = actor, timezone.now()
        letter.version += 1
        letter.save(update_fields=["subject", "body", "written_by", "written_at", "version"])
        step.relationship = f"letter:{letter.pk}:v{letter.version}:{decision.relationship}"
    return letter


def artefact_of(letter: Letter, subject_ids: list[int]) -> Artefact:
    """The letter as the pipeline and the guard see it."""
    return Artefact(
        kind=Disclosure.Kind.LETTER, title=letter.subject, case_id=letter.case_id, subject_ids=subject_ids,
        items=[Item(key="body", label="Letter body", text=letter.body)], letter_subject=letter.subject,
    )  # fmt: skip


def recipient_of(letter: Letter) -> Recipient:
    label = recipient_label(letter)
    if letter.recipient_person_id:
        return Recipient(kind="person", label=label, person_id=letter.recipient_person_id,
                         address_lines=letter.address_lines)  # fmt: skip
    if letter.recipient_household_id:
        return Recipient(kind="household", label=label, household_id=letter.recipient_household_id,
                         address_lines=letter.address_lines)  # fmt: skip
    return Recipient(kind="organisation", label=label, organisation_id=letter.recipient_organisation_id,
                     address_lines=letter.address_lines)  # fmt: skip


@service(AuditAction.LETTER_SAVE, permission=Permission.DISCLOSURE_MAKE)
def letter_send(
    *,
    actor: User,
    letter_id: int,
    expected_version: int,
    subject: str,
    body: str,
    channel: str = "post",
    override_of: int | None = None,
) -> Sent:
    """Save what the worker typed, then send it through the pipeline. Blocked:
    the letter keeps its text with status blocked and ``Sent.findings`` says
    what to remove and why (the near miss recorded). Released: status sent."""
    case_id = _letter_case(letter_id)
    decision = case_decision(actor, case_id, write=True)
    enforce(actor, decision, action=AuditAction.LETTER_SAVE, subject_type="case", subject_ids=[case_id])
    if channel not in CHANNELS:
        raise LetterError("Choose how the letter leaves.", "channel")
    letter = letter_save(actor=actor, letter_id=letter_id, expected_version=expected_version, subject=subject,
                         body=body)  # fmt: skip
    subjects = list(case_children(actor, case_id))
    recipient = recipient_of(letter)
    artefact = artefact_of(letter, subjects)
    purpose = f"Letter to {recipient.label}: {letter.subject}"
    if override_of is None and letter.disclosure_id is not None:
        # A leader let this letter's blocked attempt go: sending it again,
        # unchanged and to the same recipient, uses that override (once; the
        # pipeline checks the content, the recipient and that it is unused).
        override_of = (
            Disclosure.objects.filter(
                pk=letter.disclosure_id, outcome=Disclosure.Outcome.BLOCKED, override_by__isnull=False,
                released_as__isnull=True,
            ).values_list("pk", flat=True).first()
        )  # fmt: skip
    try:
        released = release(actor=actor, artefact=artefact, recipient=recipient, purpose=purpose, channel=channel,
                           override_of=override_of)  # fmt: skip
    except DisclosureBlocked as exc:
        outcome = Sent(letter, exc.disclosure, findings=list(exc.findings))
        status = Letter.Status.BLOCKED
    else:
        outcome = Sent(letter, released.disclosure, released=released)
        status = Letter.Status.SENT
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        Letter.objects.filter(pk=letter.pk).update(status=status, disclosure=outcome.disclosure)
        letter.status, letter.disclosure = status, outcome.disclosure
        step.relationship = f"letter:{letter.pk}:{status}:disclosure:{outcome.disclosure.document_id}"
    return outcome


@service(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_MAKE)
def letter_pdf(*, actor: User, letter_id: int, now: dt.datetime | None = None) -> tuple[str, bytes]:
    """A sent letter's PDF for the person who sent it, once (the file is
    kept only until its first download or the purge job): 404 otherwise."""
    case_id = Letter.objects.filter(pk=letter_id).values_list("case_id", flat=True).first() or 0
    decision = case_decision(actor, case_id)
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        letter = Letter.objects.select_related("disclosure").get(pk=letter_id)
        disclosure = letter.disclosure
        file = (
            DisclosureFile.objects.select_for_update().filter(disclosure=disclosure, downloaded_at__isnull=True).first()
            if disclosure is not None and disclosure.sender_id == actor.pk and letter.status == Letter.Status.SENT
            else None
        )
        if file is None or disclosure is None:
            raise Http404
        moment = now or timezone.now()
        if moment >= file.made_at + FILE_KEPT_FOR:
            raise Http404
        data = bytes(file.data)
        # Handed over once: the bytes go with it (the purge job takes the row).
        file.downloaded_at, file.data = moment, b""
        file.save(update_fields=["downloaded_at", "data"])
        step.relationship = f"disclosure:{disclosure.document_id}:file:letter:{letter_id}"
    return file.filename, data


@service(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_MAKE)
def export_file(*, actor: User, disclosure_id: int, now: dt.datetime | None = None) -> tuple[str, bytes]:
    """An export's PDF for the person who made it, once (404 otherwise)."""
    case_id = Disclosure.objects.filter(pk=disclosure_id).values_list("case_id", flat=True).first() or 0
    decision = case_decision(actor, case_id)
    with writing(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        file = (
            DisclosureFile.objects.select_for_update()
            .select_related("disclosure")
            .filter(disclosure_id=disclosure_id, disclosure__sender=actor, downloaded_at__isnull=True,
                    disclosure__outcome=Disclosure.Outcome.RELEASED)
            .first()
        )  # fmt: skip
        if file is None:
            raise Http404
        moment = now or timezone.now()
        if moment >= file.made_at + FILE_KEPT_FOR:
            raise Http404
        data = bytes(file.data)
        # Handed over once: the bytes go with it (the purge job takes the row).
        file.downloaded_at, file.data = moment, b""
        file.save(update_fields=["downloaded_at", "data"])
        step.relationship = f"disclosure:{file.disclosure.document_id}:file"
    return file.filename, data

"""The one way out: every artefact that leaves Tiaki goes through ``release``.

It knows the recipient, runs the disclosure guard (selectors.guard.check),
records what happened (models.Disclosure: what, to whom, by whom, why, and a
document id) and, for what leaves as a file, renders the watermarked PDF
(tiaki.disclosure.pdf), encrypted when it leaves by email or removable media.

A blocked attempt is a near miss: its record, findings and refusal event are
committed before DisclosureBlocked is raised, so ``release`` must be called
outside any open transaction (the caller's rollback would lose the near miss).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import service, writing
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import pdf, reasons
from tiaki.disclosure.artefacts import Artefact, Recipient
from tiaki.disclosure.models import Disclosure, DisclosureFile, DisclosureSubject, GuardFinding
from tiaki.disclosure.selectors import guard
from tiaki.staff.models import User

Channel = Disclosure.Channel
#: Channels that leave as a file (a PDF is rendered and kept for one download).
FILE_CHANNELS = frozenset({Channel.DOWNLOAD, Channel.PRINT, Channel.POST, Channel.EMAIL, Channel.REMOVABLE_MEDIA})
#: Channels whose file is encrypted, the password given another way.
ENCRYPTED_CHANNELS = frozenset({Channel.EMAIL, Channel.REMOVABLE_MEDIA})
#: Document ids: no 0/O/1/I, so an id read off a photo of a page is unambiguous.
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class DisclosureError(ValueError):
    """Bad input: nothing was sent (the attempt is audited)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DisclosureBlocked(Exception):  # noqa: N818 - the contract's name: what happened, not a failure
    """The guard found something the recipient may not receive. The near
    miss is recorded (``disclosure``, outcome blocked, with its findings)."""

    def __init__(self, disclosure: Disclosure, findings: list[guard.Finding]) -> None:
        super().__init__(f"The disclosure guard stopped {disclosure.document_id}.")
        self.disclosure = disclosure
        self.findings = findings


class _OverrideGone(Exception):  # noqa: N818 - private signal, never leaves release()
    pass


@dataclass
class Released:
    disclosure: Disclosure
    #: The file that left (encrypted for email and removable media), or None.
    pdf: bytes | None
    #: For an encrypted file: shown once to the sender, never stored.
    password: str | None


def new_document_id() -> str:
    """ "D-" and two groups of four random letters and digits: unguessable,
    so it says nothing about how many came before."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"D-{chars[:4]}-{chars[4:]}"


def _recipient_fields(recipient: Recipient) -> dict[str, object]:
    return {
        "recipient_kind": recipient.kind,
        "recipient_user_id": recipient.user_id if recipient.kind == Disclosure.RecipientKind.STAFF else None,
        "recipient_person_id": recipient.person_id if recipient.kind == Disclosure.RecipientKind.PERSON else None,
        "recipient_household_id": (
            recipient.household_id if recipient.kind == Disclosure.RecipientKind.HOUSEHOLD else None
        ),
        "recipient_organisation_id": (
            recipient.organisation_id if recipient.kind == Disclosure.RecipientKind.ORGANISATION else None
        ),
        "recipient_label": recipient.label[:200],
    }


def _same_recipient(row: Disclosure, recipient: Recipient) -> bool:
    fields = _recipient_fields(recipient)
    return all(getattr(row, name) == value for name, value in fields.items() if name != "recipient_label")


def _validate(actor: User, artefact: Artefact, recipient: Recipient, purpose: str, channel: str) -> str:
    """The purpose, trimmed; a bad input is refused and audited."""
    subjects = list(artefact.subject_ids)

    def invalid(message: str, field: str, reason: str = reasons.NO_ADDRESS) -> DisclosureError:
        refusal_record(actor, reason, action=AuditAction.DISCLOSURE_MAKE, subject_type="person",
                       subject_ids=subjects, relationship=f"invalid:{field}")  # fmt: skip
        return DisclosureError(message, field)

    purpose = (purpose or "").strip()
    if channel not in Channel.values:
        raise invalid("Choose how it leaves: download, print, post, email, removable media.", "channel",
                     reasons.NO_RECIPIENT)  # fmt: skip
    if recipient.kind not in Disclosure.RecipientKind.values or not recipient.label.strip():
        raise invalid("Choose who receives it.", "recipient", reasons.NO_RECIPIENT)
    if not purpose:
        raise invalid("Say why it is going to them: the purpose is recorded with the disclosure.", "purpose",
                     reasons.NO_PURPOSE)  # fmt: skip
    if channel == Channel.POST and not recipient.address_lines.strip():
        raise invalid(
            f"There is no address on record for {recipient.label}: record their postal address first, "
            "or choose another way to send it.",
            "recipient",
        )
    return purpose


def _usable_override(actor: User, override_of: int | None, artefact: Artefact, recipient: Recipient,
                     content_hash: str) -> Disclosure | None:  # fmt: skip
    """The blocked attempt whose override lets this one out (locked), or None.
    It must be approved by someone other than its sender, sent by ``actor``,
    to the same recipient, for exactly this content, not used yet, and have no
    finding nobody may override (sealed)."""
    if override_of is None:
        return None
    row = Disclosure.objects.select_for_update().filter(pk=override_of, outcome=Disclosure.Outcome.BLOCKED).first()
    if (
        row is None
        or row.override_by_id is None
        or row.override_by_id == row.sender_id
        or row.sender_id != actor.pk
        or row.content_hash != content_hash
        or not _same_recipient(row, recipient)
        or Disclosure.objects.filter(override_of=row).exists()
        or row.findings.filter(overridable=False).exists()
    ):
        return None
    return row


def _subjects(disclosure: Disclosure, subject_ids: list[int]) -> None:
    DisclosureSubject.objects.bulk_create([DisclosureSubject(disclosure=disclosure, person_id=pid)
                                           for pid in dict.fromkeys(subject_ids)])  # fmt: skip


def _block(actor: User, artefact: Artefact, recipient: Recipient, purpose: str, channel: str,
           content_hash: str, findings: list[guard.Finding]) -> Disclosure:  # fmt: skip
    """Record the near miss: the attempt, its subjects, findings and the refusal, in one transaction."""
    subjects = list(dict.fromkeys(artefact.subject_ids))
    document_id = new_document_id()
    with writing(actor, subject_type="person", subject_ids=subjects, action=AuditAction.DISCLOSURE_BLOCK,
                 relationship=f"disclosure:{document_id}") as step:  # fmt: skip
        row = Disclosure.objects.create(
            document_id=document_id, kind=artefact.kind, outcome=Disclosure.Outcome.BLOCKED, channel=channel,
            title=artefact.title[:200], sender=actor, made_at=timezone.now(), purpose=purpose,
            case_id=artefact.case_id, content=artefact.as_json(), content_hash=content_hash,
            **_recipient_fields(recipient),
        )  # fmt: skip
        _subjects(row, subjects)
        GuardFinding.objects.bulk_create(
            [
                GuardFinding(
                    disclosure=row,
                    rule=f.rule,
                    item_key=f.item_key[:100],
                    item_label=f.item_label[:200],
                    about_person_id=f.about_person,
                    protected_from_id=f.protected_from,
                    words=f.words,
                    overridable=f.overridable,
                )
                for f in findings
            ]
        )
        refusal_record(actor, reasons.DISCLOSURE_BLOCKED, action=AuditAction.DISCLOSURE_MAKE, subject_type="person",
                       subject_ids=subjects, relationship=f"disclosure:{document_id}")  # fmt: skip
        step.relationship = f"disclosure:{document_id}"
    return row


@service(AuditAction.DISCLOSURE_MAKE, permission=Permission.DISCLOSURE_MAKE)
def release(
    *,
    actor: User,
    artefact: Artefact,
    recipient: Recipient,
    purpose: str,
    channel: str,
    override_of: int | None = None,
    render: bool = True,
) -> Released:
    """Let ``artefact`` go to ``recipient`` only past the disclosure guard (or
    a second person's override of exactly this attempt), recorded with a
    document id and, for a file, watermarked on every page."""
    subjects = list(dict.fromkeys(artefact.subject_ids))
    decision = scoping.gate(actor, Permission.DISCLOSURE_MAKE) or Decision(True)
    enforce(actor, decision, action=AuditAction.DISCLOSURE_MAKE, subject_type="person", subject_ids=subjects)
    purpose = _validate(actor, artefact, recipient, purpose, channel)
    content_hash = artefact.content_hash()
    # The sender's own permissions decide how much a finding may say (a
    # sender who may not read SENSITIVE details is not told them by the guard).
    findings = guard.check(artefact, recipient, sender=actor)
    if findings:
        with transaction.atomic():
            override = _usable_override(actor, override_of, artefact, recipient, content_hash)
            overridable = override is not None and all(f.overridable for f in findings)
        if not overridable:
            raise DisclosureBlocked(
                _block(actor, artefact, recipient, purpose, channel, content_hash, findings), findings
            )

    # Rendered before the transaction (a 2,000-entry chronology takes seconds),
    # on the unsaved row, so the watermark carries the id and time it is saved with.
    disclosure = Disclosure(
        document_id=new_document_id(), kind=artefact.kind, outcome=Disclosure.Outcome.RELEASED, channel=channel,
        title=artefact.title[:200], sender=actor, made_at=timezone.now(), purpose=purpose, case_id=artefact.case_id,
        content=artefact.as_json(), content_hash=content_hash, **_recipient_fields(recipient),
    )  # fmt: skip
    data: bytes | None = None
    password: str | None = None
    if render and channel in FILE_CHANNELS:
        data, disclosure.pages = pdf.render(artefact, disclosure, address_lines=recipient.address_lines)
        if channel in ENCRYPTED_CHANNELS:
            data, password = pdf.encrypt(data)
            disclosure.encrypted = True
        disclosure.file_sha256 = hashlib.sha256(data).hexdigest()

    relationship = f"disclosure:{disclosure.document_id}:{artefact.kind}:{recipient.kind}"
    try:
        with writing(actor, subject_type="person", subject_ids=subjects, relationship=relationship):
            if findings or override_of is not None:
                override = _usable_override(actor, override_of, artefact, recipient, content_hash)
                if findings and override is None:
                    raise _OverrideGone
                disclosure.override_of = override
            disclosure.save()
            _subjects(disclosure, subjects)
            if data is not None:
                DisclosureFile.objects.create(disclosure=disclosure, filename=f"{disclosure.document_id}.pdf",
                                              data=data, made_at=disclosure.made_at)  # fmt: skip
    except (_OverrideGone, IntegrityError):
        # Used by another request since the check above (the one-to-one on
        # override_of is the backstop): nothing was saved; the attempt is audited.
        refusal_record(actor, reasons.DISCLOSURE_BLOCKED, action=AuditAction.DISCLOSURE_MAKE, subject_type="person",
                       subject_ids=subjects, relationship=f"override-used:{override_of}")  # fmt: skip
        raise DisclosureError("That override has already been used: ask again.", "override_of") from None
    return Released(disclosure=disclosure, pdf=data, password=password)

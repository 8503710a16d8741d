"""Reading letters and who a letter on a case may go to, as the actor may
see the case (tiaki.casework.reach.case_decision: 404 when out of reach).

Recipients are the case's people (its participants and those related to
them on the register), the caregiver households its children are placed
with, and active partner organisations. Each comes with the address a
letter to them goes to: a person's current address that is not protected,
or, for a letter to that person themselves, their protected one (it is
theirs); a household's address; an organisation's postal address. Nobody
sealed from the reader is offered (tiaki.access.sealed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case, CaseParticipant
from tiaki.casework.reach import case_decision, may_record_on_case
from tiaki.disclosure.models import Letter, LetterTemplate, PartnerOrganisation
from tiaki.people.models import PersonAddress, Relationship
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

#: Shown instead of a protected address to a reader without the field permission.
PROTECTED_SHOWN = "Their protected address (printed on the letter, not shown here)"


@dataclass(frozen=True)
class RecipientChoice:
    #: "person:12", "household:3", "organisation:5": what the form posts.
    key: str
    kind: str
    label: str
    #: Why they are offered ("Parent of Tūī", "Caregivers of Tūī", "Partner organisation").
    why: str
    address_lines: str
    #: The address is protected (masked on screen for readers without the permission).
    protected: bool = False
    person_id: int | None = None
    household_id: int | None = None
    organisation_id: int | None = None


@dataclass
class LetterView:
    letter: Letter
    case_reference: str
    recipient_label: str
    address_shown: str
    may_write: bool


def templates(*, active_only: bool = False) -> list[LetterTemplate]:
    """Every letter template (policy data: no personal data)."""
    rows = LetterTemplate.objects.select_related("updated_by").order_by("name")
    return list(rows.filter(active=True) if active_only else rows)


def template(template_id: int) -> LetterTemplate | None:
    return LetterTemplate.objects.select_related("updated_by").filter(pk=template_id).first()


def _address_of(person_id: int, today: dt.date) -> tuple[str, bool]:
    """A person's current address for a letter to them: an unprotected one
    first, else their protected one; ("", False) when none is on record."""
    current = (
        PersonAddress.objects.filter(person_id=person_id)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("address")
        .order_by("protected", "-valid_from", "-pk")
    )
    for row in current:
        return "\n".join(p for p in (row.address.street, row.address.suburb, row.address.city,
                                      row.address.postcode) if p), row.protected  # fmt: skip
    return "", False


def _address_text(address: object) -> str:
    parts = [getattr(address, name, "") for name in ("street", "suburb", "city", "postcode")]
    return "\n".join(p for p in parts if p)


def _choices(actor: User, case_id: int) -> list[RecipientChoice]:
    today = timezone.localdate()
    participants = list(CaseParticipant.objects.filter(case_id=case_id).order_by("role", "pk"))
    children = [p.person_id for p in participants if p.role == CaseParticipant.Role.CHILD]
    on_case = {p.person_id: p.get_role_display() for p in participants}
    related = Relationship.objects.filter(
        Q(from_person_id__in=children) | Q(to_person_id__in=children), ended_on__isnull=True
    ).values_list("from_person_id", "to_person_id", "kind")
    labels = dict(Relationship.Kind.choices)
    why: dict[int, str] = {}
    for from_id, to_id, kind in related:
        other = to_id if from_id in children else from_id
        child = from_id if other == to_id else to_id
        why.setdefault(
            other, f"{labels.get(kind, kind)} of {{{child}}}" if other == from_id else f"Related to {{{child}}}"
        )
    people = [pid for pid in dict.fromkeys([*on_case, *why]) if pid not in children]
    hidden = sealed.hidden_person_ids(actor, [*people, *children])
    people = [pid for pid in people if pid not in hidden]
    names = display_names([*people, *children])
    choices: list[RecipientChoice] = []
    for pid in people:
        address, protected = _address_of(pid, today)
        reason = why.get(pid) or on_case.get(pid, "")
        for child in children:
            reason = reason.replace(f"{{{child}}}", names.get(child, "the child"))
        choices.append(RecipientChoice(f"person:{pid}", "person", names.get(pid, "Name not recorded"),
                                       reason or "On the case", address, protected, person_id=pid))  # fmt: skip
    shown_children = [c for c in children if c not in hidden]
    placed = (
        Placement.objects.filter(child_id__in=shown_children, household__isnull=False, ended_on__isnull=True)
        .select_related("household__address")
        .order_by("pk")
    )
    seen: set[int] = set()
    for placement in placed:
        household: CaregiverHousehold = placement.household  # type: ignore[assignment]
        if household.pk in seen:
            continue
        seen.add(household.pk)
        members = HouseholdMember.objects.filter(household=household, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
        if sealed.hidden_person_ids(actor, list(members)):
            continue
        choices.append(RecipientChoice(
            f"household:{household.pk}", "household", household.name,
            f"Caregivers of {names.get(placement.child_id, 'the child')}",
            _address_text(household.address) if household.address else "", household_id=household.pk,
        ))  # fmt: skip
    for org in PartnerOrganisation.objects.filter(status=PartnerOrganisation.Status.ACTIVE).order_by("name"):
        choices.append(RecipientChoice(f"organisation:{org.pk}", "organisation", org.name,
                                       org.get_kind_display(), org.postal_address.strip(),
                                       organisation_id=org.pk))  # fmt: skip
    return choices


def case_children(actor: User, case_id: int) -> list[int]:
    """The children a case is about that the reader may see (no audit: the caller's read covers it)."""
    ids = list(
        CaseParticipant.objects.filter(case_id=case_id, role=CaseParticipant.Role.CHILD)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    hidden = sealed.hidden_person_ids(actor, ids)
    return [i for i in ids if i not in hidden]


@selector(AuditAction.CASE_READ, permission=Permission.CASE_READ)
def letter_recipients(*, actor: User, case_id: int) -> list[RecipientChoice]:
    """Who a letter on the case may go to, each with the address it goes to."""
    decision = case_decision(actor, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        choices = _choices(actor, case_id)
        step.relationship = f"letter-recipients:{decision.relationship}"
    return choices


@selector(AuditAction.CASE_READ, permission=Permission.CASE_READ)
def letters_for_case(*, actor: User, case_id: int) -> list[Letter]:
    """The case's letters, newest first."""
    decision = case_decision(actor, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        rows = list(
            Letter.objects.filter(case_id=case_id)
            .select_related("template", "written_by", "disclosure", "recipient_household", "recipient_organisation")
            .order_by("-written_at", "-pk")
        )
        step.relationship = f"letters:{decision.relationship}"
    return rows


def recipient_label(letter: Letter) -> str:
    if letter.recipient_person_id:
        return display_names([letter.recipient_person_id]).get(letter.recipient_person_id, "Name not recorded")
    if letter.recipient_household_id:
        return letter.recipient_household.name  # type: ignore[union-attr]
    return letter.recipient_organisation.name if letter.recipient_organisation else ""


def address_protected(letter: Letter) -> bool:
    """Whether the letter's address is one of the recipient's protected ones."""
    if not letter.recipient_person_id or not letter.address_lines:
        return False
    street = letter.address_lines.splitlines()[0]
    return PersonAddress.objects.filter(person_id=letter.recipient_person_id, protected=True,
                                        address__street=street).exists()  # fmt: skip


@selector(AuditAction.CASE_READ, permission=Permission.CASE_READ)
def letter_get(*, actor: User, letter_id: int) -> LetterView:
    """One letter, as its case's reader may see it."""
    case_id = Letter.objects.filter(pk=letter_id).values_list("case_id", flat=True).first() or 0
    decision = case_decision(actor, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id]) as step:
        letter = Letter.objects.select_related(
            "case", "template", "written_by", "disclosure", "recipient_household", "recipient_organisation"
        ).get(pk=letter_id)
        step.relationship = f"letter:{letter_id}:{decision.relationship}"
        protected = address_protected(letter)
        label = recipient_label(letter)
    hidden = sealed.hidden_person_ids(actor, [letter.recipient_person_id] if letter.recipient_person_id else [])
    if hidden:
        label = "Someone you cannot see"
    shown = PROTECTED_SHOWN if protected and not decision.may_see_sensitive else letter.address_lines
    may_write = may_record_on_case(actor, decision) and letter.case.status == Case.Status.OPEN
    return LetterView(letter, letter.case.reference, label, shown, may_write and letter.status != Letter.Status.SENT)

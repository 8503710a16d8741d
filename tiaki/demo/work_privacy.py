"""The demo's privacy register (issue 17): what ``demo-privacy-officer``
finds on the breach and near-miss register.

- A breach the demo social worker reported through the service 30 hours
  ago (a case plan emailed to the wrong caregiver household), assessed as
  notifiable by ``demo-privacy-lead``: its 72-hour clock is running with
  42 hours left, containment recorded, and one action (owned by the lead,
  so nothing new reaches a worker's inbox).
- A near miss the worker reported (a school report nearly faxed to the
  wrong kura, caught by a colleague), not assessed yet.
- Near misses from the disclosure guard: the worker's letter to the long
  case's father that carried the mother's protected (refuge) address is
  stopped by the guard, and the near-miss collector puts it (and any other
  blocked disclosure or refused emergency access) on the register.

Everything through the services, so the register, its clock, the notices
and the audit trail are true. Once only: a second run finds the breach by
its description and adds nothing more."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.utils import timezone

from tiaki.casework.models import Case, CourtOrder
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.services import pipeline
from tiaki.people.models import PersonAddress
from tiaki.privacy import harm
from tiaki.privacy.models import PrivacyIncident
from tiaki.privacy.services import incidents
from tiaki.staff.models import User

BREACH = (
    "I emailed the case plan for the Ngata tamariki to the wrong caregiver household: I picked the wrong "
    "address from the list. They rang to tell me and have deleted it."
)
NEAR_MISS = "A school report was about to be faxed to the wrong kura; my colleague noticed the number before it went."


def _guard_near_miss(worker: User, long_case: Case | None) -> None:
    """The worker's letter to the father carrying the mother's refuge address: the guard stops it."""
    from tiaki.demo.work_disclosure import _parents

    if long_case is None:
        return
    order = CourtOrder.objects.filter(case=long_case, kind=CourtOrder.Kind.S78).order_by("pk").first()
    if order is None:
        return
    mother, father = _parents(order.child_id)
    if mother is None or father is None:
        return
    refuge = PersonAddress.objects.filter(person_id=mother, protected=True).select_related("address").first()
    if refuge is None:
        return
    text = f"Your children's mother is now living at {refuge.address.street}; the hui will be there."
    artefact = Artefact(kind="letter", title="About the family hui", case_id=long_case.pk,
                        subject_ids=[order.child_id, mother],
                        items=[Item(key="body", label="The letter", text=text, about_person=mother)],
                        letter_subject="About the family hui")  # fmt: skip
    father_is = Recipient(kind="person", label="The children's father", person_id=father)
    # The near miss is recorded by the pipeline; the collector puts it on the register.
    with contextlib.suppress(pipeline.DisclosureBlocked, pipeline.DisclosureError):
        pipeline.release(actor=worker, artefact=artefact, channel="download", purpose="Inviting him to the family hui",
                         recipient=father_is)  # fmt: skip


def demo_privacy_work(
    *, worker: User, privacy_officer: User | None, privacy_lead: User | None, long_case: Case | None,
    now: dt.datetime | None = None,
) -> PrivacyIncident | None:  # fmt: skip
    """The register's demo incidents (see the module docstring), once."""
    if privacy_officer is None or privacy_lead is None:
        return None
    found = PrivacyIncident.objects.filter(description=BREACH).first()
    if found is not None:
        return found
    now = now or timezone.now()
    aware = now - dt.timedelta(hours=30)
    breach = incidents.incident_report(
        actor=worker, kind=PrivacyIncident.Kind.BREACH, occurred_on=timezone.localdate(aware),
        occurred_time=timezone.localtime(aware).time().replace(second=0, microsecond=0), description=BREACH,
        whose_information="The Ngata tamariki (the long case)", how_found=PrivacyIncident.HowFound.CLIENT,
        action_taken="Asked the household to delete the email; they confirmed by phone.", now=aware,
    )  # fmt: skip
    factors = {
        "sensitivity": {"level": "high", "note": "A care plan: health, school and whānau details."},
        "harm": {"level": "medium", "note": "The household knows the whānau."},
        "recipients": {"level": "medium", "note": "A caregiver household, not the public."},
        "security": {"level": "high", "note": "Not encrypted."},
        "mitigation": {"level": "low", "note": "Deleted, confirmed by phone."},
        "other": {"level": "low", "note": ""},
    }
    assert set(factors) == set(harm.FACTOR_CODES)
    breach = incidents.incident_assess(
        actor=privacy_lead, incident_id=breach.pk, expected_version=breach.version, harm_factors=factors,
        serious_harm_likely=True, category=PrivacyIncident.Category.WRONG_RECIPIENT, caused_by_id=worker.pk,
        reasoning="Sensitive details of tamariki in care reached a household that knows the whānau: serious harm "
        "is likely, so the Commissioner must be told.", now=now - dt.timedelta(hours=28),
    )  # fmt: skip
    breach = incidents.incident_containment(
        actor=privacy_lead, incident_id=breach.pk, expected_version=breach.version,
        containment="The household deleted the email and confirmed by phone.",
        root_cause="The address list offers households by surname; two share it.",
        cause=PrivacyIncident.Cause.HUMAN_ERROR,
    )  # fmt: skip
    incidents.incident_action_add(
        actor=privacy_lead, incident_id=breach.pk, expected_version=breach.version, owner_id=privacy_lead.pk,
        description="Ask for the address list to show each household's suburb.",
        due_on=timezone.localdate(now) + dt.timedelta(days=14),
    )  # fmt: skip
    incidents.incident_report(
        actor=worker, kind=PrivacyIncident.Kind.NEAR_MISS, occurred_on=timezone.localdate(now) - dt.timedelta(days=2),
        description=NEAR_MISS, how_found=PrivacyIncident.HowFound.COLLEAGUE, now=now - dt.timedelta(days=1),
    )  # fmt: skip
    _guard_near_miss(worker, long_case)
    incidents.near_misses_collect()
    return breach

"""Fixtures of the disclosure guard part: the whānau (world.py) with the
father's mother, his new partner's child, a notifier, the child's sibling,
and a staff member who is a caregiver (sealed links)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Relationship
from tiaki.staff.tests.factories import UserFactory

NOTIFIER_NAME = "Hine Walker"
NOTIFIER_PHONE = "021 555 0147"


def _person(given: str, family: str, born: dt.date):
    from tiaki.disclosure.tests.world import _person as make

    return make(given, family, born)


@pytest.fixture
def father_mother(whanau):
    """Mere Tane: the father's mother (linked to him, not named on any alert)."""
    person = _person("Mere", "Tane", dt.date(1965, 3, 3))
    Relationship.objects.create(from_person=person, to_person=whanau.father, kind=Relationship.Kind.PARENT)
    return person


@pytest.fixture
def sibling(whanau):
    """Ana Pene: the child's half-sister, ten years old, not on the case."""
    person = _person("Ana", "Pene", dt.date(2016, 8, 1))
    Relationship.objects.create(from_person=person, to_person=whanau.child, kind=Relationship.Kind.HALF_SIBLING)
    return person


@pytest.fixture
def notifier_report(whanau):
    """A report of concern about the child, made by a neighbour."""
    report = ReportOfConcern.objects.create(
        reference="R-G1", site=whanau.case.site, received_at=timezone.now(),
        notifier_name=NOTIFIER_NAME, notifier_contact=NOTIFIER_PHONE, notifier_relationship="Neighbour",
    )  # fmt: skip
    ReportPerson.objects.create(report=report, person=whanau.child)
    return report


@pytest.fixture
def staff_caregiver(whanau, site_manager):
    """The caregiver is also a staff member (their own record is sealed from them)."""
    user = inducted(UserFactory(username="rangi", role=Role.SOCIAL_WORKER, site=whanau.case.site))
    StaffSubjectLink.objects.create(
        user=user, person=whanau.caregiver, kind=StaffSubjectLink.Kind.SELF, recorded_by=site_manager
    )
    whanau.caregiver.sealed = True
    whanau.caregiver.save(update_fields=["sealed"])
    return user


def blocked(sender, recipient, artefact, findings, *, document_id: str = "D-GRD1-TEST"):
    """A blocked attempt as the pipeline records one (written straight to the tables)."""
    from tiaki.disclosure.models import Disclosure, DisclosureSubject, GuardFinding

    kind_field = f"recipient_{'user' if recipient.kind == 'staff' else recipient.kind}_id"
    ids = {"person": recipient.person_id, "household": recipient.household_id, "staff": recipient.user_id,
           "organisation": recipient.organisation_id}  # fmt: skip
    row = Disclosure.objects.create(
        document_id=document_id, kind=artefact.kind, outcome=Disclosure.Outcome.BLOCKED, channel="post",
        title=artefact.title, sender=sender, made_at=timezone.now(), recipient_kind=recipient.kind,
        recipient_label=recipient.label, purpose="Tell the father about the plan.", case_id=artefact.case_id,
        content=artefact.as_json(), content_hash=artefact.content_hash(), **{kind_field: ids[recipient.kind]},
    )  # fmt: skip
    for pid in artefact.subject_ids:
        DisclosureSubject.objects.create(disclosure=row, person_id=pid)
    for f in findings:
        GuardFinding.objects.create(
            disclosure=row, rule=f.rule, item_key=f.item_key, item_label=f.item_label, about_person_id=f.about_person,
            protected_from_id=f.protected_from, words=f.words, overridable=f.overridable,
        )  # fmt: skip
    return row


@pytest.fixture
def blocked_letter(whanau):
    """alice's letter to the father with the mother's address, as the guard blocked it."""
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.selectors.guard import check
    from tiaki.disclosure.tests.world import PROTECTED_STREET

    artefact = Artefact(
        kind="letter", title="Letter to Wiremu Tane", case_id=whanau.case.pk, subject_ids=[whanau.child.pk],
        items=[Item(key="body", label="Letter body", text=f"Aroha lives at {PROTECTED_STREET}.")],
    )  # fmt: skip
    recipient = Recipient(kind="person", label="Wiremu Tane", person_id=whanau.father.pk)
    findings = check(artefact, recipient)
    assert findings
    return blocked(whanau.worker, recipient, artefact, findings)


@pytest.fixture
def far_leader(other_site):
    """A supervisor at another site: holds disclosure:override, reaches none of alice's work."""
    return inducted(UserFactory(username="far-leader", role=Role.SUPERVISOR, site=other_site))


def blocked_for_world(sender, case, child):
    """A blocked letter about ``child`` on ``case`` (for the access tests' world:
    tiaki.access.tests.test_every_refusal_audited.build_world)."""
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.selectors.guard import Finding

    artefact = Artefact(kind="letter", title="Letter", case_id=case.pk, subject_ids=[child.pk],
                        items=[Item(key="body", label="Letter body", text="Kia ora.")])  # fmt: skip
    finding = Finding(rule="protected_address", item_key="body", item_label="Letter body", about_person=child.pk,
                      protected_from=None, words="Remove the address.", overridable=True)  # fmt: skip
    recipient = Recipient(kind="staff", label="A colleague", user_id=sender.pk)
    return blocked(sender, recipient, artefact, [finding], document_id="D-WRLD-0001")

"""One record of every kind that an id addresses, all on alice's case and so
out of bob's reach: what the enumeration and timing attacks probe. Tests
import the fixtures by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.services import breakglass_open
from tiaki.care.models import CaregiverHousehold
from tiaki.care.services.about import about_me_save
from tiaki.casework import services
from tiaki.casework.models import CaseNote, CaseParticipant, CourtOrder, Document
from tiaki.casework.tests.test_uploads import PDF, email_bytes
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.intake.services import ConcernInput, ReportInput, ReportPersonInput, report_record
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Site


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


@pytest.fixture
def estate(alice, charlie, bob, case, child, media) -> dict[str, str]:
    """One record of every kind, all on alice's case: out of bob's reach."""
    report = report_record(
        actor=alice,
        data=ReportInput(
            site_id=alice.site_id, persons=[ReportPersonInput(child.pk, "child")],
            concerns=[ConcernInput("neglect", "No food in the house")],
            narrative="The teacher rang: the child arrives hungry most days.", notifier_name="Ms Ruth Kingi",
            notifier_relationship="teacher",
        ),
    )  # fmt: skip
    note = services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE,
                             occurred_at=timezone.now() - dt.timedelta(hours=1), title="Call with kura",
                             text="Tūī has been at school every day this week.")  # fmt: skip
    plan = services.plan_save(
        actor=alice, case_id=case.pk, child_id=child.pk, base_version=0,
        goals=[{"goal": "Tūī goes to kura every day", "action": "Walk her to school", "who": "Nan", "by": ""}],
        child_voice="I want to stay with Nan.", whanau_views="Nan can keep her.",
        review_on=timezone.localdate() + dt.timedelta(days=90), reason="",
    )  # fmt: skip
    fgc = services.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau want to make a plan")
    yesterday = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(10)))
    order = services.court_order_record(
        actor=alice, case_id=case.pk, child_id=child.pk, kind=CourtOrder.Kind.S78, court="Whangārei Family Court",
        made_on=timezone.localdate(), no_safety_plan_reason="Nobody in the whānau could be reached before tonight.",
        engagement_attempts=[{"method": "visit", "with_whom": "Tūī's mother", "outcome": "Nobody answered",
                              "attempted_at": yesterday}],
    )  # fmt: skip
    document = services.document_upload(
        actor=alice,
        case_id=case.pk,
        name="school report.pdf",
        data=PDF,
        title="School report",
        classification=Document.Classification.IN_CONFIDENCE,
    )
    email = services.email_import(actor=alice, case_id=case.pk, name="attendance.eml", data=email_bytes()).email
    task = services.task_add(actor=alice, case_id=case.pk, title="Visit kura", due_on=timezone.localdate())
    grant = breakglass_open(actor=charlie, person_id=child.pk, reason="Police are at the door now, urgent.")
    notification_send(users=[alice], kind=Notification.Kind.CASE_ALLOCATED, text=f"Case {case.reference} is yours.",
                      email_text="A case has been allocated to you.", about="case", about_id=case.pk)  # fmt: skip
    notice = Notification.objects.filter(user=alice).latest("pk")
    about_me = about_me_save(actor=alice, child_id=child.pk, expected_version=0, items=[
        {"topic": "likes", "text": "I love kapa haka.", "own_words": True, "shareable": True},
    ])  # fmt: skip
    sibling = PersonNameFactory(given_names="Rawiri", family_name="Te Whare").person
    CaseParticipant.objects.create(case=case, person=sibling, role=CaseParticipant.Role.CHILD)
    # Care (tiaki.care): the child in care under the s78 order, placed with an
    # approved household, and missing from it.
    from tiaki.care.services.episodes import care_enter
    from tiaki.care.services.missing import missing_record
    from tiaki.care.services.placements import placement_start
    from tiaki.care.tests.conftest_episodes import household as approved_household

    care_enter(actor=alice, case_id=case.pk, child_id=child.pk, entered_on=timezone.localdate(), legal_basis="s78",
               court_order_id=order.pk, reasons=["neglect"], main_reason="neglect", reasons_text="",
               living_with="one_parent")  # fmt: skip
    placement = placement_start(actor=alice, child_id=child.pk, started_on=timezone.localdate(), kind="kin",
                                household_id=approved_household(alice).pk)  # fmt: skip
    missing = missing_record(actor=alice, child_id=child.pk, kind="missing",
                             started_at=timezone.now() - dt.timedelta(minutes=30))  # fmt: skip
    # A caregiver household alice supports, at a site where bob is not on the
    # caregiver team (tiaki.care.reach.household_decision).
    elsewhere = Site.objects.create(name="Tāmaki Makaurau", region="Tāmaki Makaurau")
    household = CaregiverHousehold.objects.create(
        name="Kingi whānau", kind="kin", site=elsewhere, social_worker=alice, enquiry_on=timezone.localdate(),
        created_by=alice, created_at=timezone.now(),
    )  # fmt: skip
    # A letter alice released about the child (tiaki.disclosure): its record and its file.
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.services.pipeline import release

    letter = Artefact(kind="letter", title="Letter", case_id=case.pk, subject_ids=[child.pk],
                      items=[Item(key="body", label="Letter", text="Kia ora")])  # fmt: skip
    disclosure = release(actor=alice, artefact=letter, recipient=Recipient(kind="person", label="Tūī Te Whare",
                         person_id=child.pk), purpose="Her plan", channel="download").disclosure  # fmt: skip
    # Disclosure (tiaki.disclosure): a letter on the case, and a letter template.
    from tiaki.disclosure.models import Letter, LetterTemplate

    template = LetterTemplate.objects.create(name="Estate letter", audience="whanau", subject="Hui",
                                             body="Kia ora $recipient_name", updated_at=timezone.now())  # fmt: skip
    letter = Letter.objects.create(case=case, template=template, recipient_person=sibling, subject="Hui",
                                   body="Kia ora", written_by=alice, written_at=timezone.now())  # fmt: skip
    # A share about the child to the household she is placed with (tiaki.disclosure.services.sharing).
    from tiaki.disclosure.models import Share

    share = Share.objects.create(
        child=child, household_id=placement.household_id, purpose="Her routines.", consent="young_person",
        consent_on=timezone.localdate(), shared_by=alice, shared_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip
    # A subject access request about the child and its first stage (tiaki.disclosure: privacy officers only).
    from tiaki.disclosure.models import ReleaseStage, SubjectAccessRequest

    access_request = SubjectAccessRequest.objects.create(
        reference="SAR-ESTA-TE01", person=child, requester_kind="child", asked_for="Everything",
        received_on=timezone.localdate(), due_on=timezone.localdate() + dt.timedelta(days=28), created_by=alice,
        created_at=timezone.now(),
    )  # fmt: skip
    stage = ReleaseStage.objects.create(request=access_request, number=1, title="Stage 1", prepared_by=alice,
                                        prepared_at=timezone.now())  # fmt: skip
    from tiaki.disclosure.models import Redaction

    redaction = Redaction.objects.create(request=access_request, item_key=f"person:{child.pk}",
                                         ground="other_person", reason="Not yours to read.", made_by=alice,
                                         made_at=timezone.now())  # fmt: skip
    # A correction request about the note, from that request (tiaki.disclosure.services.corrections).
    from tiaki.access.roles import Role
    from tiaki.access.tests.conftest import inducted
    from tiaki.disclosure.services.corrections import correction_request_create
    from tiaki.staff.tests.factories import UserFactory

    officer = inducted(UserFactory(username="estate-privacy", role=Role.PRIVACY_OFFICER, site=alice.site))
    correction = correction_request_create(actor=officer, person_id=child.pk, item_key=f"note:{note.pk}",
                                           what_is_wrong="I was at school.", received_on=timezone.localdate(),
                                           access_request_id=access_request.pk)  # fmt: skip
    # A privacy concern alice reported, with an action (tiaki.privacy): the reporter's and privacy officers' only.
    from tiaki.privacy.models import IncidentAction, PrivacyIncident

    incident = PrivacyIncident.objects.create(
        reference="PI-ESTA-TE01", kind="breach", occurred_on=timezone.localdate(), became_aware_at=timezone.now(),
        description="Emailed to the wrong school.", reported_by=alice, reported_at=timezone.now(), site=alice.site,
        created_at=timezone.now(), updated_at=timezone.now(),
    )  # fmt: skip
    incident_action = IncidentAction.objects.create(incident=incident, description="Call the school", owner=officer,
                                                    due_on=timezone.localdate(), created_by=officer,
                                                    created_at=timezone.now())  # fmt: skip
    # An access alert about alice (tiaki.privacy.monitoring), privacy officers' only.
    from tiaki.privacy.models import AccessAlert

    alert = AccessAlert.objects.create(rule="sealed-attempt", actor=alice, window_start=timezone.now(),
                                       window_end=timezone.now(), count=1, threshold=1, first_seq=1, last_seq=1,
                                       dedupe_key="estate:1", raised_at=timezone.now())  # fmt: skip
    from tiaki.privacy.models import MonitoringRule

    return {
        "incident": str(incident.pk),
        "incident_action": str(incident_action.pk),
        "alert": str(alert.pk),
        # A monitoring rule (policy data): only privacy officers may change one.
        "monitoring_rule": str(MonitoringRule.objects.order_by("pk").values_list("pk", flat=True).first()),
        "correction": str(correction.pk),
        "access_request": str(access_request.pk),
        "stage_number": "1",
        "stage": str(stage.pk),
        "redaction": str(redaction.pk),
        "disclosure": str(disclosure.pk),
        # No organisation has this id (tests/attack/test_enumeration.KINDS says why).
        "partner_unlisted": "987654320",
        "letter": str(letter.pk),
        "letter_template": str(template.pk),
        "share": str(share.pk),
        "placement": str(placement.pk),
        "missing": str(missing.pk),
        "person": str(child.pk),
        "sibling": str(sibling.pk),
        "case": str(case.pk),
        "report": str(report.pk),
        "note": str(note.pk),
        "plan": str(plan.pk),
        "fgc": str(fgc.pk),
        "order": str(order.pk),
        "document": str(document.pk),
        "email": str(email.pk),
        "task": str(task.pk),
        "grant": str(grant.pk),
        "user": str(alice.pk),
        "notification": str(notice.pk),
        # A version number of the child's About me (not an id: numbered from 1 per child).
        "about_me_version": str(about_me.number),
        "household": str(household.pk),
    }

"""One record of every kind that an id addresses, all on alice's case and so
out of bob's reach: what the enumeration and timing attacks probe. Tests
import the fixtures by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.services import breakglass_open
from tiaki.casework import services
from tiaki.casework.models import CaseNote, CaseParticipant, CourtOrder, Document
from tiaki.casework.tests.test_uploads import PDF, email_bytes
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.intake.services import ConcernInput, ReportInput, ReportPersonInput, report_record
from tiaki.people.tests.factories import PersonNameFactory


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
    sibling = PersonNameFactory(given_names="Rawiri", family_name="Te Whare").person
    CaseParticipant.objects.create(case=case, person=sibling, role=CaseParticipant.Role.CHILD)
    return {
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
    }

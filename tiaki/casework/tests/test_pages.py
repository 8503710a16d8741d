"""The case pages: your cases, opening a case from a report or a child's
record, the case page and its actions, tasks, notes and their corrections.

The cast (tiaki/access/tests/conftest.py): alice holds the child's case;
her supervisor approves closures; bob is a colleague at the same site with
no relationship to the child; charlie is a social worker at another site;
a trainee at the same site has no relationship either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework import services as casework
from tiaki.casework.models import Case, CaseEvent, CaseNote, CaseNoteVersion, Task
from tiaki.chronology.models import ChronologyEntry
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def url(case, rest=""):
    return f"/cases/{case.pk}/{rest}"


def note_data(child, when=None, **changes):
    when = when or timezone.localtime() - dt.timedelta(hours=2)
    data = {
        "kind": "visit",
        **date_parts("occurred_on", when.date()),
        "occurred_time": when.strftime("%H:%M"),
        "title": "Home visit",
        "text": "Tūī showed me her room and her drawings. Nana was home.",
        "about": [str(child.pk)],
        "child_seen": "on",
    }
    data.update(changes)
    return data


def add_note(actor, case, text="First account of the visit."):
    return casework.note_add(
        actor=actor, case_id=case.pk, kind="visit", occurred_at=timezone.now() - dt.timedelta(hours=3),
        title="Home visit", text=text,
    )  # fmt: skip


@pytest.fixture
def trainee(site):
    return inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))


@pytest.fixture
def kaimahi(site):
    return inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))


# --- Who sees what ------------------------------------------------------------


def test_the_allocated_worker_sees_the_case_and_the_team_actions(client, alice, case, child):
    client.force_login(alice)
    response = client.get(url(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page
    assert "Tūī Te Whare" in page
    assert f'href="/people/{child.pk}/"' in page
    assert f'href="/people/{child.pk}/chronology/"' in page
    for action in ("Add a note", "Add a task", "Change phase", "Record Tūī Te Whare in care", "Ask to close the case"):
        assert action in page
    assert "Reallocate" not in page  # a supervisor's action
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="case.read", outcome="allowed").exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "trainee"])
def test_anyone_without_a_relationship_gets_not_found_and_the_refusal_is_audited(client, request, case, who, trainee):
    actor = request.getfixturevalue(who)
    seq = head()
    client.force_login(actor)
    assert client.get(url(case)).status_code == 404
    assert client.get(url(case, "notes/add/")).status_code in (403, 404)
    assert client.post(url(case, "close/"), {"close-reason": "other", "close-summary": "x"}).status_code in (403, 404)
    assert not Case.objects.get(pk=case.pk).closure_requested_at
    assert AuditEvent.objects.filter(seq__gt=seq, actor_id=actor.pk, outcome="refused").exists()


def test_a_privacy_officer_without_case_access_is_refused(client, privacy_officer, case):
    client.force_login(privacy_officer)
    assert client.get(url(case)).status_code == 403
    assert "Cases" not in client.get("/").content.decode().split('id="navigation"')[1].split("</ul>")[0]


def test_your_cases_lists_held_and_supervised_cases_with_their_tags(client, alice, bob, supervisor, case):
    Task.objects.create(
        case=case, title="Call the school", due_on=timezone.localdate() - dt.timedelta(days=3), assigned_to=alice,
        created_by=alice, created_at=timezone.now(),
    )  # fmt: skip
    client.force_login(alice)
    page = client.get("/cases/").content.decode()
    assert 'href="/cases/"' in page  # the navigation link
    assert case.reference in page
    assert "Tūī Te Whare" in page
    assert "1 overdue task" in page
    client.force_login(supervisor)
    assert case.reference in client.get("/cases/").content.decode()
    client.force_login(bob)
    bobs = client.get("/cases/").content.decode()
    assert case.reference not in bobs
    assert "You have no open cases." in bobs


# --- Opening a case --------------------------------------------------------------


def test_opening_a_case_from_an_allocated_report_puts_it_in_the_chronology(
    client, kaimahi, supervisor, alice, bob, site, child
):
    report = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("physical", "bruises")], narrative="Bruises on the arms.",
        ),
    )  # fmt: skip
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Bruises.", timeframe_code="critical"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    client.force_login(alice)
    report_page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert f'href="/cases/open/?report={report.pk}"' in report_page
    form = client.get("/cases/open/", {"report": report.pk})
    assert form.status_code == 200
    assert report.reference in form.content.decode()
    missing = client.post(f"/cases/open/?report={report.pk}", {"report": report.pk})
    assert missing.status_code == 400
    assert "Choose the kind of case." in missing.content.decode()
    assert not Case.objects.filter(origin_report=report).exists()
    done = client.post(f"/cases/open/?report={report.pk}", {"report": report.pk, "kind": "assessment"})
    case = Case.objects.get(origin_report=report)
    assert done.status_code == 302
    assert done["Location"] == f"/cases/{case.pk}/"
    assert case.allocated_worker == alice
    shown = client.get(done["Location"]).content.decode()
    assert f"Case {case.reference} opened" in shown
    assert report.reference in shown
    entry = ChronologyEntry.objects.get(person=child, case=case)
    assert entry.title == f"Assessment case opened ({case.reference})"
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.OPENED, by=alice).exists()
    # bob holds no relationship to the report: no button, and the page is not found.
    client.force_login(bob)
    assert client.get("/cases/open/", {"report": report.pk}).status_code == 404
    assert client.post("/cases/open/", {"report": report.pk, "kind": "assessment"}).status_code == 404
    assert Case.objects.filter(origin_report=report).count() == 1


def test_opening_a_case_from_a_report_warns_of_the_childs_open_case(client, kaimahi, supervisor, alice, site, case,
                                                                    child):  # fmt: skip
    report = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("physical", "bruises")], narrative="Bruises on the arms.",
        ),
    )  # fmt: skip
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Bruises.", timeframe_code="critical"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    client.force_login(alice)
    form = client.get("/cases/open/", {"report": report.pk}).content.decode()
    assert "A child on this report is already on an open case" in form
    assert f'href="/cases/{case.pk}/"' in form
    assert "Open another case anyway" in form
    refused = client.post(f"/cases/open/?report={report.pk}", {"report": report.pk, "kind": "assessment"})
    assert refused.status_code == 409
    assert not Case.objects.filter(origin_report=report).exists()


def test_a_report_not_allocated_to_the_reader_offers_no_case(client, kaimahi, supervisor, site, child):
    report = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("physical", "bruises")], narrative="Bruises on the arms.",
        ),
    )  # fmt: skip
    client.force_login(supervisor)
    assert "/cases/open/" not in client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert ReportOfConcern.objects.get(pk=report.pk).stage == ReportOfConcern.Stage.RECEIVED


def test_opening_a_case_for_a_child_from_their_record(client, alice, trainee, case, child):
    client.force_login(alice)
    record = client.get(f"/people/{child.pk}/").content.decode()
    assert f'href="/cases/open/?person={child.pk}"' in record
    assert "Open another case" in record
    # She already has an open case: the page says so, links to it, and asks
    # for an explicit confirmation with a reason.
    form = client.get(f"/cases/open/?person={child.pk}").content.decode()
    assert "Tūī Te Whare already has an open case" in form
    assert f'href="/cases/{case.pk}/"' in form
    assert "Open another case anyway" in form
    warned = client.post(f"/cases/open/?person={child.pk}", {"person": child.pk, "kind": "ongoing"})
    assert warned.status_code == 409
    assert "There is already an open case for this child" in warned.content.decode()
    assert f'href="/cases/{case.pk}/"' in warned.content.decode()
    no_reason = client.post(
        f"/cases/open/?person={child.pk}", {"person": child.pk, "kind": "ongoing", "confirm_additional": "on"}
    )
    assert no_reason.status_code == 400
    assert "Enter why another case is needed." in no_reason.content.decode()
    assert Case.objects.count() == 1
    done = client.post(f"/cases/open/?person={child.pk}", {"person": child.pk, "kind": "ongoing",
                       "confirm_additional": "on", "additional_reason": "Her brother's case is separate."})  # fmt: skip
    assert done.status_code == 302
    opened = Case.objects.exclude(pk=case.pk).get()
    assert opened.kind == Case.Kind.ONGOING
    assert list(opened.participants.values_list("person_id", flat=True)) == [child.pk]
    assert opened.events.get().reason == "Her brother's case is separate."
    # A trainee may not open cases at all.
    client.force_login(trainee)
    assert client.post(f"/cases/open/?person={child.pk}", {"person": child.pk, "kind": "ongoing"}).status_code == 403


# --- Notes ------------------------------------------------------------------------


def test_a_note_is_recorded_and_listed_with_when_it_happened(client, alice, case, child):
    client.force_login(alice)
    form = client.get(url(case, "notes/add/")).content.decode()
    assert "Hides the text from people without access to sensitive information." in form
    when = timezone.localtime() - dt.timedelta(days=1)
    done = client.post(url(case, "notes/add/"), note_data(child, when=when, significant="on"))
    note = CaseNote.objects.get(case=case)
    assert done.status_code == 302
    assert done["Location"] == f"/cases/notes/{note.pk}/"
    assert timezone.localtime(note.occurred_at).strftime("%Y-%m-%d %H:%M") == when.strftime("%Y-%m-%d %H:%M")
    assert note.child_seen
    assert note.significant
    assert not note.sensitive
    assert "Note recorded." in client.get(done["Location"]).content.decode()
    listed = client.get(url(case)).content.decode()
    assert "Home visit" in listed
    assert f"{when.day} {when:%B %Y}" in listed


def test_a_note_dated_in_the_future_is_an_error_that_keeps_the_text_and_saves_nothing(client, alice, case, child):
    client.force_login(alice)
    seq = head()
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(url(case, "notes/add/"), note_data(child, when=tomorrow))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "The date it happened cannot be in the future." in page
    assert 'href="#id_occurred_on_0"' in page  # the summary links to the day box
    assert "Tūī showed me her room and her drawings." in page
    assert f'value="{tomorrow.year}"' in page
    assert not CaseNote.objects.exists()
    assert not AuditEvent.objects.filter(seq__gt=seq, action="note.add").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on_day": "31", "occurred_on_month": "2"}, "The date it happened must be a real date."),
        ({"occurred_on_month": ""}, "The date it happened must include a month."),
        ({"occurred_time": "25:99"}, "Enter the time it happened on the 24-hour clock, for example 14:30."),
        ({"kind": "phone"}, "Only a visit note can record that the child was seen."),
        ({"text": ""}, "Enter what happened."),
    ],
)
def test_bad_note_input_gets_a_specific_error(client, alice, case, child, changes, message):
    client.force_login(alice)
    response = client.post(url(case, "notes/add/"), note_data(child, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CaseNote.objects.exists()


def test_correcting_a_note_keeps_version_1_visible(client, alice, case):
    note = add_note(alice, case)
    client.force_login(alice)
    detail = client.get(f"/cases/notes/{note.pk}/").content.decode()
    assert f'href="/cases/notes/{note.pk}/correct/"' in detail
    form = client.get(f"/cases/notes/{note.pk}/correct/").content.decode()
    assert "First account of the visit." in form  # pre-filled
    no_reason = client.post(
        f"/cases/notes/{note.pk}/correct/", {"title": "Home visit", "text": "Corrected account.", "base_version": 1}
    )
    assert no_reason.status_code == 400
    assert "Enter why it is being corrected." in no_reason.content.decode()
    done = client.post(
        f"/cases/notes/{note.pk}/correct/",
        {"title": "Home visit", "text": "Corrected account.", "reason": "Wrong room named.", "base_version": 1},
    )
    assert done.status_code == 302
    page = client.get(f"/cases/notes/{note.pk}/").content.decode()
    assert page.index("Corrected account.") < page.index("First account of the visit.")  # newest first
    assert "Wrong room named." in page
    assert "Version 1" in page
    assert CaseNoteVersion.objects.filter(note=note).count() == 2
    assert "Corrected" in client.get(url(case)).content.decode()


def test_a_stale_correction_is_refused_with_both_texts(client, alice, supervisor, case):
    note = add_note(alice, case)
    casework.note_correct(
        actor=supervisor, note_id=note.pk, base_version=1, title="Home visit", text="The supervisor's version.",
        reason="Added who was there.",
    )  # fmt: skip
    client.force_login(alice)
    response = client.post(
        f"/cases/notes/{note.pk}/correct/",
        {"title": "Home visit", "text": "Alice's own correction.", "reason": "Typo.", "base_version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "There is a problem" in page
    assert "The supervisor&#x27;s version." in page
    assert "Alice&#x27;s own correction." in page
    assert 'name="base_version" value="2"' in page  # saving again is against their version
    assert CaseNoteVersion.objects.filter(note=note).count() == 2


def test_a_sensitive_note_is_restricted_for_a_reader_without_sensitive_access(client, alice, site, child):
    # A trainee holds a case under alice's supervision: they read it, without SENSITIVE access.
    trainee = inducted(UserFactory(username="learner", role=Role.TRAINEE, site=site, supervisor=alice))
    theirs = Case.objects.create(kind=Case.Kind.ONGOING, site=site, allocated_worker=trainee, opened_at=timezone.now())
    theirs.participants.create(person=child)
    note = casework.note_add(
        actor=alice, case_id=theirs.pk, kind="meeting", occurred_at=timezone.now() - dt.timedelta(hours=1),
        title="Safety meeting", text="Where mum is staying now.", sensitive=True,
    )  # fmt: skip
    client.force_login(alice)
    assert "Safety meeting" in client.get(url(theirs)).content.decode()
    client.force_login(trainee)
    page = client.get(url(theirs)).content.decode()
    assert "Restricted" in page
    assert "Safety meeting" not in page
    assert "Where mum is staying now." not in page
    assert "Add a note" not in page  # a trainee records nothing
    detail = client.get(f"/cases/notes/{note.pk}/").content.decode()
    assert "Where mum is staying now." not in detail
    assert "Correct this note" not in detail


# --- Tasks, care, phase, closure ------------------------------------------------------


def test_a_task_is_added_and_marked_done(client, alice, case):
    client.force_login(alice)
    due = timezone.localdate() + dt.timedelta(days=7)
    past = client.post(
        url(case, "tasks/add/"),
        {"title": "Book the FGC", **date_parts("due_on", timezone.localdate() - dt.timedelta(days=1))},
    )
    assert past.status_code == 400
    assert "The due date has already passed." in past.content.decode()
    done = client.post(url(case, "tasks/add/"), {"title": "Book the FGC", **date_parts("due_on", due)})
    assert done.status_code == 302
    task = Task.objects.get(case=case)
    assert task.due_on == due
    assert task.assigned_to == alice
    page = client.get(url(case)).content.decode()
    assert "Book the FGC" in page
    assert "Mark done" in page
    marked = client.post(f"/cases/tasks/{task.pk}/done/", {"case": case.pk})
    assert marked.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    again = client.post(f"/cases/tasks/{task.pk}/done/", {"case": case.pk})
    assert again.status_code == 400
    assert "This task is already done." in again.content.decode()


def test_an_overdue_visit_is_flagged(client, alice, case, child):
    client.force_login(alice)
    since = timezone.localdate() - dt.timedelta(days=30)
    prefix = f"care-{child.pk}"
    future = client.post(
        url(case, f"care/{child.pk}/"),
        {
            **date_parts("in_care_since", timezone.localdate() + dt.timedelta(days=2), prefix),
            f"{prefix}-frequency": "weekly",
        },
    )
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()
    done = client.post(
        url(case, f"care/{child.pk}/"), {**date_parts("in_care_since", since, prefix), f"{prefix}-frequency": "weekly"}
    )
    assert done.status_code == 302
    page = client.get(url(case)).content.decode()
    children = page.split('id="children"')[1].split("</table>")[0]
    assert "Every 7 days" in children
    assert "Overdue" in children
    # A visit where the child was seen brings the next visit forward.
    client.post(url(case, "notes/add/"), note_data(child))
    after = client.get(url(case)).content.decode().split('id="children"')[1].split("</table>")[0]
    assert "Overdue" not in after


def test_changing_phase_needs_a_reason_and_the_current_version(client, alice, supervisor, case):
    client.force_login(alice)
    no_reason = client.post(url(case, "phase/"), {"phase-kind": "ongoing", "phase-reason": "", "phase-version": 1})
    assert no_reason.status_code == 400
    assert "Enter the reason for the change." in no_reason.content.decode()
    casework.case_change_phase(
        actor=supervisor, case_id=case.pk, kind="investigation", reason="Police joined.", version=1
    )
    stale = client.post(
        url(case, "phase/"), {"phase-kind": "ongoing", "phase-reason": "Needs care.", "phase-version": 1}
    )
    assert stale.status_code == 409
    assert "Someone else changed this case" in stale.content.decode()
    assert 'name="phase-version" value="2"' in stale.content.decode()
    done = client.post(
        url(case, "phase/"), {"phase-kind": "ongoing", "phase-reason": "Needs care.", "phase-version": 2}
    )
    assert done.status_code == 302
    page = client.get(url(case)).content.decode()
    assert "Moved from Investigation to Ongoing care and protection" in page
    assert "Needs care." in page


def closure_asked(client, alice, case):
    client.force_login(alice)
    response = client.post(
        url(case, "close/"),
        {
            "close-reason": "safety_plan",
            "close-summary": "Whānau safety plan working for six months.",
            "close-version": 1,
        },
    )
    assert response.status_code == 302
    return response


def test_a_closure_asked_for_and_approved_by_the_supervisor_closes_the_case(client, alice, supervisor, case):
    missing = client.post(url(case, "close/"), {"close-summary": "", "close-version": 1})
    assert missing.status_code == 302  # not signed in yet: sent to sign in
    client.force_login(alice)
    missing = client.post(url(case, "close/"), {"close-summary": "", "close-version": 1})
    assert missing.status_code == 400
    assert "Choose why the case can close." in missing.content.decode()
    closure_asked(client, alice, case)
    page = client.get(url(case)).content.decode()
    assert "Waiting for closure approval" in page
    assert "Approve or decline the closure" not in page  # not by the one who asked
    assert "Waiting for closure approval" in client.get("/cases/").content.decode()
    client.force_login(supervisor)
    page = client.get(url(case)).content.decode()
    assert "Approve or decline the closure" in page
    done = client.post(url(case, "close/decide/"), {"decide-approve": "yes"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    shown = client.get(url(case)).content.decode()
    assert "The case is closed." in shown
    assert "This case closed on" in shown
    assert "Add a note" not in shown
    # Nothing more can be recorded: a clear refusal, never a 500.
    client.force_login(alice)
    late = client.post(
        url(case, "phase/"), {"phase-kind": "ongoing", "phase-reason": "x", "phase-version": case.version}
    )
    assert late.status_code in (400, 403)


def test_declining_a_closure_needs_a_reason_and_keeps_the_case_open(client, alice, supervisor, case):
    closure_asked(client, alice, case)
    client.force_login(supervisor)
    no_reason = client.post(url(case, "close/decide/"), {"decide-approve": "no", "decide-note": ""})
    assert no_reason.status_code == 400
    assert "Enter why the closure is declined." in no_reason.content.decode()
    done = client.post(url(case, "close/decide/"), {"decide-approve": "no", "decide-note": "Wait for the FGC review."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert case.closure_requested_at is None
    client.force_login(alice)
    page = client.get(url(case)).content.decode()
    assert "Closure declined" in page
    assert "Wait for the FGC review." in page
    assert "Ask to close the case" in page


def test_the_worker_cannot_approve_a_closure(client, alice, case):
    closure_asked(client, alice, case)
    assert client.post(url(case, "close/decide/"), {"decide-approve": "yes"}).status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_supervisor_reallocates_the_case(client, alice, bob, supervisor, case):
    client.force_login(alice)
    assert client.get(url(case, "reallocate/")).status_code == 403
    client.force_login(supervisor)
    assert "Reallocate" in client.get(url(case)).content.decode()
    form = client.get(url(case, "reallocate/")).content.decode()
    assert bob.username in form or bob.get_full_name() in form
    missing = client.post(url(case, "reallocate/"), {"worker": bob.pk, "reason": ""})
    assert missing.status_code == 400
    assert "Enter the reason." in missing.content.decode()
    done = client.post(url(case, "reallocate/"), {"worker": bob.pk, "reason": "Alice is on leave."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.allocated_worker == bob


# --- Adding someone to the case -------------------------------------------------


def test_the_worker_adds_a_newborn_sibling_they_registered_and_it_joins_the_chronology(client, alice, case, child):
    from tiaki.casework.models import CaseParticipant
    from tiaki.people.tests.factories import PersonNameFactory

    baby = PersonNameFactory(given_names="Kauri", family_name="Te Whare", person__created_by=alice).person
    client.force_login(alice)
    seq = head()
    response = client.post(url(case, "people/add/"), {"participant-person": str(baby.pk), "participant-role": "child"})
    assert response.status_code == 302
    assert CaseParticipant.objects.filter(case=case, person=baby, role="child").exists()
    assert ChronologyEntry.objects.filter(person=baby, kind="case", case=case).exists()
    assert AuditEvent.objects.filter(seq__gt=seq, actor_id=alice.pk, action="case.update",
                                     relationship=f"case:{case.pk}:participant").exists()  # fmt: skip
    again = client.post(url(case, "people/add/"), {"participant-person": str(baby.pk), "participant-role": "child"})
    assert again.status_code == 400
    assert "already on this case" in again.content.decode()


def test_someone_out_of_reach_cannot_be_added_and_the_refusal_is_audited(client, alice, case):
    from tiaki.casework.models import CaseParticipant
    from tiaki.people.tests.factories import PersonNameFactory

    stranger = PersonNameFactory(given_names="Hemi", family_name="Walker").person
    client.force_login(alice)
    seq = head()
    response = client.post(
        url(case, "people/add/"), {"participant-person": str(stranger.pk), "participant-role": "parent"}
    )
    assert response.status_code == 400
    assert "You cannot add that person" in response.content.decode()
    assert not CaseParticipant.objects.filter(person=stranger).exists()
    assert AuditEvent.objects.filter(seq__gt=seq, actor_id=alice.pk, outcome="refused").exists()
    bad = client.post(url(case, "people/add/"), {"participant-person": "abc", "participant-role": "parent"})
    assert bad.status_code == 400
    assert "Enter the person number in digits." in bad.content.decode()

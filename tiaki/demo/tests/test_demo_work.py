"""`make demo`: every sign-in it prints opens on real work, the demo's own
work was done through the services by the demo accounts (so the chronology
and the audit trail tell it), in working hours, and setting up twice
changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from tiaki.access import scoping
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.casework.models import Case, CaseNote, CourtOrder, PlanVersion
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import chronology_page
from tiaki.demo.accounts import DEMO_PASSWORD, demo_usernames, ensure_demo_accounts
from tiaki.demo.generator import seed_agency
from tiaki.demo.work import DAY_ENDS, DAY_STARTS, ensure_demo_work, working_time
from tiaki.intake.models import ReportOfConcern
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db

Kind = ChronologyEntry.Kind
NZ = ZoneInfo("Pacific/Auckland")
README = Path(__file__).resolve().parents[3] / "README.md"

#: Something real on each sign-in's home page: work, not only a description.
HOME_SHOWS = {
    "demo-administrator": ["Manage accounts", "Intake policy"],
    "demo-analyst": ["Timeliness dashboard"],
    "demo-caregiver": ["Read what is shared with you"],
    "demo-contact-centre": ["Reports you recorded", "waiting for a decision"],
    "demo-partner-worker": ["Make a referral", "Read what is shared with you"],
    "demo-privacy-officer": ["Search the audit trail", "Review emergency access"],
    "demo-privacy-lead": ["Search the audit trail", "Review emergency access"],
    "demo-site-manager": ["unallocated reports in the queue", "Statutory visit to"],
    "demo-social-worker": ["Statutory visit to", "Overdue</strong>", "First response due in", "Next: "],
    "demo-supervisor": ["unallocated reports in the queue", "decided and waiting for a social worker"],
    "demo-trainee": ["C-0"],
    "demo-trainee-new": ["Privacy induction needed"],
}


@pytest.fixture
def demo():
    seed_agency(persons=300, seed=1, reports=0)
    ensure_demo_accounts()
    ensure_demo_work()


def _printed() -> str:
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    return out.getvalue()


def test_every_printed_sign_in_opens_on_real_work_and_every_link_there_opens(client, demo):
    printed = re.findall(r"^  (demo-[\w-]+) ", _printed(), flags=re.MULTILINE)
    assert printed == demo_usernames() == sorted(HOME_SHOWS)
    for username in printed:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        home = client.get("/").content.decode()
        main = home.split('id="main-content"')[1].split("</main>")[0]
        for shown in HOME_SHOWS[username]:
            assert shown in main, (username, shown)
        assert "You have no cases allocated" not in main or username == "demo-site-manager"
        for href in set(re.findall(r'href="(/[^"]*)"', main)):
            assert client.get(href).status_code == 200, (username, href)
        client.logout()


def test_the_readme_lists_exactly_the_sign_ins_the_demo_prints(demo):
    printed = re.findall(r"^  (demo-[\w-]+) +(.+?): (.+)$", _printed(), flags=re.MULTILINE)
    table = re.findall(r"^\| `(demo-[\w-]+)` \| (.+?) \| (.+?) \|$", README.read_text(), flags=re.MULTILINE)
    assert printed == table


def test_no_portal_sign_in_is_offered_and_an_old_one_cannot_sign_in(client):
    for role in (Role.WHANAU, Role.YOUNG_PERSON):
        User.objects.create_user(username=f"demo-{role.value}", password=DEMO_PASSWORD, role=role)
    seed_agency(persons=300, seed=1, reports=0)
    output = _printed()
    assert "(portal)" not in output
    for role in (Role.WHANAU, Role.YOUNG_PERSON):
        assert f"demo-{role.value} " not in output
        assert not client.login(username=f"demo-{role.value}", password=DEMO_PASSWORD)


def test_the_demo_childs_case_was_done_through_the_services_so_its_chronology_and_audit_tell_it(demo):
    worker = User.objects.get(username="demo-social-worker")
    supervisor = User.objects.get(username="demo-supervisor")
    kaimahi = User.objects.get(username="demo-contact-centre")
    assert worker.supervisor == supervisor
    case = Case.objects.filter(allocated_worker=worker, court_work=True).get()
    report = case.origin_report
    assert report is not None
    assert report.recorded_by == kaimahi
    assert report.allocated_to == worker
    assert report.allocated_by == supervisor
    # The child the order brought into care (their sibling was reported with them).
    child_id = CourtOrder.objects.filter(case=case, kind=CourtOrder.Kind.S78).earliest("pk").child_id
    kinds = list(ChronologyEntry.objects.filter(person_id=child_id).values_list("kind", flat=True))
    for kind in (Kind.REPORT, Kind.DECISION, Kind.RESPONSE, Kind.CASE, Kind.PLAN, Kind.FGC, Kind.ORDER):
        assert kind in kinds, kind
    assert kinds.count(Kind.NOTE) >= 10
    # In order: the report came in, was decided, answered, and the case opened after it.
    entry = {k: ChronologyEntry.objects.filter(person_id=child_id, kind=k).earliest("occurred_at").occurred_at
             for k in (Kind.REPORT, Kind.DECISION, Kind.RESPONSE, Kind.CASE)}  # fmt: skip
    assert entry[Kind.REPORT] < entry[Kind.DECISION] < entry[Kind.RESPONSE] < entry[Kind.CASE]
    assert entry[Kind.CASE] == case.opened_at
    # Each step is in the audit trail under the demo account that did it.
    done = set(AuditEvent.objects.filter(outcome="allowed").values_list("actor_id", "action"))
    for who, action in ((kaimahi, "report.create"), (supervisor, "report.triage"), (supervisor, "report.allocate"),
                        (worker, "report.respond"), (worker, "case.open"), (worker, "note.add"),
                        (worker, "plan.save"), (worker, "fgc.record"), (worker, "order.record")):  # fmt: skip
        assert (who.pk, action) in done, (who.username, action)
    assert PlanVersion.objects.filter(plan__case=case, plan__child_id=child_id).exclude(child_voice="").exists()
    assert CourtOrder.objects.filter(case=case, kind=CourtOrder.Kind.S78).exclude(no_safety_plan_reason="").exists()
    assert case.participants.get(person_id=child_id).in_care_since is not None
    page = chronology_page(actor=worker, person_id=child_id)
    assert page.entries[0].occurred_at >= page.entries[-1].occurred_at
    assert scoping.person_decision(supervisor, child_id).allowed


def test_every_demo_report_has_its_chronology_entry(demo):
    demo_users = User.objects.filter(username__in=demo_usernames())
    reports = ReportOfConcern.objects.filter(recorded_by__in=demo_users)
    assert reports.count() >= 5
    for report in reports:
        assert ChronologyEntry.objects.filter(report_id=report.pk, kind=Kind.REPORT).exists(), report.reference


def _in_working_hours(moment: dt.datetime) -> bool:
    local = moment.astimezone(NZ)
    return local.weekday() < 5 and DAY_STARTS <= local.time() <= DAY_ENDS


def test_every_demo_note_and_report_is_timed_in_working_hours_in_auckland(demo):
    demo_users = User.objects.filter(username__in=demo_usernames())
    notes = list(CaseNote.objects.filter(recorded_by__in=demo_users).values_list("occurred_at", flat=True))
    assert len(notes) >= 10
    received = ReportOfConcern.objects.filter(recorded_by__in=demo_users).values_list("received_at", flat=True)
    for moment in [*notes, *received]:
        assert _in_working_hours(moment), moment.astimezone(NZ)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # A Sunday evening in Auckland: the Friday before, at the hour asked.
        (dt.datetime(2026, 12, 6, 20, 0, tzinfo=NZ), dt.datetime(2026, 12, 4, 10, 0, tzinfo=NZ)),
        # A Monday at 07:00: the hour has not come yet today, so the Friday before.
        (dt.datetime(2026, 12, 7, 7, 0, tzinfo=NZ), dt.datetime(2026, 12, 4, 10, 0, tzinfo=NZ)),
        (dt.datetime(2026, 12, 7, 11, 0, tzinfo=NZ), dt.datetime(2026, 12, 7, 10, 0, tzinfo=NZ)),
    ],
)
def test_demo_times_fall_on_the_latest_working_day_not_after_now(now, expected):
    assert working_time(now.date(), dt.time(10), now) == expected


def test_setting_the_demo_up_again_changes_nothing(demo):
    counts = (Case.objects.count(), CaseNote.objects.count(), ChronologyEntry.objects.count(),
              ReportOfConcern.objects.count())  # fmt: skip
    ensure_demo_accounts()
    ensure_demo_work()
    assert (Case.objects.count(), CaseNote.objects.count(), ChronologyEntry.objects.count(),
            ReportOfConcern.objects.count()) == counts  # fmt: skip


def test_the_demo_serves_with_a_worker_beside_it_and_stops_it(demo, monkeypatch):
    from tiaki.demo.management.commands import demo as command

    started, served = [], []

    class Worker:
        def __init__(self, args, env):
            started.append(self)
            self.command, self.stopped = args[-1], False

        def terminate(self):
            self.stopped = True

        def wait(self, timeout):
            return 0

    real = command.call_command

    def fake_call_command(name, *args, **kwargs):
        if name == "runserver":
            served.append(args[0])
            raise KeyboardInterrupt  # Ctrl-C, as a person stops the demo
        return real(name, *args, **kwargs)

    monkeypatch.setattr(command.subprocess, "Popen", Worker)
    monkeypatch.setattr(command, "call_command", fake_call_command)
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("demo", stdout=out)
    assert [(w.command, w.stopped) for w in started] == [("worker", True)]
    assert served == ["127.0.0.1:8000"]
    assert "`tiaki worker` runs the scheduled jobs" in out.getvalue()


def test_the_privacy_officer_finds_the_care_leavers_verified_request_on_the_register(client, demo):
    from tiaki.disclosure.models import SubjectAccessRequest

    request = SubjectAccessRequest.objects.get()
    assert request.status == SubjectAccessRequest.Status.IN_REVIEW
    # Her report of concern from when she was 9 was answered and closed then: it is in no one's queue today.
    from tiaki.intake.models import ReportOfConcern, ReportPerson

    old = ReportOfConcern.objects.get(pk=ReportPerson.objects.get(person_id=request.person_id).report_id)
    assert old.status == ReportOfConcern.Status.CLOSED
    assert old.stage == ReportOfConcern.Stage.CLOSED
    assert request.reviewer.username == "demo-privacy-officer"
    assert request.received_on < timezone.localdate()
    assert client.login(username="demo-privacy-officer", password=DEMO_PASSWORD)
    register = client.get("/subject-access/").content.decode()
    assert request.reference in register
    assert "Ataahua Rēhana Pōtae" in register
    assert client.get(f"/subject-access/{request.pk}/").status_code == 200
    ensure_demo_work()  # once only
    assert SubjectAccessRequest.objects.count() == 1


def test_the_second_privacy_officer_finds_a_stage_waiting_for_their_approval(client, demo):
    from tiaki.disclosure.models import ReleaseStage, SubjectAccessRequest

    request = SubjectAccessRequest.objects.get()
    stage = ReleaseStage.objects.get(request=request)
    assert stage.status == ReleaseStage.Status.PREPARED
    assert stage.prepared_by.username == "demo-privacy-officer"
    assert stage.item_keys
    assert all(key.startswith(("care:", "placement:")) for key in stage.item_keys)
    assert client.login(username="demo-privacy-lead", password=DEMO_PASSWORD)
    page = client.get(f"/subject-access/{request.pk}/stages/{stage.number}/").content.decode()
    assert f"Approve stage {stage.number}" in page
    assert client.get(f"/subject-access/{request.pk}/stages/{stage.number}/pack/").status_code == 200


def test_the_privacy_officer_finds_a_notifiable_breach_with_its_clock_and_the_guards_near_miss(client, demo):
    from tiaki.privacy.models import PrivacyIncident

    breach = PrivacyIncident.objects.get(source="reported", kind="breach")
    assert breach.notifiable
    assert breach.commissioner_notified_at is None
    assert breach.reported_by.username == "demo-social-worker"
    assert PrivacyIncident.objects.filter(source="disclosure-guard").exists()
    assert client.login(username="demo-privacy-officer", password=DEMO_PASSWORD)
    register = client.get("/privacy/register/").content.decode()
    assert breach.reference in register
    assert "Tell the Commissioner by" in register
    assert "hours left" in register
    assert client.get(f"/privacy/register/{breach.pk}/").status_code == 200
    count = PrivacyIncident.objects.count()
    ensure_demo_work()  # once only
    assert PrivacyIncident.objects.count() == count


def test_the_privacy_officer_finds_an_open_enumeration_alert(client, demo):
    from tiaki.privacy.models import AccessAlert

    open_alert = AccessAlert.objects.get(rule="enumeration-distinct", status="open")
    assert open_alert.count >= 100
    assert not open_alert.actor.username.startswith("demo-")
    assert AccessAlert.objects.filter(rule="sealed-attempt", outcome="conversation").exists()
    assert client.login(username="demo-privacy-officer", password=DEMO_PASSWORD)
    queue = client.get("/privacy/alerts/").content.decode()
    assert f"/privacy/alerts/{open_alert.pk}/" in queue
    ensure_demo_work()  # once only
    assert AccessAlert.objects.filter(rule="enumeration-distinct").count() == 1

"""Every refusal is audited, proven over every service and selector there is.

The access points are found, not listed: every @selector and @service in the
registry (tiaki.access.paths.registered()), which the guard in
test_guards.py keeps complete (a public function taking a keyword-only
``actor`` in a services or selectors module must be declared). Each is
called with the actors who must be refused:

- a trainee and a social worker before their privacy induction;
- an inducted administrator and an inducted analyst, whose roles lack the
  permission;
- for a function that addresses a record by id, bob, an inducted social
  worker with no relationship to it;

and must refuse (AccessDenied or Http404, or the refusal value it uses) and
leave exactly one audit event behind: refused, by that actor, under the
action the access point is declared with. Arguments come from ARGUMENTS,
keyed by parameter name: a new service with a parameter nobody has described
fails here until someone does, so it cannot escape the check.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

import tiaki
from tiaki.access import AccessDenied
from tiaki.access.enforcement import PERMISSION_ACTIONS
from tiaki.access.guards import actor_functions
from tiaki.access.models import BreakGlassGrant
from tiaki.access.paths import AccessPoint, registered
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework.models import Case, CaseNote, CaseParticipant, Task
from tiaki.casework.tests.test_plans import GOAL
from tiaki.casework.tests.test_uploads import PDF, email_bytes
from tiaki.disclosure.tests.conftest_guard import blocked_for_world
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.services import ConcernInput, ReportInput, ReportPersonInput
from tiaki.people.merging import services as merging
from tiaki.people.models import DuplicateCandidate, Person, PersonAlert
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(tiaki.__file__).parent


def access_points() -> dict[str, AccessPoint]:
    """Every declared access point of the application that an actor calls, by
    dotted name. Left out: the points test modules declare for themselves,
    and system jobs and operator commands (no ``actor``: nobody to refuse;
    their events are tested with them, e.g. reports_escalate, duplicates_scan)."""
    return {
        name: point
        for name, point in registered().items()
        if ".tests." not in name and "actor" in inspect.signature(point.function).parameters
    }


# Declared access points that are not tried for refusals, each with why.
# test_it_has_no_stale_exemptions fails when one of these is gone.
EXEMPT = {
    # Home-page panels: a role without case access gets an empty panel, not
    # a refusal, since nothing is read (auditing every administrator's home
    # page would bury the near misses the privacy office looks for).
    "tiaki.casework.selectors.cases.case_list_for": "home-page panel",
    "tiaki.casework.selectors.cases.casework_due": "home-page panel",
    "tiaki.casework.selectors.work.casework_work_for": "home-page panel",
    "tiaki.intake.selectors.own.reports_awaiting_response_for": "home-page panel",
    "tiaki.intake.selectors.own.queue_waiting_for": "home-page panel",
    "tiaki.intake.selectors.own.reports_recorded_by_for": "home-page panel",
    # The actor's own drafts, looked up by owner: nobody else's can be named.
    "tiaki.intake.selectors.report.report_drafts_for": "own drafts",
    "tiaki.drafts.selectors.drafts_for": "own drafts",
    "tiaki.drafts.services.draft_discard": "own drafts",
    # The actor's own choice of notices by email: nobody else's can be named.
    "tiaki.inbox.services.email_preferences_update": "own email choices",
    # Which panels the home page shows: it answers every role, refusing nobody.
    "tiaki.home.selectors.home_for": "home-page panels",
    "tiaki.care.selectors.caregivers.caregivers_needing_attention": "home-page panel",
    # Any staff member, inducted or not, reports a privacy concern and follows
    # their own reports (looked up by reporter: nobody else's can be named).
    "tiaki.privacy.services.incidents.incident_report": "any staff member reports a concern",
    "tiaki.privacy.selectors.incidents.concern_get": "own concerns",
    "tiaki.privacy.selectors.incidents.concerns_mine": "own concerns",
}

# The refused actors each access point is tried with (refused_actors below),
# less those it rightly lets in, each with why.
ADMINISTRATION = frozenset({"administrator"})  # holds user:manage, policy:manage and jobs:view, nothing more
ALLOWED: dict[str, frozenset[str]] = {
    "tiaki.access.services.induction_record": ADMINISTRATION,
    "tiaki.access.services.intake_duty_add": ADMINISTRATION,
    "tiaki.access.services.role_grant": ADMINISTRATION,
    "tiaki.api.selectors.api_tokens_of": ADMINISTRATION,
    "tiaki.api.services.api_token_revoke": ADMINISTRATION,
    "tiaki.api.services.api_token_revoke_all": ADMINISTRATION,
    "tiaki.care.services.caregivers.policy.caregiver_policy_update": ADMINISTRATION,
    "tiaki.disclosure.services.accounts.link_recipient_account": ADMINISTRATION,
    "tiaki.disclosure.selectors.sharing.recipient_account_for": ADMINISTRATION,
    "tiaki.casework.services.cases.visit_frequency_update": ADMINISTRATION,
    "tiaki.intake.services.policy.timeframe_update": ADMINISTRATION,
    "tiaki.intake.services.policy.triage_policy_update": ADMINISTRATION,
    "tiaki.intake.services.policy.workload_weight_update": ADMINISTRATION,
    "tiaki.staff.selectors.inductions_of": ADMINISTRATION,
    "tiaki.staff.selectors.user_get": ADMINISTRATION,
    "tiaki.staff.selectors.user_list": ADMINISTRATION,
    # Counts and rates, no person: what analysts are for.
    "tiaki.intake.selectors.dashboard.timeliness_dashboard": frozenset({"analyst"}),
    # Emergency access exists for exactly the record one has no relationship to.
    "tiaki.access.services.breakglass_open": frozenset({"bob"}),
    # The list of name variants (Hēmi/James) is about names, not people.
    "tiaki.people.services.variants.name_variant_add": frozenset({"trainee", "new-social-worker"}),
    # A draft is the actor's own typing, kept until they may submit it
    # (report_record checks induction); draft_id None starts a new one.
    "tiaki.intake.services.reports.report_draft_save": frozenset({"new-social-worker", "bob"}),
}

# Lists never refuse a permitted reader: an unrelated worker gets an empty
# list (audited as a read), so only the actors refused outright are tried.
# Their refusal value, where they answer rather than raise.
REFUSAL_VALUES: dict[str, object] = {
    "tiaki.intake.selectors.report.report_draft_get": None,
}

# The parameters that name a record: an unrelated worker must be refused it.
RECORD_IDS = frozenset(
    {
        "alert_id", "candidate_id", "case_id", "child_id", "decision_id", "disclosure_id", "document_id", "draft_id",
        "email_id",
        "fgc_id", "grant_id", "household_id", "member_id", "merge_id", "merged_id", "missing_id", "note_id", "order_id",
        "other_person_id", "person_a_id", "person_b_id", "person_id", "placement_id", "plan_id", "record_id",
        "relationship_id", "report_id", "survivor_id", "task_id", "letter_id", "incident_id", "action_id",
    }
)  # fmt: skip


@dataclass
class World:
    """One of every record, all within alice's reach and none within bob's."""

    site: Any
    alice: User
    supervisor: User
    child: Person
    sibling: Person
    case: Case
    report: ReportOfConcern
    note: CaseNote
    task: Task
    alert: PersonAlert
    relationship: Any
    candidate: DuplicateCandidate
    grant: BreakGlassGrant
    records: dict[str, int]
    today: dt.date
    now: dt.datetime


# Built from the world by parameter name. Values need only be good enough to
# reach the access check: each access point checks access before it looks at
# what it was given (a check after validation would fail this test).
# A name that means different things to different functions maps function
# names to builders ("*" for the rest).
Build = Callable[[World], object]
ARGUMENTS: dict[str, Build | dict[str, Build]] = {
    "address": lambda w: None,
    "alert_id": lambda w: w.alert.pk,
    "approve": lambda w: True,
    "attendees": lambda w: "Nan, Tūī",
    "base_version": lambda w: 1,
    "birth_date": lambda w: None,
    "candidate_id": lambda w: w.candidate.pk,
    "candidates": lambda w: [],
    "case_id": lambda w: w.case.pk,
    "record_id": lambda w: w.case.pk,
    "child_id": lambda w: w.child.pk,
    "child_ids": lambda w: [w.child.pk],
    "child_voice": lambda w: "I want to stay with Nan.",
    "code": lambda w: "urgent",
    "course": lambda w: "foundations",
    "completed_on": lambda w: w.today,
    "court": lambda w: "Whangārei Family Court",
    "data": {
        "*": lambda w: {"narrative": "Started"},
        "draft_save": lambda w: {"text": ["Started"]},
        "report_record": lambda w: ReportInput(
            site_id=w.site.pk,
            persons=[ReportPersonInput(w.child.pk, "child")],
            concerns=[ConcernInput("neglect", "No food")],
            narrative="The teacher rang.",
            notifier_name="Ms Kingi",
            notifier_relationship="teacher",
        ),
        "document_upload": lambda w: PDF,
        "email_import": lambda w: email_bytes(),
    },
    "deceased_on": lambda w: None,
    "decision_hours": lambda w: 24,
    "decision": lambda w: "approved",
    "decision_id": lambda w: w.records["decision_id"],
    "device": lambda w: None,
    "document_id": lambda w: w.records["document_id"],
    "done_on": lambda w: w.today,
    "draft_id": lambda w: 1,
    "due_on": lambda w: w.today,
    "email_id": lambda w: w.records["email_id"],
    "end": lambda w: w.today,
    "ended_on": lambda w: w.today,
    "ends_at": lambda w: w.now + dt.timedelta(hours=8),
    "enquiry_on": lambda w: w.today,
    "escalate_highlight_fraction": lambda w: 0.5,
    "escalate_notify_fraction": lambda w: 0.8,
    "expected_version": {"*": lambda w: 1, "about_me_save": lambda w: 0},
    "family_name": lambda w: "Te Whare",
    "fgc": lambda w: None,
    "fgc_id": lambda w: w.records["fgc_id"],
    "gender": lambda w: "female",
    "given_names": lambda w: "Tūī",
    "goals": lambda w: [GOAL],
    "grant_id": lambda w: w.grant.pk,
    "held_on": lambda w: None,
    "hours": lambda w: 24,
    "household_id": lambda w: w.records["household_id"],
    "in_care_since": lambda w: None,
    "interval_days": lambda w: 14,
    "items": lambda w: [{"topic": "likes", "text": "Kapa haka", "own_words": True, "shareable": True}],
    "justified": lambda w: True,
    "kind": {
        "*": lambda w: "other",
        "missing_record": lambda w: "missing",
        "draft_save": lambda w: "casework.note",
        "draft_get": lambda w: "casework.note",
        "case_open": lambda w: Case.Kind.ASSESSMENT,
        "case_change_phase": lambda w: Case.Kind.INVESTIGATION,
        "court_order_record": lambda w: "s101",
        "alert_add": lambda w: PersonAlert.Kind.RISK_TO_STAFF,
        "name_variant_add": lambda w: "nickname",
    },
    "links": lambda w: [(w.child.pk, "child")],
    "made_on": lambda w: w.today,
    "merge_id": lambda w: w.records["merge_id"],
    "merged_id": lambda w: w.sibling.pk,
    "member_id": lambda w: w.records["member_id"],
    "name": {"*": lambda w: "Tūī", "document_upload": lambda w: "report.pdf", "email_import": lambda w: "kura.eml"},
    "nfa_child_under_years": lambda w: 2,
    "nhi": lambda w: "",
    "note": lambda w: "A note",
    "note_id": lambda w: w.note.pk,
    "notes": lambda w: "Reviewed",
    "occurred_at": lambda w: w.now - dt.timedelta(hours=1),
    "order_id": lambda w: w.records["order_id"],
    "other_is": lambda w: True,
    "other_person_id": lambda w: w.sibling.pk,
    "outcome": {"*": lambda w: "assessment", "fgc_record": lambda w: "not_held"},
    "person_a_id": lambda w: w.child.pk,
    "person_b_id": lambda w: w.sibling.pk,
    "person_id": lambda w: w.child.pk,
    "person_ids": lambda w: [w.child.pk],
    "plan_id": lambda w: w.records["plan_id"],
    "query": lambda w: None,
    # The quarterly privacy report (tiaki.privacy.selectors.report, services.report): the quarter under way.
    "quarter": lambda w: f"{w.today.year}-Q{(w.today.month - 1) // 3 + 1}",
    "reason": {
        "*": lambda w: "Police called: the child may be at the address tonight.",
        "case_closure_request": lambda w: Case.ClosureReason.values[0],
    },
    "reasons": {"*": lambda w: "Needs a visit.", "care_enter": lambda w: ["neglect"]},
    "recommendation": lambda w: "approve",
    "relationship_id": lambda w: w.relationship.pk,
    "repeat_report_days": lambda w: 90,
    "report_id": lambda w: w.report.pk,
    "responded_at": lambda w: w.now,
    "review_on": lambda w: w.today + dt.timedelta(days=90),
    "role": lambda w: "child",
    "site": lambda w: w.site,
    "source": lambda w: "Police",
    "start": lambda w: w.today - dt.timedelta(days=30),
    "starts_at": lambda w: w.now,
    "summary": lambda w: "Safe with Nan.",
    "survivor_id": lambda w: w.child.pk,
    "task_id": lambda w: w.task.pk,
    "text": lambda w: "The teacher says she was at school.",
    "title": lambda w: "Call with kura",
    "token": lambda w: "000000",
    "token_key": lambda w: "0123abcd",
    "user": lambda w: w.alice,
    "user_id": lambda w: w.alice.pk,
    "value": lambda w: "0211234567",
    "values": lambda w: {"visit_interval_days": 28},
    "variant": lambda w: "Tūī-Rose",
    "visited_at": lambda w: w.now - dt.timedelta(hours=1),
    "version": lambda w: 1,
    "weight": lambda w: 1.0,
    "whanau_views": lambda w: "Nan can keep her.",
    "worker_id": lambda w: w.alice.pk,
    "working_days": lambda w: None,
    # Care (tiaki.care): entering and leaving care, placements, missing episodes.
    "entered_on": lambda w: w.today,
    "legal_basis": lambda w: "s139",
    "living_with": lambda w: "one_parent",
    "main_reason": lambda w: "neglect",
    "reasons_text": lambda w: "No food in the house.",
    "left_on": lambda w: w.today,
    "leaving_reason": lambda w: "returned_home",
    "left_to": lambda w: "Home to her mother",
    "started_on": lambda w: w.today,
    "moved_on": lambda w: w.today,
    "end_reason": lambda w: "planned_move",
    "move_reason": lambda w: "Closer to kura.",
    "placement_id": lambda w: w.records["placement_id"],
    "missing_id": lambda w: w.records["missing_id"],
    "started_at": lambda w: w.now - dt.timedelta(hours=2),
    "returned_at": lambda w: w.now - dt.timedelta(hours=1),
    # Disclosure (tiaki.disclosure.services.pipeline): what would leave, and to whom.
    "artefact": lambda w: _artefact(w),
    "recipient": lambda w: _recipient(w),
    "purpose": lambda w: "Tell the whānau about the plan",
    "channel": lambda w: "download",
    # A blocked attempt for the guard's overrides, a released letter for the rest.
    "disclosure_id": {
        "*": lambda w: _disclosure(w),
        "approve_override": lambda w: w.records["blocked_id"],
        "blocked_get": lambda w: w.records["blocked_id"],
    },
    # The partner register (tiaki.disclosure.services.partners): no personal data, no need-to-know.
    "details": lambda w: _partner_details(),
    "organisation_id": lambda w: _partner(w).pk,
    "covers_up_to": lambda w: w.today - dt.timedelta(days=1),
    "confirmed_on": lambda w: w.today,
    "confirmed_by_name": lambda w: "Mere Hohaia",
    # Disclosure (tiaki.disclosure.services.letters, services.templates, selectors.letters): letters.
    "recipient_key": lambda w: f"person:{w.sibling.pk}",
    "letter_id": lambda w: w.records["letter_id"],
    "template_id": lambda w: w.records["template_id"],
    "subject": lambda w: "Meeting about Tūī",
    "body": lambda w: "Kia ora, I would like to meet.",
    "audience": lambda w: "whanau",
    # Sharing (tiaki.disclosure.services.sharing): refused before any of these is looked at.
    "item_keys": lambda w: ["about_me:1"],
    "consent": lambda w: "young_person",
    "expires_at": lambda w: w.now + dt.timedelta(days=30),
    "share_id": lambda w: 1,
    # Subject access requests (tiaki.disclosure.services.subject_access.requests): privacy officers only.
    "requester_kind": lambda w: "care_experienced",
    "asked_for": lambda w: "Everything you hold about me.",
    "received_on": lambda w: w.today,
    "method": lambda w: "known_worker",
    "reviewer_id": lambda w: w.alice.pk,
    "extended_to": lambda w: w.today + dt.timedelta(days=60),
    "agency": lambda w: "Te Whatu Ora",
    "date_of_birth": lambda w: None,
    # Corrections (tiaki.disclosure.services.corrections): privacy officers only.
    "correction_id": lambda w: 1,
    "what_is_wrong": lambda w: "It says I missed school.",
    "statement": lambda w: "I was at school that day.",
    # Subject access review (tiaki.disclosure.selectors/services.subject_access): a verified request about the child.
    "request_id": lambda w: _access_request(w),
    "item_key": lambda w: f"note:{w.note.pk}",
    "passage": lambda w: "",
    "ground": lambda w: "other_person",
    "redaction_id": lambda w: _redaction(w),
    "stage_id": lambda w: _stage(w),
    # The subject-access pack page (tiaki.disclosure.selectors.subject_access.pack): a stage by its number.
    "number": lambda w: _stage_number(w),
    # The breach and near-miss register (tiaki.privacy.services/selectors.incidents): privacy officers only.
    "incident_id": lambda w: _incident(w),
    "action_id": lambda w: _incident_action(w),
    "harm_factors": lambda w: {},
    "serious_harm_likely": lambda w: True,
    "reasoning": lambda w: "Serious harm is likely.",
    "category": lambda w: "other",
    "containment": lambda w: "Recalled the email.",
    "root_cause": lambda w: "The wrong address was picked.",
    "cause": lambda w: "human-error",
    "owner_id": lambda w: w.alice.pk,
    "event_seq": lambda w: 1,
    "notified_at": lambda w: w.now,
    "occurred_on": lambda w: w.today,
    "description": lambda w: "Emailed to the wrong caregiver.",
    "how_found": lambda w: "self",
    # Access monitoring (tiaki.privacy.services.monitoring): privacy officers only.
    "enabled": lambda w: True,
    "threshold": lambda w: 1,
    "window_minutes": lambda w: 15,
    "watched_id": lambda w: 1,
}


def _incident(w: World) -> int:
    """An incident alice reported, made the first time it is asked for."""
    if "incident_id" not in w.records:
        from tiaki.privacy.models import PrivacyIncident

        w.records["incident_id"] = PrivacyIncident.objects.create(
            reference="PI-WRLD-0001", kind="breach", occurred_on=w.today, became_aware_at=w.now,
            description="Emailed to the wrong caregiver.", reported_by=w.alice, reported_at=w.now,
            site=w.site, created_at=w.now, updated_at=w.now,
        ).pk  # fmt: skip
    return w.records["incident_id"]


def _incident_action(w: World) -> int:
    if "incident_action_id" not in w.records:
        from tiaki.privacy.models import IncidentAction

        w.records["incident_action_id"] = IncidentAction.objects.create(
            incident_id=_incident(w), description="Call them", owner=w.alice, due_on=w.today, created_by=w.alice,
            created_at=w.now,
        ).pk  # fmt: skip
    return w.records["incident_action_id"]


def _access_request(w: World) -> int:
    """A request about the child, identity verified, made the first time it is asked for."""
    if "access_request_id" not in w.records:
        from tiaki.disclosure.models import SubjectAccessRequest

        reviewer = inducted(UserFactory(username="sar-reviewer", role=Role.PRIVACY_OFFICER, site=w.site))
        request = SubjectAccessRequest.objects.create(
            reference="SAR-WRLD-0001", person=w.child, requester_kind="child", asked_for="Everything",
            received_on=w.today, due_on=w.today + dt.timedelta(days=28), identity_method="in_person",
            identity_verified_by=reviewer, identity_verified_at=w.now, reviewer=reviewer, status="in_review",
            created_by=reviewer, created_at=w.now,
        )  # fmt: skip
        w.records["access_request_id"] = request.pk
        w.records["access_reviewer_id"] = reviewer.pk
    return w.records["access_request_id"]


def _redaction(w: World) -> int:
    if "redaction_id" not in w.records:
        from tiaki.disclosure.models import Redaction

        w.records["redaction_id"] = Redaction.objects.create(
            request_id=_access_request(w),
            item_key=f"note:{w.note.pk}",
            ground="other_person",
            reason="Not yours",
            made_at=w.now,
        ).pk
    return w.records["redaction_id"]


def _stage(w: World) -> int:
    if "stage_id" not in w.records:
        from tiaki.disclosure.models import ReleaseStage

        w.records["stage_id"] = ReleaseStage.objects.create(
            request_id=_access_request(w),
            number=1,
            title="Stage 1",
            item_keys=[f"note:{w.note.pk}"],
            prepared_by_id=w.records["access_reviewer_id"],
            prepared_at=w.now,
        ).pk
    return w.records["stage_id"]


def _stage_number(w: World) -> int:
    """Stage 1 of the world's request (made by _stage), by its number as the pack page takes it."""
    _stage(w)
    return 1


def _artefact(w: World) -> object:
    from tiaki.disclosure.artefacts import Artefact, Item

    return Artefact(kind="letter", title="Letter", case_id=w.case.pk, subject_ids=[w.child.pk],
                    items=[Item(key="body", label="Letter", text="Kia ora")])  # fmt: skip


def _disclosure(w: World) -> int:
    """A letter alice released (downloadable once), made the first time it is asked for."""
    if "disclosure_id" not in w.records:
        from tiaki.disclosure.services.pipeline import release

        out = release(actor=w.alice, artefact=_artefact(w), recipient=_recipient(w), purpose="Plan",
                      channel="download")  # fmt: skip
        w.records["disclosure_id"] = out.disclosure.pk
    return w.records["disclosure_id"]


def _recipient(w: World) -> object:
    from tiaki.disclosure.artefacts import Recipient

    return Recipient(kind="person", label="Tūī Te Whare", person_id=w.child.pk, address_lines="1 Kauri Place")


def _partner_details() -> Any:
    from tiaki.disclosure.tests.partners_fixtures import details

    return details()


def _partner(w: World) -> Any:
    """The one organisation on the register (made when first asked for)."""
    from tiaki.disclosure.models import PartnerOrganisation
    from tiaki.disclosure.tests.partners_fixtures import organisation_row

    return PartnerOrganisation.objects.first() or organisation_row()


# Optional parameters without which an access point has nothing to decide on.
FILLED_WHEN_OPTIONAL = frozenset({"child_ids", "reason"})


def arguments_for(qualname: str, function: Callable[..., Any], world: World) -> dict[str, object]:
    """The required arguments, from ARGUMENTS; an unknown name fails loudly."""
    kwargs: dict[str, object] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "actor":
            continue
        if parameter.default is not inspect.Parameter.empty and parameter.name not in FILLED_WHEN_OPTIONAL:
            continue
        if parameter.name not in ARGUMENTS:
            pytest.fail(
                f"{qualname} takes `{parameter.name}`, which ARGUMENTS in {__file__} does not know: add how to "
                "build it, so this access point's refusals are checked too."
            )
        build = ARGUMENTS[parameter.name]
        if isinstance(build, dict):
            build = build.get(function.__name__, build["*"])
        kwargs[parameter.name] = build(world)
    return kwargs


def addresses_a_record(function: Callable[..., Any]) -> bool:
    return any(
        p.name in RECORD_IDS and p.default is inspect.Parameter.empty
        for p in inspect.signature(function).parameters.values()
    )


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def check_refusal(qualname: str, point: AccessPoint, actor: User, kwargs: dict[str, object]) -> str:
    """Call ``point`` as ``actor``; an empty string if it refused and
    audited exactly that refusal, under the point's own action (whoever is
    refused and why, so the privacy office sees one attempt as one thing),
    else what went wrong (for the failure)."""
    before = head()
    try:
        result = point.function(actor=actor, **kwargs)
    except (AccessDenied, Http404):
        pass
    except Exception as exc:  # noqa: BLE001 - any other outcome is the finding
        return f"{qualname} as {actor.username}: raised {type(exc).__name__} ({exc}) instead of refusing"
    else:
        if qualname not in REFUSAL_VALUES or result != REFUSAL_VALUES[qualname]:
            return f"{qualname} as {actor.username}: answered instead of refusing"
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    shape = [(e.actor_id, e.outcome, e.action) for e in events]
    expected = point.action
    if shape != [(actor.pk, "refused", expected.value)]:
        return (
            f"{qualname} as {actor.username}: refused, but audited {shape} instead of one refused "
            f"{expected.value} event by this actor"
        )
    return ""


@pytest.fixture
def world(site, alice, supervisor, child, case, bob, media_root) -> World:
    """bob is created first (conftest) so the allocated world is alice's."""
    return build_world(site, alice, supervisor, child, case)


def build_world(site, alice, supervisor, child, case) -> World:
    """One of every record within alice's reach (test_three_actors.py builds
    the same for the allowed side)."""
    now = timezone.now()
    sibling = PersonNameFactory(given_names="Rawiri", family_name="Te Whare").person
    CaseParticipant.objects.create(case=case, person=sibling, role=CaseParticipant.Role.CHILD)
    from tiaki.casework.tests.conftest import allocated_report

    report = allocated_report(supervisor, alice, [child])
    from tiaki.casework import services as casework
    from tiaki.people.services import register

    note = casework.note_add(
        actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=now - dt.timedelta(hours=1),
        title="Call with kura", text="At school every day.",
    )  # fmt: skip
    task = casework.task_add(actor=alice, case_id=case.pk, title="Visit", due_on=timezone.localdate())
    alert = register.alert_add(
        actor=alice, person_id=child.pk, kind=PersonAlert.Kind.RISK_TO_STAFF, note="Dog", source="Police",
        review_on=timezone.localdate() + dt.timedelta(days=90),
    )  # fmt: skip
    relationship = RelationshipFactory(from_person=child, to_person=sibling, kind="sibling")
    a, b = sorted((child, sibling), key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.81)
    from tiaki.access import services as access_services

    grant = access_services.breakglass_open(
        actor=supervisor, person_id=child.pk, reason="Police called tonight: at risk."
    )
    fgc = casework.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau want to make a plan")
    plan = casework.plan_save(
        actor=alice, case_id=case.pk, child_id=child.pk, base_version=0, goals=[GOAL], child_voice="Kia ora",
        whanau_views="", review_on=timezone.localdate() + dt.timedelta(days=90),
    )  # fmt: skip
    order = casework.court_order_record(
        actor=alice, case_id=case.pk, child_id=child.pk, kind="s101", court="Whangārei Family Court",
        made_on=timezone.localdate(),
    )  # fmt: skip
    document = casework.document_upload(actor=alice, case_id=case.pk, name="report.pdf", data=PDF, title="Report")
    email = casework.email_import(actor=alice, case_id=case.pk, name="kura.eml", data=email_bytes())
    dupe = PersonNameFactory(given_names="Tui", family_name="Te Whare").person
    CaseParticipant.objects.create(case=case, person=dupe, role=CaseParticipant.Role.CHILD)
    merge = merging.person_merge(actor=alice, survivor_id=sibling.pk, merged_id=dupe.pk, reason="The same child.")
    from tiaki.care.services.missing import missing_record
    from tiaki.care.services.placements import placement_start
    from tiaki.care.tests.conftest_episodes import enter
    from tiaki.care.tests.conftest_episodes import household as approved_household

    enter(alice, case, child)
    placed = placement_start(actor=alice, child_id=child.pk, started_on=timezone.localdate() - dt.timedelta(days=5),
                             kind="kin", household_id=approved_household(alice, status="enquiry").pk,
                             unapproved_reason="Nan took her in.")  # fmt: skip
    missing = missing_record(actor=alice, child_id=child.pk, kind="missing", started_at=now - dt.timedelta(hours=3))
    # A caregiver household at another site with alice its social worker: out
    # of the reach of bob, who is not in her line or on that site's caregiver team.
    from tiaki.care.models import CaregiverHousehold, HouseholdMember
    from tiaki.staff.models import Site

    elsewhere = Site.objects.create(name="Tāmaki Makaurau", region="Tāmaki Makaurau")
    household = CaregiverHousehold.objects.create(
        name="Kingi whānau", kind="kin", site=elsewhere, social_worker=alice, enquiry_on=timezone.localdate(),
        created_by=alice, created_at=now,
    )  # fmt: skip
    caregiver = PersonNameFactory(given_names="Mere", family_name="Kingi").person
    member = HouseholdMember.objects.create(household=household, person=caregiver, role="caregiver",
                                            joined_on=timezone.localdate())  # fmt: skip
    from tiaki.disclosure.models import Letter, LetterTemplate

    template = LetterTemplate.objects.create(name="Refusals", audience="whanau", subject="Hui", body="Kia ora",
                                             updated_at=now)  # fmt: skip
    letter = Letter.objects.create(case=case, template=template, recipient_person=sibling, subject="Hui",
                                   body="Kia ora", written_by=alice, written_at=now)  # fmt: skip
    records = {
        "letter_id": letter.pk, "template_id": template.pk,
        "placement_id": placed.pk, "missing_id": missing.pk,
        "household_id": household.pk, "member_id": member.pk,
        "fgc_id": fgc.pk, "plan_id": plan.plan_id, "order_id": order.pk, "document_id": document.pk,
        "email_id": email.email.pk, "merge_id": merge.pk, "decision_id": report.decisions.get().pk,
        "blocked_id": blocked_for_world(alice, case, child).pk,
    }  # fmt: skip
    return World(site, alice, supervisor, child, sibling, case, report, note, task, alert, relationship, candidate,
                 grant, records, timezone.localdate(), now)  # fmt: skip


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def refused_actors(site) -> dict[str, User]:
    return {
        "trainee": UserFactory(username="new-trainee", role=Role.TRAINEE, site=site),
        "new-social-worker": UserFactory(username="new-social-worker", role=Role.SOCIAL_WORKER, site=site),
        "administrator": inducted(UserFactory(username="administrator", role=Role.ADMINISTRATOR, site=site)),
        "analyst": inducted(UserFactory(username="analyst", role=Role.ANALYST, site=site)),
    }


def problems(world: World, bob: User, points: dict[str, AccessPoint], tried: dict[str, int] | None = None) -> list[str]:
    """Every failure to refuse-and-audit among ``points`` (the check the
    planted bypasses below must trip); ``tried`` gets how many refused actors
    each point was called with."""
    actors = refused_actors(world.site)
    found = []
    for qualname, point in sorted(points.items()):
        if qualname in EXEMPT:
            continue
        kwargs = arguments_for(qualname, point.function, world)
        refused = dict(actors)
        if addresses_a_record(point.function):
            refused["bob"] = bob
        for key in ALLOWED.get(qualname, frozenset()):
            refused.pop(key, None)
        for actor in refused.values():
            problem = check_refusal(qualname, point, actor, kwargs)
            if problem:
                found.append(problem)
        if tried is not None:
            tried[qualname] = len(refused)
    return found


def test_it_loops_over_the_registry():
    points = access_points()
    assert "tiaki.people.selectors.record.person_get" in points
    assert all(point.function is registered()[name].function for name, point in points.items())


def test_it_refuses_and_audits_every_refused_actor_at_every_access_point(world, bob):
    tried: dict[str, int] = {}
    points = access_points()
    found = problems(world, bob, points, tried)
    assert not found, "\n".join(found)
    # Every point not exempt was tried, each with at least two refused actors
    # (ALLOWED lets in at most two): an emptied loop cannot pass unnoticed.
    assert set(tried) == set(points) - set(EXEMPT)
    assert all(count >= 2 for count in tried.values()), tried


def test_it_has_no_stale_exemptions():
    """A name in the tables must still be an access point: declared, or (until
    its slice declares it) a function taking an actor that the registration
    guard in test_guards.py names."""
    known = set(access_points()) | set(actor_functions())
    stale = [name for name in [*EXEMPT, *REFUSAL_VALUES, *ALLOWED] if name not in known]
    assert not stale, f"no longer an access point, remove from the tables: {stale}"


def test_it_tries_a_declared_service_under_its_declared_action(world, bob):
    """The loop on the read and write paths' own test points: a service
    that checks only its role (case:update) refuses and audits the roles
    without it under its declared action, and the loop names the one actor
    the role lets in before induction, since nothing else refuses them."""
    from tiaki.access.tests import test_paths

    points = {name: point for name, point in registered().items() if name.startswith(test_paths.__name__)}
    write = {name: point for name, point in points.items() if point.kind == "service"}
    assert len(write) == 1
    found = problems(world, bob, write)
    assert found == [f"{next(iter(write))} as new-social-worker: answered instead of refusing"]


def test_every_permission_has_an_action_to_audit_its_refusal_under():
    assert set(PERMISSION_ACTIONS) == set(Permission)


def test_it_reports_an_access_point_that_refuses_without_auditing(world, bob, monkeypatch):
    """The guard, guarded: plant a bypass (a selector that refuses without
    recording) and the check must name it."""
    name = "tiaki.people.selectors.record.person_get"

    def bypass(*, actor: User, person_id: int) -> None:
        raise Http404

    found = problems(world, bob, {name: replace(registered()[name], function=bypass)})
    assert found
    assert all("person_get" in problem and "audited []" in problem for problem in found)


def test_it_reports_an_access_point_whose_refusal_is_rolled_back(world, bob, monkeypatch):
    """The trap already fallen into once: a refusal raised inside the
    service's transaction takes its audit event down with it."""
    from django.db import transaction

    from tiaki.access import services as access_services

    real = access_services.sealed_revoke

    def inside(*, actor: User, grant_id: int) -> None:
        with transaction.atomic():
            real(actor=actor, grant_id=grant_id)

    name = "tiaki.access.services.sealed_revoke"
    point = AccessPoint(name, "service", AuditAction.SEALED_REVOKE, Permission.SEALED_MANAGE, inside)
    found = problems(world, bob, {name: point})
    assert found
    assert all("sealed_revoke" in problem and "audited []" in problem for problem in found)


# Where AccessDenied may be raised directly: require() and refuse() audit
# first, and breakglass_open audits each of its refusals (_breakglass_refused).
RAISERS = frozenset({"access/__init__.py", "access/enforcement.py", "access/services.py"})
RAISE = re.compile(r"raise\s+(AccessDenied|PermissionDenied)\b")


def unaudited_raises(root: Path) -> list[str]:
    """Places outside RAISERS that raise a refusal themselves instead of
    through refuse() or require(), which audit it (views and forms included:
    nothing else catches them)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in f"/{relative}" or relative in RAISERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if RAISE.search(line):
                found.append(f"{relative}:{number}")
    return found


def test_nothing_raises_a_refusal_without_auditing_it():
    assert unaudited_raises(ROOT) == [], "refuse with tiaki.access.enforcement.refuse(), which audits"


def test_the_raise_guard_finds_a_planted_refusal(tmp_path):
    """Guard the guard: a copy of a view that raises AccessDenied itself."""
    planted = tmp_path / "web" / "views"
    planted.mkdir(parents=True)
    (planted / "bypass.py").write_text('def view(request):\n    raise AccessDenied("no_relationship")\n')
    (tmp_path / "access").mkdir()
    (tmp_path / "access" / "enforcement.py").write_text('raise AccessDenied("ok here")\n')
    assert unaudited_raises(tmp_path) == ["web/views/bypass.py:2"]

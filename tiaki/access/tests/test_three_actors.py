"""Selectors that read personal data, with the three actors: the allocated
worker (alice), an unrelated colleague (bob), an outsider (charlie). Each
call is audited: allowed for alice, refused for the others. The refusals of
every service and selector, found rather than listed, are proven by
test_every_refusal_audited.py; this file keeps the allowed side, over every
declared selector (tiaki.access.paths.registered()): the actor it is for is
let in and leaves exactly one allowed event (EVENTS lists the exceptions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from tiaki.access import AccessDenied
from tiaki.access.paths import AccessPoint, registered
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
from tiaki.access.scoping import Decision
from tiaki.access.tests.conftest import inducted
from tiaki.access.tests.test_every_refusal_audited import (
    ARGUMENTS,
    FILLED_WHEN_OPTIONAL,
    World,
    access_points,
    build_world,
)
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.people import selectors as people
from tiaki.people.matching.records import MatchQuery
from tiaki.privacy.selectors import trail as privacy
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def events_since(seq: int, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk).order_by("seq"))


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


SELECTORS = {
    "person_get": lambda actor, child: people.person_get(actor=actor, person_id=child.pk).id,
    "person_access_log": lambda actor, child: len(privacy.person_access_log(actor=actor, person_id=child.pk)),
    "person_list_allocated": lambda actor, child: [p.id for p in people.person_list_allocated(actor=actor)],
}


@pytest.mark.parametrize("name", SELECTORS)
def test_the_allocated_worker_is_allowed_and_audited(name, alice, child, case):
    before = head()
    SELECTORS[name](alice, child)
    events = events_since(before, alice)
    assert len(events) == 1
    assert events[0].outcome == "allowed"
    assert str(child.pk) in events[0].subject_ids


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
@pytest.mark.parametrize("name", SELECTORS)
def test_a_colleague_and_an_outsider_get_nothing_and_are_audited(name, actor_name, request, child, case):
    actor = request.getfixturevalue(actor_name)
    before = head()
    if name == "person_list_allocated":
        # A list is never refused: it is just empty, and still audited once.
        assert SELECTORS[name](actor, child) == []
        assert [e.subject_ids for e in events_since(before, actor)] == ["[]"]
        return
    with pytest.raises((Http404, AccessDenied)):
        SELECTORS[name](actor, child)
    events = events_since(before, actor)
    assert [(e.outcome, e.reason) for e in events] == [("refused", "no_relationship")]


def test_audit_search_is_for_privacy_officers_only(alice, bob, charlie, privacy_officer, child, case):
    page = privacy.audit_search(actor=privacy_officer, query=privacy.AuditQuery(person_id=child.pk))
    assert page.rows is not None
    for actor in (alice, bob, charlie):
        with pytest.raises(AccessDenied):
            privacy.audit_search(actor=actor, query=privacy.AuditQuery())


def test_the_permissions_are_kept_alphabetical():
    names = [p.name for p in Permission]
    assert names == sorted(names)


# The allowed side of every declared selector.

Build = Callable[[World], object]


@pytest.fixture
def world(site, alice, supervisor, child, case, bob, settings, tmp_path) -> World:
    """Alice's world, one of every record (bob first, so it is not his)."""
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world(site, alice, supervisor, child, case)


def _role(role: Role) -> Callable[[World], User]:
    def build(w: World) -> User:
        username = f"allowed-{role.value}"  # one per role, however many selectors it is for
        found = User.objects.filter(username=username).first()
        return found or inducted(UserFactory(username=username, role=role, site=w.site))

    return build


# Who a selector is for, where that is not alice (the allocated worker).
ACTING: dict[str, Callable[[World], User]] = {
    "tiaki.api.selectors.api_tokens_of": _role(Role.ADMINISTRATOR),
    "tiaki.disclosure.selectors.records.disclosure_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.records.disclosure_list": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.overrides.blocked_get": lambda w: w.supervisor,
    "tiaki.disclosure.selectors.overrides.blocked_queue": lambda w: w.supervisor,
    "tiaki.disclosure.selectors.overrides.near_misses": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.sharing.recipient_account_for": _role(Role.ADMINISTRATOR),
    "tiaki.disclosure.selectors.subject_access.gather.gather": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.pack.pack_preview": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.review.review_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.review.stage_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.review.stages_for": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.sharing.shares_for_me": _role(Role.CAREGIVER),
    "tiaki.disclosure.selectors.subject_access.requests.access_request_list": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.requests.access_request_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.subject_access.requests.access_request_person_find": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.corrections.correction_choices": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.corrections.correction_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.disclosure.selectors.corrections.correction_list_for": _role(Role.PRIVACY_OFFICER),
    "tiaki.intake.selectors.dashboard.timeliness_dashboard": _role(Role.ANALYST),
    "tiaki.intake.selectors.queue.report_for_allocation": lambda w: w.supervisor,
    "tiaki.intake.selectors.queue.report_queue": lambda w: w.supervisor,
    "tiaki.people.selectors.trail.person_find_for_trail": _role(Role.PRIVACY_OFFICER),
    "tiaki.people.selectors.trail.person_names_for_trail": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.trail.audit_search": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.incidents.incident_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.incidents.incident_register": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.monitoring.alert_get": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.monitoring.alert_queue": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.monitoring.watched_records": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.trail.breakglass_queue": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.providers.provider_overview": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.refreshers.refresher_overview": _role(Role.PRIVACY_OFFICER),
    "tiaki.privacy.selectors.report.quarterly_report": _role(Role.PRIVACY_OFFICER),
    "tiaki.staff.selectors.inductions_of": _role(Role.ADMINISTRATOR),
    "tiaki.staff.selectors.user_get": _role(Role.ADMINISTRATOR),
    "tiaki.staff.selectors.user_list": _role(Role.ADMINISTRATOR),
}

# Arguments, by parameter name, where the refusal test's (good enough to
# reach the access check: test_every_refusal_audited.ARGUMENTS, used for the
# rest) would not be read for real.
ALLOWED_ARGUMENTS: dict[str, Build | dict[str, Build]] = {
    "draft_id": lambda w: _draft(w).pk,
    "query": {
        "*": lambda w: privacy.AuditQuery(person_id=w.child.pk),
        "person_search": lambda w: MatchQuery(given_names="Tūī", family_name="Te Whare"),
    },
    "start": lambda w: w.today - dt.timedelta(days=30),
    "correction_id": lambda w: _correction(w).pk,
    # An access alert about alice (tiaki.privacy.selectors.monitoring), not one of her person alerts.
    "alert_id": {"*": lambda w: w.alert.pk, "alert_get": lambda w: _access_alert(w).pk},
}


def _access_alert(w: World) -> Any:
    from tiaki.privacy.models import AccessAlert

    found = AccessAlert.objects.filter(actor=w.alice).first()
    return found or AccessAlert.objects.create(
        rule="sealed-attempt", actor=w.alice, window_start=w.now, window_end=w.now, count=1, threshold=1,
        first_seq=1, last_seq=1, dedupe_key="world:1", raised_at=w.now,
    )  # fmt: skip


def _correction(w: World) -> Any:
    """A request to correct the note about the child."""
    from tiaki.disclosure.models import CorrectionRequest
    from tiaki.disclosure.services.corrections import correction_request_create

    found = CorrectionRequest.objects.filter(person=w.child).first()
    return found or correction_request_create(
        actor=_role(Role.PRIVACY_OFFICER)(w), person_id=w.child.pk, item_key=f"note:{w.note.pk}",
        what_is_wrong="It says I missed school.", received_on=w.today, access_request_id=ARGUMENTS["request_id"](w),
    )  # fmt: skip


def _draft(w: World) -> Any:
    from tiaki.intake.services import reports

    return reports.report_draft_save(actor=w.alice, draft_id=None, data={"narrative": "Started"})


# How many allowed events a selector leaves, where it is not one, each with
# why (as the existing behaviour pins it).
EVENTS: dict[str, tuple[int, str]] = {
    "tiaki.people.selectors.duplicates.person_compare": (2, "two records, each read under its own decision"),
    "tiaki.intake.selectors.report.report_draft_get": (0, "the actor's own typing: audited when submitted"),
    "tiaki.api.selectors.api_tokens_of": (0, "a staff account's tokens, no person: audited only when refused"),
    "tiaki.staff.selectors.inductions_of": (0, "a staff account, no person: audited only when refused"),
    "tiaki.staff.selectors.user_get": (0, "a staff account, no person: audited only when refused"),
    "tiaki.staff.selectors.user_list": (0, "staff accounts, no person: audited only when refused"),
    "tiaki.privacy.selectors.trail.audit_search": (2, "the search, and the names of the people it shows"),
    "tiaki.disclosure.selectors.sharing.shares_for_child": (
        2,
        "the child's shareable About me, read through care's own selector, and the list",
    ),
    "tiaki.privacy.selectors.trail.breakglass_queue": (0, "the queue is not audited when listed; each review is"),
    "tiaki.home.selectors.home_for": (0, "which home-page panels apply: no person read"),
    "tiaki.privacy.selectors.monitoring.watched_records": (
        0,
        "the watched ids are policy data; the names' read is its own event (none with nothing watched)",
    ),
    "tiaki.intake.selectors.report.report_drafts_for": (0, "the actor's own drafts: audited when submitted"),
    "tiaki.drafts.selectors.draft_get": (0, "the actor's own typing: audited when the record is saved"),
    "tiaki.drafts.selectors.drafts_for": (0, "the actor's own drafts: audited when the record is saved"),
    "tiaki.casework.selectors.cases.case_list_for": (0, "a home-page panel of the actor's own cases: not audited"),
    "tiaki.casework.selectors.cases.casework_due": (0, "a home-page panel of the actor's own due work: not audited"),
    "tiaki.casework.selectors.work.casework_work_for": (0, "a home-page panel of the actor's own work"),
    "tiaki.intake.selectors.own.reports_awaiting_response_for": (0, "a home-page panel of the actor's own reports"),
    "tiaki.intake.selectors.own.queue_waiting_for": (0, "a home-page panel's counts of the actor's queue"),
    "tiaki.intake.selectors.own.reports_recorded_by_for": (0, "a home-page panel of the reports the actor recorded"),
    "tiaki.care.selectors.caregivers.caregivers_needing_attention": (
        0,
        "a home-page panel of the actor's own caregivers",
    ),
}

# Declared selectors the allowed side does not try, each with why: only
# where this cast cannot reach. None so far: a selector the world cannot
# serve gets a builder in ALLOWED_ARGUMENTS or ACTING instead.
NOT_TRIED: dict[str, str] = {}


def allowed_arguments(name: str, point: AccessPoint, world: World, extra: dict[str, Build]) -> dict[str, object]:
    import inspect

    kwargs: dict[str, object] = {}
    for parameter in inspect.signature(point.function).parameters.values():
        if parameter.name == "actor":
            continue
        if parameter.default is not inspect.Parameter.empty and parameter.name not in FILLED_WHEN_OPTIONAL:
            continue
        build = extra.get(parameter.name) or ALLOWED_ARGUMENTS.get(parameter.name) or ARGUMENTS.get(parameter.name)
        if build is None:
            pytest.fail(f"{name} takes `{parameter.name}`: add how to build it to ALLOWED_ARGUMENTS in {__file__}")
        if isinstance(build, dict):
            build = build.get(point.function.__name__, build["*"])
        kwargs[parameter.name] = build(world)
    return kwargs


def allowed_problems(
    world: World, points: dict[str, AccessPoint], extra: dict[str, Build] | None = None
) -> tuple[list[str], list[str]]:
    """(what went wrong, the selectors tried): each selector in ``points`` is
    called as the actor it is for, who must be let in with exactly one
    allowed event by them (or as EVENTS says)."""
    found, tried = [], []
    for name, point in sorted(points.items()):
        if point.kind != "selector" or name in NOT_TRIED:
            continue
        actor = ACTING.get(name, lambda w: w.alice)(world)
        kwargs = allowed_arguments(name, point, world, extra or {})
        before = head()
        tried.append(name)
        try:
            point.function(actor=actor, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any refusal or error is the finding
            found.append(f"{name} as {actor.username}: raised {type(exc).__name__} ({exc})")
            continue
        shape = [(e.outcome, e.action) for e in events_since(before, actor)]
        expected = EVENTS.get(name, (1, ""))[0]
        if len(shape) != expected or any(outcome != "allowed" for outcome, _ in shape):
            found.append(f"{name} as {actor.username}: audited {shape}, not {expected} allowed event(s)")
    return found, tried


def test_every_declared_selector_lets_in_the_actor_it_is_for_and_audits_it_once(world):
    selectors = {name: p for name, p in access_points().items() if p.kind == "selector"}
    found, tried = allowed_problems(world, selectors)
    assert not found, "\n".join(found)
    assert set(tried) == set(selectors) - set(NOT_TRIED)
    assert "tiaki.people.selectors.record.person_get" in tried


def test_the_allowed_loop_names_a_selector_that_reads_without_auditing(world):
    """Guard the loop: the paths' own test selector passes, and the same
    selector with its audit taken away is named."""
    from dataclasses import replace

    from tiaki.access.tests import test_paths

    name = f"{test_paths.__name__}._read"
    point = registered()[name]
    decision: dict[str, Build] = {"decision": lambda w: Decision(True, "allocated-case:1")}
    assert allowed_problems(world, {name: point}, decision) == ([], [name])

    silent = replace(point, function=lambda *, actor, decision: "read")
    found, _ = allowed_problems(world, {name: silent}, decision)
    assert found == [f"{name} as {world.alice.username}: audited [], not 1 allowed event(s)"]


def test_the_skips_and_tables_name_declared_selectors_or_actor_functions():
    from tiaki.access.guards import actor_functions

    known = set(access_points()) | set(actor_functions())
    stale = [name for name in [*ACTING, *NOT_TRIED, *EVENTS] if name not in known]
    assert not stale, stale

"""The audit trail in plain words: each event as a sentence a privacy
officer or a worker can read ("Tūī Herewini opened the chronology of Māui
Te Whare: allocated to case C-000507").

The trail stores codes (tiaki/audit: action, reason, relationship); this is
the one place that turns them into words, and it sits in privacy because
privacy is above every domain (docs/architecture.md), so it may know how
each domain spells its relationships without any domain knowing about it.
It reads nothing itself: the selectors (tiaki.privacy.selectors.trail) hand it the
names the reader may see (``Names``), and anything not there is said without
a name ("a sealed record", "person 42", "a staff member").

Every AuditAction has words (ACTIONS) and every refusal code has a reason
(REASONS); tiaki/privacy/tests/test_words.py fails on a new one without.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tiaki.access import scoping
from tiaki.access import services as access_services
from tiaki.access.roles import Role
from tiaki.access.sealed import CONFLICT_OF_INTEREST
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import reasons as disclosure_reasons
from tiaki.people.merging import services as merging
from tiaki.privacy import reasons as privacy_reasons

SYSTEM = "Tiaki (scheduled job)"
SEALED_PERSON = "a sealed record"
#: The person a page is about ("who has seen this record").
THIS_RECORD = "this record"


@dataclass(frozen=True)
class Words:
    """``done``: what the actor did, past tense; ``attempt``: the same to
    follow "tried to"; ``general``: what the permission lets one do, for
    "no permission to ...". ``{what}`` is the subject ("case C-000507"),
    ``{through}`` where the relationship goes when it is not after a colon."""

    done: str
    attempt: str
    general: str
    #: Opened (a record's contents), listed (seen in a list or search), or changed.
    kind: str = "opened"


_L = "listed"
_C = "changed"

ACTIONS: dict[AuditAction, Words] = {
    AuditAction.ABOUT_ME_READ: Words("opened the About me of {what}", "open the About me of {what}", "read About me"),
    AuditAction.ABOUT_ME_SAVE: Words(
        "saved the About me of {what}", "save the About me of {what}", "write About me", _C
    ),
    AuditAction.ACCESS_ALERT_LIST: Words(
        "saw {what} in the alert queue", "list access alerts", "list access alerts", _L
    ),
    AuditAction.ACCESS_ALERT_RAISE: Words("raised {what}", "raise {what}", "raise access alerts", _C),
    AuditAction.ACCESS_ALERT_READ: Words("opened {what}", "open {what}", "read access alerts"),
    AuditAction.ACCESS_ALERT_TRIAGE: Words("triaged {what}", "triage {what}", "triage access alerts", _C),
    AuditAction.PRIVACY_INCIDENT_ASSESS: Words("assessed {what}", "assess {what}", "assess privacy incidents", _C),
    AuditAction.PRIVACY_INCIDENT_CLOSE: Words("closed {what}", "close {what}", "close privacy incidents", _C),
    AuditAction.PRIVACY_INCIDENT_ESCALATE: Words(
        "escalated {what} (the time to tell the Commissioner)", "escalate {what}", "escalate privacy incidents", _C
    ),
    AuditAction.PRIVACY_INCIDENT_LIST: Words(
        "saw {what} in the privacy register", "list the privacy register", "list the privacy register", _L
    ),
    AuditAction.PRIVACY_INCIDENT_READ: Words("opened {what}", "open {what}", "read privacy incidents"),
    AuditAction.PRIVACY_INCIDENT_REPORT: Words(
        "reported {what}", "report a privacy concern", "report privacy concerns", _C
    ),
    AuditAction.PRIVACY_INCIDENT_UPDATE: Words("changed {what}", "change {what}", "change privacy incidents", _C),
    AuditAction.PRIVACY_MONITORING_POLICY_UPDATE: Words(
        "changed {what}", "change {what}", "change access monitoring rules", _C
    ),
    AuditAction.PRIVACY_REPORT_MAKE: Words(
        "made the quarterly privacy report", "make the quarterly privacy report", "make privacy reports", _C
    ),
    AuditAction.ACCESS_LOG_READ: Words(
        "looked at who has seen {what}", "see who has seen {what}", "see who has seen a record"
    ),
    AuditAction.API_USE: Words("used the partner API", "use the partner API", "use the partner API"),
    AuditAction.API_TOKEN_ISSUE: Words(
        "issued an API token to {what}", "issue an API token to {what}", "issue API tokens", _C
    ),
    AuditAction.API_TOKEN_REVOKE: Words(
        "withdrew API tokens of {what}", "withdraw API tokens of {what}", "withdraw API tokens", _C
    ),
    AuditAction.AUDIT_SEARCH: Words(
        "searched the audit trail for {what}", "search the audit trail", "search the audit trail"
    ),
    AuditAction.BREAKGLASS_ESCALATE: Words(
        "sent an overdue review of {what} to a site manager",
        "send an overdue review to a site manager",
        "send overdue reviews on",
        _C,
    ),
    AuditAction.BREAKGLASS_OPEN: Words(
        "used emergency access to {what}", "use emergency access to {what}", "use emergency access"
    ),
    AuditAction.BREAKGLASS_REVIEW: Words("reviewed {what}", "review {what}", "review emergency access", _C),
    # A child's care (tiaki.care.services.episodes, placements, missing; tiaki.care.selectors).
    AuditAction.CARE_ENTER: Words(
        "recorded {what} coming into care", "record {what} coming into care", "record children coming into care", _C
    ),
    AuditAction.CARE_LEAVE: Words(
        "recorded {what} leaving care", "record {what} leaving care", "record children leaving care", _C
    ),
    AuditAction.CARE_READ: Words(
        "opened the care history of {what}", "open the care history of {what}", "read care histories"
    ),
    AuditAction.MISSING_RECORD: Words(
        "recorded a time {what} was missing or away from their placement",
        "record a time {what} was missing from their placement",
        "record missing episodes",
        _C,
    ),
    AuditAction.PLACEMENT_APPROVE: Words(
        "approved a placement of {what} with a caregiver not yet approved",
        "approve a placement of {what}",
        "approve placements with caregivers not yet approved",
        _C,
    ),
    AuditAction.PLACEMENT_RECORD: Words(
        "recorded a placement of {what}", "record a placement of {what}", "record placements", _C
    ),
    AuditAction.PLACEMENT_SEARCH: Words(
        "searched for a placement for {what}", "search for a placement for {what}", "search for placements", _L
    ),
    # The caregiver register (tiaki.care.services.caregivers, tiaki.care.selectors.caregivers).
    AuditAction.CAREGIVER_APPROVE: Words(
        "decided on the assessment of {what}", "decide on the assessment of {what}", "approve caregivers", _C
    ),
    AuditAction.CAREGIVER_ASSESS: Words("recorded an assessment of {what}", "assess {what}", "assess caregivers", _C),
    AuditAction.CAREGIVER_CREATE: Words(
        "added {what} to the caregiver register", "add a caregiver household", "add caregiver households", _C
    ),
    AuditAction.CAREGIVER_LIST: Words(
        "saw {what} in the caregiver register", "list caregiver households", "list caregiver households", _L
    ),
    AuditAction.CAREGIVER_READ: Words("opened {what}", "open {what}", "read caregiver households"),
    AuditAction.CAREGIVER_UPDATE: Words("changed {what}", "change {what}", "change caregiver households", _C),
    AuditAction.CASE_CLOSE: Words("closed {what}", "close {what}", "approve closing cases", _C),
    AuditAction.CASE_CLOSE_DECLINE: Words(
        "declined to close {what}", "decline to close {what}", "approve closing cases", _C
    ),
    AuditAction.CASE_CLOSE_REQUEST: Words("asked to close {what}", "ask to close {what}", "change cases", _C),
    AuditAction.CASE_OPEN: Words("opened a new case for {what}", "open a case for {what}", "open cases", _C),
    AuditAction.CASE_READ: Words("opened {what}", "open {what}", "read cases"),
    AuditAction.CASE_UPDATE: Words("changed {what}", "change {what}", "change cases", _C),
    AuditAction.CHRONOLOGY_READ: Words(
        "opened the chronology of {what}", "open the chronology of {what}", "read chronologies"
    ),
    AuditAction.DASHBOARD_VIEW: Words("looked at {what}", "look at {what}", "see the timeliness dashboard"),
    # What leaves the agency (tiaki.disclosure).
    AuditAction.DISCLOSURE_BLOCK: Words(
        "was stopped by the disclosure guard sending {what}",
        "send {what} past the disclosure guard",
        "send what the disclosure guard blocks",
        _C,
    ),
    AuditAction.DISCLOSURE_MAKE: Words(
        "sent {what} out of Tiaki", "send {what} out of Tiaki", "send letters and exports", _C
    ),
    AuditAction.DISCLOSURE_OVERRIDE: Words(
        "let {what} go out past the disclosure guard",
        "override the disclosure guard on {what}",
        "override the disclosure guard",
        _C,
    ),
    AuditAction.DISCLOSURE_READ: Words("looked up {what}", "look up {what}", "look up disclosure records"),
    AuditAction.LETTER_SAVE: Words("wrote a letter about {what}", "write a letter about {what}", "write letters", _C),
    AuditAction.LETTER_TEMPLATE_UPDATE: Words("changed {what}", "change {what}", "change letter templates", _C),
    AuditAction.PARTNER_CREATE: Words(
        "added {what} to the partner register", "add a partner organisation", "add partner organisations", _C
    ),
    AuditAction.PARTNER_DISPOSAL_CONFIRM: Words(
        "recorded that {what} disposed of what it received",
        "record a disposal by {what}",
        "record partner disposals",
        _C,
    ),
    AuditAction.PARTNER_READ: Words("opened {what}", "open {what}", "read the partner register"),
    AuditAction.PARTNER_UPDATE: Words("changed {what}", "change {what}", "change the partner register", _C),
    AuditAction.SHARE_CREATE: Words(
        "shared information about {what}", "share information about {what}", "share with caregivers and partners", _C
    ),
    AuditAction.SHARE_LIST: Words("saw the shares of {what}", "list the shares of {what}", "list shares", _L),
    AuditAction.SHARE_READ: Words(
        "read what was shared about {what}", "read what was shared about {what}", "read shared information"
    ),
    AuditAction.SHARE_REVOKE: Words(
        "withdrew a share about {what}", "withdraw a share about {what}", "withdraw shares", _C
    ),
    AuditAction.SUBJECT_ACCESS_APPROVE: Words(
        "approved releasing records to {what}",
        "approve releasing records to {what}",
        "approve subject access releases",
        _C,
    ),
    AuditAction.SUBJECT_ACCESS_CREATE: Words(
        "recorded a request from {what} for their records",
        "record a request for the records of {what}",
        "record subject access requests",
        _C,
    ),
    AuditAction.SUBJECT_ACCESS_GATHER: Words(
        "gathered everything held about {what} for their request",
        "gather everything held about {what}",
        "gather records for subject access",
    ),
    AuditAction.SUBJECT_ACCESS_LIST: Words(
        "saw the requests for records in {what}", "list requests for records", "list subject access requests", _L
    ),
    AuditAction.SUBJECT_ACCESS_READ: Words(
        "opened the request for records of {what}",
        "open the request for records of {what}",
        "read subject access requests",
    ),
    AuditAction.SUBJECT_ACCESS_REDACT: Words(
        "marked what is withheld from {what}", "mark what is withheld from {what}", "redact subject access packs", _C
    ),
    AuditAction.SUBJECT_ACCESS_RELEASE: Words(
        "released records to {what}", "release records to {what}", "release subject access packs", _C
    ),
    AuditAction.SUBJECT_ACCESS_UPDATE: Words(
        "changed the request for records of {what}",
        "change the request for records of {what}",
        "change subject access requests",
        _C,
    ),
    AuditAction.CORRECTION_CREATE: Words(
        "recorded a request to correct the records of {what}",
        "record a correction request for {what}",
        "record correction requests",
        _C,
    ),
    AuditAction.CORRECTION_DECIDE: Words(
        "corrected the records of {what}", "correct the records of {what}", "decide correction requests", _C
    ),
    AuditAction.DOCUMENT_READ: Words("opened a document on {what}", "open a document on {what}", "read case documents"),
    AuditAction.DOCUMENT_UPLOAD: Words(
        "added a document to {what}", "add a document to {what}", "add case documents", _C
    ),
    AuditAction.EMAIL_IMPORT: Words("added an email to {what}", "add an email to {what}", "add emails to cases", _C),
    AuditAction.EXPORT: Words("exported {what}", "export {what}", "export records"),
    AuditAction.FGC_RECORD: Words(
        "recorded a family group conference on {what}",
        "record a family group conference on {what}",
        "record family group conferences",
        _C,
    ),
    # Keeping or restoring one's own typing is no event: these are only ever refusals.
    AuditAction.DRAFT_KEEP: Words(
        "kept a draft about {what}", "keep a draft about {what}", "keep drafts of records", _C
    ),
    AuditAction.DRAFT_READ: Words(
        "reopened a draft about {what}", "reopen a draft about {what}", "reopen drafts of records"
    ),
    AuditAction.EMAIL_PREFERENCES_UPDATE: Words(
        "changed which notices reach them by email",
        "change which notices reach them by email",
        "choose notices by email",
        _C,
    ),
    AuditAction.HOME_VIEW: Words("opened their home page", "open their home page", "use Tiaki"),
    AuditAction.INDUCTION_RECORD: Words(
        "recorded the privacy induction of {what}",
        "record the privacy induction of {what}",
        "record privacy inductions",
        _C,
    ),
    AuditAction.JOBS_VIEW: Words(
        "looked at the scheduled jobs", "look at the scheduled jobs", "see the scheduled jobs"
    ),
    AuditAction.NOTE_ADD: Words("added a case note to {what}", "add a case note to {what}", "add case notes", _C),
    AuditAction.NOTE_CORRECT: Words(
        "corrected a case note on {what}", "correct a case note on {what}", "correct case notes", _C
    ),
    AuditAction.ORDER_RECORD: Words(
        "recorded a court order on {what}", "record a court order on {what}", "record court orders", _C
    ),
    AuditAction.PERSON_CREATE: Words(
        "added {what} to the register", "add a person to the register", "add people to the register", _C
    ),
    AuditAction.PERSON_LIST: Words("listed {what} {through}", "list {what}", "list people", _L),
    AuditAction.PERSON_READ: Words("opened the record of {what}", "open the record of {what}", "read people's records"),
    AuditAction.PERSON_SEARCH: Words(
        "searched the register and saw {what}", "search the register", "search the register", _L
    ),
    AuditAction.PERSON_UPDATE: Words(
        "changed the record of {what}", "change the record of {what}", "change people's records", _C
    ),
    AuditAction.PLAN_SAVE: Words("saved a plan on {what}", "save a plan on {what}", "write plans", _C),
    AuditAction.POLICY_UPDATE: Words("changed the agency's policy", "change the agency's policy", "change policy", _C),
    AuditAction.REPORT_ALLOCATE: Words("allocated {what}", "allocate {what}", "allocate reports of concern", _C),
    AuditAction.REPORT_APPROVE: Words(
        "approved the triage of {what}", "approve the triage of {what}", "approve triage decisions", _C
    ),
    AuditAction.REPORT_CREATE: Words("recorded {what}", "record a report of concern", "record reports of concern", _C),
    AuditAction.REPORT_ESCALATE: Words("escalated {what}", "escalate {what}", "escalate reports of concern", _C),
    AuditAction.REPORT_READ: Words("opened {what}", "open {what}", "read reports of concern"),
    AuditAction.REPORT_RESPOND: Words(
        "recorded the response to {what}", "record the response to {what}", "record responses", _C
    ),
    AuditAction.REPORT_TRIAGE: Words("triaged {what}", "triage {what}", "triage reports of concern", _C),
    AuditAction.ROLE_GRANT: Words("changed the role of {what}", "change the role of {what}", "change roles", _C),
    AuditAction.SEALED_GRANT: Words(
        "sealed {what} or named someone who may open it", "seal {what}", "manage sealed records", _C
    ),
    AuditAction.SEALED_REVOKE: Words(
        "withdrew access to {what}", "withdraw access to {what}", "manage sealed records", _C
    ),
    AuditAction.TASK_ADD: Words("added a task to {what}", "add a task to {what}", "add tasks", _C),
    AuditAction.TASK_COMPLETE: Words("completed a task on {what}", "complete a task on {what}", "complete tasks", _C),
    AuditAction.USER_CREATE: Words("added the account of {what}", "add an account", "manage accounts", _C),
    AuditAction.USER_READ: Words("opened the account of {what}", "open the account of {what}", "see staff accounts"),
    AuditAction.USER_UPDATE: Words(
        "changed the account of {what}", "change the account of {what}", "manage accounts", _C
    ),
}

#: Why a refusal was made, after "was refused: " (the codes of
#: tiaki.access.scoping, access.services, access.sealed, the merging
#: services, casework and this domain). ``permission_missing`` is said with
#: the action's own words: "no permission to read cases".
REASONS: dict[str, str] = {
    scoping.NOT_SIGNED_IN: "not signed in",
    scoping.INDUCTION_INCOMPLETE: "their privacy induction is not recorded",
    scoping.REFRESHER_LAPSED: "their yearly privacy refresher has lapsed",
    scoping.NOT_FOUND: "there is no such record",
    scoping.OWN_RECORD: "it is their own record",
    scoping.SEALED: "the record is sealed and they have no grant to open it",
    scoping.NO_RELATIONSHIP: "they have no work with this person (no allocation, supervision or duty)",
    access_services.BREAKGLASS_REASON_MISSING: "they gave no reason for emergency access",
    access_services.BREAKGLASS_REASON_SHORT: "the reason they gave for emergency access was too short",
    access_services.BREAKGLASS_DURATION_INVALID: "the emergency access asked for was too long",
    CONFLICT_OF_INTEREST: "they have a personal connection to someone involved",
    "not_allocated": "only the allocated worker and their supervisors may see this",
    "case_closed": "the case is closed",
    "not_case_team": "they are not in the case team",
    "sensitive_permission_missing": "no permission to see or change protected details",
    merging.SAME_RECORD: "both records were the same record",
    merging.ALREADY_MERGED: "one of the records was already merged",
    merging.SURVIVOR_MERGED: "the record kept has since been merged itself",
    merging.ALREADY_UNDONE: "the merge was already undone",
    merging.LATER_MERGE: "a later merge depends on it",
    merging.CHANGED_SINCE_MERGE: "the record has changed since the merge",
    merging.ALREADY_REVIEWED: "the pair was already reviewed",
    merging.BREAK_GLASS_ONLY: "they could see one of the records only through emergency access",
    disclosure_reasons.DISCLOSURE_BLOCKED: "the disclosure guard found something the recipient may not receive",
    disclosure_reasons.OVERRIDE_OWN: "a blocked artefact needs a second person to let it go out",
    disclosure_reasons.OVERRIDE_NOT_ALLOWED: "nobody may override what the guard found",
    disclosure_reasons.NO_ADDRESS: "there is no address on record for the recipient",
    disclosure_reasons.NO_PURPOSE: "they gave no purpose for sending it",
    disclosure_reasons.NO_RECIPIENT: "no recipient or way of sending it was chosen",
    disclosure_reasons.TEMPLATE_FIELD_UNKNOWN: "the template used a field that does not exist",
    disclosure_reasons.SHARE_INVALID: "the share was missing its purpose, consent or a future expiry",
    disclosure_reasons.SHARE_EXPIRED: "the share had expired",
    disclosure_reasons.SHARE_REVOKED: "the share had been withdrawn",
    disclosure_reasons.PARTNER_NOT_AGREED: "the partner's agreement does not cover it",
    disclosure_reasons.IDENTITY_NOT_VERIFIED: "the requester's identity was not verified yet",
    disclosure_reasons.REDACTION_NO_REASON: "a redaction had no reason for the requester to read",
    disclosure_reasons.APPROVE_OWN: "a release needs a second person to approve it",
    disclosure_reasons.SUBJECT_ACCESS_INVALID: "the request's details were not valid",
    disclosure_reasons.CORRECTION_NOT_HELD: "Tiaki does not hold that information about the person",
    privacy_reasons.PRIVACY_INCIDENT_INVALID: "the details given were not complete or not valid",
    privacy_reasons.ASSESS_OWN: "a breach is assessed by someone other than the person who caused it",
    privacy_reasons.ACTIONS_OPEN: "it still had actions that were not done",
    privacy_reasons.THRESHOLD_INVALID: "a monitoring threshold must be one or more",
    privacy_reasons.PRIVACY_STALE: "someone else changed it first",
    privacy_reasons.TRIAGE_OWN: "an alert about a privacy officer's own access is triaged by another officer",
    privacy_reasons.QUARTER_INVALID: "the quarter or format asked for is not one the report can be made for",
}
PERMISSION_MISSING = scoping.PERMISSION_MISSING


@dataclass
class Names:
    """What the reader may see named: people on the register (absent ids are
    sealed from them, or not asked for), staff and sites. ``this_person`` is
    the person a page is about, said as "this record"."""

    persons: dict[int, str] | None = None
    staff: dict[int, str] = field(default_factory=dict)
    sites: dict[int, str] = field(default_factory=dict)
    this_person: int | None = None

    def person(self, pid: int) -> str:
        if pid == self.this_person:
            return THIS_RECORD
        if self.persons is None:
            return f"person {pid}"
        return self.persons.get(pid, SEALED_PERSON)

    def member(self, uid: int) -> str:
        return self.staff.get(uid, "a staff member")


def role_label(slug: str) -> str:
    """'social-worker' -> 'Social worker'; the scheduled jobs' 'system' -> 'Tiaki'."""
    if not slug or slug == "system":
        return "Tiaki" if slug else ""
    try:
        return str(Role(slug).label)
    except ValueError:
        return slug.replace("-", " ").capitalize()


def case_ref(case_id: int | str) -> str:
    """As tiaki.casework.models.Case.reference spells it, from the id alone."""
    return f"case C-{int(case_id):06d}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def subject_text(action: AuditAction | None, subject_type: str, ids: list[int], names: Names) -> str:
    """The ``{what}`` of a sentence."""
    if subject_type == "person":
        if not ids:
            return "nobody" if action in (AuditAction.PERSON_LIST, AuditAction.PERSON_SEARCH) else "a person"
        listing = action is not None and action in ACTIONS and ACTIONS[action].kind == _L
        if names.this_person in ids and len(ids) > 1:
            return f"this record and {_count(len(ids) - 1, 'other', 'others')}"
        if listing and len(ids) > 3:
            return _count(len(ids), "person", "people")
        if len(ids) > 3:
            return f"{names.person(ids[0])} and {_count(len(ids) - 1, 'other', 'others')}"
        return _join([names.person(i) for i in ids])
    if subject_type == "case":
        return _join([case_ref(i) for i in ids]) if ids else "a case"
    if subject_type == "report":
        return _join([f"report of concern {i}" for i in ids]) if ids else "a report of concern"
    if subject_type == "user":
        return _join([names.member(i) for i in ids]) if ids else "an account"
    if subject_type == "breakglass":
        return _join([f"emergency access {i}" for i in ids]) if ids else "emergency access"
    if subject_type == "dashboard":
        return "the timeliness dashboard"
    if subject_type == "household":
        return _join([f"caregiver household CG-{i:05d}" for i in ids]) if ids else "the caregiver register"
    if subject_type == "disclosure":
        return _join([f"disclosure {i}" for i in ids]) if ids else "a disclosure record"
    if subject_type == "partner":
        return _join([f"partner organisation P-{i:04d}" for i in ids]) if ids else "the partner register"
    if subject_type == "privacy_incident":
        return _join([f"privacy incident {i}" for i in ids]) if ids else "a privacy incident"
    if subject_type == "access_alert":
        return _join([f"access alert {i}" for i in ids]) if ids else "an access alert"
    if subject_type == "monitoring_rule":
        return _join([f"access monitoring rule {i}" for i in ids]) if ids else "the access monitoring rules"
    if subject_type == "letter_template":
        return _join([f"letter template {i}" for i in ids]) if ids else "the letter templates"
    if not subject_type:
        return "a record" if not ids else _join([str(i) for i in ids])
    return f"{subject_type.replace('-', ' ')} {', '.join(str(i) for i in ids)}".strip()


# Relationships: colon-separated tokens, each kind taking the values after it.
# A handler gets the values it may take and returns (words, how many it used).
Handler = Callable[[list[str], Names], tuple[str, int]]


def _num(values: list[str]) -> str:
    return values[0] if values and values[0].isdigit() else ""


def _one(template: str) -> Handler:
    """A kind followed by an id: 'note:5' -> 'note 5'."""

    def handle(values: list[str], names: Names) -> tuple[str, int]:
        n = _num(values)
        return (template.format(n).strip(), 1 if n else 0)

    return handle


def _fixed(text: str) -> Handler:
    return lambda values, names: (text, 0)


def _supervision(values: list[str], names: Names) -> tuple[str, int]:
    if len(values) >= 2 and values[0] == "case":
        return f"supervises the worker allocated to {case_ref(values[1])}", 2
    if len(values) >= 2 and values[0] == "report":
        return f"supervises the worker allocated to report of concern {values[1]}", 2
    return "supervises the allocated worker", 0


def _staff(template: str) -> Handler:
    def handle(values: list[str], names: Names) -> tuple[str, int]:
        n = _num(values)
        return (template.format(names.member(int(n))), 1) if n else (template.format("a staff member"), 0)

    return handle


def _person(template: str) -> Handler:
    def handle(values: list[str], names: Names) -> tuple[str, int]:
        n = _num(values)
        return (template.format(names.person(int(n))), 1) if n else (template.format("another record"), 0)

    return handle


def _list(values: list[str], names: Names) -> tuple[str, int]:
    where = {"allocated": "on the home page", "duplicates": "in the list of possible duplicates"}
    if values and values[0] in where:
        return where[values[0]], 1
    return "in a list", 0


def _site_queue(values: list[str], names: Names) -> tuple[str, int]:
    ids = [int(s) for s in values[0].split(",") if s.isdigit()] if values else []
    sites = [names.sites.get(i, f"site {i}") for i in ids]
    return ("the allocation queue" + (f" for {_join(sites)}" if sites else ""), 1 if values else 0)


def _site_manager(values: list[str], names: Names) -> tuple[str, int]:
    if values and values[0].isdigit():
        return f"sent to {names.member(int(values[0]))}", 1
    return "no site manager to send it to", 1 if values else 0


def _role(values: list[str], names: Names) -> tuple[str, int]:
    if values and "->" in values[0]:
        before, _, after = values[0].partition("->")
        return f"from {role_label(before)} to {role_label(after)}", 1
    return "a role", 0


def _token(values: list[str], names: Names) -> tuple[str, int]:
    if len(values) >= 2 and values[0] == "all" and values[1].isdigit():
        return f"all {_count(int(values[1]), 'API token', 'API tokens')}", 2
    return "an API token", 1 if values else 0


def _review(values: list[str], names: Names) -> tuple[str, int]:
    said = {"justified": "found justified", "not-justified": "found not justified", "open": "left open"}
    return (said.get(values[0], "reviewed"), 1) if values else ("reviewed", 0)


def _staff_link(values: list[str], names: Names) -> tuple[str, int]:
    said = {"self": "a record about a staff member", "whanau": "a record about a staff member's whānau"}
    return (said.get(values[0], "a staff member's record"), 1) if values else ("a staff member's record", 0)


def _timeframe(values: list[str], names: Names) -> tuple[str, int]:
    if len(values) >= 2:
        before, _, after = values[1].partition("->")
        return f"response timeframe '{values[0].replace('_', ' ')}' from {before} to {after}", 2
    return "a response timeframe", len(values)


def _weight(values: list[str], names: Names) -> tuple[str, int]:
    if len(values) >= 2:
        return f"workload weight of '{values[0].replace('_', ' ')}' set to {values[1]}", 2
    return "a workload weight", len(values)


def _period(values: list[str], names: Names) -> tuple[str, int]:
    if len(values) >= 2:
        return f"reports due from {values[0]} to {values[1]}", 2
    return "a period", len(values)


def _decision(values: list[str], names: Names) -> tuple[str, int]:
    n = _num(values)
    if not n:
        return "a triage decision", 0
    said = {"approved": "approved", "sent-back": "sent back"}
    if len(values) > 1 and values[1] in said:
        return f"triage decision {n}, {said[values[1]]}", 2
    return f"triage decision {n}", 1


def _subject_access(values: list[str], names: Names) -> tuple[str, int]:
    """'subject-access:12' and the register's own: 'subject-access:register:open', ':find-person', ':new'."""
    n = _num(values)
    if n:
        return f"subject access request {n}", 1
    head = values[0] if values else ""
    if head == "register":
        return "the subject access register", 2 if len(values) > 1 and values[1] in ("open", "all") else 1
    said = {"find-person": "finding who a subject access request is about", "new": "recording a subject access request"}
    return (said[head], 1) if head in said else ("a subject access request", 0)


def _correction(values: list[str], names: Names) -> tuple[str, int]:
    n = _num(values)
    if n:
        return f"correction request {n}", 1
    if values and values[0] == "new":
        return "recording a correction request", 1
    return "a correction request", 0


KINDS: dict[str, Handler] = {
    "allocated-case": lambda v, n: (f"allocated to {case_ref(v[0])}", 1) if _num(v) else ("allocated to a case", 0),
    "allocated-report": _one("allocated to report of concern {}"),
    "supervision-line": _supervision,
    "intake-duty": _one("on intake duty ({})"),
    "break-glass": _one("emergency access {}"),
    "sealed-grant": _one("a named grant to a sealed record ({})"),
    "user": _staff("for {}"),
    "worker": _staff("worker {}"),
    "site-manager": _site_manager,
    "staff-link": _staff_link,
    "created": lambda v, n: ("they added the record in the last 24 hours", 1 if _num(v) else 0),
    "merged-into": _person("merged into {}"),
    "via-person": _person("through {}"),
    "whanau-of": _person("the whānau of {}"),
    "list": _list,
    "search": _fixed("in a search of the register"),
    "audit-trail": _fixed("while reading the audit trail"),
    "report-link": _fixed("on the record-a-report form"),
    "site-queue": _site_queue,
    "case": lambda v, n: (case_ref(v[0]), 1) if _num(v) else ("the case", 0),
    "report": _one("report of concern {}"),
    "note": _one("case note {}"),
    "plan": _one("plan {}"),
    "about-me": _one("About me {}"),
    "document": _one("document {}"),
    "email": _one("email {}"),
    "fgc": _one("family group conference {}"),
    "order": _one("court order {}"),
    "task": _one("task {}"),
    "participant": _fixed("who is in the case"),
    "care": _fixed("care status"),
    "referral": _fixed("the referral"),
    "outcome": _fixed("the outcome"),
    "phase": _fixed("the kind of case"),
    "reallocate": _fixed("a new allocated worker"),
    "details": _fixed("the person's details"),
    "decision": _decision,
    "level": _one("escalation level {}"),
    "token": _token,
    "role": _role,
    "review": _review,
    "merge": _one("merge {}"),
    "unmerge": _one("undoing merge {}"),
    "not-duplicate": _one("marked as not the same person (pair {})"),
    "duplicate-scan": _one("possible duplicate pair {}"),
    "timeframe": _timeframe,
    "triage-policy": _fixed("the triage rules"),
    "weight": _weight,
    "visit-frequency": lambda v, n: (
        (f"statutory visit frequency '{v[0].replace('_', ' ')}'", 1) if v else ("visit frequency", 0)
    ),
    "timeliness": _period,
    "subject-access": _subject_access,
    "correction": _correction,
    "corrections-of": _person("the correction requests of {}"),
    "due-notice": _fixed("a notice that it is due"),
}

_VERSION = re.compile(r"v(\d+)")


def _phrases(relationship: str, names: Names) -> Iterator[str]:
    tokens = relationship.split(":")
    i = 0
    while i < len(tokens):
        token, rest = tokens[i], tokens[i + 1 :]
        handler = KINDS.get(token)
        if handler is not None:
            words, used = handler(rest, names)
            i += 1 + used
            yield words
        elif version := _VERSION.fullmatch(token):
            i += 1
            yield f"version {version.group(1)}"
        else:
            # A kind this table does not know yet: its words, never a code.
            i += 1
            yield token.replace("-", " ").replace("_", " ")


def relationship_text(relationship: str, names: Names | None = None) -> str:
    """'case:507:plan:302:v1' -> 'case C-000507, plan 302, version 1'."""
    return ", ".join(p for p in _phrases(relationship, names or Names()) if p) if relationship else ""


def staff_ids(relationship: str) -> set[int]:
    """The staff accounts a relationship names (for Names.staff)."""
    return {int(n) for n in re.findall(r"(?:^|:)(?:worker|user|site-manager):(\d+)", relationship)}


def site_ids(relationship: str) -> set[int]:
    found = re.search(r"(?:^|:)site-queue:([\d,]+)", relationship)
    return {int(s) for s in found.group(1).split(",") if s} if found else set()


def person_ids(relationship: str) -> set[int]:
    named = r"(?:^|:)(?:via-person|merged-into|whanau-of|corrections-of):(\d+)"
    return {int(n) for n in re.findall(named, relationship)}


def kind_of(action: str, relationship: str, outcome: str) -> str:
    """'refused', 'listed' (seen in a list or a search), 'changed' or 'opened'.
    Lists recorded as person.read before person.list existed (relationship
    'list:...') count as listed: the old events are read, never rewritten."""
    if outcome == "refused":
        return "refused"
    if action == AuditAction.PERSON_READ and relationship.startswith("list:"):
        return _L
    words = ACTIONS.get(action)  # type: ignore[call-overload]
    return words.kind if words is not None else "opened"


def reason_text(action: str, reason: str) -> str:
    if reason == PERMISSION_MISSING:
        words = ACTIONS.get(action)  # type: ignore[call-overload]
        return f"no permission to {words.general if words else 'do this'}"
    return REASONS.get(reason, reason.replace("_", " ") or "no reason recorded")


def sentence(
    *, who: str, action: str, outcome: str, reason: str, relationship: str, subject_type: str, ids: list[int],
    names: Names,
) -> str:  # fmt: skip
    """The event as one sentence, with a full stop."""
    try:
        known: AuditAction | None = AuditAction(action)
    except ValueError:
        known = None
    words = ACTIONS.get(known) if known is not None else None
    what = subject_text(known, subject_type, ids, names)
    through = relationship_text(relationship, names)
    if outcome == "refused":
        if reason == PERMISSION_MISSING or words is None:
            return f"{who} was refused: {reason_text(action, reason)}."
        attempt = words.attempt.format(what=what).replace(f"the record of {THIS_RECORD}", THIS_RECORD)
        return f"{who} tried to {attempt} and was refused: {reason_text(action, reason)}."
    if words is None:
        text = f"{who} did something Tiaki has no words for yet ({what})"
    elif "{through}" in words.done:
        text = f"{who} {words.done.format(what=what, through=through)}".rstrip()
        through = ""
    else:
        text = f"{who} {words.done.format(what=what)}"
    if known == AuditAction.PERSON_READ and relationship.startswith("list:"):
        text = f"{who} listed {what}"
    text = text.replace(f"the record of {THIS_RECORD}", THIS_RECORD)
    return f"{text}: {through}." if through else f"{text}."


__all__ = [
    "ACTIONS",
    "REASONS",
    "SEALED_PERSON",
    "SYSTEM",
    "THIS_RECORD",
    "Names",
    "Words",
    "case_ref",
    "kind_of",
    "person_ids",
    "reason_text",
    "relationship_text",
    "role_label",
    "sentence",
    "site_ids",
    "staff_ids",
    "subject_text",
]

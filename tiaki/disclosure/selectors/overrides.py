"""Reading what the disclosure guard stopped: the blocked attempts a leader
may decide (their site's, on cases they can reach), one blocked attempt with
its findings, and the near-miss list for the privacy office.

Findings are shown in the guard's own words (tiaki.disclosure.selectors.guard),
which say what to remove and why and never quote the protected value; the
artefact's content is never shown here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from tiaki.access import Permission, scoping
from tiaki.access.ids import record_id
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.casework.reach import case_decision
from tiaki.disclosure.models import Disclosure, DisclosureSubject, GuardFinding, GuardRule
from tiaki.staff.models import User

_LIMIT = 200


@dataclass(frozen=True)
class FindingView:
    rule: str
    rule_label: str
    why: str
    item_label: str
    words: str
    overridable: bool


@dataclass(frozen=True)
class BlockedRow:
    id: int
    kind: str
    title: str
    sender_name: str
    recipient_kind: str
    recipient_label: str
    made_at: dt.datetime
    rules: list[str]
    overridable: bool


@dataclass(frozen=True)
class BlockedView:
    id: int
    kind: str
    title: str
    channel: str
    purpose: str
    sender_id: int
    sender_name: str
    recipient_kind: str
    recipient_label: str
    made_at: dt.datetime
    findings: list[FindingView]
    override_by_name: str
    override_reason: str
    override_at: dt.datetime | None
    released: bool
    #: Whether this actor may let it go out: not the sender, nothing unoverridable, not yet decided.
    may_override: bool
    #: Why not, in words, when they may not.
    why_not: str


@dataclass(frozen=True)
class NearMiss:
    id: int
    made_at: dt.datetime
    kind: str
    rules: list[str]
    sender_name: str
    sender_site: str
    recipient_kind: str
    outcome: str


def _staff_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def reach_decision(actor: User, case_id: int | None, subject_ids: list[int]) -> Decision:
    """Whether ``actor`` may see a blocked attempt: through its case
    (tiaki.casework.reach.case_decision), or, for one with no case, through
    one of its subjects (scoping.person_decision). Out of reach: refused as
    not found, so its existence does not leak."""
    if case_id is not None:
        return case_decision(actor, case_id)
    for pid in subject_ids:
        decision = scoping.person_decision(actor, pid)
        if decision.allowed:
            return decision
    return scoping.refuse(scoping.NOT_FOUND)


def _rules() -> dict[str, GuardRule]:
    return {r.code: r for r in GuardRule.objects.all()}


def _labels() -> dict[str, str]:
    return dict(GuardRule.Code.choices)


def _findings_by_disclosure(ids: list[int]) -> dict[int, list[GuardFinding]]:
    found: dict[int, list[GuardFinding]] = {}
    for finding in GuardFinding.objects.filter(disclosure_id__in=ids).order_by("pk"):
        found.setdefault(finding.disclosure_id, []).append(finding)
    return found


def _undecided() -> Q:
    return Q(outcome=Disclosure.Outcome.BLOCKED, override_by__isnull=True)


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_OVERRIDE)
def blocked_queue(*, actor: User) -> list[BlockedRow]:
    """Blocked attempts waiting for a second person, oldest first: sent by
    staff at the actor's site, not by the actor, on cases (or about people)
    the actor can reach. One event for the list, naming the disclosures."""
    decision = scoping.list_decision(actor, Permission.DISCLOSURE_OVERRIDE)
    with reading(actor, decision=decision, subject_type="disclosure", relationship="list:blocked") as step:
        rows = list(
            Disclosure.objects.filter(_undecided(), sender__site_id=actor.site_id or 0)
            .exclude(sender=actor)
            .select_related("sender")
            .order_by("made_at", "pk")[:_LIMIT]
        )
        subjects: dict[int, list[int]] = {}
        for did, pid in DisclosureSubject.objects.filter(disclosure_id__in=[r.pk for r in rows]).values_list(
            "disclosure_id", "person_id"
        ):
            subjects.setdefault(did, []).append(pid)
        rows = [r for r in rows if reach_decision(actor, r.case_id, subjects.get(r.pk, [])).allowed]
        findings = _findings_by_disclosure([r.pk for r in rows])
        labels = _labels()
        step.subject_ids = [r.pk for r in rows]
    return [
        BlockedRow(
            id=r.pk,
            kind=r.get_kind_display(),
            title=r.title,
            sender_name=_staff_name(r.sender),
            recipient_kind=r.get_recipient_kind_display(),
            recipient_label=r.recipient_label,
            made_at=r.made_at,
            rules=sorted({labels.get(f.rule, f.rule) for f in findings.get(r.pk, [])}),
            overridable=all(f.overridable for f in findings.get(r.pk, [])),
        )
        for r in rows
    ]


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_OVERRIDE)
def blocked_get(*, actor: User, disclosure_id: int) -> BlockedView:
    """One blocked attempt with its findings, for a leader who can reach its
    case; anyone else (or an id that is not a blocked attempt) is a 404."""
    pk = record_id(disclosure_id)
    row = Disclosure.objects.filter(pk=pk, outcome=Disclosure.Outcome.BLOCKED).select_related("sender", "override_by")
    found = row.first()
    subject_ids = list(found.subjects.values_list("person_id", flat=True)) if found else []
    decision = reach_decision(actor, found.case_id if found else None, subject_ids) if found else (
        scoping.refuse(scoping.NOT_FOUND))  # fmt: skip
    with reading(actor, decision=decision, subject_type="disclosure", subject_ids=[pk],
                 relationship=f"disclosure:{pk}:blocked") as step:  # fmt: skip
        assert found is not None  # a missing one was refused above
        rules = _rules()
        labels = _labels()
        findings = [
            FindingView(
                rule=f.rule,
                rule_label=labels.get(f.rule, f.rule),
                why=rules[f.rule].why if f.rule in rules else "",
                item_label=f.item_label,
                words=f.words,
                overridable=f.overridable,
            )
            for f in found.findings.order_by("pk")
        ]
        released = Disclosure.objects.filter(override_of=found).exists()
        why_not = ""
        if found.override_by_id is not None:
            why_not = "This attempt has been decided."
        elif found.sender_id == actor.pk:
            why_not = "You made this attempt: another leader must decide it."
        elif any(not f.overridable for f in findings):
            why_not = (
                "Nobody may override what the guard found here: the sender must change the artefact or its recipient."
            )
        step.relationship = f"disclosure:{pk}:blocked"
    return BlockedView(
        id=found.pk, kind=found.get_kind_display(), title=found.title, channel=found.get_channel_display(),
        purpose=found.purpose, sender_id=found.sender_id, sender_name=_staff_name(found.sender),
        recipient_kind=found.get_recipient_kind_display(), recipient_label=found.recipient_label,
        made_at=found.made_at, findings=findings, override_by_name=_staff_name(found.override_by),
        override_reason=found.override_reason, override_at=found.override_at, released=released,
        may_override=not why_not, why_not=why_not,
    )  # fmt: skip


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_READ)
def near_misses(*, actor: User, limit: int = _LIMIT) -> list[NearMiss]:
    """Every blocked attempt, newest first, for the privacy office: which
    rules, who sent it, to what kind of recipient, when, and what came of
    any override. No person is named (the recipient by kind only)."""
    decision = scoping.list_decision(actor, Permission.DISCLOSURE_READ)
    with reading(actor, decision=decision, subject_type="disclosure", relationship="list:near-misses") as step:
        rows = list(
            Disclosure.objects.filter(outcome=Disclosure.Outcome.BLOCKED)
            .select_related("sender", "sender__site", "override_by")
            .order_by("-made_at", "-pk")[: max(1, min(limit, 1000))]
        )
        ids = [r.pk for r in rows]
        findings = _findings_by_disclosure(ids)
        released = set(Disclosure.objects.filter(override_of_id__in=ids).values_list("override_of_id", flat=True))
        labels = _labels()
        step.subject_ids = ids
    result = []
    for r in rows:
        if r.override_by_id is None:
            outcome = "Not overridden"
        else:
            outcome = f"Overridden by {_staff_name(r.override_by)}"
            outcome += ", then sent" if r.pk in released else ", not sent yet"
        result.append(NearMiss(
            id=r.pk, made_at=r.made_at, kind=r.get_kind_display(),
            rules=sorted({labels.get(f.rule, f.rule) for f in findings.get(r.pk, [])}),
            sender_name=_staff_name(r.sender), sender_site=r.sender.site.name if r.sender.site else "",
            recipient_kind=r.get_recipient_kind_display(), outcome=outcome,
        ))  # fmt: skip
    return result

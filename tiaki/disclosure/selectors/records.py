"""Reading the disclosure records: for the privacy office (disclosure:read)
the list of recent disclosures and near misses, the lookup by the document id
printed on every page, and one record in full; for a sender, what they
released themselves (its id and whether its file is still there to download).

A record about someone sealed from the reader answers as missing (404), as
does one that is not the reader's own on the sender's page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from tiaki.access import Permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NOT_FOUND, SEALED, Decision
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import Disclosure, DisclosureFile, DisclosureSubject, GuardFinding
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

PAGE_SIZE = 50
#: How long a released file is kept for its one download (the purge job deletes it after).
FILE_KEPT_FOR = dt.timedelta(hours=24)
#: A document id as typed from a photo of a page: case and spaces and a missing "D-" forgiven.
_TYPED_ID = re.compile(r"[^0-9A-Z]")


def normalise_document_id(typed: str) -> str:
    """ "d-7kq2 m9xt", "7KQ2M9XT" -> "D-7KQ2-M9XT" (empty if it cannot be one)."""
    chars = _TYPED_ID.sub("", (typed or "").upper())
    if chars.startswith("D") and len(chars) == 9:
        chars = chars[1:]
    return f"D-{chars[:4]}-{chars[4:]}" if len(chars) == 8 else ""


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    document_id: str
    kind_label: str
    outcome: str
    outcome_label: str
    channel_label: str
    title: str
    recipient_label: str
    sender_name: str
    made_at: dt.datetime


@dataclass
class DisclosurePage:
    rows: list[DisclosureRow]
    page: int
    has_next: bool
    #: A lookup by document id that found nothing (the form says so).
    not_found: bool = False


def _row(d: Disclosure) -> DisclosureRow:
    return DisclosureRow(d.pk, d.document_id, d.get_kind_display(), d.outcome, d.get_outcome_display(),
                         d.get_channel_display(), d.title, d.recipient_label, _name(d.sender), d.made_at)  # fmt: skip


def _hidden_disclosures(actor: User, disclosure_ids: list[int]) -> set[int]:
    """Those about someone sealed from ``actor``."""
    found = DisclosureSubject.objects.filter(disclosure_id__in=disclosure_ids)
    pairs = list(found.values_list("disclosure_id", "person_id"))
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid in pairs])
    return {did for did, pid in pairs if pid in hidden}


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_READ)
def disclosure_list(
    *,
    actor: User,
    outcome: str = "",
    kind: str = "",
    document_id: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> DisclosurePage:
    """Disclosures and near misses, newest first, filtered by outcome and
    kind, or the one with ``document_id``; those about someone sealed from
    the reader are left out."""
    decision = scoping.list_decision(actor, Permission.DISCLOSURE_READ)
    page, page_size = max(1, page), min(max(1, page_size), 100)
    with reading(actor, decision=decision, subject_type="disclosure", relationship="list") as step:
        found = Disclosure.objects.select_related("sender").order_by("-made_at", "-pk")
        if document_id:
            found = found.filter(document_id=normalise_document_id(document_id) or "-")
            step.relationship = "lookup"
        if outcome in Disclosure.Outcome.values:
            found = found.filter(outcome=outcome)
        if kind in Disclosure.Kind.values:
            found = found.filter(kind=kind)
        rows: list[Disclosure] = []
        offset, skipped, start = (page - 1) * page_size, 0, 0
        # Read in slices so that records left out (sealed) do not shorten a page.
        while len(rows) <= page_size:
            chunk = list(found[start : start + 200])
            if not chunk:
                break
            start += len(chunk)
            hidden = _hidden_disclosures(actor, [d.pk for d in chunk])
            for disclosure in chunk:
                if disclosure.pk in hidden:
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                rows.append(disclosure)
        has_next = len(rows) > page_size
        shown = [_row(d) for d in rows[:page_size]]
        step.subject_ids = [row.id for row in shown]
    return DisclosurePage(shown, page, has_next, not_found=bool(document_id) and not shown)


@dataclass(frozen=True)
class FindingView:
    rule: str
    rule_label: str
    item_label: str
    words: str
    about_name: str
    protected_from_name: str
    overridable: bool


@dataclass
class DisclosureView:
    disclosure: Disclosure
    sender_name: str
    #: The people it is about: (id, name).
    subjects: list[tuple[int, str]]
    findings: list[FindingView] = field(default_factory=list)
    override_by_name: str = ""
    #: For a blocked attempt let out by an override: the released record's id.
    released_as_id: int | None = None
    released_as_document_id: str = ""
    #: Whether its file is still kept for its one download (and when it goes).
    file_waiting: bool = False
    file_downloaded_at: dt.datetime | None = None
    file_gone_at: dt.datetime | None = None

    @property
    def blocked(self) -> bool:
        return self.disclosure.outcome == Disclosure.Outcome.BLOCKED


_RULE_LABELS = {
    "protected_address": "A protected address",
    "placement_location": "Where a child in care lives",
    "notifier_identity": "Who made a report of concern",
    "other_child": "Another child's details",
    "sensitive": "Information marked SENSITIVE",
    "sealed": "A record sealed from the recipient",
}


def _decision(actor: User, disclosure_id: int, permission: Permission, *, own: bool) -> tuple[Decision, list[int]]:
    """The decision on one record and its subjects: missing, not the sender's own
    (``own``), or about someone sealed from the reader all look the same (404)."""
    stopped = scoping.gate(actor, permission)
    if stopped is not None:
        return stopped, []
    found = Disclosure.objects.filter(pk=disclosure_id).values_list("sender_id", flat=True).first()
    if found is None or (own and found != actor.pk):
        return scoping.refuse(NOT_FOUND), []
    subjects = list(DisclosureSubject.objects.filter(disclosure_id=disclosure_id).order_by("pk")
                    .values_list("person_id", flat=True))  # fmt: skip
    if sealed.hidden_person_ids(actor, subjects):
        return scoping.refuse(SEALED), subjects
    return Decision(True, "sender" if own else "privacy-office"), subjects


def _view(disclosure: Disclosure, subjects: list[int]) -> DisclosureView:
    findings = list(GuardFinding.objects.filter(disclosure=disclosure).order_by("pk"))
    people = {*subjects, *(f.about_person_id for f in findings), *(f.protected_from_id for f in findings)}
    names = display_names(pid for pid in people if pid is not None)
    released = Disclosure.objects.filter(override_of=disclosure).values_list("pk", "document_id").first()
    file = DisclosureFile.objects.filter(disclosure=disclosure).only("made_at", "downloaded_at").first()
    view = DisclosureView(
        disclosure=disclosure, sender_name=_name(disclosure.sender),
        subjects=[(pid, names.get(pid, f"Person {pid}")) for pid in subjects],
        findings=[FindingView(f.rule, _RULE_LABELS.get(f.rule, f.rule), f.item_label, f.words,
                              names.get(f.about_person_id, "") if f.about_person_id else "",
                              names.get(f.protected_from_id, "") if f.protected_from_id else "", f.overridable)
                  for f in findings],
        override_by_name=_name(disclosure.override_by),
        released_as_id=released[0] if released else None, released_as_document_id=released[1] if released else "",
    )  # fmt: skip
    if file is not None:
        view.file_downloaded_at = file.downloaded_at
        view.file_gone_at = file.made_at + FILE_KEPT_FOR
        view.file_waiting = file.downloaded_at is None and timezone.now() < view.file_gone_at
    return view


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_READ)
def disclosure_get(*, actor: User, disclosure_id: int) -> DisclosureView:
    """One disclosure record in full, for the privacy office: what, to whom,
    by whom, why, when, how, its file's fingerprint, the people it is about,
    and for a near miss what the guard found and who let it out, and why."""
    decision, subjects = _decision(actor, disclosure_id, Permission.DISCLOSURE_READ, own=False)
    with reading(actor, decision=decision, subject_type="person", subject_ids=subjects) as step:
        disclosure = Disclosure.objects.select_related("sender", "override_by").get(pk=disclosure_id)
        step.relationship = f"privacy-office:disclosure:{disclosure.document_id}"
        return _view(disclosure, subjects)


@selector(AuditAction.DISCLOSURE_READ, permission=Permission.DISCLOSURE_MAKE)
def disclosure_made_get(*, actor: User, disclosure_id: int) -> DisclosureView:
    """What the sender released or was stopped from sending: their own only."""
    decision, subjects = _decision(actor, disclosure_id, Permission.DISCLOSURE_MAKE, own=True)
    with reading(actor, decision=decision, subject_type="person", subject_ids=subjects) as step:
        disclosure = Disclosure.objects.select_related("sender", "override_by").get(pk=disclosure_id)
        step.relationship = f"sender:disclosure:{disclosure.document_id}"
        return _view(disclosure, subjects)

"""Gathering: everything Tiaki holds about the person a subject access
request is about, across every domain, each item with its source and date
(tiaki.disclosure.subject_access.gathered).

This is a selector, so it reads every domain's tables directly. It makes a
fixed number of queries however many items the person has (one per table,
plus one per level of merged records followed): nothing is read per item,
so a person with 2,000 chronology entries costs the same round trips as one
with ten (tiaki/bench/subject_access_ops.py measures it).

What is gathered, and under which key (the chronology's own kind names, so
a redaction or statement of correction on "note:12" also finds the
chronology entries pointing at note 12):

- the register: ``person:<id>`` (names, birth date, gender, ethnicity, iwi,
  identifiers), ``contact:<id>``, ``address:<id>``, ``relationship:<id>``,
  ``alert:<id>``;
- intake: ``report:<id>`` (narrative, concerns, decisions; the notifier in
  ``notifier_passages``, withheld always);
- casework: ``case:<id>`` (its events and tasks), ``note:<id>`` (every
  version), ``plan:<id>`` (every version), ``fgc:<id>``, ``order:<id>``,
  ``document:<id>`` (title, classification, date: "a file", never its
  contents), ``email:<id>``;
- care: ``care:<id>`` (the episode and its reasons), ``placement:<id>``
  (household, and the location: it was their own home), ``missing:<id>``,
  ``about_me:<id>`` (every version);
- chronology: ``chronology:<id>``, every entry, with its statements;
- disclosure: ``disclosure:<id>``, what was sent about them (title, date,
  recipient).

Records merged into the person (Person.merged_into) are followed: what the
old record held is theirs too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NOT_FOUND, Decision, refuse
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.models import AboutMeVersion, CareEntryReason, CareEpisode, HouseholdMember, MissingEpisode, Placement
from tiaki.casework.models import (
    Case,
    CaseEmail,
    CaseEvent,
    CaseNoteVersion,
    CaseParticipant,
    CourtOrder,
    Document,
    FamilyGroupConference,
    NoteSubject,
    PlanVersion,
    Task,
)
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.disclosure import reasons
from tiaki.disclosure.models import Disclosure, DisclosureSubject, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.subject_access.errors import SubjectAccessError
from tiaki.disclosure.subject_access.gathered import Gathered, GatheredItem, Version
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, TriageDecision
from tiaki.people.codes import ETHNICITIES
from tiaki.people.models import (
    INVERSE_LABELS,
    Person,
    PersonAddress,
    PersonAlert,
    PersonContact,
    PersonEthnicity,
    PersonIdentifier,
    PersonIwi,
    PersonName,
    Relationship,
)
from tiaki.staff.models import User
from tiaki.web.templatetags.tiaki_dates import day

__all__ = ["DOMAINS", "collect", "gather", "gather_item", "notifier_words"]

#: The domains, in the order the workspace shows them, and their plain names.
DOMAINS: dict[str, str] = {
    "people": "Your details on our register",
    "intake": "Reports of concern",
    "casework": "Cases, notes, plans and meetings",
    "care": "Care and placements",
    "chronology": "Your chronology",
    "disclosure": "What we have sent to others about you",
}

#: Which loader holds each key's source (gather_item loads only that one).
_SOURCE_DOMAIN: dict[str, str] = {
    "person": "people", "contact": "people", "address": "people", "relationship": "people", "alert": "people",
    "report": "intake",
    "case": "casework", "note": "casework", "plan": "casework", "fgc": "casework", "order": "casework",
    "document": "casework", "email": "casework",
    "care": "care", "placement": "care", "missing": "care", "about_me": "care",
    "chronology": "chronology",
    "disclosure": "disclosure",
}  # fmt: skip

#: Words that make an item hard to read: the pack warns before it.
_DIFFICULT = re.compile(
    r"\b(abuse\w*|harm\w*|hurt\w*|assault\w*|violen\w*|injur\w*|sexual\w*|neglect\w*|died|death|dead|suicid\w*|"
    r"self-harm\w*|overdose\w*|police|missing|removed|uplift\w*)\b",
    re.IGNORECASE,
)
_DIFFICULT_KINDS = frozenset({"report", "decision", "order", "care", "missing"})


def notifier_words(name: str, relationship: str, contact: str) -> str:
    """The line of a report's text that says who told us (withheld always)."""
    parts = [f"Who told us: {name.strip() or 'not recorded'}"]
    if relationship.strip():
        parts.append(f"how they know the child: {relationship.strip()}")
    if contact.strip():
        parts.append(f"contact: {contact.strip()}")
    return "; ".join(parts) + "."


def _at(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    """A date as the start of that day in New Zealand (items sort by moment)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time()), timezone.get_default_timezone())


def _user(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line and line.strip())


class _Collector:
    """Builds the items of one person (and the records merged into them)."""

    def __init__(self, person_id: int) -> None:
        self.person_id = person_id
        self.items: list[GatheredItem] = []
        self.person_ids = self._merged(person_id)
        self.names: dict[int, str] = {}
        self.other_ids: set[int] = set()
        self.case_ids: list[int] = []

    @staticmethod
    def _merged(person_id: int) -> list[int]:
        ids = [person_id]
        frontier = [person_id]
        # One query per level of merges (a record merged into a merged record), never per item.
        while frontier:
            frontier = [pid for pid in Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
                        if pid not in ids]  # fmt: skip
            ids.extend(frontier)
        return ids

    def add(self, item: GatheredItem) -> None:
        self.items.append(item)

    # The register ---------------------------------------------------------------------------------------------

    def people(self) -> None:
        ids = self.person_ids
        person = Person.objects.get(pk=self.person_id)
        names = list(PersonName.objects.filter(person_id__in=ids).order_by("-is_primary", "pk"))
        ethnicities = list(PersonEthnicity.objects.filter(person_id__in=ids).order_by("pk"))
        iwi = list(PersonIwi.objects.filter(person_id__in=ids).order_by("pk"))
        identifiers = list(PersonIdentifier.objects.filter(person_id__in=ids).order_by("pk"))
        name_lines = []
        for name in names:
            span = " ".join(
                part
                for part in (f"from {day(name.valid_from)}" if name.valid_from else "",
                             f"to {day(name.valid_to)}" if name.valid_to else "")
                if part
            )  # fmt: skip
            name_lines.append(f"{name.get_kind_display()}: {name}{f' ({span})' if span else ''}")
        if person.birth_date_precision == Person.BirthDatePrecision.YEAR and person.date_of_birth:
            born = f"Date of birth: {person.date_of_birth.year} (the year only)"
        elif person.date_of_birth:
            born = f"Date of birth: {day(person.date_of_birth)}"
        else:
            born = "Date of birth: not known"
        text = _lines(
            *name_lines,
            born,
            f"Gender: {person.get_gender_display()}",
            *(f"Ethnicity: {ETHNICITIES.get(e.code, e.code)}" for e in ethnicities),
            *(f"Iwi: {i.iwi}{f', hapū: {i.hapu}' if i.hapu else ''}" for i in iwi),
            *(f"{i.get_kind_display()}: {i.value}" for i in identifiers),
        )
        self.add(GatheredItem(key=f"person:{self.person_id}", domain="people", source="Your details on the register",
                              occurred_at=person.created_at, title="Your name, date of birth and identity",
                              text=text))  # fmt: skip
        for contact in PersonContact.objects.filter(person_id__in=ids).order_by("pk"):
            self.add(GatheredItem(
                key=f"contact:{contact.pk}", domain="people", source="Contact details", occurred_at=None,
                title=f"{contact.get_kind_display()} number or address" if contact.kind != "email" else "Email address",
                text=_lines(f"{contact.get_kind_display()}: {contact.value}", contact.note),
            ))  # fmt: skip
        for lived in PersonAddress.objects.filter(person_id__in=ids).select_related("address").order_by("pk"):
            span = _lines(f"From {day(lived.valid_from)}" if lived.valid_from else "",
                          f"To {day(lived.valid_to)}" if lived.valid_to else "")  # fmt: skip
            self.add(GatheredItem(
                key=f"address:{lived.pk}", domain="people", source="Addresses", occurred_at=_at(lived.valid_from),
                title="An address you lived at", text=_lines(f"Address: {lived.address}", span),
                sensitive=lived.protected,
            ))  # fmt: skip
        relationships = list(
            Relationship.objects.filter(Q(from_person_id__in=ids) | Q(to_person_id__in=ids)).order_by("pk")
        )
        alerts = list(PersonAlert.objects.filter(person_id__in=ids).order_by("pk"))
        self.other_ids.update(r.to_person_id if r.from_person_id in ids else r.from_person_id for r in relationships)
        self.other_ids.update(a.other_person_id for a in alerts if a.other_person_id)
        self._relationships = relationships
        self._alerts = alerts

    def people_after_names(self) -> None:
        """Relationships and alerts name other people: written once their names are known."""
        ids = set(self.person_ids)
        for rel in getattr(self, "_relationships", []):
            if rel.from_person_id in ids:
                other, label = rel.to_person_id, INVERSE_LABELS.get(rel.kind, rel.get_kind_display())
            else:
                other, label = rel.from_person_id, rel.get_kind_display()
            name = self.names.get(other, "Someone on our register")
            span = _lines(f"Since {day(rel.started_on)}" if rel.started_on else "",
                          f"Until {day(rel.ended_on)}" if rel.ended_on else "")  # fmt: skip
            self.add(GatheredItem(
                key=f"relationship:{rel.pk}", domain="people", source="Family and whānau",
                occurred_at=_at(rel.started_on), title=f"{label}: {name}",
                text=_lines(f"{name} is your {label.lower()}.", span), other_people=[name],
            ))  # fmt: skip
        for alert in getattr(self, "_alerts", []):
            other = self.names.get(alert.other_person_id, "") if alert.other_person_id else ""
            self.add(GatheredItem(
                key=f"alert:{alert.pk}", domain="people", source="Safety alerts", occurred_at=alert.recorded_at,
                title=f"Safety alert: {alert.get_kind_display()}",
                text=_lines(f"{alert.get_kind_display()}.", alert.note,
                            f"It is about keeping you safe from {other}." if other else "",
                            f"Recorded from: {alert.source}", f"Ended {day(alert.ended_on)}" if alert.ended_on else ""),
                other_people=[other] if other else [], sensitive=True, difficult=True,
            ))  # fmt: skip

    # Intake ---------------------------------------------------------------------------------------------------

    def intake(self) -> None:
        links = list(ReportPerson.objects.filter(person_id__in=self.person_ids).values_list("report_id", flat=True))
        report_ids = sorted(set(links))
        reports = list(ReportOfConcern.objects.filter(pk__in=report_ids).order_by("received_at", "pk"))
        concerns: dict[int, list[ReportConcern]] = defaultdict(list)
        for concern in ReportConcern.objects.filter(report_id__in=report_ids).order_by("pk"):
            concerns[concern.report_id].append(concern)
        decisions: dict[int, list[TriageDecision]] = defaultdict(list)
        for decision in (TriageDecision.objects.filter(report_id__in=report_ids).select_related("decided_by")
                         .order_by("decided_at", "pk")):  # fmt: skip
            decisions[decision.report_id].append(decision)
        others: dict[int, list[int]] = defaultdict(list)
        for report_id, pid in (
            ReportPerson.objects.filter(report_id__in=report_ids)
            .exclude(person_id__in=self.person_ids)
            .values_list("report_id", "person_id")
        ):
            others[report_id].append(pid)
            self.other_ids.add(pid)
        self._report_others = others
        self._reports = reports
        self._concerns = concerns
        self._decisions = decisions

    def intake_after_names(self) -> None:
        for report in getattr(self, "_reports", []):
            notifier = ""
            passages: list[str] = []
            if report.notifier_name or report.notifier_contact or report.notifier_relationship:
                notifier = notifier_words(report.notifier_name, report.notifier_relationship, report.notifier_contact)
                passages = [
                    notifier,
                    *(p.strip() for p in (report.notifier_name, report.notifier_contact) if p.strip()),
                ]
            decision_lines = [
                f"Decision on {day(d.decided_at)}: {d.get_outcome_display()}. {d.reasons}"
                + (f" (decided by {_user(d.decided_by)})" if d.decided_by_id else "")
                for d in self._decisions.get(report.pk, [])
            ]
            text = _lines(
                f"Received on {day(report.received_at)} ({report.get_channel_display().lower()}).",
                notifier,
                f"What we were told: {report.narrative}" if report.narrative else "",
                f"About safety right then: {report.immediate_safety}" if report.immediate_safety else "",
                *(f"Worry: {c.get_category_display()}{f': {c.detail}' if c.detail else ''}"
                  for c in self._concerns.get(report.pk, [])),
                *decision_lines,
            )  # fmt: skip
            self.add(GatheredItem(
                key=f"report:{report.pk}", domain="intake", source="Report of concern", occurred_at=report.received_at,
                title=f"Report of concern {report.reference}", text=text,
                other_people=[self.names[p] for p in self._report_others.get(report.pk, []) if p in self.names],
                notifier_passages=passages, sensitive=bool(notifier), difficult=True,
            ))  # fmt: skip

    # Casework -------------------------------------------------------------------------------------------------

    def casework(self) -> None:
        ids = self.person_ids
        self.case_ids = sorted(set(CaseParticipant.objects.filter(person_id__in=ids).values_list("case_id", flat=True)))
        cases = list(Case.objects.filter(pk__in=self.case_ids).select_related("allocated_worker").order_by("opened_at"))
        events: dict[int, list[CaseEvent]] = defaultdict(list)
        for event in CaseEvent.objects.filter(case_id__in=self.case_ids).order_by("at", "pk"):
            events[event.case_id].append(event)
        tasks: dict[int, list[Task]] = defaultdict(list)
        for task in Task.objects.filter(case_id__in=self.case_ids).order_by("due_on", "pk"):
            tasks[task.case_id].append(task)
        for pid in (
            CaseParticipant.objects.filter(case_id__in=self.case_ids)
            .exclude(person_id__in=ids)
            .values_list("person_id", flat=True)
        ):
            self.other_ids.add(pid)
        for case in cases:
            self.add(GatheredItem(
                key=f"case:{case.pk}", domain="casework", source="Case", occurred_at=case.opened_at,
                title=f"Case {case.reference}: {case.get_kind_display()}", case_reference=case.reference,
                carers=[f"{_user(case.allocated_worker)} (social worker)"] if case.allocated_worker_id else [],
                text=_lines(
                    f"Opened on {day(case.opened_at)}.",
                    f"Social worker: {_user(case.allocated_worker)}" if case.allocated_worker_id else "",
                    *(f"{day(e.at)}: {e.get_kind_display()}{f' ({e.reason})' if e.reason else ''}"
                      for e in events.get(case.pk, [])),
                    *(f"Task: {t.title}, due {day(t.due_on)}{', done' if t.done_at else ''}"
                      for t in tasks.get(case.pk, [])),
                    f"Closed on {day(case.closed_at)}: {case.get_closure_reason_display()}. {case.closure_summary}"
                    if case.closed_at else "",
                ),
            ))  # fmt: skip
        references = {case.pk: case.reference for case in cases}
        # Notes about them (NoteSubject), every version.
        note_ids = sorted(set(NoteSubject.objects.filter(person_id__in=ids).values_list("note_id", flat=True)))
        versions: dict[int, list[CaseNoteVersion]] = defaultdict(list)
        for version in (CaseNoteVersion.objects.filter(note_id__in=note_ids).select_related("note", "written_by")
                        .order_by("note_id", "number")):  # fmt: skip
            versions[version.note_id].append(version)
        for note_id in note_ids:
            rows = versions.get(note_id, [])
            if not rows:
                continue
            note = rows[0].note
            current = next((v for v in rows if v.number == note.current_version), rows[-1])
            self.add(GatheredItem(
                key=f"note:{note_id}", domain="casework", source=f"Case note ({note.get_kind_display().lower()})",
                occurred_at=note.occurred_at, title=current.title, text=current.text,
                case_reference=references.get(note.case_id, f"C-{note.case_id:06d}"), sensitive=note.sensitive,
                versions=[Version(number=v.number, written_at=v.written_at, written_by=_user(v.written_by),
                                  reason=v.reason, title=v.title, text=v.text) for v in rows],
            ))  # fmt: skip
        plan_versions: dict[int, list[PlanVersion]] = defaultdict(list)
        pv: PlanVersion
        for pv in (PlanVersion.objects.filter(plan__child_id__in=ids).select_related("plan", "written_by")
                   .order_by("plan_id", "number")):  # fmt: skip
            plan_versions[pv.plan_id].append(pv)
        for plan_id, plan_rows in plan_versions.items():
            plan = plan_rows[0].plan
            plan_current = next((v for v in plan_rows if v.number == plan.current_version), plan_rows[-1])
            self.add(GatheredItem(
                key=f"plan:{plan_id}", domain="casework", source="Plan", occurred_at=plan_current.written_at,
                title=f"Your plan (version {plan_current.number})", text=_plan_text(plan_current),
                case_reference=references.get(plan.case_id, ""),
                versions=[Version(number=v.number, written_at=v.written_at, written_by=_user(v.written_by),
                                  reason=v.reason, title=f"Plan version {v.number}", text=_plan_text(v))
                          for v in plan_rows],
            ))  # fmt: skip
        for fgc in FamilyGroupConference.objects.filter(case_id__in=self.case_ids).order_by("referred_at", "pk"):
            self.add(GatheredItem(
                key=f"fgc:{fgc.pk}", domain="casework", source="Family Group Conference", occurred_at=fgc.referred_at,
                title="Family Group Conference", case_reference=references.get(fgc.case_id, ""),
                text=_lines(
                    f"Referred on {day(fgc.referred_at)}: {fgc.referral_reason}",
                    f"Held on {day(fgc.held_on)}." if fgc.held_on else "",
                    f"Who came:\n{fgc.attendees}" if fgc.attendees else "",
                    f"Outcome: {fgc.get_outcome_display()}",
                    f"The plan agreed: {fgc.agreed_plan}" if fgc.agreed_plan else "",
                ),
            ))  # fmt: skip
        for order in CourtOrder.objects.filter(child_id__in=ids).order_by("made_on", "pk"):
            self.add(GatheredItem(
                key=f"order:{order.pk}", domain="casework", source="Court order", occurred_at=_at(order.made_on),
                title=order.get_kind_display(), case_reference=references.get(order.case_id, ""), difficult=True,
                text=_lines(
                    f"Made by the {order.court} on {day(order.made_on)}.",
                    f"Ends on {day(order.expires_on)}." if order.expires_on else "",
                    f"Conditions: {order.conditions}" if order.conditions else "",
                    f"Why there was no safety plan with whānau: {order.no_safety_plan_reason}"
                    if order.no_safety_plan_reason else "",
                ),
            ))  # fmt: skip
        for doc in Document.objects.filter(
            Q(person_id__in=ids) | Q(person__isnull=True, case_id__in=self.case_ids)
        ).order_by("uploaded_at", "pk"):
            self.add(GatheredItem(
                key=f"document:{doc.pk}", domain="casework", source="Document", occurred_at=doc.uploaded_at,
                title=doc.title, case_reference=references.get(doc.case_id, ""), sensitive=doc.sensitive,
                text=_lines(f"A file: {doc.title}", f"Marked {doc.get_classification_display()}.",
                            f"Added on {day(doc.uploaded_at)}."),
            ))  # fmt: skip
        for email in CaseEmail.objects.filter(case_id__in=self.case_ids).order_by("sent_at", "pk"):
            self.add(GatheredItem(
                key=f"email:{email.pk}", domain="casework", source="Email", occurred_at=email.sent_at,
                title=email.subject or "An email with no subject", case_reference=references.get(email.case_id, ""),
                sensitive=email.sensitive,
                text=_lines(f"From: {email.sender}", f"To: {email.recipients}" if email.recipients else "",
                            f"Subject: {email.subject}" if email.subject else "", email.body_text),
            ))  # fmt: skip

    # Care -----------------------------------------------------------------------------------------------------

    def care(self) -> None:
        ids = self.person_ids
        episodes = list(CareEpisode.objects.filter(child_id__in=ids).order_by("entered_on", "pk"))
        reasons: dict[int, list[CareEntryReason]] = defaultdict(list)
        for reason in CareEntryReason.objects.filter(episode__child_id__in=ids).order_by("-main", "pk"):
            reasons[reason.episode_id].append(reason)
        for ep in episodes:
            self.add(GatheredItem(
                key=f"care:{ep.pk}", domain="care", source="Time in care", occurred_at=_at(ep.entered_on),
                ended_at=_at(ep.left_on),
                title=f"You came into care on {day(ep.entered_on)}", difficult=True,
                text=_lines(
                    f"Came into care on {day(ep.entered_on)}: {ep.get_legal_basis_display()}.",
                    *(f"Reason{' (the main one)' if r.main else ''}: {r.get_code_display()}" for r in reasons[ep.pk]),
                    f"In the social worker's words: {ep.reasons_text}",
                    f"Living with before care: {ep.get_living_with_display()}"
                    + (f" ({ep.living_with_detail})" if ep.living_with_detail else ""),
                    f"What you said about it: {ep.child_views}" if ep.child_views else "",
                    f"Left care on {day(ep.left_on)}: {ep.get_leaving_reason_display()}." if ep.left_on else "",
                    f"Went to: {ep.left_to}" if ep.left_to else "",
                    ep.leaving_detail,
                ),
            ))  # fmt: skip
        placements = list(Placement.objects.filter(child_id__in=ids).select_related("household", "location")
                          .order_by("started_on", "pk"))  # fmt: skip
        # The caregivers of each household, named in the pack's life story (two queries, however many).
        caregivers: dict[int, list[int]] = defaultdict(list)
        for household_id, pid in (
            HouseholdMember.objects.filter(household_id__in={p.household_id for p in placements if p.household_id},
                                           role=HouseholdMember.Role.CAREGIVER)
            .order_by("joined_on", "pk").values_list("household_id", "person_id")
        ):  # fmt: skip
            caregivers[household_id].append(pid)
        carer_names = _names({pid for pids in caregivers.values() for pid in pids})
        for p in placements:
            where = p.household.name if p.household is not None else (p.provider_name or p.get_kind_display())
            self.add(GatheredItem(
                key=f"placement:{p.pk}", domain="care", source="Placement", occurred_at=_at(p.started_on),
                ended_at=_at(p.ended_on),
                carers=[f"{carer_names[pid]} (caregiver)" for pid in caregivers.get(p.household_id or 0, [])
                        if pid in carer_names],
                title=f"Where you lived: {where}", sensitive=p.location_id is not None,
                text=_lines(
                    f"Lived with {where} ({p.get_kind_display().lower()}) from {day(p.started_on)}"
                    + (f" to {day(p.ended_on)}." if p.ended_on else ", and still there."),
                    f"Address: {p.location}" if p.location_id else "",
                    f"Why you moved there: {p.move_reason}" if p.move_reason else "",
                    f"Brothers and sisters: {p.get_siblings_display()}",
                    f"Why apart: {p.siblings_apart_reason}" if p.siblings_apart_reason else "",
                    f"Why it ended: {p.get_end_reason_display()}" if p.end_reason else "",
                    p.end_detail,
                ),
            ))  # fmt: skip
        for m in MissingEpisode.objects.filter(child_id__in=ids).order_by("started_at", "pk"):
            self.add(GatheredItem(
                key=f"missing:{m.pk}", domain="care", source="Missing or away", occurred_at=m.started_at,
                title=m.get_kind_display(), sensitive=bool(m.where_found), difficult=True,
                text=_lines(
                    f"{m.get_kind_display()} from {day(m.started_at)}"
                    + (f" until {day(m.returned_at)}." if m.returned_at else "."),
                    "Police were told." if m.reported_to_police else "",
                    f"Where you were: {m.where_found}" if m.where_found else "",
                    f"What you said when you came back: {m.return_conversation}" if m.return_conversation else "",
                ),
            ))  # fmt: skip
        about: dict[int, list[AboutMeVersion]] = defaultdict(list)
        for v in (AboutMeVersion.objects.filter(about__child_id__in=ids).select_related("about", "written_by")
                  .order_by("about_id", "number")):  # fmt: skip
            about[v.about_id].append(v)
        for about_id, rows in about.items():
            current = next((v for v in rows if v.number == rows[0].about.current_version), rows[-1])
            self.add(GatheredItem(
                key=f"about_me:{about_id}", domain="care", source="About me", occurred_at=current.written_at,
                title="About me", text=_about_text(current),
                versions=[Version(number=v.number, written_at=v.written_at, written_by=_user(v.written_by),
                                  reason=v.reason, title=f"About me version {v.number}", text=_about_text(v))
                          for v in rows],
            ))  # fmt: skip

    # Chronology and disclosures -------------------------------------------------------------------------------

    def chronology(self) -> None:
        for entry in ChronologyEntry.objects.filter(person_id__in=self.person_ids).order_by("occurred_at", "id"):
            self.add(GatheredItem(
                key=f"chronology:{entry.pk}", domain="chronology", source=f"Chronology: {entry.get_kind_display()}",
                points_at=f"{entry.kind}:{entry.source_id}",
                occurred_at=entry.occurred_at, title=entry.title, text=_lines(entry.title, entry.summary),
                sensitive=entry.sensitive, difficult=entry.kind in _DIFFICULT_KINDS,
            ))  # fmt: skip
            self._chronology_sources[f"chronology:{entry.pk}"] = f"{entry.kind}:{entry.source_id}"

    def disclosure(self) -> None:
        sent = DisclosureSubject.objects.filter(person_id__in=self.person_ids).values_list("disclosure_id", flat=True)
        for d in Disclosure.objects.filter(pk__in=sent, outcome=Disclosure.Outcome.RELEASED).order_by("made_at", "pk"):
            self.add(GatheredItem(
                key=f"disclosure:{d.pk}", domain="disclosure", source=f"Sent: {d.get_kind_display()}",
                occurred_at=d.made_at, title=d.title,
                text=_lines(f"{d.get_kind_display()}: {d.title}", f"Sent on {day(d.made_at)} to {d.recipient_label} "
                            f"({d.get_channel_display().lower()}).", f"Why: {d.purpose}"),
            ))  # fmt: skip

    # Putting it together --------------------------------------------------------------------------------------

    def run(self, domains: Iterable[str]) -> list[GatheredItem]:
        self._chronology_sources: dict[str, str] = {}
        wanted = set(domains)
        loaders: list[tuple[str, Callable[[], None]]] = [
            ("people", self.people), ("intake", self.intake), ("casework", self.casework), ("care", self.care),
            ("chronology", self.chronology), ("disclosure", self.disclosure),
        ]  # fmt: skip
        for domain, load in loaders:
            if domain in wanted:
                load()
        # Other people's names, in one query, for the items that name them.
        self.names = _names(self.other_ids)
        if "people" in wanted:
            self.people_after_names()
        if "intake" in wanted:
            self.intake_after_names()
        self._finish()
        return self.items

    def _finish(self) -> None:
        """Statements, notifiers named anywhere, other people named, difficulty."""
        statements: dict[str, list[str]] = defaultdict(list)
        for kind, source_id, text in (
            CorrectionStatement.objects.filter(person_id__in=self.person_ids)
            .order_by("recorded_at", "pk")
            .values_list("kind", "source_id", "text")
        ):
            statements[f"{kind}:{source_id}"].append(text)
        # The register's own details: whichever merged record's id the statement was attached to.
        for pid in self.person_ids[1:]:
            statements[f"person:{self.person_id}"].extend(statements.pop(f"person:{pid}", []))
        notifiers = _notifier_values(self.person_ids)
        names = sorted({name for name in self.names.values() if len(name) >= 3}, key=len, reverse=True)
        named = re.compile("|".join(re.escape(n) for n in names)) if names else None
        for item in self.items:
            source = self._chronology_sources.get(item.key, item.key)
            item.statements = [
                *statements.get(item.key, []),
                *(statements.get(source, []) if source != item.key else []),
            ]
            lowered = item.text.casefold()
            for value in notifiers:
                if value.casefold() in lowered and value not in item.notifier_passages:
                    item.notifier_passages.append(value)
            if named is not None:
                for found in named.findall(item.text):
                    if found not in item.other_people:
                        item.other_people.append(found)
            if not item.difficult and _DIFFICULT.search(item.text):
                item.difficult = True


def _plan_text(version: PlanVersion) -> str:
    goals = [
        f"Goal: {g.get('goal', '')}. Who: {g.get('who', '')}. What: {g.get('action', '')}. By: {g.get('by', '')}."
        for g in version.goals or []
        if isinstance(g, dict)
    ]
    return _lines(*goals, f"In your words: {version.child_voice}", f"What your whānau said: {version.whanau_views}"
                  if version.whanau_views else "", f"To be looked at again on {day(version.review_on)}.")  # fmt: skip


def _about_text(version: AboutMeVersion) -> str:
    return _lines(*(
        f"{ABOUT_ME_TOPICS.get(row.get('topic', ''), row.get('topic', ''))}: {row.get('text', '')}"
        for row in version.items or [] if isinstance(row, dict)
    ))  # fmt: skip


def _names(person_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    if not person_ids:
        return names
    for pid, given, family in (
        PersonName.objects.filter(person_id__in=sorted(person_ids))
        .order_by("person_id", "-is_primary", "pk")
        .values_list("person_id", "given_names", "family_name")
    ):
        names.setdefault(pid, f"{given} {family}".strip())
    return names


def _notifier_values(person_ids: list[int]) -> list[str]:
    """The names and contacts of everyone who reported a concern about them."""
    values: set[str] = set()
    for name, contact in ReportOfConcern.objects.filter(persons__person_id__in=person_ids).values_list(
        "notifier_name", "notifier_contact"
    ):
        values.update(v.strip() for v in (name, contact) if v and len(v.strip()) >= 3)
    return sorted(values, key=len, reverse=True)


def collect(person_id: int, *, request_id: int = 0, domains: Iterable[str] = tuple(DOMAINS)) -> Gathered:
    """Everything Tiaki holds about ``person_id``, without auditing (the
    declared selector ``gather`` audits; this is its body, and the bench's)."""
    collector = _Collector(person_id)
    items = collector.run(domains)
    order = {domain: n for n, domain in enumerate(DOMAINS)}
    far_past = dt.datetime.min.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (order.get(i.domain, 99), i.occurred_at or far_past, i.key))
    counts: dict[str, int] = dict.fromkeys(DOMAINS, 0)
    for item in items:
        counts[item.domain] = counts.get(item.domain, 0) + 1
    name = _names({person_id}).get(person_id, "")
    return Gathered(request_id=request_id, person_id=person_id, person_name=name, items=items, counts=counts)


def gather_item(person_id: int, item_key: str) -> GatheredItem | None:
    """The one item ``item_key`` ("note:12") as gathered for ``person_id``,
    or None when Tiaki does not hold it about that person (a correction
    about something else, a key from another person's request). Not
    audited: its callers (a correction request, the pack) are."""
    kind, _, raw_id = (item_key or "").partition(":")
    domain = _SOURCE_DOMAIN.get(kind)
    if domain is None or not raw_id.isdigit():
        return None
    if not Person.objects.filter(pk=person_id).exists():
        return None
    gathered = collect(person_id, domains=[domain])
    return gathered.by_key().get(item_key)


def relationship_of(request_id: int) -> str:
    """What the audit trail records as the reason for looking."""
    return f"subject-access:{request_id}"


def _request_for(actor: User, request_id: int, action: AuditAction) -> tuple[SubjectAccessRequest, Decision]:
    """The request and the decision on it; an unknown id (or a requester
    sealed from the actor) is a 404, audited under ``action``."""
    request = SubjectAccessRequest.objects.select_related("person").filter(pk=request_id).first()
    if request is None:
        enforce(actor, refuse(NOT_FOUND), action=action, subject_type="person", subject_ids=[])
        raise AssertionError("enforce raises")  # pragma: no cover
    decision = request_decision(actor, request.person_id, relationship_of(request.pk))
    enforce(actor, decision, action=action, subject_type="person", subject_ids=[request.person_id])
    return request, decision


def _require_verified(actor: User, request: SubjectAccessRequest, action: AuditAction) -> None:
    """Nothing is gathered, redacted or released before the requester's identity is verified."""
    if request.identity_verified_at is None:
        refusal_record(actor, reasons.IDENTITY_NOT_VERIFIED, action=action, subject_type="person",
                       subject_ids=[request.person_id], relationship=relationship_of(request.pk))  # fmt: skip
        raise SubjectAccessError(
            f"Verify who {request.reference} is from before gathering their information: record how their "
            "identity was checked first.",
            "identity",
            code=reasons.IDENTITY_NOT_VERIFIED,
        )


@selector(AuditAction.SUBJECT_ACCESS_GATHER, permission=Permission.SUBJECT_ACCESS_MANAGE)
def gather(*, actor: User, request_id: int) -> Gathered:
    """Everything Tiaki holds about the request's person (one audit event,
    its subject the person, the request as the relationship). Refused
    (IDENTITY_NOT_VERIFIED, audited) until their identity is verified."""
    action = AuditAction.SUBJECT_ACCESS_GATHER
    request, decision = _request_for(actor, request_id, action)
    _require_verified(actor, request, action)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[request.person_id]):
        return collect(request.person_id, request_id=request.pk)

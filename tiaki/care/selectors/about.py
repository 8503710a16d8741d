"""Reading a child's About me, as the actor may see it: the current version
(or a chosen earlier one) grouped by topic, who wrote it and when, every
version kept, and whether the reader may write the next one; and, for the
disclosure domain, only the items marked as shareable with caregivers and
partners.

Decided through the child (tiaki.access.scoping.person_decision): whoever
may read the child may read About me, a trainee on the work too; a child
out of reach is a 404 with its refusal audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.models import AboutMe, AboutMeVersion
from tiaki.care.reach import about_me_write_decision
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User


@dataclass(frozen=True)
class AboutMeItem:
    topic: str
    text: str
    own_words: bool
    shareable: bool


@dataclass(frozen=True)
class AboutMeTopic:
    code: str
    label: str
    items: list[AboutMeItem]


@dataclass(frozen=True)
class AboutMeVersionSummary:
    number: int
    written_by: str
    written_at: dt.datetime
    reason: str
    item_count: int


@dataclass
class AboutMeView:
    child_id: int
    child_name: str
    #: The version shown (0 when nothing is written yet) and the newest.
    number: int
    current_version: int
    written_by: str
    written_at: dt.datetime | None
    reason: str
    #: Every topic in ABOUT_ME_TOPICS order, with its items (empty ones too).
    topics: list[AboutMeTopic]
    #: Newest first.
    versions: list[AboutMeVersionSummary] = field(default_factory=list)
    may_edit: bool = False

    @property
    def items(self) -> list[AboutMeItem]:
        return [item for topic in self.topics for item in topic.items]

    @property
    def is_current(self) -> bool:
        return self.number == self.current_version

    @property
    def filled_topics(self) -> list[AboutMeTopic]:
        return [topic for topic in self.topics if topic.items]


def items_of(version: AboutMeVersion | None) -> list[AboutMeItem]:
    """A version's items as stored (each a dict), in their order."""
    if version is None:
        return []
    return [
        AboutMeItem(str(row.get("topic", "")), str(row.get("text", "")), bool(row.get("own_words")),
                    bool(row.get("shareable")))
        for row in version.items
        if isinstance(row, dict)
    ]  # fmt: skip


def grouped(items: list[AboutMeItem]) -> list[AboutMeTopic]:
    """Every topic, in ABOUT_ME_TOPICS order, with its items."""
    return [
        AboutMeTopic(code, label, [item for item in items if item.topic == code])
        for code, label in ABOUT_ME_TOPICS.items()
    ]


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _decided(actor: User, child_id: int) -> scoping.Decision:
    return scoping.person_decision(actor, child_id)


@selector(AuditAction.ABOUT_ME_READ, permission=Permission.CARE_READ)
def about_me_get(*, actor: User, child_id: int, version: int | None = None, to_edit: bool = False) -> AboutMeView:
    """The child's About me: the current version, or ``version`` (a number
    that does not exist is a 404), with every version listed and whether
    the reader may write the next. ``to_edit``: for the form, refused
    (audited as a save, before the read) unless the reader may write it."""
    decision = _decided(actor, child_id)
    write = about_me_write_decision(actor, child_id, read=decision) if decision.allowed or to_edit else decision
    if to_edit:
        enforce(actor, write, action=AuditAction.ABOUT_ME_SAVE, subject_type="person", subject_ids=[child_id])
    with reading(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        about = AboutMe.objects.filter(child_id=child_id).first()
        versions = (
            list(AboutMeVersion.objects.filter(about=about).select_related("written_by").order_by("-number"))
            if about is not None
            else []
        )
        if version is None:
            shown = versions[0] if versions else None
        else:
            shown = next((v for v in versions if v.number == version), None)
            if shown is None:
                raise Http404
        if shown is not None:
            step.relationship = f"about-me:{about.pk if about else 0}:v{shown.number}:{decision.relationship}"
    name = display_names([child_id]).get(child_id, "Name not recorded")
    return AboutMeView(
        child_id=child_id,
        child_name=name,
        number=shown.number if shown else 0,
        current_version=versions[0].number if versions else 0,
        written_by=_name(shown.written_by) if shown else "",
        written_at=shown.written_at if shown else None,
        reason=shown.reason if shown else "",
        topics=grouped(items_of(shown)),
        versions=[
            AboutMeVersionSummary(v.number, _name(v.written_by), v.written_at, v.reason, len(v.items)) for v in versions
        ],
        may_edit=write.allowed,
    )


@selector(AuditAction.ABOUT_ME_READ, permission=Permission.CARE_READ)
def about_me_shareable_items(*, actor: User, child_id: int) -> list[dict[str, object]]:
    """Only the items of the current version marked as shareable with
    caregivers and partners, in topic order, each ``{"topic", "topic_label",
    "text", "own_words"}``: what the disclosure domain may pass on."""
    decision = _decided(actor, child_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        current = AboutMeVersion.objects.filter(about__child_id=child_id).order_by("-number").first()
        about = f"about-me:{current.about_id}:v{current.number}" if current is not None else "about-me"
        step.relationship = f"{about}:shareable-items:{decision.relationship}"
    return [
        {"topic": item.topic, "topic_label": ABOUT_ME_TOPICS.get(item.topic, item.topic), "text": item.text,
         "own_words": item.own_words}
        for item in items_of(current)
        if item.shareable
    ]  # fmt: skip

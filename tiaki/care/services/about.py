"""About me: the profile that travels with a child to every placement, in
their own words where they gave them. Every save is a new version (the
database refuses to change one, care.0002); two workers saving at once
cannot overwrite each other: the second is told, and nothing is lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.models import AboutMe, AboutMeVersion
from tiaki.care.reach import about_me_write_decision
from tiaki.drafts.services import forget as forget_draft
from tiaki.staff.models import User

#: The drafts kind of the About me form (tiaki.care.reach.register_drafts).
DRAFT_KIND = "care.about_me"
#: The most items one version holds, across every topic.
MAX_ITEMS = 100
#: The longest one item may be.
MAX_TEXT = 2_000
MAX_REASON = 5_000


class AboutMeError(ValueError):
    """The About me cannot be saved as asked; the message says why, for the
    page or the API. ``field`` names the input at fault (``items-N`` for the
    Nth item, counted from 1, ``reason``, ``items``); ``errors`` holds every
    (field, message) found, the first of them this one. Nothing was saved."""

    def __init__(self, message: str, field: str = "", errors: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.errors = list(errors) or [(field, message)]


class StaleVersion(AboutMeError):  # noqa: N818 - reads as what happened
    """Someone else saved first: nothing was changed; ``current`` is the
    version now saved (None if there is none to show)."""

    def __init__(self, message: str, current: AboutMeVersion | None = None) -> None:
        super().__init__(message, "version")
        self.current = current


def clean_items(items: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Each item ``{"topic", "text", "own_words", "shareable"}`` checked and
    trimmed, in ABOUT_ME_TOPICS order (the order typed within a topic).
    Every mistake is found at once, each naming its item."""
    errors: list[tuple[str, str]] = []
    rows: list[dict[str, object]] = []
    if len(items) > MAX_ITEMS:
        raise AboutMeError(f"About me holds at most {MAX_ITEMS} items.", "items")
    for number, raw in enumerate(items, start=1):
        field = f"items-{number}"
        if not isinstance(raw, Mapping):
            errors.append((field, f"Item {number}: give a topic and what to say."))
            continue
        topic = raw.get("topic")
        text = raw.get("text")
        text = text.strip() if isinstance(text, str) else ""
        flags = {key: raw.get(key, False) for key in ("own_words", "shareable")}
        if not isinstance(topic, str) or topic not in ABOUT_ME_TOPICS:
            errors.append((field, f"Item {number}: choose a topic from the list."))
        elif not text:
            errors.append(
                (field, f"Item {number}: enter what to say about “{ABOUT_ME_TOPICS[topic]}”, or leave it out.")
            )
        elif len(text) > MAX_TEXT:
            errors.append((field, f"Item {number}: keep it under {MAX_TEXT:,} characters."))
        elif any(not isinstance(value, bool) for value in flags.values()):
            errors.append((field, f"Item {number}: say yes or no to “in their own words” and “may be shared”."))
        else:
            rows.append({"topic": topic, "text": text, **flags})
    if errors:
        raise AboutMeError(errors[0][1], errors[0][0], errors)
    if not rows:
        raise AboutMeError("Add at least one thing about the child.", "items")
    order = list(ABOUT_ME_TOPICS)
    return sorted(rows, key=lambda row: order.index(str(row["topic"])))


def _reason(reason: str, later: bool) -> str:
    reason = (reason or "").strip()
    if later and not reason:
        raise AboutMeError("Enter what changed and why.", "reason")
    if len(reason) > MAX_REASON:
        raise AboutMeError(f"Keep what changed and why under {MAX_REASON:,} characters.", "reason")
    return reason


def _checked(items: Sequence[Mapping[str, object]], reason: str, *, later: bool) -> tuple[list[dict[str, object]], str]:
    """The items and the reason, every mistake in either found at once."""
    errors: list[tuple[str, str]] = []
    rows: list[dict[str, object]] = []
    try:
        rows = clean_items(items)
    except AboutMeError as exc:
        errors += exc.errors
    try:
        reason = _reason(reason, later)
    except AboutMeError as exc:
        errors += exc.errors
    if errors:
        raise AboutMeError(errors[0][1], errors[0][0], errors)
    return rows, reason


def _saved_by(version: AboutMeVersion) -> str:
    return version.written_by.get_full_name() or "Someone"


@service(AuditAction.ABOUT_ME_SAVE, permission=Permission.CARE_RECORD)
def about_me_save(
    *,
    actor: User,
    child_id: int,
    expected_version: int,
    items: Sequence[Mapping[str, object]],
    reason: str = "",
    now: dt.datetime | None = None,
) -> AboutMeVersion:
    """Save a new version of the child's About me. Only the team of an open
    case the child is on may (tiaki.care.reach.about_me_write_decision).
    ``expected_version`` is the version the writer started from (0 for the
    first): if someone else saved since, nothing is saved and StaleVersion
    carries their version. A later version says what changed and why."""
    decision = about_me_write_decision(actor, child_id)
    now = now or timezone.now()
    with writing(actor, decision=decision, subject_type="person", subject_ids=[child_id]) as step:
        rows, reason = _checked(items, reason, later=expected_version > 0)
        # Locked to the end of the transaction: a second save waits here and
        # then sees the first one's version (PostgreSQL; SQLite writes one at a time).
        about = AboutMe.objects.select_for_update().filter(child_id=child_id).first()
        if about is None:
            if expected_version != 0:
                raise StaleVersion("This About me no longer exists as you saw it. Nothing was saved.")
            try:
                with transaction.atomic():
                    about = AboutMe.objects.create(child_id=child_id, created_at=now, created_by=actor,
                                                   current_version=0)  # fmt: skip
            except IntegrityError:
                theirs = (
                    AboutMeVersion.objects.filter(about__child_id=child_id)
                    .select_related("written_by").order_by("-number").first()
                )  # fmt: skip
                raise StaleVersion(
                    "Someone else started this child's About me while you were writing. Nothing was saved: "
                    "your text is below; compare it with theirs and save again.",
                    current=theirs,
                ) from None
        elif expected_version != about.current_version:
            theirs = about.versions.select_related("written_by").get(number=about.current_version)
            raise StaleVersion(
                f"{_saved_by(theirs)} saved a new version of this About me since you opened it. Nothing was "
                "saved: your text is below; compare it with theirs and save again.",
                current=theirs,
            )
        version = AboutMeVersion.objects.create(
            about=about, number=about.current_version + 1, items=rows, written_by=actor, written_at=now,
            reason=reason,
        )  # fmt: skip
        about.current_version = version.number
        about.save(update_fields=["current_version"])
        step.relationship = f"{decision.relationship}:about-me:{about.pk}:v{version.number}"
        # The worker's draft of this form ends with the version it became.
        forget_draft(actor, DRAFT_KIND, child_id)
    return version

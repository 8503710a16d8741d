"""Filling a form from its draft, for the page views of the domains whose
forms keep drafts. The view has already read the record through its own
selector (so the page itself refuses a record out of reach); the draft is read
through draft_get, which checks the same reach again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from tiaki.drafts.selectors import DraftView, draft_get, drafts_for
from tiaki.staff.models import User


@dataclass(frozen=True)
class DraftHook:
    """What the form's template needs: the data attributes for drafts.mjs, and
    the restored draft (for the "We kept what you typed" notice)."""

    kind: str
    record_id: int
    part: int
    restored: DraftView | None


def hook(actor: User, kind: str, record_id: int, part: int = 0, *, restore: bool = True) -> DraftHook:
    restored = draft_get(actor=actor, kind=kind, record_id=record_id, part=part) if restore else None
    return DraftHook(kind, record_id, part, restored)


def initial_from(form: forms.Form, draft: DraftView | None) -> dict[str, Any]:
    """The form's initial values from the draft's posted fields, read the way
    each widget reads a POST (multi-box dates, checkboxes, lists), so the
    form shows what was typed without judging it as if it were submitted."""
    if draft is None:
        return {}
    data = MultiValueDict(draft.data)
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if field.widget.value_omitted_from_data(data, {}, key):
            continue
        initial[name] = field.widget.value_from_datadict(data, {}, key)
    return initial


def posted(draft: DraftView | None) -> MultiValueDict[str, str] | None:
    """The draft's fields shaped like request.POST, for rows a page reads
    from the post itself (a plan's goals, an order's attempts)."""
    return MultiValueDict(draft.data) if draft is not None else None


def restore(form: forms.Form, draft: DraftView | None) -> None:
    """Put the draft's values into an unbound form's initial values."""
    form.initial.update(initial_from(form, draft))


@dataclass(frozen=True)
class Unfinished:
    label: str
    href: str
    updated_at: Any


def unfinished(actor: User, parent_id: int | None = None) -> list[Unfinished]:
    """List "Your unfinished work": the actor's drafts (drafts_for), linked to their
    forms, for templates/drafts/_unfinished.html."""
    return [
        Unfinished(d.label, reverse(f"web:{d.url_name}", args=d.url_args), d.updated_at)
        for d in drafts_for(actor=actor, parent_id=parent_id)
    ]

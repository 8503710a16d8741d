"""A child's About me as pages: the profile (the current version, or a
chosen earlier one), its versions, and the form that saves the next one.
Views parse input, call the care selector or service, and render; a stale
save shows the other person's version beside what this worker typed, kept
in the form (tiaki.care.services.about)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.care.codes import ABOUT_ME_TOPICS
from tiaki.care.models import AboutMeVersion
from tiaki.care.selectors.about import about_me_get, grouped, items_of
from tiaki.care.services.about import DRAFT_KIND, AboutMeError, StaleVersion, about_me_save
from tiaki.care.web.forms.about import AboutMeForm, TopicRows, filled_rows, rows_from_items, rows_from_post
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of

#: A version number longer than this is no version a profile has.
_MAX_DIGITS = 9


def _asked_version(request: HttpRequest) -> int | None:
    raw = request.GET.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > _MAX_DIGITS:
        raise Http404
    return int(raw)


@personal_data(Permission.CARE_READ)
@require_GET
def about_me_page(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's About me, topic by topic; ``?version=N`` shows an earlier one."""
    view = about_me_get(actor=actor_of(request), child_id=child_id, version=_asked_version(request))
    return render(request, "care/about_me.html", {"about": view})


@personal_data(Permission.CARE_READ)
@require_GET
def about_me_versions_page(request: HttpRequest, child_id: int) -> HttpResponse:
    """Every version of the child's About me, newest first, with what changed."""
    view = about_me_get(actor=actor_of(request), child_id=child_id)
    return render(request, "care/about_versions.html", {"about": view})


def _mark_errors(form: AboutMeForm, topics: list[TopicRows], exc: AboutMeError) -> list[tuple[str, str]]:
    """Put each of the service's errors on its row (``items-N``: the Nth row
    sent) or field; the (anchor, message) pairs the error summary lists."""
    sent = filled_rows(topics)
    summary = []
    for name, message in exc.errors:
        head, _, number = name.partition("-")
        if head == "items" and number.isdigit() and 1 <= int(number) <= len(sent):
            row = sent[int(number) - 1]
            # The service counts the items sent; the page numbers them within their topic.
            _, _, said = message.partition(": ")
            message = f"{ABOUT_ME_TOPICS[row.topic]}, item {row.number}: {said or message}"
            row.error = message
            summary.append((row.anchor, message))
        elif name == "reason":
            form.add_error("reason", message)
            summary.append(("id_reason", message))
        else:
            form.add_error(None, message)
            summary.append((topics[0].rows[0].anchor if topics else "main-content", message))
    return summary


@requires(Permission.CARE_RECORD)
@require_http_methods(["GET", "POST"])
def about_me_edit_page(request: HttpRequest, child_id: int) -> HttpResponse:
    """Write the next version of the child's About me. Two workers saving at
    once: the second is told who saved (409), sees their version beside the
    form and keeps what they typed, the form now based on the saved version."""
    actor = actor_of(request)
    view = about_me_get(actor=actor, child_id=child_id, to_edit=True)
    draft = drafts.hook(actor, DRAFT_KIND, child_id, restore=request.method == "GET")
    theirs: AboutMeVersion | None = None
    summary: list[tuple[str, str]] = []
    status = 200
    if request.method == "GET":
        form = AboutMeForm(initial={"expected_version": view.current_version})
        topics = rows_from_items(view.items)
        if (kept := drafts.posted(draft.restored)) is not None:
            drafts.restore(form, draft.restored)
            topics = rows_from_post(kept)
    elif "add_item" in request.POST:
        # Another row under one topic: the same page again, nothing judged yet.
        form = AboutMeForm(initial={name: request.POST.get(name, "") for name in ("expected_version", "reason")})
        topics = rows_from_post(request.POST, add=str(request.POST.get("add_item", "")))
    else:
        form = AboutMeForm(request.POST)
        topics = rows_from_post(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = about_me_save(
                    actor=actor, child_id=child_id, expected_version=data["expected_version"],
                    items=[row.as_service_item() for row in filled_rows(topics)], reason=data["reason"],
                )  # fmt: skip
            except StaleVersion as exc:
                theirs = exc.current
                form = _rebased(form, theirs)
                form.add_error(None, str(exc))
                summary = [("your-version", str(exc))]
                status = 409
            except AboutMeError as exc:
                summary = _mark_errors(form, topics, exc)
            else:
                messages.success(request, f"{view.child_name}'s About me is saved (version {version.number}).")
                return redirect("web:about-me", child_id=child_id)
        else:
            summary = [("id_reason", str(message)) for message in form.errors.get("reason", [])] or [
                ("main-content", "The form was out of date: open it again.")
            ]
    context: dict[str, Any] = {
        "about": view,
        "form": form,
        "topics": topics,
        "summary": summary,
        "theirs": theirs,
        "their_topics": [t for t in grouped(items_of(theirs)) if t.items] if theirs else [],
        "draft_hook": draft,
    }
    return render(request, "care/about_edit.html", context, status=status)


def _rebased(form: AboutMeForm, theirs: AboutMeVersion | None) -> AboutMeForm:
    """The same typed form, now saving on top of the version someone else saved."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    data["expected_version"] = str(theirs.number if theirs else 0)
    rebased = AboutMeForm(data)
    rebased.is_valid()
    return rebased

"""The on-screen watermark of pages showing SENSITIVE information (a
protected address, a safety alert, where a child in care lives): the
viewer's name and the time, across the page, so that a photo or screenshot
of the screen names who took it and when.

A template that shows a SENSITIVE value unmasked says so where it shows it,
``{% load tiaki_watermark %}{% sensitive_shown %}``, which marks the request
(so an included template can say it too); base.html ends with
``{% sensitive_watermark %}``, drawn by tiaki.css (``.tiaki-watermark``)
from its ``data-watermark`` attribute: no inline style (the CSP forbids them)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tiaki.web.templatetags.tiaki_dates import moment

register = template.Library()

_FLAG = "tiaki_sensitive_shown"


@register.simple_tag(takes_context=True)
def sensitive_shown(context: dict[str, Any]) -> str:
    """Mark this page as showing SENSITIVE information (renders nothing)."""
    request = context.get("request")
    if request is not None:
        setattr(request, _FLAG, True)
    return ""


def watermark_text(user: Any, now: Any = None) -> str:
    name = user.get_full_name() or user.username
    return f"Viewed by {name} · {moment(now or timezone.now())}"


@register.simple_tag(takes_context=True)
def sensitive_watermark(context: dict[str, Any]) -> SafeString | str:
    """The watermark, on a page marked by ``sensitive_shown`` for a signed-in viewer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(request, _FLAG, False) or not getattr(user, "is_authenticated", False):
        return ""
    return format_html('<div class="tiaki-watermark" aria-hidden="true" data-watermark="{}"></div>',
                       watermark_text(user))  # fmt: skip

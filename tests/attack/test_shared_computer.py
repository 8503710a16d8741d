"""A shared computer in a site office: the next person at the keyboard must
not find what the last one typed or read. Browsers offer earlier entries of
a field as suggestions (form history), so every text field on a page about
people says autocomplete="off" (the sign-in form names its own purposes);
and no page that shows personal data may be kept in the browser's cache."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") in {"text", "search", "email", "tel", None}:
            self.fields.append(found)


def _text_fields(html: str) -> list[dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(html)
    return parser.fields


@pytest.mark.parametrize(
    "page",
    ["web:person-search", "web:person-create", "web:person-change", "web:intake-new", "web:intake-referral"],
)
def test_no_field_about_people_offers_what_was_typed_before(client, alice, child, case, page):
    client.force_login(alice)
    url = reverse(page, args=[child.pk]) if page == "web:person-change" else reverse(page)
    response = client.get(url)
    assert response.status_code == 200
    fields = _text_fields(response.content.decode())
    assert fields, f"{page} has no text fields to check"
    remembered = [f.get("name") for f in fields if f.get("autocomplete") != "off"]
    assert remembered == [], f"{page}: fields the browser would remember: {remembered}"
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_form_still_names_its_purposes(client):
    fields = {
        f.get("name"): f.get("autocomplete") for f in _text_fields(client.get(reverse("web:sign-in")).content.decode())
    }
    assert fields.get("username") == "username"


def test_no_script_keeps_what_was_typed_in_the_browser():
    """Drafts live on the server under their owner (docs/security.md,
    "Nothing typed is lost"): no script stores typing in the browser, where
    the next person at a shared computer could read it."""
    from pathlib import Path

    import tiaki.web

    scripts = Path(tiaki.web.__file__).parent / "static" / "tiaki"
    offenders = [
        path.name
        for path in scripts.glob("*.mjs")
        if any(word in path.read_text(encoding="utf-8") for word in ("sessionStorage", "localStorage", "indexedDB"))
    ]
    assert offenders == []


def test_htmx_keeps_no_copy_of_a_page_in_the_browser(client, db):
    """htmx snapshots a page into sessionStorage ("htmx-history-cache") each
    time it pushes a URL (the register's and the audit's searches do): names
    and birth dates the next person at the keyboard could read. Every page
    sets its history cache to nothing, and going back asks the server again."""
    import json
    import re

    page = client.get(reverse("web:sign-in")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page).group(1))
    assert config["historyCacheSize"] == 0
    assert config["refreshOnHistoryMiss"] is True

"""The fields a letter template may use, as ``$name`` placeholders
(string.Template). A template that names any other field is refused when it
is saved (services.letters.save_template), so a letter never goes out with
a ``$typo`` in it."""

from __future__ import annotations

import string

#: Field name -> what it is, for the template editor's list.
FIELDS: dict[str, str] = {
    "recipient_name": "The recipient's name",
    "recipient_address": "The recipient's postal address",
    "child_name": "The child's name",
    "child_first_name": "The child's first name",
    "case_reference": "The case reference (C-000123)",
    "worker_name": "The social worker's name",
    "worker_phone": "The site's phone number",
    "site_name": "The site (office) name",
    "today": "Today's date, written out (3 December 2026)",
}


def unknown_fields(text: str) -> list[str]:
    """Placeholders in ``text`` that are not in FIELDS (and malformed ones)."""
    bad: list[str] = []
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name is not None and name not in FIELDS:
            bad.append(name)
        elif match.group("invalid") is not None:
            bad.append(text[match.start() : match.start() + 12].strip())
    return bad


def fill(text: str, values: dict[str, str]) -> str:
    return string.Template(text).safe_substitute(values)

"""Artefacts as PDF (WeasyPrint), watermarked on every page, and encrypted for
what leaves by email or removable media (pypdf, AES-256).

The watermark is in every page's margin boxes (CSS ``@page``), so it is real
text on each page: "For <recipient> · made by <sender> · <NZ time> ·
<document id>", with a faint diagonal mark of the document id across the
page. A photo of any page leads a privacy officer back to the Disclosure row
(tiaki/disclosure/tests/test_pipeline_pdf.py reads it back per page)."""

from __future__ import annotations

import io
import logging
import secrets
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from tiaki.web.templatetags.tiaki_dates import day, moment

if TYPE_CHECKING:
    from tiaki.disclosure.artefacts import Artefact
    from tiaki.disclosure.models import Disclosure

#: Printed at the top of every page: the agency, not a brand.
AGENCY = "Tiaki: child protection case management"
#: Readable password words: letters and digits a person can read out on the phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a password
_PASSWORD_GROUPS = 5

# WeasyPrint reports each page it lays out at INFO: noise in the logs for a 2,000-entry chronology.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def watermark(disclosure: Disclosure) -> str:
    """The line on every page: who it is for, who made it, when (New Zealand time), and its id."""
    sender = disclosure.sender.get_full_name() or disclosure.sender.username
    when = moment(disclosure.made_at)
    return f"For {disclosure.recipient_label} · made by {sender} · {when} · {disclosure.document_id}"


def _css_string(value: str) -> str:
    """``value`` as a CSS string literal (for margin-box content)."""
    cleaned = " ".join(value.split())
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sections(artefact: Artefact) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Items grouped under their section headings, in order: (section, [(label, paragraphs)])."""
    grouped: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for item in artefact.items:
        paragraphs = [p.strip() for p in item.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        if not grouped or grouped[-1][0] != item.section:
            grouped.append((item.section, []))
        grouped[-1][1].append((item.label, paragraphs))
    return grouped


def html(artefact: Artefact, disclosure: Disclosure, *, address_lines: str = "") -> str:
    """The artefact as the HTML WeasyPrint lays out (exposed for tests and previews)."""
    mark = watermark(disclosure)
    return render_to_string(
        "disclosure/records_pdf.html",
        {
            "agency": AGENCY,
            "artefact": artefact,
            "is_letter": artefact.kind == "letter",
            "address_lines": [line.strip() for line in address_lines.splitlines() if line.strip()],
            "recipient_label": disclosure.recipient_label,
            "date": day(disclosure.made_at),
            "sections": _sections(artefact),
            "document_id": disclosure.document_id,
            # Into the stylesheet as CSS strings: margin boxes take their text from ``content``.
            "css_watermark": _css_string(mark),
            "css_agency": _css_string(AGENCY),
            "css_document_id": _css_string(disclosure.document_id),
            "css_classification": _css_string("IN-CONFIDENCE"),
        },
    )


def render(artefact: Artefact, disclosure: Disclosure, *, address_lines: str = "") -> tuple[bytes, int]:
    """The PDF and its number of pages. ``address_lines``: a letter's address block."""
    # Imported here: WeasyPrint loads Pango and fonts, which only rendering needs.
    from weasyprint import HTML  # type: ignore[import-untyped]  # no types

    document = HTML(string=html(artefact, disclosure, address_lines=address_lines)).render()
    data = document.write_pdf()
    return data, len(document.pages)


def new_password() -> str:
    """A random password one can read out: five groups of four ("k7mq-..."), about 124 bits."""
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(_PASSWORD_GROUPS)]
    return "-".join(groups)


def encrypt(data: bytes) -> tuple[bytes, str]:
    """``data`` (a PDF) encrypted with AES-256 under a new random password,
    and that password (to be shown once to the sender, never stored or logged)."""
    from pypdf import PdfReader, PdfWriter

    password = new_password()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(32), algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), password

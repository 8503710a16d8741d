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
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


#: A withheld record or passage in a subject-access pack (tiaki.disclosure.subject_access.pack): set off in a box.
_WITHHELD = re.compile(r"\[[Ww]ithheld: see note \d+\]")
_VERSION = re.compile(r"Version \d+, written ")
_NOTE = re.compile(r"(Note \d+)\. ")
#: A chronology entry's year, in its label ("Monday 2 March 2015 (this may be hard to read)").
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass
class _Block:
    """One item of a pack as the booklet lays it out: ``kind`` picks its layout."""

    kind: str
    label: str
    paragraphs: list[tuple[str, SafeString]] = field(default_factory=list)


def _marked(text: str) -> SafeString:
    """``text`` escaped, with each withheld marker in a box the reader sees at a glance."""
    escaped = str(escape(text))
    return mark_safe(_WITHHELD.sub(lambda m: f'<span class="withheld">{m.group(0)}</span>', escaped))  # noqa: S308 - escaped above


def _paragraph(text: str) -> tuple[str, SafeString]:
    if text.startswith("Statement of correction: "):
        return "statement", _marked(text.removeprefix("Statement of correction: "))
    if _VERSION.match(text):
        return "version", _marked(text)
    return "text", mark_safe(str(_marked(text)).replace("\n", "<br>"))  # noqa: S308 - escaped by _marked


def _pack_sections(artefact: Artefact) -> list[tuple[str, list[_Block]]]:
    """A subject-access pack's items as the booklet lays them out, section by
    section: the glossary as terms, the chronology as a timeline grouped by
    year, the withheld notes numbered, the records with their versions."""
    sections: list[tuple[str, list[_Block]]] = []
    year = ""
    for item in artefact.items:
        if not sections or sections[-1][0] != item.section:
            sections.append((item.section, []))
            year = ""
        blocks = sections[-1][1]
        paragraphs = [p.strip() for p in item.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        if item.key == "pack:words":
            block = _Block("words", item.label)
            for paragraph in paragraphs:
                term, _, meaning = paragraph.partition(": ")
                block.paragraphs.append((str(escape(term)), _marked(meaning)))
        elif item.key.startswith("chronology:"):
            found_year = _YEAR.search(item.label)
            entry_year = found_year.group(0) if found_year else ""
            if entry_year != year:
                year = entry_year
                blocks.append(_Block("year", year or item.label))
            block = _Block("entry", item.label, [_paragraph(p) for p in paragraphs])
        elif item.key == "pack:withheld":
            block = _Block("notes", item.label)
            for paragraph in paragraphs:
                found = _NOTE.match(paragraph)
                if found:
                    note = format_html("<strong>{}.</strong> {}", found.group(1), _marked(paragraph[found.end() :]))
                    block.paragraphs.append(("note", note))
                else:
                    block.paragraphs.append(("text", _marked(paragraph)))
        else:
            kind = "record" if item.key.startswith("record:") else "prose"
            block = _Block(kind, item.label, [_paragraph(p) for p in paragraphs])
        blocks.append(block)
    return sections


#: Layouts a domain above this one registers for its own kind of artefact
#: (kind -> (template, the extra context it needs from the artefact)): the
#: privacy office's quarterly report (tiaki.privacy.report.register).
_LAYOUTS: dict[str, tuple[str, Callable[[Artefact], dict[str, Any]]]] = {}


def register_layout(kind: str, template: str, context: Callable[[Artefact], dict[str, Any]]) -> None:
    _LAYOUTS[kind] = (template, context)


def _template(artefact: Artefact) -> str:
    """The layout for its kind: a subject-access pack is a booklet; a
    registered kind its own; the rest are records."""
    if artefact.kind in _LAYOUTS:
        return _LAYOUTS[artefact.kind][0]
    return (
        "disclosure/subject_access/pack_pdf.html"
        if artefact.kind == "subject_access"
        else "disclosure/records_pdf.html"
    )


def html(artefact: Artefact, disclosure: Disclosure, *, address_lines: str = "") -> str:
    """The artefact as the HTML WeasyPrint lays out (exposed for tests and previews)."""
    mark = watermark(disclosure)
    is_pack = artefact.kind == "subject_access"
    return render_to_string(
        _template(artefact),
        {
            "agency": AGENCY,
            "artefact": artefact,
            "is_letter": artefact.kind == "letter",
            "address_lines": [line.strip() for line in address_lines.splitlines() if line.strip()],
            "recipient_label": disclosure.recipient_label,
            "date": day(disclosure.made_at),
            "sections": _pack_sections(artefact) if is_pack else _sections(artefact),
            "document_id": disclosure.document_id,
            # Into the stylesheet as CSS strings: margin boxes take their text from ``content``.
            "css_watermark": _css_string(mark),
            "css_agency": _css_string(AGENCY),
            "css_document_id": _css_string(disclosure.document_id),
            "css_classification": _css_string("IN-CONFIDENCE"),
            **(_LAYOUTS[artefact.kind][1](artefact) if artefact.kind in _LAYOUTS else {}),
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

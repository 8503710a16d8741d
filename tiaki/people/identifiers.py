"""Validating identifiers: NHI (old AAANNNC and new AAANNAX formats, with their
check characters, via python-nhi), NSN and MSD client numbers."""

from __future__ import annotations

import re

import nhi
from django.conf import settings

from tiaki.people.models import PersonIdentifier

Kind = PersonIdentifier.Kind

_SPACES = re.compile(r"[\s\-]+")
_NSN = re.compile(r"\d{9,10}")
_MSD = re.compile(r"\d{9}")
_NHI_SHAPE = re.compile(r"[A-Z]{3}\d{2}[A-Z0-9]\w")
_OTHER = re.compile(r"[^\x00-\x1f\x7f]{1,40}")


class IdentifierError(ValueError):
    """The identifier is not valid; the message says why, for the form."""


def normalise(raw: str) -> str:
    return _SPACES.sub("", raw).upper()


def validate(kind: str, raw: str) -> str:
    """The identifier in its stored form, or IdentifierError saying what is wrong."""
    value = normalise(raw)
    if not value:
        raise IdentifierError("Enter the number.")
    if kind == Kind.NHI:
        if len(value) != 7:
            raise IdentifierError("An NHI number is 3 letters then 4 characters, like ABC1235 or ABC12DE.")
        if value.startswith("Z") and not settings.ALLOW_TEST_NHI:
            raise IdentifierError("NHI numbers starting with Z are test numbers and cannot be used here.")
        if not nhi.is_nhi(value, allow_test_values=settings.ALLOW_TEST_NHI):
            raise IdentifierError("This is not a valid NHI number: check the letters and the last character.")
        return value
    if kind == Kind.NSN:
        if not _NSN.fullmatch(value):
            raise IdentifierError("A National Student Number is 9 or 10 digits.")
        return value
    if kind == Kind.MSD:
        if not _MSD.fullmatch(value):
            raise IdentifierError("An MSD client number is 9 digits.")
        return value
    if kind == Kind.OTHER:
        if not _OTHER.fullmatch(value):
            raise IdentifierError("Other identifiers are up to 40 characters.")
        return value
    raise IdentifierError("Choose the kind of identifier.")


def guess_kind(raw: str) -> str | None:
    """What a number typed into the one search box probably is."""
    value = normalise(raw)
    if len(value) == 7 and _NHI_SHAPE.fullmatch(value) and nhi.is_nhi(value, allow_test_values=True):
        return Kind.NHI
    if _MSD.fullmatch(value):
        return Kind.MSD
    if _NSN.fullmatch(value):
        return Kind.NSN
    return None

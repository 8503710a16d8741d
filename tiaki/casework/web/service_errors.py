"""A casework service's refusal (tiaki.casework.services.errors), shown on
the form that asked for the change: next to the field it names, or on the
row of goals or attempts it numbers, else at the top of the form."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.casework.services import CaseworkError, StaleVersion

# What a service calls an input (CaseworkError.field) -> the form field that shows it.
_FIELD_FOR = {"occurred_at": "occurred_on", "children": None, "version": None, "note": None, "task": None}


def show_error(form: forms.Form, exc: CaseworkError, fields: dict[str, str | None] | None = None) -> int:
    """Put the service's refusal next to the field it names (through
    ``fields`` for a form that names it otherwise); the status to answer with."""
    field = {**_FIELD_FOR, **(fields or {})}.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))
    return 409 if isinstance(exc, StaleVersion) else 400


def row_error(rows: list[Any], exc: CaseworkError, group: str) -> bool:
    """Put a service error naming ``<group>-N`` on row N; False if it names no row."""
    head, _, number = exc.field.partition("-")
    if head != group or not number.isdigit() or not 1 <= int(number) <= len(rows):
        return False
    rows[int(number) - 1].error = str(exc)
    return True

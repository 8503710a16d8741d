"""Incident references: "PI-" and eight random letters and digits (the
disclosure pipeline's alphabet, no 0/O/1/I), so a reference says nothing
about how many incidents came before it. Every service that adds an
incident to the register takes its reference from here."""

from __future__ import annotations

import secrets

from tiaki.disclosure.services.pipeline import ID_ALPHABET


def new_incident_reference() -> str:
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"PI-{chars[:4]}-{chars[4:]}"

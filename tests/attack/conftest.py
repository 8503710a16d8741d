"""The attack suite plays a curious colleague, an abusive ex-partner with a
staff member's help, and a script, one file per leak class (docs/security.md
lists them). It reuses the access tests' cast: alice (allocated), bob (a
colleague with no relationship), charlie (another site), their supervisor,
the site manager and a privacy officer."""

from tests.attack.estate import estate, media  # noqa: F401 - pytest finds fixtures by name
from tiaki.access.tests.conftest import (  # noqa: F401 - pytest finds fixtures by name
    alice,
    bob,
    case,
    charlie,
    child,
    inducted,
    other_site,
    privacy_officer,
    site,
    site_manager,
    supervisor,
)

"""The care tests' cast, shared with the access tests (healthchecks'
alice/bob/charlie): alice allocated to the child's open case, bob a
colleague at her site with no relationship to the child, charlie a social
worker at another site; alice's supervisor and the site manager above them."""

from __future__ import annotations

from tiaki.access.tests.conftest import (  # noqa: F401
    alice,
    bob,
    case,
    charlie,
    child,
    other_site,
    privacy_officer,
    site,
    site_manager,
    supervisor,
)
from tiaki.care.tests.about_fixtures import in_care, trainee  # noqa: F401
from tiaki.care.tests.caregiver_fixtures import caregiver, household  # noqa: F401

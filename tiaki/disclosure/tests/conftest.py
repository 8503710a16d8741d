"""Fixtures for the disclosure domain: the access tests' cast
(alice/bob/charlie...), the shared whānau (world.py), and each part's own
in conftest_<part>.py, imported here."""

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
from tiaki.disclosure.tests.conftest_guard import *  # noqa: F403
from tiaki.disclosure.tests.conftest_letters import *  # noqa: F403
from tiaki.disclosure.tests.conftest_partners import *  # noqa: F403
from tiaki.disclosure.tests.conftest_pipeline import *  # noqa: F403
from tiaki.disclosure.tests.conftest_sharing import *  # noqa: F403
from tiaki.disclosure.tests.conftest_subject_access import *  # noqa: F403
from tiaki.disclosure.tests.conftest_subject_access_review import *  # noqa: F403
from tiaki.disclosure.tests.world import father, household, household_member, mother, whanau  # noqa: F401

# The access tests' cast (alice, bob, charlie, the child and her case) is
# shared with the people tests (test_selectors_whanau.py, and the page and API tests).
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

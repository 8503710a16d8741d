# The access tests' cast (alice, bob, charlie, the child and her case), and
# the casework tests' adult, shared with the chronology tests.
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
from tiaki.casework.tests.conftest import adult  # noqa: F401

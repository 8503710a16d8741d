# The access tests' cast (alice, bob, charlie, the child and her case) is
# shared with these page tests.
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

# The partner register's organisation, its shares and worker (the providers page and job).
from tiaki.disclosure.tests.partners_fixtures import partner_worker, trust, trust_shares  # noqa: F401

from tiaki.access.tests.conftest import alice, bob, case, child, site, site_manager, supervisor  # noqa: F401

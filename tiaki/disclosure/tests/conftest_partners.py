"""Fixtures of the disclosure partners part."""

from tiaki.disclosure.tests.partners_fixtures import partner_worker, trust, trust_shares  # noqa: F401

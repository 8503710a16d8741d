"""The person register's API under /api/v1/persons (tiaki.people.api.urls)."""

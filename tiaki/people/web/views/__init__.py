"""The person register's pages (tiaki.people.web.urls names each)."""

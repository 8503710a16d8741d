"""The person register's pages: search, add, change, the record, the whānau
map, duplicate review and emergency access (tiaki.people.web.urls)."""

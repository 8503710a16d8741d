# Staff accounts are managed through Tiaki's own pages and services (so that
# granting a role is audited); Django's admin site is not installed.

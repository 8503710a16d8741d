"""Subject access requests (tiaki.disclosure.models.subject_access)."""

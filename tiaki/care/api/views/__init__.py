"""Care: api/views."""

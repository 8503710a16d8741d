"""Care: web/views."""

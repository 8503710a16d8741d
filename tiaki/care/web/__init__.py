"""Care: web."""

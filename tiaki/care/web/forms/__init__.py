"""Care: web/forms."""

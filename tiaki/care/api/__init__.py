"""Care: api."""

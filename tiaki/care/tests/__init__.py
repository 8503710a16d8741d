"""Care: tests."""

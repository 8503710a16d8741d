"""Care: children in the agency's care (entering and leaving care, placements,
missing episodes, About me) and the caregivers they live with (docs/care.md)."""

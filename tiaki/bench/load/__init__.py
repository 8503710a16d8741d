"""``tiaki loadtest``: capacity under a real mix of staff (docs/benchmarks.md, docs/scaling.md)."""

"""Care's writes: each a @service on the write path (tiaki.access.paths)."""

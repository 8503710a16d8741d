"""Care's reads: each a @selector on the read path (tiaki.access.paths)."""

"""The privacy office's reads: each takes the acting user and returns only what they may see."""

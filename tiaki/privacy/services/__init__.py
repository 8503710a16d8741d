"""The privacy office's writes: each checks permission, saves and audits in one transaction."""

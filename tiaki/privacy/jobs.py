"""The privacy domain's scheduled jobs (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

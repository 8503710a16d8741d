from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tiaki.jobs"
    label = "jobs"
    verbose_name = "Scheduled jobs"

    def ready(self) -> None:
        # The kernel's own job (pruning its history); each domain declares
        # its jobs in its own jobs.py, imported from its own ready().
        from tiaki.jobs import jobs, observed  # noqa: F401

        observed.register()

from django.apps import AppConfig

from tiaki.web.converters import register_converters


class WebConfig(AppConfig):
    name = "tiaki.web"
    label = "tiaki_web"

    def ready(self) -> None:
        # Before any URLconf is loaded: every route names its ids <id:...>.
        register_converters()

        # The kernel's health checks and gauges (tiaki.web.health,
        # tiaki.web.metrics); domains add theirs from their own ready().
        from tiaki.audit import rate
        from tiaki.web import health, metrics

        health.register_kernel_checks()
        metrics.register_gauge("tiaki_audit_events_total", "Audit events appended, ever", rate.events_total)
        metrics.register_gauge(
            "tiaki_audit_events_last_5_minutes", "Audit events appended in the last five minutes", rate.events_recent
        )

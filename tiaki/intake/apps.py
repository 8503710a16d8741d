from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tiaki.intake"
    label = "intake"
    verbose_name = "Intake: reports of concern"

    def ready(self) -> None:
        # The relationships that give reach to this domain's records
        # (tiaki.access.reach; docs/access.md "How a new domain adds reach").
        from tiaki.intake import reach

        reach.register()

        # The person page shows a person's open reports, but people may not
        # import intake: intake tells it (tiaki.people.record_facts).
        from tiaki.intake.selectors.person_work import intake_facts
        from tiaki.people import record_facts

        record_facts.provide("intake", intake_facts)

        # Its scheduled job (tiaki.jobs.registry), declared where its work lives.
        from tiaki.intake import jobs  # noqa: F401

        # The queue's depth by stage, counted when the metrics are scraped.
        from tiaki.intake.selectors.metrics import queue_depths
        from tiaki.web.metrics import register_gauge

        register_gauge(
            "tiaki_intake_queue_depth",
            "Reports waiting: for a decision (received), its approval, or allocation (decided)",
            queue_depths,
            label="stage",
        )

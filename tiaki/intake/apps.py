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

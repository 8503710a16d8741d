from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tiaki.intake"
    label = "intake"
    verbose_name = "Intake: reports of concern"

    def ready(self) -> None:
        from tiaki.intake import reach

        reach.register()

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tiaki.intake"
    label = "intake"
    verbose_name = "Intake: reports of concern"

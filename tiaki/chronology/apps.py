from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "tiaki.chronology"
    label = "chronology"
    verbose_name = "Chronology"

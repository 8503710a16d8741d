from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "tiaki.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        # The person page shows a person's latest significant entries, but
        # people may not import the chronology: it tells it
        # (tiaki.people.record_facts).
        from tiaki.chronology.selectors import chronology_facts
        from tiaki.people import record_facts

        record_facts.provide("chronology", chronology_facts)

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tiaki.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # The relationships that give reach to this domain's records
        # (tiaki.access.reach; docs/access.md "How a new domain adds reach").
        from tiaki.casework import reach

        reach.register()
        # The case forms that keep drafts (tiaki.drafts.kinds).
        reach.register_drafts()

        # Intake shows case facts (a child's open cases, a worker's load) but
        # may not import casework: casework tells it (tiaki.intake.case_facts).
        from tiaki.casework.selectors.intake_facts import FACTS
        from tiaki.intake import case_facts

        case_facts.provide(FACTS)

        # The person page shows a person's open cases, plan and next visit,
        # but people may not import casework (tiaki.people.record_facts).
        from tiaki.casework.selectors.person_work import casework_facts
        from tiaki.people import record_facts

        record_facts.provide("casework", casework_facts)

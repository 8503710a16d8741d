from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "tiaki.care"
    label = "care"
    verbose_name = "Care"

    def ready(self) -> None:
        # The relationships that give reach to this domain's records
        # (tiaki.access.reach; docs/access.md "How a new domain adds reach").
        from tiaki.care import reach

        reach.register()
        # The care forms that keep drafts (tiaki.drafts.kinds).
        reach.register_drafts()

        # Statutory visits follow placements (due within 7 days of one
        # starting), but casework may not import care: care tells it
        # (tiaki.casework.placement_facts).
        from tiaki.care.selectors.history import placement_starts
        from tiaki.casework import placement_facts

        placement_facts.provide(placement_starts)

        # The person page says whether a child is in care and with whom, but
        # people may not import care (tiaki.people.record_facts).
        from tiaki.care.selectors.person_care import care_facts
        from tiaki.people import record_facts

        record_facts.provide("care", care_facts)
        # The long care forms keep drafts as the worker types (tiaki.drafts.kinds).
        reach.register_episode_drafts()

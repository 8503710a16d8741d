from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tiaki.people"
    label = "people"
    verbose_name = "People and whānau"

    def ready(self) -> None:
        # The relationships that give reach to this domain's records
        # (tiaki.access.reach; docs/access.md "How a new domain adds reach").
        from tiaki.people import reach

        reach.register()

        # Its scheduled job (tiaki.jobs.registry), declared where its work lives.
        from tiaki.people import jobs  # noqa: F401

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

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "tiaki.disclosure"
    label = "disclosure"
    verbose_name = "Disclosure"

    def ready(self) -> None:
        # Its scheduled job (tiaki.jobs.registry), declared where its work lives.
        from tiaki.disclosure import jobs  # noqa: F401

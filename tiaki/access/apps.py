from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tiaki.access"
    label = "access"
    verbose_name = "Access control"

    def ready(self) -> None:
        # The kernel's own relationship (break-glass); each domain registers
        # its relationships from its own ready() (tiaki/<domain>/reach.py).
        from tiaki.access import reach, scoping

        reach.register(scoping.BREAK_GLASS)

        # Its scheduled job (tiaki.jobs.registry), declared where its work lives.
        from tiaki.access import jobs  # noqa: F401

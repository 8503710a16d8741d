from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tiaki.privacy"
    label = "privacy"
    verbose_name = "Privacy: breaches, near misses and access monitoring"

    def ready(self) -> None:
        # Its scheduled jobs (tiaki.jobs.registry), declared where their work lives.
        from tiaki.privacy import jobs  # noqa: F401
        from tiaki.privacy.report import register

        # The quarterly report's PDF layout (tiaki.disclosure.pdf renders every released PDF).
        register()

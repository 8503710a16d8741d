from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "tiaki.inbox"
    label = "inbox"
    verbose_name = "Notifications in Tiaki"

    def ready(self) -> None:
        # Declares the inbox.email_send job (tiaki.jobs.registry).
        from tiaki.inbox import jobs, observed  # noqa: F401

        observed.register()

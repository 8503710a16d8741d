from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "tiaki.inbox"
    label = "inbox"
    verbose_name = "Notifications in Tiaki"

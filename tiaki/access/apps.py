from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tiaki.access"
    label = "access"
    verbose_name = "Access control"

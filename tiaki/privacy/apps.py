from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tiaki.privacy"
    label = "privacy"
    verbose_name = "Privacy: breaches, near misses and access monitoring"

from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "tiaki.drafts"
    label = "drafts"
    verbose_name = "What staff have typed but not yet saved"

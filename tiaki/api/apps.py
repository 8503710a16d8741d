from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tiaki.api"
    label = "tiaki_api"

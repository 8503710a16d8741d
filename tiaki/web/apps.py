from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tiaki.web"
    label = "tiaki_web"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tiaki.demo"
    label = "tiaki_demo"

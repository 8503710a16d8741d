from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "tiaki.home"
    label = "home"
    verbose_name = "Home page"

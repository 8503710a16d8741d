from django.apps import AppConfig

from tiaki.web.converters import register_converters


class WebConfig(AppConfig):
    name = "tiaki.web"
    label = "tiaki_web"

    def ready(self) -> None:
        # Before any URLconf is loaded: every route names its ids <id:...>.
        register_converters()

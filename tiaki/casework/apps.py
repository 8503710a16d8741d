from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tiaki.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from tiaki.casework import reach

        reach.register()

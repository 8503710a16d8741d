from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tiaki.people"
    label = "people"
    verbose_name = "People and whānau"

    def ready(self) -> None:
        from tiaki.people import reach

        reach.register()

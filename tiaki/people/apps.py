from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tiaki.people"
    label = "people"
    verbose_name = "People and whānau"

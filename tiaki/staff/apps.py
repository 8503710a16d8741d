from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "tiaki.staff"
    label = "staff"
    verbose_name = "Staff, sites and teams"

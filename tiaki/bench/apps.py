from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "tiaki.bench"
    label = "tiaki_bench"

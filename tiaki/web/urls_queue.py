"""Intake routes (included from tiaki.web.urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

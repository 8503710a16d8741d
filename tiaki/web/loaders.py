"""Templates live with the pages that render them: a domain's page templates
are in ``<domain>/web/templates/<domain>/``, beside its views (STYLE.md,
"Layout shows the architecture")."""

from __future__ import annotations

from pathlib import Path

from django.template.loaders.app_directories import Loader
from django.template.utils import get_app_template_dirs


class SliceLoader(Loader):
    def get_dirs(self) -> list[str | Path]:
        return list(get_app_template_dirs("web/templates"))

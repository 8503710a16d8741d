"""Production's static file storage: WhiteNoise's compressed, hashed files,
except that GOV.UK Frontend's stylesheet may name its images without them.

scripts/vendor.sh compiles GOV.UK Frontend without the crown and crest
(reserved for UK government services), but its stylesheet still names
them in ``url()``; collectstatic would refuse the whole stylesheet. Those
names (only under the vendored ``assets/``) are left as they are: no Tiaki
page uses the classes that show them. Any other missing file still fails.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped] # no type hints

OMITTED_ASSETS = "vendor/govuk-frontend/assets/"


class StaticStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name: str, content: Any = None, filename: str | None = None) -> str:
        if name.startswith(OMITTED_ASSETS) and not self.exists(name.split("?", 1)[0].split("#", 1)[0]):
            return name
        return str(super().hashed_name(name, content, filename))

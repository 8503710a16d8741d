"""The ``tiaki`` command: Django's management commands and the project's own.

Hyphenated names (``tiaki match-eval``) map to their command modules
(``match_eval``), so the documented spelling works.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiaki.config.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "tiaki"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()

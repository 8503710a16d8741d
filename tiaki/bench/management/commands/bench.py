"""``tiaki bench [--json]``: time the named operations on the seeded database.

Prints median and p95 for each, the raw-SQL time for the same rows where one
exists, and the ratio of the two medians (the figure that matters on a noisy
machine). Results and their commands are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import platform
from typing import Any

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from tiaki.bench.audit_ops import audit_append_concurrent, audit_verify_timed
from tiaki.bench.operations import BenchContext, build
from tiaki.bench.stats import measure, measure_interleaved
from tiaki.people.models import Person


class Command(BaseCommand):
    help = "Run the performance suite on the seeded database and print medians and p95."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("--repeat", type=int, default=200, help="timed runs per operation")
        parser.add_argument("--warmup", type=int, default=20, help="untimed runs first")
        parser.add_argument("--only", action="append", default=[], help="run only this operation (repeatable)")
        parser.add_argument("--seed", type=int, default=1, help="seed for choosing sample records")
        parser.add_argument(
            "--audit-seconds",
            type=float,
            default=10.0,
            help="how long 8 concurrent writers append audit events (0 skips this and the verify run)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        # The bench signs in with a session and no second factor; it measures
        # the pages, not sign-in, so the second-factor gate is set aside here.
        with override_settings(MFA_REQUIRED=False):
            try:
                ctx = BenchContext(seed=options["seed"], samples=max(50, options["repeat"]))
            except RuntimeError as exc:  # an empty register: say what to run first
                raise CommandError(str(exc)) from None
            operations = build(ctx)
            known = {op.name for op in operations}
            unknown = set(options["only"]) - known
            if unknown:
                raise CommandError(
                    f"Unknown operation(s): {', '.join(sorted(unknown))}. Known: {', '.join(sorted(known))}."
                )
            results: dict[str, dict[str, Any]] = {}
            for op in operations:
                if options["only"] and op.name not in options["only"]:
                    continue
                repeat = min(options["repeat"], op.repeat or options["repeat"])
                warmup = min(options["warmup"], op.repeat // 10) if op.repeat else options["warmup"]
                timing = measure(op.run, repeat, warmup)
                result: dict[str, Any] = {
                    "description": op.description,
                    "n": timing.n,
                    "median_ms": round(timing.median_ms, 3),
                    "p95_ms": round(timing.p95_ms, 3),
                }
                if op.raw is not None:
                    raw = measure(op.raw, options["repeat"], options["warmup"])
                    result |= {
                        "raw_median_ms": round(raw.median_ms, 3),
                        "raw_p95_ms": round(raw.p95_ms, 3),
                        "ratio_median": round(timing.median_ms / raw.median_ms, 2) if raw.median_ms else None,
                    }
                results[op.name] = result
        figures: dict[str, Any] = {}
        by_name = {op.name: op for op in operations}
        if "person_page" in results and "person_page_unaudited" in results:
            # Measured again, interleaved, so machine drift cannot favour either.
            audited, unaudited = measure_interleaved(
                by_name["person_page"].run, by_name["person_page_unaudited"].run, options["repeat"], options["warmup"]
            )
            figures["audit_overhead"] = {
                "audited_median_ms": round(audited.median_ms, 3),
                "unaudited_median_ms": round(unaudited.median_ms, 3),
                "audited_p95_ms": round(audited.p95_ms, 3),
                "unaudited_p95_ms": round(unaudited.p95_ms, 3),
                "median_pct": round((audited.median_ms / unaudited.median_ms - 1) * 100, 1),
            }
        if options["audit_seconds"] > 0 and not options["only"]:
            figures["audit_append_8_writers"] = audit_append_concurrent(writers=8, seconds=options["audit_seconds"])
            figures["audit_verify"] = audit_verify_timed()
        document = {
            "started_at": timezone.now().isoformat(timespec="seconds"),
            "database": connection.vendor,
            "persons": Person.objects.count(),
            "mode": settings.MODE,
            "python": platform.python_version(),
            "django": django.get_version(),
            "repeat": options["repeat"],
            "operations": results,
            "skipped": ctx.skipped,
            "figures": figures,
        }
        if options["json"]:
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{document['database']}, {document['persons']:,} persons, {options['repeat']} runs each")
        self.stdout.write(f"{'operation':<24}{'median ms':>11}{'p95 ms':>10}{'raw med':>10}{'raw p95':>10}{'ratio':>8}")
        for name, r in results.items():
            raw_med = f"{r['raw_median_ms']:.2f}" if "raw_median_ms" in r else "-"
            raw_p95 = f"{r['raw_p95_ms']:.2f}" if "raw_p95_ms" in r else "-"
            ratio = f"{r['ratio_median']:.2f}" if r.get("ratio_median") else "-"
            self.stdout.write(
                f"{name:<24}{r['median_ms']:>11.2f}{r['p95_ms']:>10.2f}{raw_med:>10}{raw_p95:>10}{ratio:>8}"
            )
        for name, value in figures.items():
            self.stdout.write(f"{name}: {json.dumps(value)}")
        for name, why in ctx.skipped.items():
            self.stdout.write(f"skipped {name}: {why}")

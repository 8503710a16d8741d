"""``tiaki match-eval``: how well search-before-create finds known people.

    tiaki match-eval --known dataset4a.csv --queries dataset4b.csv [--json]
    tiaki match-eval --synthetic [--size 2000] [--seed 1] [--write-csv DIR] [--json]

Needs an empty person register (see tiaki.people.matching.eval): it loads
the known records itself and rolls everything back at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.people.matching.eval import RegisterNotEmptyError, evaluate, read_febrl
from tiaki.people.matching.synthetic import synthetic_set, write_febrl


class Command(BaseCommand):
    help = "Precision, recall, F1 and latency of person matching on FEBRL-layout or synthetic NZ records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--known", type=Path, help="FEBRL CSV of known records (rec-N-org)")
        parser.add_argument("--queries", type=Path, help="FEBRL CSV of queries (rec-N-dup-K, or others)")
        parser.add_argument("--synthetic", action="store_true", help="generate a New Zealand set instead")
        parser.add_argument("--size", type=int, default=2000, help="synthetic: known persons (default 2000)")
        parser.add_argument("--seed", type=int, default=1, help="synthetic: random seed")
        parser.add_argument("--write-csv", type=Path, help="synthetic: also write known.csv and queries.csv here")
        parser.add_argument("--mistakes", type=int, default=0, help="print up to this many wrong answers")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["synthetic"]:
            known, queries = synthetic_set(size=options["size"], seed=options["seed"])
            if options["write_csv"]:
                write_febrl(options["write_csv"] / "known.csv", known)
                write_febrl(options["write_csv"] / "queries.csv", queries)
            source = f"synthetic size={options['size']} seed={options['seed']}"
        else:
            if not options["known"] or not options["queries"]:
                raise CommandError("Give --known and --queries, or --synthetic.")
            for path in (options["known"], options["queries"]):
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
            known, queries = read_febrl(options["known"]), read_febrl(options["queries"])
            source = f"{options['known'].name} / {options['queries'].name}"
        try:
            result = evaluate(known, queries, keep_mistakes=options["mistakes"])
        except RegisterNotEmptyError as exc:
            raise CommandError(str(exc)) from exc
        figures = {"source": source, **result.as_dict()}
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            self.stdout.write(
                f"{source}: {result.queries} queries; precision {result.precision:.4f}, recall {result.recall:.4f}, "
                f"F1 {result.f1:.4f}; p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms "
                f"(TP {result.true_positives}, FP {result.false_positives}, FN {result.false_negatives})"
            )
        for line in result.mistakes:
            self.stdout.write(f"  {line}")

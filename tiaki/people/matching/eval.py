"""``tiaki match-eval``: precision, recall and F1 of find_candidates against
records whose true identity is known, in the FEBRL CSV layout.

Known records are loaded into the register and every query goes through the
same ``find_candidates`` that search-before-create uses. So that this never
touches a real register, ``evaluate`` refuses unless the person register is
empty, and does all its work inside one transaction that it always rolls
back: nothing it writes is ever committed or seen by another connection.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from tiaki.demo.generator.records import Row
from tiaki.demo.generator.writer import BulkWriter, next_id
from tiaki.people.matching.keys import person_keys
from tiaki.people.matching.records import MatchQuery
from tiaki.people.models import Address, MatchKey, Person, PersonAddress, PersonIdentifier, PersonName
from tiaki.people.selectors.match_keys import find_candidates, register_is_empty
from tiaki.people.selectors.variants import load_variants

FEBRL_FIELDS = (
    "rec_id", "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
    "state", "date_of_birth", "soc_sec_id",
)  # fmt: skip
_ENTITY = re.compile(r"^rec-(\d+)-(org|dup-\d+)$")

FebrlRow = dict[str, str]


class RegisterNotEmptyError(Exception):
    """match-eval loads its own records and will not mix them with real ones."""


def read_febrl(path: Path) -> list[FebrlRow]:
    """Rows of a FEBRL CSV, every field stripped (the files pad with spaces)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        rows = []
        for raw in reader:
            if not raw or not any(cell.strip() for cell in raw):
                continue
            values = [cell.strip() for cell in raw] + [""] * len(header)
            rows.append(dict(zip(header, values, strict=False)))
    return rows


def entity_of(rec_id: str) -> tuple[str, bool] | None:
    """("1070", True) for rec-1070-org, ("1070", False) for rec-1070-dup-0."""
    match = _ENTITY.match(rec_id.strip())
    return (match.group(1), match.group(2) == "org") if match else None


def febrl_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def febrl_address(row: FebrlRow) -> str:
    parts = (row.get("street_number", ""), row.get("address_1", ""), row.get("address_2", ""), row.get("suburb", ""))
    return " ".join(p for p in (*parts, row.get("postcode", "")) if p)


def query_of(row: FebrlRow) -> MatchQuery:
    return MatchQuery(
        given_names=row.get("given_name", ""),
        family_name=row.get("surname", ""),
        birth_date=row.get("date_of_birth", ""),
        address=febrl_address(row),
        identifier=row.get("soc_sec_id", ""),
    )


@dataclass
class EvalResult:
    queries: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]

    def as_dict(self) -> dict[str, object]:
        return {
            "queries": self.queries,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "p50_ms": round(self.percentile(0.5), 2),
            "p95_ms": round(self.percentile(0.95), 2),
        }


def load_known(rows: Iterable[FebrlRow]) -> dict[int, str]:
    """Write known records as persons (with their MatchKey rows) through the
    demo generator's bulk writer; return person id -> entity."""
    writer = BulkWriter([Address, Person, PersonName, PersonAddress, PersonIdentifier, MatchKey])
    stamp = writer.timestamp(timezone.now())
    tables: tuple[type[Model], ...] = (Address, Person, PersonName, PersonAddress, PersonIdentifier, MatchKey)
    ids: dict[type[Model], int] = {m: next_id(m) for m in tables}
    out: dict[type[Model], list[Row]] = {m: [] for m in tables}
    entities: dict[int, str] = {}
    seen_identifiers: set[str] = set()

    def take(model: type[Model]) -> int:
        value = ids[model]
        ids[model] = value + 1
        return value

    for row in rows:
        who = entity_of(row.get("rec_id", ""))
        if who is None:
            continue
        pid = take(Person)
        entities[pid] = who[0]
        dob = febrl_date(row.get("date_of_birth", ""))
        out[Person].append((pid, dob, "exact" if dob else "unknown", "unknown", None, False, stamp, stamp, 1))
        given, family = row.get("given_name", ""), row.get("surname", "")
        if given or family:
            out[PersonName].append((take(PersonName), pid, "legal", given, family, True, None, None))
        aid = take(Address)
        street = f"{row.get('street_number', '')} {row.get('address_1', '')}".strip()
        postcode = row.get("postcode", "")[:4]
        out[Address].append((aid, street, row.get("address_2", ""), row.get("suburb", ""), postcode))
        out[PersonAddress].append((take(PersonAddress), pid, aid, False, None, None))
        ident = row.get("soc_sec_id", "").replace(" ", "")
        identifiers = []
        if ident and ident not in seen_identifiers:
            seen_identifiers.add(ident)
            identifiers.append(ident)
            out[PersonIdentifier].append((take(PersonIdentifier), pid, "other", ident))
        for key in person_keys(
            names=[(given, family)] if given or family else [],
            date_of_birth=dob,
            year_only=False,
            identifiers=identifiers,
            postcodes=[postcode],
        ):
            out[MatchKey].append((take(MatchKey), pid, key))
    writer.write(Address, ("id", "street", "suburb", "city", "postcode"), out[Address])
    writer.write(
        Person,
        (
            "id", "date_of_birth", "birth_date_precision", "gender", "deceased_on", "sealed",
            "created_at", "updated_at", "version",
        ),
        out[Person],
    )  # fmt: skip
    names = ("id", "person", "kind", "given_names", "family_name", "is_primary", "valid_from", "valid_to")
    writer.write(PersonName, names, out[PersonName])
    person_address = ("id", "person", "address", "protected", "valid_from", "valid_to")
    writer.write(PersonAddress, person_address, out[PersonAddress])
    writer.write(PersonIdentifier, ("id", "person", "kind", "value"), out[PersonIdentifier])
    writer.write(MatchKey, ("id", "person", "key"), out[MatchKey])
    writer.finish()
    return entities


def evaluate(known: list[FebrlRow], queries: list[FebrlRow], *, keep_mistakes: int = 0) -> EvalResult:
    """Load ``known``, run every query not itself a known record, and score
    the top candidate (if a match) against the truth. Rolled back at the end."""
    if not register_is_empty():
        raise RegisterNotEmptyError(
            "The person register is not empty. match-eval loads its own records: point DATABASE_URL at an "
            "empty database (e.g. sqlite:////tmp/match-eval.sqlite3 after `tiaki migrate`)."
        )
    originals = [row for row in known if (entity_of(row.get("rec_id", "")) or ("", False))[1]]
    known_ids = {row.get("rec_id", "") for row in originals}
    result = EvalResult()
    with transaction.atomic():
        load_variants()  # load_known computes the keys with the staff's variants too
        entities = load_known(originals)
        present = set(entities.values())
        for row in queries:
            who = entity_of(row.get("rec_id", ""))
            if who is None or row.get("rec_id") in known_ids:
                continue
            truth = who[0] if who[0] in present else None
            started = time.perf_counter()
            top = find_candidates(query_of(row), limit=1)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            found = entities.get(top[0].person_id) if top and top[0].is_match else None
            result.queries += 1
            if found is not None and found == truth:
                result.true_positives += 1
                continue
            if found is not None:
                result.false_positives += 1
            if truth is not None:
                result.false_negatives += 1
            if len(result.mistakes) < keep_mistakes and (found is not None or truth is not None):
                best = f"{top[0].score:.3f} {'; '.join(top[0].reasons)}" if top else "no candidate"
                result.mistakes.append(f"{row['rec_id']} truth={truth} found={found} top={best}")
        transaction.set_rollback(True)
    return result

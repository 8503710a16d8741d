"""The synthetic agency generator behind ``tiaki seed``.

``seed_agency`` makes sites, teams and staff, then whānau households until
exactly ``persons`` persons exist, writing them in chunks so memory stays
bounded at any size. The same seed gives the same rows (and ids, when the
tables start empty): every random choice comes from ``random.Random``
instances seeded from ``seed``, never the global generator.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from random import Random

from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from tiaki.casework.models import CaseEmail, Document, Task
from tiaki.demo.generator.agency import STAFF_PREFIX, seed_staff
from tiaki.demo.generator.care import CARE_DELETE_ORDER, seed_care
from tiaki.demo.generator.casework_rows import CASEWORK_TABLES
from tiaki.demo.generator.identity import add_identity_rows
from tiaki.demo.generator.partners import DISCLOSURE_DELETE_ORDER, delete_seeded_partners, seed_partners
from tiaki.demo.generator.places import CONTACT_CENTRE, PLACES
from tiaki.demo.generator.pools import build_pools
from tiaki.demo.generator.records import (
    ADDRESS_FIELDS,
    IDENTIFIER_FIELDS,
    MATCH_KEY_FIELDS,
    NAME_FIELDS,
    PERSON_ADDRESS_FIELDS,
    PERSON_FIELDS,
    RELATIONSHIP_FIELDS,
    NextIds,
    Rows,
)
from tiaki.demo.generator.reports import DEFAULT_YEARS, REPORT_TABLES, reports_for, seed_reports
from tiaki.demo.generator.whanau import WhanauMaker
from tiaki.demo.generator.writer import BulkWriter, next_id
from tiaki.people.models import (
    Address,
    MatchKey,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from tiaki.privacy.models import (
    AccessAlert,
    IncidentAction,
    IncidentAuditLink,
    IncidentNotice,
    IncidentPerson,
    PrivacyIncident,
    WatchedRecord,
)
from tiaki.staff.models import Site, Team, User

__all__ = ["SeedSummary", "delete_seeded_rows", "seed_agency", "seeded_rows_exist"]

#: Persons generated before a chunk is written; about 100 MB of tuples.
CHUNK_PERSONS = 100_000

# Written in foreign-key order.
_PEOPLE_TABLES = (Address, Person, PersonName, PersonAddress, Relationship, PersonIdentifier, MatchKey)


@dataclass(frozen=True)
class SeedSummary:
    sites: int
    teams: int
    staff: int
    persons: int
    names: int
    addresses: int
    person_addresses: int
    relationships: int
    identifiers: int
    match_keys: int
    seconds: float
    reports: int = 0
    cases: int = 0
    notes: int = 0
    chronology: int = 0
    in_care: int = 0
    care_episodes: int = 0
    placements: int = 0
    households: int = 0
    partners: int = 0

    def __str__(self) -> str:
        casework = (
            f", {self.cases:,} cases, {self.notes:,} case notes and {self.chronology:,} chronology entries"
            if self.chronology
            else ""
        )
        care = (
            f", {self.in_care:,} children in care now ({self.care_episodes:,} care episodes, "
            f"{self.placements:,} placements) and {self.households:,} caregiver households"
            if self.care_episodes
            else ""
        )
        return (
            f"Seeded {self.persons:,} persons ({self.names:,} names, {self.addresses:,} addresses, "
            f"{self.person_addresses:,} residences, {self.relationships:,} relationships, "
            f"{self.identifiers:,} identifiers, {self.match_keys:,} match keys) and "
            f"{self.staff:,} staff in {self.teams:,} teams at {self.sites:,} sites"
            f"{f' with {self.reports:,} reports of concern' if self.reports else ''}{casework}{care}"
            f"{f', {self.partners:,} partner organisations' if self.partners else ''} "
            f"in {self.seconds:.1f} s."
        )


def default_as_of() -> date:
    """Ages are counted back from 1 January of this year, so a seed gives the
    same birth dates all year rather than changing daily."""
    return date(timezone.now().year, 1, 1)


#: The privacy office's rows that point at persons, staff, disclosures and
#: letters, children first (the monitoring rules, passes and daily volumes
#: point at none of them, and follow the audit trail, which stays).
PRIVACY_DELETE_ORDER = (IncidentAuditLink, IncidentNotice, IncidentAction, IncidentPerson, AccessAlert,
                        PrivacyIncident, WatchedRecord)  # fmt: skip


def seeded_rows_exist() -> bool:
    return Person.objects.exists() or User.objects.filter(username__startswith=STAFF_PREFIX).exists()


def delete_seeded_rows() -> None:
    """Empty the person register and remove the generated staff, and the
    generated sites and teams nobody else uses. Demo sign-ins and any other
    accounts stay. Fails (and changes nothing) if other records point at
    the rows, rather than deleting those too."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw DELETEs: the ORM would fetch a million ids to emulate cascades
        # that these tables do not have (every foreign key here is PROTECT).
        # Generated reports point at persons and staff (tiaki.demo.generator.reports),
        # and casework at reports, persons and staff (tiaki.demo.generator.casework):
        # every case goes, with the demo and bench ones (tiaki.demo.work recreates those).
        # Care (tiaki.demo.generator.care) points at casework, persons and staff: it goes first.
        # What left the agency (tiaki.demo.generator.partners.DISCLOSURE_DELETE_ORDER) points at all of them: first.
        # The privacy register and access alerts point at persons, staff, disclosures and letters: before them.
        casework = (*PRIVACY_DELETE_ORDER, *DISCLOSURE_DELETE_ORDER, *CARE_DELETE_ORDER,
                    *reversed(CASEWORK_TABLES[1:]), Task, Document, CaseEmail, CASEWORK_TABLES[0])  # fmt: skip
        if connection.vendor == "postgresql":
            # One TRUNCATE for the casework tables (only they refer to each other):
            # a DELETE would queue a foreign-key check per case and report that
            # scans the chronology's unindexed case and report columns.
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in casework)
            # TRUNCATE refuses a table with foreign-key checks still queued in
            # this transaction (rows written by a seed in the same one): run them first.
            BulkWriter.settle(cursor)
            cursor.execute(f"TRUNCATE {tables}")
            casework = ()
        for model in (*casework, *reversed(REPORT_TABLES), *reversed(_PEOPLE_TABLES)):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's own table name, quoted
        # The seeded partner register: its confirmations were recorded by generated staff.
        delete_seeded_partners()
        staff = User.objects.filter(username__startswith=STAFF_PREFIX)
        staff.update(supervisor=None)
        staff.delete()
        names = [p.site for p in PLACES] + [CONTACT_CENTRE.site]
        try:
            with transaction.atomic():
                Team.objects.filter(site__name__in=names, members__isnull=True).delete()
                Site.objects.filter(name__in=names, staff__isnull=True, teams__isnull=True).delete()
        except ProtectedError:
            pass  # something else refers to them; seeding again reuses them by name


def seed_agency(
    *,
    persons: int,
    seed: int,
    out: Callable[[str], None] | None = None,
    as_of: date | None = None,
    chunk_persons: int = CHUNK_PERSONS,
    reports: int | None = 0,
    years: int = DEFAULT_YEARS,
    now: datetime | None = None,
    casework: bool = True,
) -> SeedSummary:
    """Generate a synthetic agency with exactly ``persons`` persons, in one
    transaction, into a register that has none yet; and ``reports`` reports of
    concern over ``years`` up to ``now`` (None: scaled to the population),
    with their chronology and casework unless ``casework`` is False."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    say = out or (lambda _line: None)
    started = time.perf_counter()
    stamp = timezone.now()
    pools = build_pools(seed)
    with transaction.atomic():
        agency = seed_staff(persons=persons, seed=seed, pools=pools, stamp=stamp)
        say(f"{agency.staff:,} staff in {agency.teams:,} teams at {agency.sites:,} sites")
        partners = seed_partners(seed=seed, persons=persons)
        say(f"{partners.organisations:,} partner organisations, {partners.confirmations:,} disposal confirmations")
        writer = BulkWriter(_PEOPLE_TABLES)
        ids = NextIds(
            person=next_id(Person),
            name=next_id(PersonName),
            address=next_id(Address),
            person_address=next_id(PersonAddress),
            relationship=next_id(Relationship),
            identifier=next_id(PersonIdentifier),
            match_key=next_id(MatchKey),
        )
        as_of = as_of or default_as_of()
        maker = WhanauMaker(rng=Random(seed), pools=pools, ids=ids, as_of=as_of, stamp=writer.timestamp(stamp))
        done = 0
        while done < persons:
            done += maker.household(persons - done)
            if len(maker.make.rows.persons) >= chunk_persons or done == persons:
                ids.identifier, ids.match_key = add_identity_rows(
                    maker.make.rows, next_identifier=ids.identifier, next_key=ids.match_key, as_of=as_of
                )
                _flush(writer, maker.make.rows)
                maker.make.rows = Rows()
                say(f"{done:,} persons ({time.perf_counter() - started:.1f} s)")
        writer.finish()
        report_count = 0
        work = None
        care = None
        if reports is None or reports > 0:
            summary = seed_reports(
                total=reports_for(persons) if reports is None else reports,
                seed=seed,
                pools=pools,
                end=now or stamp,
                years=years,
                out=say,
                casework=casework,
            )
            report_count = summary.reports
            work = summary.casework
            say(f"{summary.reports:,} reports of concern ({summary.seconds:.1f} s)")
            if work is not None:
                say(
                    f"{work.cases:,} cases, {work.notes:,} notes, {work.plans:,} plans, {work.fgcs:,} FGCs, "
                    f"{work.orders:,} orders, {work.chronology:,} chronology entries"
                )
                care = seed_care(seed=seed, persons=persons, end=now or stamp, years=years, out=say)
    written = writer.written
    return SeedSummary(
        sites=agency.sites,
        teams=agency.teams,
        staff=agency.staff,
        persons=written[Person],
        names=written[PersonName],
        addresses=written[Address],
        person_addresses=written[PersonAddress],
        relationships=written[Relationship],
        identifiers=written[PersonIdentifier],
        match_keys=written[MatchKey],
        seconds=time.perf_counter() - started,
        reports=report_count,
        cases=work.cases if work else 0,
        notes=work.notes if work else 0,
        chronology=(work.chronology if work else 0) + (care.chronology if care else 0),
        in_care=care.in_care_now if care else 0,
        care_episodes=care.episodes if care else 0,
        placements=care.placements if care else 0,
        households=care.households if care else 0,
        partners=partners.organisations,
    )


def _flush(writer: BulkWriter, rows: Rows) -> None:
    writer.write(Address, ADDRESS_FIELDS, rows.addresses)
    writer.write(Person, PERSON_FIELDS, rows.persons)
    writer.write(PersonName, NAME_FIELDS, rows.names)
    writer.write(PersonAddress, PERSON_ADDRESS_FIELDS, rows.person_addresses)
    writer.write(Relationship, RELATIONSHIP_FIELDS, rows.relationships)
    writer.write(PersonIdentifier, IDENTIFIER_FIELDS, rows.identifiers)
    writer.write(MatchKey, MATCH_KEY_FIELDS, rows.match_keys)

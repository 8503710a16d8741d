"""The quarterly privacy report to the chief executive: its figures.

For one quarter (tiaki.privacy.quarters, NZ dates): breaches and near misses
by type (PrivacyIncident.Category), cause, site and source, and the trend
over the last four quarters; the time taken to tell the Commissioner about
notifiable breaches (median hours, within 72 hours, late); access
monitoring's alerts by rule and their outcomes; induction and refresher
standing by site; partner organisations' disposal confirmations.

Counts only: no client's name, no record reference, no person id. An
incident is counted in the quarter the agency became aware of it
(``became_aware_at``); an alert in the quarter it was raised. Standings and
disposals are as at the quarter's last day (or today, for the quarter under
way). Every figure is a Table: the page shows each as an accessible table,
the PDF draws it as a bar chart beside the same table
(tiaki.privacy.report), the CSV has one row per figure and the API the same
numbers as JSON.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.db.models import Count
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation
from tiaki.disclosure.selectors.partners import holdings
from tiaki.privacy import reasons
from tiaki.privacy.models import AccessAlert, MonitoringRule, PrivacyIncident
from tiaki.privacy.models.incidents import COMMISSIONER_HOURS
from tiaki.privacy.quarters import Quarter, QuarterError, quarter_parse
from tiaki.privacy.selectors.refreshers import Standing, counts_by_site, staff_standings
from tiaki.staff.models import Site, User

_KINDS = [PrivacyIncident.Kind.BREACH, PrivacyIncident.Kind.NEAR_MISS]
_KIND_COLUMNS = ["Breaches", "Near misses"]


@dataclass(frozen=True)
class Table:
    """One figure of the report: a titled table of counts (rows by columns),
    drawn as a bar chart in the PDF when ``chart``."""

    key: str
    section: str
    title: str
    #: What the rows are ("Type"), then each value column ("Breaches", ...).
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[float | int]]]
    chart: bool = True
    note: str = ""

    @property
    def total(self) -> list[float | int]:
        return [sum(values[i] for _, values in self.rows) for i in range(len(self.columns))]

    @property
    def largest(self) -> float:
        return max((v for _, values in self.rows for v in values), default=0)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["rows"] = [{"label": label, "values": list(values)} for label, values in self.rows]
        return data


@dataclass
class QuarterlyReport:
    quarter: Quarter
    #: The day standings and disposals are counted at.
    as_at: dt.date
    tables: list[Table] = field(default_factory=list)
    #: Plain sentences for the report's first page ("3 breaches, 7 near misses").
    summary: list[str] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def sections(self) -> list[tuple[str, list[Table]]]:
        grouped: list[tuple[str, list[Table]]] = []
        for table in self.tables:
            if not grouped or grouped[-1][0] != table.section:
                grouped.append((table.section, []))
            grouped[-1][1].append(table)
        return grouped

    def figures(self) -> list[tuple[str, str, str, str, float | int]]:
        """One row per figure: (section, table, row, column, value): the CSV."""
        return [
            (t.section, t.title, label, column, value)
            for t in self.tables
            for label, values in t.rows
            for column, value in zip(t.columns, values, strict=True)
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "quarter": self.quarter.code,
            "first_day": self.quarter.first_day.isoformat(),
            "last_day": self.quarter.last_day.isoformat(),
            "as_at": self.as_at.isoformat(),
            "summary": self.summary,
            "tables": [t.as_json() for t in self.tables],
        }


def _by_kind(counted: Counter[tuple[str, str]], labels: list[tuple[str, str]]) -> list[tuple[str, list[float | int]]]:
    return [(label, [counted[(value, kind)] for kind in _KINDS]) for value, label in labels]


def _incident_tables(quarter: Quarter) -> list[Table]:
    incidents = list(
        PrivacyIncident.objects.filter(
            became_aware_at__gte=quarter.starts_at, became_aware_at__lt=quarter.ends_at
        ).values_list("kind", "category", "cause", "site_id", "source")
    )
    section = "Breaches and near misses"
    category = Counter((c or "", k) for k, c, _, _, _ in incidents)
    cause = Counter((c or "", k) for k, _, c, _, _ in incidents)
    site = Counter((str(s or ""), k) for k, _, _, s, _ in incidents)
    source = Counter((s, k) for k, _, _, _, s in incidents)
    site_names = dict(Site.objects.filter(pk__in={s for _, _, _, s, _ in incidents if s}).values_list("pk", "name"))
    site_labels = sorted(((str(pk), name) for pk, name in site_names.items()), key=lambda p: p[1])
    if any(s is None for _, _, _, s, _ in incidents):
        site_labels.append(("", "No site recorded"))
    trend_rows: list[tuple[str, list[float | int]]] = []
    for q in quarter.last_four():
        counted = dict(
            PrivacyIncident.objects.filter(became_aware_at__gte=q.starts_at, became_aware_at__lt=q.ends_at)
            .values("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        trend_rows.append((q.code, [counted.get(kind, 0) for kind in _KINDS]))
    return [
        Table("incidents-by-type", section, "Breaches and near misses by type", "Type", _KIND_COLUMNS,
              _by_kind(category, [*PrivacyIncident.Category.choices, ("", "Not assessed yet")])),
        Table("incidents-by-cause", section, "Breaches and near misses by cause", "Cause", _KIND_COLUMNS,
              _by_kind(cause, [*PrivacyIncident.Cause.choices, ("", "Not assessed yet")])),
        Table("incidents-by-site", section, "Breaches and near misses by site", "Site", _KIND_COLUMNS,
              _by_kind(site, site_labels), note="" if site_labels else "None this quarter."),
        Table("incidents-by-source", section, "How they reached the register", "Source", _KIND_COLUMNS,
              _by_kind(source, list(PrivacyIncident.Source.choices))),
        Table("incidents-trend", section, "The last four quarters", "Quarter", _KIND_COLUMNS, trend_rows),
    ]  # fmt: skip


def _commissioner_tables(quarter: Quarter, now: dt.datetime) -> list[Table]:
    # A notifiable incident always has its due time (the model's check constraint).
    notifiable: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = [
        (aware, due, told)
        for aware, due, told in PrivacyIncident.objects.filter(
            notifiable=True, became_aware_at__gte=quarter.starts_at, became_aware_at__lt=quarter.ends_at
        ).values_list("became_aware_at", "commissioner_due_at", "commissioner_notified_at")
        if due is not None
    ]
    told_at = [(aware, due, told) for aware, due, told in notifiable if told is not None]
    waiting = [due for _, due, told in notifiable if told is None]
    hours = [(told - aware).total_seconds() / 3600 for aware, _, told in told_at]
    within = sum(1 for _, due, told in told_at if told <= due)
    late = len(told_at) - within
    overdue = sum(1 for due in waiting if due <= now)
    running = len(waiting) - overdue
    median = round(statistics.median(hours), 1) if hours else 0
    section = "Telling the Commissioner"
    return [
        Table("commissioner-told", section, "Notifiable breaches and when the Commissioner was told", "Outcome",
              ["Breaches"], [
                  (f"Told within {COMMISSIONER_HOURS} hours", [within]),
                  (f"Told after {COMMISSIONER_HOURS} hours", [late]),
                  ("Not told yet, and overdue", [overdue]),
                  ("Not told yet, clock still running", [running]),
              ]),
        Table("commissioner-hours", section, "Time to tell the Commissioner", "Measure", ["Hours"],
              [("Median hours from becoming aware to telling the Commissioner", [median])], chart=False,
              note="" if hours else "No notifiable breach was told to the Commissioner this quarter."),
    ]  # fmt: skip


def _alert_table(quarter: Quarter) -> Table:
    counted = Counter(
        AccessAlert.objects.filter(raised_at__gte=quarter.starts_at, raised_at__lt=quarter.ends_at).values_list(
            "rule", "outcome"
        )
    )
    outcomes = list(AccessAlert.Outcome.choices)
    rows: list[tuple[str, list[float | int]]] = []
    for rule, label in MonitoringRule.Code.choices:
        raised = sum(n for (r, _), n in counted.items() if r == rule)
        rows.append((label, [raised, *(counted[(rule, o)] for o, _ in outcomes), counted[(rule, "")]]))
    return Table("alerts-by-rule", "Access monitoring", "Alerts raised by rule, and what triage found", "Rule",
                 ["Raised", *(str(label) for _, label in outcomes), "Waiting for triage"], rows)  # fmt: skip


def _refresher_table(as_at: dt.date) -> Table:
    sites = counts_by_site(staff_standings(as_at))
    return Table("refreshers-by-site", "Privacy induction and refreshers",
                 f"Staff induction and refresher standing on {as_at.day} {as_at:%B %Y}, by site", "Site",
                 [Standing.LABELS[s] for s in Standing.ORDER],
                 [(s.site, [s.counts[k] for k in Standing.ORDER]) for s in sites])  # fmt: skip


def _provider_table(quarter: Quarter, as_at: dt.date) -> Table:
    organisations = list(PartnerOrganisation.objects.filter(shares__isnull=False).distinct().order_by("pk"))
    moment = min(quarter.ends_at, timezone.now())
    held = holdings(organisations, now=moment)
    overdue = sum(1 for h in held.values() if h.disposal_overdue)
    confirmed = DisposalConfirmation.objects.filter(
        recorded_at__gte=quarter.starts_at, recorded_at__lt=quarter.ends_at
    ).aggregate(n=Count("pk"))
    return Table("provider-disposals", "Partner organisations",
                 f"Disposal confirmations (organisations given information, on {as_at.day} {as_at:%B %Y})",
                 "Measure", ["Number"], [
                     ("Organisations given information", [len(organisations)]),
                     ("Disposal up to date", [len(organisations) - overdue]),
                     ("Disposal confirmation overdue", [overdue]),
                     ("Confirmations recorded this quarter", [confirmed["n"]]),
                 ])  # fmt: skip


def report_figures(quarter: Quarter, *, now: dt.datetime | None = None) -> QuarterlyReport:
    """The figures, read for the selector and the bench (no audit here)."""
    now = now or timezone.now()
    as_at = min(quarter.last_day, timezone.localdate(now))
    report = QuarterlyReport(quarter, as_at)
    report.tables = [
        *_incident_tables(quarter),
        *_commissioner_tables(quarter, now),
        _alert_table(quarter),
        _refresher_table(as_at),
        _provider_table(quarter, as_at),
    ]
    breaches, near_misses = report.table("incidents-trend").rows[-1][1]
    told = report.table("commissioner-told")
    alerts = sum(values[0] for _, values in report.table("alerts-by-rule").rows)
    lapsed = report.table("refreshers-by-site").total[2]
    overdue = report.table("provider-disposals").rows[2][1][0]
    report.summary = [
        f"{_n(breaches, 'breach', 'breaches')} and {_n(near_misses, 'near miss', 'near misses')} were recorded.",
        f"{_n(sum(v[0] for _, v in told.rows), 'breach was', 'breaches were')} notifiable; "
        f"{told.rows[0][1][0]} told to the Commissioner within {COMMISSIONER_HOURS} hours.",
        f"Access monitoring raised {_n(alerts, 'alert', 'alerts')}.",
        _n(lapsed, "staff member's refresher has lapsed.", "staff members' refreshers have lapsed."),
        f"{_n(overdue, 'partner organisation has its', 'partner organisations have their')} disposal "
        "confirmation overdue.",
    ]
    return report


def _n(count: float, one: str, many: str) -> str:
    return f"{count:g} {one if count == 1 else many}"


def parsed_quarter(actor: User, text: str, *, today: dt.date | None = None) -> Quarter:
    """``text`` as a quarter; a bad one is refused (audited, QUARTER_INVALID) with its words."""
    try:
        return quarter_parse(text, today=today)
    except QuarterError:
        refusal_record(actor, reasons.QUARTER_INVALID, action=AuditAction.PRIVACY_REPORT_MAKE,
                       relationship="invalid:quarter")  # fmt: skip
        raise


@selector(AuditAction.PRIVACY_REPORT_MAKE, permission=Permission.PRIVACY_REPORT_MAKE)
def quarterly_report(*, actor: User, quarter: str, now: dt.datetime | None = None) -> QuarterlyReport:
    """Privacy officers: the figures for ``quarter`` ("2026-Q4"; counts
    only). A bad quarter is refused with its words (QuarterError). Audited
    as the report made, naming the quarter."""
    decision = scoping.list_decision(actor, Permission.PRIVACY_REPORT_MAKE)
    enforce(actor, decision, action=AuditAction.PRIVACY_REPORT_MAKE, subject_type="", subject_ids=[])
    now = now or timezone.now()
    chosen = parsed_quarter(actor, quarter, today=timezone.localdate(now))
    with reading(actor, decision=decision, relationship=f"report:{chosen.code}:view"):
        return report_figures(chosen, now=now)

"""The quarterly report as it leaves: an artefact for the disclosure
pipeline (kind PRIVACY_REPORT), laid out as a PDF with a bar chart beside
each table (charts.py, the template privacy/report/report_pdf.html,
registered with tiaki.disclosure.pdf at start-up), and a CSV with one row
per figure.

The artefact holds the figures as text (one item per table, a line per
row, values tab-separated), so the disclosure record keeps exactly what was
released and the guard scans it like any other artefact; the PDF layout
reads the tables back from it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from tiaki.disclosure.artefacts import Artefact, Item
from tiaki.privacy.report.charts import bar_chart
from tiaki.privacy.selectors.report import QuarterlyReport

KIND = "privacy_report"
TEMPLATE = "privacy/report/report_pdf.html"
CSV_COLUMNS = ["document_id", "quarter", "section", "table", "row", "column", "value"]


def title_of(report: QuarterlyReport) -> str:
    return f"Quarterly privacy report to the chief executive: {report.quarter.code} ({report.quarter.words})"


def artefact_for(report: QuarterlyReport) -> Artefact:
    """The report as the pipeline releases it: about nobody (counts only)."""
    items = [
        Item(key="summary", label="This quarter in brief", text="\n\n".join(report.summary), section="Summary"),
    ]
    for table in report.tables:
        lines = ["\t".join([table.row_heading, *table.columns])]
        lines += ["\t".join([label, *(f"{v:g}" for v in values)]) for label, values in table.rows]
        if table.note:
            lines.append(f"Note: {table.note}")
        key = f"{'chart' if table.chart else 'table'}:{table.key}"
        items.append(Item(key=key, label=table.title, text="\n".join(lines), section=table.section))
    return Artefact(kind=KIND, title=title_of(report), case_id=None, subject_ids=[], items=items)


@dataclass(frozen=True)
class LaidOut:
    """One table of the artefact as the PDF lays it out."""

    key: str
    section: str
    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    note: str
    chart: SafeString | None


def _laid_out(item: Item) -> LaidOut:
    kind, _, key = item.key.partition(":")
    lines = item.text.split("\n")
    note = ""
    if lines and lines[-1].startswith("Note: "):
        note = lines.pop().removeprefix("Note: ")
    heading, *columns = lines[0].split("\t")
    rows = [(cells[0], cells[1:]) for cells in (line.split("\t") for line in lines[1:])]
    chart = None
    if kind == "chart" and rows:
        chart = bar_chart(title=item.label, columns=columns, chart_id=f"chart-{key}",
                          rows=[(label, [float(v) for v in values]) for label, values in rows])  # fmt: skip
    return LaidOut(key, item.section, item.label, heading, columns, rows, note, chart)


def pdf_context(artefact: Artefact) -> dict[str, Any]:
    """What privacy/report/report_pdf.html needs, read back from the artefact."""
    summary = next((i for i in artefact.items if i.key == "summary"), None)
    sections: list[tuple[str, list[LaidOut]]] = []
    for item in artefact.items:
        if item.key == "summary":
            continue
        table = _laid_out(item)
        if not sections or sections[-1][0] != table.section:
            sections.append((table.section, []))
        sections[-1][1].append(table)
    return {
        "summary": [p for p in summary.text.split("\n\n") if p] if summary else [],
        "report_sections": sections,
    }


def chart_for(table: Any) -> SafeString | None:
    """The page's chart of a selectors.report.Table (None when it has none)."""
    if not table.chart or not table.rows:
        return None
    return bar_chart(title=table.title, columns=table.columns, rows=table.rows, chart_id=f"chart-{table.key}")


def csv_bytes(report: QuarterlyReport, *, document_id: str) -> bytes:
    """One row per figure, with the document id the release was recorded under."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for section, table, row, column, value in report.figures():
        writer.writerow([document_id, report.quarter.code, section, table, _cell(row), column, f"{value:g}"])
    return out.getvalue().encode("utf-8")


def _cell(text: str) -> str:
    """A label as a spreadsheet shows it, never as a formula (a site's name is typed by people)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def register() -> None:
    """Give the disclosure PDF renderer the report's layout (PrivacyConfig.ready)."""
    from tiaki.disclosure import pdf

    pdf.register_layout(KIND, TEMPLATE, pdf_context)

"""Bar charts drawn on the server as SVG, for the quarterly report's PDF
(WeasyPrint draws inline SVG) and its page. Each chart sits beside the
table of the same numbers, and every bar has its number written at its end
and a legend names each colour, so nothing is said by colour alone."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#6f3700", "#505a5f", "#912b88")

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 44
BAR_HEIGHT = 11
GAP = 9
LEGEND_HEIGHT = 22
#: Characters of a row's label that fit its column at the chart's font size.
LABEL_CHARS = 44


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    *, title: str, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[float]]], chart_id: str
) -> SafeString:
    """A horizontal grouped bar chart: one group per row, one bar per column."""
    largest = max((v for _, values in rows for v in values), default=0) or 1
    bars_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group = BAR_HEIGHT * len(columns) + GAP
    legend = LEGEND_HEIGHT if len(columns) > 1 else 0
    height = legend + group * max(len(rows), 1) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title" font-family="DejaVu Sans, Liberation Sans, sans-serif" '
        f'font-size="10">',
        f'<title id="{chart_id}-title">{escape(title)}: the numbers are in the table that follows</title>',
    ]
    x = 0
    if legend:
        for i, column in enumerate(columns):
            colour = COLOURS[i % len(COLOURS)]
            parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="13" fill="#0b0c0c">{escape(column)}</text>')
            x += 22 + 6 * len(column)
    for r, (label, values) in enumerate(rows):
        top = legend + r * group
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{top + group / 2 + 1:g}" text-anchor="end" fill="#0b0c0c">'
            f"{escape(_short(label))}</text>"
        )
        for c, value in enumerate(values):
            y = top + c * BAR_HEIGHT
            length = bars_width * value / largest
            colour = COLOURS[c % len(COLOURS)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 3}" font-size="9" fill="#0b0c0c">'
                f"{_number(value)}</text>"
            )
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{legend}" x2="{LABEL_WIDTH}" y2="{height - 2}" stroke="#0b0c0c"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text escaped above, numbers formatted

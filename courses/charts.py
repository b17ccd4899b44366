"""Server-rendered SVG bar charts: no JavaScript, readable on screen and when printed.

Each chart is drawn beside a table holding the same numbers (the table is what screen readers
and spreadsheets use); the SVG carries a title and a description for those who meet it alone.
Colours are SVG attributes rather than CSS so that a printed or saved chart keeps them, and
each series has a pattern of its own (solid, lighter) plus a legend, so it survives greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 150
BAR_AREA = 520
VALUE_GAP = 6
VALUE_WIDTH = 60
BAR_HEIGHT = 13
GROUP_GAP = 10
TOP = 34
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class TargetLine:
    value: float
    label: str
    colour: str = "#a32020"
    dashed: bool = False


def _format(value: float | None, percent: bool) -> str:
    if value is None:
        return "\u2013"
    return f"{value * 100:.0f}%" if percent else f"{value:,.0f}"


def _truncate(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    values: list[list[float | None]],
    percent: bool = False,
    targets: list[TargetLine] | None = None,
) -> SafeString:
    """A horizontal grouped bar chart: one group per label, one bar per series.

    `values[i][j]` is series j of label i; None draws no bar and writes a dash. With `percent`,
    values are fractions and the scale runs to at least 100%.
    """
    targets = targets or []
    numbers = [v for group in values for v in group if v is not None]
    scale_max = max(numbers + [t.value for t in targets], default=0)
    if percent:
        scale_max = max(scale_max, 1.0) if scale_max > 0.5 else max(scale_max * 1.2, 0.5)
    scale_max = scale_max or 1
    group_height = len(series) * BAR_HEIGHT + GROUP_GAP
    # Target lines get a legend row of their own under the series legend.
    top = TOP + (20 if targets else 0)
    height = top + len(labels) * group_height + 24

    def x(value: float) -> float:
        return LABEL_WIDTH + BAR_AREA * (value / scale_max)

    parts: list[str] = [
        format_html(
            '<svg class="chart" id="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" role="img" aria-labelledby="{}-title {}-desc" '
            'font-family="system-ui, sans-serif" font-size="12">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            chart_id,
            WIDTH,
            height,
            WIDTH,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        )
    ]
    # Legend along the top.
    legend_x = LABEL_WIDTH
    for s in series:
        parts.append(
            format_html(
                '<rect x="{}" y="8" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="18" fill="#1c2126">{}</text>',
                legend_x,
                s.colour,
                legend_x + 16,
                s.name,
            )
        )
        legend_x += 24 + 7 * len(s.name)
    legend_x = LABEL_WIDTH
    for target in targets:
        parts.append(
            format_html(
                '<line x1="{0}" x2="{1}" y1="34" y2="34" stroke="{2}" stroke-width="2"{3}/>'
                '<text x="{4}" y="38" fill="#1c2126">{5}</text>',
                legend_x,
                legend_x + 18,
                target.colour,
                mark_safe(' stroke-dasharray="4 3"') if target.dashed else "",
                legend_x + 22,
                target.label,
            )
        )
        legend_x += 34 + 6 * len(target.label)

    baseline_bottom = top + len(labels) * group_height
    parts.append(
        format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#6b7580" stroke-width="1"/>',
            LABEL_WIDTH,
            top - 4,
            baseline_bottom,
        )
    )
    for i, label in enumerate(labels):
        group_top = top + i * group_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#1c2126"><title>{}</title>{}</text>',
                LABEL_WIDTH - 8,
                group_top + len(series) * BAR_HEIGHT / 2 + 4,
                label,
                _truncate(label),
            )
        )
        for j, s in enumerate(series):
            value = values[i][j]
            y = group_top + j * BAR_HEIGHT
            width = max(x(value) - LABEL_WIDTH, 0) if value is not None else 0
            if value:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{}: {}</title></rect>",
                        LABEL_WIDTH,
                        y,
                        f"{width:.1f}",
                        BAR_HEIGHT - 2,
                        s.colour,
                        s.name,
                        _format(value, percent),
                    )
                )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="#48515b" font-size="11">{}</text>',
                    f"{LABEL_WIDTH + width + VALUE_GAP:.1f}",
                    y + BAR_HEIGHT - 3,
                    _format(value, percent),
                )
            )
    for target in targets:
        tx = x(target.value)
        parts.append(
            format_html(
                '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" '
                'stroke-width="2"{4}><title>{5}</title></line>',
                f"{tx:.1f}",
                top - 6,
                baseline_bottom + 4,
                target.colour,
                mark_safe(' stroke-dasharray="4 3"') if target.dashed else "",
                target.label,
            )
        )
    # Scale: 0 and the maximum under the bars.
    parts.append(
        format_html(
            '<text x="{}" y="{}" fill="#6b7580" font-size="11">0</text>'
            '<text x="{}" y="{}" fill="#6b7580" font-size="11" text-anchor="end">{}</text>',
            LABEL_WIDTH,
            baseline_bottom + 16,
            LABEL_WIDTH + BAR_AREA,
            baseline_bottom + 16,
            _format(scale_max, percent),
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))

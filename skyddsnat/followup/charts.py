"""Charts as inline SVG drawn on the server: no script, no CDN, readable without colour (lines
differ in dash pattern too), and each with a <title> and <desc> for screen readers. The same
numbers are always in a table next to the chart."""

import itertools
import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ["#1b5e9e", "#c0392b", "#2d6a2d", "#7a4f9a", "#b36b00"]
DASHES = ["", "8 4", "2 3", "12 3 2 3", "4 4"]
_ids = itertools.count(1)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _numeric(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def line_chart(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: Sequence[tuple[str, Sequence[object]]],
    unit: str = "",
    width: int = 480,
    height: int = 240,
) -> SafeString:
    """Lines over periods; a missing or suppressed value ("<5") leaves a gap in the line."""
    uid = next(_ids)
    left, right, top, bottom = 40, 108, 30, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _name, points in series for v in map(_numeric, points) if v is not None]
    top_value = _nice_max(max(values, default=0))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    for tick in range(5):
        tick_value = top_value * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick_value):.1f}" '
            f'y2="{y(tick_value):.1f}" stroke="#ddd"/><text x="{left - 6}" '
            f'y="{y(tick_value) + 4:.1f}" text-anchor="end" '
            f'font-size="12">{_number(tick_value)}</text>'
        )
    if unit:
        parts.append(f'<text x="4" y="14" font-size="12">{escape(unit)}</text>')
    step = max(1, math.ceil(len(labels) / 6))
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                f'font-size="12">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#333"/>'
    )
    for n, (name, points) in enumerate(series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        segments: list[list[str]] = [[]]
        for i, value in enumerate(points):
            v = _numeric(value)
            if v is None:
                segments.append([])
                continue
            segments[-1].append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>')
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'stroke-dasharray="{dash}" points="{" ".join(segment)}"/>'
                )
        ly = top + 14 + n * 20
        parts.append(
            f'<line x1="{width - right + 8}" x2="{width - right + 30}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
            f'<text x="{width - right + 34}" y="{ly + 4}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, object]],
    unit: str = "",
    width: int = 480,
    highlight: set[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per group; a suppressed value is written as "<5" with no bar."""
    uid = next(_ids)
    highlight = highlight or set()
    label_w, row_h, top = 140, 20, 8
    height = top + row_h * len(bars) + 28
    plot_w = width - label_w - 50
    top_value = _nice_max(max((v for _n, b in bars if (v := _numeric(b)) is not None), default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    for i, (name, value) in enumerate(bars):
        y = top + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(name)}</text>"
        )
        v = _numeric(value)
        if v is None:
            text = "<5" if value == "<5" else "–"
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 15}" font-size="12">{escape(text)}</text>'
            )
            continue
        bar = plot_w * v / top_value
        colour = COLOURS[1] if name in highlight else COLOURS[0]
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar:.1f}" height="{row_h - 6}" '
            f'fill="{colour}"/><text x="{label_w + bar + 4:.1f}" y="{y + 15}" '
            f'font-size="12">{_number(v)}</text>'
        )
    axis_y = top + row_h * len(bars) + 4
    parts.append(
        f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{axis_y}" y2="{axis_y}" stroke="#333"/>'
        f'<text x="{label_w}" y="{axis_y + 16}" font-size="12">0</text>'
        f'<text x="{label_w + plot_w}" y="{axis_y + 16}" text-anchor="end" font-size="12">'
        f"{_number(top_value)} {escape(unit)}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

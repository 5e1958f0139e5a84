"""Charts as inline SVG drawn on the server: no script, no CDN, and no inline style (the pages run
under a strict Content-Security-Policy): colours come from classes in followup.css. Readable
without colour: each line has its own dash pattern and marker (inner city ●, outer city ■, whole
city ▲), outer-city bars are hatched, and the legend says so. A gap is explained where it is:
"<5" under a suppressed point, a shaded band over the periods that are not final yet. Every text
taken from data is escaped. The same numbers are always in a table next to the chart."""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from skyddsnat.followup import formats

_ids = itertools.count(1)
MARKERS = ["circle", "square", "triangle"]
CHAR_WIDTH = 7  # px per character of the 12 px axis labels, generously


@dataclass
class Series:
    name: str
    points: Sequence[object]  # numbers, "<5" or None
    kind: str = "city"  # inner, outer or city: the marker, dash and colour class
    preliminary: Sequence[bool] = ()


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return formats.number(round(value, 1))


def _numeric(value: object) -> float | None:
    return float(value) if formats.is_number(value) else None  # type: ignore[arg-type]


def _open(uid: int, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="hatch-{uid}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-ground"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>',
    ]


def _marker(kind: str, x: float, y: float) -> str:
    shape = MARKERS[["inner", "outer", "city"].index(kind)] if kind in ("inner", "outer") else ""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="marker series-{kind}"/>'
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
            f'class="marker series-{kind}"/>'
        )
    return (
        f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y + 3:.1f} {x + 4:.1f},{y + 3:.1f}" '
        f'class="marker series-{kind}"/>'
    )


def label_step(labels: Sequence[str], plot_width: float) -> int:
    """Every how many labels the x axis can show without two of them overlapping."""
    if not labels:
        return 1
    widest = max(len(label) for label in labels) * CHAR_WIDTH + 10
    if len(labels) == 1:
        return 1
    spacing = plot_width / (len(labels) - 1)
    return max(1, math.ceil(widest / spacing))


def line_chart(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: Sequence[Series],
    unit: str = "",
    width: int = 520,
    height: int = 260,
) -> SafeString:
    """Lines over periods. A suppressed value ("<5") leaves a gap marked "<5" on the axis; the
    periods not final yet are left out of the lines and shaded, labelled "not final"."""
    uid = next(_ids)
    left, right, top, bottom = 44, 130, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in map(_numeric, s.points) if v is not None]
    top_value = _nice_max(max(values, default=0))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    parts = _open(uid, width, height, title, description)
    # The periods that are not final in any series: one shaded band from the first of them.
    preliminary = [
        i for i in range(len(labels)) if any(i < len(s.preliminary) and s.preliminary[i]
                                             for s in series)
    ]  # fmt: skip
    if preliminary:
        not_final = escape(_("not final"))
        first = preliminary[0]
        band_left = x(first) - (plot_w / (count - 1) / 2 if count > 1 else plot_w / 2)
        band_left = max(left, band_left)
        parts.append(
            f'<rect x="{band_left:.1f}" y="{top}" width="{left + plot_w - band_left:.1f}" '
            f'height="{plot_h}" class="not-final"/>'
            f'<text x="{left + plot_w - 4:.1f}" y="{top + 12}" text-anchor="end" '
            f'class="chart-note">{not_final}</text>'
        )
    for tick in range(5):
        tick_value = top_value * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick_value):.1f}" '
            f'y2="{y(tick_value):.1f}" class="grid"/><text x="{left - 6}" '
            f'y="{y(tick_value) + 4:.1f}" text-anchor="end">{_number(tick_value)}</text>'
        )
    if unit:
        parts.append(f'<text x="4" y="14">{escape(unit)}</text>')
    step = label_step(labels, plot_w)
    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'class="axis"/>'
    )
    suppressed_at: set[int] = set()
    for n, s in enumerate(series):
        segments: list[list[str]] = [[]]
        for i, value in enumerate(s.points):
            v = _numeric(value)
            if v is None or (i < len(s.preliminary) and s.preliminary[i]):
                if value == "<5":
                    suppressed_at.add(i)
                segments.append([])
                continue
            segments[-1].append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(_marker(s.kind, x(i), y(v)))
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" class="line series-{s.kind}"/>'
                )
        ly = top + 14 + n * 20
        parts.append(
            f'<line x1="{width - right + 8}" x2="{width - right + 34}" y1="{ly}" y2="{ly}" '
            f'class="line series-{s.kind}"/>{_marker(s.kind, width - right + 21, ly)}'
            f'<text x="{width - right + 38}" y="{ly + 4}">{escape(s.name)}</text>'
        )
    for i in sorted(suppressed_at):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h - 4}" text-anchor="middle" '
            f'class="chart-note">&lt;5</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


@dataclass
class Bar:
    name: str
    value: object  # a number, "<5" or None
    kind: str = "inner"  # inner, outer (hatched) or total (an area or the whole city)
    preliminary: bool = False


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    unit: str = "",
    width: int = 520,
) -> SafeString:
    """Horizontal bars, one per group: inner-city districts plain, outer-city districts hatched,
    the areas and the whole city dark with bold names. A suppressed value is written "<5" with no
    bar; a figure not final yet is followed by "*"."""
    uid = next(_ids)
    label_w, row_h, top = 150, 20, 8
    legend_h = 22
    height = top + row_h * len(bars) + 28 + legend_h
    plot_w = width - label_w - 70
    top_value = _nice_max(max((v for b in bars if (v := _numeric(b.value)) is not None), default=0))
    parts = _open(uid, width, height, title, description)
    for i, bar in enumerate(bars):
        y = top + i * row_h
        weight = ' class="total"' if bar.kind == "total" else ""
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"{weight}>'
            f"{escape(bar.name)}</text>"
        )
        v = _numeric(bar.value)
        if v is None:
            text = "<5" if bar.value == "<5" else "–"
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}">{escape(text)}</text>')
            continue
        length = plot_w * v / top_value
        fill = f' fill="url(#hatch-{uid})"' if bar.kind == "outer" else ""
        mark = "*" if bar.preliminary else ""
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 6}" '
            f'class="bar bar-{bar.kind}"{fill}/><text x="{label_w + length + 4:.1f}" '
            f'y="{y + 15}">{_number(v)}{mark}</text>'
        )
    axis_y = top + row_h * len(bars) + 4
    parts.append(
        f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{axis_y}" y2="{axis_y}" class="axis"/>'
        f'<text x="{label_w}" y="{axis_y + 16}">0</text>'
        f'<text x="{label_w + plot_w}" y="{axis_y + 16}" text-anchor="end">'
        f"{_number(top_value)} {escape(unit)}</text>"
    )
    ly = axis_y + 30
    inner, outer = escape(_("inner city")), escape(_("outer city (hatched)"))
    parts.append(
        f'<rect x="{label_w}" y="{ly - 10}" width="14" height="12" class="bar bar-inner"/>'
        f'<text x="{label_w + 18}" y="{ly}">{inner}</text>'
        f'<rect x="{label_w + 110}" y="{ly - 10}" width="14" height="12" class="bar bar-outer" '
        f'fill="url(#hatch-{uid})"/>'
        f'<text x="{label_w + 128}" y="{ly}">{outer}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

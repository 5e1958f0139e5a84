"""The server-drawn SVG charts: well-formed with every data value escaped, no inline style (the
Content-Security-Policy), axis labels that never overlap, inner and outer city told apart by more
than colour, and gaps that say why they are there."""

import xml.etree.ElementTree as ET

from skyddsnat.followup import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the charts' own output, not outside data


def _months(n: int) -> list[str]:
    return [f"{2016 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def _line(labels, **kwargs):
    series = kwargs.pop(
        "series",
        [
            charts.Series("Innerstaden", [10 + i % 7 for i in range(len(labels))], "inner"),
            charts.Series("Ytterstaden", [20 + i % 5 for i in range(len(labels))], "outer"),
            charts.Series("Hela staden", [15 for _ in labels], "city"),
        ],
    )
    return charts.line_chart(title="t", description="d", labels=labels, series=series, **kwargs)


def _x_labels(svg: str, labels: list[str]) -> list[tuple[float, str]]:
    root = parse(svg)
    return [
        (float(t.get("x")), t.text)
        for t in root.iter(f"{SVG}text")
        if t.text in labels and t.get("text-anchor") == "middle"
    ]


def test_every_data_value_is_escaped_and_the_svg_is_well_formed():
    evil = '<script>alert("x")</script> & "quoted"'
    svg = charts.line_chart(
        title=evil,
        description=evil,
        labels=[evil, "2025"],
        series=[charts.Series(evil, [1, 2], "inner")],
        unit=evil,
    )
    bars = charts.bar_chart(title=evil, description=evil, bars=[charts.Bar(evil, 3, "outer")])
    for drawn in (svg, bars):
        assert "<script>" not in drawn
        root = parse(drawn)  # raises on anything unescaped
        assert any(t.text == evil for t in root.iter(f"{SVG}text"))


def test_no_chart_has_an_inline_style():
    svg = _line(_months(24))
    bars = charts.bar_chart(
        title="t", description="d", bars=[charts.Bar("Järva", 3, "outer"), charts.Bar("X", 2)]
    )
    for drawn in (svg, bars):
        root = parse(drawn)
        assert all("style" not in element.attrib for element in root.iter())


def test_axis_labels_never_overlap_however_many_periods():
    for n in (2, 5, 12, 13, 36, 37, 120, 132):
        labels = _months(n)
        shown = _x_labels(_line(labels), labels)
        assert shown, n
        width = max(len(label) for label in labels) * charts.CHAR_WIDTH
        positions = sorted(x for x, _t in shown)
        assert all(b - a >= width for a, b in zip(positions, positions[1:], strict=False)), n


def test_inner_and_outer_city_differ_in_marker_and_dash_and_the_legend_says_which():
    root = parse(_line(_months(6)))
    circles = [e for e in root.iter(f"{SVG}circle") if "series-inner" in e.get("class", "")]
    squares = [e for e in root.iter(f"{SVG}rect") if "series-outer" in e.get("class", "")]
    assert len(circles) == 6 + 1 and len(squares) == 6 + 1  # the points and the legend
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "Innerstaden" in legend and "Ytterstaden" in legend
    bars = parse(
        charts.bar_chart(
            title="t", description="d", bars=[charts.Bar("Järva", 3, "outer"), charts.Bar("X", 2)]
        )
    )
    outer = [e for e in bars.iter(f"{SVG}rect") if "bar-outer" in e.get("class", "")]
    assert outer and all(e.get("fill", "").startswith("url(#hatch-") for e in outer)


def test_a_gap_says_whether_it_is_suppressed_or_not_final():
    labels = _months(4)
    series = [
        charts.Series("Innerstaden", [3, "<5", 4, 1], "inner", preliminary=[0, 0, 0, 1]),
    ]
    root = parse(_line(labels, series=series))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<5" in texts  # under the suppressed month
    assert "ej slutligt" in texts or "not final" in texts  # over the preliminary month
    # No line joins month 1 to month 3 across the gap, nor month 3 to the preliminary month 4.
    assert not [p for p in root.iter(f"{SVG}polyline") if "series-inner" in p.get("class", "")]
    circles = [e for e in root.iter(f"{SVG}circle") if "series-inner" in e.get("class", "")]
    assert len(circles) == 2 + 1  # months 1 and 3, and the legend
